package reset

import (
	"bytes"
	"path/filepath"
	"testing"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/labs-dev/labs/internal/i18n"
)

// TestResetClearsEveryLabsContext (issue 20 item 4): a reset clears the lab's namespace from
// every context on the labs cluster, a learner-made one too, and leaves other clusters' alone.
func TestResetClearsEveryLabsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kubeconfig")
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["labs"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:6443"}
	cfg.Clusters["other"] = &clientcmdapi.Cluster{Server: "https://10.0.0.1"}
	cfg.Contexts["labs"] = &clientcmdapi.Context{Cluster: "labs", AuthInfo: "admin", Namespace: "dry-run"}
	cfg.Contexts["mine"] = &clientcmdapi.Context{Cluster: "labs", AuthInfo: "admin", Namespace: "dry-run"}
	cfg.Contexts["work"] = &clientcmdapi.Context{Cluster: "other", AuthInfo: "admin", Namespace: "dry-run"}
	cfg.CurrentContext = "labs"
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := resetKubeconfigNamespace(path, []string{"dry-run"}, i18n.New(i18n.EN), &out); err != nil {
		t.Fatal(err)
	}
	got, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"labs": "", "mine": "", "work": "dry-run"} {
		if ns := got.Contexts[name].Namespace; ns != want {
			t.Errorf("context %s: namespace %q, want %q", name, ns, want)
		}
	}
	if out.String() != "Contexts labs, mine use namespace default again.\n" {
		t.Errorf("said %q", out.String())
	}
}
