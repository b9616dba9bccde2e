#!/usr/bin/env bash
# Time from nothing to the first screen of `labs start demo`, as a learner (or a fresh CI
# runner) meets it, in a clean HOME and temporary directory, on a terminal (script(1) gives it
# a pty):
#   archive  unpack a release archive (default: the snapshot's dist/labs_linux_amd64.tar.gz;
#            the download itself is its size over your bandwidth) and run ./labs start demo
#   gorun    `go run ./cmd/labs start demo` in a fresh clone of this repository, with the Go
#            build cache as it is (warm here; COLD=1 uses an empty GOCACHE, modules still
#            cached: 6-10 min on 2 idle cores)
# The first screen is there when the first step's title is printed. Usage:
#   hack/measure-first-screen.sh archive [ARCHIVE] | hack/measure-first-screen.sh gorun
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
mode=${1:-archive}
work=$(mktemp -d /tmp/fs.XXXX)
# The Go caches stay where they are (a clean HOME would empty them), unless COLD=1.
export GOPATH=$(go env GOPATH) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export HOME=$work/home LABS_STATE_DIR=$work/s
unset XDG_STATE_HOME KUBECONFIG
mkdir -p "$HOME"
labs_bin=
cleanup() {
  [ -z "$labs_bin" ] || "$labs_bin" cluster delete >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }

case "$mode" in
archive)
  archive=$(realpath "${2:-dist/labs_linux_amd64.tar.gz}")
  echo "archive: $(( $(stat -c %s "$archive") / 1048576 )) MiB"
  start=$(now)
  cd "$work" && tar -xzf "$archive" labs
  labs_bin=$work/labs
  cmd="./labs start demo"
  ;;
gorun)
  git clone -q "$repo" "$work/labs-src"
  [ "${COLD:-0}" != 1 ] || export GOCACHE=$work/gocache
  start=$(now)
  cd "$work/labs-src"
  labs_bin=$LABS_STATE_DIR/bin/labs # the copy of itself labs keeps
  cmd="go run ./cmd/labs start demo"
  ;;
*) echo "usage: $0 archive [ARCHIVE] | gorun" >&2; exit 2 ;;
esac

mkfifo "$work/in"
sleep 100000 >"$work/in" & keep=$! # holds the terminal's input open
script -qfc "$cmd" "$work/screen.log" <"$work/in" >/dev/null 2>&1 &
pid=$!
until grep -q "Create the namespace demo" "$work/screen.log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/screen.log"; echo "labs start ended before its first screen" >&2; exit 1; }
  sleep 0.1
done
echo "$mode: first screen after $(echo "$(now) - $start" | bc) s"
echo q >"$work/in"
sleep 1
kill "$pid" "$keep" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
