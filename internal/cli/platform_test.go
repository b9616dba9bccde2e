package cli

import (
	"runtime"
	"strings"
	"testing"
)

// TestEmbeddedOnlyOnLinux: the embedded cluster is the default where it runs (Linux); elsewhere
// (macOS) the default is a provider that works there, and asking for the embedded one is a usage
// error of one line that names the alternative.
func TestEmbeddedOnlyOnLinux(t *testing.T) {
	t.Setenv("LABS_STATE_DIR", t.TempDir())
	_, stderr, code := runLabs(t, "--cluster", "embedded", "cluster", "status", "--lang", "en")
	if runtime.GOOS == "linux" {
		if strings.Contains(stderr, "only on Linux") {
			t.Errorf("on Linux the embedded cluster is refused: %s", stderr)
		}
		return
	}
	if code != ExitUsage || !strings.HasPrefix(stderr, "Error: the embedded cluster runs only on Linux") || !strings.Contains(stderr, "--cluster existing") {
		t.Errorf("--cluster embedded on %s: exit %d, stderr %q; want exit 2 and one line naming --cluster existing", runtime.GOOS, code, stderr)
	}
	root := newRoot(&globals{})
	if def := root.PersistentFlags().Lookup("cluster").DefValue; def == "embedded" {
		t.Errorf("the default provider on %s is embedded, which cannot run there", runtime.GOOS)
	}
}
