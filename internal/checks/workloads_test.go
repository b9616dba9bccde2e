package checks

import (
	"errors"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	k8stesting "k8s.io/client-go/testing"
)

const deployURI = "/apis/apps/v1/namespaces/d/deployments/web"

// undoPatch is the body `kubectl rollout undo` sends (k8s.io/kubectl/pkg/polymorphichelpers).
const undoPatch = `[{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3"}}]`

func controllerRef(kind, name, uid string) []metav1.OwnerReference {
	yes := true
	return []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kind, Name: name, UID: types.UID(uid), Controller: &yes}}
}

func deploy(name, uid string, replicas int32, rev string) *appsv1.Deployment {
	return &appsv1.Deployment{
		TypeMeta: metav1.TypeMeta{Kind: "Deployment", APIVersion: "apps/v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "d", UID: types.UID(uid), Generation: 2,
			CreationTimestamp: metav1.NewTime(time.Now().Add(-time.Hour)), Annotations: map[string]string{revisionAnnotation: rev}},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}}},
		Status: appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: replicas, UpdatedReplicas: replicas,
			ReadyReplicas: replicas, AvailableReplicas: replicas},
	}
}

func replicaSet(name, uid, owner, ownerUID, rev string) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{
		TypeMeta: metav1.TypeMeta{Kind: "ReplicaSet", APIVersion: "apps/v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "d", UID: types.UID(uid), OwnerReferences: controllerRef("Deployment", owner, ownerUID),
			Annotations: map[string]string{revisionAnnotation: rev}},
	}
}

// replica is a ready pod of a ReplicaSet, labelled app=app.
func replica(name, app, rs, rsUID, image string, ready bool) *corev1.Pod {
	p := pod(name, "d", corev1.Container{Name: "nginx", Image: image})
	p.UID = types.UID("uid-" + name)
	p.CreationTimestamp = metav1.NewTime(time.Now().Add(-time.Hour))
	p.Labels = map[string]string{"app": app}
	p.OwnerReferences = controllerRef("ReplicaSet", rs, rsUID)
	p.Spec.NodeName = "labs-worker"
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	} else {
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "nginx", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
			Reason: "ImagePullBackOff", Message: `Back-off pulling image "nginx:9.99"`}}}}
	}
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}
	return p
}

// webObjects: deployment web (3 replicas, revision 2) with two ReplicaSets and three ready
// pods, and deployment web2 whose pod has the same label app=web.
func webObjects(extra ...runtime.Object) []runtime.Object {
	web2 := deploy("web2", "d2", 1, "1")
	objs := []runtime.Object{
		deploy("web", "d1", 3, "2"),
		replicaSet("web-aaa", "rs1", "web", "d1", "1"),
		replicaSet("web-bbb", "rs2", "web", "d1", "2"),
		replica("web-bbb-1", "web", "web-bbb", "rs2", "nginx:1.28", true),
		replica("web-bbb-2", "web", "web-bbb", "rs2", "nginx:1.28", true),
		replica("web-bbb-3", "web", "web-bbb", "rs2", "nginx:1.28", true),
		web2,
		replicaSet("web2-ccc", "rs3", "web2", "d2", "1"),
		replica("web2-ccc-1", "web", "web2-ccc", "rs3", "nginx:1.27", true),
		&corev1.Namespace{TypeMeta: metav1.TypeMeta{Kind: "Namespace", APIVersion: "v1"}, ObjectMeta: metav1.ObjectMeta{Name: "d"}},
	}
	return append(objs, extra...)
}

func TestPodsBySelectorOrOwner(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	pass(t, f, `3 pods of deployment "web" in namespace "d" are ready`)
	// The label selects web2's pod too; the owner does not.
	pass(t, f, `4 pods with label "app=web" in namespace "d" are ready`)
	pass(t, f, `4 pods with label "app in (web)" in namespace "d" are ready`)
	failWith(t, f, `5 pods of deployment "web" in namespace "d" are ready`,
		[]string{"expected 5 ready pods of deployment web in namespace d, found 3 ready of 3", "`kubectl scale deployment web --replicas=5 -n d`"})
	failWith(t, f, `1 pod of deployment "nope" in namespace "d" is ready`, []string{"expected deployment nope in namespace d, but there is none; found: web, web2"})
	failWith(t, f, `1 pod with label "app=db" in namespace "d" is ready`, []string{"found 0 ready of 0"})

	pass(t, f, `every pod of deployment "web" in namespace "d" has a container with image "nginx:1.28"`)
	failWith(t, f, `every pod with label "app=web" in namespace "d" has a container with image "nginx:1.28"`, []string{"pod web2-ccc-1 runs nginx:1.27"})
	failWith(t, f, `every pod with label "app=db" in namespace "d" has a container with image "nginx"`, []string{"there are no pods with label app=db in namespace d"})
	failWith(t, f, `a pod of deployment "web" in namespace "d" cannot pull its image`, []string{"every one of the pods of deployment web pulled its image"})

	// A bad rollout: a pod of the new ReplicaSet cannot pull nginx:9.99.
	g := newFakeEnv(t, webObjects(replicaSet("web-ddd", "rs4", "web", "d1", "3"), replica("web-ddd-1", "web", "web-ddd", "rs4", "nginx:9.99", false))...)
	pass(t, g, `a pod of deployment "web" in namespace "d" cannot pull its image`)
	failWith(t, g, `4 pods of deployment "web" in namespace "d" are ready`, []string{"found 3 ready of 4", "pod web-ddd-1 is not ready: container nginx is waiting: ImagePullBackOff"})

	if msg := (Library{}).CheckStep(`3 pods with label "app in (" in namespace "d" are ready`, false); !strings.Contains(msg, "bad label selector") {
		t.Errorf("a bad selector was accepted: %q", msg)
	}
}

func TestNewPodSince(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	f.Since = time.Now().Add(-2 * time.Hour)
	pass(t, f, `a new pod of deployment "web" in namespace "d" was created since the step began`)
	f.Since = time.Now().Add(-time.Minute)
	failWith(t, f, `a new pod of deployment "web" in namespace "d" was created since the step began`, []string{"no new pod among the pods of deployment web since", "web-bbb-1 ("})
}

func TestExecAndDeleteInAPodOfADeployment(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	exec := `kubectl executed the command "printenv" in a pod of deployment "web" in namespace "d"`
	failWith(t, f, exec, []string{"no kubectl exec into one of the pods of deployment web in namespace d"})
	f.audit("get", "/api/v1/namespaces/d/pods/web2-ccc-1/exec?command=printenv&stdout=true", "pods", "exec", "d", "web2-ccc-1", 101, "")
	failWith(t, f, exec, []string{"went into pod web2-ccc-1, which is not one of the pods of deployment web"})
	f.audit("get", "/api/v1/namespaces/d/pods/web-bbb-2/exec?command=true&stdout=true", "pods", "exec", "d", "web-bbb-2", 101, "")
	failWith(t, f, exec, []string{"ran true, not printenv"})
	pass(t, f, `kubectl executed a command in a pod of deployment "web" in namespace "d"`)
	f.audit("get", "/api/v1/namespaces/d/pods/web-bbb-2/exec?command=printenv&command=GREETING&stdout=true", "pods", "exec", "d", "web-bbb-2", 101, "")
	pass(t, f, exec)
	pass(t, f, `kubectl executed the command "printenv GREETING" in a pod with label "app=web" in namespace "d"`)
	failWith(t, f, exec+" with -it", []string{"without -it"})

	del := `kubectl deleted a pod of deployment "web" in namespace "d"`
	replaced := `a deleted pod of deployment "web" in namespace "d" was replaced`
	failWith(t, f, del, []string{"kubectl deleted none of the pods of deployment web"})
	// Deleting the Deployment is no pod deleted, and a Deployment made again replaces nothing.
	f.audit("delete", deployURI, "deployments", "", "d", "web", 200, "")
	failWith(t, f, replaced, []string{"kubectl deleted none of the pods of deployment web"})
	f.audit("delete", "/api/v1/namespaces/d/pods/web2-ccc-1", "pods", "", "d", "web2-ccc-1", 200, plainDelete)
	failWith(t, f, del, []string{"kubectl deleted pod web2-ccc-1, which is not one of the pods of deployment web"})
	// A pod of an older ReplicaSet, gone now, is still known by its name.
	f.audit("delete", "/api/v1/namespaces/d/pods/web-aaa-old", "pods", "", "d", "web-aaa-old", 200, plainDelete)
	pass(t, f, del)
	// A delete before the step's window does not count.
	since := f.Since
	f.Since = time.Now().Add(time.Minute)
	failWith(t, f, del, []string{"kubectl deleted none of the pods of deployment web"})
	failWith(t, f, exec, []string{"no kubectl exec into one of the pods of deployment web"})
	f.Since = since
	// Every pod was there before the delete: nothing replaced it (yet).
	f.audit("delete", "/api/v1/namespaces/d/pods/web-bbb-9", "pods", "", "d", "web-bbb-9", 200, plainDelete)
	failWith(t, f, replaced, []string{"no pod of deployment web was created after the delete at"})
	fresh := replica("web-bbb-4", "web", "web-bbb", "rs2", "nginx:1.28", true)
	fresh.CreationTimestamp = metav1.NewTime(time.Now().Add(time.Minute))
	objs0 := webObjects(fresh)
	objs0[5] = replica("web-bbb-3", "web", "web-bbb", "rs2", "nginx:1.28", false)
	r := newFakeEnv(t, objs0...)
	r.audit("delete", "/api/v1/namespaces/d/pods/web-bbb-9", "pods", "", "d", "web-bbb-9", 200, plainDelete)
	pass(t, r, replaced)
	// The new pod is there, but not every pod is ready yet.
	objs1 := webObjects(fresh)
	objs1[3] = replica("web-bbb-1", "web", "web-bbb", "rs2", "nginx:1.28", false)
	objs1[4] = replica("web-bbb-2", "web", "web-bbb", "rs2", "nginx:1.28", false)
	u := newFakeEnv(t, objs1...)
	u.audit("delete", "/api/v1/namespaces/d/pods/web-bbb-9", "pods", "", "d", "web-bbb-9", 200, plainDelete)
	failWith(t, u, replaced, []string{"a new pod replaced the deleted one, but 2 of 3 pods of deployment web are ready"})

	// A Deployment made after the delete is not a pod replaced.
	d := deploy("web", "d1", 3, "2")
	d.CreationTimestamp = metav1.NewTime(time.Now().Add(time.Hour))
	objs := webObjects()
	objs[0] = d
	g := newFakeEnv(t, objs...)
	g.audit("delete", "/api/v1/namespaces/d/pods/web-bbb-9", "pods", "", "d", "web-bbb-9", 200, plainDelete)
	failWith(t, g, replaced, []string{"deployment web was created at", "a Deployment made again is not a Pod replaced"})
}

func TestDeploymentRollout(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	pass(t, f, `deployment "web" in namespace "d" is rolled out`)
	pass(t, f, `deployment "web" in namespace "d" is at revision 2`)
	failWith(t, f, `deployment "web" in namespace "d" is at revision 3`, []string{"deployment web is at revision 2, not 3", "kubectl rollout history deployment web -n d"})

	stuck := deploy("web", "d1", 3, "3")
	stuck.Status.UpdatedReplicas, stuck.Status.Replicas = 1, 4
	stuck.Status.Conditions = []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Reason: "ProgressDeadlineExceeded", Message: `ReplicaSet "web-ddd" has timed out progressing.`}}
	objs := webObjects(replicaSet("web-ddd", "rs4", "web", "d1", "3"), replica("web-ddd-1", "web", "web-ddd", "rs4", "nginx:9.99", false))
	objs[0] = stuck
	g := newFakeEnv(t, objs...)
	failWith(t, g, `deployment "web" in namespace "d" is rolled out`, []string{"3 replicas wanted, 1 updated, 3 ready, 3 available, 4 in all",
		"the rollout is stuck: ReplicaSet \"web-ddd\" has timed out", "pod web-ddd-1 is not ready: container nginx is waiting: ImagePullBackOff"})

	unseen := deploy("web", "d1", 3, "2")
	unseen.Status.ObservedGeneration = 1
	objs = webObjects()
	objs[0] = unseen
	h := newFakeEnv(t, objs...)
	failWith(t, h, `deployment "web" in namespace "d" is rolled out`, []string{"has not seen its latest change yet (generation 2, observed 1)"})
}

// rollout undo is told from a second set image to the old image (the same end state) and from
// rollout history or describe (reads only) by the request it sends.
func TestRolledBackWithUndo(t *testing.T) {
	step := `deployment "web" in namespace "d" was rolled back with kubectl rollout undo`
	f := newFakeEnv(t, webObjects()...)
	// rollout history and describe: reads.
	f.audit("get", deployURI, "deployments", "", "d", "web", 200, "")
	f.audit("list", "/apis/apps/v1/namespaces/d/replicasets?labelSelector=app%3Dweb", "replicasets", "", "d", "", 200, "")
	failWith(t, f, step, []string{"no `kubectl rollout undo` of deployment web in namespace d", "only read it"})
	// The bad rollout, then set image back to the old image.
	f.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	f.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	failWith(t, f, step, []string{"the last change of deployment web was `kubectl set`, not `kubectl rollout undo`"})
	// A dry run, or one the API server refused, is no undo.
	f.audit("patch", deployURI+"?dryRun=All", "deployments", "", "d", "web", 200, undoPatch)
	f.audit("patch", deployURI, "deployments", "", "d", "web", 409, undoPatch)
	failWith(t, f, step, []string{"`kubectl set`"})
	// A JSON patch of another kind without a field manager is not what undo sends.
	f.audit("patch", deployURI, "deployments", "", "d", "web", 200, `[{"op":"replace","path":"/spec/replicas","value":5}]`)
	failWith(t, f, step, []string{"the last change of deployment web was PATCH"})
	f.audit("patch", deployURI, "deployments", "", "d", "web", 200, undoPatch)
	pass(t, f, step)
	// A label, an annotation or a scale afterwards leave it the last change of the template.
	f.audit("patch", deployURI+"?fieldManager=kubectl-annotate", "deployments", "", "d", "web", 200, "")
	f.audit("patch", deployURI+"/scale?fieldManager=kubectl-scale", "deployments", "scale", "d", "web", 200, "")
	pass(t, f, step)
	// An edit afterwards does not.
	f.audit("patch", deployURI+"?fieldManager=kubectl-edit", "deployments", "", "d", "web", 200, "")
	failWith(t, f, step, []string{"was `kubectl edit`"})

	// A log at Metadata level (no bodies): the missing field manager decides.
	m := newFakeEnv(t, webObjects()...)
	m.audit("patch", deployURI, "deployments", "", "d", "web", 200, "")
	pass(t, m, step)

	z := newFakeEnv(t, webObjects()...)
	z.Lang = "zh-TW"
	z.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	failWith(t, z, step, []string{"Deployment web 最後一次變更是 `kubectl set`，而不是 `kubectl rollout undo`"})
}

func TestCELSteps(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	pass(t, f, `deployment "web" in namespace "d" satisfies:`, "self.spec.replicas == 3 &&\n  self.metadata.annotations['deployment.kubernetes.io/revision'] == '2'")
	failWith(t, f, `deployment "web" in namespace "d" satisfies:`, []string{"deployment web does not satisfy self.spec.replicas == 4 (it is false)"}, "self.spec.replicas == 4")
	failWith(t, f, `deployment "web" in namespace "d" satisfies:`, []string{"deployment web does not satisfy self.spec.paused: no such key: paused"}, "self.spec.paused")
	pass(t, f, `deployment "web" in namespace "d" satisfies:`, "!has(self.spec.paused)")
	failWith(t, f, `deployment "web" in namespace "d" satisfies:`, []string{"deployment web does not satisfy five replicas, as scaled (it is false)"}, "// five replicas,\n// as scaled\nself.spec.replicas == 5")
	failWith(t, f, `deployment "nope" in namespace "d" satisfies:`, []string{"expected deployment nope in namespace d, but there is none"}, "true")
	pass(t, f, `the pods of deployment "web" in namespace "d" satisfy:`, "items.size() == 3 && items.all(p, p.spec.containers[0].image == 'nginx:1.28')")
	pass(t, f, `the pods with label "app=web" in namespace "d" satisfy:`, "items.size() == 4 && items.exists(p, p.metadata.name == 'web2-ccc-1')")
	failWith(t, f, `the pods with label "app=web" in namespace "d" satisfy:`, []string{"the pods with label app=web does not satisfy items.size() == 3"}, "items.size() == 3")

	lib := Library{}
	if line, msg := lib.CheckDocString(`deployment "web" in namespace "d" satisfies:`, "self.spec.replicas == 3 &&\n  self.spec.replicas =="); line != 2 || !strings.Contains(msg, "invalid CEL expression") {
		t.Errorf("a CEL syntax error on line 2: %d %q", line, msg)
	}
	if line, msg := lib.CheckDocString(`deployment "web" in namespace "d" satisfies:`, "self.spec.replicas + 1"); line != 1 || !strings.Contains(msg, "not a bool") {
		t.Errorf("a CEL expression that is no bool: %d %q", line, msg)
	}
	if _, msg := lib.CheckDocString(`deployment "web" in namespace "d" satisfies:`, "items.exists(p, p.metadata.name.startsWith('web-'))"); msg != "" {
		t.Errorf("a valid expression: %q", msg)
	}
	if msg := lib.CheckStep(`the deployments of deployment "web" in namespace "d" satisfy:`, true); !strings.Contains(msg, "selects pods") {
		t.Errorf("of deployment for deployments: %q", msg)
	}
}

func TestListMatchingByKeyAndContains(t *testing.T) {
	d := deploy("web", "d1", 3, "2")
	d.Status.Conditions = []appsv1.DeploymentCondition{
		{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable"},
		{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, Reason: "MinimumReplicasAvailable"},
	}
	d.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl-create", Operation: metav1.ManagedFieldsOperationUpdate}, {Manager: "kubectl-set", Operation: metav1.ManagedFieldsOperationUpdate}}
	d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "nginx", Image: "nginx:1.28", Args: []string{"-g", "daemon off;", "--verbose"}}}
	objs := webObjects()
	objs[0] = d
	f := newFakeEnv(t, objs...)
	step := `deployment "web" in namespace "d" matches:`
	pass(t, f, step, "status:\n  conditions:\n  - type: Available\n    status: \"True\"")
	failWith(t, f, step, []string{"status.conditions[type=Available].reason is MinimumReplicasAvailable, not Nope"}, "status:\n  conditions:\n  - type: Available\n    reason: Nope")
	failWith(t, f, step, []string{"status.conditions[type=ReplicaFailure] is not set"}, "status:\n  conditions:\n  - type: ReplicaFailure")
	pass(t, f, step, "metadata:\n  managedFields:\n  - manager: kubectl-set")
	failWith(t, f, step, []string{"metadata.managedFields[manager=kubectl-edit] is not set"}, "metadata:\n  managedFields:\n  - manager: kubectl-edit")
	// By position, a list must be equal; tagged !contains, it must hold the elements.
	failWith(t, f, step, []string{"spec.template.spec.containers[name=nginx].args is"}, "spec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        args: [--verbose]")
	pass(t, f, step, "spec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        args: !contains [--verbose]")
	failWith(t, f, step, []string{`args has no element matching --quiet (it is ["-g","daemon off;","--verbose"])`}, "spec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        args: !contains [--verbose, --quiet]")
	pass(t, f, step, "status:\n  conditions: !contains\n  - {status: \"True\", reason: NewReplicaSetAvailable}")
	if _, msg := (Library{}).CheckDocString(step, "spec:\n  args: !contains [a]"); msg != "" {
		t.Errorf("!contains in a doc string: %s", msg)
	}
}

func TestAnswersOverASelector(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	f.stepID = "q"
	f.Answers = map[string]string{"q": "3"}
	pass(t, f, `the answer is the number of ready pods of deployment "web" in namespace "d"`)
	failWith(t, f, `the answer is the number of pods with label "app=web" in namespace "d"`, []string{`your answer "3" is not right`, "`kubectl get pods -n d` lists them"})
	f.Answers["q"] = "web-bbb-2"
	pass(t, f, `the answer is the name of a pod of deployment "web" in namespace "d"`)
	failWith(t, f, `the answer is the name of a pod with label "app=db" in namespace "d"`, []string{"there are no pods with label app=db"})
	f.Answers["q"] = "web2-ccc-1"
	failWith(t, f, `the answer is the name of a pod of deployment "web" in namespace "d"`, []string{"is not right"})
	f.Answers["q"] = "2"
	pass(t, f, `the answer is the revision of deployment "web" in namespace "d"`)
	if ok, keys := (Library{}).AnswerStep(`the answer is the revision of deployment "web" in namespace "d"`); !ok || keys != nil {
		t.Errorf("revision is a live answer check: %v %v", ok, keys)
	}
}

// A watch of an earlier rollout does not count for a later one: the watch must follow the
// Deployment's last change.
func TestWatchedTheRollout(t *testing.T) {
	step := `kubectl watched the rollout of deployment "web" in namespace "d"`
	f := newFakeEnv(t, webObjects()...)
	failWith(t, f, step, []string{"kubectl did not watch the rollout of deployment web in namespace d", "`kubectl rollout status deployment/web -n d`"})
	f.audit("create", "/apis/apps/v1/namespaces/d/deployments?fieldManager=kubectl-create", "deployments", "", "d", "web", 201, "")
	// rollout status: an informer's list and watch of the one deployment.
	f.audit("list", "/apis/apps/v1/namespaces/d/deployments?fieldSelector=metadata.name%3Dweb&limit=500", "deployments", "", "d", "", 200, "")
	f.audit("watch", "/apis/apps/v1/namespaces/d/deployments?fieldSelector=metadata.name%3Dweb&watch=true", "deployments", "", "d", "", 200, "")
	pass(t, f, step)
	time.Sleep(10 * time.Millisecond)
	f.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	failWith(t, f, step, []string{"kubectl watched deployment web before its last change at"})
	// A get of the deployment is no watch; a scale or a label is no change of the spec.
	f.audit("get", deployURI, "deployments", "", "d", "web", 200, "")
	failWith(t, f, step, []string{"before its last change"})
	time.Sleep(10 * time.Millisecond)
	f.audit("watch", "/apis/apps/v1/namespaces/d/deployments?watch=true", "deployments", "", "d", "", 200, "")
	pass(t, f, step)
	time.Sleep(10 * time.Millisecond)
	f.audit("patch", deployURI+"?fieldManager=kubectl-label", "deployments", "", "d", "web", 200, "")
	pass(t, f, step)
}

// An exec into a Pod of an earlier pod template (before `kubectl set env`, or while the change
// is not rolled out) saw the old Pods, not the change: it does not count for a Deployment.
func TestExecIntoAnEarlierTemplateDoesNotCount(t *testing.T) {
	exec := `kubectl executed the command "printenv" in a pod of deployment "web" in namespace "d"`
	f := newFakeEnv(t, webObjects()...)
	// web-aaa is revision 1; web is at revision 2 (web-bbb).
	f.audit("get", "/api/v1/namespaces/d/pods/web-aaa-old/exec?command=printenv&stdout=true", "pods", "exec", "d", "web-aaa-old", 101, "")
	failWith(t, f, exec, []string{"went into pod web-aaa-old, of an earlier pod template of deployment web"})
	// A Pod of the current template (web-bbb) counts.
	f.audit("get", "/api/v1/namespaces/d/pods/web-bbb-1/exec?command=printenv&stdout=true", "pods", "exec", "d", "web-bbb-1", 101, "")
	pass(t, f, exec)

	// The controller has not seen the latest change yet: no Pod runs it.
	objs := webObjects()
	d := deploy("web", "d1", 3, "2")
	d.Generation = 3
	objs[0] = d
	g := newFakeEnv(t, objs...)
	g.audit("get", "/api/v1/namespaces/d/pods/web-bbb-1/exec?command=printenv&stdout=true", "pods", "exec", "d", "web-bbb-1", 101, "")
	failWith(t, g, exec, []string{"went into pod web-bbb-1, of an earlier pod template of deployment web"})
}

// A Deployment deleted and made again with the new spec (kubectl replace --force, delete and
// create) ends in the state a scale or a set image gives, but nothing changed the Deployment.
func TestChangedNotMadeAgain(t *testing.T) {
	step := `deployment "web" in namespace "d" was changed by kubectl, not made again`
	f := newFakeEnv(t, webObjects()...)
	failWith(t, f, step, []string{"kubectl did not change deployment web in namespace d"})
	// A label or an annotation is no change of its spec; a dry run changes nothing.
	f.audit("patch", deployURI+"?fieldManager=kubectl-label", "deployments", "", "d", "web", 200, "")
	f.audit("patch", deployURI+"/scale?dryRun=All&fieldManager=kubectl-scale", "deployments", "scale", "d", "web", 200, "")
	failWith(t, f, step, []string{"kubectl did not change deployment web in namespace d"})
	f.audit("patch", deployURI+"/scale?fieldManager=kubectl-scale", "deployments", "scale", "d", "web", 200, "")
	pass(t, f, step)

	// Scaled, then deleted and made again with five replicas.
	objs := webObjects()
	d := deploy("web", "d9", 3, "1")
	d.CreationTimestamp = metav1.NewTime(time.Now().Truncate(time.Second))
	objs[0] = d
	g := newFakeEnv(t, objs...)
	g.audit("patch", deployURI+"/scale?fieldManager=kubectl-scale", "deployments", "scale", "d", "web", 200, "")
	g.audit("delete", deployURI, "deployments", "", "d", "web", 200, "")
	g.audit("create", "/apis/apps/v1/namespaces/d/deployments?fieldManager=kubectl-create", "deployments", "", "d", "web", 201, "")
	failWith(t, g, step, []string{"deployment web was made again at", "kubectl scale"})
	g.Lang = "zh-TW"
	failWith(t, g, step, []string{"Deployment web 在", "重新建立"})
	g.Lang = ""
	// A change of the Deployment made again counts.
	g.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	pass(t, g, step)

	// Deleted and made again with no change before: made again all the same.
	h := newFakeEnv(t, objs...)
	h.audit("delete", deployURI, "deployments", "", "d", "web", 200, "")
	h.audit("create", "/apis/apps/v1/namespaces/d/deployments?fieldManager=kubectl-create", "deployments", "", "d", "web", 201, "")
	failWith(t, h, step, []string{"deployment web was made again at"})
}

// An API error while reading a cluster-scoped object is no "there is none".
func TestSatisfiesSaysWhenTheClusterDoesNotAnswer(t *testing.T) {
	f := newFakeEnv(t, webObjects()...)
	f.Dynamic.(*dynamicfake.FakeDynamicClient).PrependReactor("get", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("connection refused")
	})
	failWith(t, f, `namespace "d" satisfies:`, []string{"cannot reach the cluster: connection refused"}, "self.metadata.name == 'd'")
}

// A watch begun before the change and still open across it (`kubectl get deployments -w` in
// another terminal, then set image) saw the rollout; one that ended before the change did not.
func TestWatchOpenAcrossTheChange(t *testing.T) {
	step := `kubectl watched the rollout of deployment "web" in namespace "d"`
	watch := func(f *fakeEnv, id, stage string, received, at time.Time) {
		f.appendAudit(map[string]any{
			"auditID": id, "stage": stage, "verb": "watch", "requestURI": "/apis/apps/v1/namespaces/d/deployments?watch=true",
			"userAgent":                "kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef",
			"objectRef":                map[string]any{"resource": "deployments", "namespace": "d", "apiGroup": "apps", "apiVersion": "v1"},
			"responseStatus":           map[string]any{"code": 200},
			"requestReceivedTimestamp": received.UTC().Format(time.RFC3339Nano),
			"stageTimestamp":           at.UTC().Format(time.RFC3339Nano),
		})
	}
	begun := time.Now().Add(-10 * time.Second)
	f := newFakeEnv(t, webObjects()...)
	watch(f, "w1", "ResponseStarted", begun, begun)
	watch(f, "w1", "ResponseComplete", begun, begun.Add(time.Second))
	watch(f, "w2", "ResponseStarted", begun, begun)
	f.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	// w2 is still open.
	pass(t, f, step)

	g := newFakeEnv(t, webObjects()...)
	watch(g, "w1", "ResponseStarted", begun, begun)
	watch(g, "w1", "ResponseComplete", begun, begun.Add(time.Second))
	g.audit("patch", deployURI+"?fieldManager=kubectl-set", "deployments", "", "d", "web", 200, "")
	failWith(t, g, step, []string{"kubectl watched deployment web before its last change at"})
	// Ended after the change: open across it.
	watch(g, "w2", "ResponseStarted", begun, begun)
	watch(g, "w2", "ResponseComplete", begun, time.Now().Add(time.Second))
	pass(t, g, step)
}

// A deleted Pod of an earlier pod template (one a rollout was replacing anyway, or one deleted
// in an earlier step, before the last rollout) is not what the Deployment's ReplicaSet replaced.
func TestReplacedCountsOnlyAPodOfTheCurrentTemplate(t *testing.T) {
	replaced := `a deleted pod of deployment "web" in namespace "d" was replaced`
	fresh := replica("web-bbb-4", "web", "web-bbb", "rs2", "nginx:1.28", true)
	fresh.CreationTimestamp = metav1.NewTime(time.Now().Add(time.Minute))
	objs := webObjects(fresh)
	objs[5] = replica("web-bbb-3", "web", "web-bbb", "rs2", "nginx:1.28", false)
	objs[5].(*corev1.Pod).DeletionTimestamp = &metav1.Time{Time: time.Now()}
	f := newFakeEnv(t, objs...)
	f.audit("delete", "/api/v1/namespaces/d/pods/web-aaa-old", "pods", "", "d", "web-aaa-old", 200, plainDelete)
	failWith(t, f, replaced, []string{"kubectl deleted pod web-aaa-old, of an earlier pod template of deployment web"})
	f.audit("delete", "/api/v1/namespaces/d/pods/web-bbb-9", "pods", "", "d", "web-bbb-9", 200, plainDelete)
	pass(t, f, replaced)
}
