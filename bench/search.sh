#!/usr/bin/env bash
# Catalogue search timing at the real catalogue (2,642 national + 29 curated procedures) and at a generated one of
# about 50,000 procedures, on PostgreSQL.
#
#   bench/search.sh [rounds=10]
#
# Needs a PostgreSQL server: SEARCH_BENCH_POSTGRES (an Npgsql connection string to a server where it may create a
# database; default the tests' ONESTOP_TEST_POSTGRES). Steps:
# 1. builds the app in Release, creates a fresh database and starts the app on it (Development: demo data, and the
#    national catalogue imported once on that first start, search index included);
# 2. runs each query of QUERIES [rounds] times after one warm-up round and prints p50/p95 of the time to the first
#    byte of the response as curl sees it on 127.0.0.1 (the server's time plus a loopback round trip: an upper bound
#    of the server time);
# 3. stops the app, generates the big catalogue in SQL (every published version copied 18 times with its own code,
#    id and search postings: 50,616 procedures with the real catalogue's words), ANALYZE, starts the app again and
#    measures the same queries;
# 4. stops the app and drops the database.
set -uo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-10}
SERVER=${SEARCH_BENCH_POSTGRES:-${ONESTOP_TEST_POSTGRES:-}}
[ -n "$SERVER" ] || { echo "set SEARCH_BENCH_POSTGRES (or ONESTOP_TEST_POSTGRES) to a PostgreSQL server"; exit 1; }
PORT=${SEARCH_BENCH_PORT:-5099}
URL="http://127.0.0.1:$PORT"
kv() { echo "$SERVER" | tr ';' '\n' | grep -i "^$1=" | head -1 | cut -d= -f2-; }
PGHOST=$(kv Host); PGPORT=$(kv Port); PGUSER=$(kv Username)
DB="onestop_searchbench_$$"
PSQL="psql -h ${PGHOST:-127.0.0.1} -p ${PGPORT:-5432} -U ${PGUSER:-postgres} -v ON_ERROR_STOP=1 -q"
QUERIES=("dang ky thuong tru" "dang kys tam tru" "cap lai giay phep lai xe" "GPLX" "so do" "thanh lap ho kinh doanh"
  "ho khau" "CCCD" "khai sinh" "thuog tru" "giay chung nhan quyen su dung dat" "dang ky doanh nghiep" "hai quan"
  "cap giay phep xay dung" "ly lich tu phap" "chung thuc" "ket hon" "xuat nhap canh" "thue" "tr")
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
}
trap cleanup EXIT

dotnet build -c Release src/OneStop.Web -nologo -v q >/dev/null || { echo "build failed"; exit 1; }
$PSQL -d postgres -c "CREATE DATABASE $DB" || exit 1
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$URL" DOTNET_NOLOGO=1
export OneStop__Database="Host=${PGHOST:-127.0.0.1};Port=${PGPORT:-5432};Username=${PGUSER:-postgres};Database=$DB"
export OneStop__DataDirectory=$(mktemp -d) OneStop__RunBackgroundJobs=false OneStop__RateLimits__TrackingPerMinute=1000000
LOG=$(mktemp)

start_app() {
  (cd src/OneStop.Web && exec dotnet bin/Release/net10.0/OneStop.Web.dll) >"$LOG" 2>&1 &
  APP_PID=$!
  until curl -sf -o /dev/null "$URL/health"; do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app exited:"; cat "$LOG"; exit 1; }
    sleep 0.5
  done
}
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null; APP_PID=""; }

measure() {
  local label=$1 times
  times=$(mktemp)
  for q in "${QUERIES[@]}"; do curl -s -o /dev/null -G "$URL/api/v1/procedures" --data-urlencode "q=$q"; done
  for _ in $(seq "$ROUNDS"); do
    for q in "${QUERIES[@]}"; do
      curl -s -o /dev/null -w "%{time_starttransfer}\n" -G "$URL/api/v1/procedures" --data-urlencode "q=$q" >>"$times"
    done
  done
  local count procs
  procs=$($PSQL -d "$DB" -Atc 'SELECT count(*) FROM "Procedures"')
  sort -n "$times" | awk -v label="$label" -v procs="$procs" '{ v[NR] = $1 * 1000 } END {
    p50 = v[int(NR * 0.50 + 0.5)]; p95 = v[int(NR * 0.95 + 0.5)];
    printf "%-10s procedures=%-6d requests=%-4d p50=%.1f ms p95=%.1f ms\n", label, procs, NR, p50, p95 }'
  rm -f "$times"
}

start_app
measure "real"
stop_app

$PSQL -d "$DB" <<'SQL'
CREATE TEMP TABLE m AS
  SELECT v."Id" AS old_id, gen_random_uuid() AS vid, gen_random_uuid() AS pid, n, 'G' || n || '.' || v."Code" AS code
  FROM "ProcedureVersions" v, generate_series(1, 18) n WHERE v."Status" = 1;
INSERT INTO "Procedures" ("Id", "Code", "CreatedAt") SELECT pid, code, now() FROM m;
INSERT INTO "ProcedureVersions"
  SELECT (jsonb_populate_record(NULL::"ProcedureVersions",
          to_jsonb(v) || jsonb_build_object('Id', m.vid, 'ProcedureId', m.pid, 'Code', m.code))).*
  FROM m JOIN "ProcedureVersions" v ON v."Id" = m.old_id;
INSERT INTO "CatalogueSearchPostings" ("Word", "VersionId", "Weight")
  SELECT p."Word", m.vid, p."Weight" FROM m JOIN "CatalogueSearchPostings" p ON p."VersionId" = m.old_id;
ANALYZE;
SQL
start_app
measure "generated"
stop_app
