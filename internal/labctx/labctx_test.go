package labctx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/lab"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

// Issue 15 point 2: a lab that declares its starting namespace gets it at the beginning of an
// attempt, whatever an earlier lab left in the context, and the learner is told.
func TestEstablishSetsTheDeclaredNamespace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubeconfig")
	kc := "apiVersion: v1\nkind: Config\nclusters: [{name: labs, cluster: {server: \"https://127.0.0.1:1\"}}]\nusers: [{name: admin, user: {}}]\ncontexts: [{name: labs, context: {cluster: labs, user: admin, namespace: demo}}]\ncurrent-context: labs\n"
	if err := os.WriteFile(path, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	l := &lab.Lab{ID: "namespaces", Context: &lab.Context{Namespace: "default"}}
	msg, err := Establish(path, l, i18n.New("en"))
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
