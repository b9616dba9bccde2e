// Package script runs one lab step's shell script the way `labs test` and `labs grade` need it:
// bash, in a given directory and environment, in a process group of its own, with a time limit,
// keeping the tail of its output. When the script ends (or is stopped) its whole process group is
// killed, so a `kubectl proxy &` it left behind does not outlive it.
package script

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/labs-dev/labs/internal/sandbox"
)

// TailBytes is how much of a script's output a Result keeps: the end, where errors are.
const TailBytes = 4 << 10

// Options say how to run a script.
type Options struct {
	// Script is the bash source to run, unless File is set.
	Script string
	// File is a script file to run instead, relative to Dir: bash then names it, and its
	// line, in its own error messages.
	File string
	// Name is what bash calls the script in its error messages ("steps/run-web.sh"), so a syntax
	// error names the learner's file and line.
	Name string
	// Dir is the working directory.
	Dir string
	// Env is the whole environment of the script.
	Env []string
	// Timeout stops the script (its whole process group) after this long; 0 means no limit.
	Timeout time.Duration
	// Grace is how long a stopped script gets between SIGTERM and SIGKILL (default 2 s).
	Grace time.Duration
	// Sandbox, when set with a Mode other than sandbox.ProcessGroup, runs the script in a
	// sandbox (labs grade: a student's script); Env is then the script's whole environment
	// inside it.
	Sandbox *sandbox.Spec
	Mode    sandbox.Mode
	// MaxOutput stops the script once it has printed this many bytes (0: no limit): 400 MB
	// of output is a script gone wrong, not work to wait for.
	MaxOutput int64
}

// Result is how a script ended.
type Result struct {
	ExitCode int
	// TimedOut is true when the script was stopped at its time limit.
	TimedOut bool
	// OutputLimit is true when the script was stopped for printing more than MaxOutput.
	OutputLimit bool
	Duration    time.Duration
	// Output is the tail of stdout and stderr, interleaved as written.
	Output string
	// Truncated is true when Output lost its beginning.
	Truncated bool
	// Stdout is the tail of stdout alone (a question step's solution prints its answer there).
	Stdout string
}

// Passed reports whether the script exited 0 within its limit.
func (r Result) Passed() bool { return r.ExitCode == 0 && !r.TimedOut }

// Run runs the script and waits for it. The error is for failures to run it at all (no bash);
// a script that fails or times out is a Result, not an error.
func Run(ctx context.Context, o Options) (Result, error) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		return Result{}, fmt.Errorf("running a step script needs bash: %w", err)
	}
	name := o.Name
	if name == "" {
		name = "script"
	}
	// -c with $0 set: errors read "name: -c: line 3: ...".
	cmd := exec.Command(bash, "-c", o.Script, name)
	if o.File != "" {
		cmd = exec.Command(bash, o.File)
	}
	var started func(*exec.Cmd) error
	if o.Sandbox != nil && o.Mode != "" && o.Mode != sandbox.ProcessGroup {
		// The sandbox's init is the process (and group) this function waits for and kills;
		// killing it ends every process the script started.
		cmd, started, err = sandbox.Command(o.Mode, *o.Sandbox, cmd.Args, o.Dir, o.Env)
		if err != nil {
			return Result{}, err
		}
	} else {
		cmd.Dir = o.Dir
		cmd.Env = o.Env
		cmd.SysProcAttr = groupAttr()
	}
	cmd.Stdin = nil // no terminal, no waiting on a human
	tooMuch := make(chan struct{})
	out := &tailBuffer{max: TailBytes, limit: o.MaxOutput, over: tooMuch}
	stdout := &tailBuffer{max: TailBytes}
	cmd.Stdout, cmd.Stderr = io.MultiWriter(out, stdout), out
	// Background jobs keep the output pipes open; don't wait for them once bash is gone.
	cmd.WaitDelay = time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("starting %s: %w", name, err)
	}
	pgid := cmd.Process.Pid
	if started != nil {
		if err := started(cmd); err != nil {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			_ = cmd.Wait()
			return Result{}, fmt.Errorf("running %s: %w", name, err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var limit <-chan time.Time
	if o.Timeout > 0 {
		t := time.NewTimer(o.Timeout)
		defer t.Stop()
		limit = t.C
	}
	res := Result{}
	var waitErr error
	select {
	case waitErr = <-done:
	case <-limit:
		res.TimedOut = true
		waitErr = stopGroup(pgid, o.Grace, done)
	case <-tooMuch:
		res.OutputLimit = true
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		waitErr = <-done
	case <-ctx.Done():
		waitErr = stopGroup(pgid, o.Grace, done)
	}
	// Whatever the script started in its group goes with it.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	res.Duration = time.Since(start)
	res.Output, res.Truncated = out.String()
	res.Stdout, _ = stdout.String()
	var exit *exec.ExitError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exit):
		res.ExitCode = exit.ExitCode()
		if res.ExitCode < 0 { // killed by a signal
			res.ExitCode = 128 + int(exit.Sys().(syscall.WaitStatus).Signal())
		}
	case errors.Is(waitErr, exec.ErrWaitDelay):
		// bash exited; a background job held the output open and was killed above.
		if cmd.ProcessState != nil {
			res.ExitCode = cmd.ProcessState.ExitCode()
		}
	default:
		return res, fmt.Errorf("waiting for %s: %w", name, waitErr)
	}
	if ctx.Err() != nil && !res.TimedOut {
		return res, ctx.Err()
	}
	return res, nil
}

// stopGroup sends SIGTERM to the group, then SIGKILL after grace, and returns Wait's error.
func stopGroup(pgid int, grace time.Duration, done <-chan error) error {
	if grace <= 0 {
		grace = 2 * time.Second
	}
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case err := <-done:
		return err
	case <-time.After(grace):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	return <-done
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	max       int
	truncated bool
	// limit, when > 0, closes over once more than limit bytes were written in all.
	limit, total int64
	over         chan struct{}
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.limit > 0 && b.total <= b.limit {
		if b.total += int64(len(p)); b.total > b.limit {
			close(b.over)
		}
	}
	b.buf.Write(p)
	if over := b.buf.Len() - b.max; over > 0 {
		b.buf.Next(over)
		rest := append([]byte(nil), b.buf.Bytes()...)
		b.buf.Reset()
		b.buf.Write(rest)
		b.truncated = true
	}
	return len(p), nil
}

func (b *tailBuffer) String() (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String(), b.truncated
}

// Environ returns base with KUBECONFIG set and bin first on PATH: the environment a step
// script runs in (this binary as kubectl and labs). Earlier KUBECONFIG and PATH entries go.
func Environ(base []string, kubeconfig, bin string) []string {
	out := make([]string, 0, len(base)+2)
	path := "/usr/local/bin:/usr/bin:/bin"
	for _, kv := range base {
		switch {
		case len(kv) > 11 && kv[:11] == "KUBECONFIG=":
			continue
		case len(kv) > 5 && kv[:5] == "PATH=":
			path = kv[5:]
			continue
		}
		out = append(out, kv)
	}
	return append(out, "KUBECONFIG="+kubeconfig, "PATH="+bin+string(os.PathListSeparator)+path)
}
