package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"strings"

	"github.com/cucumber/godog"
	yaml "go.yaml.in/yaml/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

func (l *Library) fileSteps() {
	l.Register(Def{
		Pattern:   `^the file "([^"]+)" in the work directory matches` + within + `:$`,
		Example:   `the file "web.yaml" in the work directory matches:`,
		DocString: "kind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx",
		Doc:       "a YAML document of the learner's file has every field of the doc string (other fields are ignored; lists of objects are matched by name)",
		Handler:   fileMatches,
	})
	l.Register(Def{
		Pattern: `^the objects of the file "([^"]+)" in the work directory exist in the cluster` + within + `$`,
		Example: `the objects of the file "web.yaml" in the work directory exist in the cluster`,
		Doc: "every object in the learner's file exists in the cluster (same kind, name and namespace; the file's own " +
			"namespace, else the kubeconfig's) with every field the file sets, as after `kubectl apply -f`",
		Handler: fileApplied,
	})
	l.Register(Def{
		Pattern: `^the file "([^"]+)" in the work directory (contains|does not contain) "([^"]+)"` + within + `$`,
		Example: `the file "raw-kubeconfig" in the work directory does not contain "DATA+OMITTED"`,
		Doc:     "the learner's file has (or has not) this text in it, as it is written (for files that are not manifests, like a saved kubeconfig)",
		Handler: fileContains,
	})
}

func fileContains(ctx context.Context, file, verb, text, within string) error {
	e := envFrom(ctx)
	want := verb == "contains"
	return e.eventually(ctx, within, func(context.Context) error {
		data, err := e.readFile(e.workFile(file))
		if errors.Is(err, fs.ErrNotExist) {
			return e.l().Err("expected a file %s in %s, but there is none", file, e.workDirName())
		}
		if err != nil {
			return e.l().Err("cannot read %s: %v", file, readError(err))
		}
		switch has := bytes.Contains(data, []byte(text)); {
		case want && !has:
			return e.l().Err("%s does not contain %q", file, text)
		case !want && has:
			return e.l().Err("%s contains %q, which it should not", file, text)
		}
		return nil
	})
}

// documents decodes the YAML documents of a work-dir file into JSON-like values (so numbers
// and maps compare alike with objects read from the API).
func (e *Env) documents(file string) ([]map[string]any, error) {
	data, err := e.readFile(e.workFile(file))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, e.l().Err("expected a file %s in %s, but there is none", file, e.workDirName())
	}
	if err != nil {
		return nil, e.l().Err("cannot read %s: %v", file, readError(err))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var doc any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, e.l().Err("%s is not valid YAML: %v", file, err)
		}
		m, ok := jsonish(doc).(map[string]any)
		if ok {
			docs = append(docs, m)
		}
	}
	if len(docs) == 0 {
		return nil, e.l().Err("%s holds no YAML mapping (is it empty?)", file)
	}
	return docs, nil
}

// jsonish round-trips v through JSON: numbers become float64 and maps map[string]any, as in
// an unstructured object.
func jsonish(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return v
	}
	return out
}

func fileMatches(ctx context.Context, file, within string, doc *godog.DocString) error {
	e := envFrom(ctx)
	want, err := parseExpected(doc.Content)
	if err != nil {
		return e.l().Err("the lab's expected YAML is invalid: %v", err)
	}
	return e.eventually(ctx, within, func(ctx context.Context) error {
		docs, err := e.documents(file)
		if err != nil {
			return err
		}
		var first *mismatch
		for _, d := range docs {
			diff := match("", want, d)
			if diff == nil {
				return nil
			}
			// Report the document the lab most likely means: the one of the same kind and name.
			if first == nil || sameObject(want, d) {
				first = diff
			}
		}
		return e.l().Err("%s does not match what the step expects: %s; edit the file and save it", file, first.say(e))
	})
}

func sameObject(want any, got map[string]any) bool {
	w, ok := want.(map[string]any)
	if !ok {
		return false
	}
	return w["kind"] == got["kind"] && nameOf(w) == nameOf(got)
}

func nameOf(obj map[string]any) string {
	md, _ := obj["metadata"].(map[string]any)
	name, _ := md["name"].(string)
	return name
}

// serverSet are the fields of a saved manifest (kubectl ... --dry-run=client -o yaml) that the
// API server owns; a live object never matches them as written.
var serverSet = []string{"status", "metadata.creationTimestamp", "metadata.resourceVersion", "metadata.uid",
	"metadata.generation", "metadata.managedFields", "metadata.selfLink"}

// prune drops what an object in a file says that no live object can show: the server's fields,
// nulls and empty maps or lists (`resources: {}`).
func prune(obj map[string]any) map[string]any {
	for _, p := range serverSet {
		parent, key, ok := strings.Cut(p, ".")
		if !ok {
			delete(obj, p)
			continue
		}
		if m, ok := obj[parent].(map[string]any); ok {
			delete(m, key)
		}
	}
	return pruneEmpty(obj).(map[string]any)
}

func pruneEmpty(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			x = pruneEmpty(x)
			if isEmpty(x) {
				delete(t, k)
			} else {
				t[k] = x
			}
		}
		return t
	case []any:
		for i := range t {
			t[i] = pruneEmpty(t[i])
		}
	}
	return v
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

func fileApplied(ctx context.Context, file, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		docs, err := e.documents(file)
		if err != nil {
			return err
		}
		for _, d := range docs {
			kind, _ := d["kind"].(string)
			name := nameOf(d)
			if kind == "" || name == "" {
				return e.l().Err("%s has an object without kind or metadata.name; kubectl cannot apply it", file)
			}
			gvr, namespaced, err := e.resolve(kind)
			if err != nil {
				return err
			}
			md, _ := d["metadata"].(map[string]any)
			ns, _ := md["namespace"].(string)
			if ns == "" && namespaced {
				ns = "default"
				if e.Kubeconfig != "" {
					if cur, err := e.currentNamespace(); err == nil && cur != "" {
						ns = cur
					}
				}
			}
			obj, err := e.get(ctx, gvr, namespaced, name, ns)
			if apierrors.IsNotFound(err) {
				return e.l().Err("%[1]s holds %[2]s %[3]s, but there is no %[2]s %[3]s in namespace %[4]s; create it from the file: `kubectl apply -f %[1]s`", file, kind, name, ns)
			}
			if err != nil {
				return e.apiError(err)
			}
			if diff := match("", prune(d), jsonish(obj.Object)); diff != nil {
				return e.l().Err("%s %s exists but differs from %s: %s (created another way? apply the file: `kubectl apply -f %s`)", kind, name, file, diff.say(e), file)
			}
		}
		return nil
	})
}
