package labengine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestLearnerShellShowsTheStep: `labs shell --lab demo` (bash) starts in the lab's work
// directory with the bin dir's kubectl first on PATH, and its prompt shows the status line the
// walkthrough publishes, refreshed at every prompt; with no status line it shows "(labs)".
func TestLearnerShellShowsTheStep(t *testing.T) {
	c := testcluster.Shared(t)
	status := progress.StatusPath(c.StateDir, "demo")
	// The test plays the walkthrough: its own process owns the status line.
	if err := progress.WriteStatus(c.StateDir, "demo", "demo 2/4 ✗"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(status) })
	home := t.TempDir()
	// The user's own rc file is read first, and cannot take the lab prompt or PATH away.
	if err := os.WriteFile(filepath.Join(home, ".bashrc"), []byte("PS1='me$ '\nexport PATH=/usr/bin:/bin\nMYRC=read\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := c.Command(ctx, "shell", "--lab", "demo")
	cmd.Env = append(cmd.Env, "SHELL=/bin/bash", "HOME="+home, "LANG=C", "LC_ALL=")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var out bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); tty.Close() })
	seen := 0
	expect := func(text string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			mu.Lock()
			s := out.String()
			mu.Unlock()
			if i := strings.Index(s[seen:], text); i >= 0 {
				seen += i + len(text)
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the shell's output:\n%s", text, s[seen:])
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	send := func(line string) {
		t.Helper()
		if _, err := tty.Write([]byte(line + "\n")); err != nil {
			t.Fatal(err)
		}
	}
	expect("(labs demo 2/4 ✗) me$ ")
	send(`echo "dir=$PWD rc=$MYRC"; echo "kubectl=$(command -v kubectl)"`)
	expect("dir=" + progress.WorkDirFor(c.StateDir, "demo") + " rc=read")
	expect("kubectl=" + filepath.Join(c.StateDir, "bin", "kubectl"))
	send("kubectl get namespace kube-system -o name")
	expect("namespace/kube-system")

	if err := progress.WriteStatus(c.StateDir, "demo", "demo 3/4 ✓"); err != nil {
		t.Fatal(err)
	}
	send("")
	expect("(labs demo 3/4 ✓) me$ ")
	os.Remove(status)
	send("")
	expect("(labs) me$ ")
	send("exit")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("labs shell: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("labs shell did not end when its shell exited")
	}
}
