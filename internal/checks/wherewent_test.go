package checks

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func contextNamespace(t *testing.T, f *fakeEnv, ns string) {
	t.Helper()
	kc := `apiVersion: v1
kind: Config
clusters: [{name: labs, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: admin, user: {}}]
contexts: [{name: labs, context: {cluster: labs, user: admin, namespace: ` + ns + `}}]
current-context: labs
`
	f.Kubeconfig = filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(f.Kubeconfig, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Issue 15 point 3 and "live verdicts": a NotFound because kubectl used the context's
// namespace says so, naming that namespace.
func TestReasonNamesTheContextsNamespace(t *testing.T) {
	f := newFakeEnv(t, pod("web", "static-pods"), namespaceAt("demo", time.Now()))
	contextNamespace(t, f, "static-pods")
	f.audit("create", "/api/v1/namespaces/static-pods/pods", "pods", "", "static-pods", "", 201, "")
	failWith(t, f, `pod "web" in namespace "demo" is Running`, []string{"kubectl used the namespace static-pods from your context", "add `-n demo`"})
	// A delete that went to the context's namespace.
	f.audit("delete", "/api/v1/namespaces/static-pods/pods/web", "pods", "", "static-pods", "web", 200, plainDelete)
	failWith(t, f, `kubectl deleted pod "web" in namespace "demo"`, []string{"kubectl sent no delete for pod web in namespace demo: kubectl used the namespace static-pods from your context"})
}

// A write to a namespace that is not the context's: named as such.
func TestReasonNamesTheWrongNamespace(t *testing.T) {
	f := newFakeEnv(t, pod("web", "other"))
	contextNamespace(t, f, "default")
	f.audit("get", "/api/v1/namespaces/other/pods/web", "pods", "", "other", "web", 200, "")
	failWith(t, f, `pod "web" exists in namespace "demo"`, []string{"kubectl sent its request for web to namespace other, not demo"})
	// Without evidence, the object in another namespace is named.
	g := newFakeEnv(t, pod("web", "other"), namespaceAt("demo", time.Now()))
	failWith(t, g, `pod "web" exists in namespace "demo"`, []string{"there is one in namespace other"})
}

// A typo'd name is called one.
func TestReasonNamesATypo(t *testing.T) {
	f := newFakeEnv(t, pod("wbe", "demo"), pod("client", "demo"), namespaceAt("demo", time.Now()))
	failWith(t, f, `pod "web" exists in namespace "demo"`, []string{"but there is none; found: client, wbe (wbe: a typo in the name?)"})
	if d := nameDistance("web", "wbe"); d != 1 {
		t.Errorf("swap distance %d", d)
	}
}

// A lab's kubeconfig is its own context file, then the cluster's (internal/labctx): the
// context's namespace is the lab's, and one set in the cluster's kubeconfig instead is named
// as such.
func TestTheLabsOwnContextIsChecked(t *testing.T) {
	f := newFakeEnv(t)
	contextNamespace(t, f, "demo")
	base := f.Kubeconfig
	lab := filepath.Join(t.TempDir(), "demo.kubeconfig")
	if err := os.WriteFile(lab, []byte("apiVersion: v1\nkind: Config\ncontexts: [{name: labs, context: {cluster: labs, user: admin}}]\ncurrent-context: labs\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.Kubeconfig = lab + string(os.PathListSeparator) + base
	failWith(t, f, `the kubeconfig's current namespace is "demo"`, []string{"this lab's context uses namespace default, not demo: demo was set in the cluster's kubeconfig " + base})
	if err := os.WriteFile(lab, []byte("apiVersion: v1\nkind: Config\ncontexts: [{name: labs, context: {cluster: labs, user: admin, namespace: demo}}]\ncurrent-context: labs\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pass(t, f, `the kubeconfig's current namespace is "demo"`)
	failWith(t, f, `the kubeconfig's current namespace is "other"`, []string{"the current context uses namespace demo, not other"})
}
