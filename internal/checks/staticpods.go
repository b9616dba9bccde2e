package checks

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	yaml "go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/labs-dev/labs/internal/cluster"
)

// staticPodSteps are the steps about static Pods that look at the nodes' static pod
// directories (Env.NodeFiles): a static Pod is its manifest on a node, whichever way it got
// there (copied from the work directory, or written there directly as the course note does).
func (l *Library) staticPodSteps() {
	l.Register(Def{
		Pattern: `^node "([^"]+)" has a static Pod manifest of pod "([^"]+)"` + within + `$`,
		Example: `node "labs-worker" has a static Pod manifest of pod "web2"`,
		Doc:     "a file in the node's static pod directory (read through the cluster provider) defines a Pod of this name, however it got there",
		Handler: staticManifestPresent,
	})
	l.Register(Def{
		Pattern: `^the static Pod "([^"]+)" was removed from node "([^"]+)"` + within + `$`,
		Example: `the static Pod "web2" was removed from node "labs-worker" within 30s`,
		Doc: "gone for good: no node's static pod directory defines the Pod any more, its mirror Pod <pod>-<node> is absent and stays absent, " +
			"and the node's kubelet stopped it since the step began (a Killing event): deleting the mirror Pod, removing the file from another node, " +
			"or a cluster where it never ran do not pass",
		Handler: staticPodRemoved,
	})
}

// staticManifest is a file of a node's static pod directory that defines a Pod.
type staticManifest struct {
	node, path, name, namespace string
}

// staticManifests reads every node's static pod directory: the files that define Pods (as the
// kubelet reads them: one Pod per file, JSON or YAML).
func (e *Env) staticManifests(ctx context.Context) ([]staticManifest, map[string]string, error) {
	if e.NodeFiles == nil {
		return nil, nil, e.l().Err("labs cannot read the nodes' static pod directories of this cluster, so it cannot tell which static Pods their kubelets run; use the embedded cluster")
	}
	dirs, err := e.NodeFiles.StaticPodDirs(ctx)
	if err != nil {
		return nil, nil, e.l().Err("cannot read the nodes' static pod directories: %v", err)
	}
	nodes := make([]string, 0, len(dirs))
	for n := range dirs {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	// Every node's directory at once: on kind each read is a docker exec, on an existing
	// cluster a Pod on the node, and one after the other they can outlast a check's window.
	type read struct {
		files []cluster.NodeFile
		err   error
	}
	reads := make([]read, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reads[i].files, reads[i].err = cluster.StaticPodFiles(ctx, e.NodeFiles, n)
		}()
	}
	wg.Wait()
	var out []staticManifest
	for i, n := range nodes {
		e.observe(Dependency{File: dirs[n]})
		files, err := reads[i].files, reads[i].err
		if err != nil {
			return nil, nil, e.l().Err("cannot read the static pod directory %s of node %s: %v", dirs[n], n, err)
		}
		for _, f := range files {
			var obj struct {
				Kind     string `yaml:"kind"`
				Metadata struct {
					Name      string `yaml:"name"`
					Namespace string `yaml:"namespace"`
				} `yaml:"metadata"`
			}
			if err := yaml.NewDecoder(bytes.NewReader(f.Data)).Decode(&obj); err != nil || obj.Kind != "Pod" || obj.Metadata.Name == "" {
				continue
			}
			ns := obj.Metadata.Namespace
			if ns == "" {
				ns = metav1.NamespaceDefault
			}
			out = append(out, staticManifest{node: n, path: f.Path, name: obj.Metadata.Name, namespace: ns})
		}
	}
	return out, dirs, nil
}

func staticManifestPresent(ctx context.Context, node, pod, within string) error {
	e := envFrom(ctx)
	return e.eventually(ctx, within, func(ctx context.Context) error {
		ms, dirs, err := e.staticManifests(ctx)
		if err != nil {
			return err
		}
		dir, ok := dirs[node]
		if !ok {
			return e.l().Err("this cluster has no node %s", node)
		}
		var elsewhere, others []string
		for _, m := range ms {
			switch {
			case m.name == pod && m.node == node:
				return nil
			case m.name == pod:
				elsewhere = append(elsewhere, m.node)
			case m.node == node:
				others = append(others, m.name)
			}
		}
		if len(elsewhere) > 0 {
			return e.l().Err("the static Pod %s is defined on node %s, not on %s: its manifest belongs in %s", pod, strings.Join(elsewhere, ", "), node, dir)
		}
		if len(others) > 0 {
			return e.l().Err("no manifest in the static pod directory of node %s (%s) defines a Pod named %s; it has: %s", node, dir, pod, strings.Join(others, ", "))
		}
		return e.l().Err("no manifest in the static pod directory of node %s (%s) defines a Pod named %s (a Pod manifest with metadata.name %s goes there)", node, dir, pod, pod)
	})
}

func staticPodRemoved(ctx context.Context, pod, node, within string) error {
	e := envFrom(ctx)
	mirror := pod + "-" + node
	return e.staysGone(ctx, within, func(ctx context.Context) error {
		ms, _, err := e.staticManifests(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.name == pod {
				return e.l().Err("the manifest %s on node %s still defines the static Pod %s: its kubelet runs it, and re-creates its mirror Pod, as long as the file is there (`kubectl delete pod` removes only the mirror); remove the file", m.path, m.node, pod)
			}
		}
		// Its mirror Pod, in whichever namespace the manifest put it.
		pods, err := e.podsNamed(ctx, mirror)
		if err != nil && !apierrors.IsNotFound(err) {
			return e.apiError(err)
		}
		if pods != nil {
			for _, p := range pods.Items {
				if p.Name == mirror {
					return e.l().Err("its mirror Pod %s is still in namespace %s: the kubelet has not stopped the static Pod yet", mirror, p.Namespace)
				}
			}
		}
		// It ran and its kubelet stopped it in this step: else there was nothing to remove.
		evs, err := e.eventsAbout(ctx, mirror)
		if err != nil {
			return e.apiError(err)
		}
		if !stoppedSince(evs.Items, mirror, e.Since) {
			return e.l().Err("the static Pod %s did not stop on node %s since this step began (its kubelet recorded no Killing event for %s): there was nothing running to remove; write its manifest into the node's static pod directory first", pod, node, mirror)
		}
		return nil
	})
}

// stoppedSince reports whether events hold a kubelet's Killing event for pod at or after
// since (events keep whole seconds).
func stoppedSince(events []corev1.Event, pod string, since time.Time) bool {
	floor := since.Truncate(time.Second)
	for _, ev := range events {
		if ev.InvolvedObject.Name != pod || ev.Reason != "Killing" {
			continue
		}
		t := ev.LastTimestamp.Time
		if ev.EventTime.After(t) {
			t = ev.EventTime.Time
		}
		if !t.Before(floor) {
			return true
		}
	}
	return false
}
