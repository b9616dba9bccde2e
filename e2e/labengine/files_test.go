package labengine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestFileStepsAndLabelledReset covers the work directory: a step turns green when the learner
// writes a file (fsnotify, no cluster change involved), a step's own files are handed to the
// learner, and `labs reset` deletes the objects carrying the lab's label.
func TestFileStepsAndLabelledReset(t *testing.T) {
	c := testcluster.Shared(t)
	ns := c.Namespace(t)
	labs, work := t.TempDir(), t.TempDir()
	yaml := fmt.Sprintf(`id: files
title: {en: Files, zh-TW: 檔案}
summary: {en: s, zh-TW: s}
owns: {label: labs.dev/lab=files}
steps:
  - id: write
    title: {en: Write mine.yaml, zh-TW: 寫 mine.yaml}
    text: {en: Write it., zh-TW: 寫。}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create configmap mine --dry-run=client -o yaml > mine.yaml
  - id: apply
    title: {en: Apply cm.yaml, zh-TW: 套用 cm.yaml}
    text: {en: Apply the file you were given., zh-TW: 套用給你的檔案。}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl apply -f cm.yaml
    files:
      - path: cm.yaml
        content: |
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: given
            namespace: %s
            labels: {labs.dev/lab: files}
`, ns)
	feature := fmt.Sprintf(`Feature: files
  @write
  Scenario: mine.yaml
    Then the file "mine.yaml" in the work directory is a manifest of kind "ConfigMap" named "mine"

  @apply
  Scenario: applied
    Then configmap "given" exists in namespace %q
`, ns)
	for name, content := range map[string]string{"scenarios/files.yaml": yaml, "features/files.feature": feature} {
		p := filepath.Join(labs, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := c.Labs(t, "validate", labs); r.Code != 0 {
		t.Fatalf("test lab invalid:\n%s", r.Combined())
	}
	t.Cleanup(func() { c.Labs(t, "reset", "files", "--labs-dir", labs) })

	s := startSession(t, c, "files", "--labs-dir", labs, "--work-dir", work)
	s.expect("Step 1/2", time.Minute)
	// A half-written file is not enough; the finished one is.
	if err := os.WriteFile(filepath.Join(work, "mine.yaml"), []byte("kind: ConfigMap\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.key("c")
	s.expect("mine.yaml holds ConfigMap/, not ConfigMap/mine", 5*time.Second)
	if err := os.WriteFile(filepath.Join(work, "mine.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	written := time.Now()
	green := s.expect("✓ Step 1/2 done", 5*time.Second)
	if d := green.Sub(written); d > time.Second {
		t.Errorf("file step turned green %s after the write", d)
	}
	s.expect("(wrote cm.yaml for you)", time.Second)
	mustKubectl(t, c, "apply", "-f", filepath.Join(work, "cm.yaml"))
	s.expect("Lab complete", 5*time.Second)
	s.wait(10 * time.Second)

	if r := c.Labs(t, "reset", "files", "--labs-dir", labs); r.Code != 0 {
		t.Fatalf("labs reset: exit %d\n%s", r.Code, r.Combined())
	}
	if _, err := c.Client.CoreV1().ConfigMaps(ns).Get(context.Background(), "given", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("labelled configmap survived reset: %v", err)
	}
}
