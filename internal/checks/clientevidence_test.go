package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/i18n"
)

// Where the evidence is labs' kubectl's own record (no audit log), a failing step that read it
// says so; a step that did not read it, or evidence from an audit log, says nothing of it.
func TestClientEvidenceSaysItsSource(t *testing.T) {
	feature := []byte(`Feature: f
  @request
  Scenario: r
    Then kubectl requested the path "/api/v1/namespaces"
  @object
  Scenario: o
    Then the file "web.yaml" in the work directory is a manifest of kind "Pod" named "web"
`)
	const note = "a kubectl outside labs is not seen"
	for _, client := range []bool{true, false} {
		f := newFakeEnv(t)
		f.ClientEvidence = client
		rs, err := Run(context.Background(), f.Env, "f.feature", feature, []string{"request", "object"})
		if err != nil {
			t.Fatal(err)
		}
		if rs[0].Passed || strings.Contains(rs[0].Reason, note) != client {
			t.Errorf("client evidence %v: request step: %+v", client, rs[0])
		}
		if rs[1].Passed || strings.Contains(rs[1].Reason, note) {
			t.Errorf("client evidence %v: a step that read no evidence: %+v", client, rs[1])
		}
	}
}

// In zh-TW the note joins the reason with no half-width space before its （, and a reason
// composed of translated pieces keeps no space between Chinese characters.
func TestReasonsAreTypesetInChinese(t *testing.T) {
	feature := []byte(`Feature: f
  @request
  Scenario: r
    Then kubectl requested the path "/api/v1/namespaces"
`)
	f := newFakeEnv(t)
	f.Lang = "zh-TW"
	f.ClientEvidence = true
	rs, err := Run(context.Background(), f.Env, "f.feature", feature, []string{"request"})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Passed || !strings.Contains(rs[0].Reason, "（在這個叢集上") {
		t.Fatalf("want a failing step with the zh-TW note: %+v", rs[0])
	}
	if p := i18n.TypographyProblems(rs[0].Reason); len(p) > 0 {
		t.Errorf("reason %q: %v", rs[0].Reason, p)
	}
}
