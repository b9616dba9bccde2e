package labengine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestChecksFileAppliedAndDryRunReasons: a manifest as `kubectl run --dry-run=client -o yaml`
// writes it (creationTimestamp: null, resources: {}, status: {}) matches the object the API
// server made from it; the dry-run step says to delete a web2 created by mistake, and passes on
// the API's own error text when the request was refused.
func TestChecksFileAppliedAndDryRunReasons(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	env := checkEnv(t, c, "en")
	env.Since = time.Now()
	r := c.Kubectl(t, "run", "web2", "--image=nginx", "-n", ns, "--dry-run=client", "-o", "yaml")
	if r.Code != 0 {
		t.Fatal(r.Combined())
	}
	manifest := r.Stdout
	if !strings.Contains(manifest, "namespace:") {
		manifest = strings.Replace(manifest, "metadata:\n", "metadata:\n  namespace: "+ns+"\n", 1)
	}
	file := filepath.Join(env.WorkDir, "web2.yaml")
	if err := os.WriteFile(file, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	q := `"` + ns + `"`
	applied := `    Then the objects of the file "web2.yaml" in the work directory exist in the cluster`
	dryRun := `    Then kubectl sent a server-side dry run for pods in namespace ` + q
	runScenarios(t, env, []scenario{
		{"applied-before", applied, false, "there is no Pod web2 in namespace " + ns},
		{"file-matches", `    Then the file "web2.yaml" in the work directory matches:` + "\n      \"\"\"\n      kind: Pod\n      spec:\n        containers:\n        - name: web2\n          image: nginx\n      \"\"\"", true, ""},
	})

	// Created for real instead of a dry run: applying it again sends nothing ("unchanged").
	if r := c.Kubectl(t, "apply", "-f", file); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	if r := c.Kubectl(t, "apply", "-f", file, "--dry-run=server"); r.Code != 0 {
		t.Fatal(r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"applied", applied, true, ""},
		{"dry-run-web2", dryRun, false, "pod web2 exists: it was created for real"},
		{"dry-run-web2-forward", dryRun, false, "delete it (`kubectl delete pod web2 -n " + ns + "`), then run the dry run again"},
		{"dry-run-named-web2", `    Then kubectl sent a server-side dry run for pod "web2" in namespace ` + q, false, "pod web2 exists: it was created for real"},
		{"container-image", `    Then pod "web2" in namespace ` + q + ` has container "web2" with image "busybox"`, false, "`kubectl delete pod web2 -n " + ns + "`"},
	})

	// A dry run into a namespace that does not exist: the API's words, not "fix the manifest".
	gone := "gone-" + strings.TrimPrefix(ns, "t-")
	if r := c.Kubectl(t, "run", "x", "--image=nginx", "-n", gone, "--dry-run=server"); r.Code == 0 {
		t.Fatalf("a dry run into a missing namespace passed:\n%s", r.Combined())
	}
	runScenarios(t, env, []scenario{
		{"dry-run-rejected", `    Then kubectl sent a server-side dry run for pods in namespace "` + gone + `"`, false, `namespaces "` + gone + `" not found`},
	})
}
