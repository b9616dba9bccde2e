package kind

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/statusline"
)

// fakeDocker puts a `docker` script with body on a PATH of its own (nothing else on it but
// the shell's basics, reached by absolute paths in the script).
func fakeDocker(t *testing.T, body string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

// Without Docker, every way: one line that names --cluster embedded, a usage error (exit 2).
func TestNoDockerIsOneUsageLine(t *testing.T) {
	for _, tc := range []struct {
		name, docker, want string
	}{
		{"no binary", "", "there is no `docker` on PATH"},
		{"daemon down", "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1", "the Docker daemon is not running"},
		{"socket not permitted", "echo 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/info\": dial unix /var/run/docker.sock: connect: permission denied' >&2; exit 1", "may not use the Docker daemon's socket"},
		{"something else", "echo 'error during connect: this is odd' >&2; exit 1", "`docker info` fails (docker info --format {{.ServerVersion}}: error during connect: this is odd)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.docker == "" {
				t.Setenv("PATH", t.TempDir())
			} else {
				fakeDocker(t, tc.docker)
			}
			p := New(t.TempDir(), "")
			for what, err := range map[string]error{
				"CheckDocker": p.CheckDocker(context.Background()),
				"Up":          p.Up(context.Background(), cluster.UpOptions{}),
				"Delete":      p.Delete(context.Background()),
			} {
				if err == nil {
					t.Fatalf("%s: no error", what)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "--cluster embedded") || strings.Contains(msg, "\n") {
					t.Errorf("%s: %q, want one line with %q and --cluster embedded", what, msg, tc.want)
				}
				if !errors.Is(err, ErrNoDocker) || !errors.Is(err, cluster.ErrUsage) {
					t.Errorf("%s: %v is not ErrNoDocker and cluster.ErrUsage", what, err)
				}
			}
		})
	}
}

// The image: the flag's, else $LABS_KIND_IMAGE, else kind's default.
func TestImageChoice(t *testing.T) {
	t.Setenv(EnvImage, "")
	if got := New("", "").Image(); got != DefaultImage || !strings.HasPrefix(got, "kindest/node:v1.37") {
		t.Errorf("default image %q", got)
	}
	t.Setenv(EnvImage, "from/env:1")
	if got := New("", "").Image(); got != "from/env:1" {
		t.Errorf("env image %q", got)
	}
	if got := New("", "from/flag:2").Image(); got != "from/flag:2" {
		t.Errorf("flag image %q", got)
	}
}

// The cluster configuration: three nodes named as the embedded ones, the audit log on a host
// directory, cgroup v1 accepted; kube-proxy and coredns skipped only when the image asks.
func TestClusterConfig(t *testing.T) {
	cfg := clusterConfig("/state/kind/labs/audit", "/state/kind/labs/audit-policy.yaml", nil)
	if cfg.Name != "labs" || len(cfg.Nodes) != 3 || cfg.Nodes[0].Role != "control-plane" || cfg.Nodes[1].Role != "worker" {
		t.Fatalf("nodes: %+v", cfg.Nodes)
	}
	m := cfg.Nodes[0].ExtraMounts
	if len(m) != 2 || m[0].HostPath != "/state/kind/labs/audit" || m[0].ContainerPath != nodeAuditDir || !m[1].Readonly {
		t.Errorf("mounts: %+v", m)
	}
	patches := strings.Join(cfg.KubeadmConfigPatches, "---\n")
	for _, want := range []string{"value: /var/log/kubernetes/audit/audit.log", "name: audit-policy-file", "failCgroupV1: false", "value: json"} {
		if !strings.Contains(patches, want) {
			t.Errorf("patches lack %q:\n%s", want, patches)
		}
	}
	if strings.Contains(patches, "skipPhases") || cfg.Networking.KubeProxyMode != "" {
		t.Errorf("kind's own image gets kube-proxy and coredns:\n%s", patches)
	}
	cfg = clusterConfig("/a", "/p", map[string]string{"dev.labs.kind.kube-proxy-mode": "none", "dev.labs.kind.skip-phases": "addon/coredns"})
	patches = strings.Join(cfg.KubeadmConfigPatches, "---\n")
	if cfg.Networking.KubeProxyMode != "none" || !strings.Contains(patches, "skipPhases: [preflight, addon/kube-proxy, addon/coredns]") {
		t.Errorf("offline image: proxy %q\n%s", cfg.Networking.KubeProxyMode, patches)
	}
}

// kind's progress lines become labs' status lines.
func TestKindLinesAreStatusLines(t *testing.T) {
	var b strings.Builder
	l := newKindLogger(statusline.New(&b, false), nil)
	l.V(0).Infof("Creating cluster %q ...\n", "labs")
	l.V(0).Infof(" • %s  ...\n", "Ensuring node image (kindest/node:v1.37.0) 🖼")
	l.V(0).Infof(" ✓ %s\n", "Ensuring node image (kindest/node:v1.37.0) 🖼")
	l.V(0).Infof(" • %s  ...\n", "Writing configuration 📜")
	l.V(0).Infof(" ✗ %s\n", "Writing configuration 📜")
	l.V(3).Info("noise")
	got := b.String()
	for _, want := range []string{"Creating cluster \"labs\" ...\n", " ✓ Ensuring node image (kindest/node:v1.37.0) 🖼 (", " ✗ Writing configuration 📜 ("} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "noise") || strings.Contains(got, "•") {
		t.Errorf("status shows kind's debug or running lines:\n%s", got)
	}
}

// Node files through docker exec: a fake docker runs the node-side script on this host.
func TestNodeFilesThroughDockerExec(t *testing.T) {
	dir := t.TempDir()
	fakeDocker(t, `case "$1" in
  exec) shift 2; PATH=/usr/bin:/bin exec "$@" ;;
  ps) echo "labs-control-plane running"; echo "labs-worker running"; echo "labs-worker2 exited" ;;
  info) echo 20.10 ;;
esac
`)
	nf := New(t.TempDir(), "").Capabilities().NodeFiles
	ctx := context.Background()
	dirs, err := nf.StaticPodDirs(ctx)
	if err != nil || len(dirs) != 2 || dirs["labs-worker"] != StaticPodDir {
		t.Errorf("StaticPodDirs = %v, %v", dirs, err)
	}
	for name, data := range map[string]string{"web2.yaml": "kind: Pod\n", ".hidden": "x", "b c.yaml": "y"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	names, err := nf.ReadDir(ctx, "labs-worker", dir)
	if err != nil || strings.Join(names, "|") != ".hidden|b c.yaml|web2.yaml" {
		t.Errorf("ReadDir = %q, %v", names, err)
	}
	if data, err := nf.ReadFile(ctx, "labs-worker", filepath.Join(dir, "web2.yaml")); err != nil || string(data) != "kind: Pod\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if err := nf.Remove(ctx, "labs-worker", filepath.Join(dir, "web2.yaml")); err != nil {
		t.Error(err)
	}
	if err := nf.Remove(ctx, "labs-worker", filepath.Join(dir, "web2.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Remove of a missing file: %v", err)
	}
	if _, err := nf.ReadFile(ctx, "labs-worker", filepath.Join(dir, "web2.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	if _, err := nf.ReadDir(ctx, "labs-worker", filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadDir of a missing directory: %v", err)
	}
	if _, err := nf.ReadDir(ctx, "other-node", dir); !errors.Is(err, cluster.ErrNoSuchNode) {
		t.Errorf("ReadDir of another node: %v", err)
	}
}
