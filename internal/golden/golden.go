// Package golden compares a test's output with a file in the test's testdata/ directory, as
// kind's and chainsaw's golden tests do: `go test ./... -run X -update` rewrites the files with
// what the code prints now, and the diff of testdata/ is then reviewed like any other change.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update rewrites the golden files instead of comparing with them.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// Check compares got with testdata/<name>.golden (the path is relative to the test's package),
// or writes it there under -update. A missing file fails the test and names the flag.
func Check(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -run '%s' -update rewrites it, then review the diff):\n%s", path, t.Name(), diff(string(want), got))
	}
}

// diff shows the first line where want and got differ, with the lines around it: enough to see
// a changed word without a diff library.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	b.WriteString("first difference at line " + strconv.Itoa(i+1) + ":\n")
	for j := max(0, i-2); j < i; j++ {
		b.WriteString("    " + w[j] + "\n")
	}
	for j := i; j < min(len(w), i+3); j++ {
		b.WriteString("  - " + w[j] + "\n")
	}
	for j := i; j < min(len(g), i+3); j++ {
		b.WriteString("  + " + g[j] + "\n")
	}
	return b.String()
}
