package controlplane

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"

	"github.com/labs-dev/labs/internal/clusterdir"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/pki"
)

// Names used in kubeconfigs, kind-style so a learner's `config get-contexts` reads naturally.
const (
	ClusterName = "labs"
	AdminUser   = "labs-admin"
	ContextName = "labs"
	// ServiceCIDR is the range of Service cluster IPs; nothing routes it, it only has to be valid.
	ServiceCIDR = "10.96.0.0/16"
	// ServiceAccountIssuer is the issuer of service account tokens.
	ServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local"
)

// Certificate names inside the PKI directory.
const (
	certCA               = "ca"
	certEtcdCA           = "etcd-ca"
	certAPIServer        = "apiserver"
	certAPIServerEtcd    = "apiserver-etcd-client"
	certAPIServerKubelet = "apiserver-kubelet-client"
	certEtcdServer       = "etcd-server"
	certAdmin            = "admin"
	// certControllerMgr is the controller manager's identity: system:kube-controller-manager in
	// the group system:masters (controllerManagerConfig says why). Clusters made before it
	// keep their older "controller-manager" files, unused.
	certControllerMgr = "kube-controller-manager"
	certScheduler     = "scheduler"
	keyServiceAccount = "sa"
)

// Bootstrap creates what a new cluster needs before its first start: certificates, service
// account keys, kubeconfigs and the audit policy. It keeps whatever already exists, so it is
// safe to run before every start.
func Bootstrap(l clusterdir.Layout, apiPort int) error {
	dir := l.PKI()
	ca, err := loadOrCreateCA(dir, certCA, "labs-ca")
	if err != nil {
		return err
	}
	etcdCA, err := loadOrCreateCA(dir, certEtcdCA, "labs-etcd-ca")
	if err != nil {
		return err
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	leaves := []struct {
		name   string
		issuer *pki.CA
		spec   pki.Spec
	}{
		{certAPIServer, ca, pki.Spec{
			CommonName: "kube-apiserver",
			DNSNames:   []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
			IPs:        append(loopback, net.ParseIP("10.96.0.1")),
			Server:     true,
		}},
		{certAPIServerKubelet, ca, pki.Spec{CommonName: "kube-apiserver-kubelet-client", Organizations: []string{"system:masters"}, Client: true}},
		{certAdmin, ca, pki.Spec{CommonName: "kubernetes-admin", Organizations: []string{"system:masters"}, Client: true}},
		{certControllerMgr, ca, pki.Spec{CommonName: "system:kube-controller-manager", Organizations: []string{"system:masters"}, Client: true}},
		{certScheduler, ca, pki.Spec{CommonName: "system:kube-scheduler", Client: true}},
		{certEtcdServer, etcdCA, pki.Spec{CommonName: "etcd", DNSNames: []string{"localhost"}, IPs: loopback, Server: true, Client: true}},
		{certAPIServerEtcd, etcdCA, pki.Spec{CommonName: "kube-apiserver-etcd-client", Client: true}},
	}
	if err := renewOutdatedIdentity(dir, certControllerMgr, "system:masters", l.ComponentKubeconfig("controller-manager")); err != nil {
		return err
	}
	for _, leaf := range leaves {
		if pki.Exists(dir, leaf.name) {
			continue
		}
		pair, err := leaf.issuer.Issue(leaf.spec)
		if err != nil {
			return err
		}
		if err := pair.Save(dir, leaf.name); err != nil {
			return err
		}
	}
	if !pki.Exists(dir, keyServiceAccount) {
		// Stored as sa.key / sa.crt for symmetry, although sa.crt holds a bare public key.
		private, public, err := pki.NewSigningKeyPEM()
		if err != nil {
			return err
		}
		if err := (pki.Pair{CertPEM: public, KeyPEM: private}).Save(dir, keyServiceAccount); err != nil {
			return err
		}
	}

	server := APIServerURL(apiPort)
	for _, kc := range []struct{ path, cert, user string }{
		{l.Kubeconfig(), certAdmin, AdminUser},
		{l.ComponentKubeconfig("controller-manager"), certControllerMgr, "system:kube-controller-manager"},
		{l.ComponentKubeconfig("scheduler"), certScheduler, "system:kube-scheduler"},
	} {
		if _, err := os.Stat(kc.path); err == nil {
			if err := kubeconfig.SetServer(kc.path, ClusterName, server); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(kc.path), 0o700); err != nil {
			return err
		}
		pair, err := readPair(dir, kc.cert)
		if err != nil {
			return err
		}
		if err := kubeconfig.Write(kc.path, kubeconfig.Spec{
			Server: server, CAPEM: ca.CertPEM(), CertPEM: pair.CertPEM, KeyPEM: pair.KeyPEM,
			Cluster: ClusterName, User: kc.user, Context: ContextName,
		}); err != nil {
			return err
		}
	}

	if err := os.MkdirAll(filepath.Dir(l.AuditPolicy()), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(l.AuditPolicy(), []byte(auditPolicy), 0o600); err != nil {
		return fmt.Errorf("writing audit policy: %w", err)
	}
	return nil
}

// IssueNodeCredentials returns a kubelet client certificate (system:node:<name>) and a serving
// certificate for the node's IP, both signed by the cluster CA, and the CA certificate.
func IssueNodeCredentials(l clusterdir.Layout, nodeName string, nodeIP net.IP) (client, serving pki.Pair, caPEM []byte, err error) {
	ca, err := pki.LoadCA(l.PKI(), certCA)
	if err != nil {
		return client, serving, nil, fmt.Errorf("loading cluster CA: %w", err)
	}
	client, err = ca.Issue(pki.Spec{CommonName: "system:node:" + nodeName, Organizations: []string{"system:nodes"}, Client: true})
	if err != nil {
		return client, serving, nil, err
	}
	serving, err = ca.Issue(pki.Spec{CommonName: nodeName, DNSNames: []string{nodeName}, IPs: []net.IP{nodeIP}, Server: true})
	if err != nil {
		return client, serving, nil, err
	}
	return client, serving, ca.CertPEM(), nil
}

// APIServerURL is the address of the API server on the given port.
func APIServerURL(port int) string { return fmt.Sprintf("https://127.0.0.1:%d", port) }

func loadOrCreateCA(dir, name, commonName string) (*pki.CA, error) {
	if pki.Exists(dir, name) {
		ca, err := pki.LoadCA(dir, name)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", name, err)
		}
		return ca, nil
	}
	ca, err := pki.NewCA(commonName)
	if err != nil {
		return nil, err
	}
	if err := ca.Save(dir, name); err != nil {
		return nil, err
	}
	return ca, nil
}

// renewOutdatedIdentity removes a client certificate made before its identity gained the
// group org (and the kubeconfig that holds it), so that Bootstrap issues both again: a cluster
// created by an older labs then starts with the identity this one expects.
func renewOutdatedIdentity(dir, name, org, kubeconfigPath string) error {
	if !pki.Exists(dir, name) {
		return nil
	}
	pair, err := readPair(dir, name)
	if err != nil {
		return err
	}
	block, _ := pem.Decode(pair.CertPEM)
	if block == nil {
		return fmt.Errorf("%s: no certificate in PEM", name)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if slices.Contains(cert.Subject.Organization, org) {
		return nil
	}
	certPath, keyPath := pki.Paths(dir, name)
	for _, f := range []string{certPath, keyPath, kubeconfigPath} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("renewing %s: %w", name, err)
		}
	}
	return nil
}

func readPair(dir, name string) (pki.Pair, error) {
	certPath, keyPath := pki.Paths(dir, name)
	c, err := os.ReadFile(certPath)
	if err != nil {
		return pki.Pair{}, err
	}
	k, err := os.ReadFile(keyPath)
	if err != nil {
		return pki.Pair{}, err
	}
	return pki.Pair{CertPEM: c, KeyPEM: k}, nil
}

// AuditPolicy is the policy of the API server's audit log (below); the kind provider gives its
// API server the same one.
const AuditPolicy = auditPolicy

// auditPolicy records every request a person makes (at Metadata level: user, user agent, verb,
// resource, subresource, URI with dryRun and exec's container/stdin/tty, the response status
// with the API's error text) and leaves out the cluster's own background traffic, which would
// bury the learner's few requests under thousands of lease renewals. Pod deletes are logged at
// Request level, so their DeleteOptions (grace period, i.e. --force) are evidence too; so are
// pods/exec and pods/attach (their options are in the URI, and no body is logged for them).
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: None
    users:
      - system:apiserver
      - system:kube-controller-manager
      - system:kube-scheduler
  - level: None
    userGroups:
      - system:nodes
      - system:serviceaccounts
  - level: None
    resources:
      - group: coordination.k8s.io
        resources: ["leases"]
      - group: ""
        resources: ["events"]
    verbs: ["create", "update", "patch"]
  - level: None
    nonResourceURLs:
      - /healthz*
      - /readyz*
      - /livez*
  - level: Request
    verbs: ["delete"]
    resources:
      - group: ""
        resources: ["pods"]
  - level: Request
    resources:
      - group: ""
        resources: ["pods/exec", "pods/attach"]
  - level: Metadata
`
