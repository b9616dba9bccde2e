// Package labctx establishes the kubeconfig context a lab starts from (its scenario's
// `context:`) at the beginning of every attempt, so a lab never inherits the namespace an
// earlier lab left in the learner's context (issue 15 point 2: after demo, the context's
// namespace was demo and namespaces' steps passed or read wrongly). It tells the learner what
// it changed and why; nothing is said, and nothing written, when the context is already right.
package labctx

import (
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/lab"
)

// Establish sets the current context of the kubeconfig at path to the state l declares and
// returns the sentence that tells the learner, "" when l declares none or nothing changed.
func Establish(path string, l *lab.Lab, loc i18n.Localizer) (string, error) {
	if l.Context == nil || l.Context.Namespace == "" || path == "" {
		return "", nil
	}
	want := l.Context.Namespace
	was, err := kubeconfig.SetNamespace(path, want)
	if err != nil {
		return "", loc.Err("setting the namespace of your context for lab %s: %w", l.ID, err)
	}
	if was == want {
		return "", nil
	}
	return loc.T("Lab %[1]s starts in namespace %[2]s: labs set your context's namespace to %[2]s (it was %[3]s, left by what you did before), so commands without -n go where the steps expect.", l.ID, want, was), nil
}
