package reset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// Only the manifests of the lab's static Pods go, whatever the learner named the file; other
// static Pods and other files stay.
func TestRemoveStaticPodsRemovesOnlyTheLabs(t *testing.T) {
	worker, cp := t.TempDir(), t.TempDir()
	files := map[string]string{
		filepath.Join(worker, "my-web.yaml"): "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web2\nspec: {}\n",
		filepath.Join(worker, "etcd.yaml"):   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n",
		filepath.Join(worker, "notes.txt"):   "web2\n",
		filepath.Join(cp, "web2.json"):       `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web2","namespace":"shop"}}`,
		filepath.Join(cp, ".web2.yaml.swp"):  "kind: Pod\nmetadata:\n  name: web2\n",
		filepath.Join(cp, "configmap.yaml"):  "kind: ConfigMap\nmetadata:\n  name: web2\n",
	}
	for p, data := range files {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	env := &checks.Env{Client: fake.NewSimpleClientset()}
	dirs := cluster.HostDirs{"labs-worker": worker, "labs-control-plane": cp, "labs-worker2": filepath.Join(worker, "none")}
	if err := removeStaticPods(context.Background(), env, dirs, []string{"web2"}, i18n.Localizer{}, &out); err != nil {
		t.Fatal(err)
	}
	for p := range files {
		_, err := os.Stat(p)
		gone := os.IsNotExist(err)
		want := strings.HasSuffix(p, "my-web.yaml") || strings.HasSuffix(p, "web2.json")
		if gone != want {
			t.Errorf("%s: removed %v, want %v", p, gone, want)
		}
	}
	for _, want := range []string{"Removed the static Pod web2 from node labs-worker", "Mirror Pod default/web2-labs-worker is gone.", "Mirror Pod shop/web2-labs-control-plane is gone."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("reset says no %q:\n%s", want, out.String())
		}
	}
}

// On a cluster whose nodes' files labs cannot reach, reset says what is left to do.
func TestRemoveStaticPodsWithoutDirectories(t *testing.T) {
	var out strings.Builder
	if err := removeStaticPods(context.Background(), nil, nil, []string{"web2"}, i18n.New(i18n.ZH), &out); err != nil || !strings.Contains(out.String(), "staticPodPath") || !strings.Contains(out.String(), "請自行") {
		t.Errorf("err %v, said %q", err, out.String())
	}
}
