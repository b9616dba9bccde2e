package checks

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/labs-dev/labs/internal/audit"
)

// Steps about single requests the audit log shows: one the API server refused (with its
// status code), one a program other than kubectl sent through `kubectl proxy`, and a
// server-side dry run of one verb on one object (what `kubectl diff` sends). The audit policy
// logs every request at Metadata level at least, which holds the response status (code and
// the API's own message) and, for a create, the name of the object in the request body.

func (l *Library) requestSteps() {
	l.Register(Def{
		Pattern: `^the API server refused kubectl's (create|update|patch|delete) of ([A-Za-z][A-Za-z0-9.]*) "([^"]+)"(?: in namespace "([^"]+)")? with (4\d\d)` + within + `$`,
		Example: `the API server refused kubectl's create of namespace "Playground1" with 422`,
		Doc: "audit evidence: kubectl sent this write for this object since the lab started and the API server answered with " +
			"this status (422 invalid, 409 already exists, 403 forbidden, 404 not found); a write it accepted does not count",
		Handler: refusedWith,
	})
	l.Register(Def{
		Pattern: `^([a-z][a-z0-9._-]*) requested the path "(/[^"]*)" through kubectl proxy` + within + `$`,
		Example: `curl requested the path "/api/v1/namespaces?limit=500" through kubectl proxy`,
		Doc: "audit evidence: a program (by its user agent's product: curl, wget) requested the path as the kubeconfig's " +
			"user, which it can only through `kubectl proxy` (it holds no credentials of its own); a query works as in " +
			"\"kubectl requested the path\"",
		Handler: proxiedRequest,
		Args: func(a []string) string {
			if audit.IsKubectl(a[0] + "/") {
				return "kubectl's own requests are \"kubectl requested the path ...\"; this step is for a program using kubectl proxy (curl)"
			}
			return ""
		},
	})
	l.Register(Def{
		Pattern: `^kubectl sent a server-side dry-run (create|update|patch|delete) of ([a-z0-9.]+) "([^"]+)" in namespace "([^"]+)"( as kubectl diff does)?` + within + `$`,
		Example: `kubectl sent a server-side dry-run patch of pod "web" in namespace "demo" as kubectl diff does`,
		Doc: "audit evidence: kubectl sent this write with dryRun=All for this one object since the lab started and the API " +
			"server accepted it; `kubectl diff` sends a dry-run patch of each object that exists; `as kubectl diff does` " +
			"requires diff's own request, without the fieldValidation= that `kubectl apply --dry-run=server` adds",
		Handler: dryRunOf,
	})
}

func refusedWith(ctx context.Context, verb, kind, name, ns, code, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	want, _ := strconv.Atoi(code)
	where := ""
	if ns != "" {
		where = e.l().T(" in namespace %s", ns)
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		if namespaced && ns == "" {
			return e.l().Err("%[1]s is namespaced: say in which namespace (… of %[1]s \"%[2]s\" in namespace \"…\" with %[3]d)", kind, name, want)
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var accepted bool
		var others []string
		for _, ev := range events {
			o := ev.ObjectRef
			if ev.Verb != verb || o == nil || o.Resource != gvr.Resource || o.Subresource != "" || o.Name != name || ev.DryRun() {
				continue
			}
			if namespaced && o.Namespace != ns {
				continue
			}
			switch c := ev.Code(); {
			case c == want:
				return nil
			case c >= 400:
				others = append(others, strconv.Itoa(c)+" ("+ev.Message()+")")
			case c > 0:
				accepted = true
			}
		}
		switch {
		case len(others) > 0:
			return e.l().Err("the API server refused kubectl's %[1]s of %[2]s %[3]s%[4]s with %[5]s, not %[6]d", verb, kind, name, where, strings.Join(uniq(others), "; "), want)
		case accepted:
			return e.l().Err("the API server accepted kubectl's %[1]s of %[2]s %[3]s%[4]s; the step is about a request it refuses with %[5]d (read the lab's text again: which name, which request?)", verb, kind, name, where, want)
		}
		return e.l().Err("kubectl sent no %[1]s of %[2]s %[3]s%[4]s since the lab started; send it, and read the API server's answer", verb, kind, name, where)
	})
}

func proxiedRequest(ctx context.Context, program, path, within string) error {
	e := envFrom(ctx)
	p, rawQuery, _ := strings.Cut(path, "?")
	want, _ := url.ParseQuery(rawQuery)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.allAuditEvents()
		if err != nil {
			return err
		}
		var near, refused, direct []string
		for _, ev := range events {
			product, _ := audit.ParseUserAgent(ev.UserAgent)
			if !strings.EqualFold(product, program) || !strings.HasPrefix(ev.Path(), p) {
				continue
			}
			switch {
			case ev.User.Username == "" || ev.User.Username == "system:anonymous":
				direct = append(direct, ev.RequestURI)
			case ev.Code() >= 400:
				refused = append(refused, ev.RequestURI+": "+ev.Message())
			case !hasQuery(ev.Query(), want):
				near = append(near, ev.RequestURI)
			default:
				return nil
			}
		}
		switch {
		case len(near) > 0:
			return e.l().Err("%[1]s requested %[2]s, but not with %[3]s since the lab started", program, e.l().List(uniq(near)), rawQuery)
		case len(refused) > 0:
			return e.l().Err("the API server refused %[1]s's request %[2]s", program, strings.Join(uniq(refused), "; "))
		case len(direct) > 0:
			return e.l().Err("%[1]s reached the API server without credentials (%[2]s); go through `kubectl proxy` (it adds yours): `kubectl proxy &`, then %[1]s http://127.0.0.1:8001%[3]s", program, e.l().List(uniq(direct)), path)
		}
		return e.l().Err("no request of %[1]s through kubectl proxy for %[2]s since the lab started; start the proxy (`kubectl proxy &`), then `%[1]s http://127.0.0.1:8001%[2]s`", program, path)
	})
}

func dryRunOf(ctx context.Context, verb, resource, name, ns, byDiff, within string) error {
	e := envFrom(ctx)
	kind := e.kindName(resource)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, _, err := e.resolve(resource)
		if err != nil {
			return err
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var otherNames, otherVerbs, rejected []string
		forReal, applied := false, false
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != gvr.Resource || o.Namespace != ns || o.Subresource != "" || !isWrite(ev.Verb) {
				continue
			}
			switch {
			case o.Name != name && ev.Verb == verb && ev.DryRun():
				otherNames = append(otherNames, o.Name)
			case o.Name != name:
			case !ev.DryRun():
				forReal = forReal || ev.Verb == verb
			case ev.Verb != verb:
				otherVerbs = append(otherVerbs, ev.Verb)
			case byDiff != "" && ev.Query().Has("fieldValidation"):
				// kubectl apply/create/replace --dry-run=server say how to validate fields; diff does not.
				applied = true
			case ev.Code() >= 400:
				rejected = append(rejected, ev.Message())
			default:
				return nil
			}
		}
		switch {
		case applied:
			return e.l().Err("kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s as `kubectl apply --dry-run=server` does, not as `kubectl diff` does; run `kubectl diff -f FILE`: it shows the difference, apply only checks it", verb, kind, name)
		case len(rejected) > 0:
			return e.l().Err("the API server rejected kubectl's server-side dry-run %[1]s of %[2]s %[3]s: %[4]s", verb, kind, name, strings.Join(uniq(rejected), "; "))
		case len(otherVerbs) > 0:
			return e.l().Err("kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s, but no dry-run %[4]s (does %[2]s %[3]s exist? `kubectl diff` patches an object that exists and creates one that does not)", e.l().List(uniq(otherVerbs)), kind, name, verb)
		case len(otherNames) > 0:
			return e.l().Err("kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s, not of %[4]s", verb, kind, e.l().List(uniq(otherNames)), name)
		case forReal:
			return e.l().Err("kubectl sent a %[1]s of %[2]s %[3]s for real, not as a server-side dry run (`kubectl diff` and --dry-run=server change nothing)", verb, kind, name)
		}
		return e.l().Err("kubectl sent no server-side dry-run %[1]s of %[2]s %[3]s in namespace %[4]s since the lab started (`kubectl diff -f FILE` sends one for an object that exists)", verb, kind, name, ns)
	})
}
