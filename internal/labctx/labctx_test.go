package labctx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/lab"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

const clusterKubeconfig = "apiVersion: v1\nkind: Config\nclusters: [{name: labs, cluster: {server: \"https://127.0.0.1:1\"}}]\nusers: [{name: admin, user: {token: secret}}]\ncontexts: [{name: labs, context: {cluster: labs, user: admin}}]\ncurrent-context: labs\n"

func writeBase(t *testing.T, dir string) string {
	t.Helper()
	base := filepath.Join(dir, "clusters", "labs", "kubeconfig")
	if err := os.MkdirAll(filepath.Dir(base), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base, []byte(clusterKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return base
}

// setNamespace does what `kubectl config set-context --current --namespace ns` does with
// KUBECONFIG=kc: kubectl's own loading rules and ModifyConfig.
func setNamespace(t *testing.T, kc, ns string) {
	t.Helper()
	rules := &clientcmd.ClientConfigLoadingRules{Precedence: filepath.SplitList(kc)}
	cfg, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Contexts[cfg.CurrentContext].Namespace = ns
	if err := clientcmd.ModifyConfig(rules, *cfg, true); err != nil {
		t.Fatal(err)
	}
}

// Issue 15 point 3: a namespace set in one lab's context leaves another lab's context and the
// cluster's kubeconfig as they were, and the context file holds no credentials.
func TestLabsHaveContextsOfTheirOwn(t *testing.T) {
	dir := t.TempDir()
	base := writeBase(t, dir)
	a := ForLab(dir, "embedded", &lab.Lab{ID: "init-containers"}, base)
	b := ForLab(dir, "embedded", &lab.Lab{ID: "pod-lifecycle"}, base)
	en := i18n.New("en")
	for _, kc := range []string{a, b} {
		msg, err := Begin(kc, &lab.Lab{ID: "x"}, en)
		if err != nil || !strings.Contains(msg, "context of its own") {
			t.Fatalf("first Begin: %q %v", msg, err)
		}
	}
	setNamespace(t, b, "pod-lifecycle")
	setNamespace(t, a, "init-containers")
	if ns, _ := kubeconfig.CurrentNamespace(b); ns != "pod-lifecycle" {
		t.Errorf("pod-lifecycle's context has namespace %q after init-containers set its own", ns)
	}
	if ns, _ := kubeconfig.CurrentNamespace(a); ns != "init-containers" {
		t.Errorf("init-containers' context has namespace %q", ns)
	}
	if ns, _ := kubeconfig.CurrentNamespace(base); ns != "default" {
		t.Errorf("the cluster's kubeconfig has namespace %q: a lab's set-context went there", ns)
	}
	if name, _ := kubeconfig.CurrentContext(a); name != "labs" {
		t.Errorf("the lab's context is named %q, not as the cluster's (labs)", name)
	}
	file, _ := Split(a)
	data, err := os.ReadFile(file)
	if err != nil || strings.Contains(string(data), "secret") || strings.Contains(string(data), "server") {
		t.Errorf("the lab's file holds more than its context: %v\n%s", err, data)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the lab's file: %v %v", fi, err)
	}

	// Ensure keeps what the learner set; Begin (a new attempt, labs reset) starts afresh and says so.
	if err := Ensure(a, "default"); err != nil {
		t.Fatal(err)
	}
	if ns, _ := kubeconfig.CurrentNamespace(a); ns != "init-containers" {
		t.Errorf("Ensure changed the learner's namespace to %q", ns)
	}
	msg, err := Begin(a, &lab.Lab{ID: "init-containers"}, en)
	if err != nil || !strings.Contains(msg, "back to default (it was init-containers)") {
		t.Errorf("Begin again: %q %v", msg, err)
	}
	if ns, _ := kubeconfig.CurrentNamespace(a); ns != "default" {
		t.Errorf("after Begin the namespace is %q", ns)
	}
	if ns, _ := kubeconfig.CurrentNamespace(b); ns != "pod-lifecycle" {
		t.Errorf("one lab's new attempt changed another's context: %q", ns)
	}
}

// A lab that declares its namespace starts there; a context file made for another cluster
// (other context names) is made again for this one, keeping the learner's namespace.
func TestEnsureFollowsTheCluster(t *testing.T) {
	dir := t.TempDir()
	base := writeBase(t, dir)
	l := &lab.Lab{ID: "namespaces", Context: &lab.Context{Namespace: "kube-public"}}
	kc := ForLab(dir, "existing", l, base)
	if err := Ensure(kc, Declared(l)); err != nil {
		t.Fatal(err)
	}
	if ns, _ := kubeconfig.CurrentNamespace(kc); ns != "kube-public" {
		t.Fatalf("a missing file is made in the declared namespace, got %q", ns)
	}
	setNamespace(t, kc, "mine")
	other := strings.NewReplacer("name: labs", "name: kind-labs", "cluster: labs", "cluster: kind-labs", "current-context: labs", "current-context: kind-labs").Replace(clusterKubeconfig)
	if err := os.WriteFile(base, []byte(other), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Ensure(kc, Declared(l)); err != nil {
		t.Fatal(err)
	}
	if name, _ := kubeconfig.CurrentContext(kc); name != "kind-labs" {
		t.Errorf("the context file was not made for the new cluster: %q", name)
	}
	if ns, _ := kubeconfig.CurrentNamespace(kc); ns != "mine" {
		t.Errorf("the learner's namespace was lost: %q", ns)
	}
}

// A standalone kubeconfig (a test or grading run's copy) gets the declared namespace.
func TestEstablishSetsTheDeclaredNamespace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubeconfig")
	kc := "apiVersion: v1\nkind: Config\nclusters: [{name: labs, cluster: {server: \"https://127.0.0.1:1\"}}]\nusers: [{name: admin, user: {}}]\ncontexts: [{name: labs, context: {cluster: labs, user: admin, namespace: demo}}]\ncurrent-context: labs\n"
	if err := os.WriteFile(path, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	l := &lab.Lab{ID: "namespaces", Context: &lab.Context{Namespace: "default"}}
	msg, err := Begin(path, l, i18n.New("en"))
	if err != nil {
		t.Fatal(err)
	}
	if ns, _ := kubeconfig.CurrentNamespace(path); ns != "default" || !strings.Contains(msg, "it was demo") {
		t.Fatalf("namespace %q, message %q", ns, msg)
	}
	if msg, err := Establish(path, l, i18n.New("en")); err != nil || msg != "" {
		t.Fatalf("nothing to change must say nothing: %q %v", msg, err)
	}
	if msg, err := Establish(path, &lab.Lab{ID: "x"}, i18n.New("en")); err != nil || msg != "" {
		t.Fatalf("a lab without context: must not touch it: %q %v", msg, err)
	}
}
