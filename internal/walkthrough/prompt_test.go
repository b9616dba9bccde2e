package walkthrough

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/progress"
)

// TestPromptLineIsShort (issue 20 item 2): the line a lab shell's prompt shows is the short
// form the README promises, "shell 1/2 ✗": one line, no reason, whatever the reason says.
func TestPromptLineIsShort(t *testing.T) {
	p := startPty(t, nil)
	p.expect("Waiting for your change")
	status := progress.StatusPath(p.stateDir, "shell")
	waitFile(t, status, "shell 1/2\n")
	waitIdle(t, p)
	// A wrong file: the screen says why; the prompt only that the step fails.
	if err := os.WriteFile(filepath.Join(p.work, "f1.yaml"), []byte("apiVersion: v1\nkind: Secret\nmetadata: {name: f1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect("✗ ")
	waitFile(t, status, "shell 1/2 ✗\n")
	if line, ok := progress.ReadStatus(p.stateDir, "shell"); !ok || line != "shell 1/2 ✗" {
		t.Errorf("prompt line %q, want %q", line, "shell 1/2 ✗")
	}
	if err := os.WriteFile(filepath.Join(p.work, "f1.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect("✓ Step 1/2 done")
	waitFile(t, status, "shell 2/2\n")
}

// TestNoVerdictOnAHalfWrittenFile (issue 20 item 2): a file still being written (a shell's
// `> f1.yaml` open while the command runs, its first lines already there) is not judged: no ✗
// "holds no Kubernetes object" while it is written, and the step turns green once it is done.
func TestNoVerdictOnAHalfWrittenFile(t *testing.T) {
	p := startPty(t, nil)
	p.expect("Waiting for your change")
	status := progress.StatusPath(p.stateDir, "shell")
	waitFile(t, status, "shell 1/2\n")
	// The status file is watched from here on: every line it ever says.
	seen := make(chan string, 100)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		last := ""
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if line, ok := progress.ReadStatus(p.stateDir, "shell"); ok && line != last {
				last = line
				seen <- line
			}
		}
	}()
	cmd := exec.Command("sh", "-c", `{ printf 'apiVersion: v1\n'; sleep 1; printf 'metadata: {name: f1}\n'; sleep 0.5; printf 'kind: ConfigMap\n'; } > f1.yaml`)
	cmd.Dir = p.work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	p.expect("✓ Step 1/2 done")
	if strings.Contains(p.out.String(), "✗") {
		t.Errorf("a verdict was shown on the half-written file:\n%s", p.out.String())
	}
	time.Sleep(100 * time.Millisecond)
	for len(seen) > 0 {
		if line := <-seen; strings.Contains(line, "✗") {
			t.Errorf("the prompt showed %q while the file was written", line)
		}
	}
}

// TestPromptWaitsWhileBusy: while a check is due, the busy file stands beside the status file
// (lab shells' prompts wait on it); it goes once the verdict is published.
func TestPromptWaitsWhileBusy(t *testing.T) {
	p := startPty(t, nil)
	p.expect("Waiting for your change")
	busy := progress.StatusPath(p.stateDir, "shell") + ".busy"
	waitIdle(t, p)
	// A file held open (being written) keeps the check due, and so the busy file.
	f, err := os.Create(filepath.Join(p.work, "f1.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command("sh", "-c", "exec 3>>f1.yaml; sleep 1")
	cmd.Dir = p.work
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	time.Sleep(400 * time.Millisecond)
	if _, err := os.Stat(busy); err != nil {
		t.Errorf("no busy file while a file is being written: %v", err)
	}
	_ = cmd.Wait()
	p.expect("✗ ")
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(busy); !os.IsNotExist(err) {
		t.Errorf("busy file after the verdict: %v", err)
	}
}

// waitIdle waits until the walkthrough has no check due (its first check of the step is done).
func waitIdle(t *testing.T, p *ptyScreen) {
	t.Helper()
	busy := progress.StatusPath(p.stateDir, "shell") + ".busy"
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(busy); os.IsNotExist(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the busy file stayed after the first check")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
