package runner

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
	"github.com/labs-dev/labs/internal/lab"
)

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

func TestSelectSteps(t *testing.T) {
	l := &lab.Lab{ID: "pods", Steps: []lab.Step{{ID: "a"}, {ID: "b"}}}
	loc := i18n.New(i18n.EN)
	if ids, err := SelectSteps(loc, l, ""); err != nil || len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Errorf("every step: %v, %v", ids, err)
	}
	if ids, err := SelectSteps(loc, l, "b"); err != nil || len(ids) != 1 || ids[0] != "b" {
		t.Errorf("step b: %v, %v", ids, err)
	}
	_, err := SelectSteps(loc, l, "c")
	var ue *UsageError
	if !errors.As(err, &ue) || err.Error() != `lab pods has no step "c" (steps: a, b)` {
		t.Errorf("no step c: %v, want a usage error naming the steps", err)
	}
}

// A lab whose learner writes static Pods is not checkable where labs cannot reach the nodes'
// files (an existing cluster); the others are.
func TestNotCheckableNeedsNodeFiles(t *testing.T) {
	staticPods := &lab.Lab{Owns: lab.Owns{StaticPods: []string{"web2"}}}
	if why := notCheckable(context.Background(), staticPods, cluster.Capabilities{}); !strings.Contains(why, "nodes' files") {
		t.Errorf("static pods without node files: %q", why)
	}
	if why := notCheckable(context.Background(), staticPods, cluster.Capabilities{NodeFiles: cluster.HostDirs{}}); why != "" {
		t.Errorf("static pods with node files: %q", why)
	}
	if why := notCheckable(context.Background(), &lab.Lab{}, cluster.Capabilities{}); why != "" {
		t.Errorf("a lab without static pods: %q", why)
	}
}
