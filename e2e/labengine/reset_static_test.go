package labengine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestResetRemovesTheLabsStaticPod: the static-pods lab has the learner write web2 into
// labs-worker's static pod directory (as labs cluster status shows it, under any file name);
// `labs reset static-pods` removes that manifest and waits until the mirror Pod is gone, and
// leaves another static Pod of that directory alone.
func TestResetRemovesTheLabsStaticPod(t *testing.T) {
	c := testcluster.Shared(t)
	r := c.Labs(t, "cluster", "status", "-o", "json")
	var st struct {
		Nodes []struct{ Name, StaticPodPath string }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &st); err != nil {
		t.Fatalf("labs cluster status -o json: %v\n%s", err, r.Combined())
	}
	dir := ""
	for _, n := range st.Nodes {
		if n.Name == "labs-worker" {
			dir = n.StaticPodPath
		}
	}
	if dir == "" {
		t.Fatalf("no static pod directory for labs-worker:\n%s", r.Stdout)
	}
	pod := func(name string) string {
		return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  containers:\n  - name: web\n    image: nginx\n"
	}
	mine, other := filepath.Join(dir, "my-web2.yaml"), filepath.Join(dir, "keep-me.yaml")
	for p, name := range map[string]string{mine: "web2", other: "keep-me"} {
		if err := os.WriteFile(p, []byte(pod(name)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(p) })
	}
	ctx := context.Background()
	mirrorExists := func(name string) bool {
		_, err := c.Client.CoreV1().Pods("default").Get(ctx, name, metav1.GetOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			t.Fatal(err)
		}
		return err == nil
	}
	deadline := time.Now().Add(60 * time.Second)
	for !mirrorExists("web2-labs-worker") || !mirrorExists("keep-me-labs-worker") {
		if time.Now().After(deadline) {
			t.Fatal("the mirror Pods never appeared")
		}
		time.Sleep(100 * time.Millisecond)
	}

	r = c.Labs(t, "reset", "static-pods", "--keep-files")
	t.Log(r.Stdout)
	if r.Code != 0 {
		t.Fatalf("labs reset static-pods: exit %d\n%s", r.Code, r.Combined())
	}
	if _, err := os.Stat(mine); !os.IsNotExist(err) {
		t.Errorf("reset left the lab's static Pod manifest %s: %v", mine, err)
	}
	if mirrorExists("web2-labs-worker") {
		t.Error("reset returned while the mirror Pod web2-labs-worker is still there")
	}
	for _, want := range []string{"Removed the static Pod web2 from node labs-worker", "Mirror Pod default/web2-labs-worker is gone."} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("labs reset says no %q", want)
		}
	}
	if _, err := os.Stat(other); err != nil || !mirrorExists("keep-me-labs-worker") {
		t.Errorf("reset touched a static Pod the lab does not own: %v", err)
	}
}
