package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/golden"
	"github.com/labs-dev/labs/internal/iostreams"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
)

// goldenLangs are the languages every golden output is kept in.
var goldenLangs = []string{"en", "zh-TW"}

// runGolden runs labs with args (and --lang, --no-color, a private state dir) and returns what
// it printed on stdout and stderr, and its exit code. Nothing here boots a cluster.
func runGolden(t *testing.T, stateDir, lang string, args ...string) (string, int) {
	t.Helper()
	t.Setenv(EnvCluster, "")
	t.Setenv("LC_ALL", "")
	t.Setenv("NO_COLOR", "1")
	var out, errOut bytes.Buffer
	streams := iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	all := append([]string{"--lang", lang, "--no-color", "--state-dir", stateDir}, args...)
	code := run(context.Background(), streams, all)
	text := out.String()
	if errOut.Len() > 0 {
		text += "--- stderr\n" + errOut.String()
	}
	return text, code
}

// TestGoldenHelp: `labs --help` and the help of the lab commands, word for word.
func TestGoldenHelp(t *testing.T) {
	for _, lang := range goldenLangs {
		for name, args := range map[string][]string{
			"help":       {"--help"},
			"help-check": {"check", "--help"},
			"help-grade": {"grade", "--help"},
			"help-start": {"start", "--help"},
		} {
			t.Run(name+"-"+lang, func(t *testing.T) {
				got, code := runGolden(t, t.TempDir(), lang, args...)
				if code != ExitOK {
					t.Fatalf("labs %v: exit %d\n%s", args, code, got)
				}
				golden.Check(t, name+"."+lang, got)
			})
		}
	}
}

// TestGoldenList: `labs list` of a labs directory, with a lab under way and one not started.
func TestGoldenList(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang, func(t *testing.T) {
			state := t.TempDir()
			dir, err := filepath.Abs(filepath.Join("testdata", "labs"))
			if err != nil {
				t.Fatal(err)
			}
			// alpha's first step is done: the list shows 1/2 and the step it is at.
			key := lab.ProgressKeyFor("alpha", dir)
			prog, err := progress.BeginAttempt(state, key, "", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			prog.Started = prog.Window()
			prog.Done["create-namespace"] = prog.Window().Add(time.Minute)
			if err := prog.Save(state); err != nil {
				t.Fatal(err)
			}
			got, code := runGolden(t, state, lang, "list", "--labs-dir", dir)
			if code != ExitOK {
				t.Fatalf("labs list: exit %d\n%s", code, got)
			}
			golden.Check(t, "list."+lang, got)
		})
	}
}

// TestGoldenSteps: `labs steps`, the step library with an example of each.
func TestGoldenSteps(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang, func(t *testing.T) {
			got, code := runGolden(t, t.TempDir(), lang, "steps")
			if code != ExitOK {
				t.Fatalf("labs steps: exit %d\n%s", code, got)
			}
			golden.Check(t, "steps."+lang, got)
		})
	}
}

// TestGoldenValidateErrors: `labs validate` of a broken lab names every problem by file and
// line and exits 2.
func TestGoldenValidateErrors(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang, func(t *testing.T) {
			got, code := runGolden(t, t.TempDir(), lang, "validate", filepath.Join("testdata", "broken"))
			if code != ExitUsage {
				t.Fatalf("labs validate of a broken lab: exit %d, want %d\n%s", code, ExitUsage, got)
			}
			golden.Check(t, "validate-broken."+lang, got)
		})
	}
}
