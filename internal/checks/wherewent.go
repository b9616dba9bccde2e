package checks

import (
	"context"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// elsewhere says where kubectl's requests for resource name went instead of namespace ns, in
// the learner's words, naming the context's namespace when that is where they went (the
// commonest cause: a namespace left in the context by an earlier step or lab); "" when the
// audit log shows none. The clause starts with ": ".
func (e *Env) elsewhere(resource, name, ns string) string {
	if e.AuditLog == "" || ns == "" {
		return ""
	}
	events, err := e.auditEvents()
	if err != nil {
		return ""
	}
	went := ""
	for _, ev := range events {
		o := ev.ObjectRef
		if o == nil || o.Resource != resource || o.Subresource != "" || o.Namespace == "" || o.Namespace == ns {
			continue
		}
		// A create names its object in the body, which the audit log leaves out at Metadata
		// level: a create in another namespace counts when its name is unknown.
		if o.Name != name && !(ev.Verb == "create" && o.Name == "") {
			continue
		}
		went = o.Namespace // the latest
	}
	if went == "" {
		return ""
	}
	if cur, err := e.currentNamespace(); err == nil && cur == went {
		return e.l().T(": kubectl used the namespace %[1]s from your context (it sent its request for %[2]s there); add `-n %[3]s`, or make %[3]s the context's namespace", went, name, ns)
	}
	return e.l().T(": kubectl sent its request for %[1]s to namespace %[2]s, not %[3]s", name, went, ns)
}

// inOtherNamespaces lists the namespaces other than ns holding an object of gvr named name.
func (e *Env) inOtherNamespaces(ctx context.Context, gvr schema.GroupVersionResource, name, ns string) []string {
	list, err := e.list(ctx, gvr, metav1.NamespaceAll)
	if err != nil {
		return nil
	}
	var out []string
	for _, it := range list.Items {
		if it.GetName() == name && it.GetNamespace() != ns {
			out = append(out, it.GetNamespace())
		}
	}
	return out
}

// closeName is the name among names that looks like a typo of name ("" none): at most two
// edits apart, and not name itself.
func closeName(name string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if n == name {
			continue
		}
		if d := nameDistance(strings.ToLower(n), strings.ToLower(name)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// nameDistance is the Damerau–Levenshtein distance (adjacent swaps count one) of a and b.
func nameDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
