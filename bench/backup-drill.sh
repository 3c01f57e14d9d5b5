#!/usr/bin/env bash
# Backup and restore drills (issue 16 point 5), each checked by restoring and verifying the audit log.
#
#   bench/backup-drill.sh [seconds of filing while the backup is taken=6]
#
# PostgreSQL: its own cluster on 127.0.0.1:55438; the app (Development, demo data) files dossiers through the API while
# `pg_dump -Fc` takes a consistent snapshot (one repeatable-read transaction); the dump is restored with `pg_restore`
# into a new database, and the app's own `audit-verify` runs against the restored copy; dossier and audit counts of the
# copy must equal those of the source at the snapshot (the copy is compared with itself: every sealed entry verifies,
# and each dossier of the copy has its files rows and history).
# SQLite (the embedded mode): the app runs on a SQLite file and files dossiers while `sqlite3 .backup` (SQLite's online
# backup API) copies the live database; `PRAGMA integrity_check` and `audit-verify` run on the copy.
# The file store (uploads) is copied with the database: files are written before the row that names them commits and
# never changed, so a copy of the folder taken after the dump holds every file the dump names (checked).
# Last line: `backup drill: postgres N dossiers, audit intact|broken, files missing F; sqlite N dossiers, audit intact|broken`.
set -uo pipefail
cd "$(dirname "$0")/.."
PER=${1:-6}
PGPORT=55438
APP_PORT=5057
URL="http://127.0.0.1:$APP_PORT"
DB=onestop_backup
if curl -s -o /dev/null "$URL/health"; then echo "something already answers on $URL"; exit 1; fi
WORK=$(mktemp -d /tmp/onestop-backup.XXXXXX)
source bench/lib.sh
cleanup() { bench_cleanup; cp "$WORK/app.log" /tmp/onestop-backup-app.log 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
command -v sqlite3 >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_pg_start
bench_build
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$URL"
export OneStop__RateLimits__SignInPerMinute=1000000000
export OneStop__PublicUrl="$URL"
PASSWORD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["OneStop"]["DemoPassword"])' "$APP_DIR/appsettings.Development.json")
bench_form

# load_while NAME COUNT-COMMAND -- CMD…: files dossiers through the app while CMD runs, once COUNT-COMMAND (the number
# of submitted dossiers) shows that filings are landing; prints the count before and after the copy.
load_while() {
  local name=$1 count=$2; shift 3
  dotnet "$LOADGEN_DLL" --url "$URL" --seconds $((PER * 3)) --warmup 1 --concurrency 8 --submit "$AGENCY_IDS" \
    --email congdan.a@onestop.test --password "$PASSWORD" --procedure 1.001193 --documents 1,4 --form "$WORK/form.json" >"$WORK/load-$name.log" 2>&1 &
  local load=$! before t0
  before=$($count)
  t0=$(date +%s)
  until [ "$($count)" -gt "$before" ] || (( $(date +%s) - t0 > 120 )); do sleep 0.5; done
  echo "   submitted dossiers in the live database when the copy starts: $($count) (before the load: $before)"
  "$@"; local rc=$?
  echo "   … when it ends: $($count)"
  wait "$load"
  return $rc
}

echo
echo "== PostgreSQL: pg_dump while filing, pg_restore into a new database, audit-verify on the copy"
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=50"
export OneStop__DataDirectory="$WORK/pg-data"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 40 "$WORK/migrate.log"; echo "migrate failed"; exit 1; }
bench_agencies 5; AGENCY_IDS=$AGENCIES
bench_app_start
pg_count() { psql_db -At -c 'SELECT count(*) FROM "Dossiers" WHERE "SubmittedAt" IS NOT NULL'; }
load_while pg pg_count -- "$pg_bin/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U onestop -Fc -f "$WORK/onestop.dump" "$DB" || { echo "pg_dump failed"; exit 1; }
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null; APP_PID=""
# The file store after the dump: files are never changed once written, so the folder copy holds every file the dump names.
cp -a "$WORK/pg-data" "$WORK/pg-data-copy"
grep -E "^filing" "$WORK/load-pg.log" | sed 's/^/   while dumping: /'
echo "   dump: $(du -h "$WORK/onestop.dump" | cut -f1)"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE onestop_restored" || exit 1
"$pg_bin/pg_restore" -h 127.0.0.1 -p "$PGPORT" -U onestop -d onestop_restored --no-owner --exit-on-error "$WORK/onestop.dump" || { echo "pg_restore failed"; exit 1; }
DB=onestop_restored
PG_DOSSIERS=$(psql_db -At -c 'SELECT count(*) FROM "Dossiers" WHERE "SubmittedAt" IS NOT NULL')
PG_FILES_MISSING=$(psql_db -At -c 'SELECT "StorageKey" FROM "DossierFiles"' | while read -r key; do [ -f "$WORK/pg-data-copy/files/$key" ] || echo "$key"; done | wc -l)
echo "   restored: $PG_DOSSIERS submitted dossiers, $(psql_db -At -c 'SELECT count(*) FROM "AuditEntries"') audit entries; files named by the copy but missing from the folder copy: $PG_FILES_MISSING"
ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=onestop_restored" OneStop__DataDirectory="$WORK/pg-data-copy" \
  bash -c "cd '$APP_DIR' && dotnet '$DLL' audit-verify" >"$WORK/audit-pg.log" 2>&1; PG_AUDIT=$?
grep -E '^Audit log|^[^ {a-z]' "$WORK/audit-pg.log" | tail -n 3 | sed 's/^/   audit-verify: /'

echo
echo "== SQLite: sqlite3 .backup (online backup API) while filing, integrity_check and audit-verify on the copy"
unset ONESTOP_DATABASE
export OneStop__DataDirectory="$WORK/sqlite-data"
export OneStop__Database="Data Source=$WORK/sqlite-data/onestop.db"
mkdir -p "$WORK/sqlite-data"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate-sqlite.log" 2>&1 || { tail -n 40 "$WORK/migrate-sqlite.log"; echo "migrate failed"; exit 1; }
AGENCY_IDS=$(sqlite3 "$WORK/sqlite-data/onestop.db" "SELECT upper(AgencyId) FROM Dossiers WHERE ProcedureCode = '1.001193' AND Code IS NOT NULL LIMIT 1" | tr 'A-Z' 'a-z')
bench_app_start
sqlite_count() { sqlite3 "$WORK/sqlite-data/onestop.db" ".timeout 10000" "SELECT count(*) FROM Dossiers WHERE SubmittedAt IS NOT NULL"; }
load_while sqlite sqlite_count -- sqlite3 "$WORK/sqlite-data/onestop.db" ".timeout 10000" ".backup '$WORK/onestop-copy.db'" || { echo "sqlite3 .backup failed"; exit 1; }
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null; APP_PID=""
grep -E "^filing" "$WORK/load-sqlite.log" | sed 's/^/   while copying: /'
INTEGRITY=$(sqlite3 "$WORK/onestop-copy.db" "PRAGMA integrity_check")
SQ_DOSSIERS=$(sqlite3 "$WORK/onestop-copy.db" "SELECT count(*) FROM Dossiers WHERE SubmittedAt IS NOT NULL")
echo "   copy: integrity_check $INTEGRITY, $SQ_DOSSIERS submitted dossiers"
OneStop__Database="Data Source=$WORK/onestop-copy.db" bash -c "cd '$APP_DIR' && dotnet '$DLL' audit-verify" >"$WORK/audit-sqlite.log" 2>&1; SQ_AUDIT=$?
grep -E '^Audit log|^[^ {a-z]' "$WORK/audit-sqlite.log" | tail -n 3 | sed 's/^/   audit-verify: /'

word() { [ "$1" -eq 0 ] && echo intact || echo broken; }
echo "backup drill: postgres $PG_DOSSIERS dossiers, audit $(word $PG_AUDIT), files missing $PG_FILES_MISSING; sqlite $SQ_DOSSIERS dossiers, audit $(word $SQ_AUDIT)"
[ "$PG_AUDIT" -eq 0 ] && [ "$SQ_AUDIT" -eq 0 ] && [ "$PG_FILES_MISSING" -eq 0 ] && [ "$INTEGRITY" = ok ]
