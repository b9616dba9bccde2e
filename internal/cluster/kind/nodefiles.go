package kind

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"

	"github.com/labs-dev/labs/internal/cluster"
)

// nodeFiles reaches the kind nodes' files with `docker exec` (paths as the node sees them).
type nodeFiles struct{ p *Provider }

var _ cluster.NodeFiles = (*nodeFiles)(nil)

// missing is the exit code of the node-side scripts below for a file or directory that is not there.
const missing = 3

// StaticPodDirs implements cluster.NodeFiles: every running node's kubeadm static pod directory.
func (n *nodeFiles) StaticPodDirs(ctx context.Context) (map[string]string, error) {
	states, err := n.p.nodeStates(ctx)
	if err != nil {
		return nil, err
	}
	dirs := map[string]string{}
	for name, state := range states {
		if state == "running" {
			dirs[name] = StaticPodDir
		}
	}
	return dirs, nil
}

// ReadDir implements cluster.NodeFiles.
func (n *nodeFiles) ReadDir(ctx context.Context, node, dir string) ([]string, error) {
	out, err := n.exec(ctx, node, `test -d "$1" || exit 3; cd "$1" && for f in * .*; do if [ -f "$f" ]; then printf '%s\n' "$f"; fi; done`, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range strings.Split(out, "\n") {
		if f != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	return names, nil
}

// ReadFile implements cluster.NodeFiles.
func (n *nodeFiles) ReadFile(ctx context.Context, node, path string) ([]byte, error) {
	out, err := n.exec(ctx, node, `test -f "$1" || exit 3; cat "$1"`, path)
	return []byte(out), err
}

// Remove implements cluster.NodeFiles.
func (n *nodeFiles) Remove(ctx context.Context, node, path string) error {
	_, err := n.exec(ctx, node, `test -e "$1" || test -L "$1" || exit 3; rm -f "$1"`, path)
	return err
}

// exec runs a shell script on node with arg as $1; exit code 3 means os.ErrNotExist.
func (n *nodeFiles) exec(ctx context.Context, node, script, arg string) (string, error) {
	if !slices.Contains(nodeNames(), node) {
		return "", fmt.Errorf("node %q of the kind cluster %s: %w", node, Name, cluster.ErrNoSuchNode)
	}
	out, err := n.p.run(ctx, "exec", node, "sh", "-c", script, "sh", arg)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == missing {
		return "", fmt.Errorf("%s on node %s: %w", arg, node, os.ErrNotExist)
	}
	return out, err
}
