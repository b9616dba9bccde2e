package checks

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/labs-dev/labs/internal/audit"
)

// What kubectl v1.37 sends (k8s.io/kubectl/pkg/cmd/delete): a plain `kubectl delete` sends
// DeleteOptions with no gracePeriodSeconds (the object's own period, 30 s for a pod);
// `--grace-period=N` sends N; `--force` (with or without --grace-period=0) sends 0; a bare
// `--grace-period=0` is turned into 1 and `--now` is 1. The audit policy logs pod deletes at
// Request level, so the body is in the log.

// deleteOpts is the optional tail of the delete step: which grace period the learner had to ask for.
const deleteOpts = `(?: with (--grace-period=0 --force|--force|--grace-period=\d+|a grace period of \d+s|the default grace period))?`

// defaultGrace is the delete step's option for a plain `kubectl delete`: no grace period sent.
const defaultGrace = "the default grace period"

func (l *Library) deleteSteps() {
	l.Register(Def{
		Pattern: `^kubectl deleted ([A-Za-z][A-Za-z0-9.]*) "([^"]+)" in namespace "([^"]+)"` + deleteOpts + within + `$`,
		Example: `kubectl deleted pod "old" in namespace "shop" with --grace-period=0 --force`,
		Doc: "audit evidence: kubectl deleted this one object since the lab started (a different name does not count); " +
			"`with --grace-period=0 --force` (or `with --force`) requires a forced delete, `with --grace-period=N` or " +
			"`with a grace period of Ns` that grace period, `with the default grace period` a delete that sent none (not " +
			"--now, --grace-period or --force); without options any delete counts",
		Handler: deletedWith,
		Args: func(a []string) string {
			if a[3] == "--grace-period=0" {
				return "kubectl never sends --grace-period=0 without --force (it sends 1); write \"with --grace-period=0 --force\""
			}
			if a[3] != "" && !isPod(a[0]) {
				return fmt.Sprintf("a grace period or --force can be checked only for pods (the audit policy records the delete options of pods), not %s", a[0])
			}
			return ""
		},
	})
	l.Register(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" was deleted from namespace "([^"]+)"` + within + `$`,
		Example: `pod "old" was deleted from namespace "shop"`,
		Doc: "the object existed and was deleted since the lab started: a successful delete of it is in the audit log and " +
			"it is gone or terminating now (unlike \"is absent\", this fails on a cluster where it never existed)",
		Handler: wasDeleted,
	})
	l.Register(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" was deleted` + within + `$`,
		Example: `namespace "playground1" was deleted`,
		Doc: "the same for a cluster-scoped object (a namespace, a node): a successful delete of it is in the audit log and " +
			"it is gone or terminating now (a namespace stays Terminating while what it holds is deleted)",
		Handler: wasDeletedCluster,
	})
	l.Register(Def{
		Pattern: `^kubectl executed a command in (?:container "([^"]+)" of )?pod "([^"]+)" in namespace "([^"]+)"( with -it)?` + within + `$`,
		Example: `kubectl executed a command in container "sidecar" of pod "cart" in namespace "shop" with -it`,
		Doc: "audit evidence: `kubectl exec` into this pod (and container: `-c sidecar`) since the lab started, whichever " +
			"verb the client used (GET over websocket, POST over SPDY); `with -it` requires stdin and a tty, without it any exec counts",
		Handler: execIn,
	})
}

func isPod(kind string) bool {
	switch strings.ToLower(kind) {
	case "pod", "pods", "po":
		return true
	}
	return false
}

// wantGrace is the grace period a delete step asks for: nil for any delete.
func wantGrace(opt string) *int64 {
	if opt == "" {
		return nil
	}
	if strings.Contains(opt, "--force") {
		return new(int64)
	}
	digits := strings.TrimFunc(opt, func(r rune) bool { return r < '0' || r > '9' })
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// deletesOf are the delete requests for one object, in the order they were made; ns is ""
// for a cluster-scoped object.
func deletesOf(events []audit.Event, resource, name, ns string) (mine, others []audit.Event) {
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "delete" || o == nil || o.Resource != resource || o.Subresource != "" || ev.DryRun() {
			continue
		}
		// The API server files a request for /api/v1/namespaces/NAME under namespace NAME.
		if o.Namespace != ns && (ns != "" || resource != "namespaces" || o.Namespace != o.Name) {
			continue
		}
		if o.Name == name {
			mine = append(mine, ev)
		} else {
			others = append(others, ev)
		}
	}
	return mine, others
}

// deleteWentTo is the namespace other than ns where kubectl's latest delete of resource name
// went ("" none, or a cluster-scoped ns ""; server-side dry runs do not count).
func deleteWentTo(events []audit.Event, resource, name, ns string) string {
	to := ""
	if ns == "" {
		return ""
	}
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "delete" || o == nil || o.Resource != resource || o.Subresource != "" || ev.DryRun() {
			continue
		}
		if o.Name == name && o.Namespace != "" && o.Namespace != ns {
			to = o.Namespace
		}
	}
	return to
}

func (e *Env) graceText(g *int64) string {
	switch {
	case g == nil:
		return e.l().T("the default grace period")
	case *g == 0:
		return e.l().T("--grace-period=0 --force")
	}
	return e.l().T("a grace period of %ds", *g)
}

func deletedWith(ctx context.Context, kind, name, ns, opt, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	want := wantGrace(opt)
	def := opt == defaultGrace
	flags := ""
	if want != nil {
		flags = " --grace-period=" + strconv.FormatInt(*want, 10)
		if *want == 0 {
			flags += " --force"
		}
	}
	command := fmt.Sprintf("`kubectl delete %s %s -n %s%s`", strings.ToLower(kind), name, ns, flags)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, _, err := e.resolve(kind)
		if err != nil {
			return err
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		mine, others := deletesOf(events, gvr.Resource, name, ns)
		if len(mine) == 0 {
			if dryRunDeleted(events, gvr.Resource, name, ns) {
				return e.l().Err("kubectl sent no delete for %s %s, only a server-side dry run of it (--dry-run=server deletes nothing); run %s", kind, name, command)
			}
			if len(others) > 0 {
				return e.l().Err("kubectl deleted %[1]s %[2]s in namespace %[3]s, not %[1]s %[4]s; delete the one the step names: %[5]s",
					kind, e.l().List(otherNames(others)), ns, name, command)
			}
			// A delete of this name that went to another namespace: the context's, most often
			// (kubectl without -n). Said so when the context names it; else where it went.
			if to := deleteWentTo(events, gvr.Resource, name, ns); to != "" {
				cur, err := e.currentNamespace()
				switch {
				case err != nil:
					return e.l().Err("kubectl's delete of %[1]s %[2]s went to namespace %[3]s (the context's namespace, without -n?), not %[4]s; run %[5]s", kind, name, to, ns, command)
				case cur != to:
					return e.l().Err("kubectl's delete of %[1]s %[2]s went to namespace %[3]s, not %[4]s; run %[5]s", kind, name, to, ns, command)
				}
			}
			if went := e.elsewhere(gvr.Resource, name, ns); went != "" {
				return e.l().Err("kubectl sent no delete for %s %s in namespace %s%s", kind, name, ns, went)
			}
			return e.l().Err("kubectl sent no delete for %s %s in namespace %s since the lab started; run %s", kind, name, ns, command)
		}
		var rejected []string
		var got []string
		for _, ev := range mine {
			if ev.Code() >= 400 {
				rejected = append(rejected, ev.Message())
				continue
			}
			if want == nil && !def {
				return nil
			}
			opts, ok := ev.Delete()
			if !ok {
				return e.l().Err("the audit log holds no delete options for %s %s (the cluster's audit policy is older than this check); restart the cluster with `labs cluster down` and `labs cluster up`, then delete again", kind, name)
			}
			if def && opts.GracePeriodSeconds == nil {
				return nil
			}
			if !def && opts.GracePeriodSeconds != nil && *opts.GracePeriodSeconds == *want {
				return nil
			}
			got = append(got, e.graceText(opts.GracePeriodSeconds))
		}
		if len(got) == 0 {
			return e.l().Err("the API server rejected kubectl's delete of %s %s in namespace %s: %s", kind, name, ns, strings.Join(uniq(rejected), "; "))
		}
		return e.l().Err("kubectl deleted %s %s with %s, not %s; delete it again with %s (while it is still terminating, or after creating it again)",
			kind, name, e.l().List(uniq(got)), e.graceText(want), command)
	})
}

func otherNames(evs []audit.Event) []string {
	var names []string
	for _, ev := range evs {
		names = append(names, ev.ObjectRef.Name)
	}
	return uniq(names)
}

func wasDeletedCluster(ctx context.Context, kind, name, within string) error {
	return wasDeleted(ctx, kind, name, "", within)
}

// wasDeleted checks that an object was deleted in the attempt: in namespace ns, or a
// cluster-scoped one when ns is "".
func wasDeleted(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	kind = e.kindName(kind)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		if namespaced && ns == "" {
			return e.l().Err("%[1]s is namespaced: say which namespace %[1]s %[2]s was deleted from (… was deleted from namespace \"…\")", kind, name)
		}
		if !namespaced && ns != "" {
			return e.l().Err("%[1]s is cluster-scoped, in no namespace: write %[1]s \"%[2]s\" was deleted", kind, name)
		}
		if ns == "" {
			return e.wasDeletedCluster(ctx, gvr, kind, name)
		}
		events, err := e.allAuditEvents()
		if err != nil {
			return err
		}
		deleted, rejected := lastDelete(events, gvr.Resource, name, ns)
		obj, err := e.get(ctx, gvr, namespaced, name, ns)
		exists := err == nil
		if err != nil && !apierrors.IsNotFound(err) {
			return e.apiError(err)
		}
		switch {
		case deleted == nil && len(rejected) > 0:
			return e.l().Err("the API server rejected the delete of %s %s in namespace %s: %s", kind, name, ns, strings.Join(uniq(rejected), "; "))
		case deleted == nil && exists:
			return e.l().Err("%[1]s %[2]s still exists in namespace %[3]s and nobody deleted it since the lab started; delete it: `kubectl delete %[4]s %[2]s -n %[3]s`",
				kind, name, ns, strings.ToLower(kind))
		case deleted == nil:
			return e.l().Err("no delete of %s %s in namespace %s since the lab started: it is absent, but it was never deleted here (create it first if the lab says so, then delete it)", kind, name, ns)
		case exists && obj.GetDeletionTimestamp() == nil && obj.GetCreationTimestamp().Time.After(deleted.Received.Add(-time.Second)):
			return e.l().Err("%s %s was deleted at %s but exists again (created %s): something created it again (a controller such as a Deployment?)",
				kind, name, deleted.Received.Local().Format("15:04:05"), obj.GetCreationTimestamp().Local().Format("15:04:05"))
		case exists && obj.GetDeletionTimestamp() == nil:
			return e.notDeleted(kind, name, ns, deleted)
		}
		return nil
	})
}

func execIn(ctx context.Context, container, pod, ns, it, within string) error {
	e := envFrom(ctx)
	command := "`kubectl exec " + pod + " -n " + ns
	if it != "" {
		command = "`kubectl exec -it " + pod + " -n " + ns
	}
	if container != "" {
		command += " -c " + container
	}
	// Without -it a shell reads no input and exits at once, printing nothing: suggest a command
	// that shows something.
	if it != "" {
		command += " -- sh`"
	} else {
		command += " -- date`"
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var containers, pods, rejected []string
		noTTY := false
		for _, ev := range events {
			o := ev.ObjectRef
			// kubectl v1.37 sends GET (websocket), older ones POST (create, SPDY): either counts.
			if o == nil || o.Resource != "pods" || o.Subresource != "exec" || o.Namespace != ns || (ev.Verb != "get" && ev.Verb != "create") {
				continue
			}
			if o.Name != pod {
				pods = append(pods, o.Name)
				continue
			}
			q := ev.Query()
			if container != "" && q.Get("container") != container {
				containers = append(containers, q.Get("container"))
				continue
			}
			if ev.Code() >= 400 {
				rejected = append(rejected, ev.Message())
				continue
			}
			if it != "" && (q.Get("stdin") != "true" || q.Get("tty") != "true") {
				noTTY = true
				continue
			}
			return nil
		}
		switch {
		case noTTY:
			return e.l().Err("kubectl exec into pod %s ran without -it (stdin and a terminal); run %s", pod, command)
		case len(rejected) > 0:
			return e.l().Err("the API server refused kubectl exec into pod %s: %s", pod, strings.Join(uniq(rejected), "; "))
		case len(containers) > 0:
			return e.l().Err("kubectl exec into pod %s used container %s, not %s; name the container with -c: %s", pod, e.l().List(uniq(containers)), container, command)
		case len(pods) > 0:
			sort.Strings(pods)
			return e.l().Err("kubectl exec went into pod %s, not %s; run %s", e.l().List(uniq(pods)), pod, command)
		}
		return e.l().Err("no kubectl exec into pod %s in namespace %s since the lab started; run %s", pod, ns, command)
	})
}

// lastDelete is the last delete of the named object the API server carried out (nil if none)
// and the messages of those it refused.
func lastDelete(events []audit.Event, resource, name, ns string) (deleted *audit.Event, rejected []string) {
	mine, _ := deletesOf(events, resource, name, ns)
	for i := range mine {
		if mine[i].Code() < 400 {
			deleted = &mine[i]
		} else {
			rejected = append(rejected, mine[i].Message())
		}
	}
	return deleted, rejected
}

// wasDeletedCluster is wasDeleted for a cluster-scoped object (of resource gvr).
func (e *Env) wasDeletedCluster(ctx context.Context, gvr schema.GroupVersionResource, kind, name string) error {
	events, err := e.allAuditEvents()
	if err != nil {
		return err
	}
	deleted, rejected := lastDelete(events, gvr.Resource, name, "")
	obj, err := e.get(ctx, gvr, false, name, "")
	exists := err == nil
	if err != nil && !apierrors.IsNotFound(err) {
		return e.apiError(err)
	}
	switch {
	case deleted == nil && len(rejected) > 0:
		return e.l().Err("the API server rejected the delete of %s %s: %s", kind, name, strings.Join(uniq(rejected), "; "))
	case deleted == nil && exists:
		return e.l().Err("%[1]s %[2]s still exists and nobody deleted it since the lab started; delete it: `kubectl delete %[3]s %[2]s`",
			kind, name, strings.ToLower(kind))
	case deleted == nil:
		return e.l().Err("no delete of %s %s since the lab started: it is absent, but it was never deleted here (create it first if the lab says so, then delete it)", kind, name)
	case exists && obj.GetDeletionTimestamp() == nil && obj.GetCreationTimestamp().Time.After(deleted.Received.Add(-time.Second)):
		return e.l().Err("%s %s was deleted at %s but exists again (created %s): something created it again",
			kind, name, deleted.Received.Local().Format("15:04:05"), obj.GetCreationTimestamp().Local().Format("15:04:05"))
	case exists && obj.GetDeletionTimestamp() == nil:
		return e.notDeleted(kind, name, "", deleted)
	}
	return nil
}

// dryRunDeleted reports whether kubectl sent a dry-run delete of the named object.
func dryRunDeleted(events []audit.Event, resource, name, ns string) bool {
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb == "delete" && o != nil && o.Resource == resource && o.Name == name && o.Namespace == ns && ev.DryRun() {
			return true
		}
	}
	return false
}

// notDeleted says that an object older than its delete still exists, not terminating: the
// delete deleted nothing (a dry run whose options the audit log did not record).
func (e *Env) notDeleted(kind, name, ns string, deleted *audit.Event) error {
	return e.l().Err("%[1]s %[2]s still exists: kubectl's delete at %[3]s did not delete it (a --dry-run=server deletes nothing); delete it: `kubectl delete %[4]s %[2]s%[5]s`",
		kind, name, deleted.Received.Local().Format("15:04:05"), strings.ToLower(kind), nsFlag(ns))
}
