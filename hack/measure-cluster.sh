#!/usr/bin/env bash
# Measures what the README and issues report about the embedded cluster:
#   binary size (plain and -s -w), `labs cluster up` wall time to ready (median of N runs, fresh
#   state each run), and RSS of the cluster process after an idle period.
# With COLD_BUILD=1 it also times a cold `go build` in an empty GOCACHE (takes several minutes).
# Usage: hack/measure-cluster.sh [runs=5] [idle_seconds=60]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-60}
work=$(mktemp -d)
trap 'LABS_STATE_DIR=$work/state "$work/labs" cluster delete >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

if [ "${COLD_BUILD:-0}" = 1 ]; then
  start=$(date +%s.%N)
  GOCACHE=$work/gocache go build -o "$work/labs-cold" ./cmd/labs
  echo "cold go build: $(echo "$(date +%s.%N) - $start" | bc) s"
  rm -rf "$work/gocache" "$work/labs-cold"
fi

go build -o "$work/labs" ./cmd/labs
go build -ldflags='-s -w' -o "$work/labs-stripped" ./cmd/labs
mib() { echo "scale=1; $(stat -c %s "$1") / 1048576" | bc; }
echo "binary size: $(mib "$work/labs") MiB plain, $(mib "$work/labs-stripped") MiB with -s -w"

export LABS_STATE_DIR=$work/state
times=()
for i in $(seq "$runs"); do
  "$work/labs" cluster delete >/dev/null 2>&1 || true
  start=$(date +%s.%N)
  "$work/labs" cluster up >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
  [ "$i" = "$runs" ] || "$work/labs" cluster down >/dev/null
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "labs cluster up to ready (fresh state): median $median s over $runs runs: $(echo $sorted)"

"$work/labs" cluster down >/dev/null
start=$(date +%s.%N)
"$work/labs" cluster up >/dev/null
echo "labs cluster up to ready (existing state): $(echo "$(date +%s.%N) - $start" | bc) s"

pid=$("$work/labs" cluster status -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
sleep "$idle"
total=0
for p in $pid $(pgrep -g "$(ps -o pgid= -p "$pid" | tr -d ' ')" | grep -vx "$pid" || true); do
  kb=$(awk '/VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
  total=$((total + ${kb:-0}))
done
echo "RSS of the cluster process group after ${idle}s idle: $((total / 1024)) MiB"
