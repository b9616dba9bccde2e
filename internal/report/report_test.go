package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jstemmer/go-junit-report/v2/junit"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func sample() *Report {
	r := &Report{
		Kind: "grade", Lab: "pods", Title: "Pods", Student: "alice", Cluster: "embedded",
		Started: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), DurationSeconds: 12.5,
		Steps: []Step{
			{ID: "run-web", Title: "Run web", Status: Pass, DurationSeconds: 0.4},
			{ID: "my-pod", Title: "Two <containers> | one pod", Status: Fail, Points: 2, Reason: `pod my-pod has 1 container, not 2`,
				Script: &Script{Name: "steps/my-pod.sh", ExitCode: 1, Output: "error: error parsing my-pod.yaml: yaml: line 7: mapping values are not allowed\n"}},
			{ID: "delete", Title: "Delete", Status: Error, Reason: "steps/delete.sh was stopped after 1m0s", Script: &Script{ExitCode: 137, TimedOut: true}},
		},
	}
	r.Finish()
	return r
}

func TestScore(t *testing.T) {
	r := sample()
	if r.Score != (Score{Points: 1, Max: 4, Percent: 25}) || r.Failed() != 2 || r.Steps[1].Awarded != 0 || r.Steps[0].Awarded != 1 {
		t.Fatalf("score %+v, steps %+v", r.Score, r.Steps)
	}
}

func TestJSONValidatesAgainstTheDocumentedSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("../../docs/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := sample().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("report does not match docs/report.schema.json: %v", err)
	}
	// The schema is strict enough to catch a wrong report.
	bad := map[string]any{"schemaVersion": 1, "kind": "grade", "lab": "x", "title": "x", "started": "now", "durationSeconds": 1,
		"score": map[string]any{"points": 1, "max": 1, "percent": 100}, "steps": []any{map[string]any{"id": "a", "status": "passed"}}}
	if err := schema.Validate(bad); err == nil {
		t.Fatal("the schema accepted a step with status \"passed\" and no title")
	}
}

func TestJUnitParses(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var got junit.Testsuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JUnit does not parse: %v\n%s", err, buf.String())
	}
	if len(got.Suites) != 1 || got.Tests != 3 || got.Failures != 1 || got.Errors != 1 {
		t.Fatalf("suites %+v", got)
	}
	s := got.Suites[0]
	if s.Name != "alice/pods" || len(s.Testcases) != 3 || s.Testcases[1].Failure == nil ||
		s.Testcases[1].Failure.Message != "pod my-pod has 1 container, not 2" || !strings.Contains(s.Testcases[1].Failure.Data, "line 7") ||
		s.Testcases[2].Error == nil || s.Testcases[0].Failure != nil {
		t.Fatalf("testcases %+v", s.Testcases)
	}
}

func TestClassroomPayloadHasTheReportersShape(t *testing.T) {
	line, err := sample().ClassroomOutput()
	if err != nil {
		t.Fatal(err)
	}
	b64, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "result=")
	if !ok || strings.Contains(b64, "\n") {
		t.Fatalf("want one line result=<base64>, got %q", line)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	// The fields the reporter reads, and nothing it would not expect.
	var got struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		MaxScore int    `json:"max_score"`
		Tests    []struct {
			Name    string `json:"name"`
			Status  string `json:"status"`
			Score   int    `json:"score"`
			Message string `json:"message"`
		} `json:"tests"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("payload %s: %v", data, err)
	}
	sum := 0
	for _, tc := range got.Tests {
		sum += tc.Score
		if tc.Status != "pass" && tc.Status != "fail" && tc.Status != "error" {
			t.Fatalf("status %q", tc.Status)
		}
	}
	if got.Version != 1 || got.Status != "error" || got.MaxScore != 4 || len(got.Tests) != 3 || sum != 1 || got.Tests[1].Message == "" {
		t.Fatalf("payload %+v", got)
	}
}

func TestMarkdownEscapesTableCells(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"**Score: 1/4 (25.0%)**", `Two &lt;containers&gt; \| one pod`, "<details>", "line 7"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestTextInBothLanguages(t *testing.T) {
	var en, zh bytes.Buffer
	_ = sample().WriteText(&en, i18n.New(i18n.EN))
	_ = sample().WriteText(&zh, i18n.New(i18n.ZH))
	if !strings.Contains(en.String(), "Score: 1/4 (25.0%), 1 of 3 steps passed") || !strings.Contains(zh.String(), "得分：1/4（25.0%），3 個步驟中通過 1 個") {
		t.Fatalf("en:\n%s\nzh:\n%s", en.String(), zh.String())
	}
}

func TestSaveUnknownFormat(t *testing.T) {
	if err := Save(sample(), "yaml", os.DevNull); err == nil {
		t.Fatal("want an error for an unknown format")
	}
}

// labs test reports each declared mistake and alternative as a step of its own, in every
// format: its own line, its own JUnit testcase, a JSON step the schema knows.
func TestVariantsAreStepsOfTheirOwn(t *testing.T) {
	r := &Report{Kind: "test", Lab: "pods", Title: "Pods", Started: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		Steps: []Step{
			{ID: "delete", Title: "Delete", Status: Pass},
			{ID: "delete/mistake-1", Title: "a server-side dry run deletes nothing", Status: Fail, Variant: "mistake", Of: "delete",
				Reason: "the step passes after this mistake: its checks cannot tell it from the solution"},
			{ID: "delete/alternative-1", Title: "delete -f", Status: Pass, Variant: "alternative", Of: "delete"},
		}}
	r.Finish()
	schema, err := jsonschema.NewCompiler().Compile("../../docs/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"variant": "mistake"`) || !strings.Contains(buf.String(), `"of": "delete"`) {
		t.Errorf("JSON lacks the variant: %s", buf.String())
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("report with variants does not match docs/report.schema.json: %v", err)
	}
	buf.Reset()
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<testcase name="delete/mistake-1"`) || !strings.Contains(buf.String(), `cannot tell it from the solution`) {
		t.Errorf("JUnit lacks the mistake's testcase: %s", buf.String())
	}
	buf.Reset()
	if err := r.WriteText(&buf, i18n.New("en")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "✗ delete/mistake-1: a server-side dry run deletes nothing") || !strings.Contains(buf.String(), "✓ delete/alternative-1") {
		t.Errorf("text lacks the variants' lines: %s", buf.String())
	}
}

// TestHostileBytesRenderSafely: whatever a script printed, JUnit stays well-formed XML, a
// Markdown row stays one row, and no control character reaches the text.
func TestHostileBytesRenderSafely(t *testing.T) {
	hostile := "ok\x1b]0;owned\x07 \x1b[2J\x00\x01\r </failure>]]> | a\nb \xff\xfe"
	r := &Report{Kind: "grade", Lab: "demo", Student: "bob|\x1b[31m", Steps: []Step{
		{ID: "s1", Title: "t", Status: Fail, Reason: hostile, Script: &Script{ExitCode: 1, Output: hostile}},
	}}
	r.Finish()
	var x strings.Builder
	if err := WriteJUnit(&x, r); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := xml.Unmarshal([]byte(x.String()), &v); err != nil {
		t.Errorf("JUnit is not well-formed: %v\n%s", err, x.String())
	}
	var md strings.Builder
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| ❌") && strings.Count(line, "|")-strings.Count(line, `\|`) != 5 {
			t.Errorf("a Markdown row broken: %q", line)
		}
	}
	var text strings.Builder
	if err := r.WriteText(&text, i18n.New(i18n.EN)); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{x.String(), md.String(), text.String()} {
		if strings.ContainsAny(out, "\x1b\x07\x00\x01\r") {
			t.Errorf("control characters survive: %q", out)
		}
	}
}
