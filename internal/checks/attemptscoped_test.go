package checks

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func namespaceAt(name string, created time.Time, managed ...metav1.ManagedFieldsEntry) *corev1.Namespace {
	return &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{Kind: "Namespace", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(created), ManagedFields: managed},
		Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceActive},
	}
}

// Issue 15 point 2: a namespace left by an earlier lab (demo) passes "exists", not "was
// created in this attempt".
func TestCreatedInThisAttempt(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	f := newFakeEnv(t, namespaceAt("demo", old), namespaceAt("fresh", time.Now()))
	f.Since = time.Now().Add(-time.Minute)
	pass(t, f, `namespace "demo" exists`)
	failWith(t, f, `namespace "demo" was created in this attempt`, []string{"namespace demo exists, but it was created at", "left over from earlier"})
	pass(t, f, `namespace "fresh" was created in this attempt`)
	failWith(t, f, `namespace "none" was created in this attempt`, []string{"expected namespace none to exist, but there is none"})
}

// A kubectl write in the window (its managedFields) counts as a change; a controller's does not.
func TestChangedByKubectlInThisAttempt(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	recent := metav1.NewTime(time.Now())
	f := newFakeEnv(t,
		namespaceAt("labelled", old, metav1.ManagedFieldsEntry{Manager: "kubectl-label", Operation: metav1.ManagedFieldsOperationUpdate, Time: &recent}),
		namespaceAt("by-controller", old, metav1.ManagedFieldsEntry{Manager: "kube-controller-manager", Operation: metav1.ManagedFieldsOperationUpdate, Time: &recent}),
		namespaceAt("status-only", old, metav1.ManagedFieldsEntry{Manager: "kubectl", Operation: metav1.ManagedFieldsOperationUpdate, Time: &recent, Subresource: "status"}),
	)
	f.Since = time.Now().Add(-time.Minute)
	pass(t, f, `namespace "labelled" was changed by kubectl in this attempt`)
	failWith(t, f, `namespace "by-controller" was changed by kubectl in this attempt`, []string{"kubectl has not created or changed it"})
	failWith(t, f, `namespace "status-only" was changed by kubectl in this attempt`, []string{"kubectl has not created or changed it"})
}

func TestExistenceOnly(t *testing.T) {
	lib := Library{}
	for text, want := range map[string]bool{
		`namespace "demo" exists`:                             true,
		`namespace "demo" is Active within 10s`:               true,
		`pod "web" exists in namespace "demo"`:                true,
		`namespace "demo" was created in this attempt`:        false,
		`pod "web" in namespace "demo" is Running`:            false,
		`kubectl sent a list request for pods`:                false,
		`pod "web" in namespace "demo" has 1 ready container`: false,
	} {
		if got := lib.ExistenceOnly(text); got != want {
			t.Errorf("ExistenceOnly(%q) = %v, want %v", text, got, want)
		}
	}
}
