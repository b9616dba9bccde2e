package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/labs-dev/labs/internal/audit"
)

// Steps about the Pods a controller makes, which have names nobody chooses (web-7d4b9c-x2kqz):
// Pods are selected by a label selector or by their owner, a Deployment (through its
// ReplicaSets, by owner reference, so another Deployment with the same labels does not count).

var (
	gvrDeployments = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	gvrReplicaSets = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "replicasets"}
)

// selector is the part of a step naming a set of Pods: two capture groups, one of them empty.
const selector = `(?:with label "([^"]+)"|of deployment "([^"]+)")`

// revisionAnnotation is the Deployment controller's revision of a Deployment and a ReplicaSet.
const revisionAnnotation = "deployment.kubernetes.io/revision"

func (l *Library) workloadSteps() {
	l.Register(Def{
		Pattern: `^(\d+) pods? ` + selector + ` in namespace "([^"]+)" (?:are|is) ready` + within + `$`,
		Example: `3 pods of deployment "web" in namespace "deployments" are ready within 60s`,
		Doc: "exactly this many Pods of the selector are Ready and not terminating: `with label \"app=web\"` (a label " +
			"selector as `kubectl get -l` takes it) or `of deployment \"web\"` (the Pods of its ReplicaSets, by owner)",
		Handler: podsReady,
		Args:    selectorArgs(1),
	})
	l.Register(Def{
		Pattern: `^every pod ` + selector + ` in namespace "([^"]+)" has a container with image "([^"]+)"` + within + `$`,
		Example: `every pod of deployment "web" in namespace "deployments" has a container with image "nginx:1.28"`,
		Doc:     "there is at least one Pod of the selector, and each one (terminating ones too) runs the image (normalised as for one pod)",
		Handler: everyPodImage,
		Args:    selectorArgs(0),
	})
	l.Register(Def{
		Pattern: `^a pod ` + selector + ` in namespace "([^"]+)" cannot pull its image` + within + `$`,
		Example: `a pod of deployment "web" in namespace "deployments" cannot pull its image within 60s`,
		Doc:     "a container of a Pod of the selector waits with ErrImagePull or ImagePullBackOff (an image or tag that does not exist)",
		Handler: podCannotPull,
		Args:    selectorArgs(0),
	})
	l.Register(Def{
		Pattern: `^a new pod ` + selector + ` in namespace "([^"]+)" was created since the step began` + within + `$`,
		Example: `a new pod of deployment "web" in namespace "deployments" was created since the step began`,
		Doc: "a Pod of the selector was created in the step's evidence window (from when the step began where the runner " +
			"tracks steps, else from the attempt's start): made anew, not one that was already there",
		Handler: newPodSince,
		Args:    selectorArgs(0),
	})
	l.Register(Def{
		Pattern: `^kubectl executed (?:the command "([^"]+)"|a command) in a pod ` + selector + ` in namespace "([^"]+)"( with -it)?` + within + `$`,
		Example: `kubectl executed the command "printenv" in a pod of deployment "web" in namespace "deployments"`,
		Doc: "audit evidence: `kubectl exec` (`kubectl exec deploy/web -- printenv` picks one of its Pods) into a Pod of the " +
			"selector in the evidence window (with a label selector, a Pod that is gone since is no longer known by its labels; " +
			"for a Deployment, a Pod of its current pod template: an exec before its last change saw the old Pods); " +
			"`the command \"printenv\"` requires the command to start with these words",
		Handler: execInSelected,
		Args:    selectorArgs(1),
	})
	l.Register(Def{
		Pattern: `^kubectl deleted a pod ` + selector + ` in namespace "([^"]+)"` + within + `$`,
		Example: `kubectl deleted a pod of deployment "web" in namespace "deployments"`,
		Doc: "audit evidence: kubectl deleted a Pod of the selector in the evidence window (for a Deployment, a Pod named " +
			"after one of its ReplicaSets; deleting the Deployment itself does not count; with a label selector only a Pod " +
			"still there, terminating, is known by its labels, so prefer `of deployment`)",
		Handler: deletedSelected,
		Args:    selectorArgs(0),
	})
	l.Register(Def{
		Pattern: `^a deleted pod of deployment "([^"]+)" in namespace "([^"]+)" was replaced` + within + `$`,
		Example: `a deleted pod of deployment "web" in namespace "deployments" was replaced within 60s`,
		Doc: "kubectl deleted a Pod of the Deployment's current pod template, the Deployment was not deleted or made again since, a Pod of it was " +
			"created after the delete, and as many of its Pods are ready as it wants",
		Handler: podReplaced,
	})
	l.Register(Def{
		Pattern: `^deployment "([^"]+)" in namespace "([^"]+)" is rolled out` + within + `$`,
		Example: `deployment "web" in namespace "deployments" is rolled out within 90s`,
		Doc: "what `kubectl rollout status` waits for: the controller saw the latest spec (observedGeneration), and the " +
			"updated, ready and available replicas, and all replicas, equal spec.replicas (no old Pod left)",
		Handler: deploymentRolledOut,
	})
	l.Register(Def{
		Pattern: `^kubectl watched the rollout of deployment "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `kubectl watched the rollout of deployment "web" in namespace "deployments"`,
		Doc: "audit evidence: after the last kubectl change of the Deployment's spec, kubectl watched it: `kubectl rollout " +
			"status` (a list or watch of deployments with fieldSelector metadata.name=web) or a watch of the namespace's " +
			"deployments (`kubectl get deployments -w`), begun after the change or still open across it; a watch that ended " +
			"before the change (of an earlier rollout) does not count",
		Handler: watchedRollout,
	})
	l.Register(Def{
		Pattern: `^deployment "([^"]+)" in namespace "([^"]+)" was changed by kubectl, not made again` + within + `$`,
		Example: `deployment "web" in namespace "deployments" was changed by kubectl, not made again`,
		Doc: "audit evidence: in the evidence window kubectl changed the Deployment there is now (`scale`, `set`, `edit`, " +
			"`patch`, `apply`, `rollout undo`; not `label` or `annotate`) after it was created: one deleted and made again " +
			"with the new spec (`kubectl replace --force`, delete and create) ends in the same state, but is no scale or rollout",
		Handler: changedNotRemade,
	})
	l.Register(Def{
		Pattern: `^deployment "([^"]+)" in namespace "([^"]+)" is at revision (\d+)` + within + `$`,
		Example: `deployment "web" in namespace "deployments" is at revision 2`,
		Doc:     "the Deployment's " + revisionAnnotation + " annotation: each new pod template is a new revision, a scale is not",
		Handler: deploymentRevision,
	})
	l.Register(Def{
		Pattern: `^deployment "([^"]+)" in namespace "([^"]+)" was rolled back with kubectl rollout undo` + within + `$`,
		Example: `deployment "web" in namespace "deployments" was rolled back with kubectl rollout undo`,
		Doc: "audit evidence: the last kubectl change of the Deployment's spec since the lab started is the PATCH " +
			"`kubectl rollout undo` sends: a JSON patch replacing /spec/template with an old ReplicaSet's, sent with no " +
			"field manager (`set image` sends fieldManager=kubectl-set, `edit` kubectl-edit, `patch` kubectl-patch, `apply` " +
			"kubectl-client-side-apply; `rollout history` and `describe` only read). A second `set image` to the old image " +
			"ends in the same state, so only this evidence tells them apart; a label, an annotation or a scale after it do not count",
		Handler: rolledBack,
	})
}

// selectorArgs checks a step's label selector (capture group i) when labs validate reads it.
func selectorArgs(i int) func([]string) string {
	return func(a []string) string {
		if a[i] == "" {
			return ""
		}
		if _, err := labels.Parse(a[i]); err != nil {
			return fmt.Sprintf("bad label selector %q: %v", a[i], err)
		}
		return ""
	}
}

func fromUnstructured(u *unstructured.Unstructured, out any) error {
	return runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, out)
}

// deployment gets a Deployment, or explains why there is none.
func (e *Env) deployment(ctx context.Context, name, ns string) (*appsv1.Deployment, error) {
	u, err := e.get(ctx, gvrDeployments, true, name, ns)
	if apierrors.IsNotFound(err) {
		return nil, e.notFound(ctx, gvrDeployments, "deployment", name, ns, true)
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	var d appsv1.Deployment
	if err := fromUnstructured(u, &d); err != nil {
		return nil, e.apiError(err)
	}
	return &d, nil
}

// controller is the UID of the object's controller (its owner with controller: true).
func controller(refs []metav1.OwnerReference) (metav1.OwnerReference, bool) {
	for _, r := range refs {
		if r.Controller != nil && *r.Controller {
			return r, true
		}
	}
	return metav1.OwnerReference{}, false
}

// replicaSetsOf are the ReplicaSets the Deployment controls, newest revision first.
func (e *Env) replicaSetsOf(ctx context.Context, d *appsv1.Deployment) ([]appsv1.ReplicaSet, error) {
	list, err := e.list(ctx, gvrReplicaSets, d.Namespace)
	if err != nil {
		return nil, e.apiError(err)
	}
	var out []appsv1.ReplicaSet
	for i := range list.Items {
		var rs appsv1.ReplicaSet
		if err := fromUnstructured(&list.Items[i], &rs); err != nil {
			continue
		}
		if c, ok := controller(rs.OwnerReferences); ok && c.UID == d.UID && c.Kind == "Deployment" {
			out = append(out, rs)
		}
	}
	sort.Slice(out, func(i, j int) bool { return revision(out[i].Annotations) > revision(out[j].Annotations) })
	return out, nil
}

func revision(annotations map[string]string) int {
	n, _ := strconv.Atoi(annotations[revisionAnnotation])
	return n
}

func (e *Env) pods(ctx context.Context, ns string) ([]corev1.Pod, error) {
	list, err := e.list(ctx, gvrPods, ns)
	if err != nil {
		return nil, e.apiError(err)
	}
	out := make([]corev1.Pod, 0, len(list.Items))
	for i := range list.Items {
		var p corev1.Pod
		if err := fromUnstructured(&list.Items[i], &p); err == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// podSet is the Pods a step selects, and how to name them in a message.
type podSet struct {
	pods []corev1.Pod
	what string
	// deployment and its ReplicaSets, when the Pods are selected by their owner.
	deployment  *appsv1.Deployment
	replicaSets []appsv1.ReplicaSet
}

// selectPods returns the Pods with the label selector, or those of the Deployment.
func (e *Env) selectPods(ctx context.Context, label, deploy, ns string) (*podSet, error) {
	all, err := e.pods(ctx, ns)
	if err != nil {
		return nil, err
	}
	if deploy == "" {
		sel, err := labels.Parse(label)
		if err != nil {
			return nil, e.l().Err("bad label selector %q in the lab: %v", label, err)
		}
		set := &podSet{what: e.l().T("pods with label %s", label)}
		for _, p := range all {
			if sel.Matches(labels.Set(p.Labels)) {
				set.pods = append(set.pods, p)
			}
		}
		return set, nil
	}
	d, err := e.deployment(ctx, deploy, ns)
	if err != nil {
		return nil, err
	}
	rss, err := e.replicaSetsOf(ctx, d)
	if err != nil {
		return nil, err
	}
	set := &podSet{what: e.l().T("pods of deployment %s", deploy), deployment: d, replicaSets: rss}
	owned := map[string]bool{}
	for _, rs := range rss {
		owned[string(rs.UID)] = true
	}
	for _, p := range all {
		if c, ok := controller(p.OwnerReferences); ok && c.Kind == "ReplicaSet" && owned[string(c.UID)] {
			set.pods = append(set.pods, p)
		}
	}
	return set, nil
}

// has reports whether a Pod named name is (or, for a Deployment, was: its name starts with
// one of the ReplicaSets' names) one of the set.
func (s *podSet) has(name string) bool {
	for _, p := range s.pods {
		if p.Name == name {
			return true
		}
	}
	for _, rs := range s.replicaSets {
		if strings.HasPrefix(name, rs.Name+"-") {
			return true
		}
	}
	return false
}

// current is the ReplicaSet of the Deployment's current pod template (the one at the
// Deployment's revision), nil for a label selector or while the controller has not seen the
// Deployment's latest change.
func (s *podSet) current() *appsv1.ReplicaSet {
	d := s.deployment
	if d == nil || d.Status.ObservedGeneration < d.Generation {
		return nil
	}
	for i := range s.replicaSets {
		if rs := &s.replicaSets[i]; rs.Annotations[revisionAnnotation] == d.Annotations[revisionAnnotation] {
			return rs
		}
	}
	return nil
}

// runsCurrent reports whether the Pod named name is (or was) one of the set that runs the
// Deployment's current pod template; with a label selector, any Pod of the set does.
func (s *podSet) runsCurrent(name string) bool {
	if s.deployment == nil {
		return s.has(name)
	}
	rs := s.current()
	return rs != nil && strings.HasPrefix(name, rs.Name+"-")
}

func podIsReady(p *corev1.Pod) bool {
	if p.DeletionTimestamp != nil {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// none explains an empty selection: no such labels, or a Deployment without Pods.
// eventuallySelected is eventually over the pods that label or deploy selects in ns: fn judges
// a selection with pods in it; an empty one fails with none's reason.
func (e *Env) eventuallySelected(ctx context.Context, label, deploy, ns, within string, fn func(ctx context.Context, s *podSet) error) error {
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return err
		}
		if len(s.pods) == 0 {
			return e.none(s, ns)
		}
		return fn(ctx, s)
	})
}

func (e *Env) none(s *podSet, ns string) error {
	if s.deployment != nil {
		return e.l().Err("deployment %s in namespace %s has no pods (spec.replicas is %d)", s.deployment.Name, ns, replicas(s.deployment))
	}
	return e.l().Err("there are no %s in namespace %s (check the labels: `kubectl get pods -n %s --show-labels`)", s.what, ns, ns)
}

func replicas(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return 1
	}
	return *d.Spec.Replicas
}

func podsReady(ctx context.Context, count, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	want, _ := strconv.Atoi(count)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return err
		}
		ready := 0
		var why string
		for i := range s.pods {
			if podIsReady(&s.pods[i]) {
				ready++
			} else if why == "" {
				why = e.l().T("; pod %s is not ready: %s", s.pods[i].Name, e.why(&s.pods[i]))
			}
		}
		if ready == want {
			return nil
		}
		hint := ""
		if s.deployment != nil && int(replicas(s.deployment)) != want {
			hint = e.l().T(" (the deployment asks for %d replicas: `kubectl scale deployment %s --replicas=%d -n %s`)", replicas(s.deployment), s.deployment.Name, want, ns)
		}
		return &Failure{Msg: e.l().T("expected %d ready %s in namespace %s, found %d ready of %d", want, s.what, ns, ready, len(s.pods)) + hint + why}
	})
}

func everyPodImage(ctx context.Context, label, deploy, ns, image, within string) error {
	e := envFrom(ctx)
	return e.eventuallySelected(ctx, label, deploy, ns, within, func(ctx context.Context, s *podSet) error {
		for i := range s.pods {
			found := false
			for _, img := range images(&s.pods[i]) {
				found = found || normalizeImage(img) == normalizeImage(image)
			}
			if !found {
				return e.l().Err("not every one of the %s runs %s: pod %s runs %s (a rollout still under way, or stuck?)", s.what, image, s.pods[i].Name, e.l().List(images(&s.pods[i])))
			}
		}
		return nil
	})
}

func podCannotPull(ctx context.Context, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	return e.eventuallySelected(ctx, label, deploy, ns, within, func(ctx context.Context, s *podSet) error {
		var states []string
		for _, p := range s.pods {
			for _, c := range p.Status.ContainerStatuses {
				if w := c.State.Waiting; w != nil && (w.Reason == "ErrImagePull" || w.Reason == "ImagePullBackOff") {
					return nil
				}
			}
			states = append(states, fmt.Sprintf("%s (%s)", p.Name, strings.Join(images(&p), ", ")))
		}
		return e.l().Err("every one of the %s pulled its image: %s; an image tag that does not exist cannot be pulled", s.what, strings.Join(states, ", "))
	})
}

func newPodSince(ctx context.Context, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	// Creation timestamps have whole seconds.
	start := e.Since.Truncate(time.Second)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return err
		}
		var old []string
		for _, p := range s.pods {
			if !p.CreationTimestamp.Time.Before(start) {
				return nil
			}
			old = append(old, fmt.Sprintf("%s (%s)", p.Name, p.CreationTimestamp.Local().Format("15:04:05")))
		}
		if len(old) == 0 {
			return e.none(s, ns)
		}
		return e.l().Err("no new pod among the %s since %s: %s were there already", s.what, start.Local().Format("15:04:05"), strings.Join(old, ", "))
	})
}

func execInSelected(ctx context.Context, command, label, deploy, ns, it, within string) error {
	e := envFrom(ctx)
	want := strings.Fields(command)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return err
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var others, stale, commands, rejected []string
		noTTY := false
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != "pods" || o.Subresource != "exec" || o.Namespace != ns || (ev.Verb != "get" && ev.Verb != "create") {
				continue
			}
			if !s.has(o.Name) {
				others = append(others, o.Name)
				continue
			}
			if !s.runsCurrent(o.Name) {
				// It saw the Pods before the Deployment's last change (a `set env` after it).
				stale = append(stale, o.Name)
				continue
			}
			if ev.Code() >= 400 {
				rejected = append(rejected, ev.Message())
				continue
			}
			q := ev.Query()
			if len(want) > 0 {
				got := q["command"]
				if len(got) < len(want) || strings.Join(got[:len(want)], " ") != strings.Join(want, " ") {
					commands = append(commands, strings.Join(got, " "))
					continue
				}
			}
			if it != "" && (q.Get("stdin") != "true" || q.Get("tty") != "true") {
				noTTY = true
				continue
			}
			return nil
		}
		switch {
		case noTTY:
			return e.l().Err("kubectl exec into one of the %s ran without -it (stdin and a terminal)", s.what)
		case len(commands) > 0:
			return e.l().Err("kubectl exec into one of the %s ran %s, not %s", s.what, strings.Join(uniq(commands), "; "), command)
		case len(rejected) > 0:
			return e.l().Err("the API server refused kubectl exec into one of the %s: %s", s.what, strings.Join(uniq(rejected), "; "))
		case len(stale) > 0:
			return e.l().Err("kubectl exec went into pod %[1]s, of an earlier pod template of deployment %[2]s (before its last change, or before the controller saw it); exec into a Pod it runs now: `kubectl exec deploy/%[2]s -n %[3]s -- …`",
				e.l().List(uniq(stale)), s.deployment.Name, ns)
		case len(others) > 0:
			return e.l().Err("kubectl exec went into pod %s, which is not one of the %s", e.l().List(uniq(others)), s.what)
		}
		return e.l().Err("no kubectl exec into one of the %s in namespace %s since the lab started", s.what, ns)
	})
}

// podDeletes are kubectl's successful deletes of the set's Pods, and the names of other Pods
// it deleted; with current, only deletes of Pods of the Deployment's current pod template are
// the set's, and the others of the set are stale.
func (e *Env) podDeletes(s *podSet, ns string, current bool) (mine []time.Time, stale, others []string, err error) {
	events, err := e.auditEvents()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, ev := range events {
		o := ev.ObjectRef
		if ev.Verb != "delete" || o == nil || o.Resource != "pods" || o.Subresource != "" || o.Namespace != ns || ev.DryRun() || ev.Code() >= 400 {
			continue
		}
		switch {
		case current && s.has(o.Name) && !s.runsCurrent(o.Name):
			stale = append(stale, o.Name)
		case s.has(o.Name):
			mine = append(mine, ev.Received)
		case o.Name != "":
			others = append(others, o.Name)
		}
	}
	return mine, stale, others, nil
}

func deletedSelected(ctx context.Context, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return err
		}
		mine, _, others, err := e.podDeletes(s, ns, false)
		if err != nil {
			return err
		}
		if len(mine) > 0 {
			return nil
		}
		if len(others) > 0 {
			return e.l().Err("kubectl deleted pod %s, which is not one of the %s", e.l().List(uniq(others)), s.what)
		}
		return e.l().Err("kubectl deleted none of the %s in namespace %s since the lab started (`kubectl get pods -n %s` lists them)", s.what, ns, ns)
	})
}

func podReplaced(ctx context.Context, deploy, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		s, err := e.selectPods(ctx, "", deploy, ns)
		if err != nil {
			return err
		}
		// A Pod of an earlier template is not the ReplicaSet's to replace: a rollout removes those.
		mine, stale, others, err := e.podDeletes(s, ns, true)
		if err != nil {
			return err
		}
		if len(mine) == 0 {
			if len(stale) > 0 {
				return e.l().Err("kubectl deleted pod %[1]s, of an earlier pod template of deployment %[2]s: a rollout removes those, no ReplicaSet replaces them; delete one of the Pods it runs now (`kubectl get pods -n %[3]s`)", e.l().List(uniq(stale)), deploy, ns)
			}
			if len(others) > 0 {
				return e.l().Err("kubectl deleted pod %s, which is not one of the %s", e.l().List(uniq(others)), s.what)
			}
			return e.l().Err("kubectl deleted none of the %s in namespace %s since the lab started (`kubectl get pods -n %s` lists them)", s.what, ns, ns)
		}
		first := mine[0].Truncate(time.Second)
		d := s.deployment
		if !d.CreationTimestamp.Time.Before(first) {
			return e.l().Err("deployment %s was created at %s, after the pod was deleted: a Deployment made again is not a Pod replaced; delete one Pod of it and let its ReplicaSet replace it",
				deploy, d.CreationTimestamp.Local().Format("15:04:05"))
		}
		ready, fresh := 0, 0
		for i := range s.pods {
			if podIsReady(&s.pods[i]) {
				ready++
			}
			if !s.pods[i].CreationTimestamp.Time.Before(first) {
				fresh++
			}
		}
		if fresh == 0 {
			return e.l().Err("no pod of deployment %s was created after the delete at %s (yet)", deploy, mine[0].Local().Format("15:04:05"))
		}
		if want := int(replicas(d)); ready != want {
			return e.l().Err("a new pod replaced the deleted one, but %d of %d pods of deployment %s are ready (yet)", ready, want, deploy)
		}
		return nil
	})
}

func deploymentRolledOut(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		d, err := e.deployment(ctx, name, ns)
		if err != nil {
			return err
		}
		if d.Status.ObservedGeneration < d.Generation {
			return e.l().Err("deployment %s has not been rolled out: the controller has not seen its latest change yet (generation %d, observed %d)", name, d.Generation, d.Status.ObservedGeneration)
		}
		want := replicas(d)
		st := d.Status
		if st.UpdatedReplicas == want && st.ReadyReplicas == want && st.AvailableReplicas == want && st.Replicas == want {
			return nil
		}
		msg := e.l().T("deployment %s is not rolled out: %d replicas wanted, %d updated, %d ready, %d available, %d in all", name, want, st.UpdatedReplicas, st.ReadyReplicas, st.AvailableReplicas, st.Replicas)
		for _, c := range st.Conditions {
			if c.Type == appsv1.DeploymentProgressing && c.Reason == "ProgressDeadlineExceeded" {
				msg += e.l().T("; the rollout is stuck: %s", c.Message)
			}
		}
		if s, err := e.selectPods(ctx, "", name, ns); err == nil {
			for i := range s.pods {
				if !podIsReady(&s.pods[i]) {
					msg += e.l().T("; pod %s is not ready: %s", s.pods[i].Name, e.why(&s.pods[i]))
					break
				}
			}
		}
		return &Failure{Msg: msg}
	})
}

func deploymentRevision(ctx context.Context, name, ns, rev, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		d, err := e.deployment(ctx, name, ns)
		if err != nil {
			return err
		}
		got := d.Annotations[revisionAnnotation]
		if got == rev {
			return nil
		}
		if got == "" {
			got = "0"
		}
		return e.l().Err("deployment %s is at revision %s, not %s (each new pod template makes a revision: `kubectl rollout history deployment %s -n %s` lists them)", name, got, rev, name, ns)
	})
}

// fieldManagers that do not change a Deployment's pod template: a label or an annotation
// after the undo leaves it the last change that matters.
var metadataOnly = map[string]bool{"kubectl-label": true, "kubectl-annotate": true}

func rolledBack(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		// The last kubectl write of the Deployment that could change its template.
		var last string
		undone := false
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != "deployments" || o.Subresource != "" || o.Namespace != ns || o.Name != name || ev.DryRun() || ev.Code() >= 400 {
				continue
			}
			manager := ev.Query().Get("fieldManager")
			switch {
			case ev.Verb == "patch" && manager == "" && jsonPatchOfTemplate(ev.RequestObject):
				last, undone = "kubectl rollout undo", true
			case ev.Verb == "delete":
				last, undone = "kubectl delete", false
			case ev.Verb == "create" || ev.Verb == "update" || ev.Verb == "patch":
				if metadataOnly[manager] {
					continue
				}
				last, undone = writeCommand(ev.Verb, manager), false
			}
		}
		if undone {
			_, err := e.deployment(ctx, name, ns)
			return err
		}
		if last != "" {
			return e.l().Err("the last change of deployment %[1]s was %[2]s, not `kubectl rollout undo`: setting the old image again makes a new revision by hand; roll back with `kubectl rollout undo deployment/%[1]s -n %[3]s`", name, last, ns)
		}
		return e.l().Err("no `kubectl rollout undo` of deployment %[1]s in namespace %[2]s since the lab started (`kubectl rollout history` and `kubectl describe` only read it); run `kubectl rollout undo deployment/%[1]s -n %[2]s`", name, ns)
	})
}

// changedNotRemade: kubectl changed the live Deployment (its spec, or its scale) after it was
// created, and after the last kubectl create of it in the window.
func changedNotRemade(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		d, err := e.deployment(ctx, name, ns)
		if err != nil {
			return err
		}
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		created := d.CreationTimestamp.Time
		var lastCreate time.Time
		var changes []time.Time
		deleted := false
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != "deployments" || o.Namespace != ns || o.Name != name || ev.DryRun() || ev.Code() >= 400 {
				continue
			}
			switch {
			case ev.Verb == "create" && o.Subresource == "":
				lastCreate = ev.Received
			case ev.Verb == "delete" && o.Subresource == "":
				deleted = true
			case (ev.Verb == "patch" || ev.Verb == "update") &&
				(o.Subresource == "scale" || (o.Subresource == "" && !metadataOnly[ev.Query().Get("fieldManager")])):
				changes = append(changes, ev.Received)
			}
		}
		for _, c := range changes {
			if !c.Before(created) && c.After(lastCreate) {
				return nil
			}
		}
		if !lastCreate.IsZero() && (deleted || len(changes) > 0) {
			return e.l().Err("deployment %[1]s was made again at %[2]s and kubectl has not changed it since: a Deployment deleted and created with the new spec is not the one there was, changed; change it in place (`kubectl scale`, `kubectl set image`, `kubectl edit`)",
				name, lastCreate.Local().Format("15:04:05"))
		}
		return e.l().Err("kubectl did not change deployment %[1]s in namespace %[2]s (`kubectl scale`, `kubectl set image`, `kubectl edit` change it; `kubectl label` and `kubectl annotate` do not change its spec)", name, ns)
	})
}

// jsonPatchOfTemplate reports whether a logged PATCH body replaces /spec/template, as
// `kubectl rollout undo` does; a log without bodies (Metadata level) cannot tell, and the
// missing field manager decides alone.
func jsonPatchOfTemplate(body []byte) bool {
	if len(body) == 0 {
		return true
	}
	var ops []struct {
		Op   string `json:"op"`
		Path string `json:"path"`
	}
	if err := json.Unmarshal(body, &ops); err != nil {
		return false
	}
	for _, op := range ops {
		if op.Op == "replace" && op.Path == "/spec/template" {
			return true
		}
	}
	return false
}

// writeCommand names the kubectl command behind a write, by the field manager it sends.
func writeCommand(verb, manager string) string {
	switch manager {
	case "kubectl-set":
		return "`kubectl set`"
	case "kubectl-edit":
		return "`kubectl edit`"
	case "kubectl-patch":
		return "`kubectl patch`"
	case "kubectl-client-side-apply", "kubectl":
		return "`kubectl apply`"
	case "kubectl-replace":
		return "`kubectl replace`"
	case "kubectl-create":
		return "`kubectl create`"
	case "kubectl-rollout":
		return "`kubectl rollout restart`"
	}
	if manager != "" {
		return fmt.Sprintf("%s (field manager %s)", strings.ToUpper(verb), manager)
	}
	return strings.ToUpper(verb)
}

// Live answer checks over a selector: the learner reads a number or a name off the cluster.
func (l *Library) workloadAnswerSteps() {
	l.Register(Def{
		Pattern: `^the answer is the number of (ready )?pods ` + selector + ` in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the number of ready pods of deployment "web" in namespace "deployments"`,
		Doc:     "the learner's answer is how many Pods of the selector there are (not terminating; `ready`: Ready ones), read live",
		Handler: answerIsPodCount,
		Answer:  noKeys,
		Args:    selectorArgs(1),
	})
	l.Register(Def{
		Pattern: `^the answer is the name of a pod ` + selector + ` in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the name of a pod with label "app=web" in namespace "deployments"`,
		Doc:     "the learner's answer is the name of any Pod of the selector, read live",
		Handler: answerIsPodName,
		Answer:  noKeys,
		Args:    selectorArgs(0),
	})
	l.Register(Def{
		Pattern: `^the answer is the revision of deployment "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `the answer is the revision of deployment "web" in namespace "deployments"`,
		Doc:     "the learner's answer is the Deployment's current revision (its " + revisionAnnotation + " annotation), read live",
		Handler: answerIsRevision,
		Answer:  noKeys,
	})
}

func answerIsPodCount(ctx context.Context, ready, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	look := e.l().T("`kubectl get pods -n %s` lists them", ns)
	return answerLive(ctx, within, look, func(ctx context.Context, e *Env) (string, error) {
		s, err := e.selectPods(ctx, label, deploy, ns)
		if err != nil {
			return "", err
		}
		n := 0
		for i := range s.pods {
			if (ready == "" && s.pods[i].DeletionTimestamp == nil) || podIsReady(&s.pods[i]) {
				n++
			}
		}
		return strconv.Itoa(n), nil
	})
}

func answerIsPodName(ctx context.Context, label, deploy, ns, within string) error {
	e := envFrom(ctx)
	a, err := e.answer(ctx)
	if err != nil {
		return err
	}
	look := e.l().T("`kubectl get pods -n %s` lists them", ns)
	return e.eventuallySelected(ctx, label, deploy, ns, within, func(ctx context.Context, s *podSet) error {
		for _, p := range s.pods {
			if strings.EqualFold(strings.TrimSpace(a), p.Name) || strings.EqualFold(strings.TrimSpace(a), "pod/"+p.Name) {
				return nil
			}
		}
		return e.wrong(ctx, a, look)
	})
}

func answerIsRevision(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	look := e.l().T("`kubectl rollout history deployment %s -n %s` lists the revisions", name, ns)
	return answerLive(ctx, within, look, func(ctx context.Context, e *Env) (string, error) {
		d, err := e.deployment(ctx, name, ns)
		if err != nil {
			return "", err
		}
		return d.Annotations[revisionAnnotation], nil
	})
}

// lastSpecChange is when kubectl last changed the Deployment's spec in the attempt (its
// creation included), zero when it did not.
func lastSpecChange(events []audit.Event, name, ns string) time.Time {
	var last time.Time
	for _, ev := range events {
		o := ev.ObjectRef
		if o == nil || o.Resource != "deployments" || o.Subresource != "" || o.Namespace != ns || ev.DryRun() || ev.Code() >= 400 {
			continue
		}
		if ev.Verb == "create" && o.Name == "" {
			// A create names the object in the body only; the name is in the log when it was read.
			continue
		}
		if o.Name != name || (ev.Verb != "create" && ev.Verb != "update" && ev.Verb != "patch") || metadataOnly[ev.Query().Get("fieldManager")] {
			continue
		}
		last = ev.Received
	}
	return last
}

func watchedRollout(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		changed := lastSpecChange(events, name, ns)
		earlier := false
		// Watches that began before the change, by audit ID: the end of those that ended (a
		// watch still open, `kubectl get deployments -w` in another terminal, has no end yet).
		began := map[string]bool{}
		ended := map[string]time.Time{}
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != "deployments" || o.Subresource != "" || o.Namespace != ns || ev.Code() >= 400 {
				continue
			}
			named := o.Name == name || ev.Query().Get("fieldSelector") == "metadata.name="+name
			if !(ev.Verb == "watch" && (named || o.Name == "")) && !(ev.Verb == "list" && named) {
				continue
			}
			if ev.Received.Before(changed) {
				earlier = true
				if ev.Verb == "watch" && ev.AuditID != "" {
					switch ev.Stage {
					case "ResponseStarted":
						began[ev.AuditID] = true
					case "ResponseComplete":
						ended[ev.AuditID] = ev.StageTimestamp
					}
				}
				continue
			}
			return nil
		}
		// A watch open across the change saw the rollout as well.
		for id := range began {
			if end, ok := ended[id]; !ok || end.After(changed) {
				return nil
			}
		}
		if earlier {
			return e.l().Err("kubectl watched deployment %[1]s before its last change at %[2]s, not since; watch this rollout: `kubectl rollout status deployment/%[1]s -n %[3]s`", name, changed.Local().Format("15:04:05"), ns)
		}
		return e.l().Err("kubectl did not watch the rollout of deployment %[1]s in namespace %[2]s; run `kubectl rollout status deployment/%[1]s -n %[2]s`", name, ns)
	})
}
