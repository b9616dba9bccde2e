// Package clusterdir is the on-disk layout of an embedded cluster: where its certificates, etcd
// data, kubeconfigs, logs, nodes and process id live, and the metadata file that marks a
// directory as one of ours.
package clusterdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/labs-dev/labs/internal/state"
)

// MetadataKind marks a cluster directory as created by labs; anything else is foreign.
const MetadataKind = "labs.embedded-cluster"

// MetadataVersion is bumped when the layout changes incompatibly.
const MetadataVersion = 1

// Layout names the files of one embedded cluster under Root.
type Layout struct {
	Root string
}

// New returns the layout of the cluster called name under the labs state directory.
func New(stateDir, name string) Layout {
	return Layout{Root: filepath.Join(stateDir, "clusters", name)}
}

func (l Layout) path(elem ...string) string {
	return filepath.Join(append([]string{l.Root}, elem...)...)
}

// Metadata is the path of cluster.json.
func (l Layout) Metadata() string { return l.path("cluster.json") }

// PKI is the certificate directory.
func (l Layout) PKI() string { return l.path("pki") }

// Etcd is the etcd data directory.
func (l Layout) Etcd() string { return l.path("etcd") }

// Kubeconfig is the admin kubeconfig a learner uses.
func (l Layout) Kubeconfig() string { return l.path("kubeconfig") }

// ComponentKubeconfig is the kubeconfig of an in-process component or a node.
func (l Layout) ComponentKubeconfig(component string) string {
	return l.path("kubeconfigs", component+".conf")
}

// AuditPolicy is the API server's audit policy file.
func (l Layout) AuditPolicy() string { return l.path("audit", "policy.yaml") }

// AuditLog is the API server's audit log (JSON lines).
func (l Layout) AuditLog() string { return l.path("audit", "audit.log") }

// Logs is the directory of component logs.
func (l Layout) Logs() string { return l.path("logs") }

// ControlPlaneLog is the log of the cluster process.
func (l Layout) ControlPlaneLog() string { return l.path("logs", "control-plane.log") }

// PIDFile holds the process id of the running cluster process.
func (l Layout) PIDFile() string { return l.path("cluster.pid") }

// Lock serialises up/down/delete of this cluster.
func (l Layout) Lock() string { return l.path(".lock") }

// Nodes is the parent directory of every node's state.
func (l Layout) Nodes() string { return l.path("nodes") }

// Node is the state directory of one node.
func (l Layout) Node(name string) string { return l.path("nodes", name) }

// NodeLog is the log of one node process.
func (l Layout) NodeLog(name string) string { return l.path("logs", name+".log") }

// StaticPods is the static pod manifest directory of one node.
func (l Layout) StaticPods(node string) string { return l.path("nodes", node, "manifests") }

// Metadata describes a cluster; it is written once at creation and updated when ports change.
type Metadata struct {
	Kind    string    `json:"kind"`
	Version int       `json:"version"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Kubernetes is the version of Kubernetes that created the cluster's data.
	Kubernetes string `json:"kubernetes"`
	Ports      Ports  `json:"ports"`
	Workers    int    `json:"workers"`
}

// Ports are the loopback ports the cluster listens on.
type Ports struct {
	APIServer  int `json:"apiServer"`
	EtcdClient int `json:"etcdClient"`
	EtcdPeer   int `json:"etcdPeer"`
}

// ErrNotExist means no cluster has been created in the layout's directory.
var ErrNotExist = errors.New("no cluster has been created")

// ForeignError means the directory exists but was not created by labs (or by an incompatible
// version of it); labs refuses to use or wipe it.
type ForeignError struct {
	Dir    string
	Reason string
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s is not a labs cluster directory (%s); labs will not use or remove it: "+
		"point %s elsewhere or move it away", e.Dir, e.Reason, state.EnvStateDir)
}

// ReadMetadata loads cluster.json. It returns ErrNotExist when the cluster directory is absent
// or empty, and a *ForeignError when it holds something that is not ours.
func (l Layout) ReadMetadata() (*Metadata, error) {
	data, err := os.ReadFile(l.Metadata())
	if errors.Is(err, os.ErrNotExist) {
		entries, dirErr := os.ReadDir(l.Root)
		if errors.Is(dirErr, os.ErrNotExist) || (dirErr == nil && onlyLock(entries)) {
			return nil, ErrNotExist
		}
		if dirErr != nil {
			return nil, fmt.Errorf("reading %s: %w", l.Root, dirErr)
		}
		return nil, &ForeignError{Dir: l.Root, Reason: "it has files but no cluster.json"}
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", l.Metadata(), err)
	}
	var m Metadata
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, &ForeignError{Dir: l.Root, Reason: fmt.Sprintf("%s is corrupt: %v", l.Metadata(), err)}
	}
	if m.Kind != MetadataKind {
		return nil, &ForeignError{Dir: l.Root, Reason: fmt.Sprintf("%s has kind %q, want %q", l.Metadata(), m.Kind, MetadataKind)}
	}
	if m.Version != MetadataVersion {
		return nil, &ForeignError{Dir: l.Root, Reason: fmt.Sprintf("%s has layout version %d, this labs understands %d", l.Metadata(), m.Version, MetadataVersion)}
	}
	return &m, nil
}

// WriteMetadata saves cluster.json atomically.
func (l Layout) WriteMetadata(m *Metadata) error {
	m.Kind, m.Version = MetadataKind, MetadataVersion
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := state.EnsureDir(l.Root); err != nil {
		return err
	}
	return state.WriteFileAtomic(l.Metadata(), append(data, '\n'), 0o600)
}

func onlyLock(entries []os.DirEntry) bool {
	for _, e := range entries {
		if e.Name() != ".lock" {
			return false
		}
	}
	return true
}
