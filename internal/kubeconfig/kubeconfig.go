// Package kubeconfig writes and updates the client-certificate kubeconfigs of an embedded cluster.
package kubeconfig

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Spec is one kubeconfig: a cluster, a client-certificate user and a context joining them.
type Spec struct {
	Server  string
	CAPEM   []byte
	CertPEM []byte
	KeyPEM  []byte
	Cluster string
	User    string
	Context string
}

// Write creates the kubeconfig at path, private to the user (0600).
func Write(path string, s Spec) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[s.Cluster] = &clientcmdapi.Cluster{Server: s.Server, CertificateAuthorityData: s.CAPEM}
	cfg.AuthInfos[s.User] = &clientcmdapi.AuthInfo{ClientCertificateData: s.CertPEM, ClientKeyData: s.KeyPEM}
	cfg.Contexts[s.Context] = &clientcmdapi.Context{Cluster: s.Cluster, AuthInfo: s.User}
	cfg.CurrentContext = s.Context
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("writing kubeconfig %s: %w", path, err)
	}
	// WriteToFile keeps the mode of an existing file; make sure it is private either way.
	return os.Chmod(path, 0o600)
}

// SetServer points cluster in the kubeconfig at path to server, keeping everything else the
// learner may have changed (their current namespace, extra contexts).
func SetServer(path, cluster, server string) error {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return fmt.Errorf("reading kubeconfig %s: %w", path, err)
	}
	c, ok := cfg.Clusters[cluster]
	if !ok {
		return fmt.Errorf("kubeconfig %s has no cluster %q", path, cluster)
	}
	if c.Server == server {
		return nil
	}
	c.Server = server
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("writing kubeconfig %s: %w", path, err)
	}
	return os.Chmod(path, 0o600)
}

// Load reads the kubeconfig at path, or, when path is a list as KUBECONFIG holds one (a lab's
// own context file first, then the cluster's kubeconfig: see internal/labctx), the files merged
// as kubectl merges them (the first file to name a context or the current context wins).
func Load(path string) (*clientcmdapi.Config, error) {
	files := filepath.SplitList(path)
	if len(files) <= 1 {
		cfg, err := clientcmd.LoadFromFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading kubeconfig %s: %w", path, err)
		}
		return cfg, nil
	}
	rules := &clientcmd.ClientConfigLoadingRules{Precedence: files}
	cfg, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig %s: %w", path, err)
	}
	return cfg, nil
}

// CurrentContext returns the name of the current context of the kubeconfig at path (a file, or
// a KUBECONFIG list); an error when it names none.
func CurrentContext(path string) (string, error) {
	cfg, err := Load(path)
	if err != nil {
		return "", err
	}
	if cfg.CurrentContext == "" {
		return "", fmt.Errorf("kubeconfig %s has no current context", path)
	}
	return cfg.CurrentContext, nil
}

// CurrentNamespace returns the namespace of the current context of the kubeconfig at path (a
// file, or a KUBECONFIG list) ("default" when the context sets none).
func CurrentNamespace(path string) (string, error) {
	cfg, err := Load(path)
	if err != nil {
		return "", err
	}
	ctx, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		return "", fmt.Errorf("kubeconfig %s: current context %q does not exist", path, cfg.CurrentContext)
	}
	if ctx.Namespace == "" {
		return "default", nil
	}
	return ctx.Namespace, nil
}

// SetNamespace sets the namespace of the current context of the kubeconfig at path and
// returns the one it had ("default" when it set none).
func SetNamespace(path, ns string) (was string, err error) {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return "", fmt.Errorf("reading kubeconfig %s: %w", path, err)
	}
	ctx, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		return "", fmt.Errorf("kubeconfig %s: current context %q does not exist", path, cfg.CurrentContext)
	}
	was = ctx.Namespace
	if was == "" {
		was = "default"
	}
	if ns == "default" {
		ns = ""
	}
	if ctx.Namespace == ns {
		return was, nil
	}
	ctx.Namespace = ns
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return "", fmt.Errorf("writing kubeconfig %s: %w", path, err)
	}
	return was, nil
}
