#!/usr/bin/env bash
# The benchmark with its references measured in the same run, so that the ratios hold on a shared, noisy machine.
#
#   bench/run.sh [seconds=15] [connections=64]
#
# 1. starts its own PostgreSQL (17, 16 or 15; installed with apt-get if missing) on 127.0.0.1:55434, owned by the
#    postgres user when run as root, PostgreSQL's durable defaults (fsync, synchronous commit) except max_connections;
# 2. runs the references on that cluster: pgbench TPC-B and select-only (8 clients, 2 threads, [seconds] each, scale 10);
# 3. builds the app and bench/OneStop.LoadGen in Release; runs the app the way it is deployed: **Production**
#    (OneStop:PublicUrl set, no demo accounts, the shipped logging), migrated and seeded by its own `migrate` command
#    (agencies, catalogue, calendar), its desk officer created by its own `create-staff` command and its citizen
#    registered through the public registration page; the load generator sends X-Forwarded-Proto: https as the city's
#    TLS proxy does (127.0.0.1 is the trusted proxy); per-address rate limits raised (one generator is one address);
#    background jobs on, as in production;
# 4. closed loop, [connections] connections, a warm-up (LOAD_WARMUP, default 3 s) then [seconds] per scenario:
#    a static file (the ceiling of Kestrel and the generator here), the catalogue search, the whole API filing of a
#    birth registration (draft, two PDFs, submit; the submit request timed on its own) spread over 50 communes and then
#    concentrated on one, the owner's dossier page, the desk officer's inbox page and the desk officer receiving the
#    dossiers filed to that commune (each once);
# 5. copies the filed dossiers into LOAD_DOSSIERS (default 100000) more rows with their own code, phone and tracking
#    key (one INSERT … SELECT generate_series), ANALYZE, and runs the tracking look-up (half by phone, half by QR key);
# 6. open loop (no coordinated omission): tracking, search and filing again at a fixed arrival rate of half the
#    closed-loop maximum, latency from each request's due time;
# 7. prints the table with the references and ratios, the app's peak RSS (VmHWM), and as its last line
#    `ratios: tracking/static=X search/static=X submit/tpcb=X filing/tpcb=X` (submissions spread over agencies);
# 8. stops the app and the cluster and removes them, also on failure. The app's log: /tmp/onestop-bench-app.log.
#
# The load generator runs on the same machine and takes CPU from the app and PostgreSQL: the figures are a floor for
# the app on those cores, not a measure of a dedicated server.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-15}
CONCURRENCY=${2:-64}
WARMUP=${LOAD_WARMUP:-3}
ROWS=${LOAD_DOSSIERS:-100000}
PGPORT=55434
APP_PORT=5055
URL="http://127.0.0.1:$APP_PORT"
DB=onestop_load
if curl -s -o /dev/null "$URL/health"; then echo "something already answers on $URL"; exit 1; fi
WORK=$(mktemp -d /tmp/onestop-load.XXXXXX)
source bench/lib.sh
cleanup() {
  bench_cleanup
  cp "$WORK/app.log" /tmp/onestop-bench-app.log 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC')"

bench_pg_start

echo "== references: pgbench on the same cluster (8 clients, 2 threads, ${SECONDS_PER} s each)"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "CREATE DATABASE pgbench" || exit 1
"$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -i -s 10 -q pgbench >"$WORK/pgbench-init.log" 2>&1 || { tail "$WORK/pgbench-init.log"; exit 1; }
tps() { grep -oP 'tps = \K[0-9.]+(?= \(without)' | head -1; }
TPCB=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -c 8 -j 2 -T "$SECONDS_PER" -M prepared pgbench 2>/dev/null | tps)
SELECT_ONLY=$("$pg_bin/pgbench" -h 127.0.0.1 -p "$PGPORT" -U onestop -S -c 8 -j 2 -T "$SECONDS_PER" -M prepared pgbench 2>/dev/null | tps)
echo "   pgbench TPC-B: ${TPCB:-?} tps; select-only: ${SELECT_ONLY:-?} tps"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U onestop -d postgres -c "DROP DATABASE pgbench" || exit 1

bench_build

# The app as deployed (Production), on this machine's loopback. Rate limits: Shared/RateLimits.cs (per client address).
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$URL"
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=200"
export OneStop__PublicUrl="$URL" OneStop__TrustedProxies__0=127.0.0.1
export OneStop__RateLimits__TrackingPerMinute=1000000000 OneStop__RateLimits__SignInPerMinute=1000000000
export OneStop__RateLimits__RegisterPerHour=1000000000 OneStop__RateLimits__VerificationPerMinute=1000000000
export OneStop__Uploads__BytesPerApplicantPerDay=100000000000
export OneStop__DataDirectory="$WORK/data"
export OneStop__Payments__Sandbox=false OneStop__Payments__DefaultGateway=
# Production refuses development keys: the token server and the demo commune's signing certificate are PKCS#12 files
# (self-signed here, issued by the city's CA in a real deployment).
pkcs12() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" -keyout "$WORK/$1.key" -out "$WORK/$1.crt" >/dev/null 2>&1 &&
    openssl pkcs12 -export -inkey "$WORK/$1.key" -in "$WORK/$1.crt" -passout pass:bench -out "$WORK/$1.pfx" >/dev/null 2>&1 ||
    { echo "openssl could not make $1.pfx"; exit 1; }
}
pkcs12 tokens "OneStop bench token server"
export OneStop__Tokens__SigningCertificate="$WORK/tokens.pfx" OneStop__Tokens__SigningCertificatePassword=bench
export OneStop__Tokens__EncryptionCertificate="$WORK/tokens.pfx" OneStop__Tokens__EncryptionCertificatePassword=bench
echo "   Production; rate limits per address raised for this run (one load generator = one client address)"

echo "== migrate and seed (the app's own commands)"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 40 "$WORK/migrate.log"; echo "migrate failed"; exit 1; }
MODEL=$(python3 -c 'import json,sys; print(2 if json.load(open(sys.argv[1]))["OneStop"].get("AgencyModel") == "TwoLevel" else 3)' "$APP_DIR/appsettings.json")
read -r AGENCY AGENCY_CODE < <(psql_db -At -F ' ' -c "SELECT \"Id\", \"Code\" FROM \"Agencies\" WHERE \"Level\" = 3 AND (\"Model\" IS NULL OR \"Model\" = $MODEL) ORDER BY \"SortOrder\", \"Code\" LIMIT 1")
AGENCIES=$(psql_db -At -c "SELECT string_agg(\"Id\"::text, ',') FROM (SELECT \"Id\" FROM \"Agencies\" WHERE \"Level\" = 3 AND (\"Model\" IS NULL OR \"Model\" = $MODEL) ORDER BY \"Id\" = '$AGENCY' DESC, random() LIMIT 50) x")
pkcs12 signing "UBND $AGENCY_CODE (bench)"
# An agency code has dots, which an environment variable name cannot hold: the app's command line carries it.
APP_ARGS=("--OneStop:Signing:Agencies:${AGENCY_CODE}:Certificate=$WORK/signing.pfx" "--OneStop:Signing:Agencies:${AGENCY_CODE}:Password=bench")
PASSWORD="Bench-$(date +%s)-mat-khau"
ONESTOP_NEW_PASSWORD="$PASSWORD" bash -c "cd '$APP_DIR' && dotnet '$DLL' create-staff --email motcua.bench@onestop.test --name 'Cán bộ một cửa (thử tải)' --agency '$AGENCY_CODE' --role DeskOfficer" 2>&1 | grep -v '^{' \
  || { echo "create-staff failed"; exit 1; }
bench_form

echo "== app on $URL"
bench_app_start
echo "   /health answered after ${APP_STARTED_IN} s"
LOADGEN=(dotnet "$LOADGEN_DLL" --url "$URL" --seconds "$SECONDS_PER" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --forwarded-proto https)
echo "== load (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
"${LOADGEN[@]}" --get /css/site.css --search --submit "$AGENCIES" --submit-one "$AGENCY" --register --email citizen.bench@onestop.test \
  --password "$PASSWORD" --procedure 1.001193 --documents 1,4 --form "$WORK/form.json" --dossier-page --staff motcua.bench@onestop.test \
  --tsv "$WORK/first.tsv"
status=$?

echo "== $ROWS more dossiers (copies of the filed ones with their own id, code, phone number and tracking key)"
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

# Open loop at half of each closed-loop maximum.
half() { awk -F'\t' -v p="$1" 'index($1, p) == 1 { printf "%.0f", $2 / 2; exit }' "$WORK/first.tsv"; }
"${LOADGEN[@]}" --tracking "$WORK/codes.tsv" --tsv "$WORK/tracking.tsv" || status=1
TRACK_HALF=$(awk -F'\t' '/^tracking/ { printf "%.0f", $2 / 2; exit }' "$WORK/tracking.tsv")
"${LOADGEN[@]}" --tracking "$WORK/codes.tsv" --search --submit "$AGENCIES" --email citizen.bench@onestop.test --password "$PASSWORD" \
  --procedure 1.001193 --documents 1,4 --form "$WORK/form.json" --no-closed-loop \
  --open-loop "tracking=${TRACK_HALF:-0},search=$(half search),filing=$(half 'filing, 50')" --tsv "$WORK/open.tsv" || status=1
PEAK_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores shared by the app, PostgreSQL and the load generator"
if [ "$status" -ne 0 ]; then
  echo "errors or an empty scenario; the app's last log lines:"; grep -iE "fail|error|exception" "$WORK/app.log" | tail -n 20
fi
python3 - "$WORK" "${TPCB:-0}" "${SELECT_ONLY:-0}" "${PEAK_RSS_KB:-0}" <<'PY'
import sys, os
work, tpcb, sel, rss = sys.argv[1], float(sys.argv[2] or 0), float(sys.argv[3] or 0), int(sys.argv[4] or 0)
rows = []
for name in ("first.tsv", "tracking.tsv", "open.tsv"):
    path = os.path.join(work, name)
    if os.path.exists(path):
        rows += [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]
get = lambda prefix: next((float(r[1]) for r in rows if r[0].startswith(prefix)), 0.0)
static, tracking, search, page = get("baseline"), get("tracking"), get("search"), get("owner's dossier page")
filing, submit = get("filing, 50"), get("submit request, 50")
filing_one, submit_one = get("filing, one"), get("submit request, one")
ratio = lambda a, b: f"{a / b:.3f}" if b else "?"
print()
print(f"{'scenario':<48} {'ops/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}   reference")
for r in rows:
    name = r[0]
    ref = "static file" if name.startswith(("tracking", "search", "owner's")) else "pgbench TPC-B" if name.startswith(("filing", "submit", "staff action")) else ""
    base = static if ref == "static file" else tpcb if ref else 0
    print(f"{name:<48} {float(r[1]):>9.0f} {float(r[2]):>8.1f} {float(r[4]):>8.1f} {r[6]:>6}   {(ref + ' x' + ratio(float(r[1]), base)) if ref and not name.startswith('open') else ''}")
print(f"{'pgbench TPC-B (8 clients)':<48} {tpcb:>9.0f}")
print(f"{'pgbench select-only (8 clients)':<48} {sel:>9.0f}")
if submit_one and submit:
    print(f"submit concentrated on one agency / spread: {ratio(submit_one, submit)}")
print(f"owner's dossier page / static: {ratio(page, static)}")
print(f"peak RSS of the app: {rss / 1024:.0f} MB")
print(f"ratios: tracking/static={ratio(tracking, static)} search/static={ratio(search, static)} submit/tpcb={ratio(submit, tpcb)} filing/tpcb={ratio(filing, tpcb)}")
PY
exit "$status"
