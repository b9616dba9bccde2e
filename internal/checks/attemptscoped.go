package checks

import (
	"context"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// attemptSteps are the steps whose point is that the learner made or changed something: they
// pass only on an object made (or changed by kubectl) inside the evidence window — the step's
// own when labs knows when the step began, else the attempt's — never on one that was already
// there (left by an earlier lab or attempt).
func (l *Library) attemptSteps() {
	l.Register(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)"(?: in namespace "([^"]+)")? was created in this attempt` + within + `$`,
		Example: `pod "web" in namespace "demo" was created in this attempt`,
		Doc: "the object exists and was created since the step began (labs test and grade: its script's start; a walkthrough: the previous step's pass) " +
			"or at least since the attempt began: an object left by an earlier lab or attempt does not pass; leave out `in namespace` for a cluster-wide kind",
		Handler: createdInAttempt,
	})
	l.Register(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)"(?: in namespace "([^"]+)")? was changed by kubectl in this attempt` + within + `$`,
		Example: `pod "web" in namespace "demo" was changed by kubectl in this attempt`,
		Doc: "the object was created, or written by kubectl (apply, edit, label, set, patch, replace: its managedFields), in the step's or attempt's window; " +
			"a controller's or kubelet's writes do not count",
		Handler: changedInAttempt,
	})
}

// windowFloor is the evidence window's start as object timestamps can be compared with it:
// they keep whole seconds.
func (e *Env) windowFloor() time.Time { return e.Since.Truncate(time.Second) }

func createdInAttempt(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		obj, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return err
		}
		if created := obj.GetCreationTimestamp().Time; created.Before(e.windowFloor()) {
			return e.l().Err("%s %s exists, but it was created at %s, before this step began (%s): it is left over from earlier, not made now; delete it and make it again",
				kind, name, created.Local().Format("15:04:05"), e.Since.Local().Format("15:04:05"))
		}
		return nil
	})
}

func changedInAttempt(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		obj, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return err
		}
		floor := e.windowFloor()
		if !obj.GetCreationTimestamp().Time.Before(floor) {
			return nil
		}
		if t, ok := lastKubectlWrite(obj); ok && !t.Before(floor) {
			return nil
		}
		return e.l().Err("%s %s exists, but kubectl has not created or changed it since this step began (%s): what is there was made earlier",
			kind, name, e.Since.Local().Format("15:04:05"))
	})
}

// lastKubectlWrite is the latest time kubectl wrote the object (not its status), from its
// managedFields: the field managers kubectl uses are "kubectl" and "kubectl-<command>".
func lastKubectlWrite(obj *unstructured.Unstructured) (time.Time, bool) {
	var last time.Time
	found := false
	for _, mf := range obj.GetManagedFields() {
		if mf.Subresource != "" || mf.Time == nil || !strings.HasPrefix(mf.Manager, "kubectl") {
			continue
		}
		if t := mf.Time.Time; !found || t.After(last) {
			last, found = t, true
		}
	}
	return last, found
}
