package checks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// mismatch is the first difference between what a lab expects and what the object has.
type mismatch struct {
	path      string
	want, got any
	missing   bool
}

func (m *mismatch) say(e *Env) string {
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

// match compares want with got partially: only the fields want lists count, and lists of
// objects that have names are matched by name (order and extra elements do not matter), the
// way a learner reads a manifest.
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
				return &mismatch{path: join(path, k), want: w[k], missing: true}
			}
			if d := match(join(path, k), w[k], gv); d != nil {
				return d
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return &mismatch{path: path, want: want, got: got}
		}
		if named(w) {
			for _, we := range w {
				name := we.(map[string]any)["name"]
				var found any
				for _, ge := range g {
					if gm, ok := ge.(map[string]any); ok && gm["name"] == name {
						found = gm
						break
					}
				}
				p := fmt.Sprintf("%s[name=%v]", path, name)
				if found == nil {
					return &mismatch{path: p, want: we, missing: true}
				}
				if d := match(p, we, found); d != nil {
					return d
				}
			}
			return nil
		}
		if len(w) != len(g) {
			return &mismatch{path: path, want: want, got: got}
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

// named reports whether every element of l is an object with a name.
func named(l []any) bool {
	if len(l) == 0 {
		return false
	}
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["name"]; !ok {
			return false
		}
	}
	return true
}
