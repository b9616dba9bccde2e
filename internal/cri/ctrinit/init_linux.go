package ctrinit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// statusFD is where an Init reports a failure to the runtime; it is closed on exec, so the
// runtime reads EOF when the container's program started.
const statusFD = 3

func init() {
	raw, ok := os.LookupEnv(EnvPlan)
	if !ok {
		return
	}
	// Capabilities are per thread: drop them on the thread that executes the program.
	runtime.LockOSThread()
	var p Plan
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		fail(p, ExitSetup, fmt.Errorf("reading the container plan: %w", err))
	}
	os.Exit(run(p))
}

// run never returns on success: the container's program replaces this process.
func run(p Plan) int {
	// fd 3 is an Init's status pipe, or the labs binary an exec was started from: neither is
	// the program's business.
	unix.CloseOnExec(statusFD)
	if p.Init {
		if err := build(p); err != nil {
			fail(p, ExitSetup, fmt.Errorf("setting up the container's filesystem: %w", err))
		}
		if p.TTY {
			if err := openTerminal(); err != nil {
				fail(p, ExitSetup, fmt.Errorf("opening the container's terminal: %w", err))
			}
		}
		if p.Hostname != "" {
			if err := unix.Sethostname([]byte(p.Hostname)); err != nil {
				fail(p, ExitSetup, fmt.Errorf("setting the hostname: %w", err))
			}
		}
	}
	dir := p.Dir
	if dir == "" {
		dir = "/"
	}
	if err := os.Chdir(dir); err != nil {
		// A real runtime creates a missing working directory.
		if err := os.MkdirAll(dir, 0o755); err != nil || os.Chdir(dir) != nil {
			_ = os.Chdir("/")
		}
	}
	if p.TTY && !p.Init {
		// An exec'd shell needs its terminal as controlling terminal inside the namespace,
		// or job control fails (its session would be the runtime's, invisible here).
		_, _ = unix.Setsid()
		_ = unix.IoctlSetInt(0, unix.TIOCSCTTY, 0)
	}
	if len(p.Argv) == 0 {
		fail(p, ExitNotFound, errors.New("no command specified"))
	}
	prog, err := p.Path, error(nil)
	if prog == "" {
		prog, err = lookPath(p.Argv[0], p.Env)
	}
	if err != nil {
		fail(p, ExitNotFound, err)
	}
	if err := dropCapabilities(); err != nil {
		fail(p, ExitSetup, fmt.Errorf("dropping capabilities: %w", err))
	}
	err = syscall.Exec(prog, p.Argv, p.Env)
	code := ExitNotExecutable
	if errors.Is(err, unix.ENOENT) {
		code = ExitNotFound
	}
	fail(p, code, fmt.Errorf("exec: %q: %w", p.Argv[0], err))
	return code
}

// openTerminal makes a terminal of the container's devpts the stdin, stdout, stderr and
// controlling terminal of this process, and hands its master to the runtime.
func openTerminal() error {
	master, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(master)
	if err := unix.IoctlSetPointerInt(master, unix.TIOCSPTLCK, 0); err != nil {
		return fmt.Errorf("unlocking the terminal: %w", err)
	}
	n, err := unix.IoctlGetInt(master, unix.TIOCGPTN)
	if err != nil {
		return err
	}
	slave, err := unix.Open(fmt.Sprintf("/dev/pts/%d", n), unix.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return err
	}
	for fd := range 3 {
		if err := unix.Dup2(slave, fd); err != nil {
			return err
		}
	}
	unix.Close(slave)
	if err := unix.IoctlSetInt(0, unix.TIOCSCTTY, 0); err != nil {
		return fmt.Errorf("making it the controlling terminal: %w", err)
	}
	if err := unix.Sendmsg(TTYFD, []byte{0}, unix.UnixRights(master), nil, 0); err != nil {
		return fmt.Errorf("handing the terminal to the runtime: %w", err)
	}
	return unix.Close(TTYFD)
}

// fail reports err where the runtime reads it (the status pipe of an Init, else stderr) and exits.
func fail(p Plan, code int, err error) {
	w := os.Stderr
	if p.Init {
		w = os.NewFile(statusFD, "status")
	}
	fmt.Fprintln(w, err)
	os.Exit(code)
}

// lookPath finds the program in the container's PATH, as the container's own runtime would.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, d := range filepath.SplitList(path) {
		if d == "" {
			d = "."
		}
		c := filepath.Join(d, name)
		if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return c, nil
		}
	}
	return "", fmt.Errorf("exec: %q: executable file not found in $PATH", name)
}

// keptCapabilities are Docker's default capabilities. Everything else, CAP_SYS_ADMIN first,
// goes: without it the container cannot unmount the masks over the host's private paths, and
// a user namespace it creates inherits them locked.
var keptCapabilities = map[int]bool{
	unix.CAP_CHOWN: true, unix.CAP_DAC_OVERRIDE: true, unix.CAP_FSETID: true, unix.CAP_FOWNER: true,
	unix.CAP_MKNOD: true, unix.CAP_NET_RAW: true, unix.CAP_SETGID: true, unix.CAP_SETUID: true,
	unix.CAP_SETFCAP: true, unix.CAP_SETPCAP: true, unix.CAP_NET_BIND_SERVICE: true,
	unix.CAP_SYS_CHROOT: true, unix.CAP_KILL: true, unix.CAP_AUDIT_WRITE: true,
}

// dropCapabilities removes the other capabilities from the bounding set of this thread; the
// exec that follows computes root's capabilities from it.
func dropCapabilities() error {
	for c := 0; c <= 63; c++ {
		if keptCapabilities[c] {
			continue
		}
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); err != nil {
			if errors.Is(err, unix.EINVAL) {
				return nil // past the kernel's last capability
			}
			return fmt.Errorf("capability %d: %w", c, err)
		}
	}
	return nil
}

// build assembles the new root on a tmpfs and makes it the root of this mount namespace; the
// host's root is detached, so only what the plan mounted is reachable.
func build(p Plan) error {
	// Nothing done here may propagate back to the host's mount namespace.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	if err := unix.Mount("labs-scratch", p.Scratch, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0700"); err != nil {
		return fmt.Errorf("scratch tmpfs on %s: %w", p.Scratch, err)
	}
	root := filepath.Join(p.Scratch, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		return err
	}
	if err := unix.Mount("rootfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755"); err != nil {
		return fmt.Errorf("root tmpfs: %w", err)
	}
	for i, op := range p.Ops {
		if err := apply(p.Scratch, root, i, op); err != nil && !op.Optional {
			return fmt.Errorf("%s %s: %w", op.Kind, op.Target, err)
		}
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the host's root: %w", err)
	}
	return os.Chdir("/")
}

func apply(scratch, root string, i int, op Op) error {
	target := filepath.Join(root, filepath.Clean("/"+op.Target))
	switch op.Kind {
	case OpSymlink:
		return os.Symlink(op.Link, target)
	case OpMkdir:
		return os.MkdirAll(target, os.FileMode(op.Mode))
	case OpFile:
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, []byte(op.Data), os.FileMode(op.Mode))
	}
	// Mounts: the mount point is created when missing; it is resolved inside the new root, so a
	// symbolic link in an image path cannot point a mount at the host.
	mp, closeMP, err := mountPoint(root, op.Target, op.File)
	if err != nil {
		return err
	}
	defer closeMP()
	switch op.Kind {
	case OpTmpfs:
		flags := uintptr(unix.MS_NOSUID | unix.MS_NODEV)
		if op.ReadOnly {
			flags |= unix.MS_RDONLY
		}
		return unix.Mount("tmpfs", mp, "tmpfs", flags, fmt.Sprintf("mode=%04o", op.Mode))
	case OpOverlay:
		upper := filepath.Join(scratch, "upper", fmt.Sprint(i))
		work := filepath.Join(scratch, "work", fmt.Sprint(i))
		for _, d := range []string{upper, work} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		for _, pr := range op.Prepare {
			if err := prepare(upper, pr); err != nil {
				return err
			}
		}
		data := "lowerdir=" + op.Source + ",upperdir=" + upper + ",workdir=" + work + ",userxattr"
		return unix.Mount("overlay", mp, "overlay", 0, data)
	case OpBind:
		flags := uintptr(unix.MS_BIND)
		if op.Recursive {
			flags |= unix.MS_REC
		}
		if err := unix.Mount(op.Source, mp, "", flags, ""); err != nil {
			return err
		}
		if !op.ReadOnly {
			return nil
		}
		// The descriptor is the directory underneath: open the new mount itself.
		top, closeTop, err := mountPoint(root, op.Target, op.File)
		if err != nil {
			return err
		}
		defer closeTop()
		return readOnly(top, op.Recursive)
	case OpReadOnly:
		return readOnly(mp, false)
	case OpProc:
		return unix.Mount("proc", mp, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	case OpDevpts:
		return unix.Mount("devpts", mp, "devpts", unix.MS_NOSUID|unix.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
	}
	return fmt.Errorf("unknown operation %q", op.Kind)
}

// readOnly makes a bind mount read-only, keeping the flags the kernel locked on it (nosuid,
// nodev...: a remount in a user namespace that drops them is refused).
func readOnly(mp string, recursive bool) error {
	attr := &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY}
	var flags uint = 0
	if recursive {
		flags = unix.AT_RECURSIVE
	}
	err := unix.MountSetattr(-1, mp, flags, attr)
	if err == nil || !errors.Is(err, unix.ENOSYS) {
		return err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(mp, &st); err != nil {
		return err
	}
	keep := uintptr(0)
	for _, f := range [][2]uintptr{{unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV}, {unix.ST_NOEXEC, unix.MS_NOEXEC},
		{unix.ST_NOATIME, unix.MS_NOATIME}, {unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME}} {
		if uintptr(st.Flags)&f[0] != 0 {
			keep |= f[1]
		}
	}
	return unix.Mount("", mp, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|keep, "")
}

// prepare creates a mount point (or file) in an overlay's upper layer.
func prepare(upper string, pr Prepared) error {
	p := filepath.Join(upper, filepath.Clean("/"+pr.Path))
	if !pr.File {
		return os.MkdirAll(p, 0o755)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(pr.Data), 0o644)
}

// mountPoint creates rel inside root when it is missing (a directory, or an empty file) and
// returns a path to mount on that cannot leave root: /proc/self/fd of the mount point opened
// with RESOLVE_IN_ROOT, where the kernel has openat2.
func mountPoint(root, rel string, file bool) (string, func(), error) {
	rel = strings.TrimPrefix(filepath.Clean("/"+rel), "/")
	if rel == "" {
		return root, func() {}, nil
	}
	rootFD, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", nil, err
	}
	defer unix.Close(rootFD)
	how := &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_IN_ROOT}
	fd, err := unix.Openat2(rootFD, rel, how)
	if errors.Is(err, unix.ENOENT) {
		if err := create(rootFD, rel, file); err != nil {
			return "", nil, err
		}
		fd, err = unix.Openat2(rootFD, rel, how)
	}
	if errors.Is(err, unix.ENOSYS) {
		// No openat2 (kernel < 5.6): the plain path, created the plain way.
		p := filepath.Join(root, rel)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			if file {
				err = errors.Join(os.MkdirAll(filepath.Dir(p), 0o755), os.WriteFile(p, nil, 0o644))
			} else {
				err = os.MkdirAll(p, 0o755)
			}
			if err != nil {
				return "", nil, err
			}
		}
		return p, func() {}, nil
	}
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("/proc/self/fd/%d", fd), func() { unix.Close(fd) }, nil
}

// create makes the missing parts of rel below rootFD, every step resolved inside the root.
func create(rootFD int, rel string, file bool) error {
	parts := strings.Split(rel, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		last := i == len(parts)-1
		how := &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_IN_ROOT}
		fd, err := unix.Openat2(rootFD, sub, how)
		if err == nil {
			unix.Close(fd)
			continue
		}
		if !errors.Is(err, unix.ENOENT) {
			return err
		}
		parent := "."
		if i > 0 {
			parent = strings.Join(parts[:i], "/")
		}
		dirHow := &unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_IN_ROOT}
		pfd, err := unix.Openat2(rootFD, parent, dirHow)
		if err != nil {
			return err
		}
		if last && file {
			var f int
			f, err = unix.Openat(pfd, parts[i], unix.O_CREAT|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
			if err == nil {
				unix.Close(f)
			}
		} else {
			err = unix.Mkdirat(pfd, parts[i], 0o755)
		}
		unix.Close(pfd)
		if err != nil && !errors.Is(err, unix.EEXIST) {
			return err
		}
	}
	return nil
}
