package golden

import (
	"strings"
	"testing"
)

// The diff names the first line that differs and shows both versions of it.
func TestDiffShowsTheChangedLine(t *testing.T) {
	d := diff("a\nb\nScore: 1/4\n", "a\nb\nPoints: 1/4\n")
	for _, want := range []string{"line 3", "  - Score: 1/4", "  + Points: 1/4", "    b"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff has no %q:\n%s", want, d)
		}
	}
}
