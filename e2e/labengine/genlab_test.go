package labengine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfigMapLab writes a lab of n steps under dir; step i asks for configmap c<i> in ns.
func writeConfigMapLab(t *testing.T, dir, id, ns string, n int) {
	t.Helper()
	var y, f strings.Builder
	fmt.Fprintf(&y, "id: %s\ntitle: {en: ConfigMaps, zh-TW: ConfigMaps}\nsummary: {en: s, zh-TW: s}\nminutes: 1\nsteps:\n", id)
	fmt.Fprintf(&f, "Feature: ConfigMaps\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&y, `  - id: c%d
    title: {en: Create configmap c%d, zh-TW: 建立 configmap c%d}
    text: {en: Create it., zh-TW: 建立它。}
    hints: [{en: kubectl create configmap, zh-TW: kubectl create configmap}]
    solution: kubectl create configmap c%d -n %s
`, i, i, i, i, ns)
		fmt.Fprintf(&f, "\n  @c%d\n  Scenario: c%d\n    Then configmap \"c%d\" exists in namespace %q\n", i, i, i, ns)
	}
	for name, content := range map[string]string{"scenarios/" + id + ".yaml": y.String(), "features/" + id + ".feature": f.String()} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
