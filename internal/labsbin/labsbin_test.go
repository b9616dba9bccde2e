package labsbin

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRefreshBinary: the stable copy is a hard link on the same file system, survives the
// original's removal, is refreshed when the original changes and left alone when it does not.
func TestRefreshBinary(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "build", "labs")
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, []byte("v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "bin", "labs")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := RefreshBinary(exe, target); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(exe)
	b, _ := os.Stat(target)
	if !os.SameFile(a, b) {
		t.Errorf("not a hard link on the same file system")
	}
	// A rebuild (a new file in place of the old, as go build writes it) is picked up.
	os.Remove(exe)
	if err := os.WriteFile(exe, []byte("v2 longer"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := RefreshBinary(exe, target); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "v2 longer" {
		t.Errorf("after a rebuild the copy holds %q", got)
	}
	// go run deletes its build: the copy stays.
	os.RemoveAll(filepath.Dir(exe))
	if got, err := os.ReadFile(target); err != nil || string(got) != "v2 longer" {
		t.Errorf("the copy did not survive the build's removal: %q %v", got, err)
	}
}

// TestCopyFileKeepsTheModTime: a copy (another file system) carries the original's size and
// modification time, which the next run compares instead of copying again.
func TestCopyFileKeepsTheModTime(t *testing.T) {
	from := os.Getenv("LABS_MEASURE_COPY") // e.g. a built labs binary, to time the copy
	if from == "" {
		from = filepath.Join(t.TempDir(), "labs")
		if err := os.WriteFile(from, []byte("binary"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy")
	start := time.Now()
	if err := CopyFile(from, to, fi); err != nil {
		t.Fatal(err)
	}
	t.Logf("copied %d bytes in %s", fi.Size(), time.Since(start))
	got, err := os.Stat(to)
	if err != nil || got.Size() != fi.Size() || !got.ModTime().Equal(fi.ModTime()) || got.Mode().Perm()&0o100 == 0 {
		t.Fatalf("copy: %v %v", got, err)
	}
	start = time.Now()
	if err := RefreshBinary(from, to); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(to); !os.SameFile(after, got) {
		t.Errorf("an up-to-date copy was replaced")
	}
	t.Logf("up-to-date check in %s", time.Since(start))
}
