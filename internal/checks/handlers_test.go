package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const podsURI = "/api/v1/namespaces/shop/pods/"

func TestDeleteOfANamedObjectWithItsFlags(t *testing.T) {
	force := `kubectl deleted pod "old" in namespace "shop" with --grace-period=0 --force`
	named := `kubectl deleted pod "old" in namespace "shop"`
	grace := `kubectl deleted pod "old" in namespace "shop" with a grace period of 10s`

	f := newFakeEnv(t)
	failWith(t, f, force, []string{"kubectl sent no delete for pod old in namespace shop", "`kubectl delete pod old -n shop --grace-period=0 --force`"})

	// Another pod deleted: the named step names what was deleted instead.
	f.audit("delete", podsURI+"other", "pods", "", "shop", "other", 200, plainDelete)
	failWith(t, f, named, []string{"kubectl deleted pod other in namespace shop, not pod old"})

	// A plain delete: the named step passes, the forced and the 10 s ones do not.
	f.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, plainDelete)
	pass(t, f, named)
	failWith(t, f, force, []string{"with the default grace period, not --grace-period=0 --force", "delete it again with `kubectl delete pod old -n shop --grace-period=0 --force`"})
	failWith(t, f, grace, []string{"not a grace period of 10s"})

	f.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, grace10)
	pass(t, f, grace)
	pass(t, f, `kubectl deleted pod "old" in namespace "shop" with --grace-period=10`)
	failWith(t, f, force, []string{"a grace period of 10s"})

	f.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, forceDelete)
	pass(t, f, force)
	pass(t, f, `kubectl deleted pod "old" in namespace "shop" with --force`)

	// The grace period sent as a query parameter counts as well.
	q := newFakeEnv(t)
	q.audit("delete", podsURI+"old?gracePeriodSeconds=0", "pods", "", "shop", "old", 200, "")
	pass(t, q, force)

	// A delete the API server refused: its own words.
	r := newFakeEnv(t)
	r.audit("delete", podsURI+"old", "pods", "", "shop", "old", 404, plainDelete)
	failWith(t, r, named, []string{"the API server rejected kubectl's delete of pod old in namespace shop: namespaces \"shop\" not found"})

	// A dry-run delete deleted nothing.
	d := newFakeEnv(t)
	d.audit("delete", podsURI+"old?dryRun=All", "pods", "", "shop", "old", 200, forceDelete)
	failWith(t, d, force, []string{"kubectl sent no delete"})
}

func TestWasDeleted(t *testing.T) {
	step := `pod "old" was deleted from namespace "shop"`
	// A fresh cluster where it never existed: "is absent" would pass, this does not.
	f := newFakeEnv(t)
	failWith(t, f, step, []string{"it is absent, but it was never deleted here"})
	pass(t, f, `pod "old" is absent from namespace "shop"`)

	e := newFakeEnv(t, pod("old", "shop", corev1.Container{Name: "app", Image: "busybox"}))
	failWith(t, e, step, []string{"pod old still exists in namespace shop", "`kubectl delete pod old -n shop`"})

	g := newFakeEnv(t)
	g.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, plainDelete)
	pass(t, g, step)

	// Deleted, then made again (by a controller, say).
	p := pod("old", "shop", corev1.Container{Name: "app", Image: "busybox"})
	p.CreationTimestamp = metav1.NewTime(time.Now().Add(time.Minute))
	h := newFakeEnv(t, p)
	h.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, plainDelete)
	failWith(t, h, step, []string{"exists again"})
}

func TestExecIntoANamedContainer(t *testing.T) {
	step := `kubectl executed a command in container "sidecar" of pod "cart" in namespace "shop"`
	it := step + " with -it"
	f := newFakeEnv(t)
	failWith(t, f, step, []string{"no kubectl exec into pod cart in namespace shop", "`kubectl exec cart -n shop -c sidecar -- date`"})

	f.audit("get", podsURI+"cart/exec?command=sh&container=app&stderr=true&stdout=true", "pods", "exec", "shop", "cart", 101, "")
	failWith(t, f, step, []string{"used container app, not sidecar", "-c sidecar"})
	pass(t, f, `kubectl executed a command in pod "cart" in namespace "shop"`)

	// kubectl v1.37: GET over websocket.
	f.audit("get", podsURI+"cart/exec?command=sh&container=sidecar&stderr=true&stdout=true", "pods", "exec", "shop", "cart", 101, "")
	pass(t, f, step)
	failWith(t, f, it, []string{"ran without -it", "`kubectl exec -it cart -n shop -c sidecar -- sh`"})

	f.audit("get", podsURI+"cart/exec?command=sh&container=sidecar&stdin=true&stdout=true&tty=true", "pods", "exec", "shop", "cart", 101, "")
	pass(t, f, it)

	// Older clients: POST (create) over SPDY.
	o := newFakeEnv(t)
	o.audit("create", podsURI+"cart/exec?command=sh&container=sidecar&stdin=true&stdout=true&tty=true", "pods", "exec", "shop", "cart", 101, "")
	pass(t, o, it)
	pass(t, o, `kubectl sent a get request for pods/exec in namespace "shop"`)

	w := newFakeEnv(t)
	w.audit("get", "/api/v1/namespaces/shop/pods/web/exec?container=sidecar", "pods", "exec", "shop", "web", 101, "")
	failWith(t, w, step, []string{"went into pod web, not cart"})
}

func TestContainerImage(t *testing.T) {
	f := newFakeEnv(t, pod("my-pod", "x", corev1.Container{Name: "main", Image: "nginx"}, corev1.Container{Name: "client", Image: "httpd:2"}))
	failWith(t, f, `pod "my-pod" in namespace "x" has container "client" with image "busybox"`,
		[]string{"container client of pod my-pod runs httpd:2, not busybox", "`kubectl delete pod my-pod -n x`", "`kubectl set image pod/my-pod client=busybox -n x`"})
	pass(t, f, `pod "my-pod" in namespace "x" has container "main" with image "docker.io/library/nginx:latest"`)
	failWith(t, f, `pod "my-pod" in namespace "x" has container "side" with image "nginx"`, []string{"pod my-pod has no container side (its containers: main, client)"})
	// The "any container" step now says how to get out of a wrong image.
	failWith(t, f, `pod "my-pod" in namespace "x" has a container with image "busybox"`, []string{"`kubectl run` cannot replace an existing pod", "`kubectl delete pod my-pod -n x`"})
	found := false
	for _, d := range f.seen {
		found = found || d.Resource == gvrPods
	}
	if !found {
		t.Error("the pod read was not observed")
	}
}

func TestFileMatchesAndApplied(t *testing.T) {
	f := newFakeEnv(t, pod("web", "demo", corev1.Container{Name: "web", Image: "nginx"}))
	manifest := "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  name: web\n  namespace: demo\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\nstatus: {}\n"
	if err := os.WriteFile(filepath.Join(f.WorkDir, "web.yaml"), []byte("---\n"+manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx"
	pass(t, f, `the file "web.yaml" in the work directory matches:`, doc)
	failWith(t, f, `the file "web.yaml" in the work directory matches:`, []string{"web.yaml does not match", "spec.containers[name=web].image is nginx, not httpd"},
		"spec:\n  containers:\n  - name: web\n    image: httpd")
	failWith(t, f, `the file "nope.yaml" in the work directory matches:`, []string{"expected a file nope.yaml"}, doc)
	pass(t, f, `the objects of the file "web.yaml" in the work directory exist in the cluster`)

	if err := os.WriteFile(filepath.Join(f.WorkDir, "web2.yaml"), []byte(strings.ReplaceAll(manifest, "name: web\n  namespace", "name: web2\n  namespace")), 0o644); err != nil {
		t.Fatal(err)
	}
	failWith(t, f, `the objects of the file "web2.yaml" in the work directory exist in the cluster`, []string{"there is no Pod web2 in namespace demo", "`kubectl apply -f web2.yaml`"})
	if err := os.WriteFile(filepath.Join(f.WorkDir, "web.yaml"), []byte(strings.ReplaceAll(manifest, "image: nginx", "image: httpd")), 0o644); err != nil {
		t.Fatal(err)
	}
	failWith(t, f, `the objects of the file "web.yaml" in the work directory exist in the cluster`, []string{"Pod web exists but differs from web.yaml: spec.containers[name=web].image is nginx, not httpd"})
}

// A saved kubeconfig is no manifest: its text is checked as written.
func TestFileContains(t *testing.T) {
	f := newFakeEnv(t)
	raw := "users:\n- name: labs\n  user:\n    client-certificate-data: DATA+OMITTED\n"
	if err := os.WriteFile(filepath.Join(f.WorkDir, "raw-kubeconfig"), []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	pass(t, f, `the file "raw-kubeconfig" in the work directory contains "client-certificate-data: "`)
	failWith(t, f, `the file "raw-kubeconfig" in the work directory does not contain "DATA+OMITTED"`, []string{`raw-kubeconfig contains "DATA+OMITTED", which it should not`})
	failWith(t, f, `the file "raw-kubeconfig" in the work directory contains "BEGIN"`, []string{`raw-kubeconfig does not contain "BEGIN"`})
	failWith(t, f, `the file "none" in the work directory contains "x"`, []string{"expected a file none"})
	if err := os.WriteFile(filepath.Join(f.WorkDir, "raw-kubeconfig"), []byte(strings.ReplaceAll(raw, "DATA+OMITTED", "LS0tLS1CRUdJTg==")), 0o600); err != nil {
		t.Fatal(err)
	}
	pass(t, f, `the file "raw-kubeconfig" in the work directory does not contain "DATA+OMITTED"`)
}

func TestDryRunReasons(t *testing.T) {
	step := `kubectl sent a server-side dry run for pods in namespace "demo"`
	// web2 created for real by mistake: applying it again sends nothing, so say to delete it.
	f := newFakeEnv(t, pod("web2", "demo", corev1.Container{Name: "web2", Image: "nginx"}))
	f.audit("create", "/api/v1/namespaces/demo/pods?fieldManager=kubectl-client-side-apply", "pods", "", "demo", "web2", 201, "")
	failWith(t, f, step, []string{"pod web2 exists", "delete it (`kubectl delete pod web2 -n demo`), then run the dry run again"})
	failWith(t, f, `pod "web2" is absent from namespace "demo"`, []string{"delete it: `kubectl delete pod web2 -n demo`"})

	// Rejected: the API's own error text, not a guess.
	r := newFakeEnv(t)
	r.audit("create", "/api/v1/namespaces/demo/pods?dryRun=All", "pods", "", "demo", "web2", 404, "")
	failWith(t, r, step, []string{`rejected your server-side dry run for pods in namespace demo: namespaces "demo" not found`})
	r.audit("create", "/api/v1/namespaces/demo/pods?dryRun=All", "pods", "", "demo", "web2", 201, "")
	pass(t, r, step)
}

func TestPathWithAQuery(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("get", podsURI+"cart/exec?command=sh&container=app", "pods", "exec", "shop", "cart", 101, "")
	step := `kubectl requested the path "/api/v1/namespaces/shop/pods/cart/exec?container=sidecar"`
	failWith(t, f, step, []string{"but not with container=sidecar"})
	f.audit("get", podsURI+"cart/exec?container=sidecar&command=sh", "pods", "exec", "shop", "cart", 101, "")
	pass(t, f, step)
	pass(t, f, `kubectl requested the path "/api/v1/namespaces/shop/pods/cart"`)
}

func TestMaxTimeoutCapsWithin(t *testing.T) {
	e := &Env{Timeout: 5 * time.Second, MaxTimeout: time.Second}
	for within, want := range map[string]time.Duration{"": time.Second, "30s": time.Second, "500ms": 500 * time.Millisecond} {
		if got, err := e.timeout(within); err != nil || got != want {
			t.Errorf("within %q: %v %v, want %v", within, got, err, want)
		}
	}
	e.MaxTimeout = 0
	if got, _ := e.timeout("30s"); got != 30*time.Second {
		t.Errorf("no cap: %v", got)
	}
}

func TestZhReasons(t *testing.T) {
	f := newFakeEnv(t)
	f.Lang = "zh-TW"
	failWith(t, f, `kubectl executed a command in container "sidecar" of pod "cart" in namespace "shop"`, []string{"自實作練習開始以來，沒有看到對命名空間 shop 中 Pod cart 的 kubectl exec"})
	failWith(t, f, `kubectl deleted pod "old" in namespace "shop"`, []string{"自實作練習開始以來，kubectl 沒有刪除命名空間 shop 中的 Pod old；請執行 `kubectl delete pod old -n shop`"})
}

// A log without delete bodies (an older audit policy): a step without options still passes,
// one with options says what to do rather than guessing.
func TestDeleteWithoutLoggedOptions(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("delete", podsURI+"old", "pods", "", "shop", "old", 200, "")
	pass(t, f, `kubectl deleted pod "old" in namespace "shop"`)
	failWith(t, f, `kubectl deleted pod "old" in namespace "shop" with --force`, []string{"the audit log holds no delete options", "`labs cluster down`"})
}

func TestZhDryRunNamesTheKind(t *testing.T) {
	f := newFakeEnv(t)
	f.Lang = "zh-TW"
	failWith(t, f, `kubectl sent a server-side dry run for pods in namespace "demo"`, []string{"自實作練習開始以來，沒有看到對命名空間 demo 中 Pod 的伺服器端 dry run（--dry-run=client 不會送到 API Server；請用 --dry-run=server）"})
}

// A pod the lab asked for earlier (kubectl run web) is not the one the dry run is about: only
// an object applied by mistake, or the one the step names, is said to be in the way.
func TestDryRunIgnoresOtherPods(t *testing.T) {
	f := newFakeEnv(t, pod("web", "demo", corev1.Container{Name: "web", Image: "nginx"}), pod("web2", "demo", corev1.Container{Name: "web2", Image: "nginx"}))
	f.audit("create", "/api/v1/namespaces/demo/pods?fieldManager=kubectl-run", "pods", "", "demo", "web", 201, "")
	failWith(t, f, `kubectl sent a server-side dry run for pods in namespace "demo"`, []string{"no server-side dry run for pods in namespace demo since the lab started"})
	f.audit("create", "/api/v1/namespaces/demo/pods?fieldManager=kubectl-run", "pods", "", "demo", "web2", 201, "")
	failWith(t, f, `kubectl sent a server-side dry run for pod "web2" in namespace "demo"`, []string{"pod web2 exists: it was created for real", "`kubectl delete pod web2 -n demo`"})
	// A dry run of another pod does not count for the named step.
	f.audit("create", "/api/v1/namespaces/demo/pods?dryRun=All", "pods", "", "demo", "web3", 201, "")
	failWith(t, f, `kubectl sent a server-side dry run for pod "web2" in namespace "demo"`, []string{"pod web2 exists"})
	pass(t, f, `kubectl sent a server-side dry run for pods in namespace "demo"`)
}

// A create the API server refused: the object's step passes on its words.
func TestNotFoundPassesOnTheRefusal(t *testing.T) {
	f := newFakeEnv(t)
	f.audit("create", "/api/v1/namespaces/demo/pods?fieldManager=kubectl-run", "pods", "", "demo", "web", 404, "")
	failWith(t, f, `pod "web" in namespace "demo" has a container with image "nginx"`, []string{`expected pod web in namespace demo, but there is none: the API server refused kubectl's request: namespaces "demo" not found`})
	failWith(t, f, `configmap "web" exists in namespace "demo"`, []string{"expected configmap web in namespace demo, but namespace demo does not exist"})
}

// A missing work file is named as the learner knows it: in the directory WorkDirName names
// (a graded submission, of which WorkDir is a copy), never the copy's path.
func TestMissingWorkFileNamesTheSubmission(t *testing.T) {
	f := newFakeEnv(t)
	f.WorkDirName = "students/alice"
	for _, step := range []string{
		`the file "web2.yaml" in the work directory matches:`,
		`the objects of the file "web2.yaml" in the work directory exist in the cluster`,
		`the file "web2.yaml" in the work directory is a manifest of kind "Pod" named "web2"`,
	} {
		var doc []string
		if strings.HasSuffix(step, ":") {
			doc = []string{"kind: Pod"}
		}
		msg := f.step(step, doc...)
		if !strings.Contains(msg, "web2.yaml in students/alice") || strings.Contains(msg, f.WorkDir) {
			t.Errorf("%s: reason %q must name students/alice, not %s", step, msg, f.WorkDir)
		}
	}
	// A file that cannot be read: the reason says why, without the copy's path.
	if err := os.Mkdir(filepath.Join(f.WorkDir, "web2.yaml"), 0o700); err != nil {
		t.Fatal(err)
	}
	if msg := f.step(`the file "web2.yaml" in the work directory matches:`, "kind: Pod"); !strings.Contains(msg, "cannot read web2.yaml") || strings.Contains(msg, f.WorkDir) {
		t.Errorf("unreadable file: %q", msg)
	}
}
