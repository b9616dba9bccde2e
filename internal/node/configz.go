package node

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	"k8s.io/component-base/configz"
	kubeletconfigv1beta1 "k8s.io/kubelet/config/v1beta1"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	kubeletscheme "k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"

	"github.com/labs-dev/labs/internal/cluster"
)

// publishConfigz serves the kubelet's configuration at its /configz, as the kubelet binary
// does (its run(), which the embedded node does not go through, registers it): `kubectl get
// --raw /api/v1/nodes/NODE/proxy/configz` then shows this node's staticPodPath, and labs on a
// cluster it only reaches through a kubeconfig finds the static pod directories that way.
func publishConfigz(kc *kubeletconfig.KubeletConfiguration) error {
	scheme, _, err := kubeletscheme.NewSchemeAndCodecs()
	if err != nil {
		return fmt.Errorf("kubelet configuration scheme: %w", err)
	}
	versioned := &kubeletconfigv1beta1.KubeletConfiguration{}
	if err := scheme.Convert(kc, versioned, nil); err != nil {
		return fmt.Errorf("converting the kubelet configuration: %w", err)
	}
	versioned.SetGroupVersionKind(kubeletconfigv1beta1.SchemeGroupVersion.WithKind("KubeletConfiguration"))
	cz, err := configz.New("kubeletconfig")
	if err != nil {
		return fmt.Errorf("registering the kubelet's /configz: %w", err)
	}
	return cz.Set(versioned)
}

// annotateStaticPodPath puts the node's static pod directory on its Node object
// (cluster.AnnotationStaticPodPath). The API server proxies to no loopback address, and the
// embedded nodes have nothing else, so /configz through the node proxy is refused here ("address
// not allowed"): the annotation is how labs, reaching this cluster through a kubeconfig alone,
// still finds the directory. It waits for the kubelet to register the node; ctx ends it.
func annotateStaticPodPath(ctx context.Context, client kubernetes.Interface, name, dir string) {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": map[string]string{cluster.AnnotationStaticPodPath: dir}}})
	if err != nil {
		return
	}
	for {
		_, err := client.CoreV1().Nodes().Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
		if err == nil {
			return
		}
		if !apierrors.IsNotFound(err) {
			klog.FromContext(ctx).V(2).Info("annotating the node with its static pod directory", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}
