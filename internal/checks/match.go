package checks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	yaml3 "go.yaml.in/yaml/v3"
)

// mismatch is the first difference between what a lab expects and what the object has.
type mismatch struct {
	path      string
	want, got any
	missing   bool
	// notIn: want is an element a !contains list lacks.
	notIn bool
}

func (m *mismatch) say(e *Env) string {
	if m.notIn {
		return e.l().T("%s has no element matching %s (it is %s)", m.path, show(m.want), show(m.got))
	}
	if m.missing {
		return e.l().T("%s is not set (expected %s)", m.path, show(m.want))
	}
	return e.l().T("%s is %s, not %s", m.path, show(m.got), show(m.want))
}

func show(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// containsList is a list of the lab's YAML tagged !contains: each of its elements must match
// some element of the object's list, in any order, among others.
type containsList []any

// listKeys are the fields a list of objects is matched by, in this order: the first that every
// element of the expected list has (containers and env by name, conditions by type,
// managedFields by manager).
var listKeys = []string{"name", "type", "manager"}

// match compares want with got partially: only the fields want lists count, and lists of
// objects that have a key (name, type or manager) are matched by it (order and extra elements
// do not matter), the way a learner reads a manifest. A list tagged !contains only needs its
// elements to be in the object's list; any other list must be equal, element by element.
func match(path string, want, got any) *mismatch {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return &mismatch{path: path, want: want, got: got}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return &mismatch{path: join(path, k), want: plain(w[k]), missing: true}
			}
			if d := match(join(path, k), w[k], gv); d != nil {
				return d
			}
		}
		return nil
	case containsList:
		g, ok := got.([]any)
		if !ok {
			return &mismatch{path: path, want: plain(want), got: got}
		}
		for _, we := range w {
			found := false
			for _, ge := range g {
				if match(path, we, ge) == nil {
					found = true
					break
				}
			}
			if !found {
				return &mismatch{path: path, want: plain(we), got: got, notIn: true}
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return &mismatch{path: path, want: plain(want), got: got}
		}
		if key := listKey(w); key != "" {
			for _, we := range w {
				id := we.(map[string]any)[key]
				p := fmt.Sprintf("%s[%s=%v]", path, key, id)
				var first *mismatch
				found := false
				for _, ge := range g {
					gm, ok := ge.(map[string]any)
					if !ok || fmt.Sprint(gm[key]) != fmt.Sprint(id) {
						continue
					}
					found = true
					// Several elements may share the key (managedFields of one manager): any may match.
					d := match(p, we, gm)
					if d == nil {
						first = nil
						break
					}
					if first == nil {
						first = d
					}
				}
				if !found {
					return &mismatch{path: p, want: plain(we), missing: true}
				}
				if first != nil {
					return first
				}
			}
			return nil
		}
		if len(w) != len(g) {
			return &mismatch{path: path, want: plain(want), got: got}
		}
		for i := range w {
			if d := match(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); d != nil {
				return d
			}
		}
		return nil
	default:
		if reflect.DeepEqual(want, got) || (want != nil && got != nil && fmt.Sprint(want) == fmt.Sprint(got)) {
			return nil
		}
		return &mismatch{path: path, want: want, got: got}
	}
}

// listKey is the key a list of expected objects is matched by, "" for none.
func listKey(l []any) string {
	for _, k := range listKeys {
		if keyed(l, k) {
			return k
		}
	}
	return ""
}

// keyed reports whether every element of l is an object with the key.
func keyed(l []any, key string) bool {
	if len(l) == 0 {
		return false
	}
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m[key]; !ok {
			return false
		}
	}
	return true
}

// plain is v without !contains marks, for messages.
func plain(v any) any {
	switch x := v.(type) {
	case containsList:
		return plain([]any(x))
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plain(x[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

// parseExpected reads a lab's expected YAML (a doc string) the way match compares it:
// numbers and maps as JSON has them, and sequences tagged !contains as containsList.
func parseExpected(doc string) (any, error) {
	var n yaml3.Node
	if err := yaml3.Unmarshal([]byte(doc), &n); err != nil {
		return nil, err
	}
	if n.Kind == 0 {
		return nil, nil
	}
	return fromNode(&n)
}

func fromNode(n *yaml3.Node) (any, error) {
	switch n.Kind {
	case yaml3.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return fromNode(n.Content[0])
	case yaml3.AliasNode:
		return fromNode(n.Alias)
	case yaml3.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := fromNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml3.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			v, err := fromNode(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		if n.Tag == "!contains" {
			return containsList(l), nil
		}
		return l, nil
	}
	// A scalar: decode it alone, then through JSON, as sigs.k8s.io/yaml would.
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(raw, &out)
	return out, err
}
