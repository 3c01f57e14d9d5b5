# Shared by the bench scripts (sourced, not run): a throwaway PostgreSQL cluster, the Release build, the app started
# and waited for. Each script sets PGPORT, APP_PORT, DB and WORK before calling these, and calls bench_cleanup on exit.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP_DIR="$ROOT/src/OneStop.Web"
DLL="$APP_DIR/bin/Release/net10.0/OneStop.Web.dll"
LOADGEN_DLL="$ROOT/bench/OneStop.LoadGen/bin/Release/net10.0/OneStop.LoadGen.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
APP_PID=""
APP_ARGS=()  # extra configuration on the app's command line (keys that are not valid environment variable names)

pg_bin=""
for v in 17 16 15; do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
done
if [ -z "$pg_bin" ]; then
  echo "== installing PostgreSQL (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
  for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pg_bin="/usr/lib/postgresql/$v/bin"; break; fi
  done
fi
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql/{17,16,15}/bin"; exit 1; }

PGDIR=$(mktemp -d /tmp/onestop-bench-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$PGDIR" postgres
  chown postgres "$PGDIR"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi

# bench_pg_start [extra server options]: initdb and start on 127.0.0.1:$PGPORT with durable defaults (fsync on).
bench_pg_start() {
  echo "== PostgreSQL ($pg_bin) on 127.0.0.1:$PGPORT"
  "${AS_PG[@]}" "$pg_bin/initdb" -D "$PGDIR/data" -U onestop --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log"; exit 1; }
  "${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDIR -c max_connections=300 $*" start >/dev/null \
    || { cat "$PGDIR/server.log"; exit 1; }
  "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE $DB" || exit 1
}

bench_pg_ctl() { "${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" "$@"; }

psql_db() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U onestop -d "$DB" "$@"; }

bench_build() {
  echo "== build (Release)"
  dotnet build "$APP_DIR" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; echo "build failed"; exit 1; }
  dotnet build "$ROOT/bench/OneStop.LoadGen" -c Release -nologo -v q >"$WORK/build-loadgen.log" 2>&1 \
    || { tail -n 30 "$WORK/build-loadgen.log"; echo "load generator build failed"; exit 1; }
}

# bench_app_start: starts the app (settings from the environment) and waits for /health; prints the seconds it took.
bench_app_start() {
  (cd "$APP_DIR" && exec dotnet "$DLL" "${APP_ARGS[@]}") >>"$WORK/app.log" 2>&1 &
  APP_PID=$!
  local t0
  t0=$(date +%s.%N)
  until curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/health"; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then tail -n 40 "$WORK/app.log"; echo "the app exited"; APP_PID=""; exit 1; fi
    if (( $(date +%s) - ${t0%.*} > 180 )); then echo "no 200 from /health within 180 s"; exit 1; fi
    sleep 0.1
  done
  APP_STARTED_IN=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
}

bench_cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  bench_pg_ctl -m fast stop >/dev/null 2>&1
  rm -rf "$PGDIR"
}

# The demo commune where the seeded birth registrations were filed, and N-1 other communes of the model in force.
bench_agencies() {
  AGENCY=$(psql_db -At -c "SELECT \"AgencyId\" FROM \"Dossiers\" WHERE \"ProcedureCode\" = '1.001193' AND \"Code\" IS NOT NULL LIMIT 1")
  AGENCIES=$(psql_db -At -c "SELECT string_agg(\"Id\"::text, ',') FROM (SELECT a.\"Id\" FROM \"Agencies\" a, \"Agencies\" d
    WHERE d.\"Id\" = '$AGENCY' AND a.\"Level\" = d.\"Level\" AND a.\"Model\" IS NOT DISTINCT FROM d.\"Model\" ORDER BY a.\"Id\" = d.\"Id\" DESC, random() LIMIT $1) x")
}

# The birth registration form the load files (the demo citizen's child).
bench_form() {
  cat >"$WORK/form.json" <<'JSON'
{"requesterFullName":"Nguyễn Văn An","requesterPersonalId":"001090000001","relationshipToChild":"Cha","childFullName":"Nguyễn Minh Khang",
 "childSex":"Nam","childDateOfBirth":"2026-11-01","placeOfBirthType":"Cơ sở y tế","healthFacilityName":"Bệnh viện Phụ sản Hà Nội",
 "ethnicity":"Kinh","nationality":"Việt Nam","contactPhone":"0912345678"}
JSON
}
