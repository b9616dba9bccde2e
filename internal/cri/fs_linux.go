package cri

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/cri/ctrinit"
)

// realHost is the host as the mount planner reads it.
func realHost() hostView {
	return hostView{
		list: func(dir string) ([]hostEntry, error) {
			des, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			out := make([]hostEntry, 0, len(des))
			for _, de := range des {
				e := hostEntry{name: de.Name(), dir: de.IsDir(), symlink: de.Type()&os.ModeSymlink != 0}
				if e.symlink {
					e.link, _ = os.Readlink(filepath.Join(dir, de.Name()))
				}
				out = append(out, e)
			}
			return out, nil
		},
		isDir:       isDir,
		mountPoints: hostMountPoints(),
	}
}

// hostMountPoints lists the mount points of this process's mount namespace.
func hostMountPoints() []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 {
			out = append(out, unescapeMountinfo(fields[4]))
		}
	}
	return out
}

// unescapeMountinfo decodes the octal escapes (\040 for a space...) of a mountinfo path.
func unescapeMountinfo(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			var v int
			if _, err := fmt.Sscanf(s[i+1:i+4], "%03o", &v); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// hiddenPaths are the host paths no container sees: what the node names (its cluster's state
// directory) and, from the environment, the labs state directory wherever it is configured,
// the user's home and temporary directory.
func hiddenPaths(extra []string) []string {
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		p, err := filepath.Abs(p)
		if err != nil || p == "/" {
			return
		}
		out = append(out, p)
		// Through a symbolic link (/home -> var/home) the same files have another path, which
		// the planner, reading the real directories, would otherwise carry.
		if real, err := filepath.EvalSymlinks(p); err == nil && real != p && real != "/" {
			out = append(out, real)
		}
	}
	for _, p := range extra {
		add(p)
	}
	add(os.Getenv("LABS_STATE_DIR"))
	if x := os.Getenv("XDG_STATE_HOME"); x != "" {
		add(filepath.Join(x, "labs"))
	}
	add(os.Getenv("HOME"))
	if h, err := os.UserHomeDir(); err == nil {
		add(h)
	}
	add(os.Getenv("TMPDIR"))
	return out
}

// fsPlan builds a container's filesystem plan.
func (r *Runtime) fsPlan(mounts []*runtimeapi.Mount, hostname string, readOnlyRoot bool) ([]ctrinit.Op, error) {
	return planFilesystem(realHost(), fsSpec{
		hide: hiddenPaths(r.cfg.Hide), volumesDir: r.cfg.VolumesDir, mountable: r.cfg.Mountable, mounts: mounts, hostname: hostname, readOnlyRoot: readOnlyRoot,
	})
}

// fsAttr is how a container with a filesystem of its own starts: in new user, PID, mount and
// UTS namespaces, its root mapped to the node's user (nothing more).
func fsAttr() *syscall.SysProcAttr {
	a := namespaceAttr()
	a.Cloneflags |= syscall.CLONE_NEWNS | syscall.CLONE_NEWUTS
	return a
}

// initCommand is the labs binary re-executed as the container's init (see ctrinit): it builds
// the root from the plan and executes the container's program as PID 1. Its status pipe is
// the command's fd 3.
func initCommand(plan ctrinit.Plan) (*exec.Cmd, *os.File, error) {
	raw, err := json.Marshal(plan)
	if err != nil {
		return nil, nil, err
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	// /proc/self/exe in the forked child is this very binary, even if the file was replaced.
	cmd := exec.Command("/proc/self/exe")
	cmd.Args = []string{"labs-container-init"}
	cmd.Env = []string{ctrinit.EnvPlan + "=" + string(raw)}
	cmd.ExtraFiles = []*os.File{statusW}
	cmd.SysProcAttr = fsAttr()
	cmd.Dir = "/"
	return cmd, statusR, nil
}

// initStatus waits for the init to execute the container's program (EOF on the status pipe)
// or to report why it could not.
func initStatus(statusR *os.File) error {
	defer statusR.Close()
	_ = statusR.SetReadDeadline(time.Now().Add(30 * time.Second))
	b, err := io.ReadAll(statusR)
	if msg := strings.TrimSpace(string(b)); msg != "" {
		return errors.New(msg)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("waiting for the container's init: %w", err)
	}
	return nil
}

// probeFilesystem starts one container with a filesystem of its own, running true, to learn
// whether this kernel allows it (user and mount namespaces, overlay and proc mounts in them).
func (r *Runtime) probeFilesystem() error {
	if _, err := exec.LookPath("nsenter"); err != nil {
		return errors.New("nsenter (util-linux) is not installed, and kubectl exec must enter the container's namespaces")
	}
	ops, err := r.fsPlan(nil, "probe", false)
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp(r.cfg.Dir, "probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	cmd, statusR, err := initCommand(ctrinit.Plan{Init: true, Scratch: scratch, Ops: ops, Hostname: "probe",
		Argv: []string{"sh", "-c", "test -d /proc/self && ! test -e " + shellQuote(r.cfg.Dir)}, Env: []string{"PATH=" + defaultPath}})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Start()
	cmd.ExtraFiles[0].Close()
	if err != nil {
		statusR.Close()
		return err
	}
	setupErr := initStatus(statusR)
	waitErr := cmd.Wait()
	if setupErr != nil {
		return setupErr
	}
	if waitErr != nil {
		return fmt.Errorf("a probe container failed (%w) %s", waitErr, strings.TrimSpace(out.String()))
	}
	return nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// execCommand runs argv inside a running container: nsenter enters its user, mount, PID and
// UTS namespaces, then executes the labs binary (through the descriptor it inherits, since the
// binary's own path may be hidden in there) as a ctrinit exec, which drops the capabilities and
// executes argv with the container's environment and working directory.
func (r *Runtime) execCommand(ctx context.Context, pid int, argv, env []string, dir string, tty bool) (*exec.Cmd, error) {
	nsenter, err := exec.LookPath("nsenter")
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(ctrinit.Plan{Argv: argv, Env: env, Dir: dir, TTY: tty})
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, nsenter, "-t", fmt.Sprint(pid), "-U", "-m", "-p", "-u", "--preserve-credentials", "--", "/proc/self/fd/3")
	cmd.Env = []string{ctrinit.EnvPlan + "=" + string(raw)}
	cmd.ExtraFiles = []*os.File{r.exe}
	cmd.Dir = "/"
	cmd.SysProcAttr = processAttr(ModeProcessGroup)
	return cmd, nil
}

// socketPair is a connected pair of unix sockets, for handing a descriptor over.
func socketPair() (parent, child *os.File, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("socket pair: %w", err)
	}
	return os.NewFile(uintptr(fds[0]), "tty-socket"), os.NewFile(uintptr(fds[1]), "tty-socket-child"), nil
}

// receiveTerminal reads the master of the terminal a container's init opened in its devpts.
func receiveTerminal(sock *os.File) (*os.File, error) {
	_ = sock.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf, oob := make([]byte, 1), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := unix.Recvmsg(int(sock.Fd()), buf, oob, unix.MSG_CMSG_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("receiving the container's terminal: %w", err)
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil {
		return nil, fmt.Errorf("receiving the container's terminal: %w", err)
	}
	if len(msgs) != 1 {
		return nil, errors.New("receiving the container's terminal: no descriptor")
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil {
		return nil, fmt.Errorf("receiving the container's terminal: %w", err)
	}
	if len(fds) != 1 {
		return nil, errors.New("receiving the container's terminal: no descriptor")
	}
	return os.NewFile(uintptr(fds[0]), "ptmx"), nil
}

// containerTerminal opens a new terminal in a running container's own devpts, through its
// root as /proc shows it, so that a program exec'd there finds its terminal under /dev/pts.
func containerTerminal(pid int) (master, slave *os.File, err error) {
	m, err := os.OpenFile(fmt.Sprintf("/proc/%d/root/dev/pts/ptmx", pid), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		return nil, nil, err
	}
	// TIOCGPTPEER opens the slave without a path, which would be the container's, not ours.
	sfd, _, errno := unix.Syscall(unix.SYS_IOCTL, m.Fd(), unix.TIOCGPTPEER, uintptr(unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC))
	if errno != 0 {
		m.Close()
		return nil, nil, errno
	}
	return m, os.NewFile(sfd, "pts"), nil
}
