package checks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/kubeconfig"
)

func registerEvidence() {
	def(Def{
		Pattern: `^the kubeconfig's current namespace is "([^"]+)"` + within + `$`,
		Example: `the kubeconfig's current namespace is "demo"`,
		Doc:     "the namespace of the current context of the learner's kubeconfig",
		Handler: kubeconfigNamespace,
	})
	def(Def{
		Pattern: `^the file "([^"]+)" in the work directory is a manifest of kind "([^"]+)" named "([^"]+)"` + within + `$`,
		Example: `the file "web.yaml" in the work directory is a manifest of kind "Pod" named "web"`,
		Doc:     "a YAML file the learner wrote holds an object of this kind and name, with an apiVersion the cluster serves",
		Handler: manifestFile,
	})
	def(Def{
		Pattern: `^kubectl sent a server-side dry run for ([a-z0-9.]+) in namespace "([^"]+)"` + within + `$`,
		Example: `kubectl sent a server-side dry run for pods in namespace "demo"`,
		Doc:     "audit evidence: kubectl made a successful write with --dry-run=server on the resource since the lab started",
		Handler: auditDryRun,
	})
	def(Def{
		Pattern: `^kubectl sent a ([a-z]+) request for ([a-z0-9.]+)(?:/([a-z]+))?(?: in namespace "([^"]+)")?` + within + `$`,
		Example: `kubectl sent a create request for pods/exec in namespace "demo"`,
		Doc:     "audit evidence: kubectl made a request with this verb on the resource (and subresource) since the lab started",
		Handler: auditRequest,
	})
	def(Def{
		Pattern: `^kubectl requested the path "(/[^"]*)"` + within + `$`,
		Example: `kubectl requested the path "/api/v1/namespaces/kube-system/services"`,
		Doc:     "audit evidence: kubectl requested a URL path starting with this since the lab started (e.g. kubectl cluster-info)",
		Handler: auditPath,
	})
	def(Def{
		Pattern: `^an event with reason "([^"]+)" was recorded for ([A-Za-z]+) "([^"]+)" in namespace "([^"]+)"` + within + `$`,
		Example: `an event with reason "Scheduled" was recorded for pod "web" in namespace "demo" within 30s`,
		Doc:     "a core/v1 Event of this reason about the object",
		Handler: eventRecorded,
	})
}

func kubeconfigNamespace(ctx context.Context, ns, within string) error {
	e := envFrom(ctx)
	e.observe(Dependency{File: e.Kubeconfig})
	return e.eventually(ctx, within, func(ctx context.Context) error {
		if e.Kubeconfig == "" {
			return e.fail("no kubeconfig to check", "沒有可檢查的 kubeconfig")
		}
		got, err := kubeconfig.CurrentNamespace(e.Kubeconfig)
		if err != nil {
			return e.fail("cannot read the kubeconfig: %v", "無法讀取 kubeconfig：%v", err)
		}
		if got == ns {
			return nil
		}
		return e.fail("the current context uses namespace %s, not %s (change the context, not just one command's -n)",
			"目前的 context 使用命名空間 %s 而不是 %s（要改的是 context，不是單一指令的 -n）", got, ns)
	})
}

func manifestFile(ctx context.Context, file, kind, name, within string) error {
	e := envFrom(ctx)
	p := file
	if !filepath.IsAbs(p) {
		p = filepath.Join(e.WorkDir, file)
	}
	e.observe(Dependency{File: p})
	return e.eventually(ctx, within, func(ctx context.Context) error {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return e.fail("expected a file %s in %s, but there is none", "預期 %[2]s 中有檔案 %[1]s，但找不到", file, e.WorkDir)
		}
		if err != nil {
			return e.fail("cannot read %s: %v", "無法讀取 %s：%v", file, err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		var found []string
		for {
			var obj struct {
				APIVersion string `yaml:"apiVersion"`
				Kind       string `yaml:"kind"`
				Metadata   struct {
					Name string `yaml:"name"`
				} `yaml:"metadata"`
			}
			err := dec.Decode(&obj)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return e.fail("%s is not valid YAML: %v", "%s 不是有效的 YAML：%v", file, err)
			}
			if obj.Kind == "" {
				continue
			}
			found = append(found, obj.Kind+"/"+obj.Metadata.Name)
			if obj.Kind != kind || obj.Metadata.Name != name {
				continue
			}
			gv, err := schema.ParseGroupVersion(obj.APIVersion)
			if err != nil || obj.APIVersion == "" {
				return e.fail("%s: %s %s has no valid apiVersion (%q)", "%s：%s %s 沒有有效的 apiVersion（%q）", file, kind, name, obj.APIVersion)
			}
			if e.Mapper != nil {
				if _, err := e.Mapper.RESTMapping(gv.WithKind(kind).GroupKind(), gv.Version); err != nil {
					return e.fail("%s: the cluster does not serve %s in apiVersion %s", "%s：叢集不提供 apiVersion %[3]s 的 %[2]s", file, kind, obj.APIVersion)
				}
			}
			return nil
		}
		if len(found) == 0 {
			return e.fail("%s holds no Kubernetes object (no kind)", "%s 裡沒有 Kubernetes 物件（沒有 kind）", file)
		}
		return e.fail("%s holds %s, not %s/%s", "%s 裡是 %s，而不是 %s/%s", file, strings.Join(found, ", "), kind, name)
	})
}

// auditEvents are the kubectl requests since the lab started.
func (e *Env) auditEvents() ([]audit.Event, error) {
	if e.AuditLog == "" {
		return nil, e.fail("this cluster offers no audit log, so labs cannot see which requests you made; use the embedded cluster",
			"這個叢集沒有提供稽核日誌，labs 無法得知你送出了哪些請求；請使用內建叢集")
	}
	e.observe(Dependency{File: e.AuditLog})
	events, err := e.auditSince(e.Since)
	if err != nil {
		return nil, e.fail("cannot read the audit log: %v", "無法讀取稽核日誌：%v", err)
	}
	out := events[:0]
	for _, ev := range events {
		if ev.Kubectl() {
			out = append(out, ev)
		}
	}
	return out, nil
}

func isWrite(verb string) bool {
	switch verb {
	case "create", "update", "patch", "delete", "deletecollection":
		return true
	}
	return false
}

func auditDryRun(ctx context.Context, resource, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		rejected := 0
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != resource || o.Namespace != ns || o.Subresource != "" || !isWrite(ev.Verb) {
				continue
			}
			switch {
			case ev.DryRun() && ev.Code() < 400:
				return nil
			case ev.DryRun():
				rejected++
			}
		}
		if rejected > 0 {
			return e.fail("the API server rejected your server-side dry run for %s in namespace %s; read kubectl's error and fix the manifest",
				"API Server 拒絕了你對命名空間 %[2]s 中 %[1]s 的伺服器端 dry run；請看 kubectl 的錯誤並修正 manifest", resource, ns)
		}
		return e.fail("no server-side dry run for %s in namespace %s since the lab started (--dry-run=client never reaches the API server; use --dry-run=server)",
			"實驗開始後沒有對命名空間 %[2]s 中 %[1]s 的伺服器端 dry run（--dry-run=client 不會送到 API Server；請用 --dry-run=server）", resource, ns)
	})
}

func auditRequest(ctx context.Context, verb, resource, sub, ns, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		var verbs []string
		for _, ev := range events {
			o := ev.ObjectRef
			if o == nil || o.Resource != resource || o.Subresource != sub || (ns != "" && o.Namespace != ns) {
				continue
			}
			if ev.Verb == verb {
				return nil
			}
			verbs = append(verbs, ev.Verb)
		}
		what := resource
		if sub != "" {
			what += "/" + sub
		}
		if len(verbs) > 0 {
			return e.fail("kubectl sent %s requests for %s, but no %s", "kubectl 對 %[2]s 送出了 %[1]s 請求，但沒有 %[3]s", strings.Join(uniq(verbs), ", "), what, verb)
		}
		return e.fail("kubectl sent no %s request for %s since the lab started", "實驗開始後 kubectl 沒有對 %[2]s 送出 %[1]s 請求", verb, what)
	})
}

func auditPath(ctx context.Context, path, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		events, err := e.auditEvents()
		if err != nil {
			return err
		}
		for _, ev := range events {
			if strings.HasPrefix(ev.Path(), path) {
				return nil
			}
		}
		return e.fail("kubectl did not request %s since the lab started", "實驗開始後 kubectl 沒有請求 %s", path)
	})
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func eventRecorded(ctx context.Context, reason, kind, name, ns, within string) error {
	e := envFrom(ctx)
	e.observe(Dependency{Resource: gvrEvents})
	return e.eventually(ctx, within, func(ctx context.Context) error {
		sel := fields.Set{"involvedObject.name": name}.AsSelector().String()
		list, err := e.Client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: sel})
		if err != nil {
			return e.apiError(err)
		}
		var reasons []string
		for _, ev := range list.Items {
			if !strings.EqualFold(ev.InvolvedObject.Kind, kind) {
				continue
			}
			if ev.Reason == reason {
				return nil
			}
			reasons = append(reasons, ev.Reason)
		}
		if len(reasons) > 0 {
			return e.fail("%s %s has events %s, but none with reason %s", "%s %s 有事件 %s，但沒有原因為 %s 的", kind, name, strings.Join(uniq(reasons), ", "), reason)
		}
		return e.fail("no events for %s %s in namespace %s (yet)", "命名空間 %[3]s 中的 %[1]s %[2]s 還沒有任何事件", kind, name, ns)
	})
}
