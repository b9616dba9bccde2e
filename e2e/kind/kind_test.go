// Package kind tests `--cluster kind` end to end: a real kind cluster on the machine's Docker
// engine, created, reused, used by `labs test` on every built-in lab, reset, and deleted.
//
// It runs where `docker info` works and the node image is there ($LABS_KIND_IMAGE, else kind's
// default image; LABS_KIND_E2E=1 lets kind pull a missing one, as on a hosted CI runner), and
// is skipped with one line elsewhere. On an engine that refuses `docker run --privileged`
// ("unable to apply caps"), LABS_KIND_TEST_SHIM=1 installs the test-only runtime shim first
// (hack/kind-node-image/test-docker-shim.sh; see docs/kind.md). The offline node image is
// built by hack/kind-node-image/build.sh, which also starts the registry serving the labs'
// images.
package kind

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/cluster/kind"
	"github.com/labs-dev/labs/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// repoRoot is the repository's root (this file is e2e/kind/kind_test.go).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// image is the node image the tests use.
func image() string {
	if img := os.Getenv(kind.EnvImage); img != "" {
		return img
	}
	return kind.DefaultImage
}

// needKind skips the test, in one line, where kind cannot run.
func needKind(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("kind e2e: skipped with -short")
	}
	if out, err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		t.Skipf("kind e2e: skipped, `docker info` fails: %s", firstLine(string(out)))
	}
	if os.Getenv("LABS_KIND_E2E") != "1" {
		if err := exec.Command("docker", "image", "inspect", image()).Run(); err != nil {
			t.Skipf("kind e2e: skipped, no node image %s here (hack/kind-node-image/build.sh builds one offline; LABS_KIND_E2E=1 lets kind pull)", image())
		}
	}
	if os.Getenv("LABS_KIND_TEST_SHIM") == "1" {
		out, err := exec.Command(filepath.Join(repoRoot(), "hack", "kind-node-image", "test-docker-shim.sh")).CombinedOutput()
		if err != nil {
			t.Fatalf("test-docker-shim.sh: %v\n%s", err, out)
		}
		t.Log(strings.TrimSpace(string(out)))
	}
	if strings.HasPrefix(image(), "labs.local/") {
		// The offline image pulls the labs' own images (nginx, busybox) from the local registry.
		out, err := exec.Command(filepath.Join(repoRoot(), "hack", "kind-node-image", "build.sh"), "registry").CombinedOutput()
		if err != nil {
			t.Fatalf("build.sh registry: %v\n%s", err, out)
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func labs(t *testing.T, c *testcluster.Cluster, args ...string) testcluster.Result {
	t.Helper()
	r := c.Labs(t, append([]string{"--cluster", "kind"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("labs --cluster kind %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Combined())
	}
	return r
}

// The whole life of a kind cluster, in one test (a kind cluster takes a minute to create):
// create, status, reuse, labs test on every built-in lab, reset of a static Pod by docker
// exec, stop and start, delete leaving no containers, volumes or network behind.
func TestKindCluster(t *testing.T) {
	needKind(t)
	c := testcluster.NewStateDir(t)
	volumesBefore := docker(t, "volume", "ls", "-q")
	t.Cleanup(func() {
		_ = c.Labs(t, "--cluster", "kind", "cluster", "delete")
	})

	start := time.Now()
	r := labs(t, c, "cluster", "up", "--wait", "5m")
	kindUp := time.Since(start)
	t.Logf("labs --cluster kind cluster up: %s\n%s", kindUp.Round(time.Second), r.Combined())
	for _, want := range []string{"✓ Ensuring node image", "✓ Preparing nodes", "✓ Waiting for the nodes to be Ready"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("cluster up says no %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(os.Getenv("HOME"), ".kube", "config")); err == nil {
		if data, _ := os.ReadFile(filepath.Join(os.Getenv("HOME"), ".kube", "config")); strings.Contains(string(data), "kind-labs") {
			t.Errorf("~/.kube/config names the kind cluster: labs must keep its kubeconfig under the state dir")
		}
	}

	st := labs(t, c, "cluster", "status").Stdout
	for _, want := range []string{"Cluster:     labs (kind)", "State:       running", "labs-control-plane", "labs-worker2", "static pods:  /etc/kubernetes/manifests"} {
		if !strings.Contains(st, want) {
			t.Errorf("status lacks %q:\n%s", want, st)
		}
	}
	if strings.Count(st, "  Ready ") != 3 {
		t.Errorf("want three Ready nodes:\n%s", st)
	}
	if r := labs(t, c, "cluster", "up"); !strings.Contains(r.Stdout, "already running; reusing it") {
		t.Errorf("second up does not reuse:\n%s", r.Combined())
	}

	t.Run("labs test on every built-in lab", func(t *testing.T) {
		needTime(t, 25*time.Minute)
		start := time.Now()
		// Longer than testcluster's 3 minutes per command: every lab on kind, with its mistakes
		// and alternatives, took 13 to 17 minutes on two loaded cores (docs/kind.md).
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
		defer cancel()
		out, err := c.Command(ctx, "--cluster", "kind", "test").CombinedOutput()
		t.Logf("labs --cluster kind test: %s\n%s", time.Since(start).Round(time.Second), out)
		if err != nil || strings.Contains(string(out), "✗") || strings.Contains(string(out), "not checkable") || !strings.Contains(string(out), " 0 failed") {
			t.Errorf("labs test on kind: %v\n%s", err, out)
		}
	})

	t.Run("reset removes the static pod from the node", func(t *testing.T) {
		manifest := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web2\nspec:\n  containers:\n  - name: web2\n    image: nginx\n"
		cmd := exec.Command("docker", "exec", "-i", "labs-worker", "sh", "-c", "cat > /etc/kubernetes/manifests/my-web.yaml")
		cmd.Stdin = strings.NewReader(manifest)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("writing the manifest: %v\n%s", err, out)
		}
		waitFor(t, 60*time.Second, func() error {
			// (kubectl's flags are its own: `labs --cluster kind kubectl` would not see --cluster)
			out, err := exec.Command("docker", "exec", "labs-control-plane", "kubectl", "--kubeconfig", "/etc/kubernetes/admin.conf",
				"get", "pod", "-n", "default", "web2-labs-worker").CombinedOutput()
			if err != nil {
				return errors.New(string(out))
			}
			return nil
		})
		r := labs(t, c, "reset", "static-pods", "--keep-files")
		if !strings.Contains(r.Stdout, "Removed the static Pod web2 from node labs-worker (/etc/kubernetes/manifests/my-web.yaml)") ||
			!strings.Contains(r.Stdout, "Mirror Pod default/web2-labs-worker is gone.") {
			t.Errorf("reset:\n%s", r.Combined())
		}
		if out, err := exec.Command("docker", "exec", "labs-worker", "ls", "/etc/kubernetes/manifests").CombinedOutput(); err != nil || strings.Contains(string(out), "my-web") {
			t.Errorf("the manifest is still on the node: %v %s", err, out)
		}
	})

	t.Run("down and up", func(t *testing.T) {
		needTime(t, 4*time.Minute)
		r := labs(t, c, "cluster", "down")
		if st := labs(t, c, "cluster", "status").Stdout; !strings.Contains(st, "not running") {
			t.Errorf("after down (%s):\n%s", r.Stdout, st)
		}
		labs(t, c, "cluster", "up", "--wait", "5m")
		if st := labs(t, c, "cluster", "status").Stdout; strings.Count(st, "  Ready ") != 3 {
			t.Errorf("after down and up:\n%s", st)
		}
	})

	labs(t, c, "cluster", "delete")
	if out := docker(t, "ps", "-a", "-q", "--filter", "label=io.x-k8s.kind.cluster=labs"); out != "" {
		t.Errorf("containers left after delete: %s", out)
	}
	if after := docker(t, "volume", "ls", "-q"); after != volumesBefore {
		t.Errorf("volumes before:\n%s\nafter delete:\n%s", volumesBefore, after)
	}
	if n, err := exec.Command("docker", "network", "inspect", "kind", "--format", "{{len .Containers}}").Output(); err == nil && strings.TrimSpace(string(n)) == "0" {
		t.Errorf("the unused kind network is left after delete")
	}
	if st := labs(t, c, "cluster", "status").Stdout; !strings.Contains(st, "not created") {
		t.Errorf("status after delete:\n%s", st)
	}
}

// TestKindVersusEmbedded measures, in one run, `cluster up` on kind and on the embedded cluster.
func TestKindVersusEmbedded(t *testing.T) {
	needKind(t)
	if os.Getenv("LABS_KIND_MEASURE") != "1" {
		t.Skip("kind e2e: the measurement runs with LABS_KIND_MEASURE=1")
	}
	c := testcluster.NewStateDir(t)
	t.Cleanup(func() { _ = c.Labs(t, "--cluster", "kind", "cluster", "delete") })
	times := map[string]time.Duration{}
	for _, p := range []string{"embedded", "kind"} {
		start := time.Now()
		labs := c.Labs(t, "--cluster", p, "cluster", "up", "--wait", "5m")
		times[p] = time.Since(start)
		if labs.Code != 0 {
			t.Fatalf("%s up: %s", p, labs.Combined())
		}
	}
	t.Logf("cluster up: embedded %s, kind %s (kind/embedded %.1fx)", times["embedded"].Round(100*time.Millisecond),
		times["kind"].Round(100*time.Millisecond), times["kind"].Seconds()/times["embedded"].Seconds())
	for _, p := range []string{"embedded", "kind"} {
		start := time.Now()
		r := c.Labs(t, "--cluster", p, "test")
		times[p+" test"] = time.Since(start)
		if r.Code != 0 {
			t.Errorf("%s test: %s", p, r.Combined())
		}
	}
	t.Logf("labs test of all labs: embedded %s, kind %s (kind/embedded %.1fx)", times["embedded test"].Round(time.Second),
		times["kind test"].Round(time.Second), times["kind test"].Seconds()/times["embedded test"].Seconds())
	_ = c.Labs(t, "cluster", "delete")
}

// needTime skips a long part when go test's -timeout leaves less than d (go test ./... gives
// each package 10 minutes; run this package alone with -timeout 40m for all of it).
func needTime(t *testing.T, d time.Duration) {
	t.Helper()
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < d+2*time.Minute {
		t.Skipf("kind e2e: skipped, less than %s left before go test's -timeout (use -timeout 40m)", d)
	}
}

func waitFor(t *testing.T, d time.Duration, f func() error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		err := f()
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("after %s: %v", d, err)
		case <-time.After(time.Second):
		}
	}
}
