#!/usr/bin/env bash
# The benchmark with its references measured in the same run, so that the ratios hold on a shared, noisy machine.
#
#   bench/run.sh [seconds=15] [connections=64]
#
# 1. starts PostgreSQL (17, 16 or 15 from /usr/lib/postgresql) on 127.0.0.1:55434 (socket in /tmp), owned by the
#    postgres user when run as root, default durable settings (fsync on) except max_connections;
# 2. runs the references on that cluster: pgbench TPC-B and select-only (8 clients, 2 threads, [seconds] each, scale 10);
# 3. builds the app and bench/OneStop.LoadGen in Release, migrates and seeds the database (Development: demo data and
#    demo accounts), copies the seeded demo dossiers into LOAD_DOSSIERS (default 100000) more rows with their own
#    code, phone number and tracking key (one INSERT ... SELECT generate_series), ANALYZE;
# 4. starts the app on 127.0.0.1:5055 with the per-address rate limits raised (one load generator is one address: at
#    the shipped 60 tracking look-ups a minute nearly every request would be a 429) and background jobs off;
# 5. runs each scenario for a warm-up (LOAD_WARMUP, default 3 s) and then [seconds] with [connections] in a closed
#    loop, and prints requests/s, p50/p95/p99 and the errors (non-2xx or failed requests): a static file (the ceiling
#    of Kestrel and the load generator on this machine), the tracking API (random seeded codes, half by phone number,
#    half by QR key), the catalogue search (accent-free Vietnamese queries) and, unless LOAD_SUBMIT=0, the whole API
#    filing of a birth registration by the demo citizen (draft, two PDF documents, submit; the submit request timed on
#    its own too), spread over 50 communes and then concentrated on one;
# 6. prints the table with the references and, as its last line, the ratios
#    `ratios: tracking/static=X search/static=X submit/tpcb=X filing/tpcb=X` (submissions spread over agencies);
# 7. stops the app and the cluster and removes the cluster directory, also on failure.
#
# The load generator runs on the same machine and takes CPU from the app and PostgreSQL: the figures are a floor for
# the app on those cores, not a measure of a dedicated server. Not yet as issue 16 asks: the app runs in Development
# (demo accounts), and the dossier page, staff inbox and staff action, the open-loop run and peak RSS are not measured.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER=${1:-15}
CONCURRENCY=${2:-64}
WARMUP=${LOAD_WARMUP:-3}
ROWS=${LOAD_DOSSIERS:-100000}
PGPORT=55434
APP_PORT=5055
URL="http://127.0.0.1:$APP_PORT"
DB=onestop_load
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_bin=""
for v in 17 16 15; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
done
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql/{17,16,15}/bin"; exit 1; }
if curl -s -o /dev/null "$URL/health"; then echo "something already answers on $URL"; exit 1; fi

WORK=$(mktemp -d /tmp/onestop-load.XXXXXX)
PGDIR=$(mktemp -d /tmp/onestop-load-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$PGDIR" postgres
  chown postgres "$PGDIR"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  "${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1
  cp "$WORK/app.log" /tmp/onestop-bench-app.log 2>/dev/null  # the app's log of the last run, for a look afterwards
  rm -rf "$WORK" "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
psql_db() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U onestop -d "$DB" "$@"; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC')"

echo "== PostgreSQL ($pg_bin) on 127.0.0.1:$PGPORT"
"${AS_PG[@]}" "$pg_bin/initdb" -D "$PGDIR/data" -U onestop --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; exit 1; }
"${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=300" start >/dev/null \
  || { cat "$PGDIR/server.log"; exit 1; }
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE $DB" || exit 1

echo "== references: pgbench on the same cluster (8 clients, 2 threads, ${SECONDS_PER} s each)"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE pgbench" || exit 1
"$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -i -s 10 -q pgbench >"$WORK/pgbench-init.log" 2>&1 || { tail "$WORK/pgbench-init.log"; exit 1; }
tps() { grep -oP 'tps = \K[0-9.]+(?= \(without)' | head -1; }
TPCB=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -c 8 -j 2 -T "$SECONDS_PER" -M prepared pgbench 2>/dev/null | tps)
SELECT_ONLY=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -S -c 8 -j 2 -T "$SECONDS_PER" -M prepared pgbench 2>/dev/null | tps)
echo "   pgbench TPC-B: ${TPCB:-?} tps; select-only: ${SELECT_ONLY:-?} tps"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "DROP DATABASE pgbench" || exit 1

echo "== build (Release)"
dotnet build src/OneStop.Web -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; echo "build failed"; exit 1; }
dotnet build bench/OneStop.LoadGen -c Release -nologo -v q >"$WORK/build-loadgen.log" 2>&1 || { tail -n 30 "$WORK/build-loadgen.log"; echo "load generator build failed"; exit 1; }

# The app's settings for the benchmark. Rate limits: see RateLimits.cs (fixed windows per client address).
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$URL"
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=200"
export OneStop__RateLimits__TrackingPerMinute=1000000000 OneStop__RateLimits__SignInPerMinute=1000000000 OneStop__RateLimits__RegisterPerHour=1000000000
export OneStop__RunBackgroundJobs=false
export OneStop__DataDirectory="$WORK/data"
echo "   rate limits raised for this run (one load generator = one client address): TrackingPerMinute, SignInPerMinute, RegisterPerHour = 1000000000; background jobs off"
APP_DIR="$ROOT/src/OneStop.Web"
DLL="$APP_DIR/bin/Release/net10.0/OneStop.Web.dll"

echo "== migrate and seed the demo data"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 40 "$WORK/migrate.log"; echo "migrate failed"; exit 1; }

echo "== $ROWS more dossiers (copies of the seeded demo dossiers with their own id, code, phone and tracking key)"
# The INSERT's column list comes from the catalogue (every column copied from the template row but the ones varied
# below), so that the statement follows the schema's migrations; \gexec runs the one generated statement.
psql_db <<SQL || exit 1
SELECT format(\$f\$
INSERT INTO "Dossiers" (%s)
SELECT %s
FROM generate_series(1, $ROWS) AS g(i)
JOIN (SELECT d.*, row_number() OVER (ORDER BY d."Code") - 1 AS rn
      FROM "Dossiers" d WHERE d."Code" IS NOT NULL AND d."ParentId" IS NULL) t
  ON t.rn = mod(g.i, (SELECT count(*) FROM "Dossiers" WHERE "Code" IS NOT NULL AND "ParentId" IS NULL))
\$f\$,
  string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
  string_agg(CASE column_name
    WHEN 'Id' THEN 'gen_random_uuid()'
    WHEN 'Version' THEN 'gen_random_uuid()'
    WHEN 'Code' THEN \$c\$regexp_replace(t."Code", '-[0-9]+\$', '') || '-L' || lpad(g.i::text, 7, '0')\$c\$
    WHEN 'ApplicantPhone' THEN \$c\$'09' || lpad(g.i::text, 8, '0')\$c\$
    WHEN 'TrackingKey' THEN \$c\$substr(md5('load' || g.i), 1, 32)\$c\$
    WHEN 'ApplicantId' THEN 'NULL' WHEN 'IdempotencyKey' THEN 'NULL' WHEN 'OpenTransferId' THEN 'NULL'
    ELSE 't.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position))
FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Dossiers'
\\gexec
ANALYZE;
SQL
psql_db -At -c 'SELECT count(*) FROM "Dossiers"' | sed 's/^/   dossiers in the table: /'
psql_db -At -F $'\t' -c "SELECT \"Code\", \"ApplicantPhone\", \"TrackingKey\" FROM \"Dossiers\" WHERE \"Code\" LIKE '%-L%' ORDER BY random() LIMIT 20000" >"$WORK/codes.tsv" || exit 1
AGENCY=$(psql_db -At -c "SELECT \"AgencyId\" FROM \"Dossiers\" WHERE \"ProcedureCode\" = '1.001193' AND \"Code\" IS NOT NULL LIMIT 1")
# 50 communes of the model in force beside the demo commune, for filings spread over agencies.
AGENCIES=$(psql_db -At -c "SELECT string_agg(\"Id\"::text, ',') FROM (SELECT a.\"Id\" FROM \"Agencies\" a, \"Agencies\" d
  WHERE d.\"Id\" = '$AGENCY' AND a.\"Level\" = d.\"Level\" AND a.\"Model\" IS NOT DISTINCT FROM d.\"Model\" ORDER BY a.\"Id\" = d.\"Id\" DESC, random() LIMIT 50) x")
PASSWORD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["OneStop"]["DemoPassword"])' "$APP_DIR/appsettings.Development.json")
cat >"$WORK/form.json" <<'JSON'
{"requesterFullName":"Nguyễn Văn An","requesterPersonalId":"001090000001","relationshipToChild":"Cha","childFullName":"Nguyễn Minh Khang",
 "childSex":"Nam","childDateOfBirth":"2026-11-01","placeOfBirthType":"Cơ sở y tế","healthFacilityName":"Bệnh viện Phụ sản Hà Nội",
 "ethnicity":"Kinh","nationality":"Việt Nam","contactPhone":"0912345678"}
JSON

echo "== app on $URL"
(cd "$APP_DIR" && exec dotnet "$DLL") >"$WORK/app.log" 2>&1 &
APP_PID=$!
t0=$(date +%s)
until curl -sf -o /dev/null "$URL/health"; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then tail -n 40 "$WORK/app.log"; echo "the app exited"; APP_PID=""; exit 1; fi
  if (( $(date +%s) - t0 > 180 )); then echo "no 200 from /health within 180 s"; exit 1; fi
  sleep 0.2
done

echo "== load (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
SUBMIT=()
if [ -n "$AGENCY" ] && [ "${LOAD_SUBMIT:-1}" = 1 ]; then
  SUBMIT=(--email congdan.a@onestop.test --password "$PASSWORD" --procedure 1.001193 --documents 1,4 --form "$WORK/form.json")
fi
LOADGEN=(dotnet bench/OneStop.LoadGen/bin/Release/net10.0/OneStop.LoadGen.dll --url "$URL" --seconds "$SECONDS_PER" --concurrency "$CONCURRENCY" --warmup "$WARMUP")
SPREAD=()
[ ${#SUBMIT[@]} -gt 0 ] && SPREAD=("${SUBMIT[@]}" --submit "$AGENCIES")
"${LOADGEN[@]}" --get /css/site.css --tracking "$WORK/codes.tsv" --search "${SPREAD[@]}" --tsv "$WORK/spread.tsv"
status=$?
if [ ${#SUBMIT[@]} -gt 0 ]; then
  "${LOADGEN[@]}" "${SUBMIT[@]}" --submit "$AGENCY" --tsv "$WORK/one.tsv" || status=1
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores shared by the app, PostgreSQL and the load generator"
if [ "$status" -ne 0 ]; then
  echo "errors or an empty scenario; the app's last log lines:"; grep -iE "fail|error|exception" "$WORK/app.log" | tail -n 20
fi
python3 - "$WORK" "${TPCB:-0}" "${SELECT_ONLY:-0}" <<'PY'
import sys, os
work, tpcb, sel = sys.argv[1], float(sys.argv[2] or 0), float(sys.argv[3] or 0)
rows = []
for name in ("spread.tsv", "one.tsv"):
    path = os.path.join(work, name)
    if os.path.exists(path):
        rows += [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]
get = lambda prefix: next((float(r[1]) for r in rows if r[0].startswith(prefix)), 0.0)
static, tracking, search = get("baseline"), get("tracking"), get("search")
filing, submit = get("filing, 50") or get("filing"), get("submit request, 50") or get("submit request")
filing_one, submit_one = get("filing, one"), get("submit request, one")
ratio = lambda a, b: f"{a / b:.3f}" if b else "?"
print()
print(f"{'scenario':<48} {'ops/s':>9} {'p99 ms':>8}   reference")
for r in rows:
    ref = ("static file" if r[0].startswith(("tracking", "search")) else "pgbench TPC-B" if r[0].startswith(("filing", "submit", "  submit")) else "")
    base = static if ref == "static file" else tpcb if ref else 0
    print(f"{r[0]:<48} {float(r[1]):>9.0f} {float(r[4]):>8.1f}   {(ref + ' x' + ratio(float(r[1]), base)) if ref else ''}")
print(f"{'pgbench TPC-B (8 clients)':<48} {tpcb:>9.0f}")
print(f"{'pgbench select-only (8 clients)':<48} {sel:>9.0f}")
if submit_one and submit:
    print(f"submit concentrated on one agency / spread: {ratio(submit_one, submit)}")
print(f"ratios: tracking/static={ratio(tracking, static)} search/static={ratio(search, static)} submit/tpcb={ratio(submit, tpcb)} filing/tpcb={ratio(filing, tpcb)}")
PY
exit "$status"
