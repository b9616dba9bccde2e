// Package nodeinit is the embedded cluster's stand-in for a cloud controller manager's node
// controller: it gives each new node its address and roles, then lets pods onto it.
package nodeinit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/klog/v2"

	"github.com/labs-dev/labs/internal/node"
)

// Run initialises nodes until ctx ends. ips maps each node name to its InternalIP.
func Run(ctx context.Context, client kubernetes.Interface, ips map[string]string) {
	lw := cache.NewListWatchFromClient(client.CoreV1().RESTClient(), "nodes", metav1.NamespaceAll, fields.Everything())
	queue := make(chan string, 64)
	_, informer := cache.NewInformerWithOptions(cache.InformerOptions{
		ListerWatcher: lw,
		ObjectType:    &corev1.Node{},
		Handler: cache.ResourceEventHandlerFuncs{
			AddFunc:    func(obj any) { enqueue(queue, obj) },
			UpdateFunc: func(_, obj any) { enqueue(queue, obj) },
		},
	})
	go informer.Run(ctx.Done())
	for {
		select {
		case <-ctx.Done():
			return
		case name := <-queue:
			err := wait.ExponentialBackoffWithContext(ctx, wait.Backoff{Duration: 100 * time.Millisecond, Factor: 2, Steps: 6},
				func(ctx context.Context) (bool, error) {
					if err := initialise(ctx, client, name, ips[name]); err != nil {
						klog.FromContext(ctx).Info("Initialising node failed, retrying", "node", name, "err", err)
						return false, nil
					}
					return true, nil
				})
			if err != nil && ctx.Err() == nil {
				klog.FromContext(ctx).Error(err, "Could not initialise node", "node", name)
			}
		}
	}
}

func enqueue(queue chan<- string, obj any) {
	n, ok := obj.(*corev1.Node)
	if !ok || !needsInit(n) {
		return
	}
	queue <- n.Name
}

func needsInit(n *corev1.Node) bool {
	for _, t := range n.Spec.Taints {
		if t.Key == node.TaintUninitialized {
			return true
		}
	}
	return n.Labels[node.LabelRole] == "control-plane" && !hasLabel(n, "node-role.kubernetes.io/control-plane")
}

func hasLabel(n *corev1.Node, key string) bool { _, ok := n.Labels[key]; return ok }

// initialise sets the node's addresses first (the API server reaches kubelets by InternalIP),
// then its role label, then removes the taint that kept pods away.
func initialise(ctx context.Context, client kubernetes.Interface, name, ip string) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		n, err := client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if !needsInit(n) {
			return nil
		}
		if ip == "" {
			return fmt.Errorf("node %s is not one of this cluster's nodes", name)
		}
		want := []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: ip}, {Type: corev1.NodeHostName, Address: name}}
		if !sameAddresses(n.Status.Addresses, want) {
			n.Status.Addresses = want
			if n, err = client.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
		if n.Labels[node.LabelRole] == "control-plane" {
			n.Labels["node-role.kubernetes.io/control-plane"] = ""
			n.Labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
		}
		var taints []corev1.Taint
		for _, t := range n.Spec.Taints {
			if t.Key != node.TaintUninitialized {
				taints = append(taints, t)
			}
		}
		n.Spec.Taints = taints
		_, err = client.CoreV1().Nodes().Update(ctx, n, metav1.UpdateOptions{})
		return err
	})
}

func sameAddresses(a, b []corev1.NodeAddress) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// MarkDown sets the node's Ready condition to Unknown at once, as the node lifecycle
// controller would after its grace period: the cluster process knows the moment a node process
// dies, and a learner who kills one should see NotReady, not a restart too quick to notice.
// The kubelet sets Ready again when it is back.
func MarkDown(ctx context.Context, client kubernetes.Interface, name, why string) error {
	now := metav1.Now()
	patch, err := json.Marshal(map[string]any{"status": map[string]any{"conditions": []corev1.NodeCondition{{
		Type:               corev1.NodeReady,
		Status:             corev1.ConditionUnknown,
		Reason:             "NodeProcessExited",
		Message:            fmt.Sprintf("The labs node process exited (%s); labs is restarting it.", why),
		LastHeartbeatTime:  now,
		LastTransitionTime: now,
	}}}})
	if err != nil {
		return err
	}
	_, err = client.CoreV1().Nodes().Patch(ctx, name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	if err != nil {
		return fmt.Errorf("marking node %s NotReady: %w", name, err)
	}
	return nil
}
