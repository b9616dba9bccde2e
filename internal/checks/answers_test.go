package checks

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/labs-dev/labs/internal/kubeconfig"
)

func TestAnswerAgainstAFixedKey(t *testing.T) {
	f := newFakeEnv(t)
	f.Lab, f.stepID = "api-objects", "group"
	failWith(t, f, `the answer is "apps"`, []string{"not answered yet", "key a", "`labs answer api-objects group \"your answer\"`", "group: your answer"})

	f.Answers = map[string]string{"group": "  APPS \n"}
	pass(t, f, `the answer is "apps"`)
	f.Answers["group"] = "core"
	msg := f.step(`the answer is "apps"`)
	if !strings.Contains(msg, `your answer "core" is not right`) || strings.Contains(msg, "apps") {
		t.Errorf("a wrong answer's reason %q must say so without the key", msg)
	}
	f.Answers["group"] = "batch   v1"
	pass(t, f, `the answer is one of "apps", "Batch v1"`)
	failWith(t, f, `the answer is one of "apps", "extensions"`, []string{`your answer "batch   v1" is not right`})
	// Another step's answer does not count.
	f.stepID = "other"
	failWith(t, f, `the answer is "batch v1"`, []string{"not answered yet"})
}

func TestAnswerAgainstThePodsNodeAndPhase(t *testing.T) {
	p := pod("client", "pod-basics", corev1.Container{Name: "client", Image: "busybox"})
	p.Spec.NodeName = "labs-worker2"
	p.Status.Phase = corev1.PodFailed
	f := newFakeEnv(t, p)
	f.stepID = "where"
	node := `the answer is the node of pod "client" in namespace "pod-basics"`
	failWith(t, f, node, []string{"not answered yet"})
	f.Answers = map[string]string{"where": "labs-worker"}
	failWith(t, f, node, []string{`your answer "labs-worker" is not right`, "`kubectl get pod client -n pod-basics -o wide` shows it"})
	f.seen = nil
	f.Answers["where"] = "Labs-Worker2"
	pass(t, f, node)
	if len(f.seen) == 0 || f.seen[0].Resource != gvrPods {
		t.Errorf("the live read of the pod was not observed: %+v", f.seen)
	}
	failWith(t, f, `the answer is the node of pod "nope" in namespace "pod-basics"`, []string{"expected pod nope in namespace pod-basics"})

	phase := `the answer is the phase of pod "client" in namespace "pod-basics"`
	f.Answers["where"] = "Succeeded"
	failWith(t, f, phase, []string{`your answer "Succeeded" is not right`, "Status in `kubectl describe pod", "not the phase"})
	f.Answers["where"] = "failed"
	pass(t, f, phase)

	value := `the answer is the value of "{.spec.containers[0].image}" of pod "client" in namespace "pod-basics"`
	f.Answers["where"] = "busybox"
	pass(t, f, value)
	f.Answers["where"] = "nginx"
	failWith(t, f, value, []string{`your answer "nginx" is not right`, "`kubectl get pod client -n pod-basics -o yaml` shows it"})

	unscheduled := pod("late", "pod-basics", corev1.Container{Name: "c", Image: "busybox"})
	g := newFakeEnv(t, unscheduled)
	g.stepID, g.Answers = "where", map[string]string{"where": "labs-worker"}
	failWith(t, g, `the answer is the node of pod "late" in namespace "pod-basics"`, []string{"pod late is on no node yet"})
}

func TestAnswerAgainstTheCurrentContext(t *testing.T) {
	f := newFakeEnv(t)
	f.Kubeconfig = filepath.Join(t.TempDir(), "kubeconfig")
	if err := kubeconfig.Write(f.Kubeconfig, kubeconfig.Spec{Server: "https://127.0.0.1:1", Cluster: "labs", User: "admin", Context: "labs"}); err != nil {
		t.Fatal(err)
	}
	f.stepID, f.Answers = "ctx", map[string]string{"ctx": "kind-labs"}
	step := `the answer is the current context of the kubeconfig`
	failWith(t, f, step, []string{`your answer "kind-labs" is not right`, "`kubectl config current-context`"})
	f.seen = nil
	f.Answers["ctx"] = "labs"
	pass(t, f, step)
	if len(f.seen) != 1 || f.seen[0].File != f.Kubeconfig {
		t.Errorf("the kubeconfig read was not observed: %+v", f.seen)
	}
}

func TestAnswerStepKnowsItsKeys(t *testing.T) {
	lib := Library{}
	for text, want := range map[string][]string{
		`the answer is "SIGTERM"`:                                                       {"SIGTERM"},
		`the answer is one of "no", "false" or "nein"`:                                  {"no", "false", "nein"},
		`the answer is the node of pod "web" in namespace "demo"`:                       nil,
		`the answer is the current context of the kubeconfig`:                           nil,
		`the answer is the value of "{.metadata.uid}" of pod "web" in namespace "demo"`: nil,
	} {
		ok, keys := lib.AnswerStep(text)
		if !ok || strings.Join(keys, "|") != strings.Join(want, "|") {
			t.Errorf("AnswerStep(%q) = %v %q, want true %q", text, ok, keys, want)
		}
	}
	if ok, _ := lib.AnswerStep(`namespace "demo" is Active`); ok {
		t.Error("a namespace check counted as an answer check")
	}
	if msg := lib.CheckStep(`the answer is the value of "{.spec.nodeName" of pod "web" in namespace "demo"`, false); !strings.Contains(msg, "bad JSONPath") {
		t.Errorf("a JSONPath that does not parse was accepted: %q", msg)
	}
}

// TestRunGivesAnswerChecksTheirStep: through godog, an answer check reads the answer of the
// Scenario's own step.
func TestRunGivesAnswerChecksTheirStep(t *testing.T) {
	f := newFakeEnv(t)
	f.Answers = map[string]string{"signal": "sigterm"}
	feature := []byte("Feature: q\n\n  @signal\n  Scenario: s\n    Then the answer is \"SIGTERM\"\n\n  @group\n  Scenario: g\n    Then the answer is \"apps\"\n")
	rs, err := Run(context.Background(), f.Env, "q.feature", feature, []string{"signal", "group"})
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].Passed || rs[1].Passed || !strings.Contains(rs[1].Reason, "not answered yet") {
		t.Errorf("results: %+v", rs)
	}
}
