package e2e

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/labs-dev/labs/internal/testcluster"
)

// TestKubectlWhileTheClusterIsDownSaysHowToStartIt (issue 20 item 4): in a terminal set up as
// a lab's (eval "$(labs cluster env)", so kubectl is labs' own under bin/ with the lab's
// KUBECONFIG), kubectl run while the cluster is down ends its "connection refused" with a hint
// naming `labs cluster up`, in the learner's language, and the hint's command, pasted, brings
// the cluster back.
func TestKubectlWhileTheClusterIsDownSaysHowToStartIt(t *testing.T) {
	c := testcluster.NewStateDir(t)
	c.Up(t)
	env := labsEnv(t, c, nil, "cluster", "env", "--lab", "demo")
	if env.Code != 0 || !strings.Contains(env.Stdout, "contexts") {
		t.Fatalf("labs cluster env --lab demo: exit %d\n%s", env.Code, env.Combined())
	}
	if r := labsEnv(t, c, nil, "cluster", "down"); r.Code != 0 {
		t.Fatalf("labs cluster down: %s", r.Combined())
	}
	shell := func(lang, script string) (string, error) {
		cmd := exec.Command("bash", "-c", env.Stdout+"\n"+script)
		cmd.Env = append(c.Env(), "LANG="+lang)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := shell("C.UTF-8", "kubectl get pods")
	m := regexp.MustCompile("labs: the labs cluster is not running; `([^`]+ cluster up)` starts it again").FindStringSubmatch(out)
	if err == nil || !strings.Contains(out, "refused") || m == nil {
		t.Fatalf("kubectl with the cluster down: %v\n%s", err, out)
	}
	zh, _ := shell("zh_TW.UTF-8", "kubectl get pods")
	if !strings.Contains(zh, "labs 叢集沒有在執行；執行 `") {
		t.Errorf("the hint is not in zh-TW under a zh_TW locale:\n%s", zh)
	}
	// The command as printed starts the cluster again, and kubectl works.
	if out, err := shell("C.UTF-8", m[1]+" >/dev/null && kubectl get namespace default -o name"); err != nil || !strings.Contains(out, "namespace/default") {
		t.Fatalf("%s, pasted: %v\n%s", m[1], err, out)
	}
}
