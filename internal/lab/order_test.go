package lab

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// A lab tree of scenario files with the given prerequisites and orders (other fields do not
// matter to List).
func orderTree(labs map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for id, extra := range labs {
		fsys["scenarios/"+id+".yaml"] = &fstest.MapFile{Data: []byte("id: " + id + "\n" + extra)}
	}
	return fsys
}

func TestListInCourseOrder(t *testing.T) {
	for _, c := range []struct {
		name string
		labs map[string]string
		want string
	}{
		// A --labs-dir without orders: prerequisites first, then by id.
		{"topological by id", map[string]string{
			"a-pods": "prerequisites: [z-intro]\n", "z-intro": "", "m-ns": "prerequisites: [a-pods]\n", "b-other": "",
		}, "b-other z-intro a-pods m-ns"},
		// Orders break the ties; labs without one come after those with one.
		{"orders", map[string]string{
			"demo": "order: 1\n", "api": "order: 2\n", "pods": "order: 3\nprerequisites: [api]\n",
			"ns": "order: 5\nprerequisites: [pods]\n", "basics": "order: 4\nprerequisites: [pods]\n", "extra": "",
		}, "demo api pods basics ns extra"},
		// An order that contradicts a prerequisite does not put a lab before it.
		{"prerequisite wins", map[string]string{"a": "order: 1\nprerequisites: [b]\n", "b": "order: 2\n"}, "b a"},
		// A cycle (validate reports it) is still listed, whole.
		{"cycle", map[string]string{"a": "prerequisites: [b]\n", "b": "prerequisites: [a]\n", "c": ""}, "c a b"},
		{"broken file", map[string]string{"a": "order: [", "b": "order: 1\n"}, "b a"},
	} {
		ids, err := List(orderTree(c.labs))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids, " "); got != c.want {
			t.Errorf("%s: List = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestValidateOrderProblems(t *testing.T) {
	labs := map[string]*Lab{
		"a": {ID: "a", ScenarioPath: "scenarios/a.yaml", Order: 1, Prerequisites: []string{"b"}},
		"b": {ID: "b", ScenarioPath: "scenarios/b.yaml", Order: 2},
		"x": {ID: "x", ScenarioPath: "scenarios/x.yaml", Prerequisites: []string{"y"}},
		"y": {ID: "y", ScenarioPath: "scenarios/y.yaml", Prerequisites: []string{"x"}},
	}
	ps := orderProblems([]string{"a", "b", "x", "y"}, labs)
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.File+": "+p.Msg)
	}
	for _, want := range []string{
		"scenarios/a.yaml: order 1 is lower than that of its prerequisite b (2): a lab comes after its prerequisites",
		"scenarios/x.yaml: prerequisites form a cycle: x → y → x",
		"scenarios/y.yaml: prerequisites form a cycle: y → x → y",
	} {
		if !slices.Contains(msgs, want) {
			t.Errorf("no problem %q in\n%s", want, strings.Join(msgs, "\n"))
		}
	}
	if len(msgs) != 3 {
		t.Errorf("%d problems, want 3:\n%s", len(msgs), strings.Join(msgs, "\n"))
	}
}
