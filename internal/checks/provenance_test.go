package checks

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	fakediscovery "k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/labs-dev/labs/internal/i18n"
)

// What `kubectl cluster-info` sends, and the `kubectl get svc -l` that looks like it.
func TestClusterInfoIsNotGetServices(t *testing.T) {
	step := `kubectl requested exactly the path "/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io/cluster-service=true"`
	f := newFakeEnv(t)
	f.audit("list", "/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue&limit=500", "services", "", "kube-system", "", 200, "")
	failWith(t, f, step, []string{"not exactly", "limit=500"})
	f.audit("list", "/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue", "services", "", "kube-system", "", 200, "")
	pass(t, f, step)

	// A longer path is not the path.
	g := newFakeEnv(t)
	g.audit("get", "/apis/apps/v1", "", "", "", "", 200, "")
	failWith(t, g, `kubectl requested exactly the path "/apis"`, []string{"kubectl did not request /apis"})
	g.audit("get", "/apis", "", "", "", "", 200, "")
	pass(t, g, `kubectl requested exactly the path "/apis"`)
}

// `kubectl describe pod web` reads web's events by a field selector; `kubectl get events`
// lists them all.
func TestDescribedIsNotGetEvents(t *testing.T) {
	step := `kubectl described pod "web" in namespace "demo"`
	f := newFakeEnv(t)
	f.audit("get", "/api/v1/namespaces/demo/pods/web", "pods", "", "demo", "web", 200, "")
	f.audit("list", "/api/v1/namespaces/demo/events?limit=500", "events", "", "demo", "", 200, "")
	failWith(t, f, step, []string{"all the events of namespace demo", "`kubectl describe pod web -n demo`"})
	f.audit("list", "/api/v1/namespaces/demo/events?fieldSelector=involvedObject.name%3Dclient%2CinvolvedObject.namespace%3Ddemo%2CinvolvedObject.kind%3DPod&limit=500", "events", "", "demo", "", 200, "")
	failWith(t, f, step, []string{"events of something else", "involvedObject.name=client"})
	f.audit("list", "/api/v1/namespaces/demo/events?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddemo%2CinvolvedObject.kind%3DPod%2CinvolvedObject.uid%3Dabc&limit=500", "events", "", "demo", "", 200, "")
	pass(t, f, step)
}

// `kubectl exec env-demo -- true` is not `kubectl exec env-demo -- printenv GREETING`.
func TestExecutedTheCommand(t *testing.T) {
	step := `pod "env-demo" in namespace "rp" ran "printenv GREETING" through kubectl exec`
	f := newFakeEnv(t)
	f.audit("get", "/api/v1/namespaces/rp/pods/env-demo/exec?command=true&container=app&stderr=true&stdout=true", "pods", "exec", "rp", "env-demo", 101, "")
	failWith(t, f, step, []string{`kubectl exec ran "true" in pod env-demo, not "printenv GREETING"`, "`kubectl exec env-demo -n rp -- printenv GREETING`"})
	f.audit("get", "/api/v1/namespaces/rp/pods/env-demo/exec?command=printenv&command=GREETING&container=app&stderr=true&stdout=true", "pods", "exec", "rp", "env-demo", 101, "")
	pass(t, f, step)
	failWith(t, f, `pod "env-demo" in namespace "rp" ran "printenv GREETING" in container "other" through kubectl exec`, []string{"-c app"})
}

func initPod(initializedAt time.Time) *corev1.Pod {
	p := pod("app", "ic", corev1.Container{Name: "app", Image: "busybox"})
	p.CreationTimestamp = metav1.NewTime(initializedAt.Add(-10 * time.Second))
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(initializedAt)}}
	return p
}

func (f *fakeEnv) watchEvent(id, stage string, received, stamp time.Time) {
	f.appendAudit(map[string]any{
		"auditID": id, "stage": stage, "verb": "watch", "requestURI": "/api/v1/namespaces/ic/pods?resourceVersion=100&watch=true",
		"userAgent": kubectlUA, "objectRef": map[string]any{"resource": "pods", "namespace": "ic", "apiVersion": "v1"},
		"responseStatus": map[string]any{"code": 200}, "requestReceivedTimestamp": received.UTC().Format(time.RFC3339Nano),
		"stageTimestamp": stamp.UTC().Format(time.RFC3339Nano),
	})
}

// A watch started once the pod had initialised saw nothing of its init containers.
func TestWatchedWhileInitContainersRan(t *testing.T) {
	step := `kubectl watched pod "app" in namespace "ic" while its init containers ran`
	now := time.Now()
	f := newFakeEnv(t, initPod(now.Add(-20*time.Second)))
	f.Since = now.Add(-time.Hour)
	failWith(t, f, step, []string{"kubectl did not watch the pods of namespace ic"})
	// Issue 20: a watch without -n went to the context's namespace; the reason says where.
	f.appendAudit(map[string]any{
		"auditID": "other", "stage": "ResponseStarted", "verb": "watch", "requestURI": "/api/v1/namespaces/default/pods?resourceVersion=100&watch=true",
		"userAgent": kubectlUA, "objectRef": map[string]any{"resource": "pods", "namespace": "default", "apiVersion": "v1"},
		"responseStatus": map[string]any{"code": 200}, "requestReceivedTimestamp": now.Add(-25 * time.Second).UTC().Format(time.RFC3339Nano),
	})
	failWith(t, f, step, []string{"kubectl watched the pods of namespace default, not of namespace ic, where pod app is (add -n ic"})
	f.Lang = i18n.ZH
	failWith(t, f, step, []string{"kubectl watch 的 Pod 在命名空間 default，而不是在 Pod app 所在的命名空間 ic"})
	f.Lang = i18n.EN
	f.watchEvent("late", "ResponseStarted", now.Add(-5*time.Second), now.Add(-5*time.Second))
	failWith(t, f, step, []string{"started after pod app had finished its init containers"})
	// One that ended before the pod existed watched another pod.
	f.watchEvent("early", "ResponseStarted", now.Add(-50*time.Minute), now.Add(-50*time.Minute))
	f.watchEvent("early", "ResponseComplete", now.Add(-50*time.Minute), now.Add(-40*time.Minute))
	failWith(t, f, step, []string{"started after"})
	// kubectl wait watches the pod as it initialises, but that is no `kubectl get --watch`.
	f.appendAudit(map[string]any{
		"auditID": "wait", "stage": "ResponseStarted", "verb": "watch",
		"requestURI": "/api/v1/namespaces/ic/pods?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dapp&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=423&watch=true",
		"userAgent":  kubectlUA, "objectRef": map[string]any{"resource": "pods", "namespace": "ic", "name": "app", "apiVersion": "v1"},
		"responseStatus": map[string]any{"code": 200}, "requestReceivedTimestamp": now.Add(-25 * time.Second).UTC().Format(time.RFC3339Nano),
	})
	failWith(t, f, step, []string{"started after"})
	f.watchEvent("right", "ResponseStarted", now.Add(-25*time.Second), now.Add(-25*time.Second))
	pass(t, f, step)
}

func exited(p *corev1.Pod, code int32, last bool) *corev1.Pod {
	t := &corev1.ContainerStateTerminated{ExitCode: code}
	s := corev1.ContainerStatus{Name: "main"}
	if last {
		s.LastTerminationState.Terminated = t
		s.State.Running = &corev1.ContainerStateRunning{}
	} else {
		s.State.Terminated = t
	}
	p.Status.ContainerStatuses = []corev1.ContainerStatus{s}
	return p
}

// A crash-always that exits 0 restarts too (Always), but it does not fail.
func TestExitCode(t *testing.T) {
	f := newFakeEnv(t, exited(pod("zero", "rp"), 0, true), exited(pod("one", "rp"), 1, true), exited(pod("done", "rp"), 0, false), pod("new", "rp"))
	pass(t, f, `pod "one" in namespace "rp" has a container that exited with a non-zero code`)
	pass(t, f, `pod "one" in namespace "rp" has a container that exited with code 1`)
	failWith(t, f, `pod "zero" in namespace "rp" has a container that exited with a non-zero code`, []string{"exited with main: 0, not with a non-zero code"})
	pass(t, f, `pod "done" in namespace "rp" has a container that exited with code 0`)
	failWith(t, f, `pod "new" in namespace "rp" has a container that exited with code 0`, []string{"no container of pod new has exited yet"})
}

const nginxYML = "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\n  restartPolicy: Always\nstatus: {}\n"

func livePod(manager string, labels map[string]string, applied string) *corev1.Pod {
	p := pod("web", "dr", corev1.Container{Name: "web", Image: "nginx"})
	p.Spec.RestartPolicy = corev1.RestartPolicyAlways
	p.Labels = labels
	p.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: manager, Operation: metav1.ManagedFieldsOperationUpdate}}
	if applied != "" {
		p.Annotations = map[string]string{lastApplied: applied}
	}
	return p
}

func writeWork(t *testing.T, f *fakeEnv, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.WorkDir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Pod made by `kubectl run` is not one made from the file, even when it looks the same; a
// label added by `kubectl label` is not one applied from new-nginx.yml.
func TestMadeFromTheFile(t *testing.T) {
	created := `pod "web" in namespace "dr" was created from the file "nginx.yml"`
	applied := `pod "web" in namespace "dr" was applied from the file "new-nginx.yml"`
	newYML := "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    run: web\n    tier: frontend\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n"

	run := newFakeEnv(t, livePod("kubectl-run", map[string]string{"run": "web"}, ""))
	writeWork(t, run, "nginx.yml", nginxYML)
	failWith(t, run, created, []string{"was made by kubectl run, not from nginx.yml"})

	other := newFakeEnv(t, livePod("kubectl-create", map[string]string{"app": "web"}, ""))
	writeWork(t, other, "nginx.yml", nginxYML)
	failWith(t, other, created, []string{"pod web differs from nginx.yml: metadata.labels.run is not set"})

	for _, m := range []string{"kubectl-create", "kubectl-client-side-apply"} {
		ok := newFakeEnv(t, livePod(m, map[string]string{"run": "web"}, ""))
		writeWork(t, ok, "nginx.yml", nginxYML)
		pass(t, ok, created)
	}

	first := `{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"run":"web"},"name":"web","namespace":"dr"},"spec":{"containers":[{"image":"nginx","name":"web"}]}}`
	label := newFakeEnv(t, livePod("kubectl-label", map[string]string{"run": "web", "tier": "frontend"}, first))
	writeWork(t, label, "new-nginx.yml", newYML)
	failWith(t, label, applied, []string{"did not apply new-nginx.yml", "metadata.labels.tier is not set"})
	noApply := newFakeEnv(t, livePod("kubectl-create", map[string]string{"run": "web", "tier": "frontend"}, ""))
	writeWork(t, noApply, "new-nginx.yml", newYML)
	failWith(t, noApply, applied, []string{"was not written by `kubectl apply` (kubectl create)"})
	second := `{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"run":"web","tier":"frontend"},"name":"web","namespace":"dr"},"spec":{"containers":[{"image":"nginx","name":"web"}]}}`
	good := newFakeEnv(t, livePod("kubectl-client-side-apply", map[string]string{"run": "web", "tier": "frontend"}, second))
	writeWork(t, good, "new-nginx.yml", newYML)
	pass(t, good, applied)
}

// `kubectl run web --dry-run=server` is a dry run, but not the `apply -f --dry-run=server` asked.
func TestDryRunByCommand(t *testing.T) {
	step := `kubectl sent a server-side dry run for pods in namespace "dr" with kubectl apply`
	f := newFakeEnv(t)
	f.audit("create", "/api/v1/namespaces/dr/pods?dryRun=All&fieldManager=kubectl-run", "pods", "", "dr", "web", 201, "")
	failWith(t, f, step, []string{"with kubectl run, not with kubectl apply"})
	pass(t, f, `kubectl sent a server-side dry run for pods in namespace "dr"`)
	f.audit("create", "/api/v1/namespaces/dr/pods?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "pods", "", "dr", "web", 201, "")
	pass(t, f, step)
}

// issue 16: a forced or --now delete is no delete with the default grace period.
func TestDeleteWithTheDefaultGracePeriod(t *testing.T) {
	step := `kubectl deleted pod "slow" in namespace "pl" with the default grace period`
	now := `{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":1,"propagationPolicy":"Background"}`
	f := newFakeEnv(t)
	f.audit("delete", podsURI+"slow", "pods", "", "pl", "slow", 200, forceDelete)
	failWith(t, f, step, []string{"with --grace-period=0 --force, not the default grace period", "`kubectl delete pod slow -n pl`"})
	f.audit("delete", podsURI+"slow", "pods", "", "pl", "slow", 200, now)
	failWith(t, f, step, []string{"a grace period of 1s"})
	f.audit("delete", podsURI+"slow?dryRun=All", "pods", "", "pl", "slow", 200, plainDelete)
	failWith(t, f, step, []string{"not the default grace period"})
	f.audit("delete", podsURI+"slow", "pods", "", "pl", "slow", 200, plainDelete)
	pass(t, f, step)
}

func TestAnswerIsTheResourceCount(t *testing.T) {
	f := newFakeEnv(t)
	cs := fake.NewSimpleClientset()
	cs.Discovery().(*fakediscovery.FakeDiscovery).Resources = []*metav1.APIResourceList{
		{GroupVersion: "v1", APIResources: []metav1.APIResource{
			{Name: "pods", Namespaced: true, Kind: "Pod", Verbs: []string{"get"}},
			{Name: "nodes", Kind: "Node", Verbs: []string{"get"}},
			{Name: "namespaces", Kind: "Namespace", Verbs: []string{"get"}},
			{Name: "bindings", Namespaced: true, Kind: "Binding"},
		}},
	}
	f.Client = cs
	f.stepID = "count"
	f.Answers = map[string]string{"count": " 2 "}
	pass(t, f, `the answer is the number of cluster-scoped resources the API server serves`)
	failWith(t, f, `the answer is the number of namespaced resources the API server serves`, []string{"is not right", "--namespaced=true"})
}

func TestAnswerIsTheWatchVersion(t *testing.T) {
	step := `the answer is the resourceVersion kubectl watched pods from`
	f := newFakeEnv(t)
	f.stepID = "watch"
	f.Answers = map[string]string{"watch": "1234"}
	failWith(t, f, step, []string{"kubectl did not watch pods since the lab started"})
	f.audit("watch", "/api/v1/namespaces/default/pods?resourceVersion=999&watch=true", "pods", "", "default", "", 200, "")
	failWith(t, f, step, []string{`your answer "1234" is not right`})
	f.audit("watch", "/api/v1/namespaces/default/pods?resourceVersion=1234&watch=true", "pods", "", "default", "", 200, "")
	pass(t, f, step)
}

// `kubectl apply --dry-run=server` of an existing Pod sends a dry-run patch too, with
// fieldValidation=Strict; `kubectl diff` sends none.
func TestDiffIsNotApplyDryRun(t *testing.T) {
	step := `kubectl sent a server-side dry-run patch of pod "web" in namespace "dr" as kubectl diff does`
	f := newFakeEnv(t)
	f.audit("patch", "/api/v1/namespaces/dr/pods/web?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "pods", "", "dr", "web", 200, "")
	failWith(t, f, step, []string{"as `kubectl apply --dry-run=server` does, not as `kubectl diff` does"})
	pass(t, f, `kubectl sent a server-side dry-run patch of pod "web" in namespace "dr"`)
	f.audit("patch", "/api/v1/namespaces/dr/pods/web?dryRun=All&fieldManager=kubectl-client-side-apply", "pods", "", "dr", "web", 200, "")
	pass(t, f, step)
}

// `kubectl delete pod web --dry-run=server` puts dryRun in the DeleteOptions of its body, not
// in the query: it deleted nothing.
func TestDryRunDeleteInTheBodyIsNoDelete(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("delete", podsURI+"web", "pods", "", "shop", "web", 200, `{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"],"propagationPolicy":"Background"}`)
	failWith(t, f, `kubectl deleted pod "web" in namespace "shop"`, []string{"kubectl sent no delete for pod web, only a server-side dry run"})
	failWith(t, f, `pod "web" was deleted from namespace "shop"`, []string{"no delete of pod web"})
}

// An earlier dry-run create of the same Pod does not hide that the patch was apply's.
func TestDiffAfterADryRunCreate(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("create", "/api/v1/namespaces/dr/pods?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "pods", "", "dr", "web", 201, "")
	f.audit("patch", "/api/v1/namespaces/dr/pods/web?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "pods", "", "dr", "web", 200, "")
	failWith(t, f, `kubectl sent a server-side dry-run patch of pod "web" in namespace "dr" as kubectl diff does`, []string{"not as `kubectl diff` does"})
}

// A namespace delete's body is not logged: `kubectl delete namespace x --dry-run=server`
// looks like a delete in the log, but the namespace is still there, not terminating.
func TestDryRunNamespaceDeleteIsNoDelete(t *testing.T) {
	f := newFakeEnv(t, namespace("playground1", false))
	f.deleteNamespace("playground1", 200)
	failWith(t, f, `namespace "playground1" was deleted`, []string{"namespace playground1 still exists: kubectl's delete at", "did not delete it"})
	g := newFakeEnv(t, namespace("playground1", true))
	g.deleteNamespace("playground1", 200)
	pass(t, g, `namespace "playground1" was deleted`)
}

// A namespace (cluster-scoped) applied from a file, or made by `kubectl create namespace`.
func TestNamespaceAppliedFromTheFile(t *testing.T) {
	step := `namespace "demo" was applied from the file "demo.yaml"`
	ns := namespace("demo", false)
	ns.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl-create", Operation: metav1.ManagedFieldsOperationUpdate}}
	f := newFakeEnv(t, ns)
	writeWork(t, f, "demo.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n")
	failWith(t, f, step, []string{"was not written by `kubectl apply` (kubectl create)"})
	pass(t, f, `namespace "demo" was created from the file "demo.yaml"`)
	applied := namespace("demo", false)
	applied.Annotations = map[string]string{lastApplied: `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"},"spec":{},"status":{}}`}
	g := newFakeEnv(t, applied)
	writeWork(t, g, "demo.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n")
	pass(t, g, step)
}

// A delete without -n goes to the context's namespace: the reason says where it went.
func TestDeleteInTheWrongNamespace(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("delete", "/api/v1/namespaces/static-pods/pods/web2-labs-worker", "pods", "", "static-pods", "web2-labs-worker", 404, plainDelete)
	failWith(t, f, `kubectl deleted pod "web2-labs-worker" in namespace "default"`, []string{"went to namespace static-pods", "not default"})
}
