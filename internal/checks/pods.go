package checks

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const podIn = `^pod "([^"]+)" in namespace "([^"]+)" `

func registerPods() {
	def(Def{
		Pattern: podIn + `is (Pending|Running|Succeeded|Failed)` + within + `$`,
		Example: `pod "web" in namespace "demo" is Running within 60s`,
		Doc:     "the pod's phase",
		Handler: podPhase,
	})
	def(Def{
		Pattern: podIn + `has (\d+) ready containers?` + within + `$`,
		Example: `pod "web" in namespace "demo" has 1 ready container`,
		Doc:     "how many of the pod's containers are ready",
		Handler: podReady,
	})
	def(Def{
		Pattern: podIn + `has a container with image "([^"]+)"` + within + `$`,
		Example: `pod "web" in namespace "demo" has a container with image "nginx"`,
		Doc:     `a container runs the image ("nginx" also matches nginx:latest and docker.io/library/nginx)`,
		Handler: podImage,
	})
	def(Def{
		Pattern:   podIn + `has a container with image matching "([^"]+)"` + within + `$`,
		Example:   `pod "web" in namespace "demo" has a container with image matching "^nginx(:1\.2[0-9])?$"`,
		Doc:       "a container's image matches the regular expression",
		Handler:   podImageMatching,
		RegexArgs: []int{2},
	})
	def(Def{
		Pattern: podIn + `runs the command "([^"]*)"(?: in container "([^"]+)")?` + within + `$`,
		Example: `pod "client" in namespace "demo" runs the command "sh -c sleep 1000"`,
		Doc:     "a container's command and arguments, joined by spaces",
		Handler: podCommand,
	})
	def(Def{
		Pattern: podIn + `has restart policy (Always|OnFailure|Never)` + within + `$`,
		Example: `pod "job" in namespace "demo" has restart policy Never`,
		Doc:     "the pod's restartPolicy",
		Handler: podRestartPolicy,
	})
	def(Def{
		Pattern: podIn + `has restarted at least (\d+) times?` + within + `$`,
		Example: `pod "crash" in namespace "demo" has restarted at least 2 times within 90s`,
		Doc:     "the sum of the containers' restart counts",
		Handler: podRestarts,
	})
	def(Def{
		Pattern: podIn + `has init containers "([^"]+)" in that order` + within + `$`,
		Example: `pod "app" in namespace "demo" has init containers "wait-db, migrate" in that order`,
		Doc:     "the pod's init containers, by name, in order (comma-separated)",
		Handler: podInitOrder,
	})
	def(Def{
		Pattern: podIn + `has completed its init containers` + within + `$`,
		Example: `pod "app" in namespace "demo" has completed its init containers within 60s`,
		Doc:     "every init container ran to completion",
		Handler: podInitDone,
	})
	def(Def{
		Pattern: podIn + `runs on node "([^"]+)"` + within + `$`,
		Example: `pod "web" in namespace "demo" runs on node "labs-worker"`,
		Doc:     "the node the pod is scheduled to",
		Handler: podNode,
	})
	def(Def{
		Pattern: podIn + `is a static pod mirror(?: of node "([^"]+)")?` + within + `$`,
		Example: `pod "static-web-labs-worker" in namespace "default" is a static pod mirror of node "labs-worker"`,
		Doc:     "the pod is the API mirror of a static pod (optionally of one node)",
		Handler: podStatic,
	})
}

// pod gets a pod, or explains why there is none.
func (e *Env) pod(ctx context.Context, name, ns string) (*corev1.Pod, error) {
	e.observe(Dependency{Resource: gvrPods})
	p, err := e.Client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, e.notFound(ctx, gvrPods, "pod", name, ns, true)
	}
	if err != nil {
		return nil, e.apiError(err)
	}
	return p, nil
}

func (e *Env) podCheck(ctx context.Context, name, ns, within string, check func(*corev1.Pod) error) error {
	return e.eventually(ctx, within, func(ctx context.Context) error {
		p, err := e.pod(ctx, name, ns)
		if err != nil {
			return err
		}
		return check(p)
	})
}

// why explains a pod's state: what keeps it from running, in the learner's words.
func (e *Env) why(p *corev1.Pod) string {
	if p.DeletionTimestamp != nil {
		return e.say("it is being deleted", "它正在被刪除")
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			return e.say("no node has been assigned (%s: %s)", "還沒有被分配到節點（%s：%s）", c.Reason, c.Message)
		}
	}
	if p.Spec.NodeName == "" {
		return e.say("no node has been assigned yet (is there a Ready node? `kubectl get nodes`)", "還沒有被分配到節點（有 Ready 的節點嗎？`kubectl get nodes`）")
	}
	for _, s := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if w := s.State.Waiting; w != nil && w.Reason != "" && w.Reason != "PodInitializing" {
			msg := w.Message
			if msg != "" {
				msg = ": " + msg
			}
			return e.say("container %s is waiting: %s%s", "容器 %s 正在等待：%s%s", s.Name, w.Reason, msg)
		}
		if t := s.State.Terminated; t != nil && t.ExitCode != 0 {
			return e.say("container %s exited with code %d (%s)", "容器 %s 以代碼 %d 結束（%s）", s.Name, t.ExitCode, t.Reason)
		}
	}
	return e.say("it is on node %s", "它在節點 %s 上", p.Spec.NodeName)
}

func podPhase(ctx context.Context, name, ns, phase, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if string(p.Status.Phase) == phase {
			return nil
		}
		return e.fail("pod %s exists but is %s, not %s: %s", "Pod %s 存在，但狀態是 %s 而不是 %s：%s", name, p.Status.Phase, phase, e.why(p))
	})
}

func podReady(ctx context.Context, name, ns, count, within string) error {
	e := envFrom(ctx)
	want, _ := strconv.Atoi(count)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		ready := 0
		for _, s := range p.Status.ContainerStatuses {
			if s.Ready {
				ready++
			}
		}
		if ready == want {
			return nil
		}
		return e.fail("pod %s has %d of %d containers ready, expected %d: %s", "Pod %s 有 %d/%d 個容器就緒，預期 %d 個：%s",
			name, ready, len(p.Spec.Containers), want, e.why(p))
	})
}

// normalizeImage spells an image reference fully, so nginx, nginx:latest and
// docker.io/library/nginx:latest compare equal.
func normalizeImage(img string) string {
	if strings.Contains(img, "@") {
		return img
	}
	name, tag := img, "latest"
	if i := strings.LastIndex(img, ":"); i > strings.LastIndex(img, "/") {
		name, tag = img[:i], img[i+1:]
	}
	first, _, hasSlash := strings.Cut(name, "/")
	if !hasSlash || (!strings.ContainsAny(first, ".:") && first != "localhost") {
		if !hasSlash {
			name = "library/" + name
		}
		name = "docker.io/" + name
	}
	return name + ":" + tag
}

func images(p *corev1.Pod) []string {
	var out []string
	for _, c := range p.Spec.Containers {
		out = append(out, c.Image)
	}
	return out
}

func podImage(ctx context.Context, name, ns, image, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		for _, img := range images(p) {
			if normalizeImage(img) == normalizeImage(image) {
				return nil
			}
		}
		return e.fail("pod %s exists but runs %s, not %s", "Pod %s 存在，但執行的是 %s 而不是 %s", name, strings.Join(images(p), ", "), image)
	})
}

func podImageMatching(ctx context.Context, name, ns, pattern, within string) error {
	e := envFrom(ctx)
	re, err := regexp.Compile(pattern)
	if err != nil {
		return e.fail("the lab's regular expression %q is invalid: %v", "實驗中的正規表示式 %q 無效：%v", pattern, err)
	}
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		for _, img := range images(p) {
			if re.MatchString(img) {
				return nil
			}
		}
		return e.fail("pod %s exists but runs %s, which does not match %s", "Pod %s 存在，但執行的 %s 不符合 %s", name, strings.Join(images(p), ", "), pattern)
	})
}

func podCommand(ctx context.Context, name, ns, command, container, within string) error {
	e := envFrom(ctx)
	want := strings.Join(strings.Fields(command), " ")
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		var found []string
		for _, c := range p.Spec.Containers {
			if container != "" && c.Name != container {
				continue
			}
			got := strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")
			if strings.Join(strings.Fields(got), " ") == want {
				return nil
			}
			if got == "" {
				got = e.say("(the image's default command)", "（映像的預設指令）")
			}
			found = append(found, fmt.Sprintf("%s: %s", c.Name, got))
		}
		if len(found) == 0 {
			return e.fail("pod %s has no container %s", "Pod %s 沒有容器 %s", name, container)
		}
		return e.fail("pod %s exists but runs %s, not %q", "Pod %s 存在，但執行的是 %s 而不是 %q", name, strings.Join(found, "; "), want)
	})
}

func podRestartPolicy(ctx context.Context, name, ns, policy, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if string(p.Spec.RestartPolicy) == policy {
			return nil
		}
		return e.fail("pod %s has restart policy %s, not %s (set spec.restartPolicy; `kubectl run --restart=%s`)",
			"Pod %s 的重啟策略是 %s 而不是 %s（設定 spec.restartPolicy；`kubectl run --restart=%s`）", name, p.Spec.RestartPolicy, policy, policy)
	})
}

func podRestarts(ctx context.Context, name, ns, count, within string) error {
	e := envFrom(ctx)
	want, _ := strconv.Atoi(count)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		n := 0
		for _, s := range p.Status.ContainerStatuses {
			n += int(s.RestartCount)
		}
		if n >= want {
			return nil
		}
		return e.fail("pod %s restarted %d times, expected at least %d: %s", "Pod %s 重啟了 %d 次，預期至少 %d 次：%s", name, n, want, e.why(p))
	})
}

func podInitOrder(ctx context.Context, name, ns, list, within string) error {
	e := envFrom(ctx)
	var want []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			want = append(want, s)
		}
	}
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		var got []string
		for _, c := range p.Spec.InitContainers {
			got = append(got, c.Name)
		}
		if strings.Join(got, ",") == strings.Join(want, ",") {
			return nil
		}
		if len(got) == 0 {
			return e.fail("pod %s has no init containers; expected %s (spec.initContainers)", "Pod %s 沒有 init 容器；預期 %s（spec.initContainers）", name, strings.Join(want, ", "))
		}
		return e.fail("pod %s has init containers %s, expected %s in that order", "Pod %s 的 init 容器是 %s，預期依序為 %s", name, strings.Join(got, ", "), strings.Join(want, ", "))
	})
}

func podInitDone(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if len(p.Spec.InitContainers) == 0 {
			return e.fail("pod %s has no init containers", "Pod %s 沒有 init 容器", name)
		}
		done := map[string]bool{}
		for _, s := range p.Status.InitContainerStatuses {
			if t := s.State.Terminated; t != nil && t.ExitCode == 0 {
				done[s.Name] = true
			}
			// A restartable (sidecar) init container counts once it has started.
			if s.Started != nil && *s.Started && s.State.Running != nil {
				done[s.Name] = true
			}
		}
		for _, c := range p.Spec.InitContainers {
			if !done[c.Name] {
				return e.fail("init container %s of pod %s has not completed: %s", "Pod %[2]s 的 init 容器 %[1]s 尚未完成：%[3]s", c.Name, name, e.why(p))
			}
		}
		return nil
	})
}

func podNode(ctx context.Context, name, ns, node, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		switch p.Spec.NodeName {
		case node:
			return nil
		case "":
			return e.fail("pod %s is not on node %s: %s", "Pod %s 不在節點 %s 上：%s", name, node, e.why(p))
		}
		return e.fail("pod %s runs on node %s, not %s (nodeName, nodeSelector or affinity?)", "Pod %s 在節點 %s 上，而不是 %s（nodeName、nodeSelector 或 affinity？）", name, p.Spec.NodeName, node)
	})
}

func podStatic(ctx context.Context, name, ns, node, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if _, ok := p.Annotations[corev1.MirrorPodAnnotationKey]; !ok {
			return e.fail("pod %s exists but is not a static pod: it was created through the API, not from a manifest in the node's static pod directory",
				"Pod %s 存在，但不是 static Pod：它是透過 API 建立的，而不是來自節點 static Pod 目錄中的 manifest", name)
		}
		if node != "" && p.Spec.NodeName != node {
			return e.fail("static pod %s belongs to node %s, not %s", "static Pod %s 屬於節點 %s，而不是 %s", name, p.Spec.NodeName, node)
		}
		return nil
	})
}
