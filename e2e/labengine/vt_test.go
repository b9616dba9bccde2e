package labengine

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// vt is a terminal a learner types into: any command (an interactive bash) on a pty, its
// output read with ANSI escapes stripped, so tests wait for what a person reads.
type vt struct {
	t    testing.TB
	name string
	cmd  *exec.Cmd
	tty  *os.File
	done chan struct{}

	mu   sync.Mutex
	raw  bytes.Buffer
	seen int // offset in the stripped output up to which text was matched
}

// ansiSeq matches the escape sequences a terminal interprets (CSI, OSC, charset and keypad
// modes), and an incomplete one at the end of what has arrived so far.
var ansiSeq = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*)?$`)

// stripANSI is what the terminal shows of out as text: escapes and carriage returns removed.
func stripANSI(out string) string {
	return strings.ReplaceAll(ansiSeq.ReplaceAllString(out, ""), "\r", "")
}

// startVT runs cmd on a new pty of 50x400: wide enough that no line the screen prints wraps
// (the first screen's line with two absolute paths of a temporary directory is long).
func startVT(t testing.TB, name string, cmd *exec.Cmd) *vt {
	t.Helper()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 400})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	v := &vt{t: t, name: name, cmd: cmd, tty: tty, done: make(chan struct{})}
	reading := make(chan struct{})
	go func() {
		defer close(reading)
		buf := make([]byte, 8192)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				v.mu.Lock()
				v.raw.Write(buf[:n])
				v.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(v.done)
	}()
	t.Cleanup(func() {
		// Hang the terminal up, as closing a terminal window does: its shell and jobs get SIGHUP.
		tty.Close()
		_ = cmd.Process.Signal(syscall.SIGHUP)
		select {
		case <-v.done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-v.done
		}
		// Whatever still runs on the terminal (a job that outlived its shell after a failure)
		// goes too; a daemon has left its session and is not touched.
		killSession(cmd.Process.Pid)
		select {
		case <-reading:
		case <-time.After(10 * time.Second):
			t.Errorf("%s: the terminal's output did not end", name)
		}
		if t.Failed() {
			t.Logf("%s: the whole terminal output:\n%s", name, v.text())
		}
	})
	return v
}

// killSession sends SIGKILL to every process of session sid (pty.Start makes the terminal's
// process a session leader).
func killSession(sid int) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command name: state, ppid, pgrp, session.
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 3 && f[3] == strconv.Itoa(sid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func (v *vt) text() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return stripANSI(v.raw.String())
}

// expectRe waits up to timeout for re to match the text after what was matched before, and
// returns its submatches; the match is consumed.
func (v *vt) expectRe(re *regexp.Regexp, timeout time.Duration) []string {
	v.t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		text := v.text()
		if v.seen > len(text) {
			v.seen = len(text)
		}
		if m := re.FindStringSubmatchIndex(text[v.seen:]); m != nil {
			subs := make([]string, len(m)/2)
			for i := range subs {
				if m[2*i] >= 0 {
					subs[i] = text[v.seen+m[2*i] : v.seen+m[2*i+1]]
				}
			}
			v.seen += m[1]
			return subs
		}
		if time.Now().After(deadline) {
			v.t.Fatalf("%s: no %q within %s; the terminal shows since the last match:\n%s", v.name, re, timeout, text[v.seen:])
		}
		// After the process ended, what it wrote last may still be in the pty: read on
		// until the deadline all the same.
		<-tick.C
	}
}

// expect waits for text (as the terminal shows it) after what was matched before.
func (v *vt) expect(text string, timeout time.Duration) {
	v.t.Helper()
	v.expectRe(regexp.MustCompile(regexp.QuoteMeta(text)), timeout)
}

// key sends one key press (a byte on its own, as a person presses it).
func (v *vt) key(k string) {
	v.t.Helper()
	if _, err := v.tty.Write([]byte(k)); err != nil {
		v.t.Fatalf("%s: %v", v.name, err)
	}
}

// line types a command line and Enter.
func (v *vt) line(s string) {
	v.t.Helper()
	v.key(s + "\r")
}

// exited waits for the terminal's process to end.
func (v *vt) exited(timeout time.Duration) {
	v.t.Helper()
	select {
	case <-v.done:
	case <-time.After(timeout):
		v.t.Fatalf("%s: the shell did not exit within %s", v.name, timeout)
	}
}

// bashVT is an interactive bash on a pty with env, in dir; the learner's ~/.bashrc (see
// learnerRC) makes its prompt "learner$ ".
func bashVT(t testing.TB, ctx context.Context, name, dir string, env []string) *vt {
	t.Helper()
	cmd := exec.CommandContext(ctx, "/bin/bash", "-i")
	cmd.Dir = dir
	cmd.Env = env
	v := startVT(t, name, cmd)
	v.expect("learner$ ", 30*time.Second)
	return v
}

// learnerRC is the ~/.bashrc of a learner: only a prompt of its own, so tests see where a
// command ends.
const learnerRC = "PS1='learner$ '\n"
