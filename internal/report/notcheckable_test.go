package report

import (
	"strings"
	"testing"
)

// A step that cannot be checked on the cluster is neither passed nor failed, and JUnit skips it.
func TestNotCheckableIsNoFailure(t *testing.T) {
	r := &Report{Kind: "test", Lab: "static-pods", Steps: []Step{
		{ID: "a", Status: Pass, Points: 1},
		{ID: "b", Status: NotCheckable, Points: 1, Reason: "labs cannot reach the nodes' files"},
		{ID: "c", Status: Fail, Points: 1},
	}}
	r.Finish()
	if r.Failed() != 1 || r.NotChecked() != 1 {
		t.Errorf("failed %d, not checked %d", r.Failed(), r.NotChecked())
	}
	var b strings.Builder
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `skipped="1"`) || !strings.Contains(b.String(), `<skipped message="labs cannot reach the nodes&#39; files">`) {
		t.Errorf("JUnit:\n%s", b.String())
	}
}
