package cli

import (
	"strings"
	"testing"
)

// Usage errors of positional arguments speak the learner's language, though cobra checks the
// arguments before the --lang flag is acted on.
func TestUsageErrorsSpeakZhTW(t *testing.T) {
	for _, args := range [][]string{
		{"list", "extra", "--lang", "zh-TW"},
		{"validate", "a", "b", "--lang", "zh-TW"},
	} {
		_, errOut, code := runLabs(t, append(args, "--state-dir", t.TempDir())...)
		if code != ExitUsage || !strings.Contains(errOut, "錯誤") || strings.Contains(errOut, "takes") {
			t.Errorf("labs %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut)
		}
	}
	_, errOut, _ := runLabs(t, "list", "extra", "--lang", "en", "--state-dir", t.TempDir())
	if !strings.Contains(errOut, `"labs list" takes no arguments, got "extra"`) {
		t.Errorf("English: %s", errOut)
	}
}
