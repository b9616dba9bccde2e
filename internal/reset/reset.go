// Package reset removes what a lab created, offers to clear its work directory, and begins a
// new attempt at it (the learner's progress is forgotten and the evidence window starts over).
package reset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/progress"
)

// Files says what to do with the files in the lab's work directory.
type Files int

// What Options.Files can say.
const (
	// KeepFiles leaves the work directory alone.
	KeepFiles Files = iota
	// ClearFiles empties the work directory (only one labs made under the state dir).
	ClearFiles
	// AskFiles asks through Options.Confirm.
	AskFiles
)

// Options configure a reset.
type Options struct {
	// Env connects to the cluster; nil when it is not running (only the progress is reset).
	Env      *checks.Env
	StateDir string
	Loc      i18n.Localizer
	Out      io.Writer
	// ClusterID is the identity of the cluster the new attempt is made on ("" when unknown).
	ClusterID string
	Files     Files
	// Confirm asks a yes/no question (for AskFiles); nil counts as no.
	Confirm func(question string) bool
	// NodeFiles reaches the nodes' static pod directories, where reset removes the lab's
	// static Pods (lab.Owns.StaticPods); nil when the provider cannot reach the nodes' files.
	NodeFiles cluster.NodeFiles
}

// pollEvery is how often reset looks whether a namespace is gone.
const pollEvery = 50 * time.Millisecond

// Lab deletes what the lab owns (its namespaces, objects carrying its label, and its static
// Pods' manifests in the nodes' static pod directories), points the learner's kubeconfig back
// at "default" if it used a deleted namespace, deals with the work directory, and begins a new
// attempt. It waits until the namespaces and mirror Pods are gone, so the lab can
// start over at once.
func Lab(ctx context.Context, l *lab.Lab, o Options) error {
	loc, out := o.Loc, o.Out
	if out == nil {
		out = io.Discard
	}
	// Not under a running walkthrough: it would save its progress right back.
	release, err := progress.Lock(o.StateDir, l.Key())
	if errors.Is(err, progress.ErrBusy) {
		return loc.Err("lab %[1]s runs in another terminal (a walkthrough): quit it there (q) first, then reset", l.ID)
	}
	if err != nil {
		return err
	}
	prog, loadErr := progress.Load(o.StateDir, l.Key())
	release()
	if env := o.Env; env != nil {
		if err := deleteNamespaces(ctx, env, l.Owns.Namespaces, loc, out); err != nil {
			return err
		}
		if l.Owns.Label != "" {
			fmt.Fprintln(out, loc.T("Deleting what carries the label %s...", l.Owns.Label))
			if err := deleteLabelled(ctx, env, l.Owns.Label, loc, out); err != nil {
				return err
			}
		}
		if err := removeStaticPods(ctx, env, o.NodeFiles, l.Owns.StaticPods, loc, out); err != nil {
			return err
		}
		// The cluster's kubeconfig (a lab's chain's base; a test run's copy): a context there
		// (a shell of no lab) left in a deleted namespace is reset too. The lab's own context
		// starts afresh below (labctx.Begin).
		if _, base := labctx.Split(env.Kubeconfig); base != "" && len(l.Owns.Namespaces) > 0 {
			if err := resetKubeconfigNamespace(base, l.Owns.Namespaces, loc, out); err != nil {
				return err
			}
		}
	}
	work := progress.WorkDirFor(o.StateDir, l.Key())
	if loadErr == nil && prog.WorkDir != "" {
		work = prog.WorkDir
	}
	if err := workFiles(work, o); err != nil {
		return err
	}
	if _, err := progress.BeginAttempt(o.StateDir, l.Key(), o.ClusterID, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(out, loc.T("Lab %s reset: a new attempt begins now (earlier evidence no longer counts).", l.ID))
	if o.Env != nil {
		msg, err := labctx.Begin(o.Env.Kubeconfig, l, loc)
		if err != nil {
			return err
		}
		if msg != "" {
			fmt.Fprintln(out, msg)
		}
	}
	return nil
}

// deleteNamespaces deletes the namespaces at once and reports each one gone. Their pods are
// deleted first without a grace period: they are the lab's throwaway pods, and the namespace
// controller would otherwise wait out every pod's grace period before it finishes.
func deleteNamespaces(ctx context.Context, env *checks.Env, names []string, loc i18n.Localizer, out io.Writer) error {
	var mu sync.Mutex
	say := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(out, s)
	}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, ns := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = deleteNamespace(ctx, env, ns, loc, say)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func deleteNamespace(ctx context.Context, env *checks.Env, ns string, loc i18n.Localizer, say func(string)) error {
	start := time.Now()
	nss := env.Client.CoreV1().Namespaces()
	if _, err := nss.Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		return nil
	}
	say(loc.T("Deleting namespace %s...", ns))
	zero := int64(0)
	err := env.Client.CoreV1().Pods(ns).DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: &zero}, metav1.ListOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf(loc.T("deleting the pods of namespace %s: %w"), ns, err)
	}
	err = nss.Delete(ctx, ns, metav1.DeleteOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return nil
	case err != nil:
		return fmt.Errorf(loc.T("deleting namespace %s: %w"), ns, err)
	}
	err = wait.PollUntilContextTimeout(ctx, pollEvery, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := nss.Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		return fmt.Errorf(loc.T("namespace %s is still being deleted: %w"), ns, err)
	}
	say(loc.T("Namespace %s is gone (%s).", ns, time.Since(start).Round(100*time.Millisecond)))
	return nil
}

// deleteLabelled deletes every object with the label, in every namespace.
func deleteLabelled(ctx context.Context, env *checks.Env, label string, loc i18n.Localizer, out io.Writer) error {
	dc, ok := env.Client.Discovery().(discovery.DiscoveryInterface)
	if !ok {
		return nil
	}
	lists, err := dc.ServerPreferredResources()
	if err != nil && len(lists) == 0 {
		return fmt.Errorf(loc.T("listing API resources: %w"), err)
	}
	for _, rl := range lists {
		for _, r := range rl.APIResources {
			if strings.Contains(r.Name, "/") || !has(r.Verbs, "list") || !has(r.Verbs, "delete") {
				continue
			}
			gvr, err := env.Mapper.ResourceFor(parseGVR(rl.GroupVersion, r.Name))
			if err != nil {
				continue
			}
			items, err := env.Dynamic.Resource(gvr).List(ctx, metav1.ListOptions{LabelSelector: label})
			if err != nil {
				continue
			}
			for _, it := range items.Items {
				ri := env.Dynamic.Resource(gvr)
				if it.GetNamespace() != "" {
					err = ri.Namespace(it.GetNamespace()).Delete(ctx, it.GetName(), metav1.DeleteOptions{})
				} else {
					err = ri.Delete(ctx, it.GetName(), metav1.DeleteOptions{})
				}
				if err != nil && !apierrors.IsNotFound(err) {
					return fmt.Errorf(loc.T("deleting %s %s: %w"), r.Name, it.GetName(), err)
				}
				fmt.Fprintln(out, loc.T("Deleted %s %s/%s", r.Name, it.GetNamespace(), it.GetName()))
			}
		}
	}
	return nil
}

// workFiles keeps or clears the work directory. Only a directory labs made for the lab under
// the state dir is ever cleared: a --work-dir of the learner's own may hold anything.
func workFiles(dir string, o Options) error {
	loc, out := o.Loc, o.Out
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil
	}
	ours := within(dir, filepath.Join(o.StateDir, "work"))
	clear := false
	switch {
	case !ours:
		fmt.Fprintln(out, loc.T("Your files in %s are kept (labs clears only the work directories it made).", dir))
		return nil
	case o.Files == ClearFiles:
		clear = true
	case o.Files == AskFiles && o.Confirm != nil:
		clear = o.Confirm(loc.T("Delete the %[1]d files in the work directory %[2]s? [y/N] ", len(entries), dir))
	}
	if !clear {
		fmt.Fprintln(out, loc.T("Your files in %s are kept (--clear-files deletes them).", dir))
		return nil
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf(loc.T("clearing the work directory %s: %w"), dir, err)
		}
	}
	fmt.Fprintln(out, loc.T("Work directory %s cleared.", dir))
	return nil
}

// within reports whether dir is below root (root itself holds every lab's directory).
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func has(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

func resetKubeconfigNamespace(path string, owned []string, loc i18n.Localizer, out io.Writer) error {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return fmt.Errorf(loc.T("reading kubeconfig %s: %w"), path, err)
	}
	cur, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		return nil
	}
	// Every context on the labs cluster (the current one's server), learner-made ones too: a
	// context left in a deleted namespace is as confusing as the current one.
	server := ""
	if c, ok := cfg.Clusters[cur.Cluster]; ok {
		server = c.Server
	}
	var changed []string
	for name, ctx := range cfg.Contexts {
		c, ok := cfg.Clusters[ctx.Cluster]
		onLabs := ctx.Cluster == cur.Cluster || (ok && server != "" && c.Server == server)
		if onLabs && has(owned, ctx.Namespace) {
			ctx.Namespace = ""
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf(loc.T("writing kubeconfig %s: %w"), path, err)
	}
	if len(changed) == 1 && changed[0] == cfg.CurrentContext {
		fmt.Fprintln(out, loc.T("The current context uses namespace default again."))
		return nil
	}
	sort.Strings(changed)
	fmt.Fprintln(out, loc.T("Contexts %s use namespace default again.", loc.List(changed)))
	return nil
}

func parseGVR(groupVersion, resource string) schema.GroupVersionResource {
	gv, _ := schema.ParseGroupVersion(groupVersion)
	return gv.WithResource(resource)
}
