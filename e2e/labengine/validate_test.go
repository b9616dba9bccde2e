package labengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/lab/labtest"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestValidateRejectsMalformedLabs runs `labs validate DIR` on each malformed lab: exit 2 and
// the problem at its file:line, and no Go panic or stack.
func TestValidateRejectsMalformedLabs(t *testing.T) {
	c := testcluster.NewStateDir(t)
	cases := labtest.Cases()
	if len(cases) < 15 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.Write(dir); err != nil {
				t.Fatal(err)
			}
			r := c.Labs(t, "validate", dir)
			if r.Code != 2 {
				t.Errorf("exit %d, want 2\n%s", r.Code, r.Combined())
			}
			want := filepath.Join(dir, tc.Want)
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("want %q in:\n%s", want, r.Stdout)
			}
			if strings.Contains(r.Combined(), "panic") || strings.Contains(r.Combined(), "goroutine ") {
				t.Errorf("validate crashed:\n%s", r.Combined())
			}
		})
	}
}

func TestNewScaffoldValidates(t *testing.T) {
	c := testcluster.NewStateDir(t)
	dir := t.TempDir()
	if r := c.Labs(t, "new", "my-lab", "--dir", dir); r.Code != 0 {
		t.Fatalf("labs new: exit %d\n%s", r.Code, r.Combined())
	}
	if r := c.Labs(t, "validate", dir); r.Code != 0 || !strings.Contains(r.Stdout, "1 labs OK") {
		t.Fatalf("scaffold does not validate: exit %d\n%s", r.Code, r.Combined())
	}
	if r := c.Labs(t, "new", "my-lab", "--dir", dir); r.Code == 0 {
		t.Error("labs new overwrote a lab")
	}
	if r := c.Labs(t, "new", "Bad_Name", "--dir", dir); r.Code != 2 {
		t.Errorf("labs new Bad_Name: exit %d, want 2", r.Code)
	}
	if r := c.Labs(t, "validate"); r.Code != 0 {
		t.Errorf("built-in labs do not validate:\n%s", r.Combined())
	}
	if r := c.Labs(t, "validate", filepath.Join(dir, "nope")); r.Code != 2 || !strings.Contains(r.Stdout, "not a lab directory") {
		t.Errorf("validate of a missing dir: exit %d\n%s", r.Code, r.Combined())
	}
}

// TestStepsListsTheLibrary checks that `labs steps` is generated from the registry: every
// pattern and example is printed.
func TestStepsListsTheLibrary(t *testing.T) {
	c := testcluster.NewStateDir(t)
	r := c.Labs(t, "steps")
	if r.Code != 0 {
		t.Fatalf("labs steps: exit %d\n%s", r.Code, r.Combined())
	}
	for _, d := range checks.Defs() {
		if !strings.Contains(r.Stdout, d.Pattern) || !strings.Contains(r.Stdout, "Then "+d.Example) {
			t.Errorf("labs steps does not show %s", d.Pattern)
		}
	}
}

func TestLabCommandUsageErrors(t *testing.T) {
	c := testcluster.NewStateDir(t)
	for _, args := range [][]string{
		{"check", "no-such-lab"},
		{"check", "demo", "--step", "no-such-step"},
		{"start"},
		{"start", "no-such-lab"},
		{"reset", "no-such-lab"},
		{"check", "demo", "--labs-dir", os.TempDir()},
	} {
		if r := c.Labs(t, args...); r.Code != 2 {
			t.Errorf("labs %s: exit %d, want 2\n%s", strings.Join(args, " "), r.Code, r.Combined())
		}
	}
	r := c.Labs(t, "list")
	if r.Code != 0 || !strings.Contains(r.Stdout, "demo") || !strings.Contains(r.Stdout, "4") {
		t.Errorf("labs list: exit %d\n%s", r.Code, r.Combined())
	}
}
