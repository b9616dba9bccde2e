package testcluster

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteLab writes a lab's two files, scenarios/<id>.yaml and features/<id>.feature, under dir
// (a --labs-dir).
func WriteLab(t testing.TB, dir, id, yaml, feature string) {
	t.Helper()
	for name, content := range map[string]string{"scenarios/" + id + ".yaml": yaml, "features/" + id + ".feature": feature} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
