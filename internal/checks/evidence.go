package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/labsbin"
)

func (l *Library) evidenceSteps() {
	l.Register(Def{
		Pattern: `^the kubeconfig's current namespace is "([^"]+)"` + within + `$`,
		Example: `the kubeconfig's current namespace is "demo"`,
		Doc:     "the namespace of the current context of the learner's kubeconfig",
		Handler: kubeconfigNamespace,
	})
	l.Register(Def{
		Pattern: `^the file "([^"]+)" in the work directory is a manifest of kind "([^"]+)" named "([^"]+)"` + within + `$`,
		Example: `the file "web.yaml" in the work directory is a manifest of kind "Pod" named "web"`,
		Doc:     "a YAML file the learner wrote holds an object of this kind and name, with an apiVersion the cluster serves",
		Handler: manifestFile,
	})
	l.Register(Def{
		Pattern: `^kubectl sent a server-side dry run for ([a-z0-9.]+)(?: "([^"]+)")? in namespace "([^"]+)"(?: with kubectl (apply|create|run))?` + within + `$`,
		Example: `kubectl sent a server-side dry run for pod "web2" in namespace "demo" with kubectl apply`,
		Doc: "audit evidence: kubectl made a successful write with --dry-run=server on the resource since the lab started; " +
			"`with kubectl apply` (create, run) requires that command, by the field manager it sends (a `kubectl run " +
			"--dry-run=server` is not an `apply -f FILE --dry-run=server`)",
		Handler: auditDryRun,
	})
	l.Register(Def{
		Pattern: `^kubectl sent a ([a-z]+) request for ([a-z0-9.]+)(?:/([a-z]+))?(?: in namespace "([^"]+)")?` + within + `$`,
		Example: `kubectl sent a list request for pods in namespace "demo"`,
		Doc: "audit evidence: kubectl made a request with this verb on the resource (and subresource) since the lab started; " +
			"for pods/exec and pods/attach, get and create count alike (websocket or SPDY); to check the pod and container, use the exec step",
		Handler: auditRequest,
	})
	l.Register(Def{
		Pattern: `^kubectl requested the path "(/[^"]*)"` + within + `$`,
		Example: `kubectl requested the path "/api/v1/namespaces/kube-system/services"`,
		Doc: "audit evidence: kubectl requested a URL path starting with this since the lab started (e.g. kubectl cluster-info); " +
			"a query (?a=b&c=d) requires each of its parameters with that value, in any order, among others",
		Handler: auditPath,
		Args: func(a []string) string {
			if _, q, ok := strings.Cut(a[0], "?"); ok {
				if _, err := url.ParseQuery(q); err != nil || q == "" {
					return fmt.Sprintf("the query of path %q does not parse (%v); write ?name=value&name=value", a[0], err)
				}
			}
			return ""
		},
	})
	l.Register(Def{
		Pattern: `^an event with reason "([^"]+)" was recorded for ([A-Za-z]+) "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `an event with reason "Scheduled" was recorded for pod "web" in namespace "demo" within 30s`,
		Doc:     "a core/v1 Event of this reason about the object",
		Handler: eventRecorded,
	})
	l.provenanceSteps()
}

func kubeconfigNamespace(ctx context.Context, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		if e.Kubeconfig == "" {
			return e.l().Err("no kubeconfig to check")
		}
		got, err := e.currentNamespace()
		if err != nil {
			return e.l().Err("cannot read the kubeconfig: %v", err)
		}
		if got == ns {
			return nil
		}
		// A lab's kubeconfig is its own context file, then the cluster's (internal/labctx).
		// The namespace set in the cluster's kubeconfig, not the lab's, was set from a shell
		// that is not this lab's (KUBECONFIG of its own, or another lab's shell set up before).
		if file, other, ok := e.clusterKubeconfigNamespace(); ok && other == ns {
			return e.l().Err("this lab's context uses namespace %[1]s, not %[2]s: %[2]s was set in the cluster's kubeconfig %[3]s, which this lab's shells do not use (each lab has a context of its own); set it in this lab's shell (t in the walkthrough, `%[4]s`, or after `eval \"$(%[5]s)\"`)", got, ns, file, labsbin.Run("shell"), labsbin.Run("cluster", "env"))
		}
		return e.l().Err("the current context uses namespace %s, not %s (change the context, not just one command's -n)", got, ns)
	})
}

func manifestFile(ctx context.Context, file, kind, name, within string) error {
	e := envFrom(ctx)
	p := e.workFile(file)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		data, err := e.readFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return e.l().Err("expected a file %s in %s, but there is none", file, e.workDirName())
		}
		if err != nil {
			return e.l().Err("cannot read %s: %v", file, readError(err))
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		var found []string
		for {
			var obj struct {
				APIVersion string `yaml:"apiVersion"`
				Kind       string `yaml:"kind"`
				Metadata   struct {
					Name string `yaml:"name"`
				} `yaml:"metadata"`
			}
			err := dec.Decode(&obj)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return e.l().Err("%s is not valid YAML: %v", file, err)
			}
			if obj.Kind == "" {
				continue
			}
			found = append(found, obj.Kind+"/"+obj.Metadata.Name)
			if obj.Kind != kind || obj.Metadata.Name != name {
				continue
			}
			gv, err := schema.ParseGroupVersion(obj.APIVersion)
			if err != nil || obj.APIVersion == "" {
				return e.l().Err("%s: %s %s has no valid apiVersion (%q)", file, kind, name, obj.APIVersion)
			}
			if e.Mapper != nil {
				if _, err := e.Mapper.RESTMapping(gv.WithKind(kind).GroupKind(), gv.Version); err != nil {
					return e.l().Err("%s: the cluster does not serve %s in apiVersion %s", file, kind, obj.APIVersion)
				}
			}
			return nil
		}
		if len(found) == 0 {
			return e.l().Err("%s holds no Kubernetes object (no kind)", file)
		}
		return e.l().Err("%s holds %s, not %s/%s", file, e.l().List(found), kind, name)
	})
}

// auditEvents are the kubectl requests in the attempt's window.
func (e *Env) auditEvents() ([]audit.Event, error) {
	events, err := e.allAuditEvents()
	if err != nil {
		return nil, err
	}
	out := events[:0]
	for _, ev := range events {
		if ev.Kubectl() {
			out = append(out, ev)
		}
	}
	return out, nil
}

func isWrite(verb string) bool {
	switch verb {
	case "create", "update", "patch", "delete", "deletecollection":
		return true
	}
	return false
}

func auditDryRun(ctx context.Context, resource, name, ns, by, within string) error {
	e := envFrom(ctx)
	// In zh-TW the message names the kind ("Pod"), not the resource ("pods").
	what := e.kindName(resource)
	if name != "" {
		what += " " + name
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, namespaced, err := e.resolve(resource)
		if err != nil {
			return err
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var rejected, otherCommands []string
		applied := map[string]bool{}
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != gvr.Resource || o.Namespace != ns || o.Subresource != "" || !isWrite(ev.Verb) {
				continue
			}
			if name != "" && o.Name != name {
				continue
			}
			fm := ev.Query().Get("fieldManager")
			switch {
			case ev.DryRun() && by != "" && !slices.Contains(fieldManagers[by], fm):
				otherCommands = append(otherCommands, commandOf(fm))
			case ev.DryRun() && ev.Code() < 400:
				return nil
			case ev.DryRun():
				rejected = append(rejected, ev.Message())
			case name != "" || ev.Query().Get("fieldManager") == "kubectl-client-side-apply":
				// Made for real: by name, or by a `kubectl apply` that forgot --dry-run.
				if ev.Verb != "delete" && ev.Code() < 400 && o.Name != "" {
					applied[o.Name] = true
				}
			}
		}
		if len(rejected) > 0 {
			// Pass on the API server's own words: the manifest is not always what is wrong
			// (`namespaces "demo" not found`).
			return e.l().Err("the API server rejected your server-side dry run for %s in namespace %s: %s; fix what it says and run the dry run again",
				what, ns, strings.Join(uniq(rejected), "; "))
		}
		if len(otherCommands) > 0 {
			return e.l().Err("kubectl sent a server-side dry run for %[1]s in namespace %[2]s with %[3]s, not with kubectl %[4]s; run the step's command with --dry-run=server (`kubectl %[4]s ... --dry-run=server`)",
				what, ns, e.l().List(uniq(otherCommands)), by)
		}
		// An object made for real by mistake hides the dry run: applying it again unchanged
		// sends nothing ("unchanged"), so say to delete it first.
		names := make([]string, 0, len(applied))
		for n := range applied {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			obj, err := e.get(ctx, gvr, namespaced, n, ns)
			if err != nil && !apierrors.IsNotFound(err) {
				// Cut short (our own deadline) or unreachable: no reason to blame the learner.
				return e.apiError(err)
			}
			if err == nil && obj.GetDeletionTimestamp() == nil {
				kind := strings.ToLower(obj.GetKind())
				return e.l().Err("no server-side dry run for %[1]s in namespace %[2]s yet, and %[3]s %[4]s exists: it was created for real, so a dry run of it changes nothing and kubectl sends none (\"unchanged\"); delete it (`kubectl delete %[3]s %[4]s -n %[2]s`), then run the dry run again",
					what, ns, kind, n)
			}
		}
		return e.l().Err("no server-side dry run for %s in namespace %s since the lab started (--dry-run=client never reaches the API server; use --dry-run=server)", what, ns)
	})
}

func auditRequest(ctx context.Context, verb, resource, sub, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var verbs, elsewhere []string
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != resource || o.Subresource != sub {
				continue
			}
			matches := ev.Verb == verb || (streaming(sub) && isStreamVerb(ev.Verb) && isStreamVerb(verb))
			if ns != "" && o.Namespace != ns {
				if matches {
					// The right request, in another namespace: say where it went.
					where := o.Namespace
					if where == "" {
						where = e.l().T("all namespaces")
					}
					elsewhere = append(elsewhere, where)
				}
				continue
			}
			if matches {
				return nil
			}
			verbs = append(verbs, ev.Verb)
		}
		what := resource
		if sub != "" {
			what += "/" + sub
		}
		if len(elsewhere) > 0 {
			return e.l().Err("kubectl sent a %[1]s request for %[2]s in %[3]s, not in namespace %[4]s (add -n %[4]s)", verb, what, e.l().List(uniq(elsewhere)), ns)
		}
		if ns != "" {
			what = e.l().T("%[1]s in namespace %[2]s", what, ns)
		}
		if len(verbs) > 0 {
			return e.l().Err("kubectl sent %s requests for %s, but no %s", e.l().List(uniq(verbs)), what, verb)
		}
		return e.l().Err("kubectl sent no %s request for %s since the lab started", verb, what)
	})
}

// streaming reports whether a subresource is a stream (exec, attach), whose connection a
// client opens with GET (websocket, kubectl v1.37) or POST (SPDY, older clients).
func streaming(sub string) bool { return sub == "exec" || sub == "attach" }

func isStreamVerb(verb string) bool { return verb == "get" || verb == "create" }

func auditPath(ctx context.Context, path, within string) error {
	e := envFrom(ctx)
	p, rawQuery, _ := strings.Cut(path, "?")
	want, _ := url.ParseQuery(rawQuery)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var near []string
		for _, ev := range events {
			if !strings.HasPrefix(ev.Path(), p) {
				continue
			}
			if hasQuery(ev.Query(), want) {
				return nil
			}
			near = append(near, ev.RequestURI)
		}
		if len(near) > 0 {
			return e.l().Err("kubectl requested %s, but not with %s since the lab started", e.l().List(uniq(near)), rawQuery)
		}
		return e.l().Err("kubectl did not request %s since the lab started", path)
	})
}

// hasQuery reports whether got has every parameter of want with each of its values.
func hasQuery(got, want url.Values) bool {
	for k, vs := range want {
		for _, v := range vs {
			if !slices.Contains(got[k], v) {
				return false
			}
		}
	}
	return true
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func eventRecorded(ctx context.Context, reason, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		list, err := e.listEvents(ctx, ns, name)
		if err != nil {
			return e.apiError(err)
		}
		var reasons []string
		for _, ev := range list.Items {
			if !strings.EqualFold(ev.InvolvedObject.Kind, kind) {
				continue
			}
			if ev.Reason == reason {
				return nil
			}
			reasons = append(reasons, ev.Reason)
		}
		if len(reasons) > 0 {
			return e.l().Err("%s %s has events %s, but none with reason %s", kind, name, e.l().List(uniq(reasons)), reason)
		}
		return e.l().Err("no events for %s %s in namespace %s (yet)", kind, name, ns)
	})
}
