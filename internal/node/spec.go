// Package node runs one embedded node: the real kubelet, wired to the labs container runtime,
// in its own OS process (`labs node --name ...`), as the kubelet cannot share a process with
// another kubelet or with the control plane.
package node

import (
	"fmt"
	"net"
	"path/filepath"

	"github.com/labs-dev/labs/internal/clusterdir"
)

// Spec is one node of the embedded cluster. Names follow kind's, so labs read the same there.
type Spec struct {
	Name         string
	Index        int
	ControlPlane bool
}

// Specs is the cluster's shape: a control-plane node (static pods only) and the workers.
func Specs(clusterName string, workers int) []Spec {
	specs := []Spec{{Name: clusterName + "-control-plane", Index: 0, ControlPlane: true}}
	for i := 1; i <= workers; i++ {
		name := clusterName + "-worker"
		if i > 1 {
			name = fmt.Sprintf("%s%d", name, i)
		}
		specs = append(specs, Spec{Name: name, Index: i})
	}
	return specs
}

// IP is the node's InternalIP. Every address labs uses lies in 127.0.0.0/8, which Linux routes
// to the loopback device without any configuration.
func (s Spec) IP() net.IP { return net.IPv4(127, 0, 10, byte(s.Index+1)) }

// PodIPs is the range the node's pods get their IPs from.
func (s Spec) PodIPs() *net.IPNet {
	return &net.IPNet{IP: net.IPv4(127, byte(11+s.Index), 0, 0).To4(), Mask: net.CIDRMask(16, 32)}
}

// Paths are the node's files under the cluster's state directory.
type Paths struct {
	Root, StaticPods, PodLogs, Runtime, Kubeconfig, ClientCert, ClientKey, ServingCert, ServingKey, CA, Log string
}

// PathsFor lays out a node's files.
func PathsFor(l clusterdir.Layout, name string) Paths {
	root := l.Node(name)
	return Paths{
		Root:        root,
		StaticPods:  l.StaticPods(name),
		PodLogs:     filepath.Join(root, "pod-logs"),
		Runtime:     filepath.Join(root, "runtime"),
		Kubeconfig:  filepath.Join(root, "kubeconfig"),
		ClientCert:  filepath.Join(root, "pki", "kubelet-client.crt"),
		ClientKey:   filepath.Join(root, "pki", "kubelet-client.key"),
		ServingCert: filepath.Join(root, "pki", "kubelet.crt"),
		ServingKey:  filepath.Join(root, "pki", "kubelet.key"),
		CA:          filepath.Join(root, "pki", "ca.crt"),
		Log:         l.NodeLog(name),
	}
}
