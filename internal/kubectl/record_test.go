package kubectl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/labs-dev/labs/internal/audit"
)

// What labs' kubectl sends is recorded as the API server would log it, and read back by the
// audit log's own reader: verb, object, path and query (dry run), user agent, response code and
// the server's error text, a delete's options.
func TestRecorderWritesAuditEvents(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"web\" not found","reason":"NotFound","code":404}`))
		case r.Method == http.MethodPost:
			_, _ = w.Write([]byte(`{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"demo"}}`))
		default:
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Success"}`))
		}
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "evidence", "kubectl.log")
	cfg := Recorder(path)(&rest.Config{Host: srv.URL, BearerToken: "t", UserAgent: "kubectl/v1.37.2 (linux/amd64) kubernetes/abc"})
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now().Add(-time.Second)
	if _, err := client.CoreV1().Pods("demo").Get(ctx, "web", metav1.GetOptions{}); err == nil {
		t.Fatal("the get did not fail")
	}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}}
	if _, err := client.CoreV1().Pods("demo").Create(ctx, pod, metav1.CreateOptions{DryRun: []string{"All"}}); err != nil {
		t.Fatal(err)
	}
	grace := int64(0)
	if err := client.CoreV1().Pods("demo").Delete(ctx, "web", metav1.DeleteOptions{GracePeriodSeconds: &grace}); err != nil {
		t.Fatal(err)
	}
	events, err := audit.Read(path, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 {
		t.Fatalf("%d events, want 3: %+v", len(events), events)
	}
	get, create, del := events[0], events[1], events[2]
	if get.Verb != "get" || get.ObjectRef == nil || get.ObjectRef.Resource != "pods" || get.ObjectRef.Name != "web" || get.ObjectRef.Namespace != "demo" ||
		get.Code() != 404 || get.Message() != `pods "web" not found` || !get.Kubectl() || get.User.Username != "kubeconfig-user" {
		t.Errorf("get: %+v %+v %+v", get, get.ObjectRef, get.Response)
	}
	if create.Verb != "create" || !create.DryRun() || create.Code() != 200 || create.Path() != "/api/v1/namespaces/demo/pods" || create.ObjectRef.Name != "web" {
		t.Errorf("create: %+v", create)
	}
	opts, ok := del.Delete()
	if del.Verb != "delete" || !ok || opts.GracePeriodSeconds == nil || *opts.GracePeriodSeconds != 0 {
		t.Errorf("delete: %+v, options %+v %v", del, opts, ok)
	}
	if later, err := audit.Read(path, time.Now().Add(time.Minute)); err != nil || len(later) != 0 {
		t.Errorf("the window leaves out earlier requests: %v, %v", later, err)
	}
}
