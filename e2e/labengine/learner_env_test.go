package labengine

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLearnerClusterEnvWorksWhenPasted: what `labs cluster env` prints, run by a labs binary
// that is then deleted (as `go run` deletes its build), makes kubectl and labs work in a new
// shell whose PATH has no kubectl at all, and wins over an installed kubectl of another version.
func TestLearnerClusterEnvWorksWhenPasted(t *testing.T) {
	c := testcluster.Shared(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A throwaway copy of the labs binary plays the go run build.
	tmp := t.TempDir()
	gorun := filepath.Join(tmp, "labs")
	copyExecutable(t, exe, gorun)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gorun, "cluster", "env")
	cmd.Env = c.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("labs cluster env: %v\n%s", err, out)
	}
	bin := filepath.Join(c.StateDir, "bin")
	if !strings.Contains(string(out), "export PATH="+bin+`:"$PATH"`) {
		t.Fatalf("labs cluster env does not put %s first on PATH:\n%s", bin, out)
	}
	if err := os.RemoveAll(tmp); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{filepath.Join(c.StateDir, "no-such-dir"), "/usr/local/bin:/usr/bin:/bin"} {
		script := string(out) + `
set -e
echo "kubectl=$(command -v kubectl)"
echo "labs=$(command -v labs)"
kubectl version --client
labs version
kubectl get namespace kube-system -o name
`
		sh := exec.CommandContext(ctx, "/bin/bash", "-c", script)
		// The environment of a new terminal: no KUBECONFIG, a PATH of its own.
		sh.Env = []string{"PATH=" + path, "HOME=" + t.TempDir(), "LABS_TEST_EXEC=1"}
		got, err := sh.CombinedOutput()
		if err != nil {
			t.Fatalf("PATH=%s: the pasted commands failed: %v\n%s", path, err, got)
		}
		for _, want := range []string{"kubectl=" + filepath.Join(bin, "kubectl"), "labs=" + filepath.Join(bin, "labs"), "Client Version", "namespace/kube-system"} {
			if !strings.Contains(string(got), want) {
				t.Errorf("PATH=%s: no %q in:\n%s", path, want, got)
			}
		}
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
