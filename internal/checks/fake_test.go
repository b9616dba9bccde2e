package checks

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"
)

// fakeEnv is an Env over client-go fakes holding objs, an audit log in a temporary file
// and a temporary work directory; every check runs once (NoWait).
type fakeEnv struct {
	*Env
	t    *testing.T
	seen []Dependency
	// stepID is the step being checked (answer checks read its answer).
	stepID string
}

func newFakeEnv(t *testing.T, objs ...runtime.Object) *fakeEnv {
	t.Helper()
	mapper := meta.NewDefaultRESTMapper(nil)
	for _, k := range []string{"Pod", "ConfigMap", "Event"} {
		mapper.Add(schema.GroupVersionKind{Version: "v1", Kind: k}, meta.RESTScopeNamespace)
	}
	mapper.Add(schema.GroupVersionKind{Version: "v1", Kind: "Namespace"}, meta.RESTScopeRoot)
	for _, k := range []string{"Deployment", "ReplicaSet"} {
		mapper.Add(schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: k}, meta.RESTScopeNamespace)
	}
	dir := t.TempDir()
	f := &fakeEnv{t: t}
	f.Env = &Env{
		Client:   fake.NewSimpleClientset(objs...),
		Dynamic:  dynamicfake.NewSimpleDynamicClient(scheme.Scheme, objs...),
		Mapper:   mapper,
		AuditLog: filepath.Join(dir, "audit.log"),
		WorkDir:  dir,
		Lang:     "en",
		NoWait:   true,
		Since:    time.Now().Add(-time.Minute),
		Settle:   50 * time.Millisecond, // an absence must hold this long (short, for tests)
		Observe:  func(d Dependency) { f.seen = append(f.seen, d) },
	}
	if err := os.WriteFile(f.AuditLog, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// audit appends one kubectl request to the audit log.
func (f *fakeEnv) audit(verb, uri, resource, sub, ns, name string, code int, body string) {
	f.t.Helper()
	ev := map[string]any{
		"stage": "ResponseComplete", "verb": verb, "requestURI": uri,
		"userAgent":                "kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef",
		"objectRef":                map[string]any{"resource": resource, "subresource": sub, "namespace": ns, "name": name, "apiVersion": "v1"},
		"responseStatus":           map[string]any{"code": code},
		"requestReceivedTimestamp": time.Now().UTC().Format(time.RFC3339Nano),
	}
	if code >= 400 {
		ev["responseStatus"] = map[string]any{"code": code, "message": `namespaces "` + ns + `" not found`}
	}
	if body != "" {
		ev["requestObject"] = json.RawMessage(body)
	}
	f.appendAudit(ev)
}

// appendAudit appends one audit event to the fake's log, as the API server writes it.
func (f *fakeEnv) appendAudit(ev map[string]any) {
	f.t.Helper()
	line, _ := json.Marshal(ev)
	fh, err := os.OpenFile(f.AuditLog, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		f.t.Fatal(err)
	}
	defer fh.Close()
	if _, err := fh.Write(append(line, '\n')); err != nil {
		f.t.Fatal(err)
	}
}

// What kubectl v1.37 sends as the body of `kubectl delete pod NAME` and its variants.
const (
	plainDelete = `{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}`
	forceDelete = `{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"propagationPolicy":"Background"}`
	grace10     = `{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":10,"propagationPolicy":"Background"}`
)

// step runs one step line through the library's own matching, as godog would, and returns
// the failure message ("" when it passed).
func (f *fakeEnv) step(text string, doc ...string) string {
	f.t.Helper()
	lib := NewLibrary()
	for _, d := range lib.defs {
		m := d.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		args := []any{WithStep(WithEnv(context.Background(), f.Env), f.stepID)}
		for _, a := range m[1:] {
			args = append(args, a)
		}
		if len(doc) > 0 {
			args = append(args, &godog.DocString{Content: doc[0]})
		}
		out := callHandler(d.Handler, args)
		if out == nil {
			return ""
		}
		return out.Error()
	}
	f.t.Fatalf("no step matches %q", text)
	return ""
}

func pass(t *testing.T, f *fakeEnv, text string, doc ...string) {
	t.Helper()
	if msg := f.step(text, doc...); msg != "" {
		t.Errorf("%s: failed: %s", text, msg)
	}
}

func failWith(t *testing.T, f *fakeEnv, text string, want []string, doc ...string) {
	t.Helper()
	msg := f.step(text, doc...)
	if msg == "" {
		t.Errorf("%s: passed, want a failure", text)
		return
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: reason %q lacks %q", text, msg, w)
		}
	}
}

func pod(name, ns string, containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, CreationTimestamp: metav1.Now()},
		Spec:       corev1.PodSpec{Containers: containers},
	}
}
