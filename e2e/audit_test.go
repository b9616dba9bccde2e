package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/testcluster"
)

// TestAuditRecordsLearnerRequests checks the evidence later lab checks rely on: requests that
// change nothing still leave an audit event with user agent, verb, resource and dry-run flag.
func TestAuditRecordsLearnerRequests(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	start := time.Now().Add(-time.Second)

	mustKubectl(t, c, "cluster-info")
	manifest := filepath.Join(t.TempDir(), "cm.yaml")
	if err := os.WriteFile(manifest, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\n  namespace: "+ns+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustKubectl(t, c, "apply", "-f", manifest, "--dry-run=server")
	mustKubectl(t, c, "get", "configmaps", "-n", ns)

	events, err := audit.Read(filepath.Join(c.StateDir, "clusters", "labs", "audit", "audit.log"), start)
	if err != nil {
		t.Fatal(err)
	}
	var clusterInfo, dryRun, list bool
	for _, e := range events {
		if !e.Kubectl() || e.User.Username != "kubernetes-admin" || e.ObjectRef == nil {
			continue
		}
		switch {
		case e.Verb == "list" && e.ObjectRef.Resource == "services" && e.ObjectRef.Namespace == "kube-system" &&
			strings.Contains(e.RequestURI, "kubernetes.io%2Fcluster-service"):
			clusterInfo = true
		case e.ObjectRef.Resource == "configmaps" && e.ObjectRef.Namespace == ns && e.DryRun() &&
			(e.Verb == "create" || e.Verb == "patch"):
			dryRun = true
		case e.Verb == "list" && e.ObjectRef.Resource == "configmaps" && e.ObjectRef.Namespace == ns && !e.DryRun():
			list = true
		}
	}
	if !clusterInfo || !dryRun || !list {
		t.Errorf("audit evidence: cluster-info=%v server-dry-run=%v list=%v among %d events", clusterInfo, dryRun, list, len(events))
	}
	// Background traffic stays out of the log, so evidence is easy to find.
	for _, e := range events {
		if e.User.Username == "system:kube-controller-manager" || strings.HasPrefix(e.User.Username, "system:node:") {
			t.Errorf("audit log records background traffic: %s %s by %s", e.Verb, e.RequestURI, e.User.Username)
			break
		}
	}
}
