// Package cli wires the labs commands (cobra). Commands only parse flags and call the packages
// that do the work.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/cluster/embedded"
	"github.com/labs-dev/labs/internal/cluster/existing"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/state"
	"github.com/labs-dev/labs/internal/version"
)

// Exit codes a pipeline can rely on.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// usageError is a mistake in how labs was called: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// labError is a broken lab (bad YAML, undefined steps...): exit code 2, like a usage error, but
// the fix is in the lab's files, not in how labs was called.
type labError struct{ err error }

func (e labError) Error() string { return e.err.Error() }
func (e labError) Unwrap() error { return e.err }

func labErrorf(format string, args ...any) error { return labError{fmt.Errorf(format, args...)} }

// globals are the flags every command shares.
type globals struct {
	cluster    string
	kubeconfig string
	// stateDir is --state-dir, resolved to an absolute directory before any command runs.
	stateDir string
	lang     string
	noColor  bool
	stdout   io.Writer
	stderr   io.Writer
}

// Execute runs labs with args and returns the process exit code.
func Execute(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	g := &globals{stdout: os.Stdout, stderr: os.Stderr}
	// Kubernetes packages register flags of their own (--version, ...) on the global flag set,
	// which cobra would offer as labs flags.
	pflag.CommandLine = pflag.NewFlagSet("labs", pflag.ContinueOnError)
	root := newRoot(g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintf(g.stderr, "Error: %s\n", err)
	var le labError
	if errors.As(err, &le) {
		return ExitUsage
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		fmt.Fprintln(g.stderr, "Run 'labs --help' for usage.")
		return ExitUsage
	}
	return ExitFailure
}

// isCobraUsageError recognises the usage errors cobra raises itself (unknown commands).
func isCobraUsageError(err error) bool {
	return strings.HasPrefix(err.Error(), "unknown command ")
}

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "labs",
		Short: "Learn Kubernetes by doing, on a real cluster",
		Long: `labs teaches Kubernetes by doing. It boots a real cluster (its own embedded one by default),
walks you through the steps of a lab, and checks every step against the live Kubernetes API.

The same binary is kubectl: run it as 'labs kubectl ...' or, inside 'labs shell', as 'kubectl'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch g.cluster {
			case "embedded", "existing":
			case "kind":
				return usagef("--cluster kind is not available in this build yet; use embedded or existing")
			default:
				return usagef("--cluster must be embedded, kind or existing, not %q", g.cluster)
			}
			switch g.lang {
			case "", "en", "zh-TW":
			default:
				return usagef("--lang must be en or zh-TW, not %q", g.lang)
			}
			// Resolved once here and passed down; children get it as LABS_STATE_DIR.
			dir, err := state.Resolve(g.stateDir)
			if err != nil {
				return err
			}
			g.stateDir = dir
			return nil
		},
		// A bare `labs` shows help; `labs nonsense` must fail with a usage error.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.Version = fmt.Sprintf("%s (Kubernetes %s)", version.Labs, version.Kubernetes)
	root.SetVersionTemplate("labs {{.Version}}\n")
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{err}
	})
	root.CompletionOptions.HiddenDefaultCmd = true

	pf := root.PersistentFlags()
	pf.StringVar(&g.cluster, "cluster", "embedded", "cluster provider: embedded, kind or existing")
	pf.StringVar(&g.kubeconfig, "kubeconfig", "", "kubeconfig of the cluster to use with --cluster existing (default $KUBECONFIG, else ~/.kube/config)")
	pf.StringVar(&g.stateDir, "state-dir", "", "where labs keeps clusters and progress (default $LABS_STATE_DIR, else $XDG_STATE_HOME/labs, else ~/.local/state/labs)")
	pf.StringVar(&g.lang, "lang", "", "language of lab text: en or zh-TW (default from the locale)")
	pf.BoolVar(&g.noColor, "no-color", false, "disable colored output (also NO_COLOR)")

	root.AddCommand(
		newClusterCmd(g),
		newKubectlCmd(g),
		newShellCmd(g),
		newVersionCmd(g),
		newNodeCmd(g),
	)
	root.AddCommand(newLabCmds(g)...)
	return root
}

// provider returns the cluster provider the global flags select.
func (g *globals) provider() (cluster.Provider, error) {
	switch g.cluster {
	case "existing":
		return existing.New(g.kubeconfig), nil
	case "embedded":
		if g.kubeconfig != "" {
			return nil, usagef("--kubeconfig applies to --cluster existing; the embedded cluster has its own (labs cluster env)")
		}
		return embedded.New(g.stateDir), nil
	}
	return nil, usagef("unknown cluster provider %q", g.cluster)
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%q takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// Main is the whole program: kubectl when invoked under that name, labs otherwise. It never
// returns.
func Main() {
	if name := filepath.Base(os.Args[0]); name == "kubectl" || strings.HasPrefix(name, "kubectl.") {
		kubectl.Main(os.Args[1:])
	}
	os.Exit(Execute(os.Args[1:]))
}
