package pki

import (
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"testing"
)

func TestIssuedCertificatesChainToTheCA(t *testing.T) {
	dir := t.TempDir()
	ca, err := NewCA("labs-ca")
	if err != nil {
		t.Fatal(err)
	}
	if err := ca.Save(dir, "ca"); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCA(dir, "ca")
	if err != nil {
		t.Fatal(err)
	}
	pair, err := loaded.Issue(Spec{CommonName: "system:node:labs-worker", Organizations: []string{"system:nodes"}, IPs: []net.IP{net.IPv4(127, 0, 10, 2)}, Server: true, Client: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := pair.Save(dir, "node"); err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := Paths(dir, "node")
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v %v, want 0600", fi.Mode(), err)
	}
	b, _ := os.ReadFile(certPath)
	block, _ := pem.Decode(b)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client use: %v", err)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: "127.0.10.2"}); err != nil {
		t.Errorf("serving 127.0.10.2: %v", err)
	}
	if cert.Subject.CommonName != "system:node:labs-worker" || cert.Subject.Organization[0] != "system:nodes" {
		t.Errorf("subject %v", cert.Subject)
	}
	other, _ := NewCA("other")
	strangers := x509.NewCertPool()
	strangers.AddCert(other.Cert)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: strangers}); err == nil {
		t.Error("a certificate verifies against a CA that did not issue it")
	}
}
