package controlplane

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"slices"
	"testing"

	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/pki"
)

// A cluster made before the controller manager's identity joined system:masters gets a new
// certificate and kubeconfig at its next start; a current one keeps its own.
func TestBootstrapRenewsTheControllerManagerIdentity(t *testing.T) {
	l := clusterdir.New(t.TempDir(), "labs")
	if err := Bootstrap(l, 6443); err != nil {
		t.Fatal(err)
	}
	orgs := func() []string {
		t.Helper()
		pair, err := readPair(l.PKI(), certControllerMgr)
		if err != nil {
			t.Fatal(err)
		}
		block, _ := pem.Decode(pair.CertPEM)
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		return cert.Subject.Organization
	}
	if got := orgs(); !slices.Contains(got, "system:masters") {
		t.Fatalf("new cluster: controller manager in %v, want system:masters", got)
	}
	kubeconfig := l.ComponentKubeconfig("controller-manager")
	current, err := os.ReadFile(kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(l, 6443); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(kubeconfig); string(again) != string(current) {
		t.Error("a current controller manager kubeconfig was replaced")
	}

	// What an older labs made: the same name, no group.
	ca, err := pki.LoadCA(l.PKI(), certCA)
	if err != nil {
		t.Fatal(err)
	}
	old, err := ca.Issue(pki.Spec{CommonName: "system:kube-controller-manager", Client: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Save(l.PKI(), certControllerMgr); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kubeconfig, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(l, 6443); err != nil {
		t.Fatal(err)
	}
	if got := orgs(); !slices.Contains(got, "system:masters") {
		t.Errorf("old cluster: controller manager in %v after Bootstrap, want system:masters", got)
	}
	if again, _ := os.ReadFile(kubeconfig); string(again) == "old" {
		t.Error("the old controller manager kubeconfig was kept")
	}
}
