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
// labs' own kubectl recorded, and the static pod directories are reached as on any cluster
// labs does not run (the kubelets' /configz, Pods pinned to the nodes). Every step passes,
// none is "not checkable", and no Pod of labs' is left on the cluster.
// LABS_E2E_EXISTING_LABS narrows the run to some labs (e.g. static-pods) while working on one.
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
	args := []string{"--cluster", "existing", "--kubeconfig", kubeconfig, "test"}
	only := strings.Fields(os.Getenv("LABS_E2E_EXISTING_LABS"))
	args = append(args, only...)
	r := learner.LabsFor(t, 14*time.Minute, args...)
	t.Log(r.Stdout)
	if r.Code != 0 {
		t.Fatalf("labs test --cluster existing: exit %d\n%s", r.Code, r.Combined())
	}
	if strings.Contains(r.Stdout, "✗") || !strings.Contains(r.Stdout, " 0 failed") || strings.Contains(r.Stdout, "not checkable") {
		t.Errorf("want no failed and no not-checkable step:\n%s", r.Stdout)
	}
	want := []string{"✓ write-static-pod", "✓ remove-file"}
	if len(only) == 0 {
		want = append(want, "✓ dry-run", "✓ invalid-name", "✓ proxy", "✓ force")
	}
	for _, w := range want {
		if !strings.Contains(r.Stdout, w) {
			t.Errorf("labs test output lacks %q", w)
		}
	}
	left := c.Kubectl(t, "get", "pods", "--namespace", "kube-system", "--selector", "app.kubernetes.io/name=labs-node-files", "--output", "name")
	if left.Code != 0 || strings.TrimSpace(left.Stdout) != "" {
		t.Errorf("labs left Pods of its own on the cluster (exit %d): %s%s", left.Code, left.Stdout, left.Stderr)
	}
}
