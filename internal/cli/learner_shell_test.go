package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestPromptOfOtherShells: a shell that is neither bash nor zsh gets the status line once, as
// a PS1 prefix, and "(labs)" without one.
func TestPromptOfOtherShells(t *testing.T) {
	dir := t.TempDir()
	status := filepath.Join(dir, "demo.status")
	if err := os.WriteFile(status, []byte("demo 2/4 ✗\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PS1", "$ ")
	args, env, err := promptSetup("/bin/dash", dir, status)
	if err != nil || len(args) != 0 || !slices.Contains(env, "PS1=(labs demo 2/4 ✗) $ ") {
		t.Errorf("dash: args %q env %q err %v", args, env, err)
	}
	_, env, _ = promptSetup("/bin/sh", dir, filepath.Join(dir, "none.status"))
	if !slices.Contains(env, "PS1=(labs) $ ") {
		t.Errorf("sh without a status line: env %q", env)
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
	os.WriteFile(filepath.Join(p, "shop.status"), []byte("shop 1/3\n"), 0o600)
	if got := currentLab(dir); got != "shop" {
		t.Errorf("with a walkthrough of shop running: %q, want shop", got)
	}
}
