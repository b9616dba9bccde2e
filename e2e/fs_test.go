package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/node"
	"github.com/labs-dev/labs/internal/testcluster"
)

// needOwnFilesystem skips where the kernel refused containers a filesystem of their own (the
// node's log says why); everywhere else these tests must pass.
func needOwnFilesystem(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	nodes, err := c.Client.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes.Items {
		if m := n.Labels[node.LabelRuntimeMode]; m != "namespaces-fs" {
			// Only a fallback the node explained is a skip; anything else is a failure below.
			b, _ := os.ReadFile(filepath.Join(c.StateDir, "clusters", "labs", "logs", n.Name+".log"))
			if i := strings.Index(string(b), "Containers share the host's filesystem"); i >= 0 {
				line, _, _ := strings.Cut(string(b[i:]), "\n")
				t.Skipf("node %s runs containers in mode %q: %s", n.Name, m, line)
			}
		}
	}
}

func succeeded(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}

// A Pod's container is what a student controls on the embedded cluster: it must not read or
// write the labs state directory (the audit log a grade trusts) or the user's home, and what it
// writes elsewhere stays in the container.
func TestContainerCannotReachTheStateDirOrHome(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	needOwnFilesystem(t, c)
	ns := c.Namespace(t)
	audit := filepath.Join(c.StateDir, "clusters", "labs", "audit", "audit.log")
	home, _ := os.UserHomeDir()
	mark := "labs-e2e-fs-" + ns
	hostEtc, hostTmp := "/etc/"+mark, "/tmp/"+mark
	script := strings.Join([]string{
		"test -e " + c.StateDir + " && echo SEES-STATE-DIR",
		"cat " + audit + " >/dev/null 2>&1 && echo READS-AUDIT-LOG",
		`echo '{"forged":"` + mark + `"}' >> ` + audit + " 2>/dev/null && echo WRITES-AUDIT-LOG",
		"test -n \"$(ls -A " + home + " 2>/dev/null)\" && echo SEES-HOME",
		"test -n \"$(ls -A /root)\" && echo SEES-ROOT",
		"umount /root 2>/dev/null && echo UNMOUNTS",
		"echo x > " + hostEtc + " && echo wrote-etc",
		"echo x > " + hostTmp + " && echo wrote-tmp",
		"echo done",
	}, "; ")
	applyManifest(t, c, ns, fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata: {name: escape}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: [sh, -c, %q]
`, script))
	waitPod(t, c, ns, "escape", 30*time.Second, "completion", succeeded)
	out := mustKubectl(t, c, "logs", "escape", "-n", ns).Stdout
	for _, bad := range []string{"SEES-STATE-DIR", "READS-AUDIT-LOG", "WRITES-AUDIT-LOG", "SEES-HOME", "SEES-ROOT", "UNMOUNTS"} {
		if strings.Contains(out, bad) {
			t.Errorf("the container %s:\n%s", bad, out)
		}
	}
	for _, want := range []string{"wrote-etc", "wrote-tmp", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("the container's output lacks %s:\n%s", want, out)
		}
	}
	if b, _ := os.ReadFile(audit); strings.Contains(string(b), `"forged"`) {
		t.Errorf("a forged line reached the audit log")
	}
	for _, p := range []string{hostEtc, hostTmp} {
		if _, err := os.Stat(p); err == nil {
			os.Remove(p)
			t.Errorf("the container's write to %s reached the host", p)
		}
	}
	// A hostPath volume of the state directory is refused, and says why.
	applyManifest(t, c, ns, fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata: {name: hostpath}
spec:
  containers:
  - {name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: state, mountPath: /state}]}
  volumes: [{name: state, hostPath: {path: %q}}]
`, c.StateDir))
	p := waitPod(t, c, ns, "hostpath", 30*time.Second, "CreateContainerError", func(p *corev1.Pod) bool {
		for _, cs := range p.Status.ContainerStatuses {
			if w := cs.State.Waiting; w != nil && w.Reason == "CreateContainerError" {
				return true
			}
		}
		return false
	})
	if msg := p.Status.ContainerStatuses[0].State.Waiting.Message; !strings.Contains(msg, "does not mount") {
		t.Errorf("hostPath of the state directory: %q", msg)
	}
}

// Volumes are mounted at their mountPaths; exec sees the same filesystem as the container.
func TestVolumesAreMountedAtTheirPaths(t *testing.T) {
	t.Parallel()
	c := testcluster.Shared(t)
	needOwnFilesystem(t, c)
	ns := c.Namespace(t)
	// A name of this run's own: a run of an older labs (no filesystem of its own) writes it on
	// the host, and it must not make a later run fail.
	marker := "/etc/written-by-main-" + ns
	t.Cleanup(func() { _ = os.Remove(marker) })
	applyManifest(t, c, ns, strings.ReplaceAll(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {key: hello-from-configmap}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: writer
    image: busybox
    command: [sh, -c, "echo from-writer > /shared/msg; echo private > MARKER; sleep 3600"]
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: secret, mountPath: /etc/secret}
    - {name: shared, mountPath: /shared}
    - {name: info, mountPath: /etc/podinfo}
  - name: reader
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: shared, mountPath: /data}
  volumes:
  - {name: config, configMap: {name: cfg}}
  - {name: secret, secret: {secretName: sec, defaultMode: 0400}}
  - {name: shared, emptyDir: {}}
  - {name: info, downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}}
`, "MARKER", marker))
	waitPod(t, c, ns, "web", 30*time.Second, "READY 2/2", running)
	execIn := func(container string, cmd ...string) string {
		return mustKubectl(t, c, append([]string{"exec", "web", "-n", ns, "-c", container, "--"}, cmd...)...).Stdout
	}
	if got := execIn("writer", "cat", "/etc/config/key"); got != "hello-from-configmap" {
		t.Errorf("configMap key at its mountPath: %q", got)
	}
	if got := execIn("writer", "sh", "-c", "cat /etc/secret/password; stat -L -c ' %a' /etc/secret/password"); got != "s3cret 400\n" {
		t.Errorf("secret at its mountPath with mode 0400: %q", got)
	}
	if got := execIn("writer", "cat", "/etc/podinfo/name"); got != "web" {
		t.Errorf("downwardAPI at its mountPath: %q", got)
	}
	waitFor(t, 10*time.Second, "the writer's file in the reader's emptyDir", func() bool {
		return c.Kubectl(t, "exec", "web", "-n", ns, "-c", "reader", "--", "cat", "/data/msg").Stdout == "from-writer\n"
	})
	// exec enters the container's own filesystem: what its main process wrote, and the masks.
	if got := execIn("writer", "cat", marker); got != "private\n" {
		t.Errorf("exec does not see the container's /etc: %q", got)
	}
	if got := execIn("writer", "ls", "-A", "/root"); got != "" {
		t.Errorf("exec ls /root: %q", got)
	}
	if got := execIn("reader", "sh", "-c", "test -e "+marker+" && echo shared || echo own"); got != "own\n" {
		t.Errorf("the two containers share their private layer: %q", got)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the container's /etc is the host's")
	}
}
