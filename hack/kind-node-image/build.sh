#!/usr/bin/env bash
# Builds an offline kind node image for labs' tests: a TEST FIXTURE for machines whose Docker
# engine has no images and no registry access (users get kind's default image from Docker Hub).
# Everything comes from Debian (debootstrap) and the Go module proxy; kind's base files are read
# from the sigs.k8s.io/kind module at build time (never copied into this repository). Debian's
# packages are used where their version works (runc, the CNI plugins, the registry): each Go
# build left costs minutes on these machines (docs/kind.md has the numbers).
#
#   hack/kind-node-image/build.sh            build (each finished layer is skipped on a rerun)
#   hack/kind-node-image/build.sh registry   (re)start the local registry container that serves
#                                            the labs' own images (nginx, busybox) to the nodes
#   hack/kind-node-image/build.sh status     what is built, what is left
#
# Result: the image $IMAGE (default labs.local/kind-node:v1.37.2) and a registry container
# "labs-registry" on the docker network "kind", which the image's containerd uses as docker.io's
# mirror (kind's local-registry guide). Work files go to $LABS_KIND_BUILD (default
# /var/tmp/labs-kind-node), timings to $LABS_KIND_BUILD/times.log. See docs/kind.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD

K8S_VERSION=v1.37.2
KIND_VERSION=v0.33.0
CONTAINERD=github.com/containerd/containerd/v2@v2.3.4
FUSE=github.com/containerd/fuse-overlayfs-snapshotter/v2@v2.1.7
SUITE=bookworm # systemd 252: cgroup v1 still works (systemd >= 256 refuses it)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

W=${LABS_KIND_BUILD:-/var/tmp/labs-kind-node}
IMAGE=${IMAGE:-labs.local/kind-node:$K8S_VERSION}
REGISTRY_NAME=labs-registry
mkdir -p "$W/stamps" "$W/bin" "$W/images" "$W/src" "$W/debcache"
export GOFLAGS=-mod=mod

log() { printf '%s %s\n' "$(date +%T)" "$*"; }
# layer NAME CMD...: runs CMD unless NAME finished before; records its time.
layer() {
  local name=$1; shift
  if [ -e "$W/stamps/$name" ]; then log "= $name (done before)"; return; fi
  log "> $name"
  local t0=$SECONDS
  "$@"
  touch "$W/stamps/$name"
  local dt=$((SECONDS - t0))
  log "< $name ${dt}s"
  echo "$(date -Is) $name ${dt}s" >>"$W/times.log"
}

moddir() { go mod download -json "$1" | jq -r .Dir; }
KIND_DIR=$(cd "$REPO" && moddir sigs.k8s.io/kind@$KIND_VERSION)
KIND_BASE=$KIND_DIR/images/base/files

# srcof MOD@VER: a writable copy of the module's source (the module cache is read-only).
srcof() {
  local dst="$W/src/$(echo "$1" | tr '/@' '__')"
  if [ ! -d "$dst" ]; then
    local d; d=$(moddir "$1")
    cp -r "$d" "$dst.tmp" && chmod -R u+w "$dst.tmp" && mv "$dst.tmp" "$dst"
  fi
  echo "$dst"
}

# --- Debian root file systems ------------------------------------------------------------
# runc (1.1.5) and containernetworking-plugins (1.1.1, CNI spec 1.0.0) from Debian: containerd 2.x
# runs runc >= 1.1, and the static CNI needs only ptp, host-local, loopback and portmap.
# No crictl: kubeadm >= 1.31 talks CRI itself, and kind runs crictl only for `kind export logs`
# and `kind load`, which labs does not use.
NODE_PKGS=systemd,systemd-sysv,dbus,conntrack,iptables,nftables,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,pigz,fuse-overlayfs,bash,ca-certificates,curl,jq,procps,e2fsprogs,runc,containernetworking-plugins
rootfs_node() {
  rm -rf "$W/rootfs.tmp"
  debootstrap --variant=minbase --cache-dir="$W/debcache" --include=$NODE_PKGS $SUITE "$W/rootfs.tmp" "$MIRROR"
  rm -rf "$W/rootfs" && mv "$W/rootfs.tmp" "$W/rootfs"
}
rootfs_apps() {
  # nginx and busybox for the labs' own images; Debian's docker-registry (distribution 2.8) serves them
  rm -rf "$W/apps.tmp"
  debootstrap --variant=minbase --cache-dir="$W/debcache" --include=nginx-light,busybox-static,docker-registry $SUITE "$W/apps.tmp" "$MIRROR"
  rm -rf "$W/apps" && mv "$W/apps.tmp" "$W/apps"
}

# --- Go builds (nice: the machine is shared) ---------------------------------------------
gob() { nice -n 19 go build "$@"; }
build_containerd() {
  local s; s=$(srcof $CONTAINERD)
  (cd "$s" && CGO_ENABLED=0 gob -tags "no_aufs no_zfs no_btrfs no_devmapper" \
    -ldflags "-X github.com/containerd/containerd/v2/version.Version=v2.3.4" \
    -o "$W/bin/" ./cmd/containerd ./cmd/ctr ./cmd/containerd-shim-runc-v2)
}
build_fuse() {
  local s; s=$(srcof $FUSE)
  (cd "$s" && CGO_ENABLED=0 gob -o "$W/bin/containerd-fuse-overlayfs-grpc" ./cmd/containerd-fuse-overlayfs-grpc)
}
registry_bin() {
  # Debian's docker-registry, from the apps rootfs (it needs only libc, which bin_rootfs copies)
  cp "$W/apps/usr/bin/docker-registry" "$W/bin/registry"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/registry\nhttp:\n  addr: :5000\n' >"$W/bin/registry-config.yml"
}
build_pause() {
  # the pause.c of Kubernetes' own pause image, from the k8s.io/kubernetes module
  local d; d=$(cd "$REPO" && moddir k8s.io/kubernetes@$K8S_VERSION)
  gcc -Os -static -o "$W/bin/pause" "$d/build/pause/linux/pause.c"
}
# Kubernetes: in a module with this project's go.mod (same versions, same replace block) and
# the same build flags as the project (no -trimpath, no extra tags, cgo as the default), so the
# packages the project already compiled come from the shared Go build cache; only the link
# differs, with upstream's version stamps (kubeadm checks them).
K8S_LDFLAGS=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=37 -X $pkg.gitTreeState=clean -X $pkg.buildDate=2026-01-01T00:00:00Z"
done
k8smod() {
  mkdir -p "$W/k8smod/cmd/etcd"
  cp "$REPO/go.mod" "$REPO/go.sum" "$W/k8smod/"
  sed -i 's#^module .*#module labs.local/kindnode#' "$W/k8smod/go.mod"
  cat >"$W/k8smod/cmd/etcd/main.go" <<'GO'
// etcd for the offline kind node image: the etcd server of this module graph.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
}
build_k8s() {
  k8smod
  (cd "$W/k8smod" && gob -ldflags "$K8S_LDFLAGS" -o "$W/bin/$1" "k8s.io/kubernetes/cmd/$1")
}
build_etcd() {
  k8smod
  (cd "$W/k8smod" && gob -o "$W/bin/etcd" ./cmd/etcd)
}

# --- images --------------------------------------------------------------------------------
# mkimage TAG DIR [--change ...]: a FROM-scratch image of DIR's contents.
mkimage() {
  local tag=$1 dir=$2; shift 2
  tar -C "$dir" -c . | docker import "$@" - "$tag" >/dev/null
}
# bin_rootfs DIR BIN...: the binaries under /usr/local/bin with the shared libraries they need.
bin_rootfs() {
  local dir=$1; shift
  rm -rf "$dir"; mkdir -p "$dir/usr/local/bin" "$dir/tmp" "$dir/etc"
  chmod 1777 "$dir/tmp"
  echo 'hosts: files dns' >"$dir/etc/nsswitch.conf"
  local b lib
  for b in "$@"; do
    cp "$W/bin/$b" "$dir/usr/local/bin/"
    for lib in $(ldd "$W/bin/$b" 2>/dev/null | grep -o '/[^ ]*' || true); do
      mkdir -p "$dir$(dirname "$lib")"
      cp -L "$lib" "$dir$lib"
    done
  done
}
images_k8s() {
  local list; list=$("$W/bin/kubeadm" config images list --kubernetes-version $K8S_VERSION)
  echo "$list" >"$W/images/kubeadm-images.txt"
  local img name
  for img in $list; do
    name=${img##*/}; name=${name%%:*}
    case $name in
      kube-apiserver | kube-controller-manager | kube-scheduler | etcd)
        local bin=$name
        bin_rootfs "$W/img-$name" "$bin"
        mkimage "$img" "$W/img-$name"
        ;;
      pause)
        rm -rf "$W/img-pause"; mkdir -p "$W/img-pause"; cp "$W/bin/pause" "$W/img-pause/pause"
        mkimage "$img" "$W/img-pause" --change 'ENTRYPOINT ["/pause"]'
        # kind's containerd config names pause:3.10 as the sandbox image
        docker tag "$img" registry.k8s.io/pause:3.10
        ;;
      *) log "  skipping $img (kube-proxy and coredns are skipped by the cluster config)" ;;
    esac
  done
  local tags; tags=$(grep -v -e kube-proxy -e coredns "$W/images/kubeadm-images.txt"; echo registry.k8s.io/pause:3.10)
  docker save -o "$W/images/k8s.tar" $tags
}
images_apps() {
  # busybox: the static binary and its applets
  rm -rf "$W/img-busybox"; mkdir -p "$W/img-busybox/bin" "$W/img-busybox/tmp" "$W/img-busybox/etc"
  cp "$W/apps/bin/busybox" "$W/img-busybox/bin/busybox"
  local a
  for a in $("$W/img-busybox/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$W/img-busybox/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$W/img-busybox/etc/passwd"
  # Debian's busybox has no printenv applet (the official image's has): a script instead
  if [ ! -e "$W/img-busybox/bin/printenv" ]; then
    cat >"$W/img-busybox/bin/printenv" <<'SH'
#!/bin/sh
[ $# -eq 0 ] && exec env
rc=0
for v in "$@"; do
  if eval "[ -n \"\${$v+set}\" ]"; then eval "printf '%s\n' \"\$$v\""; else rc=1; fi
done
exit $rc
SH
    chmod 0755 "$W/img-busybox/bin/printenv"
  fi
  mkimage labs.local/busybox:latest "$W/img-busybox" --change 'CMD ["sh"]' --change 'ENV PATH=/bin'
  # nginx: Debian's nginx-light, logging to the container's output like the official image
  rm -rf "$W/img-nginx"; cp -a "$W/apps" "$W/img-nginx"
  ln -sf /dev/stdout "$W/img-nginx/var/log/nginx/access.log"
  ln -sf /dev/stderr "$W/img-nginx/var/log/nginx/error.log"
  mkdir -p "$W/img-nginx/usr/share/nginx/html"
  cp "$W/img-nginx/var/www/html/"index*.html "$W/img-nginx/usr/share/nginx/html/index.html" 2>/dev/null || echo '<h1>Welcome to nginx!</h1>' >"$W/img-nginx/usr/share/nginx/html/index.html"
  sed -i 's#root /var/www/html;#root /usr/share/nginx/html;#' "$W/img-nginx/etc/nginx/sites-available/default"
  mkimage labs.local/nginx:latest "$W/img-nginx" --change 'CMD ["nginx","-g","daemon off;"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'EXPOSE 80'
  # the registry itself
  bin_rootfs "$W/img-registry" registry
  mkdir -p "$W/img-registry/etc/distribution" "$W/img-registry/var/lib/registry"
  cp "$W/bin/registry-config.yml" "$W/img-registry/etc/distribution/config.yml"
  mkimage labs.local/registry:v2 "$W/img-registry" --change 'ENTRYPOINT ["/usr/local/bin/registry","serve","/etc/distribution/config.yml"]' --change 'EXPOSE 5000'
}

# --- the node image --------------------------------------------------------------------------
node_rootfs() {
  local r="$W/node"
  rm -rf "$r"; cp -a "$W/rootfs" "$r"
  # kind's base image files, as its Dockerfile installs them
  install -m 0755 "$KIND_BASE"/usr/local/bin/* "$r/usr/local/bin/"
  mkdir -p "$r/kind/bin" "$r/kind/manifests" "$r/LICENSES" "$r/etc/containerd" "$r/etc/kubernetes/manifests" "$r/opt/cni/bin" "$r/etc/cni/net.d"
  install -m 0644 "$KIND_BASE"/kind/README.txt "$r/kind/" 2>/dev/null || true
  install -m 0755 "$KIND_BASE"/kind/bin/* "$r/kind/bin/"
  install -m 0644 "$KIND_BASE"/etc/crictl.yaml "$r/etc/"
  install -m 0644 "$KIND_BASE"/etc/containerd/* "$r/etc/containerd/"
  install -m 0644 "$KIND_BASE"/etc/default/* "$r/etc/default/"
  install -m 0644 "$KIND_BASE"/etc/sysctl.d/* "$r/etc/sysctl.d/"
  install -m 0644 "$KIND_BASE"/etc/systemd/system/*.service "$KIND_BASE"/etc/systemd/system/*.slice "$r/etc/systemd/system/"
  mkdir -p "$r/etc/systemd/system/kubelet.service.d"
  install -m 0644 "$KIND_BASE"/etc/systemd/system/kubelet.service.d/* "$r/etc/systemd/system/kubelet.service.d/"
  # the cleanup kind's Dockerfile does after installing packages
  find "$r/lib/systemd/system/sysinit.target.wants/" -name "systemd-tmpfiles-setup.service" -delete
  rm -f "$r"/lib/systemd/system/multi-user.target.wants/* "$r"/etc/systemd/system/*.wants/* \
    "$r"/lib/systemd/system/local-fs.target.wants/* "$r"/lib/systemd/system/sockets.target.wants/*udev* \
    "$r"/lib/systemd/system/sockets.target.wants/*initctl* "$r"/lib/systemd/system/basic.target.wants/*
  echo "ReadKMsg=no" >>"$r/etc/systemd/journald.conf"
  ln -sf /usr/lib/systemd/systemd "$r/sbin/init"
  # binaries
  install -m 0755 "$W/bin/containerd" "$W/bin/ctr" "$W/bin/containerd-shim-runc-v2" "$W/bin/containerd-fuse-overlayfs-grpc" "$r/usr/local/bin/"
  local p
  for p in host-local loopback ptp portmap; do ln -sf /usr/lib/cni/$p "$r/opt/cni/bin/$p"; done
  install -m 0755 "$W/bin/kubeadm" "$W/bin/kubelet" "$W/bin/kubectl" "$r/usr/bin/"
  "$W/bin/ctr" oci spec | jq '.hooks.createContainer[.hooks.createContainer| length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' |
    jq 'del(.process.rlimits)' >"$r/etc/containerd/cri-base.json"
  echo "$K8S_VERSION" >"$r/kind/version"
  # Engines that need the test-only runtime shim run the node without CAP_SYS_RESOURCE, so no
  # process in it may lower an oom_score_adj: let containerd keep the pods' at or above its own
  # (kind does the same for rootless nodes).
  sed -i 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' "$r/etc/containerd/config.toml"
  # docker.io (and labs.local) through the local registry, as kind's local-registry guide does
  cat >>"$r/etc/containerd/config.toml" <<TOML

# labs offline node image: registries from /etc/containerd/certs.d (docker.io -> $REGISTRY_NAME)
[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "/etc/containerd/certs.d"
TOML
  mkdir -p "$r/etc/containerd/certs.d/docker.io"
  cat >"$r/etc/containerd/certs.d/docker.io/hosts.toml" <<TOML
server = "https://registry-1.docker.io"
[host."http://$REGISTRY_NAME:5000"]
  capabilities = ["pull", "resolve"]
TOML
  # images kubeadm needs, imported into containerd at boot, before the kubelet starts
  mkdir -p "$r/kind/images"
  cp "$W/images/k8s.tar" "$r/kind/images/"
  cat >"$r/etc/systemd/system/labs-import-images.service" <<'UNIT'
[Unit]
Description=import the node image's Kubernetes images into containerd (labs offline image)
After=containerd.service
Requires=containerd.service
Before=kubelet.service multi-user.target
ConditionPathExists=!/var/lib/labs-images-imported
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'for f in /kind/images/*.tar; do ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned --all-platforms --no-unpack --digests "$f" || exit 1; done; touch /var/lib/labs-images-imported'
[Install]
WantedBy=multi-user.target
UNIT
  # a static CNI instead of kindnetd: ptp + host-local on the node's podCIDR, routes to the
  # other nodes' podCIDRs (all nodes share the docker network "kind")
  install -m 0755 "$REPO/hack/kind-node-image/labs-cni.sh" "$r/usr/local/bin/labs-cni"
  cat >"$r/etc/systemd/system/labs-cni.service" <<'UNIT'
[Unit]
Description=static pod network (labs offline image; kind's image runs kindnetd instead)
After=kubelet.service
[Service]
ExecStart=/usr/local/bin/labs-cni
Restart=always
RestartSec=2
[Install]
WantedBy=multi-user.target
UNIT
  cat >"$r/kind/manifests/default-cni.yaml" <<'YAML'
# labs offline node image: the pod network is static (labs-cni.service on each node), not a DaemonSet.
apiVersion: v1
kind: ConfigMap
metadata:
  name: labs-static-cni
  namespace: kube-system
data:
  note: "ptp + host-local per node's podCIDR, routes by labs-cni.service"
YAML
  chroot "$r" systemctl enable kubelet.service containerd.service undo-mount-hacks.service labs-import-images.service labs-cni.service
  chroot "$r" systemctl mask systemd-binfmt.service
}
node_image() {
  mkimage "$IMAGE-rootfs" "$W/node"
  local ctx="$W/dockerfile"
  mkdir -p "$ctx"
  # docker import --change refuses STOPSIGNAL on Docker 20.10: a two-line build instead
  cat >"$ctx/Dockerfile" <<DF
FROM $IMAGE-rootfs
ENV container=docker
STOPSIGNAL SIGRTMIN+3
LABEL dev.labs.kind.skip-phases="addon/coredns" dev.labs.kind.kube-proxy-mode="none"
ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]
DF
  DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" "$ctx" >/dev/null
  docker rmi "$IMAGE-rootfs" >/dev/null 2>&1 || true
  docker image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "image %s: %.0f MB\n", "'"$IMAGE"'", $1/1e6}' | tee -a "$W/times.log"
}

# --- the local registry ------------------------------------------------------------------
registry() {
  docker network inspect kind >/dev/null 2>&1 || docker network create kind >/dev/null
  if [ "$(docker inspect -f '{{.State.Running}}' $REGISTRY_NAME 2>/dev/null)" != true ]; then
    docker rm -f $REGISTRY_NAME >/dev/null 2>&1 || true
    docker run -d --restart=always --name $REGISTRY_NAME --network kind -p 127.0.0.1:5001:5000 labs.local/registry:v2 >/dev/null
  fi
  local i
  for i in $(seq 50); do curl -fsS http://127.0.0.1:5001/v2/ >/dev/null 2>&1 && break; sleep 0.2; done
  # the tags the built-in labs name (deployments rolls nginx from 1.27 to 1.28): the same Debian
  # nginx under each, since the labs look at the tag, not at the version inside
  local ref
  for ref in nginx:latest nginx:1.27 nginx:1.28 busybox:latest; do
    docker tag "labs.local/${ref%%:*}:latest" "127.0.0.1:5001/library/$ref"
    docker push -q "127.0.0.1:5001/library/$ref" >/dev/null
  done
  log "registry $REGISTRY_NAME serves docker.io/library/{nginx:latest,nginx:1.27,nginx:1.28,busybox:latest} on network kind"
}

status() {
  local s
  for s in rootfs-node rootfs-apps containerd fuse registry-bin pause kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler etcd images-k8s images-apps node-rootfs node-image; do
    if [ -e "$W/stamps/$s" ]; then echo "done  $s"; else echo "todo  $s"; fi
  done
  [ -f "$W/times.log" ] && cat "$W/times.log"
  return 0
}

case "${1:-build}" in
  status) status; exit ;;
  registry) registry; exit ;;
  build) ;;
  *) echo "usage: $0 [build|registry|status]" >&2; exit 2 ;;
esac

docker info >/dev/null 2>&1 || { echo "build.sh: docker info fails: a Docker engine is needed" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is needed (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (debootstrap, chroot)" >&2; exit 1; }
T0=$SECONDS
# Stamps kept while the Docker engine lost its images (a new daemon, a prune): the layers that
# made Docker images run again.
docker image inspect "$IMAGE" >/dev/null 2>&1 || rm -f "$W/stamps/node-image"
for img in labs.local/registry:v2 labs.local/nginx:latest labs.local/busybox:latest; do
  docker image inspect "$img" >/dev/null 2>&1 || rm -f "$W/stamps/images-apps"
done
# Two lanes at once: the Debian root file systems (mostly download and dpkg, one core) beside the
# Go builds (which use both cores); each lane's layers in order.
debian_lane() {
  layer rootfs-node rootfs_node
  layer rootfs-apps rootfs_apps
  layer registry-bin registry_bin
}
go_lane() {
  layer pause build_pause
  layer containerd build_containerd
  layer fuse build_fuse
  local c
  for c in kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler; do
    layer $c build_k8s $c
  done
  layer etcd build_etcd
}
debian_lane &
DEB_PID=$!
go_lane
wait $DEB_PID
layer images-k8s images_k8s
layer images-apps images_apps
layer node-rootfs node_rootfs
layer node-image node_image
registry
log "done in $((SECONDS - T0))s: $IMAGE"
