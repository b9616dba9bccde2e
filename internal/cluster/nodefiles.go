package cluster

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// NodeFiles reaches the files of a cluster's nodes, as far as labs needs them: the kubelets'
// static pod directories (the static-pods lab, `labs reset`). The embedded cluster's nodes
// are host directories, kind's are `docker exec` into the node containers; a cluster labs
// does not run offers none (Capabilities.NodeFiles is nil).
//
// Paths are as the node sees them (StaticPodDirs' values). A missing file or directory is an
// error matching os.ErrNotExist (errors.Is).
type NodeFiles interface {
	// StaticPodDirs maps each node's name to its kubelet's static pod directory.
	StaticPodDirs(ctx context.Context) (map[string]string, error)
	// ReadDir names the regular files in dir on node, sorted (directories are left out).
	ReadDir(ctx context.Context, node, dir string) ([]string, error)
	// ReadFile returns the content of the file at path on node.
	ReadFile(ctx context.Context, node, path string) ([]byte, error)
	// Remove deletes the file at path on node.
	Remove(ctx context.Context, node, path string) error
}

// AnnotationStaticPodPath on a Node names its kubelet's static pod directory where the
// kubelet's /configz cannot be read through the API server (the embedded cluster's nodes have
// loopback addresses, which the API server does not proxy to).
const AnnotationStaticPodPath = "node.labs.dev/static-pod-path"

// NodeFilesProber is NodeFiles that can be refused by the cluster (an existing cluster's RBAC
// or PodSecurity): Probe says up front, with the cluster's reason, when labs cannot reach the
// nodes' files, so a lab that needs them is reported as not checkable rather than failed.
type NodeFilesProber interface {
	Probe(ctx context.Context) error
}

// HostDirs is NodeFiles for nodes whose files are directories of this host: node -> its static
// pod directory (the embedded cluster).
type HostDirs map[string]string

var _ NodeFiles = HostDirs(nil)

// StaticPodDirs implements NodeFiles.
func (h HostDirs) StaticPodDirs(context.Context) (map[string]string, error) {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out, nil
}

// ReadDir implements NodeFiles.
func (h HostDirs) ReadDir(_ context.Context, node, dir string) ([]string, error) {
	if err := h.check(node); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// ReadFile implements NodeFiles.
func (h HostDirs) ReadFile(_ context.Context, node, path string) ([]byte, error) {
	if err := h.check(node); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Clean(path))
}

// Remove implements NodeFiles.
func (h HostDirs) Remove(_ context.Context, node, path string) error {
	if err := h.check(node); err != nil {
		return err
	}
	return os.Remove(filepath.Clean(path))
}

// ErrNoSuchNode means a node name the cluster does not have.
var ErrNoSuchNode = errors.New("no such node")

func (h HostDirs) check(node string) error {
	if _, ok := h[node]; !ok {
		return fmt.Errorf("node %q: %w", node, ErrNoSuchNode)
	}
	return nil
}

// NodeFile is a file on a node.
type NodeFile struct {
	// Name is the file's name in its directory; Path its full path as the node sees it.
	Name, Path string
	Data       []byte
}

// StaticPodFiles lists the files of node's static pod directory that its kubelet reads
// (regular files whose name does not start with "."; the kubelet skips hidden ones too), with
// their contents; none when the directory does not exist.
func StaticPodFiles(ctx context.Context, nf NodeFiles, node string) ([]NodeFile, error) {
	dirs, err := nf.StaticPodDirs(ctx)
	if err != nil {
		return nil, err
	}
	dir, ok := dirs[node]
	if !ok {
		return nil, fmt.Errorf("node %q: %w", node, ErrNoSuchNode)
	}
	names, err := nf.ReadDir(ctx, node, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []NodeFile
	for _, name := range names {
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := path.Join(dir, name)
		data, err := nf.ReadFile(ctx, node, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, NodeFile{Name: name, Path: p, Data: data})
	}
	return out, nil
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
