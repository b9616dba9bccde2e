package checks

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// event appends one audit event, as the API server logs it, with the fields given.
func (f *fakeEnv) event(userAgent, user, verb, uri string, ref map[string]any, code int, message string) {
	f.t.Helper()
	ev := map[string]any{
		"stage": "ResponseComplete", "verb": verb, "requestURI": uri, "userAgent": userAgent,
		"user": map[string]any{"username": user}, "objectRef": ref,
		"responseStatus":           map[string]any{"code": code, "message": message},
		"requestReceivedTimestamp": time.Now().UTC().Format(time.RFC3339Nano),
	}
	f.appendAudit(ev)
}

const (
	kubectlUA = "kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef"
	curlUA    = "curl/7.88.1"
	admin     = "kubernetes-admin"
)

func namespace(name string, terminating bool) *corev1.Namespace {
	ns := &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{Kind: "Namespace", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(time.Now().Add(-time.Hour))},
	}
	if terminating {
		now := metav1.Now()
		ns.DeletionTimestamp = &now
		ns.Status.Phase = corev1.NamespaceTerminating
	}
	return ns
}

// The API server files `DELETE /api/v1/namespaces/NAME` under namespace NAME.
func (f *fakeEnv) deleteNamespace(name string, code int) {
	f.event(kubectlUA, admin, "delete", "/api/v1/namespaces/"+name, map[string]any{"resource": "namespaces", "namespace": name, "name": name, "apiVersion": "v1"}, code, "")
}

func TestWasDeletedClusterScoped(t *testing.T) {
	step := `namespace "playground1" was deleted`
	failWith(t, newFakeEnv(t), step, []string{"never deleted here"})

	f := newFakeEnv(t, namespace("playground1", false))
	failWith(t, f, step, []string{"namespace playground1 still exists", "`kubectl delete namespace playground1`"})

	gone := newFakeEnv(t)
	gone.deleteNamespace("playground1", 200)
	pass(t, gone, step)
	failWith(t, gone, `namespace "other" was deleted`, []string{"never deleted here"})

	// kubectl delete --wait=false returns while the namespace is Terminating: that counts.
	terminating := newFakeEnv(t, namespace("playground1", true))
	terminating.deleteNamespace("playground1", 200)
	pass(t, terminating, step)

	refused := newFakeEnv(t, namespace("playground1", false))
	refused.deleteNamespace("playground1", 403)
	failWith(t, refused, step, []string{"rejected the delete of namespace playground1"})

	failWith(t, newFakeEnv(t), `pod "web" was deleted`, []string{"pod is namespaced", "was deleted from namespace"})
	failWith(t, newFakeEnv(t), `namespace "playground1" was deleted from namespace "default"`, []string{"cluster-scoped"})
}

func TestRefusedWith(t *testing.T) {
	step := `the API server refused kubectl's create of namespace "Playground1" with 422`
	failWith(t, newFakeEnv(t), step, []string{"kubectl sent no create of namespace Playground1"})

	f := newFakeEnv(t)
	f.event(kubectlUA, admin, "create", "/api/v1/namespaces?fieldManager=kubectl-create", map[string]any{"resource": "namespaces", "name": "Playground1", "apiVersion": "v1"}, 422, `Namespace "Playground1" is invalid`)
	pass(t, f, step)
	failWith(t, f, `the API server refused kubectl's create of namespace "Playground1" with 409`, []string{"with 422 (Namespace \"Playground1\" is invalid), not 409"})
	failWith(t, f, `the API server refused kubectl's create of namespace "playground2" with 422`, []string{"sent no create of namespace playground2"})

	ok := newFakeEnv(t)
	ok.event(kubectlUA, admin, "create", "/api/v1/namespaces", map[string]any{"resource": "namespaces", "name": "playground1", "apiVersion": "v1"}, 201, "")
	failWith(t, ok, `the API server refused kubectl's create of namespace "playground1" with 422`, []string{"accepted kubectl's create of namespace playground1"})

	// Another client's refusal is not kubectl's.
	other := newFakeEnv(t)
	other.event(curlUA, admin, "create", "/api/v1/namespaces", map[string]any{"resource": "namespaces", "name": "Playground1", "apiVersion": "v1"}, 422, "invalid")
	failWith(t, other, step, []string{"kubectl sent no create"})

	failWith(t, newFakeEnv(t), `the API server refused kubectl's create of pod "web" with 422`, []string{"pod is namespaced"})
}

func TestProxiedRequest(t *testing.T) {
	step := `curl requested the path "/api/v1/namespaces?limit=500" through kubectl proxy`
	ref := map[string]any{"resource": "namespaces", "apiVersion": "v1"}
	f := newFakeEnv(t)
	f.event(kubectlUA, admin, "list", "/api/v1/namespaces?limit=500", ref, 200, "")
	failWith(t, f, step, []string{"no request of curl through kubectl proxy", "kubectl proxy &"})

	f.event(curlUA, admin, "list", "/api/v1/namespaces", ref, 200, "")
	failWith(t, f, step, []string{"curl requested /api/v1/namespaces, but not with limit=500"})
	pass(t, f, `curl requested the path "/api/v1/namespaces" through kubectl proxy`)

	f.event(curlUA, admin, "list", "/api/v1/namespaces?limit=500", ref, 200, "")
	pass(t, f, step)

	anon := newFakeEnv(t)
	anon.event(curlUA, "", "list", "/api/v1/namespaces?limit=500", ref, 401, "Unauthorized")
	failWith(t, anon, step, []string{"without credentials", "kubectl proxy"})

	if msg := NewLibrary().CheckStep(`kubectl requested the path "/api" through kubectl proxy`, false); msg == "" {
		t.Error("the proxy step must refuse kubectl as the program")
	}
}

func TestDryRunOf(t *testing.T) {
	step := `kubectl sent a server-side dry-run patch of pod "web" in namespace "shop"`
	failWith(t, newFakeEnv(t), step, []string{"no server-side dry-run patch of pod web in namespace shop", "kubectl diff"})

	f := newFakeEnv(t)
	f.audit("patch", podsURI+"web", "pods", "", "shop", "web", 200, "")
	failWith(t, f, step, []string{"patch of pod web for real"})
	f.audit("patch", podsURI+"other?dryRun=All", "pods", "", "shop", "other", 200, "")
	failWith(t, f, step, []string{"dry-run patch of pod other, not of web"})
	f.audit("create", "/api/v1/namespaces/shop/pods?dryRun=All", "pods", "", "shop", "web", 201, "")
	failWith(t, f, step, []string{"dry-run create of pod web, but no dry-run patch"})
	f.audit("patch", podsURI+"web?dryRun=All&fieldManager=kubectl-client-side-apply", "pods", "", "shop", "web", 200, "")
	pass(t, f, step)

	other := newFakeEnv(t)
	other.audit("patch", "/api/v1/namespaces/demo/pods/web?dryRun=All", "pods", "", "demo", "web", 200, "")
	failWith(t, other, step, []string{"no server-side dry-run patch"})
}
