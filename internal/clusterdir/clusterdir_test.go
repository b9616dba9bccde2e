package clusterdir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMetadata(t *testing.T) {
	l := New(t.TempDir(), "labs")
	if _, err := l.ReadMetadata(); !errors.Is(err, ErrNotExist) {
		t.Fatalf("empty state dir: %v, want ErrNotExist", err)
	}
	if err := l.WriteMetadata(&Metadata{Name: "labs", Workers: 2, Ports: Ports{APIServer: 6443}}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(l.Metadata()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("cluster.json mode: %v %v", fi.Mode(), err)
	}
	m, err := l.ReadMetadata()
	if err != nil || m.Workers != 2 || m.Ports.APIServer != 6443 || m.Kind != MetadataKind {
		t.Fatalf("round trip: %+v %v", m, err)
	}

	for name, content := range map[string]string{
		"corrupt": "{not json",
		"kind":    `{"kind":"something.else","version":1}`,
		"version": `{"kind":"` + MetadataKind + `","version":99}`,
	} {
		if err := os.WriteFile(l.Metadata(), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var fe *ForeignError
		if _, err := l.ReadMetadata(); !errors.As(err, &fe) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s cluster.json: %v, want a one-line ForeignError", name, err)
		}
	}
}

func TestForeignDirectoryWithoutMetadata(t *testing.T) {
	l := New(t.TempDir(), "labs")
	if err := os.MkdirAll(l.Root, 0o700); err != nil {
		t.Fatal(err)
	}
	// Only the lock file: a cluster that was never created.
	if err := os.WriteFile(l.Lock(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ReadMetadata(); !errors.Is(err, ErrNotExist) {
		t.Errorf("only a lock file: %v, want ErrNotExist", err)
	}
	if err := os.WriteFile(filepath.Join(l.Root, "photos.jpg"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	var fe *ForeignError
	if _, err := l.ReadMetadata(); !errors.As(err, &fe) {
		t.Errorf("someone else's files: %v, want ForeignError", err)
	}
}
