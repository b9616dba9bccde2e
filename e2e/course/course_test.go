package course

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLabTestCourse plays the student: `labs test --course` runs every built-in lab in course
// order on one cluster and one kubeconfig with no reset between labs, and no step may pass
// before its solution. Issue 15 point 2: after demo, namespaces' from-yaml, pod-flag and
// default-namespace passed with nothing done; this test fails while any such step remains
// (the content is fixed in the labs, not here).
func TestLabTestCourse(t *testing.T) {
	c := testcluster.NewStateDir(t)
	junitPath := filepath.Join(t.TempDir(), "junit.xml")
	r := c.LabsFor(t, 15*time.Minute, "test", "--course", "--junit", junitPath)
	t.Log(r.Stdout)
	if r.Code != 0 || strings.Contains(r.Stdout, "✗") {
		t.Fatalf("labs test --course: exit %d; want every step ✓ (a ✗ \"pass before its solution\" is a wrong pass a student gets):\n%s", r.Code, r.Combined())
	}
	// The labs ran in course order, demo first, on one cluster (one "Starting" line).
	if !strings.HasPrefix(strings.TrimSpace(r.Stdout), "demo") || strings.Count(r.Stderr, "Starting a fresh cluster") != 1 {
		t.Fatalf("want the course from demo on one cluster:\n%s", r.Combined())
	}
}
