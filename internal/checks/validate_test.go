package checks

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/lab/labtest"
)

// labs validate compiles a lab's CEL expressions: an error is reported at its file:line (the
// line of the doc string the error is on), and a bad label selector at the step's line.
func TestValidateReportsCELAndSelectorErrors(t *testing.T) {
	feature := strings.Replace(labtest.ValidFeature, `    Then pod "web" in namespace "t" has a container with image "nginx"`,
		"    Then pod \"web\" in namespace \"t\" satisfies:\n      \"\"\"\n      // the image\n      self.spec.containers.exists(c, c.image = 'nginx')\n      \"\"\"\n"+
			"    And 3 pods with label \"app in (web\" in namespace \"t\" are ready", 1)
	fsys := fstest.MapFS{
		"scenarios/t.yaml":   {Data: []byte(labtest.ValidYAML)},
		"features/t.feature": {Data: []byte(feature)},
	}
	ps := lab.ValidateLab(fsys, "t", Library{})
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"features/t.feature:12: invalid CEL expression: column", "features/t.feature:14: bad label selector \"app in (web\""} {
		if !strings.Contains(all, want) {
			t.Errorf("validate said\n%s\nwant %q", all, want)
		}
	}
	ok := strings.Replace(feature, "c.image = 'nginx'", "c.image == 'nginx'", 1)
	ok = strings.Replace(ok, `"app in (web"`, `"app in (web)"`, 1)
	fsys["features/t.feature"] = &fstest.MapFile{Data: []byte(ok)}
	if ps := lab.ValidateLab(fsys, "t", Library{}); len(ps) > 0 {
		t.Errorf("a valid lab: %v", ps)
	}
}
