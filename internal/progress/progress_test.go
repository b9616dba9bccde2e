package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Started.IsZero() || p.Current != "" {
		t.Fatalf("fresh progress is not empty: %+v", p)
	}
	p.Started = time.Now().UTC()
	p.Current = "run-web"
	p.Done["create-namespace"] = time.Now().UTC()
	p.Hints["run-web"] = 2
	if err := p.Save(dir); err != nil {
		t.Fatal(err)
	}
	q, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if q.Current != "run-web" || q.Hints["run-web"] != 2 || !q.Finished("create-namespace") {
		t.Errorf("reloaded %+v", q)
	}
	if fi, err := os.Stat(Path(dir, "demo")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("progress file mode: %v %v", fi, err)
	}
	// Nothing but the progress file is left behind (no temporary files).
	entries, _ := os.ReadDir(filepath.Dir(Path(dir, "demo")))
	if len(entries) != 1 {
		t.Errorf("progress dir holds %d entries", len(entries))
	}
	if err := Forget(dir, "demo"); err != nil {
		t.Fatal(err)
	}
	if q, _ := Load(dir, "demo"); q.Current != "" {
		t.Error("reset kept the progress")
	}
}

func TestCorruptProgressSaysHowToRecover(t *testing.T) {
	dir := t.TempDir()
	path := Path(dir, "demo")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"lab": "de`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, "demo")
	if err == nil || !strings.Contains(err.Error(), "labs reset demo") {
		t.Errorf("want an error naming labs reset, got %v", err)
	}
}
