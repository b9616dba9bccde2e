package checks

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

// TestDefsMatchTheirHandlers keeps the registry honest: every example matches its own
// pattern (and no earlier one, which godog would pick instead), and every handler takes ctx,
// one string per capture group, then a doc string if the step has one.
func TestDefsMatchTheirHandlers(t *testing.T) {
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	defs := NewLibrary().defs
	for i, d := range defs {
		if !d.re.MatchString(d.Example) {
			t.Errorf("%s: example %q does not match", d.Pattern, d.Example)
		}
		for _, earlier := range defs[:i] {
			if earlier.re.MatchString(d.Example) {
				t.Errorf("example %q of %s is taken by earlier step %s", d.Example, d.Pattern, earlier.Pattern)
			}
		}
		ht := reflect.TypeOf(d.Handler)
		want := 1 + d.re.NumSubexp()
		if d.takesDocString() {
			want++
			if d.DocString == "" {
				t.Errorf("%s takes a doc string but has no example of one", d.Pattern)
			}
		}
		if ht.NumIn() != want || ht.In(0) != ctxType {
			t.Errorf("%s: handler has %d parameters, want ctx + %d", d.Pattern, ht.NumIn(), want-1)
		}
		for j := 1; j < ht.NumIn(); j++ {
			if p := ht.In(j); p.Kind() != reflect.String && p != reflect.TypeOf(&godog.DocString{}) {
				t.Errorf("%s: parameter %d is %s", d.Pattern, j, p)
			}
		}
		if d.Doc == "" {
			t.Errorf("%s has no doc", d.Pattern)
		}
	}
	if len(defs) < 20 {
		t.Errorf("only %d steps", len(defs))
	}
}

func TestCheckStep(t *testing.T) {
	lib := Library{}
	for text, want := range map[string]bool{
		`namespace "demo" is Active`:                                                 true,
		`namespace "demo" is Active within 30s`:                                      true,
		`namespace "demo" is Active within forever`:                                  false,
		`pod "web" in namespace "demo" has a container with image "nginx"`:           true,
		`pod "web" in namespace "demo" has a container with image matching "ngin(x"`: false,
		`pod "web" is great`:                                                         false,
	} {
		if got := lib.CheckStep(text, false) == ""; got != want {
			t.Errorf("CheckStep(%q) ok=%v, want %v: %s", text, got, want, lib.CheckStep(text, false))
		}
	}
	if msg := lib.CheckStep(`pod "web" in namespace "demo" matches:`, false); msg == "" {
		t.Error("a matches step without doc string was accepted")
	}
	if msg := lib.CheckStep(`pod "web" in namespace "demo" matches:`, true); msg != "" {
		t.Error(msg)
	}
}

func TestNormalizeImage(t *testing.T) {
	same := [][2]string{
		{"nginx", "nginx:latest"}, {"nginx", "docker.io/library/nginx:latest"}, {"bitnami/nginx", "docker.io/bitnami/nginx:latest"},
		{"localhost:5000/app", "localhost:5000/app:latest"},
	}
	for _, p := range same {
		if normalizeImage(p[0]) != normalizeImage(p[1]) {
			t.Errorf("%s and %s differ: %s vs %s", p[0], p[1], normalizeImage(p[0]), normalizeImage(p[1]))
		}
	}
	for _, p := range [][2]string{{"nginx", "httpd"}, {"nginx:1.25", "nginx"}, {"quay.io/nginx", "nginx"}} {
		if normalizeImage(p[0]) == normalizeImage(p[1]) {
			t.Errorf("%s and %s compare equal", p[0], p[1])
		}
	}
}

func TestMatch(t *testing.T) {
	got := map[string]any{
		"metadata": map[string]any{"name": "web", "labels": map[string]any{"app": "web", "tier": "front"}},
		"spec": map[string]any{
			"restartPolicy": "Always",
			"containers": []any{
				map[string]any{"name": "side", "image": "busybox"},
				map[string]any{"name": "web", "image": "nginx", "ports": []any{map[string]any{"containerPort": float64(80)}}},
			},
		},
	}
	ok := []map[string]any{
		{"metadata": map[string]any{"labels": map[string]any{"app": "web"}}},
		{"spec": map[string]any{"containers": []any{map[string]any{"name": "web", "image": "nginx"}}}},
		{"spec": map[string]any{"containers": []any{map[string]any{"name": "web", "ports": []any{map[string]any{"containerPort": "80"}}}}}},
	}
	for _, w := range ok {
		if d := match("", w, got); d != nil {
			t.Errorf("%v should match: %+v", w, d)
		}
	}
	e := &Env{Lang: "en"}
	bad := map[string]string{
		"image":   `{"spec":{"containers":[{"name":"web","image":"httpd"}]}}`,
		"missing": `{"spec":{"containers":[{"name":"db"}]}}`,
		"label":   `{"metadata":{"labels":{"env":"prod"}}}`,
	}
	wantMsg := map[string]string{
		"image":   `spec.containers[name=web].image is nginx, not httpd`,
		"missing": `spec.containers[name=db] is not set (expected {"name":"db"})`,
		"label":   `metadata.labels.env is not set (expected prod)`,
	}
	for name, js := range bad {
		var w any
		if err := jsonUnmarshal(js, &w); err != nil {
			t.Fatal(err)
		}
		d := match("", w, got)
		if d == nil {
			t.Errorf("%s: matched", name)
			continue
		}
		if msg := d.say(e); msg != wantMsg[name] {
			t.Errorf("%s: %q, want %q", name, msg, wantMsg[name])
		}
	}
}

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

// TestSuggestRanksBySimilarity: the closest step of an undefined one is the most alike in
// wording, not the one sharing the longest prefix.
func TestSuggestRanksBySimilarity(t *testing.T) {
	lib := Library{}
	for text, want := range map[string]string{
		`pod "web" in namespace "demo" is running within 30s`:                     `(closest: "pod \"web\" in namespace \"demo\" is Running within 60s")`,
		`pod "web" in namespace "demo" has container image "nginx"`:               `(closest: "pod \"web\" in namespace \"demo\" has a container with image \"nginx\"")`,
		`kubectl delete pod "old" in namespace "shop" with --force`:               `(closest: "kubectl deleted pod \"old\" in namespace \"shop\" with --grace-period=0 --force")`,
		`kubectl exec into container "sidecar" of pod "cart" in namespace "shop"`: `(closest: "kubectl executed a command in container \"sidecar\" of pod \"cart\" in namespace \"shop\" with -it")`,
	} {
		if msg := lib.CheckStep(text, false); !strings.Contains(msg, want) {
			t.Errorf("%s:\n got %s\nwant %s", text, msg, want)
		}
	}
	if msg := lib.CheckStep(`the moon is made of cheese`, false); strings.Contains(msg, "closest") {
		t.Errorf("unrelated text got a suggestion: %s", msg)
	}
}

func TestStepArgsThatCanNeverMatch(t *testing.T) {
	lib := Library{}
	if msg := lib.CheckStep(`kubectl deleted pod "old" in namespace "shop" with --grace-period=0`, false); !strings.Contains(msg, "--grace-period=0 --force") {
		t.Errorf("a bare --grace-period=0 was accepted: %q", msg)
	}
	if msg := lib.CheckStep(`kubectl requested the path "/api/v1/namespaces/shop/pods/cart/exec?container=sidecar"`, false); msg != "" {
		t.Errorf("a path with a query is supported: %s", msg)
	}
	if msg := lib.CheckStep(`kubectl deleted deployment "web" in namespace "shop" with --force`, false); !strings.Contains(msg, "only for pods") {
		t.Errorf("delete options of a deployment were accepted: %q", msg)
	}
	if msg := lib.CheckStep(`kubectl deleted Pod "web" in namespace "shop" with a grace period of 5s`, false); msg != "" {
		t.Error(msg)
	}
	if msg := lib.CheckStep(`kubectl requested the path "/api?a=%zz"`, false); !strings.Contains(msg, "does not parse") {
		t.Errorf("a query that does not parse was accepted: %q", msg)
	}
}
