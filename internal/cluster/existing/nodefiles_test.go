package existing

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// The Pod that reaches a node's files is pinned to the node, mounts only the static pod
// directory (which must exist), runs once and leaves no token behind; it is labs' by its labels.
func TestNodeFilesPod(t *testing.T) {
	n := newNodeFiles(New("/nonexistent"))
	pod := n.pod("labs-worker", "/etc/kubernetes/manifests", "true")
	if pod.Spec.NodeName != "labs-worker" || pod.Namespace != "kube-system" || pod.GenerateName == "" {
		t.Errorf("pod placement: node %q namespace %q generateName %q", pod.Spec.NodeName, pod.Namespace, pod.GenerateName)
	}
	if pod.Spec.RestartPolicy != corev1.RestartPolicyNever || *pod.Spec.AutomountServiceAccountToken {
		t.Errorf("restart policy %q, token mounted %v", pod.Spec.RestartPolicy, *pod.Spec.AutomountServiceAccountToken)
	}
	hp := pod.Spec.Volumes[0].HostPath
	if hp == nil || hp.Path != "/etc/kubernetes/manifests" || *hp.Type != corev1.HostPathDirectory {
		t.Errorf("volume: %+v", pod.Spec.Volumes[0])
	}
	if pod.Labels["app.kubernetes.io/name"] != "labs-node-files" || pod.Spec.Containers[0].Image != "busybox" {
		t.Errorf("labels %v, image %q", pod.Labels, pod.Spec.Containers[0].Image)
	}
	t.Setenv(EnvNodeFilesImage, "registry.school.example/busybox:1.37")
	if img := newNodeFiles(New("/nonexistent")).pod("n", "/d", "true").Spec.Containers[0].Image; img != "registry.school.example/busybox:1.37" {
		t.Errorf("$%s: image %q", EnvNodeFilesImage, img)
	}
}

// ReadDir's one Pod reads the names and the contents; the ReadFile that follows takes the
// content it read, once; a missing file is os.ErrNotExist; Remove forgets what was read.
func TestNodeFilesReadDirThenReadFile(t *testing.T) {
	n := newNodeFiles(New("/nonexistent"))
	var runs []string
	files := map[string]string{"web2.yaml": "kind: Pod\nmetadata:\n  name: web2\n", ".hidden": "x"}
	n.exec = func(_ context.Context, node, dir, script string, args ...string) ([]byte, error) {
		runs = append(runs, node+" "+dir+" "+script)
		switch {
		case len(args) == 0: // ReadDir
			var out []byte
			for _, name := range []string{".hidden", "web2.yaml"} {
				out = append(out, name+"\n"+base64.StdEncoding.EncodeToString([]byte(files[name]))+"\n"...)
			}
			return out, nil
		case args[0] == "web2.yaml":
			return []byte(base64.StdEncoding.EncodeToString([]byte(files["web2.yaml"])) + "\n"), nil
		default:
			return nil, os.ErrNotExist
		}
	}
	ctx := context.Background()
	names, err := n.ReadDir(ctx, "labs-worker", "/m")
	if err != nil || !slices.Equal(names, []string{".hidden", "web2.yaml"}) {
		t.Fatalf("ReadDir = %q, %v", names, err)
	}
	data, err := n.ReadFile(ctx, "labs-worker", "/m/web2.yaml")
	if err != nil || string(data) != files["web2.yaml"] || len(runs) != 1 {
		t.Fatalf("ReadFile after ReadDir = %q, %v, %d Pods", data, err, len(runs))
	}
	// taken once: a second read runs a Pod
	if data, err := n.ReadFile(ctx, "labs-worker", "/m/web2.yaml"); err != nil || string(data) != files["web2.yaml"] || len(runs) != 2 {
		t.Fatalf("second ReadFile = %q, %v, %d Pods", data, err, len(runs))
	}
	if _, err := n.ReadFile(ctx, "labs-worker", "/m/gone.yaml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := n.ReadDir(ctx, "labs-worker", "/m"); err != nil {
		t.Fatal(err)
	}
	if err := n.Remove(ctx, "labs-worker", "/m/web2.yaml"); err != nil {
		t.Fatal(err)
	}
	before := len(runs)
	if _, err := n.ReadFile(ctx, "labs-worker", "/m/.hidden"); err == nil || len(runs) != before+1 {
		t.Errorf("after Remove, ReadFile must read the node again: %d Pods, %v", len(runs)-before, err)
	}
}

// The Pods' scripts end their output with their exit code, so that it is read as soon as it is
// complete: run here with sh, as the Pod runs them.
func TestExitTrailer(t *testing.T) {
	for _, tc := range []struct {
		script string
		args   []string
		out    string
		code   int
	}{
		{`printf '%s\n' "$1"; printf 'no newline'`, []string{"web2.yaml"}, "web2.yaml\nno newline", 0},
		{`test -f "/nonexistent/$1" || exit 3; cat "/nonexistent/$1"`, []string{"x"}, "", missing},
		{`echo labs-node-files-exit 7; exit 1`, nil, "labs-node-files-exit 7\n", 1},
	} {
		log, _ := exec.Command("sh", append([]string{"-c", withExitTrailer(tc.script), "sh"}, tc.args...)...).Output()
		out, code, ok := splitTrailer(log)
		if !ok || string(out) != tc.out || code != tc.code {
			t.Errorf("%s: log %q: out %q, code %d, ok %v; want %q, %d", tc.script, log, out, code, ok, tc.out, tc.code)
		}
	}
	if _, _, ok := splitTrailer([]byte("half of the output\n")); ok {
		t.Error("no trailer yet, but ok")
	}
}
