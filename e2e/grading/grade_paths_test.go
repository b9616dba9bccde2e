package grading

import (
	"encoding/json"
	"github.com/labs-dev/labs/e2e/gradetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	labsreport "github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestGradeNamesFilesAsTheStudentKnowsThem: the scripts run in a copy of the submission, but a
// missing work file is named in the submission (the check's reason), and so is a path the
// script's own output shows ($PWD/web2.yaml), never the temporary copy.
func TestGradeNamesFilesAsTheStudentKnowsThem(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := filepath.Join(t.TempDir(), "alice")
	gradetest.WriteSubmission(t, sub, "demo", map[string]string{
		"dry-run": "kubectl apply -f \"$PWD/web2.yaml\" --dry-run=server || true\n",
	})
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	r := gradetest.LabsEnv(t, c, nil, "grade", "demo", "--submission", sub, "--json", jsonPath)
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var rep labsreport.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Steps {
		if s.ID != "dry-run" {
			continue
		}
		if !strings.Contains(s.Reason, "web2.yaml in "+sub) {
			t.Errorf("reason %q does not name web2.yaml in the submission %s", s.Reason, sub)
		}
		if s.Script == nil || !strings.Contains(s.Script.Output, sub+"/web2.yaml") {
			t.Errorf("script output does not name %s/web2.yaml: %+v", sub, s.Script)
		}
		return
	}
	t.Fatalf("no dry-run step in the report:\n%s", data)
}
