#!/usr/bin/env bash
# TEST FIXTURE, never for a user's machine. Some Docker engines (this project's CI machines:
# Docker 20.10 whose daemon lacks CAP_SYS_RESOURCE in its bounding set) refuse every
# `docker run --privileged` ("unable to apply caps: operation not permitted"), and kind runs
# every node privileged. This script registers a runtime wrapper as the daemon's default
# runtime that removes CAP_SYS_RESOURCE from the OCI spec runc reads (the bundle's config.json
# of `runc create`, the process file of `runc exec`, i.e. `docker exec`), then execs runc.
#
# It does something only when all hold:
#   - LABS_KIND_TEST_SHIM=1 (the test run asks for it explicitly),
#   - `docker run --privileged` of an empty image fails with "unable to apply caps",
#   - the shim is not installed yet (idempotent).
# It edits /etc/docker/daemon.json (runtimes + default-runtime) and sends SIGHUP to dockerd:
# no restart, running containers stay. See docs/kind.md.
set -euo pipefail
NAME=labs-test-shim
SHIM=/usr/local/bin/$NAME
CONF=/etc/docker/daemon.json

if [ "${LABS_KIND_TEST_SHIM:-}" != 1 ]; then
  echo "test-docker-shim: not asked (LABS_KIND_TEST_SHIM=1 asks); nothing done"
  exit 0
fi
# kind's known issue: three nodes' containerd and kubelets need more inotify instances than
# 128 ("failed to create fsnotify watcher: too many open files"); kind suggests 512.
if [ "$(sysctl -n fs.inotify.max_user_instances)" -lt 512 ] && [ "$(id -u)" = 0 ]; then
  sysctl -qw fs.inotify.max_user_instances=512 && echo "test-docker-shim: fs.inotify.max_user_instances=512 (kind's known issue)"
fi
if [ "$(docker info --format '{{.DefaultRuntime}}')" = "$NAME" ]; then
  echo "test-docker-shim: already the default runtime"
  exit 0
fi
# an empty image: enough to see whether runc accepts a privileged spec
if ! docker image inspect labs.local/empty >/dev/null 2>&1; then
  tar -c -T /dev/null | docker import - labs.local/empty >/dev/null
fi
if out=$(docker run --rm --privileged labs.local/empty /nothing 2>&1); then :; fi
if ! grep -q 'unable to apply caps' <<<"$out"; then
  echo "test-docker-shim: docker run --privileged works here; not needed"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "test-docker-shim: needed, but must run as root" >&2; exit 1; }
RUNC=$(command -v runc)
cat >"$SHIM.tmp" <<SH
#!/bin/sh
# $NAME (labs' tests only): drop CAP_SYS_RESOURCE from the spec runc reads, then run runc.
bundle=; process=; prev=
for a in "\$@"; do
  case "\$prev" in --bundle|-b) bundle=\$a ;; --process|-p) process=\$a ;; esac
  case "\$a" in --bundle=*) bundle=\${a#--bundle=} ;; --process=*) process=\${a#--process=} ;; esac
  prev=\$a
done
strip() {
  [ -f "\$1" ] || return 0
  jq -c 'walk(if type == "array" then map(select(. != "CAP_SYS_RESOURCE")) else . end)' "\$1" >"\$1.labs-shim" && mv "\$1.labs-shim" "\$1"
}
[ -z "\$bundle" ] || strip "\$bundle/config.json"
[ -z "\$process" ] || strip "\$process"
exec $RUNC "\$@"
SH
chmod 0755 "$SHIM.tmp"
mv "$SHIM.tmp" "$SHIM"
mkdir -p /etc/docker
[ -s "$CONF" ] || echo '{}' >"$CONF"
cp "$CONF" "$CONF.before-$NAME"
jq --arg n "$NAME" --arg p "$SHIM" '.runtimes[$n] = {path: $p} | ."default-runtime" = $n' "$CONF" >"$CONF.tmp"
mv "$CONF.tmp" "$CONF"
kill -HUP "$(pidof dockerd)"
for _ in $(seq 50); do
  [ "$(docker info --format '{{.DefaultRuntime}}')" = "$NAME" ] && break
  sleep 0.2
done
if docker run --rm --privileged labs.local/empty /nothing 2>&1 | grep -q 'unable to apply caps'; then
  echo "test-docker-shim: installed, but docker run --privileged still fails" >&2
  exit 1
fi
echo "test-docker-shim: installed $SHIM as the default runtime (was refused: unable to apply caps)"
