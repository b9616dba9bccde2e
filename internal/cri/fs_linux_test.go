package cri

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// fsRuntime is a runtime whose Config hides secret and allows volumes from volumes; it skips
// the test where the kernel refuses containers a filesystem of their own.
func fsRuntime(t *testing.T, hide, volumes string) *Runtime {
	t.Helper()
	r, err := New(Config{Dir: t.TempDir(), PodIPs: &net.IPNet{IP: net.IPv4(127, 98, 0, 0).To4(), Mask: net.CIDRMask(16, 32)},
		StreamAddr: "127.0.0.1:0", Hide: []string{hide}, VolumesDir: volumes})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	if r.Mode() != ModeFilesystem {
		t.Skipf("containers share the host's filesystem here: %s", r.Fallback())
	}
	return r
}

func runIn(t *testing.T, r *Runtime, mounts []*runtimeapi.Mount, script string) (string, int32) {
	t.Helper()
	return runInWith(t, r, &runtimeapi.ContainerConfig{Mounts: mounts}, script)
}

// runInWith runs script in a busybox container of cfg (its name, image and command are set here).
func runInWith(t *testing.T, r *Runtime, cfg *runtimeapi.ContainerConfig, script string) (string, int32) {
	t.Helper()
	ctx := context.Background()
	logDir := t.TempDir()
	sb := &runtimeapi.PodSandboxConfig{Metadata: &runtimeapi.PodSandboxMetadata{Name: "p", Namespace: "ns", Uid: t.Name() + script},
		LogDirectory: logDir, Hostname: "web"}
	sid, err := r.RunPodSandbox(ctx, sb, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Metadata, cfg.Image = &runtimeapi.ContainerMetadata{Name: "c"}, &runtimeapi.ImageSpec{Image: "busybox"}
	cfg.Command, cfg.LogPath = []string{"sh", "-c", script}, "c.log"
	id, err := r.CreateContainer(ctx, sid, cfg, sb)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.StartContainer(ctx, id); err != nil {
		t.Fatal(err)
	}
	st := waitExited(t, r, id, 10*time.Second)
	b, _ := os.ReadFile(filepath.Join(logDir, "c.log"))
	var out strings.Builder
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.SplitN(l, " ", 4); len(f) == 4 {
			out.WriteString(f[3] + "\n")
		}
	}
	return out.String(), st.ExitCode
}

func TestContainerHasAFilesystemOfItsOwn(t *testing.T) {
	secret := t.TempDir()
	if err := os.WriteFile(filepath.Join(secret, "audit.log"), []byte("secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := fsRuntime(t, secret, "")
	hostFile := "/etc/labs-cri-fs-test"
	out, code := runIn(t, r, nil, `
cat `+secret+`/audit.log 2>/dev/null && echo READ-SECRET
echo forged >> `+secret+`/audit.log 2>/dev/null && echo WROTE-SECRET
test -e `+r.cfg.Dir+` && echo SEES-RUNTIME-DIR
echo private > `+hostFile+` && cat `+hostFile+`
echo tmp > /tmp/x && cat /tmp/x
echo "root:$(ls -A /root | wc -l)"
echo "home:$(ls -A /home | wc -l)"
echo "host:$(hostname)"
echo "pid:$$"
umount /root 2>/dev/null && echo UNMOUNTED
unshare -Urm sh -c 'umount -i /root && ls -A /root' 2>/dev/null && echo UNMOUNTED-NESTED
ls /proc | grep -c '^[0-9]'
`)
	if code != 0 {
		t.Errorf("exit code %d\n%s", code, out)
	}
	// UNMOUNTED covers UNMOUNTED-NESTED: in a user namespace of its own the mounts are locked.
	for _, bad := range []string{"READ-SECRET", "WROTE-SECRET", "SEES-RUNTIME-DIR", "UNMOUNTED"} {
		if strings.Contains(out, bad) {
			t.Errorf("the container could do %s:\n%s", bad, out)
		}
	}
	for _, want := range []string{"private\n", "tmp\n", "root:0\n", "home:0\n", "host:web\n", "pid:1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(hostFile); err == nil {
		os.Remove(hostFile)
		t.Errorf("the container's write to %s reached the host", hostFile)
	}
	if b, _ := os.ReadFile(filepath.Join(secret, "audit.log")); string(b) != "secret\n" {
		t.Errorf("the hidden file changed: %q", b)
	}
}

func TestVolumesAreMountedAtTheirPaths(t *testing.T) {
	state := t.TempDir()
	volumes := filepath.Join(state, "pods")
	cm := filepath.Join(volumes, "uid", "volumes", "config")
	scratch := filepath.Join(volumes, "uid", "volumes", "scratch")
	hosts := filepath.Join(volumes, "uid", "etc-hosts")
	for _, d := range []string{cm, scratch} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(cm, "key"), []byte("value"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hosts, []byte("127.0.0.5 web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := fsRuntime(t, state, volumes)
	mounts := []*runtimeapi.Mount{
		{ContainerPath: "/usr/share/nginx/html", HostPath: cm, Readonly: true},
		{ContainerPath: "/data", HostPath: scratch},
		{ContainerPath: "/etc/hosts", HostPath: hosts},
	}
	out, code := runIn(t, r, mounts, `
cat /usr/share/nginx/html/key; echo
echo x > /usr/share/nginx/html/other 2>/dev/null && echo WROTE-READONLY
echo shared > /data/file
grep web /etc/hosts
`)
	if code != 0 || !strings.Contains(out, "value\n") || strings.Contains(out, "WROTE-READONLY") || !strings.Contains(out, "127.0.0.5 web") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if b, err := os.ReadFile(filepath.Join(scratch, "file")); err != nil || string(b) != "shared\n" {
		t.Errorf("the emptyDir write did not reach the volume: %q %v", b, err)
	}
	// A hostPath into what the runtime hides is refused at creation.
	sb := &runtimeapi.PodSandboxConfig{Metadata: &runtimeapi.PodSandboxMetadata{Name: "h", Namespace: "ns", Uid: "h"}}
	sid, err := r.RunPodSandbox(context.Background(), sb, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.CreateContainer(context.Background(), sid, &runtimeapi.ContainerConfig{Metadata: &runtimeapi.ContainerMetadata{Name: "h"},
		Image: &runtimeapi.ImageSpec{Image: "busybox"}, Mounts: []*runtimeapi.Mount{{ContainerPath: "/state", HostPath: state}}}, sb)
	if err == nil || !strings.Contains(err.Error(), "does not mount") {
		t.Errorf("a hostPath of the hidden state directory: %v", err)
	}
}

// BenchmarkContainerStart compares a container start (create, start, run `true`, exit) with and
// without a filesystem of its own: go test -run '^$' -bench ContainerStart ./internal/cri/
func BenchmarkContainerStart(b *testing.B) {
	for _, mode := range []Mode{ModeNamespaces, ModeFilesystem} {
		b.Run(string(mode), func(b *testing.B) {
			r, err := New(Config{Dir: b.TempDir(), PodIPs: &net.IPNet{IP: net.IPv4(127, 97, 0, 0).To4(), Mask: net.CIDRMask(16, 32)}, StreamAddr: "127.0.0.1:0"})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close(context.Background())
			if r.Mode() != ModeFilesystem {
				b.Skipf("no filesystem of their own here: %s", r.Fallback())
			}
			r.mode = mode
			ctx := context.Background()
			sb := &runtimeapi.PodSandboxConfig{Metadata: &runtimeapi.PodSandboxMetadata{Name: "p", Namespace: "ns", Uid: "u"}}
			sid, err := r.RunPodSandbox(ctx, sb, "")
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				id, err := r.CreateContainer(ctx, sid, &runtimeapi.ContainerConfig{Metadata: &runtimeapi.ContainerMetadata{Name: "c"},
					Image: &runtimeapi.ImageSpec{Image: "busybox"}, Command: []string{"true"}}, sb)
				if err != nil {
					b.Fatal(err)
				}
				if err := r.StartContainer(ctx, id); err != nil {
					b.Fatal(err)
				}
				c, _ := r.container(id)
				<-c.done
				_ = r.RemoveContainer(ctx, id)
			}
		})
	}
}

// Where a container cannot have a filesystem of its own (here: no nsenter to exec into one),
// the runtime says why in one line and runs containers as before; the node never fails.
func TestFallbackSaysWhyAndRunsContainers(t *testing.T) {
	path := os.Getenv("PATH")
	t.Setenv("PATH", t.TempDir())
	r, err := New(Config{Dir: t.TempDir(), PodIPs: &net.IPNet{IP: net.IPv4(127, 96, 0, 0).To4(), Mask: net.CIDRMask(16, 32)}, StreamAddr: "127.0.0.1:0"})
	os.Setenv("PATH", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	if r.Mode() == ModeFilesystem || !strings.Contains(r.Fallback(), "nsenter") || strings.Contains(r.Fallback(), "\n") {
		t.Errorf("mode %s, fallback %q", r.Mode(), r.Fallback())
	}
	id, _ := startContainer(t, r, "sh", "-c", "exit 4")
	if st := waitExited(t, r, id, 10*time.Second); st.ExitCode != 4 {
		t.Errorf("a container in the fallback mode exited %d, want 4", st.ExitCode)
	}
}

func TestHiddenPathsFollowSymbolicLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "var", "home", "student")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "var", "home"), filepath.Join(dir, "home")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", filepath.Join(dir, "home", "student"))
	got := strings.Join(hiddenPaths(nil), "\n")
	for _, want := range []string{filepath.Join(dir, "home", "student"), real} {
		if !strings.Contains(got+"\n", want+"\n") {
			t.Errorf("hidden paths lack %s:\n%s", want, got)
		}
	}
}

// readOnlyRootFilesystem: nothing but the volumes, /dev and /dev/shm is writable.
func TestReadOnlyRootFilesystem(t *testing.T) {
	volumes := t.TempDir()
	cache := filepath.Join(volumes, "cache")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	r := fsRuntime(t, t.TempDir(), volumes)
	cfg := &runtimeapi.ContainerConfig{
		Mounts: []*runtimeapi.Mount{{ContainerPath: "/tmp/cache", HostPath: cache}},
		Linux:  &runtimeapi.LinuxContainerConfig{SecurityContext: &runtimeapi.LinuxContainerSecurityContext{ReadonlyRootfs: true}},
	}
	out, code := runInWith(t, r, cfg, `
for f in /etc/x /tmp/x /root/x /x /usr/x; do echo x > $f 2>/dev/null && echo WROTE $f; done
echo x > /tmp/cache/x && echo volume-ok
echo x > /dev/shm/x && echo shm-ok
`)
	if code != 0 || strings.Contains(out, "WROTE") || !strings.Contains(out, "volume-ok") || !strings.Contains(out, "shm-ok") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
