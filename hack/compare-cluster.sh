#!/usr/bin/env bash
# Compares the embedded cluster of the working tree with that of one or more earlier commits on
# this machine, in one invocation. It builds each binary once (each earlier commit in a temporary
# `git worktree`, its binary cached by commit under ${XDG_CACHE_HOME:-~/.cache}/labs-compare),
# then alternates fresh boots of them, RUNS times each, the order rotated every round, so that a
# shared, loaded machine slows all alike. Each boot measures:
#   boot      `labs cluster up` on a fresh state directory until it returns (API server ready,
#             the default ServiceAccount, three Ready nodes)
#   run       `kubectl run` to a Running pod, as `kubectl get` reports it (3 pods per boot)
#   rss/pss   after IDLE seconds idle with the course note's pods running: the sum over the
#             cluster process and everything under it (nodes, containers); RSS counts the
#             binary's shared pages once per process, PSS splits them, so PSS is what the
#             cluster really takes; anon is the part that is no file's pages (heaps, stacks),
#             which the kernel cannot drop under memory pressure as it drops the binary's
#             clean pages; cp-rss and nodes-rss are the control plane's and the node
#             processes' own
#   test      with LAB set (default demo): `labs test LAB` cold, i.e. on its own throwaway
#             cluster, and `grade`, `labs grade LAB` of a submission made of the lab's solutions
# It prints the medians, their ratio (working tree / the first base) and every sample, with
# `uptime` before and after; with the working tree's binary it also prints its last boot's
# timeline (the `labs: boot` lines of the control-plane log). Everything it starts is deleted on
# exit.
# Usage: hack/compare-cluster.sh [runs=3] [base=0ac717c] [more bases...]
# Environment: IDLE=30 (seconds before memory is read), LAB=demo (empty: skip test and grade).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
bases=("${@:-0ac717c}")
idle=${IDLE:-30}
lab=${LAB-demo}
labels=()
for b in "${bases[@]}"; do labels+=("$(git rev-parse --short "$(git rev-parse --verify "$b^{commit}")")"); done
labels+=(new)

work=$(mktemp -d "${TMPDIR:-/tmp}/labs-cmp.XXXXXX")
results=$work/results
cleanup() {
  for st in "$work"/s-*; do
    [ -d "$st" ] || continue
    for bin in "$work"/bin-*; do
      [ -x "$bin" ] && LABS_STATE_DIR=$st "$bin" cluster delete >/dev/null 2>&1 || true
    done
  done
  if [ -d "$work/src" ]; then git worktree remove --force "$work/src" >/dev/null 2>&1 || true; fi
  git worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
log() { echo "$*" >&2; }

# Build each binary once: the working tree as it is (uncommitted changes included), each base
# from a clean checkout of its commit.
log "building the working tree ..."
go build -o "$work/build-new" ./cmd/labs
# Copied like the bases: a binary the linker just wrote has more of its pages resident in each
# process that maps it (measured: ~60-180 MiB more RSS over the cluster's four processes) than a
# copy of it has, which would make the memory of the working tree look worse than it is.
cp "$work/build-new" "$work/bin-new"
rm "$work/build-new"
for b in "${bases[@]}"; do
  sha=$(git rev-parse --verify "$b^{commit}")
  short=$(git rev-parse --short "$sha")
  cache=${LABS_COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/labs-compare}/$sha
  if [ ! -x "$cache/labs" ]; then
    log "building $short in a temporary worktree ..."
    git worktree add --detach "$work/src" "$sha" >/dev/null 2>&1
    mkdir -p "$cache"
    (cd "$work/src" && go build -o "$cache/labs.tmp" ./cmd/labs)
    mv "$cache/labs.tmp" "$cache/labs"
    git worktree remove --force "$work/src"
  fi
  cp "$cache/labs" "$work/bin-$short"
done

# A submission for `labs grade`: each step's reference solution as its script.
if [ -n "$lab" ]; then
  mkdir -p "$work/submission/steps"
  python3 - "scenarios/$lab.yaml" "$work/submission/steps" <<'PY'
import sys, yaml
lab = yaml.safe_load(open(sys.argv[1]))
for step in lab["steps"]:
    if step.get("solution"):
        open(f"{sys.argv[2]}/{step['id']}.sh", "w").write(step["solution"])
PY
fi

record() { echo "$1 $2 $3" >>"$results"; }

# tree PID: the process and all its descendants.
tree() { echo "$1"; for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done; }
rss_kb() { awk '/^VmRSS/ {print $2}' /proc/"$1"/status 2>/dev/null || echo 0; }

measure() { # label binary round
  local label=$1 bin=$2 round=$3
  local st=$work/s-$label-$round
  export LABS_STATE_DIR=$st
  labs() { "$bin" "$@"; }
  kubectl() { "$bin" kubectl "$@"; }

  local start
  start=$(now)
  labs cluster up >/dev/null
  record "$label" boot "$(since "$start")"

  for j in 1 2 3; do
    start=$(now)
    kubectl run "lat$j" --image=busybox -- sleep 100000 >/dev/null
    until [ "$(kubectl get pod "lat$j" -o jsonpath='{.status.phase}')" = Running ]; do sleep 0.05; done
    record "$label" run "$(since "$start")"
  done
  kubectl delete pod lat1 lat2 lat3 --now >/dev/null

  # The course note's pods: web, my-pod (nginx + busybox), client, the init-container pod.
  kubectl apply -f hack/course-note-pods.yaml >/dev/null
  kubectl wait --for=condition=Ready pod --all --timeout=90s >/dev/null
  sleep "$idle"
  local json pid total=0 pss=0 anon=0 nodes=0 p
  json=$(labs cluster status -o json)
  pid=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])' <<<"$json")
  for p in $(tree "$pid"); do
    total=$((total + $(rss_kb "$p")))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)))
    anon=$((anon + $(awk '/^Anonymous:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)))
  done
  for p in $(python3 -c 'import json,sys; [print(n["pid"]) for n in json.load(sys.stdin)["nodes"]]' <<<"$json"); do
    nodes=$((nodes + $(rss_kb "$p")))
  done
  record "$label" rss-MiB $((total / 1024))
  record "$label" pss-MiB $((pss / 1024))
  record "$label" anon-MiB $((anon / 1024))
  record "$label" cp-rss-MiB $(($(rss_kb "$pid") / 1024))
  record "$label" nodes-rss-MiB $((nodes / 1024))
  if [ "$label" = new ]; then
    grep 'labs: boot' "$st/clusters/labs/logs/control-plane.log" >"$work/timeline" 2>/dev/null || true
  fi
  labs cluster delete >/dev/null

  if [ -n "$lab" ]; then
    start=$(now)
    labs test "$lab" >"$work/test.out" 2>&1 || { log "labs test $lab failed ($label):"; cat "$work/test.out" >&2; }
    record "$label" "test-$lab" "$(since "$start")"
    start=$(now)
    labs grade "$lab" --submission "$work/submission" >"$work/grade.out" 2>&1 || { log "labs grade $lab failed ($label):"; cat "$work/grade.out" >&2; }
    record "$label" "grade-$lab" "$(since "$start")"
  fi
  unset LABS_STATE_DIR
  rm -rf "$st"
}

before=$(uptime)
n=${#labels[@]}
for round in $(seq "$runs"); do
  for k in $(seq 0 $((n - 1))); do
    label=${labels[$(((k + round - 1) % n))]}
    log "round $round/$runs: $label"
    measure "$label" "$work/bin-$label" "$round"
  done
done
after=$(uptime)

echo "hack/compare-cluster.sh $runs ${bases[*]}: working tree ($(git describe --always --dirty)) against ${labels[*]:0:n-1}, $runs alternating fresh boots each, IDLE=$idle"
echo "uptime before: $before"
echo "uptime after:  $after"
awk -v labels="${labels[*]}" '
  BEGIN { nl = split(labels, lab, " ") }
  { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    vals[$1, key] = vals[$1, key] " " $3 }
  function median(s,   a, k, i, j, t) {
    k = split(s, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    printf "%-15s", "metric"; for (l = 1; l <= nl; l++) printf " %10s", lab[l]
    printf " %9s   samples (%s)\n", "new/" lab[1], labels
    for (i = 1; i <= n; i++) {
      k = order[i]; printf "%-15s", k
      for (l = 1; l <= nl; l++) { m[l] = median(vals[lab[l], k]); printf " %10.2f", m[l] }
      printf " %9.2f  ", (m[1] ? m[nl] / m[1] : 0)
      for (l = 1; l <= nl; l++) printf "%s%s", (l > 1 ? " |" : ""), vals[lab[l], k]
      printf "\n"
    }
  }' "$results"
if [ -s "$work/timeline" ]; then
  echo "boot timeline of the working tree's last boot (seconds since the cluster process started):"
  sed 's/^.*labs: boot /  /' "$work/timeline"
fi
