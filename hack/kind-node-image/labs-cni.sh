#!/bin/bash
# labs' offline kind node image: a static pod network instead of kindnetd (whose sources are not
# obtainable offline). Once the kubelet has its kubeconfig, it writes a CNI config for the node's
# podCIDR (ptp + host-local, masquerading traffic that leaves the pod network) and keeps a route
# to every other node's podCIDR through that node's address on the docker network "kind".
set -u
KC=/etc/kubernetes/kubelet.conf
CONF=/etc/cni/net.d/10-labs.conflist
node=$(hostname)
k() { kubectl --kubeconfig "$KC" --request-timeout=5s "$@"; }
while :; do
  if [ -f "$KC" ]; then
    if [ ! -f "$CONF" ]; then
      cidr=$(k get node "$node" -o jsonpath='{.spec.podCIDR}' 2>/dev/null || true)
      if [ -n "$cidr" ]; then
        cat >"$CONF.tmp" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "labs",
  "plugins": [
    {"type": "ptp", "ipMasq": true, "mtu": 1500,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$cidr"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
        mv "$CONF.tmp" "$CONF"
        echo "labs-cni: $node pods in $cidr"
      fi
    fi
    k get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}' 2>/dev/null |
      while read -r n c ip; do
        if [ "$n" != "$node" ] && [ -n "$c" ] && [ -n "$ip" ]; then
          ip route replace "$c" via "$ip" 2>/dev/null || true
        fi
      done
  fi
  sleep 5
done
