// Package reset removes what a lab created and forgets the learner's progress in it.
package reset

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
)

// Lab deletes what the lab owns (its namespaces, and objects carrying its label), points the
// learner's kubeconfig back at "default" if it used a deleted namespace, and forgets the
// progress. It waits until the namespaces are gone, so the lab can start over at once.
func Lab(ctx context.Context, env *checks.Env, l *lab.Lab, stateDir string, out io.Writer) error {
	// Not under a running walkthrough: it would save its progress right back.
	release, err := progress.Lock(stateDir, l.Key())
	if err != nil {
		return err
	}
	defer release()
	if env != nil {
		for _, ns := range l.Owns.Namespaces {
			err := env.Client.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
			switch {
			case apierrors.IsNotFound(err):
				continue
			case err != nil:
				return fmt.Errorf("deleting namespace %s: %w", ns, err)
			}
			fmt.Fprintf(out, "Deleting namespace %s...\n", ns)
		}
		if l.Owns.Label != "" {
			if err := deleteLabelled(ctx, env, l.Owns.Label, out); err != nil {
				return err
			}
		}
		for _, ns := range l.Owns.Namespaces {
			err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
				_, err := env.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
				return apierrors.IsNotFound(err), nil
			})
			if err != nil {
				return fmt.Errorf("namespace %s is still being deleted: %w", ns, err)
			}
		}
		if env.Kubeconfig != "" && len(l.Owns.Namespaces) > 0 {
			if err := resetKubeconfigNamespace(env.Kubeconfig, l.Owns.Namespaces, out); err != nil {
				return err
			}
		}
	}
	if err := progress.Forget(stateDir, l.Key()); err != nil {
		return err
	}
	fmt.Fprintf(out, "Lab %s reset.\n", l.ID)
	return nil
}

// deleteLabelled deletes every object with the label, in every namespace.
func deleteLabelled(ctx context.Context, env *checks.Env, label string, out io.Writer) error {
	dc, ok := env.Client.Discovery().(discovery.DiscoveryInterface)
	if !ok {
		return nil
	}
	lists, err := dc.ServerPreferredResources()
	if err != nil && len(lists) == 0 {
		return fmt.Errorf("listing API resources: %w", err)
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
					return fmt.Errorf("deleting %s %s: %w", r.Name, it.GetName(), err)
				}
				fmt.Fprintf(out, "Deleted %s %s/%s\n", r.Name, it.GetNamespace(), it.GetName())
			}
		}
	}
	return nil
}

func has(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

func resetKubeconfigNamespace(path string, owned []string, out io.Writer) error {
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return fmt.Errorf("reading kubeconfig %s: %w", path, err)
	}
	ctx, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok || !has(owned, ctx.Namespace) {
		return nil
	}
	ctx.Namespace = ""
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("writing kubeconfig %s: %w", path, err)
	}
	fmt.Fprintf(out, "The current context uses namespace default again.\n")
	return nil
}

func parseGVR(groupVersion, resource string) schema.GroupVersionResource {
	gv, _ := schema.ParseGroupVersion(groupVersion)
	return gv.WithResource(resource)
}
