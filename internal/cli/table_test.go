package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/iostreams"
)

// runLabs runs the labs command line args with buffers for its output, as Execute does.
func runLabs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut strings.Builder
	code = run(context.Background(), iostreams.IOStreams{Out: &out, ErrOut: &errOut}, args)
	return out.String(), errOut.String(), code
}

// columnStarts is the display column where each cell of a table line begins (cells are
// separated by two or more spaces).
func columnStarts(line string) []int {
	var starts []int
	col, spaces := 0, 2
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if spaces >= 2 {
				starts = append(starts, col)
			}
			spaces = 0
		}
		col += displayWidth(string(r))
	}
	return starts
}

// In zh-TW, labs list's headings (實作練習, 步驟數...) and titles are Chinese, two terminal columns
// a character: every column still starts at the same terminal column on every line.
func TestListZhTWColumnsLineUp(t *testing.T) {
	out, errOut, code := runLabs(t, "list", "--lang", "zh-TW", "--state-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("labs list: exit %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "實作練習") {
		t.Fatalf("labs list:\n%s", out)
	}
	head := columnStarts(lines[0])
	if len(head) != 4 {
		t.Fatalf("heading has %d columns, want 4: %q", len(head), lines[0])
	}
	for _, line := range lines[1:] {
		// The title (last column) may hold spaces of its own; the first three must match.
		if got := columnStarts(line); len(got) < 4 || got[1] != head[1] || got[2] != head[2] || got[3] != head[3] {
			t.Errorf("columns of %q start at %v, the heading's at %v:\n%s", line, got, head, out)
		}
	}
}
