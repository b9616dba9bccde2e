package cli

import (
	"strings"
	"testing"
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
