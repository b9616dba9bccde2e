package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/i18n"
)

// Steps that tell one kubectl command from another that looks alike, by what each really
// sends or leaves behind (k8s.io/kubectl v0.37):
//   - `kubectl cluster-info` lists the services of kube-system with a label selector and no
//     limit; `kubectl get` adds limit=500 (an exact path and query);
//   - `kubectl describe pod NAME` lists the events with a field selector on the pod
//     (involvedObject.name, .kind, .uid); `kubectl get events` sends none;
//   - `kubectl apply`, `create` and `run` write with their own field manager
//     (kubectl-client-side-apply, kubectl-create, kubectl-run): in a dry run's query, and in
//     the live object's managedFields; `kubectl apply` also keeps what it applied in the
//     annotation kubectl.kubernetes.io/last-applied-configuration;
//   - `kubectl exec POD -- CMD ARGS` sends each word as a command= query parameter;
//   - `kubectl get --watch` opens a watch request whose start the audit log records, to be
//     compared with when the pod finished its init containers;
//   - a container's exit code is in its status (state or last state).

// fieldManagers are the field managers kubectl's writing commands use.
var fieldManagers = map[string][]string{
	"apply":  {"kubectl-client-side-apply", "kubectl"},
	"create": {"kubectl-create"},
	"run":    {"kubectl-run"},
}

// commandOf names the kubectl command behind a field manager, for reasons.
func commandOf(manager string) string {
	switch manager {
	case "kubectl-client-side-apply", "kubectl":
		return "kubectl apply"
	case "":
		return "?"
	}
	if c, ok := strings.CutPrefix(manager, "kubectl-"); ok {
		return "kubectl " + c
	}
	return manager
}

const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

func (l *Library) provenanceSteps() {
	l.Register(Def{
		Pattern: `^kubectl requested exactly the path "(/[^"]*)"` + within + `$`,
		Example: `kubectl requested exactly the path "/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io/cluster-service=true"`,
		Doc: "audit evidence: kubectl requested this URL path (not a longer one) with exactly this query (the same parameters " +
			"and values, in any order, and no others) since the lab started; `kubectl cluster-info` sends the query above, " +
			"`kubectl get svc -l ...` the same plus limit=500",
		Handler: exactPath,
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
		Pattern: `^kubectl described ([a-z]+) "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `kubectl described pod "web" in namespace "demo"`,
		Doc: "audit evidence: `kubectl describe` of this object since the lab started, by the list of its events it sends " +
			"(a field selector on involvedObject.name and kind); `kubectl get events` or `get -o yaml` do not count",
		Handler: described,
	})
	l.Register(Def{
		Pattern: podIn + `ran "([^"]+)"(?: in container "([^"]+)")? through kubectl exec` + within + `$`,
		Example: `pod "env-demo" in namespace "demo" ran "printenv GREETING" through kubectl exec`,
		Doc: "audit evidence: `kubectl exec POD -- printenv GREETING` since the lab started: the command and its arguments, " +
			"word for word (the exec's command= parameters); another command in the same pod does not count",
		Handler: executedCommand,
	})
	l.Register(Def{
		Pattern: `^kubectl watched pod "([^"]+)" in namespace "([^"]+)" while its init containers ran` + within + `$`,
		Example: `kubectl watched pod "app" in namespace "demo" while its init containers ran`,
		Doc: "audit evidence: a kubectl watch of the namespace's pods (or of this pod) started before the pod's init " +
			"containers were done (its Initialized condition) and was still open when the pod was created; a watch " +
			"started once the pod runs does not count, nor the watches of `kubectl wait` or `kubectl delete` (sendInitialEvents)",
		Handler: watchedInit,
	})
	l.Register(Def{
		Pattern: podIn + `has a container that exited with (a non-zero code|code \d+)` + within + `$`,
		Example: `pod "crash" in namespace "demo" has a container that exited with a non-zero code within 60s`,
		Doc: "a container of the pod terminated (now, or before its last restart) with this exit code: `code 0` for a " +
			"success, `a non-zero code` for a failure",
		Handler: podExitCode,
	})
	l.Register(Def{
		Pattern: `^(?:the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)"(?: in namespace "([^"]+)")? was (created|applied) from the file "([^"]+)"` + within + `$`,
		Example: `pod "web" in namespace "demo" was applied from the file "web.yaml"`,
		Doc: "the live object has every field the file's object of that kind and name sets, and it was written from a " +
			"file: `created` accepts `kubectl apply -f` and `kubectl create -f` (by the field managers in its managedFields; " +
			"not `kubectl run`), `applied` only `kubectl apply -f` of this content (its last-applied-configuration holds " +
			"every field of the file; `kubectl label` or `edit` afterwards do not change it)",
		Handler: fromFile,
	})
	l.Register(Def{
		Pattern: `^the answer is the number of (namespaced|cluster-scoped) resources the API server serves$`,
		Example: `the answer is the number of cluster-scoped resources the API server serves`,
		Doc: "the learner's answer is the number of lines `kubectl api-resources --namespaced=false` (cluster-scoped) or " +
			"`--namespaced=true` (namespaced) prints without its header, read live from the API server's discovery",
		Handler: answerIsResourceCount,
		Answer:  noKeys,
	})
	l.Register(Def{
		Pattern: `^the answer is the resourceVersion kubectl watched ([a-z0-9.]+) from$`,
		Example: `the answer is the resourceVersion kubectl watched pods from`,
		Doc: "the learner's answer is the resourceVersion= of a watch request kubectl sent for the resource since the lab " +
			"started, as `kubectl get pods --watch -v 6` prints it in the watch's URL",
		Handler: answerIsWatchVersion,
		Answer:  noKeys,
	})
}

func exactPath(ctx context.Context, path, within string) error {
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
			if ev.Path() != p {
				continue
			}
			if sameQuery(ev.Query(), want) {
				return nil
			}
			near = append(near, ev.RequestURI)
		}
		if len(near) > 0 {
			return e.l().Err("kubectl requested %s, not exactly %s (another command sends that; read the step again)", e.l().List(uniq(near)), path)
		}
		return e.l().Err("kubectl did not request %s since the lab started", path)
	})
}

// sameQuery reports whether got has exactly the parameters and values of want.
func sameQuery(got, want url.Values) bool {
	if len(got) != len(want) {
		return false
	}
	for k, vs := range want {
		g := slices.Clone(got[k])
		w := slices.Clone(vs)
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			return false
		}
	}
	return true
}

// selectorHas reports whether a field selector (a=b,c=d) holds key=value.
func selectorHas(sel, key, value string) bool {
	for _, term := range strings.Split(sel, ",") {
		k, v, _ := strings.Cut(term, "=")
		if strings.TrimSpace(k) == key && strings.TrimSpace(v) == value {
			return true
		}
	}
	return false
}

func described(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var others []string
		plain := false
		for _, ev := range events {
			o := ev.ObjectRef
			if ev.Verb != "list" || o == nil || o.Resource != "events" || o.Namespace != ns {
				continue
			}
			sel := ev.Query().Get("fieldSelector")
			if sel == "" {
				plain = true
				continue
			}
			kindOK := !strings.Contains(sel, "involvedObject.kind=") || selectorHas(sel, "involvedObject.kind", kind) ||
				selectorHas(sel, "involvedObject.kind", e.kindOf(kind))
			if kindOK && selectorHas(sel, "involvedObject.name", name) {
				return nil
			}
			others = append(others, sel)
		}
		cmd := fmt.Sprintf("`kubectl describe %s %s -n %s`", strings.ToLower(kind), name, ns)
		switch {
		case len(others) > 0:
			return e.l().Err("kubectl read the events of something else (%s), not of %s %s; run %s", strings.Join(uniq(others), "; "), kind, name, cmd)
		case plain:
			return e.l().Err("kubectl listed all the events of namespace %s, as `kubectl get events` does; describe reads only those of one object and shows them with it: run %s", ns, cmd)
		}
		return e.l().Err("kubectl did not describe %s %s in namespace %s since the lab started; run %s", kind, name, ns, cmd)
	})
}

func executedCommand(ctx context.Context, pod, ns, command, container, within string) error {
	e := envFrom(ctx)
	want := strings.Fields(command)
	cmd := "`kubectl exec " + pod + " -n " + ns
	if container != "" {
		cmd += " -c " + container
	}
	cmd += " -- " + strings.Join(want, " ") + "`"
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var ran, rejected, pods []string
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != "pods" || o.Subresource != "exec" || o.Namespace != ns || !isStreamVerb(ev.Verb) {
				continue
			}
			if o.Name != pod {
				pods = append(pods, o.Name)
				continue
			}
			q := ev.Query()
			if container != "" && q.Get("container") != container {
				ran = append(ran, fmt.Sprintf("%q (-c %s)", strings.Join(q["command"], " "), q.Get("container")))
				continue
			}
			if !slices.Equal(q["command"], want) {
				ran = append(ran, strconv.Quote(strings.Join(q["command"], " ")))
				continue
			}
			if ev.Code() >= 400 {
				rejected = append(rejected, ev.Message())
				continue
			}
			return nil
		}
		switch {
		case len(rejected) > 0:
			return e.l().Err("the API server refused kubectl exec into pod %s: %s", pod, strings.Join(uniq(rejected), "; "))
		case len(ran) > 0:
			return e.l().Err("kubectl exec ran %s in pod %s, not %q; run %s", e.l().List(uniq(ran)), pod, command, cmd)
		case len(pods) > 0:
			return e.l().Err("kubectl exec went into pod %s, not %s; run %s", e.l().List(uniq(pods)), pod, cmd)
		}
		return e.l().Err("no kubectl exec into pod %s in namespace %s since the lab started; run %s", pod, ns, cmd)
	})
}

// watches are the kubectl watch requests of pods in ns that can see pod name: when each
// started and, if it ended, when.
type watch struct {
	start, end time.Time
}

// podWatchNamespaces are the namespaces other than ns whose pods kubectl watched as `kubectl
// get pods --watch` does (all namespaces named so), in the order first seen.
func podWatchNamespaces(events []audit.Event, ns string, l i18n.Localizer) []string {
	var out []string
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "watch" || o == nil || o.Resource != "pods" || o.Subresource != "" || o.Namespace == ns || ev.Query().Get("sendInitialEvents") == "true" {
			continue
		}
		where := l.T("namespace %s", o.Namespace)
		if o.Namespace == "" {
			where = l.T("all namespaces")
		}
		if !slices.Contains(out, where) {
			out = append(out, where)
		}
	}
	return out
}

func podWatches(events []audit.Event, name, ns string) []watch {
	byID := map[string]*watch{}
	var order []string
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "watch" || o == nil || o.Resource != "pods" || o.Subresource != "" || o.Namespace != ns {
			continue
		}
		if o.Name != "" && o.Name != name {
			continue
		}
		// `kubectl wait` and `kubectl delete` (waiting for the deletion) watch the pod too, with
		// sendInitialEvents; `kubectl get --watch` lists, then watches from the list's version.
		if ev.Query().Get("sendInitialEvents") == "true" {
			continue
		}
		if sel := ev.Query().Get("fieldSelector"); sel != "" && strings.Contains(sel, "metadata.name") && !selectorHas(sel, "metadata.name", name) {
			continue
		}
		w, ok := byID[ev.AuditID]
		if !ok || ev.AuditID == "" {
			w = &watch{start: ev.Received}
			byID[ev.AuditID] = w
			order = append(order, ev.AuditID)
		}
		if ev.Stage == "ResponseComplete" || ev.Stage == "Panic" {
			w.end = ev.StageTimestamp
		}
	}
	out := make([]watch, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out
}

func watchedInit(ctx context.Context, name, ns, within string) error {
	// The watch may have started at the step before (in another terminal, before the pod was
	// made): what ties it to this step is that it was open while this pod initialised.
	e := envFrom(ctx).attemptWide()
	cmd := e.l().T("`kubectl delete pod %[1]s -n %[2]s`, then `kubectl get pods -n %[2]s --watch` in one terminal and create the pod again in another", name, ns)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		p, err := e.pod(ctx, name, ns)
		if err != nil {
			return err
		}
		var initialized time.Time
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodInitialized && c.Status == corev1.ConditionTrue {
				initialized = c.LastTransitionTime.Time
			}
		}
		created := p.CreationTimestamp.Time
		watches := podWatches(events, name, ns)
		if len(watches) == 0 {
			// A watch that went to another namespace (the context's, without -n) is the
			// likely mistake: say where it went.
			if elsewhere := podWatchNamespaces(events, ns, e.l().Localizer); len(elsewhere) > 0 {
				return e.l().Err("kubectl watched the pods of %[1]s, not of namespace %[2]s, where pod %[3]s is (add -n %[2]s, or set your context's namespace): `kubectl get pods -n %[2]s --watch`", e.l().List(elsewhere), ns, name)
			}
			return e.l().Err("kubectl did not watch the pods of namespace %s since the lab started (`kubectl get pods --watch`)", ns)
		}
		late := false
		for _, w := range watches {
			// Conditions are stamped to the second (truncated): a watch must start before that
			// second, as one started within it saw at most the end of the init containers.
			if !initialized.IsZero() && !w.start.Before(initialized) {
				late = true
				continue
			}
			if !w.end.IsZero() && w.end.Before(created) {
				continue
			}
			return nil
		}
		if late {
			return e.l().Err("kubectl's watch started after pod %s had finished its init containers (at %s), so it showed none of Init:0/2, Init:1/2, PodInitializing; to see them: %s",
				name, initialized.Local().Format("15:04:05"), cmd)
		}
		return e.l().Err("kubectl's watch of namespace %s ended before pod %s was created; keep it open while the pod starts: %s", ns, name, cmd)
	})
}

func podExitCode(ctx context.Context, name, ns, which, within string) error {
	e := envFrom(ctx)
	nonZero := which == "a non-zero code"
	want, _ := strconv.Atoi(strings.TrimPrefix(which, "code "))
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		var codes []string
		for _, s := range p.Status.ContainerStatuses {
			for _, t := range []*corev1.ContainerStateTerminated{s.State.Terminated, s.LastTerminationState.Terminated} {
				if t == nil {
					continue
				}
				if (nonZero && t.ExitCode != 0) || (!nonZero && t.ExitCode == int32(want)) {
					return nil
				}
				codes = append(codes, fmt.Sprintf("%s: %d", s.Name, t.ExitCode))
			}
		}
		what := e.l().T("a non-zero code")
		if !nonZero {
			what = e.l().T("code %d", want)
		}
		if len(codes) == 0 {
			return e.l().Err("no container of pod %s has exited yet (expected one to exit with %s): %s", name, what, e.why(p))
		}
		return e.l().Err("the containers of pod %s exited with %s, not with %s: check the command the container runs", name, e.l().List(uniq(codes)), what)
	})
}

func fromFile(ctx context.Context, kind, name, ns, how, file, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		docs, err := e.documents(file)
		if err != nil {
			return err
		}
		var doc map[string]any
		var found []string
		for _, d := range docs {
			k, _ := d["kind"].(string)
			if strings.EqualFold(k, kind) && nameOf(d) == name {
				doc = d
				break
			}
			found = append(found, k+"/"+nameOf(d))
		}
		if doc == nil {
			return e.l().Err("%s holds %s, not %s/%s", file, strings.Join(found, ", "), kind, name)
		}
		gvr, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		if namespaced && ns == "" {
			return e.l().Err("%[1]s is namespaced: say in which namespace (%[1]s \"%[2]s\" in namespace \"…\" was … from the file)", kind, name)
		}
		if md, _ := doc["metadata"].(map[string]any); md != nil && namespaced {
			if fns, _ := md["namespace"].(string); fns != "" && fns != ns {
				return e.l().Err("%s puts %s %s in namespace %s, not %s", file, kind, name, fns, ns)
			}
		}
		want := prune(doc)
		obj, err := e.get(ctx, gvr, namespaced, name, ns)
		if apierrors.IsNotFound(err) && !namespaced {
			return e.l().Err("there is no %[1]s %[2]s; create it from the file: `kubectl apply -f %[3]s`", kind, name, file)
		}
		if apierrors.IsNotFound(err) {
			return e.l().Err("there is no %[1]s %[2]s in namespace %[3]s; create it from the file: `kubectl apply -f %[4]s`", kind, name, ns, file)
		}
		if err != nil {
			return e.apiError(err)
		}
		if diff := match("", want, jsonish(obj.Object)); diff != nil {
			return e.l().Err("%[1]s %[2]s differs from %[3]s: %[4]s (made another way, or from another file? delete it and apply the file: `kubectl delete %[5]s %[2]s%[6]s`, then `kubectl apply -f %[3]s`)",
				kind, name, file, diff.say(e), strings.ToLower(kind), nsFlag(ns))
		}
		var managers []string
		fromAFile := false
		for _, mf := range obj.GetManagedFields() {
			if strings.HasPrefix(mf.Manager, "kubectl") {
				managers = append(managers, commandOf(mf.Manager))
			}
			if slices.Contains(fieldManagers["apply"], mf.Manager) || mf.Manager == "kubectl-create" || mf.Manager == "kubectl-replace" {
				fromAFile = fromAFile || mf.Manager != "kubectl" || mf.Operation == metav1.ManagedFieldsOperationApply
			}
		}
		if how == "created" {
			if fromAFile || len(managers) == 0 {
				return nil
			}
			return e.l().Err("%[1]s %[2]s was made by %[3]s, not from %[4]s; delete it (`kubectl delete %[5]s %[2]s%[6]s`) and create it from the file: `kubectl apply -f %[4]s`",
				kind, name, e.l().List(uniq(managers)), file, strings.ToLower(kind), nsFlag(ns))
		}
		raw := obj.GetAnnotations()[lastApplied]
		if raw == "" {
			by := ""
			if len(managers) > 0 {
				by = e.l().T(" (%s)", e.l().List(uniq(managers)))
			}
			return e.l().Err("%[1]s %[2]s was not written by `kubectl apply`%[3]s; apply the file: `kubectl apply -f %[4]s`", kind, name, by, file)
		}
		var applied map[string]any
		if err := json.Unmarshal([]byte(raw), &applied); err != nil {
			return e.l().Err("%s %s has an unreadable %s annotation: %v", kind, name, lastApplied, err)
		}
		if diff := match("", want, applied); diff != nil {
			return e.l().Err("the last `kubectl apply` of %[1]s %[2]s did not apply %[3]s: in what it applied, %[4]s (changed with another command, such as `kubectl label` or `edit`? apply the file: `kubectl apply -f %[3]s`)",
				kind, name, file, diff.say(e))
		}
		return nil
	})
}

func answerIsResourceCount(ctx context.Context, scope string) error {
	e := envFrom(ctx)
	flag := "--namespaced=false"
	if scope == "namespaced" {
		flag = "--namespaced=true"
	}
	look := e.l().T("count the lines of `kubectl api-resources %s --no-headers`", flag)
	return answerLive(ctx, "", look, func(ctx context.Context, e *Env) (string, error) {
		lists, err := e.preferredResources()
		if err != nil && len(lists) == 0 {
			return "", e.apiError(err)
		}
		n := 0
		for _, l := range lists {
			for _, r := range l.APIResources {
				if len(r.Verbs) > 0 && r.Namespaced == (scope == "namespaced") {
					n++
				}
			}
		}
		return strconv.Itoa(n), nil
	})
}

func answerIsWatchVersion(ctx context.Context, resource string) error {
	e := envFrom(ctx)
	a, err := e.answer(ctx)
	if err != nil {
		return err
	}
	events, err := e.auditEvents()
	if err != nil {
		return err
	}
	any := false
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "watch" || o == nil || o.Resource != resource || o.Subresource != "" {
			continue
		}
		any = true
		rv := ev.Query().Get("resourceVersion")
		if rv != "" && strings.TrimSpace(a) == rv {
			return nil
		}
	}
	if !any {
		return e.l().Err("kubectl did not watch %[1]s since the lab started: run `kubectl get %[1]s --watch -v 6` and read the URL of its second request", resource)
	}
	return e.wrong(ctx, a, e.l().T("the URL of the watch request in `kubectl get %s --watch -v 6` holds it (resourceVersion=…)", resource))
}

// kindOf is the API kind of a kind name as steps write it ("pod" → "Pod"), for field selectors.
func (e *Env) kindOf(kind string) string {
	if e.Mapper != nil {
		if gvr, _, err := e.resolve(kind); err == nil {
			if k, err := e.Mapper.KindFor(gvr); err == nil {
				return k.Kind
			}
		}
	}
	return kind
}

// nsFlag is " -n NS" for a command about a namespaced object, "" for a cluster-scoped one.
func nsFlag(ns string) string {
	if ns == "" {
		return ""
	}
	return " -n " + ns
}
