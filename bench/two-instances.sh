#!/usr/bin/env bash
# Several instances, for real (issue 16 point 5): two app instances on one PostgreSQL and one file store, behind nginx.
#
#   bench/two-instances.sh [seconds of load through nginx=10] [connections=16]
#
# 1. installs nginx (Debian package) if missing; starts its own PostgreSQL on 127.0.0.1:55437;
# 2. starts instance A on 127.0.0.1:5061 and instance B on 127.0.0.1:5062 with the same database and the same data
#    folder (the file store both see), and nginx on 127.0.0.1:5060 balancing them round-robin with X-Forwarded-* set
#    (the app trusts 127.0.0.1 as its proxy: OneStop:TrustedProxies);
# 3. a journey that alternates instances at every step (bench/OneStop.LoadGen --journey): sign in on A, draft on B,
#    documents on A, submit on B, the desk officer receives on A, the citizen downloads on B what A stored, signs out on A,
#    and the cookie copied before sign-out opens nothing on B;
# 4. filings, tracking and search through nginx for [seconds] each, which must all succeed;
# 5. audit-verify on the log both instances wrote.
# Last line: `two instances: journey ok|failed, N filings through nginx, E errors, audit intact|broken`.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-10}
CONCURRENCY=${2:-16}
PGPORT=55437
APP_PORT=5061
NGINX_PORT=5060
DB=onestop_two
WORK=$(mktemp -d /tmp/onestop-two.XXXXXX)
source bench/lib.sh
PIDS=()
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  APP_PID=""
  bench_cleanup
  cp "$WORK/app.log" /tmp/onestop-two-app.log 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null || { echo "nginx could not be installed"; exit 1; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for port in 5060 5061 5062; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "something already answers on 127.0.0.1:$port"; exit 1; fi
done

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_pg_start
bench_build

export ASPNETCORE_ENVIRONMENT=Development
export ONESTOP_DATABASE="Host=127.0.0.1;Port=$PGPORT;Username=onestop;Database=$DB;Maximum Pool Size=50"
export OneStop__RateLimits__SignInPerMinute=1000000000 OneStop__RateLimits__TrackingPerMinute=1000000000
export OneStop__DataDirectory="$WORK/data"
export OneStop__PublicUrl="http://127.0.0.1:$NGINX_PORT"
export OneStop__TrustedProxies__0=127.0.0.1
echo "== migrate and seed the demo data"
(cd "$APP_DIR" && dotnet "$DLL" migrate) >"$WORK/migrate.log" 2>&1 || { tail -n 40 "$WORK/migrate.log"; echo "migrate failed"; exit 1; }

for port in 5061 5062; do
  APP_PORT=$port ASPNETCORE_URLS="http://127.0.0.1:$port" bench_app_start
  PIDS+=("$APP_PID")
  echo "== instance on 127.0.0.1:$port (pid $APP_PID): /health after ${APP_STARTED_IN} s"
done
APP_PID=""

mkdir -p "$WORK/nginx-tmp"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream \$upstream_addr;
  access_log $WORK/upstream.log upstream;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  client_max_body_size 20m;
  upstream onestop { server 127.0.0.1:5061; server 127.0.0.1:5062; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://onestop;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" || { cat "$WORK/nginx-error.log"; exit 1; }
until curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/health"; do sleep 0.1; done
echo "== nginx on 127.0.0.1:$NGINX_PORT → 5061, 5062"

bench_agencies 10
bench_form
PASSWORD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["OneStop"]["DemoPassword"])' "$APP_DIR/appsettings.Development.json")

echo "== journey, alternating instances at every step"
dotnet "$LOADGEN_DLL" --journey "http://127.0.0.1:5061,http://127.0.0.1:5062" --agency "$AGENCY" --email congdan.a@onestop.test \
  --staff-email motcua.xa@onestop.test --password "$PASSWORD" --form "$WORK/form.json"
JOURNEY=$([ $? -eq 0 ] && echo ok || echo failed)

echo "== load through nginx (${SECONDS_PER} s per scenario, $CONCURRENCY connections)"
psql_db -At -F $'\t' -c "SELECT \"Code\", \"ApplicantPhone\", \"TrackingKey\" FROM \"Dossiers\" WHERE \"Code\" IS NOT NULL AND \"ApplicantPhone\" IS NOT NULL" >"$WORK/codes.tsv"
dotnet "$LOADGEN_DLL" --url "http://127.0.0.1:$NGINX_PORT" --seconds "$SECONDS_PER" --concurrency "$CONCURRENCY" --warmup 2 \
  --tracking "$WORK/codes.tsv" --search --submit "$AGENCIES" --email congdan.a@onestop.test --password "$PASSWORD" \
  --procedure 1.001193 --documents 1,4 --form "$WORK/form.json" --tsv "$WORK/load.tsv"
FILINGS=$(awk -F'\t' '/^filing/ {print $6}' "$WORK/load.tsv")
ERRORS=$(awk -F'\t' '{s += $7} END {print s + 0}' "$WORK/load.tsv")
echo "   requests nginx passed to each instance: $(sort "$WORK/upstream.log" | uniq -c | awk '{printf "%s %s; ", $2, $1}')"

(cd "$APP_DIR" && dotnet "$DLL" audit-verify) >"$WORK/audit.log" 2>&1; AUDIT_RC=$?
grep -E '^Audit log|^[^ {a-z]' "$WORK/audit.log" | tail -n 3 | sed 's/^/   audit-verify: /'
AUDIT=$([ "$AUDIT_RC" -eq 0 ] && echo intact || echo broken)
echo "two instances: journey $JOURNEY, ${FILINGS:-0} filings through nginx, $ERRORS errors, audit $AUDIT"
[ "$JOURNEY" = ok ] && [ "$ERRORS" -eq 0 ] && [ "$AUDIT_RC" -eq 0 ] && [ "${FILINGS:-0}" -gt 0 ]
