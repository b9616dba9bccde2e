package grading

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"github.com/labs-dev/labs/e2e/gradetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jstemmer/go-junit-report/v2/junit"
	"github.com/santhosh-tekuri/jsonschema/v6"

	labsreport "github.com/labs-dev/labs/internal/report"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestGradeClass grades a class of submissions of the demo lab, each on a fresh cluster: the
// reference solutions score 100%, an empty submission 0 with a reason per step, and partly
// wrong ones fail exactly their wrong steps, with the reasons and the files and lines of
// broken scripts and manifests.
func TestGradeClass(t *testing.T) {
	c := testcluster.NewStateDir(t)
	class := t.TempDir()
	gradetest.WriteSubmission(t, filepath.Join(class, "ref"), "demo", nil)
	if r := c.Labs(t, "grade", "demo", "--init", filepath.Join(class, "empty")); r.Code != 0 {
		t.Fatalf("grade --init: %d\n%s", r.Code, r.Combined())
	}
	gradetest.WriteSubmission(t, filepath.Join(class, "wrong"), "demo", map[string]string{
		"run-web": "kubectl run web --image=httpd",
		"dry-run": "kubectl run web2 --image=nginx --dry-run=client -o yaml > web2.yaml\nkubectl apply -f web2.yaml --dry-run=client\n",
	})
	gradetest.WriteSubmission(t, filepath.Join(class, "broken"), "demo", map[string]string{
		"create-namespace": "kubectl create namespace demo\nif then\n",
		"set-namespace":    "",
		"run-web":          "sleep 600",
		"dry-run":          "printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web2\\n   bad: indent\\n' > web2.yaml\nkubectl apply -f web2.yaml --dry-run=server\n",
	})
	out := t.TempDir()
	ghOutput := filepath.Join(out, "github_output")
	summary := filepath.Join(out, "summary.md")
	cmd := []string{"grade", "demo", "--class", class, "--step-timeout", "3s",
		"--junit", filepath.Join(out, "junit.xml"), "--json", filepath.Join(out, "report.json"),
		"--markdown", filepath.Join(out, "class.md"), "--csv", filepath.Join(out, "class.csv")}
	r := gradetest.LabsEnv(t, c, []string{"GITHUB_STEP_SUMMARY=" + summary, "GITHUB_OUTPUT=" + ghOutput}, cmd...)
	if r.Code != 1 {
		t.Fatalf("want exit 1 (some fail), got %d\n%s", r.Code, r.Combined())
	}
	t.Log(r.Stdout)

	rows := gradetest.ReadCSV(t, filepath.Join(out, "class.csv"))
	want := map[string]string{
		"ref":    "4 4 pass pass pass pass",
		"empty":  "0 4 fail fail fail fail",
		"wrong":  "2 4 pass pass fail fail",
		"broken": "0 4 fail fail error fail",
	}
	for _, row := range rows[1:] {
		got := strings.Join(append([]string{row[1], row[2]}, row[4:]...), " ")
		if want[row[0]] != got {
			t.Errorf("%s: got %q, want %q", row[0], got, want[row[0]])
		}
	}
	for _, s := range []string{
		"pod web exists but runs httpd, not nginx", // wrong image
		"server-side dry run",                      // a client-side dry run instead
		"steps/create-namespace.sh: line 2",        // bash syntax error, with file and line
		"no script for this step (steps/set-namespace.sh)",
		"steps/run-web.sh was stopped after 3s",
		"web2.yaml", "line 5", // the manifest's YAML error, with its file and line
	} {
		if !strings.Contains(r.Stdout, s) {
			t.Errorf("grade output lacks %q", s)
		}
	}
	md, _ := os.ReadFile(summary)
	if !strings.Contains(string(md), "class results") || !strings.Contains(string(md), "| ref | 4/4 |") {
		t.Errorf("step summary:\n%s", md)
	}

	var suites junit.Testsuites
	data, _ := os.ReadFile(filepath.Join(out, "junit.xml"))
	if err := xml.Unmarshal(data, &suites); err != nil || len(suites.Suites) != 4 || suites.Tests != 16 {
		t.Fatalf("JUnit: %v, %d suites, %d tests", err, len(suites.Suites), suites.Tests)
	}

	schema, err := jsonschema.NewCompiler().Compile("../../docs/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var reports []json.RawMessage
	data, _ = os.ReadFile(filepath.Join(out, "report.json"))
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) != 4 {
		t.Fatalf("JSON reports: %v (%d)", err, len(reports))
	}
	for _, raw := range reports {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("report does not validate: %v", err)
		}
	}
	if _, err := os.Stat(ghOutput); !os.IsNotExist(err) {
		t.Errorf("class mode must not write a Classroom result")
	}
}

// TestGradeOneForClassroom: one submission in GitHub Actions: exit 0 for the reference, and
// result=<base64> in $GITHUB_OUTPUT decodes to the reporter's shape with the full score.
func TestGradeOneForClassroom(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "demo", nil)
	ghOutput := filepath.Join(t.TempDir(), "github_output")
	r := gradetest.LabsEnv(t, c, []string{"GITHUB_OUTPUT=" + ghOutput}, "grade", "demo", "--submission", sub)
	if r.Code != 0 {
		t.Fatalf("reference solutions: exit %d\n%s", r.Code, r.Combined())
	}
	data, err := os.ReadFile(ghOutput)
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "result=")
	if !ok {
		t.Fatalf("GITHUB_OUTPUT: %q", data)
	}
	payload, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	var got labsreport.Classroom
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	score := 0
	for _, tc := range got.Tests {
		score += tc.Score
	}
	if got.Version != 1 || got.Status != "pass" || got.MaxScore != 4 || score != 4 {
		t.Fatalf("payload %+v", got)
	}
	// The submission itself is untouched: the scripts ran in a copy.
	if _, err := os.Stat(filepath.Join(sub, "web2.yaml")); !os.IsNotExist(err) {
		t.Fatalf("grading wrote into the submission: %v", err)
	}
}

// TestGradePartlyWrongCourseSubmission grades a first-pods submission with a Pod in the wrong
// namespace, a Pod that never becomes ready and a multi-container Pod missing its second
// container: exactly those steps fail, each with a reason a student understands.
func TestGradePartlyWrongCourseSubmission(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "first-pods", map[string]string{
		"run-web1": "kubectl run web1 --image=nginx -n default\n",
		"client": `cat > client.yml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: bosybox
    command: ["sh", "-c", "sleep 1000000"]
YAML
kubectl apply -f client.yml
`,
		"multi-container": `cat > my-pod.yml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  containers:
  - name: nginx
    image: nginx
YAML
kubectl create -f my-pod.yml
`,
	})
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	r := gradetest.LabsEnv(t, c, nil, "grade", "first-pods", "--submission", sub, "--json", jsonPath)
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	t.Log(r.Stdout)
	var rep labsreport.Report
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range rep.Steps {
		got[s.ID] = s.Status
		if s.Status != labsreport.Pass {
			got[s.ID] += ": " + s.Reason
		}
	}
	for id, want := range map[string]string{
		"setup":           "pass",
		"apply-manifest":  "pass",
		"run-web1":        "fail: ", // the Pod is in default, not first-pods
		"client":          "fail: ",
		"multi-container": "fail: ",
	} {
		if !strings.HasPrefix(got[id], want) {
			t.Errorf("step %s: got %q, want %q...", id, got[id], want)
		}
	}
	for id, words := range map[string][]string{
		"run-web1":        {"web1", "first-pods"},
		"client":          {"client"},
		"multi-container": {"my-pod"},
	} {
		for _, w := range words {
			if !strings.Contains(got[id], w) {
				t.Errorf("step %s: the reason %q does not name %q", id, got[id], w)
			}
		}
	}
	if rep.Score.Points != 2 || rep.Score.Max != 5 {
		t.Errorf("score %+v, want 2/5", rep.Score)
	}
}

// TestGradePlainDeleteWhereForceWasAsked: in pod-lifecycle, a plain `kubectl delete pod
// doomed` where `--grace-period=0 --force` is asked fails that step alone.
func TestGradePlainDeleteWhereForceWasAsked(t *testing.T) {
	c := testcluster.NewStateDir(t)
	sub := t.TempDir()
	gradetest.WriteSubmission(t, sub, "pod-lifecycle", map[string]string{
		"force": "kubectl delete pod doomed --wait=false\n",
	})
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	r := gradetest.LabsEnv(t, c, nil, "grade", "pod-lifecycle", "--submission", sub, "--json", jsonPath)
	if r.Code != 1 {
		t.Fatalf("want exit 1, got %d\n%s", r.Code, r.Combined())
	}
	var rep labsreport.Report
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Steps {
		want := labsreport.Pass
		if s.ID == "force" {
			want = labsreport.Fail
			if !strings.Contains(s.Reason, "force") && !strings.Contains(s.Reason, "grace") {
				t.Errorf("the force step's reason does not say what was missing: %q", s.Reason)
			}
		}
		if s.Status != want {
			t.Errorf("step %s: %s (%s), want %s", s.ID, s.Status, s.Reason, want)
		}
	}
}
