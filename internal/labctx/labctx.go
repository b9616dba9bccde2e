// Package labctx gives each lab a kubeconfig context of its own, so that what a learner does in
// one lab's terminal never changes the namespace under another lab (issue 15 point 3: a
// `kubectl config set-context --current --namespace init-containers` typed for init-containers
// in one window broke pod-lifecycle's next step in another, both using the one context of the
// cluster's kubeconfig).
//
// The rule: lab L on cluster provider P has its own small kubeconfig file,
// <state>/contexts/<P>/<L>.kubeconfig. It holds one context, named as the cluster kubeconfig's
// current context (so `kubectl config get-contexts` and `current-context` show what they showed
// before), with that context's cluster and user and the lab's namespace, and it is the current
// context; it holds no credentials. The lab's kubectl runs with
//
//	KUBECONFIG=<state>/contexts/<P>/<L>.kubeconfig:<the cluster's kubeconfig>
//
// kubectl merges the two, the first file winning for a context of the same name and for the
// current context, and it writes a change of the context (set-context --current --namespace)
// or of the current context (use-context) to the first file, the lab's. The cluster's address
// and credentials are read from the cluster's kubeconfig each time, so a cluster deleted and
// created anew, or a kind cluster's new port, needs nothing of the lab's file.
//
// Every lab shell (the walkthrough's t, `labs shell`), `labs cluster env` and `labs kubectl`
// without KUBECONFIG use the chain of their lab; the checks that read "the context's namespace"
// read the same chain (checks.Env.Kubeconfig). A fresh file is written at the beginning of every
// attempt (labs start the first time, labs reset, labs check beginning one), in the namespace
// the lab declares (its scenario's `context: {namespace: N}`), else default.
//
// Grading and labs test give each run a standalone copy of the cluster's kubeconfig (see
// internal/grade and cli's runDir); Establish sets the declared namespace in such a copy.
package labctx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/kubeconfig"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/state"
)

// Path is the kubeconfig file that holds the context of lab key on the cluster of provider.
func Path(stateDir, provider, key string) string {
	return filepath.Join(stateDir, "contexts", provider, strings.ReplaceAll(key, "@", "-")+".kubeconfig")
}

// Chain is the KUBECONFIG value of a lab: its own file first, then the cluster's kubeconfig.
func Chain(file, base string) string {
	return file + string(os.PathListSeparator) + base
}

// Split takes a KUBECONFIG value apart into the lab's file and the rest (the cluster's
// kubeconfig); file is "" when kc is a single file, as in a grading or test run's copy.
func Split(kc string) (file, base string) {
	parts := filepath.SplitList(kc)
	if len(parts) < 2 {
		return "", kc
	}
	return parts[0], strings.Join(parts[1:], string(os.PathListSeparator))
}

// Declared is the namespace l starts in: its scenario's context:, else default.
func Declared(l *lab.Lab) string {
	if l != nil && l.Context != nil && l.Context.Namespace != "" {
		return l.Context.Namespace
	}
	return "default"
}

// ForLab is the chain of lab l on the cluster of provider, whose kubeconfig is base; the file
// need not exist yet (Ensure, Begin make it).
func ForLab(stateDir, provider string, l *lab.Lab, base string) string {
	return Chain(Path(stateDir, provider, l.Key()), base)
}

// Ensure makes the lab's file of chain kc when it is missing (a lab begun before labs had
// contexts per lab), broken, or no longer fits the cluster's kubeconfig (another cluster's
// context names), in namespace ns. A file that fits is kept as the learner left it: Ensure is
// called by every shell, env and check, and only the beginning of an attempt starts the
// context afresh (Begin). A single file (no chain) is left alone.
func Ensure(kc, ns string) error {
	file, base := Split(kc)
	if file == "" {
		return nil
	}
	if cfg, err := clientcmd.LoadFromFile(file); err == nil {
		if fits(cfg, base) {
			return nil
		}
		if c, ok := cfg.Contexts[cfg.CurrentContext]; ok && c.Namespace != "" {
			ns = c.Namespace // the learner's namespace survives a change of cluster
		}
	}
	return write(file, base, ns)
}

// fits reports whether the lab's file names a current context whose cluster and user are in
// the cluster's kubeconfig base.
func fits(cfg *clientcmdapi.Config, base string) bool {
	c, ok := cfg.Contexts[cfg.CurrentContext]
	if !ok {
		// The learner switched to a context of the cluster's kubeconfig (use-context): theirs.
		if b, err := kubeconfig.Load(base); err == nil {
			_, ok = b.Contexts[cfg.CurrentContext]
		}
		return ok
	}
	b, err := kubeconfig.Load(base)
	if err != nil {
		return true // nothing to compare with: leave the file alone
	}
	_, hasCluster := b.Clusters[c.Cluster]
	_, hasUser := b.AuthInfos[c.AuthInfo]
	return hasCluster && hasUser
}

// write writes the lab's file: one context, named as base's current context, with its cluster
// and user and namespace ns, current.
func write(file, base, ns string) error {
	b, err := kubeconfig.Load(base)
	if err != nil {
		return err
	}
	name := b.CurrentContext
	bc, ok := b.Contexts[name]
	if !ok {
		return fmt.Errorf("kubeconfig %s: current context %q does not exist", base, name)
	}
	if err := state.EnsureDir(filepath.Dir(file)); err != nil {
		return err
	}
	cfg := clientcmdapi.NewConfig()
	c := &clientcmdapi.Context{Cluster: bc.Cluster, AuthInfo: bc.AuthInfo}
	if ns != "default" {
		c.Namespace = ns
	}
	cfg.Contexts[name] = c
	cfg.CurrentContext = name
	tmp := file + ".tmp"
	if err := clientcmd.WriteToFile(*cfg, tmp); err != nil {
		return fmt.Errorf("writing the lab's context %s: %w", file, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	// Renamed into place, so a kubectl reading it meanwhile never sees half a file.
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("writing the lab's context %s: %w", file, err)
	}
	return nil
}

// Begin starts lab l's context afresh at the beginning of an attempt, in the namespace the lab
// declares (else default), and returns the chain and the sentence that tells the learner: what
// changed, or, the first time, that the lab has a context of its own. kc is a chain (Chain) for
// a learner's lab, or a single kubeconfig file (a test run's copy), in which only a declared
// namespace is set (Establish).
func Begin(kc string, l *lab.Lab, loc i18n.Localizer) (string, error) {
	file, base := Split(kc)
	if file == "" {
		return Establish(kc, l, loc)
	}
	ns := Declared(l)
	was, existed := "", false
	if cfg, err := clientcmd.LoadFromFile(file); err == nil {
		existed = true
		was = "default"
		if c, ok := cfg.Contexts[cfg.CurrentContext]; ok && c.Namespace != "" {
			was = c.Namespace
		}
	}
	if err := write(file, base, ns); err != nil {
		return "", loc.Err("setting the namespace of your context for lab %s: %w", l.ID, err)
	}
	switch {
	case !existed:
		return loc.T("Lab %[1]s has a kubeconfig context of its own, in namespace %[2]s: what you change in it (kubectl config set-context) changes no other lab's, and no other lab's changes it. The lab's shells use it (t, `labs shell`, `labs cluster env`); it is kept in %[3]s.", l.ID, ns, file), nil
	case was != ns:
		return loc.T("Lab %[1]s starts in namespace %[2]s: labs set the lab's context back to %[2]s (it was %[3]s), so commands without -n go where the steps expect.", l.ID, ns, was), nil
	}
	return "", nil
}

// Establish sets the current context of the standalone kubeconfig at path to the state l
// declares and returns the sentence that tells the learner, "" when l declares none or nothing
// changed. It serves a run's own copy (labs grade, labs test); a learner's lab has a context
// file of its own (Begin).
func Establish(path string, l *lab.Lab, loc i18n.Localizer) (string, error) {
	if l.Context == nil || l.Context.Namespace == "" || path == "" {
		return "", nil
	}
	want := l.Context.Namespace
	was, err := kubeconfig.SetNamespace(path, want)
	if err != nil {
		return "", loc.Err("setting the namespace of your context for lab %s: %w", l.ID, err)
	}
	if was == want {
		return "", nil
	}
	return loc.T("Lab %[1]s starts in namespace %[2]s: labs set your context's namespace to %[2]s (it was %[3]s, left by what you did before), so commands without -n go where the steps expect.", l.ID, want, was), nil
}

// Namespace is the namespace of the current context of the chain kc, for messages.
func Namespace(kc string) string {
	ns, err := kubeconfig.CurrentNamespace(kc)
	if err != nil {
		return "default"
	}
	return ns
}
