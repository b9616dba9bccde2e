package existing

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"

	"github.com/labs-dev/labs/internal/cluster"
)

// EnvNodeFilesImage overrides the image of the Pods that reach the nodes' files on an existing
// cluster (an air-gapped cluster's own copy of busybox, say).
const EnvNodeFilesImage = "LABS_NODE_FILES_IMAGE"

// nodeFilesImage is the default: any image with a POSIX shell, base64 and rm.
const nodeFilesImage = "busybox"

// nodeFilesNamespace is where those Pods run: kube-system, as a node's own agents do; a
// namespace of labs' would be left behind on a cluster labs only borrows.
const nodeFilesNamespace = metav1.NamespaceSystem

// missing is the exit code of the node-side scripts for a file or directory that is not there.
const missing = 3

// nodeFiles reaches the files of an existing cluster's nodes the way `kubectl debug node/NAME`
// does on a kubeadm cluster, since labs has no other way onto a node it does not run: the
// static pod directory comes from the kubelet's own configuration (/configz, through the API
// server's node proxy), and each read or removal is a short-lived Pod pinned to the node with
// that directory mounted from the host, deleted once it has run. A cluster that refuses
// (RBAC, PodSecurity) makes these calls fail with its reason, and Probe says so up front.
type nodeFiles struct {
	p     *Provider
	image string
	// exec runs a script on a node with a directory at /dir: runPod (tests replace it).
	exec func(ctx context.Context, node, dir, script string, args ...string) ([]byte, error)

	// cache keeps the contents ReadDir's Pod read with the names, so that the ReadFile calls
	// that follow it (cluster.StaticPodFiles) cost no Pod of their own. An entry is used once,
	// and only while fresh: a later read runs a Pod again. (The checks read the nodes'
	// directories at once, one Pod per node.)
	mu    sync.Mutex
	cache map[string]cachedFile
}

type cachedFile struct {
	data []byte
	at   time.Time
}

// cacheFresh bounds how old a file read with its directory may be when ReadFile takes it.
const cacheFresh = 3 * time.Second

var (
	_ cluster.NodeFiles       = (*nodeFiles)(nil)
	_ cluster.NodeFilesProber = (*nodeFiles)(nil)
)

func newNodeFiles(p *Provider) *nodeFiles {
	image := os.Getenv(EnvNodeFilesImage)
	if image == "" {
		image = nodeFilesImage
	}
	n := &nodeFiles{p: p, image: image, cache: map[string]cachedFile{}}
	n.exec = n.runPod
	return n
}

// StaticPodDirs implements cluster.NodeFiles: each node's staticPodPath, as its kubelet reports
// its configuration; a node whose kubelet has none, or does not answer (NotReady), is left out.
func (n *nodeFiles) StaticPodDirs(ctx context.Context) (map[string]string, error) {
	client, err := n.p.client()
	if err != nil {
		return nil, err
	}
	return staticPodDirs(ctx, client)
}

func staticPodDirs(ctx context.Context, client kubernetes.Interface) (map[string]string, error) {
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing the nodes: %w", err)
	}
	dirs := map[string]string{}
	var firstErr error
	for _, node := range nodes.Items {
		dir, err := kubeletStaticPodPath(ctx, client, node.Name)
		if err != nil && node.Annotations[cluster.AnnotationStaticPodPath] != "" {
			// a node the API server does not proxy to that says where its directory is
			dir, err = node.Annotations[cluster.AnnotationStaticPodPath], nil
		}
		if err != nil {
			if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
				return nil, err // the same answer for every node
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if dir != "" {
			dirs[node.Name] = dir
		}
	}
	if len(dirs) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return dirs, nil
}

// kubeletStaticPodPath reads the staticPodPath of node's kubelet from its /configz.
func kubeletStaticPodPath(ctx context.Context, client kubernetes.Interface, node string) (string, error) {
	raw, err := client.CoreV1().RESTClient().Get().AbsPath("/api/v1/nodes", node, "proxy", "configz").DoRaw(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the configuration of node %s's kubelet (/configz through the node proxy): %w", node, err)
	}
	var cfg struct {
		KubeletConfig struct {
			StaticPodPath string `json:"staticPodPath"`
		} `json:"kubeletconfig"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return "", fmt.Errorf("the configuration of node %s's kubelet: %w", node, err)
	}
	return cfg.KubeletConfig.StaticPodPath, nil
}

// ReadDir implements cluster.NodeFiles. Its Pod reads the files' contents too (for ReadFile).
func (n *nodeFiles) ReadDir(ctx context.Context, node, dir string) ([]string, error) {
	out, err := n.exec(ctx, node, dir,
		`cd /dir || exit 3; for f in * .*; do if [ -f "$f" ]; then printf '%s\n' "$f"; base64 "$f" | tr -d '\n'; printf '\n'; fi; done`)
	if err != nil {
		return nil, err
	}
	var names []string
	now := time.Now()
	n.mu.Lock()
	defer n.mu.Unlock()
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		name := sc.Text()
		if !sc.Scan() {
			return nil, fmt.Errorf("reading %s on node %s: the output ends after the name %q", dir, node, name)
		}
		data, err := base64.StdEncoding.DecodeString(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("reading %s/%s on node %s: %w", dir, name, node, err)
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		n.cache[cacheKey(node, path.Join(dir, name))] = cachedFile{data: data, at: now}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s on node %s: %w", dir, node, err)
	}
	sort.Strings(names)
	return names, nil
}

// ReadFile implements cluster.NodeFiles.
func (n *nodeFiles) ReadFile(ctx context.Context, node, p string) ([]byte, error) {
	key := cacheKey(node, path.Clean(p))
	n.mu.Lock()
	c, ok := n.cache[key]
	delete(n.cache, key)
	n.mu.Unlock()
	if ok && time.Since(c.at) < cacheFresh {
		return c.data, nil
	}
	dir, name := path.Split(path.Clean(p))
	out, err := n.exec(ctx, node, dir, `test -f "/dir/$1" || exit 3; base64 "/dir/$1"`, name)
	if err != nil {
		return nil, err
	}
	data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(out)), ""))
	if err != nil {
		return nil, fmt.Errorf("reading %s on node %s: %w", p, node, err)
	}
	return data, nil
}

// Remove implements cluster.NodeFiles.
func (n *nodeFiles) Remove(ctx context.Context, node, p string) error {
	n.mu.Lock()
	for k := range n.cache {
		if strings.HasPrefix(k, node+"\x00") {
			delete(n.cache, k)
		}
	}
	n.mu.Unlock()
	dir, name := path.Split(path.Clean(p))
	_, err := n.exec(ctx, node, dir, `test -e "/dir/$1" || test -L "/dir/$1" || exit 3; rm -f "/dir/$1"`, name)
	return err
}

// Probe implements cluster.NodeFilesProber: the kubelets' configuration can be read, the
// cluster admits the Pod that reaches a node's directory (a server-side dry run: RBAC and
// PodSecurity answer, nothing is made), and that Pod runs on every node.
func (n *nodeFiles) Probe(ctx context.Context) error {
	client, err := n.p.client()
	if err != nil {
		return err
	}
	dirs, err := staticPodDirs(ctx, client)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return errors.New("no node's kubelet has a static pod directory (staticPodPath)")
	}
	nodes := make([]string, 0, len(dirs))
	for node := range dirs {
		nodes = append(nodes, node)
	}
	sort.Strings(nodes)
	pod := n.pod(nodes[0], dirs[nodes[0]], "true")
	if _, err := client.CoreV1().Pods(nodeFilesNamespace).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err != nil {
		return fmt.Errorf("the cluster refuses a Pod that mounts node %s's static pod directory %s in namespace %s: %w", nodes[0], dirs[nodes[0]], nodeFilesNamespace, err)
	}
	// Then each node's directory once, for real: the whole way works, and the image is on
	// every node before a check's first read, which must fit the check's window (a pull on
	// a loaded kind node took longer than a mistake's).
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, node := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = n.ReadDir(ctx, node, dirs[node])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// pod is a Pod that runs script (with args as $1...) on node, dir mounted at /dir.
func (n *nodeFiles) pod(node, dir, script string, args ...string) *corev1.Pod {
	hostPathType := corev1.HostPathDirectory
	privileged, root := true, int64(0)
	grace := int64(0)
	automount := false
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName: "labs-node-files-",
			Namespace:    nodeFilesNamespace,
			Labels:       map[string]string{"app.kubernetes.io/managed-by": "labs", "app.kubernetes.io/name": "labs-node-files"},
		},
		Spec: corev1.PodSpec{
			NodeName:                      node,
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: &grace,
			AutomountServiceAccountToken:  &automount,
			Tolerations:                   []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
			Containers: []corev1.Container{{
				Name:            "files",
				Image:           n.image,
				ImagePullPolicy: corev1.PullIfNotPresent,
				Command:         append([]string{"sh", "-c", script, "sh"}, args...),
				SecurityContext: &corev1.SecurityContext{Privileged: &privileged, RunAsUser: &root},
				VolumeMounts:    []corev1.VolumeMount{{Name: "dir", MountPath: "/dir"}},
			}},
			Volumes: []corev1.Volume{{Name: "dir", VolumeSource: corev1.VolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: dir, Type: &hostPathType},
			}}},
		},
	}
}

// podTimeout bounds one Pod's run (an image pull on a real cluster included).
const podTimeout = 2 * time.Minute

// runPod runs script in a Pod on node with the host directory dir at /dir, and returns what it
// printed; exit code 3, or a directory that is not there, is os.ErrNotExist. The Pod is
// deleted whatever happens.
func (n *nodeFiles) runPod(ctx context.Context, node, dir, script string, args ...string) ([]byte, error) {
	if dir == "" || !path.IsAbs(dir) {
		return nil, fmt.Errorf("node %s: %q is no absolute directory", node, dir)
	}
	client, err := n.p.client()
	if err != nil {
		return nil, err
	}
	if _, err := client.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("node %q: %w", node, cluster.ErrNoSuchNode)
	}
	pods := client.CoreV1().Pods(nodeFilesNamespace)
	pod, err := pods.Create(ctx, n.pod(node, path.Clean(dir), withExitTrailer(script), args...), metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("starting a Pod on node %s to reach %s: %w", node, dir, err)
	}
	defer func() {
		// Gone even when ctx ended (a cancelled check): a fresh context, bounded.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		zero := int64(0)
		_ = pods.Delete(dctx, pod.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
	}()
	ctx, cancel := context.WithTimeout(ctx, podTimeout)
	defer cancel()
	out, code, err := n.output(ctx, client, pod.Name)
	if err != nil {
		return nil, fmt.Errorf("node %s, %s: %w", node, dir, err)
	}
	switch code {
	case 0:
		return out, nil
	case missing:
		return nil, fmt.Errorf("%s on node %s: %w", path.Join(dir, strings.Join(args, " ")), node, os.ErrNotExist)
	default:
		return nil, fmt.Errorf("the Pod on node %s reaching %s exited %d: %s", node, dir, code, strings.TrimSpace(string(out)))
	}
}

// exitTrailer ends the output of the Pods' scripts, with their exit code: the output is read
// as soon as it is complete, without waiting until the kubelet reports the container's end
// (a second or more; a check reads every node's directory on each try).
const exitTrailer = "labs-node-files-exit"

func withExitTrailer(script string) string {
	return "(\n" + script + "\n); printf '\\n" + exitTrailer + " %d\\n' $?"
}

// splitTrailer splits a Pod's log into the script's output and its exit code; ok is false
// while the trailer has not been written.
func splitTrailer(log []byte) (out []byte, code int, ok bool) {
	i := bytes.LastIndex(log, []byte("\n"+exitTrailer+" "))
	if i < 0 {
		return nil, 0, false
	}
	if _, err := fmt.Sscanf(string(log[i+1:]), exitTrailer+" %d", &code); err != nil {
		return nil, 0, false
	}
	return log[:i], code, true
}

// output waits for the Pod's script to finish and returns what it printed and its exit code.
// A Pod that cannot start says why: its directory is not on the node (os.ErrNotExist), its
// image cannot be pulled.
func (n *nodeFiles) output(ctx context.Context, client kubernetes.Interface, name string) ([]byte, int, error) {
	pods := client.CoreV1().Pods(nodeFilesNamespace)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	start, lastStatus := time.Now(), time.Time{}
	for {
		// The log, once the container has started (before, the request is refused).
		if log, err := pods.GetLogs(name, &corev1.PodLogOptions{Container: "files"}).DoRaw(ctx); err == nil {
			if out, code, ok := splitTrailer(log); ok {
				return out, code, nil
			}
		}
		if time.Since(lastStatus) > time.Second {
			lastStatus = time.Now()
			pod, err := pods.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return nil, 0, err
			}
			if err := n.cannotRun(ctx, client, pod, time.Since(start)); err != nil {
				return nil, 0, err
			}
		}
		select {
		case <-ctx.Done():
			return nil, 0, fmt.Errorf("its Pod %s/%s did not finish: %w", nodeFilesNamespace, name, ctx.Err())
		case <-tick.C:
		}
	}
}

// cannotRun says why pod will not run its script, nil while it may still.
func (n *nodeFiles) cannotRun(ctx context.Context, client kubernetes.Interface, pod *corev1.Pod, waited time.Duration) error {
	for _, cs := range pod.Status.ContainerStatuses {
		if t := cs.State.Terminated; t != nil && t.ExitCode != 0 && pod.Status.Phase == corev1.PodFailed {
			// ended without the trailer: killed, or sh missing from the image
			return fmt.Errorf("its Pod ended (%s, exit %d) without running its script: %s", t.Reason, t.ExitCode, t.Message)
		}
		if w := cs.State.Waiting; w != nil {
			switch w.Reason {
			case "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError":
				return fmt.Errorf("its Pod cannot run %s: %s: %s", n.image, w.Reason, w.Message)
			}
		}
	}
	if pod.Status.Phase == corev1.PodPending && waited > 2*time.Second {
		if why := mountFailure(ctx, client, pod.Name); why != "" {
			if strings.Contains(why, "hostPath type check failed") || strings.Contains(why, "not a directory") || strings.Contains(why, "no such file") {
				return fmt.Errorf("%s: %w", why, os.ErrNotExist)
			}
			return errors.New(why)
		}
	}
	return nil
}

// mountFailure is the message of the Pod's latest FailedMount event, "" when it has none.
func mountFailure(ctx context.Context, client kubernetes.Interface, pod string) string {
	events, err := client.CoreV1().Events(nodeFilesNamespace).List(ctx, metav1.ListOptions{
		FieldSelector: fields.Set{"involvedObject.name": pod, "reason": "FailedMount"}.String(),
	})
	if err != nil || len(events.Items) == 0 {
		return ""
	}
	return events.Items[len(events.Items)-1].Message
}

func cacheKey(node, p string) string { return node + "\x00" + p }
