package checks

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

var (
	gvrNamespaces = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	gvrPods       = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	gvrEvents     = schema.GroupVersionResource{Version: "v1", Resource: "events"}
)

func registerObjects() {
	def(Def{
		Pattern: `^namespace "([^"]+)" exists` + within + `$`,
		Example: `namespace "demo" exists`,
		Doc:     "the namespace exists (in any phase)",
		Handler: namespaceExists,
	})
	def(Def{
		Pattern: `^namespace "([^"]+)" is Active` + within + `$`,
		Example: `namespace "demo" is Active within 10s`,
		Doc:     "the namespace exists and is not being deleted",
		Handler: namespaceActive,
	})
	def(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" exists in namespace "([^"]+)"` + within + `$`,
		Example: `configmap "settings" exists in namespace "demo"`,
		Doc:     "an object of the kind (or resource name) exists",
		Handler: objectExists,
	})
	def(Def{
		Pattern: `^(?:an? |the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" is absent from namespace "([^"]+)"` + within + `$`,
		Example: `pod "web2" is absent from namespace "demo"`,
		Doc:     "no object of the kind with this name exists (or it is being deleted)",
		Handler: objectAbsent,
	})
	def(Def{
		Pattern:   `^(?:the )?([A-Za-z][A-Za-z0-9.]*) "([^"]+)" in namespace "([^"]+)" matches` + within + `:$`,
		Example:   `pod "web" in namespace "demo" matches:`,
		DocString: "spec:\n  containers:\n  - name: web\n    image: nginx",
		Doc:       "the object has every field of the YAML doc string (other fields are ignored; lists of objects are matched by name)",
		Handler:   objectMatches,
	})
}

func namespaceExists(ctx context.Context, name, within string) error {
	e := envFrom(ctx)
	e.observe(Dependency{Resource: gvrNamespaces})
	return e.eventually(ctx, within, func(ctx context.Context) error {
		_, err := e.namespace(ctx, name, "to exist", "存在")
		return err
	})
}

// namespace gets a namespace, or a failure naming what was expected of it and which
// namespaces there are instead.
func (e *Env) namespace(ctx context.Context, name, expectedEN, expectedZH string) (*corev1.Namespace, error) {
	ns, err := e.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, e.fail("expected namespace %s %s, but there is no such namespace%s",
			"預期命名空間 %s %s，但找不到它%s", name, e.pick(expectedEN, expectedZH), e.otherNamespaces(ctx))
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	return ns, nil
}

func namespaceActive(ctx context.Context, name, within string) error {
	e := envFrom(ctx)
	e.observe(Dependency{Resource: gvrNamespaces})
	return e.eventually(ctx, within, func(ctx context.Context) error {
		ns, err := e.namespace(ctx, name, "to be Active", "為 Active")
		if err != nil {
			return err
		}
		if ns.Status.Phase != corev1.NamespaceActive {
			return e.fail("namespace %s exists but is %s, not Active: it is being deleted; wait until it is gone and create it again",
				"命名空間 %s 存在，但狀態是 %s 而不是 Active：它正在被刪除；等它消失後再建立一次", name, ns.Status.Phase)
		}
		return nil
	})
}

// otherNamespaces lists the learner-made namespaces, to spot a typo.
func (e *Env) otherNamespaces(ctx context.Context) string {
	list, err := e.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		return ""
	}
	var names []string
	for _, ns := range list.Items {
		switch n := ns.Name; {
		case n == "default", strings.HasPrefix(n, "kube-"):
		default:
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return e.say(" (namespaces you have: %s)", "（現有的命名空間：%s）", strings.Join(names, ", "))
}

// resolve maps a kind or resource name the author wrote ("pod", "Deployment", "deploy",
// "deployments.apps") to the API resource.
func (e *Env) resolve(kind string) (schema.GroupVersionResource, bool, error) {
	gr := schema.ParseGroupResource(strings.ToLower(kind))
	gvr, err := e.Mapper.ResourceFor(gr.WithVersion(""))
	if err != nil {
		return gvr, false, e.fail("this cluster has no resource %q: %v", "這個叢集沒有資源 %q：%v", kind, err)
	}
	gvk, err := e.Mapper.KindFor(gvr)
	if err != nil {
		return gvr, false, e.fail("this cluster has no resource %q: %v", "這個叢集沒有資源 %q：%v", kind, err)
	}
	m, err := e.Mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return gvr, false, e.fail("this cluster has no resource %q: %v", "這個叢集沒有資源 %q：%v", kind, err)
	}
	e.observe(Dependency{Resource: gvr})
	return gvr, m.Scope.Name() == "namespace", nil
}

func (e *Env) getObject(ctx context.Context, kind, name, ns string) (*unstructured.Unstructured, error) {
	gvr, namespaced, err := e.resolve(kind)
	if err != nil {
		return nil, err
	}
	obj, err := e.get(ctx, gvr, namespaced, name, ns)
	if apierrors.IsNotFound(err) {
		return nil, e.notFound(ctx, gvr, kind, name, ns, namespaced)
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	return obj, nil
}

// get reads one object of gvr, in namespace ns when the resource is namespaced.
func (e *Env) get(ctx context.Context, gvr schema.GroupVersionResource, namespaced bool, name, ns string) (*unstructured.Unstructured, error) {
	ri := e.Dynamic.Resource(gvr)
	if namespaced {
		return ri.Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	}
	return ri.Get(ctx, name, metav1.GetOptions{})
}

// notFound explains a missing object: no such namespace, or what is there instead.
func (e *Env) notFound(ctx context.Context, gvr schema.GroupVersionResource, kind, name, ns string, namespaced bool) error {
	if namespaced {
		if _, err := e.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
			return e.fail("expected %s %s in namespace %s, but namespace %s does not exist",
				"預期命名空間 %[3]s 中有 %[1]s %[2]s，但命名空間 %[4]s 不存在", kind, name, ns, ns)
		}
		list, err := e.Dynamic.Resource(gvr).Namespace(ns).List(ctx, metav1.ListOptions{})
		if err == nil && len(list.Items) > 0 {
			var names []string
			for _, it := range list.Items {
				names = append(names, it.GetName())
			}
			sort.Strings(names)
			return e.fail("expected %s %s in namespace %s, but there is none; found: %s (a different name? another namespace?)",
				"預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有；現有：%[4]s（名稱打錯了？在別的命名空間？）", kind, name, ns, strings.Join(names, ", "))
		}
		return e.fail("expected %s %s in namespace %s, but there is none (created in another namespace? check your current namespace with `kubectl config view --minify`)",
			"預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有（建立在別的命名空間了嗎？用 `kubectl config view --minify` 看目前的命名空間）", kind, name, ns)
	}
	return e.fail("expected %s %s to exist, but there is none", "預期 %s %s 存在，但找不到", kind, name)
}

func objectExists(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		_, err := e.getObject(ctx, kind, name, ns)
		return err
	})
}

func objectAbsent(ctx context.Context, kind, name, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		gvr, namespaced, err := e.resolve(kind)
		if err != nil {
			return err
		}
		obj, err := e.get(ctx, gvr, namespaced, name, ns)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return e.apiError(err)
		}
		if obj.GetDeletionTimestamp() != nil {
			return nil
		}
		return e.fail("expected no %s %s in namespace %s, but it exists (created %s)",
			"預期命名空間 %[3]s 中沒有 %[1]s %[2]s，但它存在（建立於 %[4]s）", kind, name, ns, obj.GetCreationTimestamp().Format("15:04:05"))
	})
}

func objectMatches(ctx context.Context, kind, name, ns, within string, doc *godog.DocString) error {
	e := envFrom(ctx)
	var want any
	if err := yaml.Unmarshal([]byte(doc.Content), &want); err != nil {
		return e.fail("the lab's expected YAML is invalid: %v", "實驗中預期的 YAML 無效：%v", err)
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		obj, err := e.getObject(ctx, kind, name, ns)
		if err != nil {
			return err
		}
		// Round-trip through JSON so numbers and maps compare alike on both sides.
		raw, err := json.Marshal(obj.Object)
		if err != nil {
			return err
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil {
			return err
		}
		if diff := match("", want, got); diff != nil {
			return e.fail("%s %s exists but %s", "%s %s 存在，但 %s", kind, name, diff.say(e))
		}
		return nil
	})
}
