package cri

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/creack/pty"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
	remotecommandserver "k8s.io/cri-streaming/pkg/streaming/remotecommand"
	utilexec "k8s.io/utils/exec"
)

func serve(ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// Exec implements cri.ContainerManager: the kubelet proxies `kubectl exec` to the URL returned.
func (r *Runtime) Exec(ctx context.Context, req *runtimeapi.ExecRequest) (*runtimeapi.ExecResponse, error) {
	if _, err := r.runningContainer(req.GetContainerId()); err != nil {
		return nil, err
	}
	return r.stream.GetExec(req)
}

// Attach implements cri.ContainerManager.
func (r *Runtime) Attach(ctx context.Context, req *runtimeapi.AttachRequest) (*runtimeapi.AttachResponse, error) {
	if _, err := r.runningContainer(req.GetContainerId()); err != nil {
		return nil, err
	}
	return r.stream.GetAttach(req)
}

// ExecSync implements cri.ContainerManager (exec probes).
func (r *Runtime) ExecSync(ctx context.Context, id string, cmd []string, timeout time.Duration) ([]byte, []byte, error) {
	c, err := r.runningContainer(id)
	if err != nil {
		return nil, nil, err
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var stdout, stderr bytes.Buffer
	err = r.execIn(ctx, c, cmd, nil, nopCloser{&stdout}, nopCloser{&stderr}, false, nil)
	return stdout.Bytes(), stderr.Bytes(), err
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (r *Runtime) runningContainer(id string) (*container, error) {
	c, err := r.container(id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != runtimeapi.ContainerState_CONTAINER_RUNNING {
		return nil, fmt.Errorf("container %s is not running", c.config.GetMetadata().GetName())
	}
	return c, nil
}

// streamRuntime serves the streaming server's requests.
type streamRuntime struct{ r *Runtime }

func (s streamRuntime) Exec(ctx context.Context, id string, cmd []string, in io.Reader, out, errw io.WriteCloser, tty bool, resize <-chan remotecommandserver.TerminalSize) error {
	c, err := s.r.runningContainer(id)
	if err != nil {
		return err
	}
	return s.r.execIn(ctx, c, cmd, in, out, errw, tty, resize)
}

// execIn runs cmd in the container: inside its user and PID namespaces when it has them, with
// its environment and working directory. A non-zero exit comes back as an ExitError, so
// kubectl exits with the same code.
func (r *Runtime) execIn(ctx context.Context, c *container, argv []string, in io.Reader, out, errw io.WriteCloser, tty bool, resize <-chan remotecommandserver.TerminalSize) error {
	if len(argv) == 0 {
		return errors.New("no command given")
	}
	c.mu.Lock()
	pid := c.cmd.Process.Pid
	env, cwd := c.env, c.cwd
	c.mu.Unlock()

	var cmd *exec.Cmd
	inNamespaces := true
	if c.mode == ModeFilesystem {
		// The program is looked up inside the container (ctrinit prints the same message).
		var err error
		if cmd, err = r.execCommand(ctx, pid, argv, env, cwd, tty); err != nil {
			return fmt.Errorf("entering the container: %w", err)
		}
	} else {
		prog, err := exec.LookPath(argv[0])
		if err != nil {
			msg := fmt.Sprintf("exec: %q: executable file not found in $PATH", argv[0])
			if errw != nil {
				fmt.Fprintln(errw, msg)
			}
			return utilexec.CodeExitError{Err: errors.New(msg), Code: 127}
		}
		var full []string
		full, inNamespaces = commandLine(c.mode, pid, append([]string{prog}, argv[1:]...), tty)
		cmd = exec.CommandContext(ctx, full[0], full[1:]...)
		cmd.Env, cmd.Dir = env, cwd
		cmd.SysProcAttr = processAttr(ModeProcessGroup)
	}

	if tty {
		open := pty.Open
		if c.mode == ModeFilesystem {
			open = func() (*os.File, *os.File, error) { return containerTerminal(pid) }
		}
		ptmx, pts, err := open()
		if err != nil {
			return err
		}
		cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
		cmd.SysProcAttr.Setctty = !inNamespaces
		err = cmd.Start()
		pts.Close()
		if err != nil {
			ptmx.Close()
			return fmt.Errorf("starting %s: %w", argv[0], err)
		}
		defer ptmx.Close()
		go func() {
			for size := range resize {
				_ = pty.Setsize(ptmx, &pty.Winsize{Rows: size.Height, Cols: size.Width})
			}
		}()
		if in != nil {
			go func() { _, _ = io.Copy(ptmx, in) }()
		}
		var copied sync.WaitGroup
		copied.Add(1)
		go func() {
			defer copied.Done()
			if out != nil {
				_, _ = io.Copy(out, ptmx) // ends with EIO once the process and its children are gone
			}
		}()
		err = cmd.Wait()
		copied.Wait()
		return exitError(cmd, err)
	}

	cmd.Stdout, cmd.Stderr = out, errw
	if in != nil {
		// Not cmd.Stdin: exec.Cmd would wait for the copy, which ends only when the client
		// closes its stdin.
		w, err := cmd.StdinPipe()
		if err != nil {
			return err
		}
		go func() {
			_, _ = io.Copy(w, in)
			w.Close()
		}()
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", argv[0], err)
	}
	return exitError(cmd, cmd.Wait())
}

// commandLine wraps argv so that it runs inside the container's user and PID namespaces when
// the container has them and nsenter is there to enter them.
func commandLine(mode Mode, pid int, argv []string, tty bool) (full []string, inNamespaces bool) {
	if !mode.namespaced() {
		return argv, false
	}
	nsenter, err := exec.LookPath("nsenter")
	if err != nil {
		return argv, false
	}
	if tty {
		// A shell must get its terminal inside the namespace, or job control fails on exit
		// (its original process group is invisible there): setsid --ctty does that.
		setsid, err := exec.LookPath("setsid")
		if err != nil {
			return argv, false
		}
		argv = append([]string{setsid, "--ctty"}, argv...)
	}
	return append([]string{nsenter, "-t", strconv.Itoa(pid), "-U", "-p", "--preserve-credentials", "--"}, argv...), true
}

func exitError(cmd *exec.Cmd, err error) error {
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code := exitCode(cmd.ProcessState, err)
		return utilexec.CodeExitError{Err: fmt.Errorf("command terminated with exit code %d", code), Code: code}
	}
	return err
}

func (s streamRuntime) Attach(ctx context.Context, id string, in io.Reader, out, errw io.WriteCloser, tty bool, resize <-chan remotecommandserver.TerminalSize) error {
	c, err := s.r.runningContainer(id)
	if err != nil {
		return err
	}
	// A failed write means the client went away: end the attach then.
	gone := make(chan struct{})
	var goneOnce sync.Once
	writer := func(w io.Writer) func([]byte) {
		if w == nil {
			return nil
		}
		return func(b []byte) {
			if _, err := w.Write(b); err != nil {
				goneOnce.Do(func() { close(gone) })
			}
		}
	}
	sub := c.out.subscribe(writer(out), writer(errw))
	defer c.out.unsubscribe(sub)
	c.mu.Lock()
	stdin, ptmx := c.stdin, c.ptyFile
	c.mu.Unlock()
	if ptmx != nil && resize != nil {
		go func() {
			for size := range resize {
				_ = pty.Setsize(ptmx, &pty.Winsize{Rows: size.Height, Cols: size.Width})
			}
		}()
	}
	inDone := make(chan struct{})
	if in != nil && stdin != nil {
		go func() {
			defer close(inDone)
			_, _ = io.Copy(stdin, in)
			if c.config.GetStdinOnce() && ptmx == nil {
				stdin.Close()
			}
		}()
	}
	select {
	case <-sub.done:
	case <-ctx.Done():
	case <-inDone:
	case <-gone:
	}
	return nil
}

func (s streamRuntime) PortForward(ctx context.Context, sandboxID string, port int32, stream io.ReadWriteCloser) error {
	s.r.mu.Lock()
	sb, ok := s.r.sandboxes[sandboxID]
	var inPod []*container
	for _, c := range s.r.containers {
		if c.sandboxID == sandboxID {
			inPod = append(inPod, c)
		}
	}
	s.r.mu.Unlock()
	if !ok {
		return notFound("pod sandbox", sandboxID)
	}
	if port == 80 {
		for _, c := range inPod {
			c.mu.Lock()
			if c.servedPort != 0 {
				port = int32(c.servedPort)
			}
			c.mu.Unlock()
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(sb.ip, strconv.Itoa(int(port))))
	if err != nil {
		return fmt.Errorf("connecting to port %d of the pod: %w", port, err)
	}
	defer conn.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(conn, stream); done <- struct{}{} }()
	go func() { _, _ = io.Copy(stream, conn); done <- struct{}{} }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return nil
}
