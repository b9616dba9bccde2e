package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
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
		// `labs cluster nonsense` is a usage error (with suggestions), not help.
		Args: func(cmd *cobra.Command, args []string) error { return unknownCommand(g, cmd, args) },
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newClusterUpCmd(g), newClusterDownCmd(g), newClusterDeleteCmd(g), newClusterStatusCmd(g), newClusterEnvCmd(g))
	return c
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
				return usageError{g.localizer().Err("--api-port must be between 1 and 65535")}
			}
			p, err := g.provider()
			if err != nil {
				return err
			}
			opts.Out, opts.TTY = g.streams.Out, g.streams.OutTTY
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
				fmt.Fprintln(g.stdout, g.localizer().T("The cluster is not running; nothing to stop."))
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(g.stdout, g.localizer().T("Cluster stopped; its data is kept. 'labs cluster up' starts it again."))
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
			fmt.Fprintln(g.stdout, g.localizer().T("Cluster deleted."))
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
				return usageError{g.localizer().Err("-o must be text or json, not %q", output)}
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

// printStatus is the text of `labs cluster status`; -o json keeps the English field names.
func printStatus(g *globals, st *cluster.Status) {
	loc := g.localizer()
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s\t%s\n", k, v)
		}
	}
	state := loc.T("not running")
	if st.Running {
		state = loc.T("running")
	}
	if st.Provider == "embedded" && st.Kubeconfig == "" {
		state = loc.T("not created (labs cluster up creates it)")
	}
	row(loc.T("Cluster:"), fmt.Sprintf("%s (%s)", nonEmpty(st.Name, "-"), st.Provider))
	row(loc.T("State:"), state)
	row(loc.T("API server:"), st.Endpoint)
	row(loc.T("Version:"), st.Version)
	if st.PID != 0 {
		row(loc.T("Process:"), loc.T("%d, up %s", st.PID, st.Uptime))
	}
	row(loc.T("Kubeconfig:"), st.Kubeconfig)
	row(loc.T("State dir:"), st.StateDir)
	row(loc.T("Logs:"), st.Logs)
	row(loc.T("Audit log:"), st.AuditLog)
	if len(st.Nodes) > 0 {
		fmt.Fprintln(w, loc.T("Nodes:"))
		for _, n := range st.Nodes {
			// Ready and NotReady are the Node condition's own words, as kubectl shows them.
			ready := "NotReady"
			if n.Ready {
				ready = "Ready"
			}
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", n.Name, ready, nonEmpty(n.Roles, "<none>"), n.InternalIP)
			sub := func(k, v string) { fmt.Fprintf(w, "    %s\t%s\n", k, v) }
			if n.StaticPodPath != "" {
				sub(loc.T("static pods:"), n.StaticPodPath)
			}
			if n.RuntimeMode != "" {
				sub(loc.T("runtime:"), n.RuntimeMode)
			}
			if n.PID != 0 {
				sub(loc.T("process:"), fmt.Sprint(n.PID))
			}
			if n.Log != "" {
				sub(loc.T("log:"), n.Log)
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
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			kc, err := p.Kubeconfig()
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "export KUBECONFIG=%s\n", shellQuote(kc))
			if _, err := exec.LookPath("kubectl"); err != nil {
				// No kubectl installed: offer this binary's, through the bin dir `labs shell` uses.
				if bin, err := kubectlBinDir(g.stateDir); err == nil {
					fmt.Fprintf(g.stdout, "export PATH=%s:\"$PATH\"\n", shellQuote(bin))
				}
			}
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
