package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/progress"
)

// TestPromptOfOtherShells: a shell that is neither bash nor zsh gets the status line once, as
// a PS1 prefix, and "(labs)" without one.
func TestPromptOfOtherShells(t *testing.T) {
	dir := t.TempDir()
	if err := progress.WriteStatus(dir, "demo", "demo 2/4 ✗"); err != nil {
		t.Fatal(err)
	}
	status := progress.StatusPath(dir, "demo")
	t.Setenv("PS1", "$ ")
	args, env, err := promptSetup("/bin/dash", dir, status)
	if err != nil || len(args) != 0 || !slices.Contains(env, "PS1=(labs demo 2/4 ✗) $ ") {
		t.Errorf("dash: args %q env %q err %v", args, env, err)
	}
	_, env, _ = promptSetup("/bin/sh", dir, filepath.Join(dir, "none.status"))
	if !slices.Contains(env, "PS1=(labs) $ ") {
		t.Errorf("sh without a status line: env %q", env)
	}
	staleStatus(t, status)
	_, env, _ = promptSetup("/bin/sh", dir, status)
	if !slices.Contains(env, "PS1=(labs) $ ") {
		t.Errorf("sh with the status line of a killed walkthrough: env %q", env)
	}
}

// staleStatus makes the status file at path one a killed walkthrough left: its owner is gone.
func staleStatus(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if err := os.WriteFile(path, []byte(fmt.Sprintf("%s\nowner %d 1\n", line, cmd.Process.Pid)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestPromptScriptIgnoresAKilledWalkthrough: bash's prompt shows the status line while the
// walkthrough that writes it runs, and "(labs)" once it is gone (SIGKILL leaves the file), or
// when its pid names a process started at another time.
func TestPromptScriptIgnoresAKilledWalkthrough(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	status := progress.StatusPath(dir, "demo")
	prompt := func() string {
		t.Helper()
		cmd := exec.Command(bash, "--norc", "-c", promptScript+`printf '%s' "$__labs_p"`)
		cmd.Env = append(os.Environ(), "LABS_STATUS_FILE="+status, "LABS_BIN="+dir, "LABS_WORK_DIR=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("prompt script: %v\n%s", err, out)
		}
		return string(out)
	}
	if got := prompt(); got != "(labs) " {
		t.Errorf("no status file: prompt %q", got)
	}
	if err := progress.WriteStatus(dir, "demo", "demo 2/4 ✗"); err != nil {
		t.Fatal(err)
	}
	if got := prompt(); got != "(labs demo 2/4 ✗) " {
		t.Errorf("status of a running walkthrough: prompt %q", got)
	}
	data, _ := os.ReadFile(status)
	recycled := string(data)
	if i := strings.LastIndexByte(strings.TrimSpace(recycled), ' '); i > 0 {
		recycled = recycled[:i+1] + "1\n" // this pid, another start time
	}
	if err := os.WriteFile(status, []byte(recycled), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := prompt(); got != "(labs) " {
		t.Errorf("status naming a recycled pid (%q): prompt %q", recycled, got)
	}
	staleStatus(t, status)
	if got := prompt(); got != "(labs) " {
		t.Errorf("status of a killed walkthrough: prompt %q", got)
	}
}

// TestCurrentLab: the lab a walkthrough runs (a status line) wins over the one last saved.
func TestCurrentLab(t *testing.T) {
	dir := t.TempDir()
	if got := currentLab(dir); got != "" {
		t.Errorf("no progress at all: %q", got)
	}
	p := filepath.Join(dir, "progress")
	os.MkdirAll(p, 0o700)
	os.WriteFile(filepath.Join(p, "demo.json"), []byte("{}"), 0o600)
	os.WriteFile(filepath.Join(p, "shop.json"), []byte("{}"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(p, "shop.json"), old, old)
	if got := currentLab(dir); got != "demo" {
		t.Errorf("last saved: %q, want demo", got)
	}
	if err := progress.WriteStatus(dir, "shop", "shop 1/3"); err != nil {
		t.Fatal(err)
	}
	if got := currentLab(dir); got != "shop" {
		t.Errorf("with a walkthrough of shop running: %q, want shop", got)
	}
	// A walkthrough killed with SIGKILL leaves its status file: it runs no more.
	staleStatus(t, progress.StatusPath(dir, "shop"))
	if got := currentLab(dir); got != "demo" {
		t.Errorf("with the status file of a killed walkthrough of shop: %q, want demo", got)
	}
}

// TestPromptWaitsForTheVerdictDue (issue 20 item 2): while the walkthrough has a check due (the
// .busy file beside its status), the prompt waits for the new verdict instead of showing the
// one from before the learner's command.
func TestPromptWaitsForTheVerdictDue(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	status := progress.StatusPath(dir, "demo")
	if err := progress.WriteStatus(dir, "demo", "demo 2/4 ✗"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(status+".busy", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = progress.WriteStatus(dir, "demo", "demo 3/4")
		_ = os.Remove(status + ".busy")
	}()
	cmd := exec.Command(bash, "--norc", "-c", promptScript+`printf '%s' "$__labs_p"`)
	cmd.Env = append(os.Environ(), "LABS_STATUS_FILE="+status, "LABS_BIN="+dir, "LABS_WORK_DIR=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("prompt script: %v\n%s", err, out)
	}
	if string(out) != "(labs demo 3/4) " {
		t.Errorf("prompt %q, want the verdict that was due, %q", out, "(labs demo 3/4) ")
	}
}

// TestPromptShowsAnotherLabsWalkthrough (issue 20 item 4): a lab shell of a lab no walkthrough
// runs any more, while one of another lab does (the learner went on), says so in its prompt
// instead of a bare (labs).
func TestPromptShowsAnotherLabsWalkthrough(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	if err := progress.WriteStatus(dir, "namespaces", "namespaces 1/5"); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "--norc", "-c", promptScript+`printf '%s' "$__labs_p"`)
	cmd.Env = append(os.Environ(), "LABS_STATUS_FILE="+progress.StatusPath(dir, "api-server"), "LABS_BIN="+dir, "LABS_WORK_DIR=",
		"LABS_PROGRESS_DIR="+filepath.Join(dir, "progress"), "LABS_ELSEWHERE=not here: labs shell")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("prompt script: %v\n%s", err, out)
	}
	if want := "(labs namespaces 1/5 · not here: labs shell) "; string(out) != want {
		t.Errorf("prompt %q, want %q", out, want)
	}
}
