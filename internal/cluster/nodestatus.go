package cluster

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// NodeStatusOf is what the Node object says of a node: its readiness, roles and internal IP.
// Providers add what only they know (static pod directory, log, process).
func NodeStatusOf(n *corev1.Node) NodeStatus {
	ns := NodeStatus{Name: n.Name}
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			ns.Ready = c.Status == corev1.ConditionTrue
		}
	}
	var roles []string
	for k := range n.Labels {
		if r, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok {
			roles = append(roles, r)
		}
	}
	ns.Roles = strings.Join(roles, ",")
	for _, a := range n.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			ns.InternalIP = a.Address
		}
	}
	return ns
}
