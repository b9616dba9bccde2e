package existing

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// A missing kubeconfig is said in the learner's language, names what to do, and keeps the
// cause for errors.Is.
func TestMissingKubeconfigInZhTW(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none")
	_, err := New(path, cluster.WithLocalizer(i18n.New(i18n.ZH))).Kubeconfig()
	if err == nil || !strings.HasPrefix(err.Error(), "無法讀取 kubeconfig "+path+"（請用 --kubeconfig 指定") || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Kubeconfig() error = %v", err)
	}
}

// After `eval "$(labs --cluster existing cluster env)"`, KUBECONFIG names the lab's own context
// file first (internal/labctx): the cluster's kubeconfig is the one after it.
func TestNewSkipsALabsContextFile(t *testing.T) {
	t.Setenv("KUBECONFIG", "/state/contexts/existing/demo.kubeconfig:/home/me/.kube/config")
	if got := New("").kubeconfig; got != "/home/me/.kube/config" {
		t.Fatalf("kubeconfig %q", got)
	}
	t.Setenv("KUBECONFIG", "/a/config:/b/config")
	if got := New("").kubeconfig; got != "/a/config" {
		t.Fatalf("a list of the user's own: the first, got %q", got)
	}
}
