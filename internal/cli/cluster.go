package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster"
)

func newClusterCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "cluster",
		Short: "Manage the cluster labs runs on (up, down, delete, status, env)",
		Args:  subcommandRequired,
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newClusterUpCmd(g), newClusterDownCmd(g), newClusterDeleteCmd(g), newClusterStatusCmd(g), newClusterEnvCmd(g))
	return c
}

// subcommandRequired makes `labs cluster nonsense` a usage error instead of printing help.
func subcommandRequired(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

func newClusterUpCmd(g *globals) *cobra.Command {
	var opts cluster.UpOptions
	c := &cobra.Command{
		Use:   "up",
		Short: "Start the cluster (or reuse the running one) and wait until it is ready",
		Long: `Start the cluster and wait until it can run pods. The embedded cluster runs as a background
process that outlives this command; 'labs cluster down' stops it. With --foreground it stays
attached to this terminal until Ctrl+C (for CI and debugging).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.APIPort < 0 || opts.APIPort > 65535 {
				return usagef("--api-port must be between 1 and 65535")
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			opts.Progress = g.stdout
			opts.Workers = -1
			return p.Up(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.Foreground, "foreground", false, "keep the cluster attached to this process until interrupted")
	c.Flags().IntVar(&opts.APIPort, "api-port", 0, "API server port on 127.0.0.1 (default: a free port, kept across restarts)")
	c.Flags().DurationVar(&opts.Wait, "wait", 2*time.Minute, "how long to wait for the cluster to be ready")
	return c
}

func newClusterDownCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "down",
		Short: "Stop the cluster, keeping its data for the next 'up'",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			err = p.Down(cmd.Context())
			if errors.Is(err, cluster.ErrNotRunning) {
				fmt.Fprintln(g.stdout, "The cluster is not running; nothing to stop.")
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(g.stdout, "Cluster stopped; its data is kept. 'labs cluster up' starts it again.")
			return nil
		},
	}
}

func newClusterDeleteCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "delete",
		Short: "Stop the cluster and delete all its data",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			if err := p.Delete(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintln(g.stdout, "Cluster deleted.")
			return nil
		},
	}
}

func newClusterStatusCmd(g *globals) *cobra.Command {
	var output string
	c := &cobra.Command{
		Use:   "status",
		Short: "Show whether the cluster runs, where, and its nodes",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usagef("-o must be text or json, not %q", output)
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			st, err := p.Status(cmd.Context())
			if err != nil {
				return err
			}
			if output == "json" {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			printStatus(g, st)
			return nil
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func printStatus(g *globals, st *cluster.Status) {
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s:\t%s\n", k, v)
		}
	}
	state := "not running"
	if st.Running {
		state = "running"
	}
	if st.Provider == "embedded" && st.Kubeconfig == "" {
		state = "not created (labs cluster up creates it)"
	}
	row("Cluster", fmt.Sprintf("%s (%s)", nonEmpty(st.Name, "-"), st.Provider))
	row("State", state)
	row("API server", st.Endpoint)
	row("Version", st.Version)
	if st.PID != 0 {
		row("Process", fmt.Sprintf("%d, up %s", st.PID, st.Uptime))
	}
	row("Kubeconfig", st.Kubeconfig)
	row("State dir", st.StateDir)
	row("Logs", st.Logs)
	row("Audit log", st.AuditLog)
	if len(st.Nodes) > 0 {
		fmt.Fprintln(w, "Nodes:")
		for _, n := range st.Nodes {
			ready := "NotReady"
			if n.Ready {
				ready = "Ready"
			}
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", n.Name, ready, nonEmpty(n.Roles, "<none>"), n.InternalIP)
			if n.StaticPodPath != "" {
				fmt.Fprintf(w, "    static pods:\t%s\n", n.StaticPodPath)
			}
			if n.RuntimeMode != "" {
				fmt.Fprintf(w, "    runtime:\t%s\n", n.RuntimeMode)
			}
			if n.PID != 0 {
				fmt.Fprintf(w, "    process:\t%d\n", n.PID)
			}
			if n.Log != "" {
				fmt.Fprintf(w, "    log:\t%s\n", n.Log)
			}
		}
	}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func newClusterEnvCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "env",
		Short: "Print shell exports for the cluster: eval \"$(labs cluster env)\"",
		Long: `Print shell exports for the cluster: KUBECONFIG, and PATH with the state dir's bin directory
first, where this binary is both kubectl and labs (so no kubectl of another version is used).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			kc, err := p.Kubeconfig()
			if err != nil {
				return err
			}
			bin, err := binDir(g.stateDir)
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "export KUBECONFIG=%s\n", shellQuote(kc))
			fmt.Fprintf(g.stdout, "export PATH=%s:\"$PATH\"\n", shellQuote(bin))
			return nil
		},
	}
}

// shellQuote quotes s for POSIX shells.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
