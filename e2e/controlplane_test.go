package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/utils/ptr"

	"github.com/labs-dev/labs/internal/testcluster"
)

func TestSystemNamespacesExist(t *testing.T) {
	c := testcluster.Shared(t)
	for _, ns := range []string{"default", "kube-system", "kube-public", "kube-node-lease"} {
		got, err := c.Client.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{})
		if err != nil {
			t.Errorf("namespace %s: %v", ns, err)
			continue
		}
		if got.Status.Phase != corev1.NamespaceActive {
			t.Errorf("namespace %s is %s, want Active", ns, got.Status.Phase)
		}
	}
}

func TestNamespaceGetsDefaultServiceAccountAndDeletes(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "demo"}}
	if _, err := c.Client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := c.Client.CoreV1().ServiceAccounts("demo").Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("namespace demo got no default ServiceAccount: %v", err)
	}
	if err := c.Client.CoreV1().Namespaces().Delete(ctx, "demo", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	// Deletion completes only when the namespace controller has emptied it and removed the
	// kubernetes finalizer.
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 60*time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := c.Client.CoreV1().Namespaces().Get(ctx, "demo", metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Fatalf("namespace demo never finished deleting: %v", err)
	}
}

func TestInvalidNamespaceNameIsRejectedByTheAPI(t *testing.T) {
	c := testcluster.Shared(t)
	_, err := c.Client.CoreV1().Namespaces().Create(context.Background(),
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "Playground1"}}, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("creating namespace Playground1: got %v, want an Invalid error", err)
	}
	if !strings.Contains(err.Error(), "a lowercase RFC 1123 label must consist of lower case alphanumeric characters") {
		t.Errorf("error does not carry the API's validation message: %v", err)
	}
	r := c.Kubectl(t, "create", "namespace", "Playground1")
	if r.Code != 1 || !strings.Contains(r.Stderr, `The Namespace "Playground1" is invalid`) {
		t.Errorf("kubectl create namespace Playground1: exit %d\n%s", r.Code, r.Combined())
	}
}

func TestServerSideDryRunCreatesNothing(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	ctx := context.Background()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx"}}},
	}
	got, err := c.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatalf("dry-run create: %v", err)
	}
	// The server ran admission and defaulting on it...
	if got.Spec.RestartPolicy != corev1.RestartPolicyAlways || got.Spec.ServiceAccountName != "default" {
		t.Errorf("dry-run result was not defaulted by the server: restartPolicy=%q serviceAccount=%q", got.Spec.RestartPolicy, got.Spec.ServiceAccountName)
	}
	// ...and stored nothing.
	if _, err := c.Client.CoreV1().Pods(ns).Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("after a server-side dry run, get pod web = %v, want NotFound", err)
	}
}

func TestDeploymentGetsReplicaSetAndPods(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	ctx := context.Background()
	sel := map[string]string{"app": "hello"}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "hello"},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](2),
			Selector: &metav1.LabelSelector{MatchLabels: sel},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: sel},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx"}}},
			},
		},
	}
	if _, err := c.Client.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 60*time.Second, true, func(ctx context.Context) (bool, error) {
		rs, err := c.Client.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{LabelSelector: labels.FormatLabels(sel)})
		if err != nil || len(rs.Items) != 1 {
			return false, nil
		}
		pods, err := c.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: labels.FormatLabels(sel)})
		if err != nil || len(pods.Items) != 2 {
			return false, nil
		}
		for _, p := range pods.Items {
			if !metav1.IsControlledBy(&p, &rs.Items[0]) {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		t.Fatalf("deployment hello did not get one ReplicaSet owning two Pods: %v", err)
	}
}
