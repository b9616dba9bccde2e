package grade

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
)

func TestSplitRunAllByMarkers(t *testing.T) {
	dir := t.TempDir()
	src := "set -e\nns=demo\n# labs: step create-namespace\nkubectl create namespace $ns\n  # labs: step run-web  \nkubectl run web --image=nginx\n"
	if err := os.WriteFile(filepath.Join(dir, RunAll), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	parts := splitRunAll(dir)
	if got := parts["create-namespace"]; got != "set -e\nns=demo\nkubectl create namespace $ns\n" {
		t.Errorf("create-namespace: %q", got)
	}
	if got := parts["run-web"]; got != "set -e\nns=demo\nkubectl run web --image=nginx\n" {
		t.Errorf("run-web: %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, RunAll), []byte("kubectl get ns\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if parts := splitRunAll(dir); parts != nil {
		t.Errorf("no markers, parts %v", parts)
	}
}

// TestCopySubmissionNeverLeaves: special files and links out of the submission are left out
// with a warning naming them in the submission; links inside it are kept.
func TestCopySubmissionNeverLeaves(t *testing.T) {
	src, outside := filepath.Join(t.TempDir(), "sub"), t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "steps"), 0o755); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(src, "steps", "a.sh"), []byte("echo a\n"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o644))
	must(syscall.Mkfifo(filepath.Join(src, "fifo"), 0o644))
	must(os.Symlink("steps/a.sh", filepath.Join(src, "inside")))
	must(os.Symlink(filepath.Join(outside, "secret"), filepath.Join(src, "abs")))
	must(os.Symlink("../../"+filepath.Base(outside)+"/secret", filepath.Join(src, "rel")))
	must(os.Symlink("nowhere", filepath.Join(src, "dangling")))
	dst := filepath.Join(t.TempDir(), "copy")
	warnings, err := copySubmission(src, dst, i18n.New(i18n.EN))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fifo", "abs", "rel", "dangling"} {
		if _, err := os.Lstat(filepath.Join(dst, name)); err == nil {
			t.Errorf("%s was copied", name)
		}
		if !strings.Contains(strings.Join(warnings, "\n"), filepath.Join(src, name)+" was left out") {
			t.Errorf("no warning names %s: %q", name, warnings)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dst, "inside")); err != nil || string(data) != "echo a\n" {
		t.Errorf("the link inside the submission: %q %v", data, err)
	}
}

// TestConfineRemovesLinksOut: after a script, links it made out of the copy are removed
// before the checks read the copy.
func TestConfineRemovesLinksOut(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Symlink("/etc/passwd", filepath.Join(dir, "web2.yaml"))
	_ = os.Symlink("ok.yaml", filepath.Join(dir, "alias.yaml"))
	_ = os.Symlink("/", filepath.Join(dir, "root"))
	removed := confine(dir)
	if strings.Join(removed, " ") != "root web2.yaml" {
		t.Errorf("removed %v", removed)
	}
	if _, err := os.Lstat(filepath.Join(dir, "alias.yaml")); err != nil {
		t.Errorf("a link inside was removed: %v", err)
	}
}
