// Package course holds the test that keeps docs/course.md true to the built-in labs.
package course

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	labs "github.com/labs-dev/labs"
	"github.com/labs-dev/labs/internal/lab"
)

// notCourse are built-in labs outside the course, which the table need not cover: demo, and
// the labs of docs/course.md's "## Beyond the note" table (see beyondTheNote).
var notCourse = map[string]bool{"demo": true}

func init() {
	data, err := os.ReadFile("../../docs/course.md")
	if err != nil {
		return
	}
	for _, id := range beyondTheNote(string(data)) {
		notCourse[id] = true
	}
}

// beyondTheNote are the labs the table under "## Beyond the note" lists: built-in labs that go
// further than the course note, outside its order and its coverage table.
func beyondTheNote(doc string) []string {
	var ids []string
	in := false
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(l, "## ") {
			in = strings.HasPrefix(l, "## Beyond the note")
			continue
		}
		if in && strings.HasPrefix(l, "| `") {
			ids = append(ids, codeRE.FindStringSubmatch(l)[1])
		}
	}
	return ids
}

// TestBeyondTheNoteLabsExist: every lab the "Beyond the note" table names is built in.
func TestBeyondTheNoteLabsExist(t *testing.T) {
	data, err := os.ReadFile("../../docs/course.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := beyondTheNote(string(data))
	if len(ids) == 0 {
		t.Fatal("docs/course.md has no table under \"## Beyond the note\"")
	}
	for _, id := range ids {
		if _, err := lab.Load(labs.Content(), id); err != nil {
			t.Errorf("docs/course.md: \"Beyond the note\" names %s, which is no built-in lab: %v", id, err)
		}
	}
}

// items is how many items the course's list (issue 9) has; each needs a row.
const items = 20

type row struct {
	line  int
	items []int
	lab   string
	steps []string
}

var codeRE = regexp.MustCompile("`([^`]+)`")

// coverage parses the rows of the table under "## Coverage" in docs/course.md.
func coverage(t *testing.T) []row {
	t.Helper()
	data, err := os.ReadFile("../../docs/course.md")
	if err != nil {
		t.Fatalf("reading docs/course.md: %v", err)
	}
	var rows []row
	in := false
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "## ") {
			in = strings.HasPrefix(l, "## Coverage")
			continue
		}
		if !in || !strings.HasPrefix(l, "|") || strings.HasPrefix(l, "|---") || strings.HasPrefix(l, "| Note section") {
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		if len(cells) != 4 {
			t.Errorf("docs/course.md:%d: a coverage row has 4 cells (section, item, lab, steps), not %d", i+1, len(cells))
			continue
		}
		r := row{line: i + 1}
		for _, s := range strings.Split(cells[1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 || n > items {
				t.Errorf("docs/course.md:%d: item %q is not a number from 1 to %d", i+1, strings.TrimSpace(s), items)
				continue
			}
			r.items = append(r.items, n)
		}
		labs := codeRE.FindAllStringSubmatch(cells[2], -1)
		if len(labs) != 1 {
			t.Errorf("docs/course.md:%d: the lab cell names one lab in backquotes, not %q", i+1, strings.TrimSpace(cells[2]))
			continue
		}
		r.lab = labs[0][1]
		for _, m := range codeRE.FindAllStringSubmatch(cells[3], -1) {
			r.steps = append(r.steps, m[1])
		}
		if len(r.steps) == 0 {
			t.Errorf("docs/course.md:%d: the row names no step", i+1)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("docs/course.md has no coverage table under \"## Coverage\"")
	}
	return rows
}

func TestCourseTableMatchesTheLabs(t *testing.T) {
	rows := coverage(t)
	ids, err := lab.List(labs.Content())
	if err != nil {
		t.Fatal(err)
	}
	loaded := map[string]*lab.Lab{}
	for _, id := range ids {
		l, err := lab.Load(labs.Content(), id)
		if err != nil {
			t.Fatalf("loading built-in lab %s: %v", id, err)
		}
		loaded[id] = l
	}
	listed := map[string]map[string]bool{}
	covered := map[int]bool{}
	for _, r := range rows {
		for _, n := range r.items {
			covered[n] = true
		}
		l := loaded[r.lab]
		if l == nil {
			t.Errorf("docs/course.md:%d: there is no lab %q", r.line, r.lab)
			continue
		}
		if listed[r.lab] == nil {
			listed[r.lab] = map[string]bool{}
		}
		for _, s := range r.steps {
			if l.Step(s) == nil {
				t.Errorf("docs/course.md:%d: lab %s has no step %q", r.line, r.lab, s)
			}
			listed[r.lab][s] = true
		}
	}
	for _, id := range ids {
		if notCourse[id] {
			continue
		}
		for _, st := range loaded[id].Steps {
			if !listed[id][st.ID] {
				t.Errorf("docs/course.md: step %s of lab %s is in no row of the coverage table", st.ID, id)
			}
		}
	}
	for n := 1; n <= items; n++ {
		if !covered[n] {
			t.Errorf("docs/course.md: item %d of the course has no row", n)
		}
	}
}

// TestLabsTableInCourseOrder: the first table of docs/course.md lists the course labs in the
// order labs list shows them (demo, outside the course, first).
func TestLabsTableInCourseOrder(t *testing.T) {
	data, err := os.ReadFile("../../docs/course.md")
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "## ") {
			break
		}
		if strings.HasPrefix(l, "| `") {
			table = append(table, codeRE.FindStringSubmatch(l)[1])
		}
	}
	ids, err := lab.List(labs.Content())
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 || ids[0] != "demo" {
		t.Errorf("labs list begins with %v, want demo first", ids)
	}
	var course []string
	for _, id := range ids {
		if !notCourse[id] {
			course = append(course, id)
		}
	}
	if strings.Join(course, " ") != strings.Join(table, " ") {
		t.Errorf("labs list shows the course labs as\n  %v\nbut docs/course.md's table as\n  %v", course, table)
	}
}
