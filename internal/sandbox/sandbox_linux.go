package sandbox

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/labs-dev/labs/internal/procstat"
)

// insideID is the uid and gid of the script inside its user namespace.
const insideID = 1000

// initSpec is what the grader sends init over its pipe.
type initSpec struct {
	Spec
	Mode       Mode     `json:"mode"`
	Argv       []string `json:"argv"`
	Dir        string   `json:"dir"`
	Env        []string `json:"env"`
	GraderRoot bool     `json:"graderRoot"` // the grader is root
}

// Command returns the command that runs argv (in dir, with env) in a sandbox of mode, and the
// function to call right after cmd.Start: it hands init its spec and waits until the sandbox
// is set up, returning why it could not be. mode ProcessGroup is not a sandbox: use a plain
// command.
func Command(mode Mode, spec Spec, argv []string, dir string, env []string) (*exec.Cmd, func(*exec.Cmd) error, error) {
	if mode != Namespaces && mode != MountPID {
		return nil, nil, fmt.Errorf("sandbox: mode %q runs no init", mode)
	}
	specR, specW, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		specR.Close()
		specW.Close()
		return nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	cmd := exec.Command(spec.Exe, InitArg)
	// init's own environment: only what the labs binary needs to be itself (the test binary's
	// switch); the script's is in the spec.
	cmd.Env = Environ(os.Environ())
	cmd.ExtraFiles = []*os.File{specR, statusW}
	attr := &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		Setpgid:    true,
		Pdeathsig:  syscall.SIGKILL,
	}
	if !isRoot() {
		// Unprivileged: init is root of a user namespace that is the grader's own user.
		attr.Cloneflags |= syscall.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	cmd.SysProcAttr = attr
	is := initSpec{Spec: spec, Mode: mode, Argv: argv, Dir: dir, Env: env, GraderRoot: isRoot()}
	start := func(c *exec.Cmd) error {
		specR.Close()
		statusW.Close()
		defer statusR.Close()
		if spec.InitFiles != nil {
			tick, err := procstat.StartTick(c.Process.Pid)
			if err != nil {
				specW.Close()
				return fmt.Errorf("sandbox: reading init's start time: %w", err)
			}
			is.Files = append(append([]File(nil), is.Files...), spec.InitFiles(tick)...)
		}
		err := json.NewEncoder(specW).Encode(is)
		specW.Close()
		if err != nil {
			return fmt.Errorf("sandbox: sending the spec: %w", err)
		}
		// One line: "ok", or why the sandbox could not be set up.
		status, _ := bufio.NewReader(io.LimitReader(statusR, 64<<10)).ReadString('\n')
		switch s := strings.TrimSpace(status); {
		case s == "ok":
			return nil
		case s == "":
			return errors.New("sandbox: init ended before setting up")
		default:
			return fmt.Errorf("sandbox: %s", s)
		}
	}
	return cmd, start, nil
}

// Init is the sandbox's init (stage 1): the labs binary started with InitArg. It never returns.
func Init() {
	runtime.LockOSThread()
	// Neither pipe may reach the script: the grader reads the status pipe until its end.
	syscall.CloseOnExec(3)
	syscall.CloseOnExec(4)
	specF, statusF := os.NewFile(3, "spec"), os.NewFile(4, "status")
	var is initSpec
	if err := json.NewDecoder(bufio.NewReader(specF)).Decode(&is); err != nil {
		fmt.Fprintf(statusF, "reading the spec: %v\n", err)
		os.Exit(125)
	}
	specF.Close()
	if err := setup(&is); err != nil {
		fmt.Fprintf(statusF, "setting up: %v\n", err)
		os.Exit(125)
	}
	cmd, err := stage2(&is)
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		fmt.Fprintf(statusF, "starting the script: %v\n", err)
		os.Exit(125)
	}
	fmt.Fprintln(statusF, "ok")
	statusF.Close()
	os.Exit(reap(cmd.Process.Pid))
}

// reap waits for the script as PID 1 does: reaping every orphan, passing SIGTERM/SIGINT on to
// every process of the namespace. When the script exits, everything else is killed; init's
// exit then ends the namespace.
func reap(script int) int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		for s := range sigs {
			_ = syscall.Kill(-1, s.(syscall.Signal))
		}
	}()
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return 125
		}
		if pid != script {
			continue
		}
		_ = syscall.Kill(-1, syscall.SIGKILL)
		switch {
		case ws.Exited():
			return ws.ExitStatus()
		case ws.Signaled():
			return 128 + int(ws.Signal())
		}
		return 125
	}
}

// stage2 is the script's command: a user namespace of its own (an unprivileged uid, mounts
// locked), or in MountPID mode an unprivileged host uid.
func stage2(is *initSpec) (*exec.Cmd, error) {
	cmd := exec.Command(is.Argv[0], is.Argv[1:]...)
	cmd.Dir, cmd.Env = is.Dir, is.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	hostID := 0 // init's root: the grader's own user when it is not root
	if is.GraderRoot {
		hostID = is.UID
	}
	switch is.Mode {
	case Namespaces:
		attr.Cloneflags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: insideID, HostID: hostID, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: insideID, HostID: hostID, Size: 1}}
		attr.Credential = &syscall.Credential{Uid: insideID, Gid: insideID, NoSetGroups: true}
	case MountPID:
		if !is.GraderRoot {
			return nil, errors.New("mode mount-pid-namespaces needs root")
		}
		attr.Credential = &syscall.Credential{Uid: uint32(is.UID), Gid: uint32(is.UID), Groups: []uint32{}}
	}
	cmd.SysProcAttr = attr
	return cmd, nil
}

// setup builds the sandbox's root and pivots into it; then sets the limits that stage 2
// inherits.
func setup(is *initSpec) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	root := is.Spec.Root
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=4m"); err != nil {
		return fmt.Errorf("mounting the root tmpfs: %w", err)
	}
	in := func(p string) string { return filepath.Join(root, p) }
	for _, d := range systemDirs {
		fi, err := os.Lstat(d)
		if err != nil {
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			target, err := os.Readlink(d)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, in(d)); err != nil {
				return err
			}
			continue
		}
		if err := bind(d, in(d), false, true); err != nil {
			return err
		}
	}
	// /dev: a few devices, nothing else (no /dev/shm of the host's).
	if err := mountTmpfs(in("/dev"), "mode=0755,size=64k", unix.MS_NOSUID|unix.MS_NOEXEC); err != nil {
		return err
	}
	for _, d := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		if err := bind("/dev/"+d, in("/dev/"+d), true, false); err != nil {
			return err
		}
	}
	for name, target := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(target, in("/dev/"+name)); err != nil {
			return err
		}
	}
	size := is.TmpSize
	if size == 0 {
		size = 256 << 20
	}
	if err := mountTmpfs(in("/dev/shm"), fmt.Sprintf("mode=1777,size=%d", size/4), unix.MS_NOSUID|unix.MS_NODEV); err != nil {
		return err
	}
	if err := os.MkdirAll(in("/proc"), 0o755); err != nil {
		return err
	}
	if err := unix.Mount("proc", in("/proc"), "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mounting /proc: %w", err)
	}
	if err := mountTmpfs(in("/tmp"), fmt.Sprintf("mode=1777,size=%d", size), unix.MS_NOSUID|unix.MS_NODEV); err != nil {
		return err
	}
	owner := 0
	if is.GraderRoot {
		owner = is.UID
	}
	if is.Home != "" {
		if err := mountTmpfs(in(is.Home), fmt.Sprintf("mode=0700,size=%d,uid=%d,gid=%d", size/4, owner, owner), unix.MS_NOSUID|unix.MS_NODEV); err != nil {
			return err
		}
	}
	for _, b := range is.Binds {
		if err := bind(b.Src, in(b.Dst), false, !b.Writable); err != nil {
			return err
		}
	}
	if is.Exe != "" && is.BinDir != "" {
		if err := bind(is.Exe, in(filepath.Join(is.BinDir, "labs")), false, true); err != nil {
			return err
		}
		if err := os.Symlink("labs", in(filepath.Join(is.BinDir, "kubectl"))); err != nil {
			return err
		}
	}
	for _, f := range is.Files {
		if err := os.MkdirAll(filepath.Dir(in(f.Path)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(in(f.Path), f.Content, 0o644); err != nil {
			return err
		}
	}
	// The root itself becomes read-only: nothing but /tmp, $HOME and the writable binds.
	if err := unix.Mount("", root, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("making the root read-only: %w", err)
	}
	if err := pivot(root); err != nil {
		return err
	}
	return limits(is)
}

func mountTmpfs(at, data string, flags uintptr) error {
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	if err := unix.Mount("tmpfs", at, "tmpfs", flags, data); err != nil {
		return fmt.Errorf("mounting a tmpfs at %s: %w", at, err)
	}
	return nil
}

// bind mounts src at dst (creating dst as a file or a directory like src), read-only when
// ro. Setuid bits never count in the sandbox (nosuid).
func bind(src, dst string, dev, ro bool) error {
	fi, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("binding %s: %w", src, err)
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else {
		if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
			var f *os.File
			if f, err = os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				f.Close()
			}
		}
	}
	if err != nil {
		return fmt.Errorf("making a mount point for %s: %w", src, err)
	}
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("binding %s: %w", src, err)
	}
	flags := uintptr(unix.MS_REMOUNT | unix.MS_BIND | unix.MS_NOSUID)
	var st unix.Statfs_t
	if err := unix.Statfs(dst, &st); err == nil {
		// A remount must keep the flags a less privileged namespace cannot clear.
		for stFlag, msFlag := range map[int64]uintptr{unix.ST_NODEV: unix.MS_NODEV, unix.ST_NOEXEC: unix.MS_NOEXEC,
			unix.ST_NOATIME: unix.MS_NOATIME, unix.ST_NODIRATIME: unix.MS_NODIRATIME, unix.ST_RELATIME: unix.MS_RELATIME} {
			if st.Flags&stFlag != 0 {
				flags |= msFlag
			}
		}
		if st.Flags&unix.ST_RDONLY != 0 {
			ro = true
		}
	}
	if !dev {
		flags |= unix.MS_NODEV
	}
	if ro {
		flags |= unix.MS_RDONLY
	}
	if err := unix.Mount("", dst, "", flags, ""); err != nil {
		return fmt.Errorf("remounting %s (%s): %w", dst, strconv.FormatUint(uint64(flags), 16), err)
	}
	return nil
}

// pivot makes root the root of the mount namespace and detaches the old one.
func pivot(root string) error {
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the old root: %w", err)
	}
	return os.Chdir("/")
}

// limits sets what stage 2 inherits: no new privileges, no supplementary groups, no core
// dumps, bounded file sizes and (as root, for the dedicated uid) processes.
func limits(is *initSpec) error {
	if is.GraderRoot {
		if err := syscall.Setgroups([]int{}); err != nil {
			return fmt.Errorf("dropping groups: %w", err)
		}
		if is.MaxProcs > 0 {
			if err := unix.Setrlimit(unix.RLIMIT_NPROC, &unix.Rlimit{Cur: is.MaxProcs, Max: is.MaxProcs}); err != nil {
				return fmt.Errorf("limiting processes: %w", err)
			}
		}
	}
	if is.MaxFileSize > 0 {
		if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: is.MaxFileSize, Max: is.MaxFileSize}); err != nil {
			return fmt.Errorf("limiting file sizes: %w", err)
		}
	}
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{}); err != nil {
		return fmt.Errorf("disabling core dumps: %w", err)
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no new privileges: %w", err)
	}
	return nil
}

// Probe finds the strongest mode this machine allows for spec: it runs `true` in each, best
// first. note says, in one line, why a stronger mode was refused ("" when none was).
func Probe(spec Spec) (mode Mode, note string) {
	modes := []Mode{Namespaces}
	if isRoot() {
		modes = append(modes, MountPID)
	}
	truePath, err := exec.LookPath("true")
	if err != nil {
		return ProcessGroup, fmt.Sprintf("no sandbox: %v", err)
	}
	var refused []string
	for _, m := range modes {
		err := try(m, spec, truePath)
		if err == nil {
			return m, strings.Join(refused, "; ")
		}
		refused = append(refused, fmt.Sprintf("%s refused: %v", m, err))
	}
	if data, err := os.ReadFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"); err == nil && strings.TrimSpace(string(data)) == "1" {
		refused = append(refused, "AppArmor restricts unprivileged user namespaces (sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or grade as root)")
	}
	return ProcessGroup, strings.Join(refused, "; ")
}

func try(m Mode, spec Spec, truePath string) error {
	cmd, start, err := Command(m, spec, []string{truePath}, "/", nil)
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	serr := start(cmd)
	werr := cmd.Wait()
	if serr != nil {
		return serr
	}
	return werr
}
