package cri

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/cri/ctrinit"
)

// hostEntry is one entry of a host directory, as the mount planner needs it.
type hostEntry struct {
	name    string
	dir     bool
	symlink bool
	link    string
}

// hostView is what the planner reads of the host: directory listings, the host's mount points
// and whether a path is a directory. A fake in tests, the real host in the runtime.
type hostView struct {
	list        func(dir string) ([]hostEntry, error)
	isDir       func(path string) bool
	mountPoints []string
}

// fsSpec is what one container's filesystem is made of.
type fsSpec struct {
	// hide are host paths no container may see (the labs state directory, the user's home...).
	hide []string
	// volumesDir is where the kubelet keeps pods' volumes (inside a hidden path): mounts from
	// below it are the pod's own volumes and are allowed.
	volumesDir string
	// mountable are more host paths inside hidden ones that hostPath volumes may mount: the
	// node's static pod directory, which a Pod on a real node can mount as well.
	mountable []string
	mounts    []*runtimeapi.Mount
	hostname  string
	// readOnlyRoot is the container's readOnlyRootFilesystem: everything but its volumes, /dev
	// and /dev/shm is read-only.
	readOnlyRoot bool
}

// notCarried are top-level host directories a container does not get: pseudo filesystems it
// gets fresh (/proc, /dev), private ones (/tmp, /run, /root), homes, and the host's own mounts.
var notCarried = map[string]bool{
	"proc": true, "sys": true, "dev": true, "tmp": true, "run": true, "home": true, "root": true,
	"mnt": true, "media": true, "boot": true, "lost+found": true, "snap": true,
}

// planFilesystem turns a container's spec into the operations that build its root. The host's
// directories are the image, read-only underneath a private writable layer (an overlay per
// directory: an overlay of / itself is refused in a user namespace, because / has mounts below
// it that the kernel locks); what must stay private is not there at all, rather than covered.
func planFilesystem(host hostView, spec fsSpec) ([]ctrinit.Op, error) {
	p := &planner{host: host, spec: spec}
	for i, h := range spec.hide {
		spec.hide[i] = filepath.Clean(h)
	}
	if err := p.carry("/", true); err != nil {
		return nil, err
	}
	p.ops = append(p.ops,
		ctrinit.Op{Kind: ctrinit.OpTmpfs, Target: "/tmp", Mode: 0o1777},
		ctrinit.Op{Kind: ctrinit.OpTmpfs, Target: "/run", Mode: 0o755},
		ctrinit.Op{Kind: ctrinit.OpTmpfs, Target: "/root", Mode: 0o700},
		ctrinit.Op{Kind: ctrinit.OpMkdir, Target: "/home", Mode: 0o755},
		ctrinit.Op{Kind: ctrinit.OpMkdir, Target: "/mnt", Mode: 0o755},
		ctrinit.Op{Kind: ctrinit.OpMkdir, Target: "/sys", Mode: 0o555},
		ctrinit.Op{Kind: ctrinit.OpProc, Target: "/proc"},
		// Kernel settings stay the host's: read-only, as in a real container.
		ctrinit.Op{Kind: ctrinit.OpBind, Source: "/proc/sys", Target: "/proc/sys", Recursive: true, ReadOnly: true, Optional: true},
		ctrinit.Op{Kind: ctrinit.OpBind, Source: "/proc/sysrq-trigger", Target: "/proc/sysrq-trigger", File: true, ReadOnly: true, Optional: true},
		ctrinit.Op{Kind: ctrinit.OpTmpfs, Target: "/dev", Mode: 0o755},
	)
	for _, d := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpBind, Source: "/dev/" + d, Target: "/dev/" + d, File: true, Optional: true})
	}
	p.ops = append(p.ops,
		ctrinit.Op{Kind: ctrinit.OpDevpts, Target: "/dev/pts", Optional: true},
		ctrinit.Op{Kind: ctrinit.OpSymlink, Target: "/dev/ptmx", Link: "pts/ptmx"},
		ctrinit.Op{Kind: ctrinit.OpTmpfs, Target: "/dev/shm", Mode: 0o1777},
		ctrinit.Op{Kind: ctrinit.OpSymlink, Target: "/dev/fd", Link: "/proc/self/fd"},
		ctrinit.Op{Kind: ctrinit.OpSymlink, Target: "/dev/stdin", Link: "/proc/self/fd/0"},
		ctrinit.Op{Kind: ctrinit.OpSymlink, Target: "/dev/stdout", Link: "/proc/self/fd/1"},
		ctrinit.Op{Kind: ctrinit.OpSymlink, Target: "/dev/stderr", Link: "/proc/self/fd/2"},
	)
	if spec.hostname != "" {
		if ov := p.overlayFor("/etc/hostname"); ov != nil {
			ov.Prepare = append(ov.Prepare, ctrinit.Prepared{Path: rel(ov.Target, "/etc/hostname"), File: true, Data: spec.hostname + "\n"})
		}
	}
	if err := p.volumes(); err != nil {
		return nil, err
	}
	if spec.readOnlyRoot {
		writable := []string{"/"}
		for _, op := range p.ops {
			if op.Kind == ctrinit.OpOverlay || (op.Kind == ctrinit.OpTmpfs && op.Target != "/dev" && op.Target != "/dev/shm") {
				writable = append(writable, op.Target)
			}
		}
		for _, w := range writable {
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpReadOnly, Target: w})
		}
	}
	return p.ops, nil
}

type planner struct {
	host hostView
	spec fsSpec
	ops  []ctrinit.Op
}

// carry adds the host directory dir to the root: each entry as an overlay, a read-only bind
// (another filesystem, or a directory with one below it), a symbolic link, or (when something
// below it must stay out, or a volume goes below a mount) a directory of its own whose entries
// are carried one by one.
func (p *planner) carry(dir string, top bool) error {
	entries, err := p.host.list(dir)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.name)
		switch {
		case top && notCarried[e.name]:
		case p.hidden(path):
			if e.dir {
				p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpMkdir, Target: path, Mode: 0o755})
			}
		case e.symlink:
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpSymlink, Target: path, Link: e.link})
		case !e.dir:
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpBind, Source: path, Target: path, File: true, ReadOnly: true, Optional: true})
		case p.isMountPoint(path) || (p.somethingBelow(path) && !p.hiddenBelow(path) && !p.volumeBelow(path)):
			// Another filesystem, or a directory with one mounted below it: read-only as it is.
			// (Splitting it into an overlay per entry costs about a millisecond per overlay at
			// every container start; it is done only when a volume must be mounted in there.)
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpBind, Source: path, Target: path, Recursive: true, ReadOnly: true})
		case p.somethingBelow(path) || strings.ContainsAny(path, ",:\\"):
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpMkdir, Target: path, Mode: 0o755})
			if err := p.carry(path, false); err != nil {
				return err
			}
		default:
			p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpOverlay, Source: path, Target: path})
		}
	}
	return nil
}

// within reports whether path is base or below it.
func within(path, base string) bool {
	return path == base || base == "/" || strings.HasPrefix(path, base+"/")
}

// mountable: src lies below a directory whose files may be mounted although it is hidden (the
// pods' volumes, the static pod directory).
func (p *planner) mountable(src string) bool {
	for _, m := range append([]string{p.spec.volumesDir}, p.spec.mountable...) {
		if m != "" && within(src, filepath.Clean(m)) {
			return true
		}
	}
	return false
}

func (p *planner) hidden(path string) bool {
	for _, h := range p.spec.hide {
		if within(path, h) {
			return true
		}
	}
	return false
}

func (p *planner) isMountPoint(path string) bool {
	for _, m := range p.host.mountPoints {
		if filepath.Clean(m) == path {
			return true
		}
	}
	return false
}

// somethingBelow: a hidden path or a mount point strictly below path, so path cannot be one
// overlay (an overlay's lower layer is one filesystem, and must not show what is hidden).
func (p *planner) somethingBelow(path string) bool {
	for _, l := range [][]string{p.spec.hide, p.host.mountPoints} {
		for _, x := range l {
			x = filepath.Clean(x)
			if x != path && within(x, path) {
				return true
			}
		}
	}
	return false
}

// hiddenBelow: a hidden path strictly below path.
func (p *planner) hiddenBelow(path string) bool {
	for _, x := range p.spec.hide {
		if x != path && within(x, path) {
			return true
		}
	}
	return false
}

// volumeBelow: a volume's mount point below path, which needs a writable place to be made.
func (p *planner) volumeBelow(path string) bool {
	for _, m := range p.spec.mounts {
		if x := filepath.Clean("/" + m.GetContainerPath()); x != path && within(x, path) {
			return true
		}
	}
	return false
}

// overlayFor is the overlay that holds path, if one does.
func (p *planner) overlayFor(path string) *ctrinit.Op {
	for i := range p.ops {
		if op := &p.ops[i]; op.Kind == ctrinit.OpOverlay && within(path, op.Target) {
			return op
		}
	}
	return nil
}

func rel(base, path string) string {
	r, _ := filepath.Rel(base, path)
	return r
}

// errHiddenSource is returned for a hostPath volume that would show a container what the
// runtime hides from it.
type errHiddenSource struct{ source, hidden string }

func (e errHiddenSource) Error() string {
	return fmt.Sprintf("the labs runtime does not mount %s into containers: it would show them %s, which only labs may see", e.source, e.hidden)
}

// volumes binds the kubelet's mounts (volumes, /etc/hosts, the termination log) at their
// paths, parents before children. Their mount points inside an overlay are prepared in its
// upper layer, so a volume can be mounted where the host has no directory.
func (p *planner) volumes() error {
	mounts := append([]*runtimeapi.Mount(nil), p.spec.mounts...)
	sort.SliceStable(mounts, func(i, j int) bool {
		return depth(mounts[i].GetContainerPath()) < depth(mounts[j].GetContainerPath())
	})
	for _, m := range mounts {
		src, dst := filepath.Clean(m.GetHostPath()), filepath.Clean("/"+m.GetContainerPath())
		if m.GetHostPath() == "" || m.GetContainerPath() == "" {
			continue
		}
		if !p.mountable(src) {
			for _, h := range p.spec.hide {
				if within(src, h) || within(h, src) {
					return errHiddenSource{source: src, hidden: h}
				}
			}
		}
		file := !p.host.isDir(src)
		if ov := p.overlayFor(dst); ov != nil && dst != ov.Target {
			ov.Prepare = append(ov.Prepare, ctrinit.Prepared{Path: rel(ov.Target, dst), File: file})
		}
		p.ops = append(p.ops, ctrinit.Op{Kind: ctrinit.OpBind, Source: src, Target: dst, Recursive: true, ReadOnly: m.GetReadonly(), File: file})
	}
	return nil
}

func depth(p string) int { return strings.Count(filepath.Clean("/"+p), "/") }
