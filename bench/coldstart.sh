#!/usr/bin/env bash
# Cold start: time from process start to the first HTTP 200 from /health, on an existing SQLite database (second and
# later starts), Release build, Development environment, started from src/OneStop.Web as README's `dotnet run` is.
#
#   bench/coldstart.sh [runs=5] [--no-build] [--published]
#
# --published measures the app as operators deploy it: `dotnet publish -c Release -r linux-<arch>` (ReadyToRun, see
# OneStop.Web.csproj) into artifacts/coldstart-publish, started from that folder with its own SQLite database.
#
# Prints each start's wall time to the first 200 and the CPU time the process had used by then (user + system; a
# steadier figure than wall time on a shared machine), then the medians. The first start (not counted) creates and
# seeds data/onestop.db when it is missing and warms the file cache. COLDSTART_PORT (default 5000) picks the port;
# COLDSTART_DIR another checkout to measure (for before/after comparisons).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=${COLDSTART_DIR:-$(pwd)}
RUNS=5
BUILD=1
PUBLISHED=0
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --published) PUBLISHED=1 ;;
    *) RUNS=$arg ;;
  esac
done
PORT=${COLDSTART_PORT:-5000}
URL="http://127.0.0.1:$PORT/health"
PROJECT="$ROOT/src/OneStop.Web"
DLL="$PROJECT/bin/Release/net10.0/OneStop.Web.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT"

if [ "$PUBLISHED" = 1 ]; then
  OUT="$ROOT/artifacts/coldstart-publish"
  RID="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
  if [ "$BUILD" = 1 ]; then
    dotnet publish "$PROJECT" -c Release -r "$RID" --self-contained false -o "$OUT" -nologo -v q >/dev/null || { echo "publish failed"; exit 1; }
  fi
  PROJECT="$OUT"; DLL="$OUT/OneStop.Web.dll"
elif [ "$BUILD" = 1 ]; then
  dotnet build -c Release "$PROJECT" -nologo -v q >/dev/null || { echo "build failed"; exit 1; }
fi
if curl -sf -o /dev/null "$URL"; then echo "something already answers on $URL"; exit 1; fi

LOG=$(mktemp)
TICK=$(getconf CLK_TCK)
# One start: prints "wall-ms cpu-ms" from launch to the first 200 from /health, then stops the process.
start_once() {
  local t0 t1 pid cpu
  t0=$(date +%s%N)
  (cd "$PROJECT" && exec dotnet "$DLL") >"$LOG" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$URL"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the app exited:" >&2; cat "$LOG" >&2; return 1; fi
    if (( ($(date +%s%N) - t0) / 1000000 > 120000 )); then echo "no 200 within 120 s" >&2; kill "$pid"; return 1; fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  cpu=$(awk -v tick="$TICK" '{print int(($14 + $15) * 1000 / tick)}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null
  echo "$(( (t1 - t0) / 1000000 )) $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

start_once >/dev/null || exit 1
walls=(); cpus=()
for i in $(seq 1 "$RUNS"); do
  read -r wall cpu < <(start_once) || exit 1
  [ -n "${wall:-}" ] || exit 1
  walls+=("$wall"); cpus+=("$cpu")
  echo "run $i: ${wall} ms to first 200 (cpu ${cpu} ms)"
done
echo "median of $RUNS: $(printf '%s\n' "${walls[@]}" | median) ms to first 200, cpu $(printf '%s\n' "${cpus[@]}" | median) ms (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
rm -f "$LOG"
