package node

import (
	"os"
	"path/filepath"
	"strings"

	kubecontainer "k8s.io/kubernetes/pkg/kubelet/container"
)

// legacyLogsDir is where the kubelet links container logs for old log collectors; it is a
// constant in the kubelet, so the node's file system interface moves it into the node's
// directory: a node writes nothing outside the state directory.
const legacyLogsDir = "/var/log/containers"

type nodeOS struct {
	kubecontainer.RealOS
	containersDir string
}

func (o nodeOS) move(path string) string {
	if path == legacyLogsDir || strings.HasPrefix(path, legacyLogsDir+"/") {
		return filepath.Join(o.containersDir, strings.TrimPrefix(path, legacyLogsDir))
	}
	return path
}

func (o nodeOS) MkdirAll(path string, perm os.FileMode) error {
	return o.RealOS.MkdirAll(o.move(path), perm)
}
func (o nodeOS) Symlink(oldname, newname string) error {
	return o.RealOS.Symlink(oldname, o.move(newname))
}
func (o nodeOS) Stat(path string) (os.FileInfo, error) { return o.RealOS.Stat(o.move(path)) }
func (o nodeOS) Remove(path string) error              { return o.RealOS.Remove(o.move(path)) }
func (o nodeOS) RemoveAll(path string) error           { return o.RealOS.RemoveAll(o.move(path)) }
func (o nodeOS) Chmod(path string, perm os.FileMode) error {
	return o.RealOS.Chmod(o.move(path), perm)
}
func (o nodeOS) ReadDir(dirname string) ([]os.DirEntry, error) {
	return o.RealOS.ReadDir(o.move(dirname))
}

// Glob keeps the kubelet's view of the paths (it derives container ids from them).
func (o nodeOS) Glob(pattern string) ([]string, error) {
	moved := o.move(pattern)
	matches, err := o.RealOS.Glob(moved)
	if moved == pattern || err != nil {
		return matches, err
	}
	for i, m := range matches {
		matches[i] = legacyLogsDir + strings.TrimPrefix(m, o.containersDir)
	}
	return matches, nil
}
