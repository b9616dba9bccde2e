package checks

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/labs-dev/labs/internal/i18n"
)

var (
	gvrNamespaces = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	gvrPods       = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	gvrEvents     = schema.GroupVersionResource{Version: "v1", Resource: "events"}
)

func (l *Library) objectSteps() {
	l.Register(Def{
		Pattern:   `^namespace "([^"]+)" exists` + within + `$`,
		Example:   `namespace "demo" exists`,
		Doc:       "the namespace exists (in any phase)",
		Handler:   namespaceExists,
		Existence: true,
	})
	l.Register(Def{
		Pattern:   `^namespace "([^"]+)" is Active` + within + `$`,
		Example:   `namespace "demo" is Active within 10s`,
		Doc:       "the namespace exists and is not being deleted",
		Handler:   namespaceActive,
		Existence: true,
	})
	l.Register(Def{
		Pattern:   `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" exists in namespace "([^"]+)"` + within + `$`,
		Example:   `configmap "settings" exists in namespace "demo"`,
		Doc:       "an object of the kind (or resource name) exists",
		Handler:   objectExists,
		Existence: true,
	})
	l.Register(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" is absent from namespace "([^"]+)"` + within + `$`,
		Example: `pod "web2" is absent from namespace "demo"`,
		Doc:     "no object of the kind with this name exists (or it is being deleted)",
		Handler: objectAbsent,
	})
	l.Register(Def{
		Pattern:   `^(?:the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" in namespace "([^"]+)" matches` + within + `:$`,
		Example:   `pod "web" in namespace "demo" matches:`,
		DocString: "spec:\n  containers:\n  - name: web\n    image: nginx",
		Doc: "the object has every field of the YAML doc string (other fields are ignored; lists of objects are matched by " +
			"name, else type, else manager, whichever every expected element has; a list tagged !contains needs only its " +
			"elements, in any order; other lists are compared element by element)",
		Handler: objectMatches,
	})
}

func namespaceExists(ctx context.Context, name, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		_, err := e.namespace(ctx, name, e.l().T("to exist"))
		return err
	})
}

// namespace gets a namespace, or a failure naming what was expected of it and which
// namespaces there are instead.
func (e *Env) namespace(ctx context.Context, name, expected string) (*corev1.Namespace, error) {
	ns, err := e.getNamespace(ctx, name)
	if apierrors.IsNotFound(err) {
		return nil, e.l().Err("expected namespace %s %s, but there is no such namespace%s", name, expected, e.otherNamespaces(ctx))
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	return ns, nil
}

func namespaceActive(ctx context.Context, name, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		ns, err := e.namespace(ctx, name, e.l().T("to be Active"))
		if err != nil {
			return err
		}
		if ns.Status.Phase != corev1.NamespaceActive {
			return e.l().Err("namespace %s exists but is %s, not Active: it is being deleted; wait until it is gone and create it again", name, ns.Status.Phase)
		}
		return nil
	})
}

// otherNamespaces lists the learner-made namespaces, to spot a typo.
func (e *Env) otherNamespaces(ctx context.Context) string {
	list, err := e.listNamespaces(ctx)
	if err != nil {
		return ""
	}
	var names []string
	for _, ns := range list.Items {
		switch n := ns.Name; {
		case n == "default", strings.HasPrefix(n, "kube-"):
		default:
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return e.l().T(" (namespaces you have: %s)", e.l().List(names))
}

// resolve maps a kind or resource name the author wrote ("pod", "Deployment", "deploy",
// "deployments.apps") to the API resource.
func (e *Env) resolve(kind string) (schema.GroupVersionResource, bool, error) {
	gr := schema.ParseGroupResource(strings.ToLower(kind))
	gvr, err := e.Mapper.ResourceFor(gr.WithVersion(""))
	if err != nil {
		return gvr, false, e.l().Err("this cluster has no resource %q: %v", kind, err)
	}
	gvk, err := e.Mapper.KindFor(gvr)
	if err != nil {
		return gvr, false, e.l().Err("this cluster has no resource %q: %v", kind, err)
	}
	m, err := e.Mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return gvr, false, e.l().Err("this cluster has no resource %q: %v", kind, err)
	}
	e.observe(Dependency{Resource: gvr})
	return gvr, m.Scope.Name() == "namespace", nil
}

func (e *Env) getObject(ctx context.Context, kind, name, ns string) (*unstructured.Unstructured, error) {
	gvr, namespaced, err := e.resolve(kind)
	if err != nil {
		return nil, err
	}
	obj, err := e.get(ctx, gvr, namespaced, name, ns)
	if apierrors.IsNotFound(err) {
		return nil, e.notFound(ctx, gvr, kind, name, ns, namespaced)
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	return obj, nil
}

// notFound explains a missing object: no such namespace, or what is there instead.
func (e *Env) notFound(ctx context.Context, gvr schema.GroupVersionResource, kind, name, ns string, namespaced bool) error {
	kind = e.kindName(kind)
	// The learner tried and the API server said no: its words are the best reason.
	if msg := e.refused(gvr.Resource, name, ns); msg != "" {
		return e.l().Err("expected %s %s in namespace %s, but there is none: the API server refused kubectl's request: %s", kind, name, ns, msg)
	}
	if namespaced {
		// Where kubectl's requests went instead: the context's namespace, say (issue 15).
		went := e.elsewhere(gvr.Resource, name, ns)
		if _, err := e.getNamespace(ctx, ns); apierrors.IsNotFound(err) {
			return e.l().Err("expected %s %s in namespace %s, but namespace %s does not exist%s", kind, name, ns, ns, went)
		}
		if went == "" {
			if other := e.inOtherNamespaces(ctx, gvr, name, ns); len(other) > 0 {
				went = e.l().T(": there is one in namespace %s", e.l().List(other))
			}
		}
		if went != "" {
			return e.l().Err("expected %s %s in namespace %s, but there is none%s", kind, name, ns, went)
		}
		list, err := e.list(ctx, gvr, ns)
		if err == nil && len(list.Items) > 0 {
			var names []string
			for _, it := range list.Items {
				names = append(names, it.GetName())
			}
			sort.Strings(names)
			if typo := closeName(name, names); typo != "" {
				return e.l().Err("expected %s %s in namespace %s, but there is none; found: %s (%s: a typo in the name?)", kind, name, ns, e.l().List(names), typo)
			}
			return e.l().Err("expected %s %s in namespace %s, but there is none; found: %s (a different name? another namespace?)", kind, name, ns, e.l().List(names))
		}
		return e.l().Err("expected %s %s in namespace %s, but there is none (created in another namespace? check your current namespace with `kubectl config view --minify`)", kind, name, ns)
	}
	return e.l().Err("expected %s %s to exist, but there is none", kind, name)
}

func objectExists(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		_, err := e.getObject(ctx, kind, name, ns)
		return err
	})
}

func objectAbsent(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	// Gone for good: a momentary absence (a kubelet about to re-create a mirror Pod) is not.
	return e.staysGone(ctx, within, func(ctx context.Context) error {
		gvr, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		obj, err := e.get(ctx, gvr, namespaced, name, ns)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return e.apiError(err)
		}
		node, mirror := mirrorOf(obj.GetAnnotations(), obj.GetOwnerReferences())
		// Being deleted counts as gone; not for a mirror Pod, which its kubelet re-creates
		// (measured: Terminating for up to ~6 s, then back within ~20 ms).
		if obj.GetDeletionTimestamp() != nil && !mirror {
			return nil
		}
		if mirror && gvr == gvrPods {
			return e.l().Err("expected no pod %[1]s in namespace %[2]s, but it exists (created %[3]s): it is the mirror of a static Pod of node %[4]s, which `kubectl delete` cannot remove for good (the kubelet re-creates it); remove its manifest from the node's static pod directory%[5]s",
				name, ns, obj.GetCreationTimestamp().Format("15:04:05"), node, e.staticPodDirOf(ctx, node))
		}
		return e.l().Err("expected no %[1]s %[2]s in namespace %[3]s, but it exists (created %[4]s); delete it: `kubectl delete %[5]s %[2]s -n %[3]s`",
			kind, name, ns, obj.GetCreationTimestamp().Format("15:04:05"), strings.ToLower(kind))
	})
}

func objectMatches(ctx context.Context, kind, name, ns, within string, doc *godog.DocString) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	want, err := parseExpected(doc.Content)
	if err != nil {
		return e.l().Err("the lab's expected YAML is invalid: %v", err)
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		obj, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return err
		}
		// Round-trip through JSON so numbers and maps compare alike on both sides.
		raw, err := json.Marshal(obj.Object)
		if err != nil {
			return err
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil {
			return err
		}
		if diff := match("", want, got); diff != nil {
			return e.l().Err("%s %s exists but %s", kind, name, diff.say(e))
		}
		return nil
	})
}

// kindName is how a message names the kind the author wrote: as written in English ("pod"),
// and as Kubernetes spells it in zh-TW ("Pod"), where a lower-case English word reads oddly.
func (e *Env) kindName(kind string) string {
	if e.l().Lang() != i18n.ZH || e.Mapper == nil {
		return kind
	}
	gvr, err := e.Mapper.ResourceFor(schema.ParseGroupResource(strings.ToLower(kind)).WithVersion(""))
	if err != nil {
		return kind
	}
	gvk, err := e.Mapper.KindFor(gvr)
	if err != nil {
		return kind
	}
	return gvk.Kind
}

// refused is the API server's error text for the last kubectl write of this object that it
// refused (not a dry run), "" when there is none or no audit log to tell.
func (e *Env) refused(resource, name, ns string) string {
	if e.AuditLog == "" {
		return ""
	}
	events, err := e.auditEvents()
	if err != nil {
		return ""
	}
	msg := ""
	for _, ev := range events {
		o := ev.ObjectRef
		if o == nil || o.Resource != resource || o.Name != name || o.Namespace != ns || o.Subresource != "" || ev.DryRun() {
			continue
		}
		if ev.Verb == "create" || ev.Verb == "update" || ev.Verb == "patch" {
			msg = ev.Message() // "" for a request that succeeded, which clears an earlier refusal
		}
	}
	return msg
}
