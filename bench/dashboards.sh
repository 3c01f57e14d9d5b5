#!/usr/bin/env bash
# Dashboards at scale (issue 13): generates DOSSIERS dossiers over 10 years on its own PostgreSQL (generate-history, COPY),
# starts the app and times, one request at a time, the city dashboard, a district drill-down, the service index of a month
# and report II.06a of a year. Prints p50/p95 per scenario; the last line is
#   dashboards at N dossiers: p95 X ms   (the largest p95).
# Usage: bench/dashboards.sh [DOSSIERS=10000000] [REQUESTS=40]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DOSSIERS=${1:-10000000}
REQUESTS=${2:-40}
PGPORT=${DASHBOARDS_PGPORT:-55491}
APP_PORT=${DASHBOARDS_APP_PORT:-5091}
URL="http://127.0.0.1:$APP_PORT"
DB=onestop_dash
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
WORK=$(mktemp -d /tmp/onestop-dash.XXXXXX)
PGDIR=$(mktemp -d /tmp/onestop-dash-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; AS_PG=(runuser -u postgres --); else AS_PG=(); fi
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  "${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1
  cp "$WORK/app.log" /tmp/onestop-dashboards-app.log 2>/dev/null
  rm -rf "$WORK" "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
"${AS_PG[@]}" "$pg_bin/initdb" -D "$PGDIR/data" -U onestop --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; exit 1; }
"${AS_PG[@]}" "$pg_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDIR -c max_connections=100 -c shared_buffers=512MB -c work_mem=64MB -c fsync=off -c synchronous_commit=off" start >/dev/null \
  || { cat "$PGDIR/server.log"; exit 1; }
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE $DB" || exit 1

echo "== build (Release)"
dotnet build src/OneStop.Web -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; exit 1; }
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$URL"
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=50;Command Timeout=0"
export OneStop__RunBackgroundJobs=false OneStop__DataDirectory="$WORK/data"
APP_DIR="$ROOT/src/OneStop.Web"
DLL="$APP_DIR/bin/Release/net10.0/OneStop.Web.dll"

echo "== generate-history: $DOSSIERS dossiers over 10 years (COPY)"
t0=$(date +%s)
(cd "$APP_DIR" && dotnet "$DLL" generate-history --years 10 --dossiers "$DOSSIERS") 2>"$WORK/generate.err" | grep -E "dossiers|rows" || { tail -n 40 "$WORK/generate.err"; exit 1; }
echo "   $(( $(date +%s) - t0 )) s; database $("$pg_bin/psql" -X -qtA -h 127.0.0.1 -p "$PGPORT" -U onestop -d $DB -c "SELECT pg_size_pretty(pg_database_size('$DB'))"), counter rows $("$pg_bin/psql" -X -qtA -h 127.0.0.1 -p "$PGPORT" -U onestop -d $DB -c 'SELECT count(*) FROM "IndicatorDays"')"

(cd "$APP_DIR" && exec dotnet "$DLL") >"$WORK/app.log" 2>&1 &
APP_PID=$!
t0=$(date +%s)
until curl -sf -o /dev/null "$URL/health"; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then tail -n 40 "$WORK/app.log"; APP_PID=""; exit 1; fi
  if (( $(date +%s) - t0 > 180 )); then echo "no /health within 180 s"; exit 1; fi
  sleep 0.3
done

q() { "$pg_bin/psql" -X -qtA -h 127.0.0.1 -p "$PGPORT" -U onestop -d $DB -c "$1"; }
CITY=$(q 'SELECT "Code" FROM "Agencies" WHERE "ParentId" IS NULL LIMIT 1')
DISTRICT=$(q 'SELECT a."Code" FROM "Agencies" a WHERE a."Id" = (SELECT c."ParentId" FROM "Agencies" c JOIN "IndicatorDays" d ON d."AgencyId" = c."Id" GROUP BY c."ParentId" ORDER BY count(*) DESC LIMIT 1)')
MONTH=$(date -u -d '1 month ago' +%Y-%m)
YEAR=$(( $(date -u +%Y) - 1 ))

worst=0
time_it() { # name url
  local name=$1 url=$2 times=()
  for i in $(seq 1 5); do curl -s -o /dev/null "$url"; done  # warm-up
  for i in $(seq 1 "$REQUESTS"); do
    local code t
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url")
    [ "$code" = 200 ] || { echo "$name: HTTP $code for $url"; exit 1; }
    times+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local p50 p95
  p50=$(echo "$sorted" | awk -v n="$REQUESTS" 'NR == int((n + 1) * 0.5) { print; exit }')
  p95=$(echo "$sorted" | awk -v n="$REQUESTS" 'BEGIN { k = int(n * 0.95 + 0.999) } NR == k { print; exit }')
  printf '   %-32s p50 %7s ms   p95 %7s ms\n' "$name" "$p50" "$p95"
  worst=$(awk -v a="$worst" -v b="$p95" 'BEGIN { print (b > a) ? b : a }')
}

echo "== timings, $REQUESTS requests each, one at a time (load average $(cut -d' ' -f1-3 /proc/loadavg))"
time_it "city dashboard ($MONTH)" "$URL/danh-gia-chat-luong?ky=$MONTH"
time_it "district drill-down ($MONTH)" "$URL/danh-gia-chat-luong?coQuan=$DISTRICT&ky=$MONTH"
time_it "service index ($MONTH)" "$URL/api/v1/service-index?agency=$CITY&period=$MONTH"
time_it "report 06a ($YEAR)" "$URL/api/v1/reports/06a?agency=$CITY&from=$YEAR-01-01&to=$YEAR-12-31"
echo "dashboards at $DOSSIERS dossiers: p95 $worst ms"
