package checks

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"

	"github.com/labs-dev/labs/internal/audit"
	"github.com/labs-dev/labs/internal/kubeconfig"
)

// The only reads of the cluster, the learner's files and the kubeconfig: each registers what
// it reads with Observe, so the live walkthrough re-checks a step when that changes. Handlers
// read through these and nothing else (TestHandlersReadThroughEnv keeps it so), so a new
// handler cannot silently miss live re-checks.

func (e *Env) getPod(ctx context.Context, name, ns string) (*corev1.Pod, error) {
	e.observe(Dependency{Resource: gvrPods})
	return e.Client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
}

func (e *Env) getNamespace(ctx context.Context, name string) (*corev1.Namespace, error) {
	e.observe(Dependency{Resource: gvrNamespaces})
	return e.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
}

func (e *Env) listNamespaces(ctx context.Context) (*corev1.NamespaceList, error) {
	e.observe(Dependency{Resource: gvrNamespaces})
	return e.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
}

func (e *Env) listEvents(ctx context.Context, ns, name string) (*corev1.EventList, error) {
	e.observe(Dependency{Resource: gvrEvents})
	sel := fields.Set{"involvedObject.name": name}.AsSelector().String()
	return e.Client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: sel})
}

// podsNamed lists the Pods of this name in every namespace.
func (e *Env) podsNamed(ctx context.Context, name string) (*corev1.PodList, error) {
	e.observe(Dependency{Resource: gvrPods})
	return e.Client.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String()})
}

// eventsAbout lists the events about objects of this name in every namespace.
func (e *Env) eventsAbout(ctx context.Context, name string) (*corev1.EventList, error) {
	e.observe(Dependency{Resource: gvrEvents})
	return e.Client.CoreV1().Events("").List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("involvedObject.name", name).String()})
}

// get reads one object of gvr, in namespace ns when the resource is namespaced.
func (e *Env) get(ctx context.Context, gvr schema.GroupVersionResource, namespaced bool, name, ns string) (*unstructured.Unstructured, error) {
	e.observe(Dependency{Resource: gvr})
	ri := e.Dynamic.Resource(gvr)
	if namespaced {
		return ri.Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	}
	return ri.Get(ctx, name, metav1.GetOptions{})
}

func (e *Env) list(ctx context.Context, gvr schema.GroupVersionResource, ns string) (*unstructured.UnstructuredList, error) {
	e.observe(Dependency{Resource: gvr})
	return e.Dynamic.Resource(gvr).Namespace(ns).List(ctx, metav1.ListOptions{})
}

// workFile is where a file the lab names lives: in the work directory unless absolute.
func (e *Env) workFile(file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	return filepath.Join(e.WorkDir, file)
}

// workDirName is the work directory as the learner knows it (see Env.WorkDirName).
func (e *Env) workDirName() string {
	if e.WorkDirName != "" {
		return e.WorkDirName
	}
	return e.WorkDir
}

// readError is why a work file cannot be read, without its path (the message names the file
// as the learner knows it).
func readError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (e *Env) readFile(path string) ([]byte, error) {
	e.observe(Dependency{File: path})
	return os.ReadFile(path)
}

func (e *Env) currentNamespace() (string, error) {
	e.observeKubeconfig()
	return kubeconfig.CurrentNamespace(e.Kubeconfig)
}

func (e *Env) currentContext() (string, error) {
	e.observeKubeconfig()
	return kubeconfig.CurrentContext(e.Kubeconfig)
}

// clusterKubeconfigNamespace is, for a lab's kubeconfig list (its own context file first), the
// last file, the cluster's kubeconfig, and the namespace of its current context; ok is false
// for a single kubeconfig file.
func (e *Env) clusterKubeconfigNamespace() (file, ns string, ok bool) {
	files := filepath.SplitList(e.Kubeconfig)
	if len(files) < 2 {
		return "", "", false
	}
	file = files[len(files)-1]
	e.observe(Dependency{File: file})
	ns, err := kubeconfig.CurrentNamespace(file)
	return file, ns, err == nil
}

// observeKubeconfig follows each file of the kubeconfig: a lab's is a list as KUBECONFIG holds
// it, its own context file first (internal/labctx).
func (e *Env) observeKubeconfig() {
	for _, f := range filepath.SplitList(e.Kubeconfig) {
		e.observe(Dependency{File: f})
	}
}

// allAuditEvents are the requests anyone made in the attempt's window (Since).
func (e *Env) allAuditEvents() ([]audit.Event, error) {
	if e.AuditLog == "" {
		return nil, e.l().Err("this cluster offers no audit log, so labs cannot see which requests you made; use the embedded cluster")
	}
	e.observe(Dependency{File: e.AuditLog})
	if e.evidenceReads == nil {
		e.evidenceReads = &atomic.Int64{}
	}
	e.evidenceReads.Add(1)
	events, err := e.auditSince(e.Since)
	if err != nil {
		return nil, e.l().Err("cannot read the audit log: %v", err)
	}
	return events, nil
}

// preferredResources are the resources the API server serves, in their preferred versions, as
// `kubectl api-resources` lists them.
func (e *Env) preferredResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResources(e.Client.Discovery())
}
