package checks

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/labs-dev/labs/internal/imageref"
)

const podIn = `^pod "([^"]+)" in namespace "([^"]+)" `

func (l *Library) podSteps() {
	l.Register(Def{
		Pattern: podIn + `is (Pending|Running|Succeeded|Failed)` + within + `$`,
		Example: `pod "web" in namespace "demo" is Running within 60s`,
		Doc:     "the pod's phase",
		Handler: podPhase,
	})
	l.Register(Def{
		Pattern: podIn + `has (\d+) ready containers?` + within + `$`,
		Example: `pod "web" in namespace "demo" has 1 ready container`,
		Doc:     "how many of the pod's containers are ready",
		Handler: podReady,
	})
	l.Register(Def{
		Pattern: podIn + `has a container with image "([^"]+)"` + within + `$`,
		Example: `pod "web" in namespace "demo" has a container with image "nginx"`,
		Doc:     `a container runs the image ("nginx" also matches nginx:latest and docker.io/library/nginx)`,
		Handler: podImage,
	})
	l.Register(Def{
		Pattern: podIn + `has container "([^"]+)" with image "([^"]+)"` + within + `$`,
		Example: `pod "my-pod" in namespace "demo" has container "client" with image "busybox"`,
		Doc:     "the named container runs the image (normalised as above)",
		Handler: podContainerImage,
	})
	l.Register(Def{
		Pattern:   podIn + `has a container with image matching "([^"]+)"` + within + `$`,
		Example:   `pod "web" in namespace "demo" has a container with image matching "^nginx(:1\.2[0-9])?$"`,
		Doc:       "a container's image matches the regular expression",
		Handler:   podImageMatching,
		RegexArgs: []int{2},
	})
	l.Register(Def{
		Pattern: podIn + `runs the command "([^"]*)"(?: in container "([^"]+)")?` + within + `$`,
		Example: `pod "client" in namespace "demo" runs the command "sh -c sleep 1000"`,
		Doc:     "a container's command and arguments, joined by spaces",
		Handler: podCommand,
	})
	l.Register(Def{
		Pattern: podIn + `has restart policy (Always|OnFailure|Never)` + within + `$`,
		Example: `pod "job" in namespace "demo" has restart policy Never`,
		Doc:     "the pod's restartPolicy",
		Handler: podRestartPolicy,
	})
	l.Register(Def{
		Pattern: podIn + `has restarted at least (\d+) times?` + within + `$`,
		Example: `pod "crash" in namespace "demo" has restarted at least 2 times within 90s`,
		Doc:     "the sum of the containers' restart counts",
		Handler: podRestarts,
	})
	l.Register(Def{
		Pattern: podIn + `has init containers "([^"]+)" in that order` + within + `$`,
		Example: `pod "app" in namespace "demo" has init containers "wait-db, migrate" in that order`,
		Doc:     "the pod's init containers, by name, in order (comma-separated)",
		Handler: podInitOrder,
	})
	l.Register(Def{
		Pattern: podIn + `has completed its init containers` + within + `$`,
		Example: `pod "app" in namespace "demo" has completed its init containers within 60s`,
		Doc:     "every init container ran to completion",
		Handler: podInitDone,
	})
	l.Register(Def{
		Pattern: podIn + `runs on node "([^"]+)"` + within + `$`,
		Example: `pod "web" in namespace "demo" runs on node "labs-worker"`,
		Doc:     "the node the pod is scheduled to",
		Handler: podNode,
	})
	l.Register(Def{
		Pattern: podIn + `is a static pod mirror(?: of node "([^"]+)")?` + within + `$`,
		Example: `pod "static-web-labs-worker" in namespace "default" is a static pod mirror of node "labs-worker"`,
		Doc:     "the pod is the API mirror of a static pod (optionally of one node)",
		Handler: podStatic,
	})
}

// pod gets a pod, or explains why there is none.
func (e *Env) pod(ctx context.Context, name, ns string) (*corev1.Pod, error) {
	p, err := e.getPod(ctx, name, ns)
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
		return e.l().T("it is being deleted")
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			return e.l().T("no node has been assigned (%s: %s)", c.Reason, c.Message)
		}
	}
	if p.Spec.NodeName == "" {
		return e.l().T("no node has been assigned yet (is there a Ready node? `kubectl get nodes`)")
	}
	for _, s := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if w := s.State.Waiting; w != nil && w.Reason != "" && w.Reason != "PodInitializing" {
			msg := w.Message
			if msg != "" {
				msg = ": " + msg
			}
			return e.l().T("container %s is waiting: %s%s", s.Name, w.Reason, msg)
		}
		if t := s.State.Terminated; t != nil && t.ExitCode != 0 {
			return e.l().T("container %s exited with code %d (%s)", s.Name, t.ExitCode, t.Reason)
		}
	}
	return e.l().T("it is on node %s", p.Spec.NodeName)
}

// because is ": " and why, when the pod's state explains something: not the node a pod
// that is fine runs on, which is no reason ("expected 2 ready: it is on node labs-worker").
func (e *Env) because(p *corev1.Pod) string {
	why := e.why(p)
	if why == e.l().T("it is on node %s", p.Spec.NodeName) {
		return ""
	}
	return e.l().T(": %s", why)
}

func podPhase(ctx context.Context, name, ns, phase, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if string(p.Status.Phase) == phase {
			return nil
		}
		return e.l().Err("pod %s exists but is %s, not %s%s", name, p.Status.Phase, phase, e.because(p))
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
		return e.l().Err("pod %s has %d of %d containers ready, expected %d%s",
			name, ready, len(p.Spec.Containers), want, e.because(p))
	})
}

// normalizeImage spells an image reference fully, so nginx, nginx:latest and
// docker.io/library/nginx:latest compare equal, exactly as the runtime resolves them.
func normalizeImage(img string) string { return imageref.Normalize(img) }

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
		return &Failure{Msg: e.l().T("pod %s exists but runs %s, not %s", name, e.l().List(images(p)), image) + e.replaceImage(p, "", image)}
	})
}

// replaceImage is the way forward for a pod with the wrong image: `kubectl run` again fails
// with AlreadyExists, so say to delete the pod first (or to set the image in place).
func (e *Env) replaceImage(p *corev1.Pod, container, image string) string {
	if container == "" && len(p.Spec.Containers) > 0 {
		container = p.Spec.Containers[0].Name
	}
	return e.l().T("; `kubectl run` cannot replace an existing pod: delete it first (`kubectl delete pod %[1]s -n %[2]s`) and create it again, or change the image in place (`kubectl set image pod/%[1]s %[3]s=%[4]s -n %[2]s`)",
		p.Name, p.Namespace, container, image)
}

func podContainerImage(ctx context.Context, name, ns, container, image, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		var names []string
		for _, c := range append(append([]corev1.Container{}, p.Spec.InitContainers...), p.Spec.Containers...) {
			if c.Name != container {
				names = append(names, c.Name)
				continue
			}
			if normalizeImage(c.Image) == normalizeImage(image) {
				return nil
			}
			return &Failure{Msg: e.l().T("container %s of pod %s runs %s, not %s", container, name, c.Image, image) + e.replaceImage(p, container, image)}
		}
		return e.l().Err("pod %s has no container %s (its containers: %s); containers cannot be added to a pod: delete it (`kubectl delete pod %s -n %s`) and create it with that container",
			name, container, e.l().List(names), name, ns)
	})
}

func podImageMatching(ctx context.Context, name, ns, pattern, within string) error {
	e := envFrom(ctx)
	re, err := regexp.Compile(pattern)
	if err != nil {
		return e.l().Err("the lab's regular expression %q is invalid: %v", pattern, err)
	}
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		for _, img := range images(p) {
			if re.MatchString(img) {
				return nil
			}
		}
		return e.l().Err("pod %s exists but runs %s, which does not match %s", name, e.l().List(images(p)), pattern)
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
				got = e.l().T("(the image's default command)")
			}
			found = append(found, fmt.Sprintf("%s: %s", c.Name, got))
		}
		if len(found) == 0 {
			return e.l().Err("pod %s has no container %s", name, container)
		}
		return e.l().Err("pod %s exists but runs %s, not %q", name, strings.Join(found, "; "), want)
	})
}

func podRestartPolicy(ctx context.Context, name, ns, policy, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if string(p.Spec.RestartPolicy) == policy {
			return nil
		}
		return e.l().Err("pod %s has restart policy %s, not %s (set spec.restartPolicy; `kubectl run --restart=%s`)", name, p.Spec.RestartPolicy, policy, policy)
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
		return e.l().Err("pod %s restarted %d times, expected at least %d%s", name, n, want, e.because(p))
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
			return e.l().Err("pod %s has no init containers; expected %s (spec.initContainers)", name, e.l().List(want))
		}
		return e.l().Err("pod %s has init containers %s, expected %s in that order", name, e.l().List(got), e.l().List(want))
	})
}

func podInitDone(ctx context.Context, name, ns, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if len(p.Spec.InitContainers) == 0 {
			return e.l().Err("pod %s has no init containers", name)
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
				return e.l().Err("init container %s of pod %s has not completed%s", c.Name, name, e.because(p))
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
			return e.l().Err("pod %s is not on node %s: %s", name, node, e.why(p))
		}
		return e.l().Err("pod %s runs on node %s, not %s (nodeName, nodeSelector or affinity?)", name, p.Spec.NodeName, node)
	})
}

func podStatic(ctx context.Context, name, ns, node, within string) error {
	e := envFrom(ctx)
	return e.podCheck(ctx, name, ns, within, func(p *corev1.Pod) error {
		if _, ok := p.Annotations[corev1.MirrorPodAnnotationKey]; !ok {
			return e.l().Err("pod %s exists but is not a static pod: it was created through the API, not from a manifest in the node's static pod directory", name)
		}
		if node != "" && p.Spec.NodeName != node {
			return e.l().Err("static pod %s belongs to node %s, not %s", name, p.Spec.NodeName, node)
		}
		return nil
	})
}
