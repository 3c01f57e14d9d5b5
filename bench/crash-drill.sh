#!/usr/bin/env bash
# Durability drill (issue 16 point 4): nothing acknowledged is lost, nothing is half-written, nothing is sent twice.
#
#   bench/crash-drill.sh [seconds of load between faults=8] [connections=16]
#
# 1. starts its own PostgreSQL (durable defaults: fsync on, synchronous_commit on) on 127.0.0.1:55436 and the app on
#    127.0.0.1:5056 with its background jobs on (audit sealer, notification delivery, deadlines), demo data seeded;
# 2. drives load (bench/OneStop.LoadGen --drill): citizens file birth registrations (draft, two PDFs, submit) to ten
#    communes and a desk officer receives those of the demo commune; every acknowledged answer is written down at once;
# 3. kills the app with SIGKILL three times mid-load and restarts it; then restarts PostgreSQL (pg_ctl restart -m fast)
#    under the running app, which must recover on its own (503 with Retry-After in between, never a 500);
# 4. when it can mount a tmpfs (root), fills the file store's disk mid-load: uploads must be refused with 507 and leave
#    no dossier half-written, and filing must work again once space is freed;
# 5. checks in the database and on disk: every acknowledged submission exists, submitted, with its files (rows and bytes
#    on disk, hashes equal), its history and exactly one audit entry; every acknowledged receipt likewise; no submitted
#    dossier anywhere lacks a file; codes unique and gap-free per agency and day; exactly one notification per event and
#    channel; `audit-verify` passes on the whole log;
# 6. last line: `crash drill: acknowledged N, missing M, duplicate codes D, audit intact|broken`.
# Exit code 0 only when missing = 0, duplicates = 0, gaps = 0, no half-written dossier, no duplicate notification,
# no 500 answer and the audit log is intact.
set -uo pipefail
cd "$(dirname "$0")/.."
PER=${1:-8}
CONCURRENCY=${2:-16}
PGPORT=55436
APP_PORT=5056
URL="http://127.0.0.1:$APP_PORT"
DB=onestop_drill
if curl -s -o /dev/null "$URL/health"; then echo "something already answers on $URL"; exit 1; fi
WORK=$(mktemp -d /tmp/onestop-drill.XXXXXX)
source bench/lib.sh
LOADGEN_PID=""
MOUNTED=""
cleanup() {
  [ -n "$LOADGEN_PID" ] && kill "$LOADGEN_PID" 2>/dev/null
  bench_cleanup
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null
  cp "$WORK/app.log" /tmp/onestop-drill-app.log 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
phase() { echo "$1" >"$WORK/phase"; echo "-- $(date -u +%H:%M:%S) $1"; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_pg_start
bench_build

export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$URL"
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=100"
export OneStop__RateLimits__SignInPerMinute=1000000000 OneStop__RateLimits__TrackingPerMinute=1000000000
export OneStop__Uploads__BytesPerApplicantPerDay=100000000000
export OneStop__DataDirectory="$WORK/data"
export OneStop__PublicUrl="$URL"
mkdir -p "$WORK/data/files"
# The file store on its own small disk, so that the drill can fill it (root only; otherwise that phase is skipped).
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64m onestop-drill "$WORK/data/files" 2>/dev/null; then MOUNTED="$WORK/data/files"; fi

echo "== migrate and seed the demo data"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 40 "$WORK/migrate.log"; echo "migrate failed"; exit 1; }
bench_agencies 10
bench_form
PASSWORD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["OneStop"]["DemoPassword"])' "$APP_DIR/appsettings.Development.json")
psql_db -At -c 'SELECT count(*) FROM "Dossiers" WHERE "Code" IS NOT NULL' >"$WORK/before.txt"

echo "== app on $URL"
bench_app_start
echo "   /health answered after ${APP_STARTED_IN} s"
DRILL_START=$(date -u '+%Y-%m-%d %H:%M:%S+00')
phase load
dotnet "$LOADGEN_DLL" --url "$URL" --drill "$WORK/ack.tsv" --stop-file "$WORK/stop" --phase-file "$WORK/phase" \
  --concurrency "$CONCURRENCY" --seconds 900 --submit "$AGENCIES" --email congdan.a@onestop.test \
  --staff-email motcua.xa@onestop.test --password "$PASSWORD" --procedure 1.001193 --documents 1,4 --form "$WORK/form.json" \
  >"$WORK/loadgen.log" 2>&1 &
LOADGEN_PID=$!
sleep "$PER"

for i in 1 2 3; do
  phase "kill $i"
  kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null; APP_PID=""
  sleep 1
  bench_app_start
  echo "   restarted; /health answered after ${APP_STARTED_IN} s"
  phase "load after kill $i"
  sleep "$PER"
done

phase "postgres restart"
bench_pg_ctl -m fast -w restart >/dev/null || { echo "PostgreSQL did not restart"; exit 1; }
t0=$(date +%s.%N)
until curl -sf -o /dev/null "$URL/health"; do sleep 0.1; done
echo "   the same app process answers /health again $(python3 -c "import time; print(f'{time.time() - $t0:.1f}')") s after PostgreSQL is back"
kill -0 "$APP_PID" || { echo "the app died with PostgreSQL's restart"; exit 1; }
phase "load after postgres restart"
sleep "$PER"

if [ -n "$MOUNTED" ]; then
  phase "disk full"
  fallocate -l "$(df --output=avail -B1 "$MOUNTED" | tail -1)" "$MOUNTED/filler" 2>/dev/null || dd if=/dev/zero of="$MOUNTED/filler" bs=1M >/dev/null 2>&1
  sleep "$PER"
  rm -f "$MOUNTED/filler"
  phase "load after disk freed"
  sleep "$PER"
else
  echo "-- disk-full phase skipped (needs root to mount a tmpfs)"
fi

phase "stopping"
touch "$WORK/stop"
wait "$LOADGEN_PID"; LOADGEN_PID=""
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null; APP_PID=""
echo
echo "== answers seen by the load, per phase"
cat "$WORK/loadgen.log"

echo
echo "== checks"
(cd "$APP_DIR" && dotnet "$DLL" audit-verify) >"$WORK/audit.log" 2>&1; AUDIT_RC=$?
grep -E "^Audit log|^[^ {a-z]" "$WORK/audit.log" | tail -n 5 | sed 's/^/   audit-verify: /'
psql_db -c "CREATE TABLE drill_ack (kind text, id uuid, code text, agency uuid)" || exit 1
awk -F'\t' 'BEGIN{OFS="\t"} {print $1, $2, ($3==""?"\\N":$3), ($4==""?"\\N":$4)}' "$WORK/ack.tsv" >"$WORK/ack-copy.tsv"
psql_db -c "\\copy drill_ack FROM '$WORK/ack-copy.tsv'" || exit 1
psql_db -At -F $'\t' -c "SELECT f.\"StorageKey\", f.\"Sha256\" FROM \"DossierFiles\" f JOIN drill_ack a ON a.id = f.\"DossierId\" AND a.kind = 'submit'" >"$WORK/files.tsv"
MISSING_BYTES=$(python3 - "$WORK/files.tsv" "$WORK/data/files" <<'PY'
import hashlib, os, sys
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    key, sha = line.rstrip("\n").split("\t")
    path = os.path.join(sys.argv[2], key)
    if not os.path.isfile(path) or hashlib.sha256(open(path, "rb").read()).hexdigest().lower() != sha.lower():
        bad += 1
print(bad)
PY
)
psql_db -At -F '=' -v start="$DRILL_START" <<'SQL' >"$WORK/checks.txt" || exit 1
SELECT 'acknowledged', count(*) FROM drill_ack WHERE kind = 'submit';
SELECT 'receipts', count(*) FROM drill_ack WHERE kind = 'receive';
SELECT 'missing', count(*) FROM drill_ack a LEFT JOIN "Dossiers" d ON d."Id" = a.id
  WHERE a.kind = 'submit' AND (d."Id" IS NULL OR d."Code" IS DISTINCT FROM a.code OR d."SubmittedAt" IS NULL);
SELECT 'without files', count(*) FROM drill_ack a
  WHERE a.kind = 'submit' AND (SELECT count(*) FROM "DossierFiles" f WHERE f."DossierId" = a.id) < 2;
SELECT 'without history', count(*) FROM drill_ack a
  WHERE NOT EXISTS (SELECT 1 FROM "DossierEvents" e WHERE e."DossierId" = a.id AND e."Action" = CASE a.kind WHEN 'submit' THEN 1 ELSE 3 END);
SELECT 'audit entries not exactly one', count(*) FROM drill_ack a JOIN "Dossiers" d ON d."Id" = a.id
  WHERE (SELECT count(*) FROM "AuditEntries" e WHERE e."Subject" = d."Code"
         AND e."Event" = CASE a.kind WHEN 'submit' THEN 'dossier.Submit' ELSE 'dossier.Receive' END) <> 1;
SELECT 'receipts not notified once', count(*) FROM drill_ack a
  WHERE a.kind = 'receive' AND NOT EXISTS (SELECT 1 FROM "NotificationOutbox" o WHERE o."DossierId" = a.id AND o."EventKey" = 'received');
SELECT 'duplicate notifications', count(*) FROM (SELECT 1 FROM "NotificationOutbox" WHERE "DossierId" IS NOT NULL
  GROUP BY "DossierId", "EventKey", "Occurrence", "Channel" HAVING count(*) > 1) x;
SELECT 'half-written dossiers', count(*) FROM "Dossiers" d
  WHERE d."SubmittedAt" >= :'start' AND d."ParentId" IS NULL
    AND (SELECT count(*) FROM "DossierFiles" f WHERE f."DossierId" = d."Id") < 2;
SELECT 'duplicate codes', count(*) FROM (SELECT "Code" FROM "Dossiers" WHERE "Code" IS NOT NULL GROUP BY "Code" HAVING count(*) > 1) x;
SELECT 'code gaps', count(*) FROM (
  SELECT substring("Code" from '^(.*)-[0-9]+$') AS day, max(substring("Code" from '-([0-9]+)$')::int) AS top, count(*) AS n
  FROM "Dossiers" WHERE "Code" ~ '-[0-9]{6}-[0-9]+$' GROUP BY 1) x WHERE top <> n;
SQL
sed 's/^/   /' "$WORK/checks.txt"
# The rows behind a failed check, to investigate.
psql_db -At -F ' | ' <<'SQL' | sed 's/^/   not whole: /'
SELECT a.kind, a.id, d."Code", d."Status",
  (SELECT string_agg(e."Action"::text, ',' ORDER BY e."Id") FROM "DossierEvents" e WHERE e."DossierId" = a.id) AS history,
  (SELECT string_agg(x."Event", ',' ORDER BY x."Id") FROM "AuditEntries" x WHERE x."Subject" = d."Code") AS audit
FROM drill_ack a LEFT JOIN "Dossiers" d ON d."Id" = a.id
WHERE NOT EXISTS (SELECT 1 FROM "DossierEvents" e WHERE e."DossierId" = a.id AND e."Action" = CASE a.kind WHEN 'submit' THEN 1 ELSE 3 END)
   OR (SELECT count(*) FROM "AuditEntries" e WHERE e."Subject" = d."Code"
       AND e."Event" = CASE a.kind WHEN 'submit' THEN 'dossier.Submit' ELSE 'dossier.Receive' END) <> 1
LIMIT 10;
SQL
echo "   files of acknowledged dossiers missing on disk or with other bytes=$MISSING_BYTES"
ERRORS_500=$(grep -cE '\s5(00|02|04)\b' "$WORK/loadgen.log" || true)
DISK_507=$(grep -E '^disk full' "$WORK/loadgen.log" | grep -c ' 507' || true)
echo "   phases with 500/502/504 answers=$ERRORS_500; disk-full phase answered 507: $([ "$DISK_507" -gt 0 ] && echo yes || echo "no${MOUNTED:+ (expected yes)}")"
get() { grep "^$1=" "$WORK/checks.txt" | cut -d= -f2; }
ACK=$(get acknowledged); MISSING=$(get missing); DUP=$(get 'duplicate codes')
PROBLEMS=$(( $(get 'without files') + $(get 'without history') + $(get 'audit entries not exactly one') + $(get 'receipts not notified once') \
  + $(get 'duplicate notifications') + $(get 'half-written dossiers') + $(get 'code gaps') + MISSING_BYTES + ERRORS_500 ))
[ -n "$MOUNTED" ] && [ "$DISK_507" -eq 0 ] && PROBLEMS=$((PROBLEMS + 1))
AUDIT=$([ "$AUDIT_RC" -eq 0 ] && echo intact || echo broken)
echo "crash drill: acknowledged $ACK, missing $MISSING, duplicate codes $DUP, audit $AUDIT"
[ "$MISSING" -eq 0 ] && [ "$DUP" -eq 0 ] && [ "$AUDIT_RC" -eq 0 ] && [ "$PROBLEMS" -eq 0 ] && [ "$ACK" -gt 0 ]
