package reset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// mirrorGone bounds the wait for a removed static Pod's mirror Pod to go: the kubelet notices
// the file's removal (it watches the directory) and deletes the mirror Pod itself.
const mirrorGone = time.Minute

// mirror is the mirror Pod of a static Pod: <name>-<node> in the manifest's namespace.
type mirror struct{ namespace, name string }

// removeStaticPods removes, from each node's static pod directory (reached through files), the
// manifests of the static Pods named in names, then waits until their mirror Pods are gone
// (when env reaches the cluster).
func removeStaticPods(ctx context.Context, env *checks.Env, files cluster.NodeFiles, names []string, loc i18n.Localizer, out io.Writer) error {
	if len(names) == 0 {
		return nil
	}
	var dirs map[string]string
	if files != nil {
		var err error
		if dirs, err = files.StaticPodDirs(ctx); err != nil {
			return loc.Err("finding the nodes' static pod directories: %w", err)
		}
	}
	if len(dirs) == 0 {
		fmt.Fprintln(out, loc.T("labs cannot reach the nodes' static pod directories of this cluster: remove the manifests of the static Pods %s from the kubelets' staticPodPath yourself.", strings.Join(names, ", ")))
		return nil
	}
	nodes := make([]string, 0, len(dirs))
	for n := range dirs {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	var mirrors []mirror
	for _, node := range nodes {
		dir := dirs[node]
		entries, err := files.ReadDir(ctx, node, dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return loc.Err("reading the static pod directory %s of node %s: %w", dir, node, err)
		}
		for _, e := range entries {
			// The kubelet skips hidden files too.
			if strings.HasPrefix(e, ".") {
				continue
			}
			file := path.Join(dir, e)
			data, err := files.ReadFile(ctx, node, file)
			if err != nil {
				continue
			}
			ns, name, ok := staticPodOf(data)
			if !ok || !slices.Contains(names, name) {
				continue
			}
			if err := files.Remove(ctx, node, file); err != nil && !errors.Is(err, os.ErrNotExist) {
				return loc.Err("removing the static Pod manifest %s: %w", file, err)
			}
			fmt.Fprintln(out, loc.T("Removed the static Pod %[1]s from node %[2]s (%[3]s).", name, node, file))
			mirrors = append(mirrors, mirror{ns, name + "-" + node})
		}
	}
	if env == nil || env.Client == nil {
		return nil
	}
	for _, m := range mirrors {
		err := wait.PollUntilContextTimeout(ctx, pollEvery, mirrorGone, true, func(ctx context.Context) (bool, error) {
			_, err := env.Client.CoreV1().Pods(m.namespace).Get(ctx, m.name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return true, nil
			}
			return false, nil
		})
		if err != nil {
			return loc.Err("the mirror Pod %s/%s is still there after its manifest was removed: %w", m.namespace, m.name, err)
		}
		fmt.Fprintln(out, loc.T("Mirror Pod %s/%s is gone.", m.namespace, m.name))
	}
	return nil
}

// staticPodOf reads a file of a static pod directory: the namespace (default when unset) and
// name of the Pod it defines; ok is false for anything else.
func staticPodOf(data []byte) (namespace, name string, ok bool) {
	var obj struct {
		Kind     string `yaml:"kind"`
		Metadata struct {
			Name      string `yaml:"name"`
			Namespace string `yaml:"namespace"`
		} `yaml:"metadata"`
	}
	// JSON is YAML too; a file holds one Pod, as the kubelet reads it.
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&obj); err != nil || obj.Kind != "Pod" || obj.Metadata.Name == "" {
		return "", "", false
	}
	ns := obj.Metadata.Namespace
	if ns == "" {
		ns = metav1.NamespaceDefault
	}
	return ns, obj.Metadata.Name, true
}
