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
	// Every provider registers itself.
	_ "github.com/labs-dev/labs/internal/cluster/providers"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/iostreams"
	"github.com/labs-dev/labs/internal/kubectl"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/log"
	"github.com/labs-dev/labs/internal/runner"
	"github.com/labs-dev/labs/internal/sandbox"
	"github.com/labs-dev/labs/internal/state"
	"github.com/labs-dev/labs/internal/version"
)

// Exit codes a pipeline can rely on.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// EnvCluster chooses the cluster provider when --cluster is not given: labs sets it for the
// scripts it runs (labs test, labs grade), so a script's own `labs cluster status` describes
// the cluster under test.
const EnvCluster = cluster.EnvName

// usageError is a mistake in how labs was called: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// labError is a broken lab (bad YAML, undefined steps...): exit code 2, like a usage error, but
// the fix is in the lab's files, not in how labs was called.
type labError struct{ err error }

func (e labError) Error() string { return e.err.Error() }
func (e labError) Unwrap() error { return e.err }

// globals are the flags every command shares.
type globals struct {
	cluster    string
	kubeconfig string
	// stateDir is --state-dir, resolved to an absolute directory before any command runs.
	stateDir string
	// lang is --lang, else the locale's language, resolved once before any command runs.
	lang    string
	noColor bool
	// streams are the process's; stdout and stderr are its Out and ErrOut.
	streams iostreams.IOStreams
	stdout  io.Writer
	stderr  io.Writer
	// args are the command line as given (without the program name): `labs kubectl` passes its
	// arguments through unparsed, and reads labs' own flags before the word kubectl from these.
	args []string
}

// localizer speaks the language --lang or the locale chose.
func (g *globals) localizer() i18n.Localizer {
	if g.lang == "" {
		// Before the flags are parsed (an unknown command or flag): the locale's language.
		return i18n.New(i18n.FromLocale(os.Getenv))
	}
	return i18n.New(i18n.Parse(g.lang))
}

// logger is where library code says what it must outside its results: the terminal for a
// command, the log file for the cluster process (whose stderr is that file).
func (g *globals) logger() log.Logger { return log.New(g.stderr) }

// Execute runs labs with args and returns the process exit code.
func Execute(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, iostreams.System(i18n.Localizer{}), args)
}

// run is Execute on the given streams.
func run(ctx context.Context, streams iostreams.IOStreams, args []string) int {
	g := &globals{streams: streams, args: args}
	g.stdout, g.stderr = g.streams.Out, g.streams.ErrOut
	// Kubernetes packages register flags of their own (--version, ...) on the global flag set,
	// which cobra would offer as labs flags.
	pflag.CommandLine = pflag.NewFlagSet("labs", pflag.ContinueOnError)
	root := newRoot(g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	loc := g.localizer()
	fmt.Fprintln(g.stderr, loc.T("Error: %s", err))
	var le labError
	if errors.As(err, &le) {
		return ExitUsage
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		fmt.Fprintln(g.stderr, loc.T("Run '%s' for usage.", labsbin.Run("--help")))
		return ExitUsage
	}
	if errors.Is(err, cluster.ErrUsage) {
		// A provider that cannot be used here (kind without Docker): its one line names the way out.
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
			// The language first, so that every later message speaks it.
			if g.lang != "" && !i18n.Valid(g.lang) {
				bad := g.lang
				g.lang = ""
				return usageError{g.localizer().Err("--lang must be en or zh-TW, not %q", bad)}
			}
			if g.lang == "" {
				g.lang = string(i18n.FromLocale(os.Getenv))
			}
			g.streams.Loc = g.localizer()
			loc := g.streams.Loc
			if _, err := cluster.Lookup(g.cluster); err != nil {
				return usageError{loc.Err("--cluster must be one of %[1]s, not %[2]q", loc.List(cluster.Names()), g.cluster)}
			}
			// Resolved once here and passed down; children get it as LABS_STATE_DIR.
			dir, err := state.Resolve(g.stateDir)
			if err != nil {
				return err
			}
			g.stateDir = dir
			labsbin.Use(dir) // the commands messages print name labs as they can be pasted
			return nil
		},
		// A bare `labs` shows help; `labs nonsense` must fail with a usage error.
		Args: func(cmd *cobra.Command, args []string) error { return unknownCommand(g, cmd, args) },
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.Version = version.String()
	root.SetVersionTemplate("labs {{.Version}}\n")
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{err}
	})
	root.CompletionOptions.HiddenDefaultCmd = true

	pf := root.PersistentFlags()
	defaultCluster := cluster.DefaultName()
	if c := os.Getenv(EnvCluster); c != "" {
		defaultCluster = c
	}
	pf.StringVar(&g.cluster, "cluster", defaultCluster, cluster.FlagHelp()+" (default $"+EnvCluster+", else "+cluster.DefaultName()+")")
	pf.StringVar(&g.kubeconfig, "kubeconfig", "", "kubeconfig of the cluster to use with --cluster existing (default $KUBECONFIG, else ~/.kube/config)")
	pf.StringVar(&g.stateDir, "state-dir", "", "where labs keeps clusters and progress (default $LABS_STATE_DIR, else $XDG_STATE_HOME/labs, else ~/.local/state/labs)")
	pf.StringVar(&g.lang, "lang", "", "language of everything labs prints: en or zh-TW (default from the locale: LC_ALL, LC_MESSAGES, LANG)")
	pf.BoolVar(&g.noColor, "no-color", false, "disable colored output (also NO_COLOR)")
	// The providers' own flags (--kind-image, ...).
	cluster.AddFlags(pf)

	root.AddCommand(
		newClusterCmd(g),
		newKubectlCmd(g),
		newShellCmd(g),
		newVersionCmd(g),
		newNodeCmd(g),
	)
	root.AddCommand(newLabCmds(g)...)
	// Help speaks the learner's language (--lang, else the locale), known once flags are parsed.
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		localizeHelp(root, g.localizer())
		help(c, args)
	})
	return root
}

// unknownCommand makes `labs nonsense` (or `labs cluster nonsense`) a usage error, with cobra's
// "did you mean" suggestions among the commands and, from the root, among the subcommands of
// each group: `labs stat` suggests `labs start` and `labs cluster status`.
func unknownCommand(g *globals, cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	loc := g.localizer()
	var suggestions []string
	suggest := func(c *cobra.Command) []string {
		if c.SuggestionsMinimumDistance <= 0 {
			c.SuggestionsMinimumDistance = 2 // cobra's default, which SuggestionsFor leaves unset
		}
		return c.SuggestionsFor(args[0])
	}
	for _, s := range suggest(cmd) {
		suggestions = append(suggestions, cmd.CommandPath()+" "+s)
	}
	if !cmd.HasParent() {
		for _, group := range cmd.Commands() {
			if !group.IsAvailableCommand() || group.Args == nil || !group.HasAvailableSubCommands() {
				continue
			}
			for _, s := range suggest(group) {
				suggestions = append(suggestions, group.CommandPath()+" "+s)
			}
		}
	}
	msg := loc.T("unknown command %q for %q", args[0], cmd.CommandPath())
	if len(suggestions) > 0 {
		msg += "\n\n" + loc.T("Did you mean one of these?") + "\n\t" + strings.Join(suggestions, "\n\t")
	}
	return usageError{errors.New(msg)}
}

// provider returns the cluster provider the global flags select (from the registry).
func (g *globals) provider() (cluster.Provider, error) {
	p, err := cluster.New(g.cluster, g.providerConfig(g.stateDir))
	if errors.Is(err, cluster.ErrUsage) || errors.Is(err, cluster.ErrUnknownProvider) {
		return nil, usageError{err}
	}
	return p, err
}

// providerConfig is what the selected provider is made from, its state under stateDir.
func (g *globals) providerConfig(stateDir string) cluster.Config {
	return cluster.Config{StateDir: stateDir, Kubeconfig: g.kubeconfig,
		Options: []cluster.Option{cluster.WithLocalizer(g.localizer()), cluster.WithLogger(g.logger())}}
}

// clusters are the selected provider and fresh ones of its kind, for labs test and labs grade.
func (g *globals) clusters() runner.Clusters {
	return runner.Clusters{
		Name:     g.cluster,
		Selected: g.provider,
		Throwaway: func(stateDir string) (cluster.Provider, error) {
			cfg := g.providerConfig(stateDir)
			cfg.Options = nil // its log lines are not the learner's concern
			return cluster.New(g.cluster, cfg)
		},
		Connect: g.checkEnv,
	}
}

// capabilities are the selected provider's capabilities known before one is made.
func (g *globals) capabilities() cluster.Capabilities {
	r, err := cluster.Lookup(g.cluster)
	if err != nil {
		return cluster.Capabilities{}
	}
	return r.Caps
}

// noArgs rejects positional arguments with a usage error (in the learner's language where it
// is shown: the language flag is not parsed yet when cobra checks arguments).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{i18n.Errorf("%q takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

// Main is the whole program: kubectl when invoked under that name, labs otherwise. It never
// returns.
func Main() {
	if len(os.Args) > 1 && os.Args[1] == sandbox.InitArg {
		sandbox.Init() // a grader's sandbox for a student's script; never returns
	}
	if name := filepath.Base(os.Args[0]); name == "kubectl" || strings.HasPrefix(name, "kubectl.") {
		if dir, err := state.Dir(); err == nil {
			kubectl.RefusedHint = refusedHint(dir, i18n.New(i18n.FromLocale(os.Getenv)))
		}
		kubectl.Main(os.Args[1:])
	}
	os.Exit(Execute(os.Args[1:]))
}
