package cri

import (
	"path/filepath"
	"strings"
	"testing"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/cri/ctrinit"
)

// fakeHost is a host tree: directories end in "/", symbolic links are "name -> target".
func fakeHost(tree map[string][]string, mountPoints ...string) hostView {
	return hostView{
		list: func(dir string) ([]hostEntry, error) {
			var out []hostEntry
			for _, e := range tree[dir] {
				switch {
				case strings.Contains(e, " -> "):
					name, link, _ := strings.Cut(e, " -> ")
					out = append(out, hostEntry{name: name, symlink: true, link: link})
				case strings.HasSuffix(e, "/"):
					out = append(out, hostEntry{name: strings.TrimSuffix(e, "/"), dir: true})
				default:
					out = append(out, hostEntry{name: e})
				}
			}
			return out, nil
		},
		isDir:       func(p string) bool { return !strings.HasSuffix(p, "hosts") },
		mountPoints: mountPoints,
	}
}

var host = map[string][]string{
	"/":                 {"bin -> usr/bin", "etc/", "home/", "opt/", "proc/", "root/", "tmp/", "usr/", "var/", ".dockerenv"},
	"/var":              {"lib/", "log/"},
	"/var/lib":          {"docker/", "dpkg/", "labs/"},
	"/opt":              {"tools/"},
	"/var/lib/labs":     {"clusters/"},
	"/var/lib/labs/etc": {},
}

// opAt is the operation whose target is path, or a zero Op.
func opAt(ops []ctrinit.Op, kind, path string) (ctrinit.Op, bool) {
	for _, op := range ops {
		if op.Target == path && (kind == "" || op.Kind == kind) {
			return op, true
		}
	}
	return ctrinit.Op{}, false
}

func TestPlanCarriesTheHostReadOnlyAndLeavesPrivatePathsOut(t *testing.T) {
	ops, err := planFilesystem(fakeHost(host, "/", "/proc", "/var/lib/docker"), fsSpec{
		hide: []string{"/var/lib/labs", "/home/student", "/opt/tools/"}, hostname: "web",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ kind, path string }{
		{ctrinit.OpSymlink, "/bin"},
		{ctrinit.OpOverlay, "/etc"},
		{ctrinit.OpOverlay, "/usr"},
		{ctrinit.OpMkdir, "/var"},       // has a mount point and a hidden path below it
		{ctrinit.OpMkdir, "/var/lib"},   // likewise
		{ctrinit.OpOverlay, "/var/log"}, // nothing below it: one overlay
		{ctrinit.OpOverlay, "/var/lib/dpkg"},
		{ctrinit.OpBind, "/var/lib/docker"}, // another filesystem: bound read-only
		{ctrinit.OpMkdir, "/var/lib/labs"},  // hidden: an empty directory, not the host's
		{ctrinit.OpMkdir, "/opt/tools"},
		{ctrinit.OpBind, "/.dockerenv"},
		{ctrinit.OpTmpfs, "/tmp"},
		{ctrinit.OpTmpfs, "/root"},
		{ctrinit.OpMkdir, "/home"},
		{ctrinit.OpProc, "/proc"},
		{ctrinit.OpTmpfs, "/dev"},
		{ctrinit.OpDevpts, "/dev/pts"},
	} {
		if _, ok := opAt(ops, c.kind, c.path); !ok {
			t.Errorf("no %s at %s in %+v", c.kind, c.path, ops)
		}
	}
	if op, _ := opAt(ops, ctrinit.OpBind, "/var/lib/docker"); !op.ReadOnly || !op.Recursive {
		t.Errorf("a host mount point is not bound recursively read-only: %+v", op)
	}
	for _, op := range ops {
		// Nothing of what is hidden is a source, and no pseudo or home directory is carried.
		if within(op.Source, "/var/lib/labs") || within(op.Source, "/home") || within(op.Source, "/root") || within(op.Source, "/tmp") ||
			(op.Kind == ctrinit.OpOverlay && (op.Source == "/var" || op.Source == "/opt" || op.Source == "/proc")) {
			t.Errorf("the plan shows a private path: %+v", op)
		}
	}
	// The hostname file is prepared in /etc's upper layer.
	etc, _ := opAt(ops, ctrinit.OpOverlay, "/etc")
	if len(etc.Prepare) != 1 || etc.Prepare[0].Path != "hostname" || etc.Prepare[0].Data != "web\n" {
		t.Errorf("/etc/hostname: %+v", etc.Prepare)
	}
}

func TestPlanBindsVolumesAtTheirPathsParentsFirst(t *testing.T) {
	pods := "/var/lib/labs/clusters/labs/nodes/w/pods"
	ops, err := planFilesystem(fakeHost(host, "/"), fsSpec{
		hide: []string{"/var/lib/labs"}, volumesDir: pods,
		mounts: []*runtimeapi.Mount{
			{ContainerPath: "/usr/share/nginx/html/sub", HostPath: pods + "/u/volumes/b"},
			{ContainerPath: "/usr/share/nginx/html", HostPath: pods + "/u/volumes/a", Readonly: true},
			{ContainerPath: "/etc/hosts", HostPath: pods + "/u/etc-hosts"},
			{ContainerPath: "/data", HostPath: "/srv/data"}, // a hostPath outside what is hidden
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var binds []ctrinit.Op
	for _, op := range ops {
		if op.Kind == ctrinit.OpBind && (strings.HasPrefix(op.Source, pods) || op.Source == "/srv/data") {
			binds = append(binds, op)
		}
	}
	if len(binds) != 4 || binds[0].Target != "/data" || binds[1].Target != "/etc/hosts" || !binds[1].File ||
		binds[2].Target != "/usr/share/nginx/html" || !binds[2].ReadOnly || binds[3].Target != "/usr/share/nginx/html/sub" {
		t.Errorf("volume binds: %+v", binds)
	}
	// Their mount points in /usr and /etc are made in the overlays' upper layers, where the
	// container may create them.
	usr, _ := opAt(ops, ctrinit.OpOverlay, "/usr")
	etc, _ := opAt(ops, ctrinit.OpOverlay, "/etc")
	if len(usr.Prepare) != 2 || usr.Prepare[0].Path != filepath.Join("share", "nginx", "html") || usr.Prepare[0].File {
		t.Errorf("/usr prepared: %+v", usr.Prepare)
	}
	if len(etc.Prepare) != 1 || etc.Prepare[0].Path != "hosts" || !etc.Prepare[0].File {
		t.Errorf("/etc prepared: %+v", etc.Prepare)
	}
}

func TestPlanRefusesHostPathsThatShowWhatIsHidden(t *testing.T) {
	manifests := "/var/lib/labs/clusters/labs/nodes/w/manifests"
	for _, src := range []string{"/var/lib/labs", "/var/lib/labs/clusters/labs/audit", "/var", "/", "/var/lib/labs/clusters/labs/nodes/w", "/var/lib/labs/clusters/labs/nodes/w2/manifests"} {
		_, err := planFilesystem(fakeHost(host, "/"), fsSpec{
			hide: []string{"/var/lib/labs"}, volumesDir: "/var/lib/labs/clusters/labs/nodes/w/pods", mountable: []string{manifests},
			mounts: []*runtimeapi.Mount{{ContainerPath: "/x", HostPath: src}},
		})
		if err == nil || !strings.Contains(err.Error(), "does not mount "+src) {
			t.Errorf("hostPath %s: %v", src, err)
		}
	}
	// the node's own static pod directory may be mounted, as on a real node
	ops, err := planFilesystem(fakeHost(host, "/"), fsSpec{
		hide: []string{"/var/lib/labs"}, volumesDir: "/var/lib/labs/clusters/labs/nodes/w/pods", mountable: []string{manifests},
		mounts: []*runtimeapi.Mount{{ContainerPath: "/dir", HostPath: manifests}},
	})
	if err != nil {
		t.Fatalf("hostPath %s: %v", manifests, err)
	}
	if bind, ok := opAt(ops, ctrinit.OpBind, "/dir"); !ok || bind.Source != manifests {
		t.Errorf("no bind of %s at /dir: %+v", manifests, ops)
	}
}

// A directory with another filesystem below it is one read-only bind (an overlay per entry costs
// a millisecond each at every start), unless a volume must be mounted in it.
func TestPlanSplitsAMountedDirectoryOnlyForAVolume(t *testing.T) {
	h := fakeHost(host, "/", "/var/lib/docker")
	ops, err := planFilesystem(h, fsSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if op, ok := opAt(ops, ctrinit.OpBind, "/var"); !ok || !op.ReadOnly || !op.Recursive {
		t.Errorf("/var with a mount below it: %+v", ops)
	}
	if _, ok := opAt(ops, ctrinit.OpOverlay, "/var/log"); ok {
		t.Errorf("/var was split without need")
	}
	ops, err = planFilesystem(h, fsSpec{mounts: []*runtimeapi.Mount{{ContainerPath: "/var/log/app", HostPath: "/srv/logs"}}})
	if err != nil {
		t.Fatal(err)
	}
	logOverlay, ok := opAt(ops, ctrinit.OpOverlay, "/var/log")
	if _, bound := opAt(ops, ctrinit.OpBind, "/var"); bound || !ok || len(logOverlay.Prepare) != 1 || logOverlay.Prepare[0].Path != "app" {
		t.Errorf("a volume in /var/log: %+v", ops)
	}
	if op, ok := opAt(ops, ctrinit.OpBind, "/var/lib"); !ok || !op.ReadOnly {
		t.Errorf("/var/lib, with a mount below it and no volume: %+v", ops)
	}
}

func TestPlanReadOnlyRootLeavesVolumesAndDevWritable(t *testing.T) {
	ops, err := planFilesystem(fakeHost(host, "/"), fsSpec{readOnlyRoot: true,
		mounts: []*runtimeapi.Mount{{ContainerPath: "/tmp/cache", HostPath: "/srv/cache"}}})
	if err != nil {
		t.Fatal(err)
	}
	ro := map[string]bool{}
	for _, op := range ops {
		if op.Kind == ctrinit.OpReadOnly {
			ro[op.Target] = true
		}
	}
	for _, p := range []string{"/", "/etc", "/usr", "/tmp", "/run", "/root"} {
		if !ro[p] {
			t.Errorf("%s stays writable: %v", p, ro)
		}
	}
	for _, p := range []string{"/dev", "/dev/shm", "/tmp/cache"} {
		if ro[p] {
			t.Errorf("%s is made read-only", p)
		}
	}
	if ops[len(ops)-1].Kind != ctrinit.OpReadOnly {
		t.Errorf("read-only is not the last step, after the volumes: %+v", ops[len(ops)-1])
	}
}
