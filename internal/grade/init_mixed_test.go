package grade

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/lab/labtest"
)

// Issue 15: a question step that also checks actions gets a script from grade --init (the
// answer goes in answers.yaml, the actions in the script); a pure question gets none.
func TestGradeInitGivesAMixedQuestionStepAScript(t *testing.T) {
	for _, c := range []struct {
		feature string
		script  bool
	}{
		{labtest.QuestionFeature, false},
		{labtest.QuestionFeature + "    And namespace \"t\" is Active\n", true},
	} {
		l, err := lab.Load(labtest.Case{YAML: labtest.QuestionYAML, Feature: c.feature}.FS(), "t")
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		var out bytes.Buffer
		if err := Init(l, dir, i18n.EN, &out); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "steps", "two.sh"))
		if got := err == nil; got != c.script {
			t.Fatalf("steps/two.sh written = %v, want %v (%v)\n%s", got, c.script, err, out.String())
		}
		if c.script && !strings.Contains(string(data), "answer it in answers.yaml") {
			t.Errorf("the mixed step's script does not say where its answer goes:\n%s", data)
		}
		if _, err := os.Stat(filepath.Join(dir, "answers.yaml")); err != nil {
			t.Errorf("answers.yaml: %v", err)
		}
	}
}
