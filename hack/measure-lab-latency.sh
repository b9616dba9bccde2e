#!/usr/bin/env bash
# Measures the action-to-green latency of `labs start` on a real embedded cluster: 20 API writes
# and 20 `kubectl create` runs, each completing one step of a generated lab, timed until the
# step is printed green on the pseudo-terminal `labs start` runs on (p50, p95, max); 20 wrong
# changes, each timed until its reason replaces the status line; and the watch recovery after
# `labs cluster down` and `up` during a walkthrough (3 cycles, on a cluster of its own).
# The test boots its own cluster in a temporary state directory and deletes it afterwards.
# Usage: hack/measure-lab-latency.sh [runs=1]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for i in $(seq "$runs"); do
  LABS_LATENCY_OUT=$out go test -count=1 -run '^(TestActionToGreenLatency|TestWalkShowsWhyAWrongChangeFails|TestWalkReconnectsAfterClusterDownUp)$' ./e2e/labengine/ >/dev/null
done
cat "$out"
