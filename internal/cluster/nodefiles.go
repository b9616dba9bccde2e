package cluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// NodeFiles reaches the nodes' static pod directories, which the Kubernetes API does not show:
// what a kubelet runs from a file is proven by the file on the node. The embedded cluster's
// nodes are directories of this host (HostDirs); a kind provider implements it with
// `docker exec <node> ...` on /etc/kubernetes/manifests; an existing cluster offers none.
type NodeFiles interface {
	// StaticPodDirs maps each node to its kubelet's static pod directory, as the node sees it.
	StaticPodDirs(ctx context.Context) (map[string]string, error)
	// StaticPodFiles lists the files of node's static pod directory that the kubelet reads
	// (regular files whose name does not start with "."), with their contents; none when the
	// directory does not exist.
	StaticPodFiles(ctx context.Context, node string) ([]NodeFile, error)
	// RemoveStaticPodFile removes the file name from node's static pod directory.
	RemoveStaticPodFile(ctx context.Context, node, name string) error
}

// NodeFile is a file on a node.
type NodeFile struct {
	// Name is the file's name in its directory; Path its full path as the node sees it.
	Name, Path string
	Data       []byte
}

// ErrNoNode means the node is not one of the cluster's.
var ErrNoNode = errors.New("no such node")

// HostDirs is NodeFiles for nodes whose static pod directories are directories of this host:
// Dirs returns them (node -> directory).
type HostDirs struct {
	Dirs func() (map[string]string, error)
}

// StaticPodDirs implements NodeFiles.
func (h HostDirs) StaticPodDirs(context.Context) (map[string]string, error) { return h.Dirs() }

func (h HostDirs) dir(node string) (string, error) {
	dirs, err := h.Dirs()
	if err != nil {
		return "", err
	}
	d, ok := dirs[node]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrNoNode, node)
	}
	return d, nil
}

// StaticPodFiles implements NodeFiles.
func (h HostDirs) StaticPodFiles(_ context.Context, node string) ([]NodeFile, error) {
	dir, err := h.dir(node)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []NodeFile
	for _, e := range entries {
		// The kubelet skips hidden files and directories too.
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, NodeFile{Name: e.Name(), Path: p, Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// RemoveStaticPodFile implements NodeFiles.
func (h HostDirs) RemoveStaticPodFile(_ context.Context, node, name string) error {
	dir, err := h.dir(node)
	if err != nil {
		return err
	}
	if name == "" || strings.ContainsRune(name, '/') || name == "." || name == ".." {
		return fmt.Errorf("not a file name: %q", name)
	}
	err = os.Remove(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// NodeDirs lists root/<node>/<sub> for every node directory under root: the static pod
// directories of a cluster that keeps each node's files under one host directory.
func NodeDirs(root, sub string) (map[string]string, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	dirs := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			dirs[e.Name()] = filepath.Join(root, e.Name(), sub)
		}
	}
	return dirs, nil
}
