#!/usr/bin/env bash
# Measures what the README and the issues report about the embedded cluster:
#   binary size (plain and -s -w); `labs cluster up` wall time until the API server is ready,
#   the default ServiceAccount exists and all three nodes are Ready (median of N runs, fresh
#   state each run, then once more on existing state); `kubectl run` to a Running pod (median of
#   10); RSS of the whole cluster (control plane, nodes, containers) idle with the course note's
#   pods running.
# With COLD_BUILD=1 it also times a cold `go build` in an empty GOCACHE (takes several minutes).
# Usage: hack/measure-cluster.sh [runs=5] [idle_seconds=60]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-60}
work=$(mktemp -d)
export LABS_STATE_DIR=$work/state
trap '"$work/labs" cluster delete >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

if [ "${COLD_BUILD:-0}" = 1 ]; then
  start=$(now)
  GOCACHE=$work/gocache go build -o "$work/labs-cold" ./cmd/labs
  echo "cold go build: $(since "$start") s"
  rm -rf "$work/gocache" "$work/labs-cold"
fi

go build -o "$work/labs" ./cmd/labs
go build -ldflags='-s -w' -o "$work/labs-stripped" ./cmd/labs
mib() { echo "scale=1; $(stat -c %s "$1") / 1048576" | bc; }
echo "binary size: $(mib "$work/labs") MiB plain, $(mib "$work/labs-stripped") MiB with -s -w"
labs() { "$work/labs" "$@"; }
kubectl() { "$work/labs" kubectl "$@"; }

times=()
for i in $(seq "$runs"); do
  labs cluster delete >/dev/null 2>&1 || true
  start=$(now)
  labs cluster up >/dev/null
  times+=("$(since "$start")")
  [ "$i" = "$runs" ] || labs cluster down >/dev/null
done
echo "cluster up to 3 Ready nodes + default SA (fresh state): median $(printf '%s\n' "${times[@]}" | median) s of: ${times[*]}"
labs cluster down >/dev/null
start=$(now)
labs cluster up >/dev/null
echo "cluster up (existing state): $(since "$start") s"

# kubectl run -> Running, as the learner sees it: the time until `kubectl get` says Running.
runs10=()
for i in $(seq 10); do
  start=$(now)
  kubectl run "lat$i" --image=busybox -- sleep 100000 >/dev/null
  until [ "$(kubectl get pod "lat$i" -o jsonpath='{.status.phase}')" = Running ]; do sleep 0.05; done
  runs10+=("$(since "$start")")
done
echo "kubectl run to Running: median $(printf '%s\n' "${runs10[@]}" | median) s of: ${runs10[*]}"
kubectl delete pod $(for i in $(seq 10); do echo "lat$i"; done) --now >/dev/null

# The course note's pods: web, my-pod (nginx + busybox), client, the init-container pod.
kubectl apply -f hack/course-note-pods.yaml >/dev/null
kubectl wait --for=condition=Ready pod --all --timeout=60s >/dev/null

pid=$(labs cluster status -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
sleep "$idle"
# Every process descending from the cluster process: control plane, nodes, containers.
tree() { echo "$1"; for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done; }
# RSS counts the pages of the labs binary shared by all its processes once per process; PSS
# divides shared pages among their users, so its sum is the memory the cluster really takes.
total=0; pss=0; count=0
for p in $(tree "$pid"); do
  kb=$(awk '/VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
  pkb=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
  total=$((total + ${kb:-0})); pss=$((pss + ${pkb:-0})); count=$((count + 1))
done
cp_kb=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
echo "memory after ${idle}s idle with the note's pods running, $count processes: RSS sum $((total / 1024)) MiB, PSS sum $((pss / 1024)) MiB (control plane RSS $((cp_kb / 1024)) MiB)"
for n in $(labs cluster status -o json | python3 -c 'import json,sys; [print(n["name"], n["pid"]) for n in json.load(sys.stdin)["nodes"]]' | awk '{print $2}'); do
  echo "  node process $n: $(( $(awk '/VmRSS/ {print $2}' /proc/"$n"/status) / 1024 )) MiB"
done
