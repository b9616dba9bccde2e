package cluster

import (
	"context"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
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

// ServerNodes asks the API server behind client for its version and its nodes, for a
// provider's Status: st is marked running with the version when the server answers; the
// nodes are nil when it does not, or when listing them fails.
func ServerNodes(ctx context.Context, st *Status, client kubernetes.Interface) []corev1.Node {
	v, err := client.Discovery().ServerVersion()
	if err != nil {
		return nil
	}
	st.Running, st.Version = true, v.GitVersion
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil
	}
	return nodes.Items
}
