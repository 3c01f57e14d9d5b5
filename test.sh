#!/usr/bin/env bash
# The one test command: unit, integration (SQLite and a real PostgreSQL) and browser (Chromium) tests.
# On a Debian machine it installs what is missing (PostgreSQL server, Chromium, poppler-utils), starts a throwaway
# PostgreSQL cluster on a free local port, runs every test project, stops the cluster and prints one summary line.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
OUT="$ROOT/artifacts/test"
rm -rf "$OUT"; mkdir -p "$OUT"

log() { printf '\n== %s\n' "$*"; }

need_apt=()
pg_bin=""
for v in 17 16 15; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
done
[ -n "$pg_bin" ] || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdfsig >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "Installing ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || { echo "apt-get install failed"; exit 1; }
  for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
  done
fi
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found"; exit 1; }

# Throwaway PostgreSQL cluster, owned by the postgres user when running as root (initdb refuses root).
PGDIR=$(mktemp -d /tmp/onestop-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$PGDIR" postgres
  chown postgres "$PGDIR"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi
stop_pg() { "${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap stop_pg EXIT
log "Starting PostgreSQL ($pg_bin) on 127.0.0.1:$PGPORT"
"${AS_PG[@]}" "$pg_bin/initdb" -D "$PGDIR/data" -U onestop --auth=trust -E UTF8 --locale=C.UTF-8 >"$OUT/initdb.log" 2>&1 \
  || { cat "$OUT/initdb.log"; exit 1; }
"${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$PGDIR/server.log"; exit 1; }
export ONESTOP_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=postgres;Pooling=true"
export ONESTOP_CHROMIUM="${ONESTOP_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "Building"
dotnet build OneStop.slnx -c Release -nologo -v q 2>&1 | tail -n 30
if [ "${PIPESTATUS[0]}" -ne 0 ]; then echo "FAIL: build"; echo "Summary: 0 passed, 1 failed"; exit 1; fi

status=0
for project in tests/OneStop.Domain.Tests tests/OneStop.Web.Tests tests/OneStop.Browser.Tests; do
  name=$(basename "$project")
  log "Testing $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$OUT" \
    --logger "console;verbosity=normal" 2>&1 | tee "$OUT/$name.log" | grep -E "^\s*(Failed|Passed!|Failed!|Total tests|  Failed |Error Message)|error" | head -n 80
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# One summary over all projects, from the TRX files.
read -r passed failed skipped < <(python3 - "$OUT" <<'PY'
import glob, re, sys
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters[^>]*', text)
    if not m: continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
[ "${passed:-0}" -gt 0 ] || status=1
echo
echo "Screenshots: $OUT/screenshots"
if [ "$status" -eq 0 ] && [ "${failed:-1}" -eq 0 ]; then
  echo "PASS: every test passed"
  echo "Summary: ${passed} passed, ${failed} failed, ${skipped} skipped"
  exit 0
fi
echo "FAIL: see the output above and $OUT"
echo "Summary: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit 1
