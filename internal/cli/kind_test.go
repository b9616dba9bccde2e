package cli

import (
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/lab"
)

// Without Docker, --cluster kind says so in one line that names --cluster embedded, exit 2.
func TestKindWithoutDockerIsOneUsageLine(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no docker
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	for _, args := range [][]string{
		{"--cluster", "kind", "cluster", "up"},
		{"--cluster", "kind", "cluster", "status"},
		{"--cluster", "kind", "cluster", "delete"},
	} {
		_, stderr, code := runLabs(t, args...)
		lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
		if code != ExitUsage || len(lines) != 1 || !strings.Contains(stderr, "no `docker` on PATH") || !strings.Contains(stderr, "--cluster embedded") {
			t.Errorf("labs %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	_, stderr, code := runLabs(t, "--lang", "zh-TW", "--cluster", "kind", "cluster", "up")
	if code != ExitUsage || !strings.Contains(stderr, "需要 Docker") {
		t.Errorf("zh-TW: exit %d, stderr:\n%s", code, stderr)
	}
}

// --cluster is checked against the registry, which lists the providers in the error.
func TestUnknownClusterListsTheRegistry(t *testing.T) {
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	_, stderr, code := runLabs(t, "--cluster", "docker", "cluster", "status")
	if code != ExitUsage || !strings.Contains(stderr, `--cluster must be one of embedded, existing, kind, not "docker"`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// A lab whose learner writes static Pods is not checkable where labs cannot reach the nodes'
// files (an existing cluster); the others are.
func TestNotCheckableNeedsNodeFiles(t *testing.T) {
	staticPods := &lab.Lab{Owns: lab.Owns{StaticPods: []string{"web2"}}}
	if why := notCheckable(staticPods, cluster.Capabilities{}); !strings.Contains(why, "nodes' files") {
		t.Errorf("static pods without node files: %q", why)
	}
	if why := notCheckable(staticPods, cluster.Capabilities{NodeFiles: cluster.HostDirs{}}); why != "" {
		t.Errorf("static pods with node files: %q", why)
	}
	if why := notCheckable(&lab.Lab{}, cluster.Capabilities{}); why != "" {
		t.Errorf("a lab without static pods: %q", why)
	}
}
