package existing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLabTestOnExistingClusterWithoutAuditLog runs `labs test --cluster existing` on every
// built-in lab through the kubeconfig of a running embedded cluster, from a state directory of
// its own: labs cannot see that cluster's audit log, so every request step is proven by what
// labs' own kubectl recorded. Every step passes, except the labs that need the nodes' files
// (static Pods), which are reported as not checkable on this cluster, never as passed.
func TestLabTestOnExistingClusterWithoutAuditLog(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	data, err := os.ReadFile(c.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kubeconfig, data, 0o600); err != nil {
		t.Fatal(err)
	}
	learner := &testcluster.Cluster{StateDir: t.TempDir()}
	r := learner.LabsFor(t, 9*time.Minute, "--cluster", "existing", "--kubeconfig", kubeconfig, "test")
	t.Log(r.Stdout)
	if r.Code != 0 {
		t.Fatalf("labs test --cluster existing: exit %d\n%s", r.Code, r.Combined())
	}
	if strings.Contains(r.Stdout, "✗") || !strings.Contains(r.Stdout, " 0 failed") {
		t.Errorf("want no failed step:\n%s", r.Stdout)
	}
	for _, want := range []string{"✓ dry-run", "✓ invalid-name", "✓ proxy", "✓ force", "not checkable on this cluster in "} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs test output lacks %q", want)
		}
	}
	for _, line := range strings.Split(r.Stdout, "\n") {
		if strings.Contains(line, "not checkable on this cluster:") && !strings.Contains(line, "static Pod") {
			t.Errorf("a step not checkable for another reason: %s", line)
		}
	}
}
