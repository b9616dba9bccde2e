package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/state"
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
			fmt.Fprintln(g.stdout, g.localizer().T("Cluster stopped; its data is kept. `%s` starts it again.", labsbin.Run("cluster", "up")))
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
// Columns are aligned by display width (not text/tabwriter's rune count), so zh-TW headings,
// two columns per character, line up too.
func printStatus(g *globals, st *cluster.Status) {
	loc := g.localizer()
	state := loc.T("not running")
	if st.Running {
		state = loc.T("running")
	}
	if g.capabilities().Owned && st.Kubeconfig == "" {
		state = loc.T("not created (%s creates it)", labsbin.Run("cluster", "up"))
	}
	var rows [][]string
	row := func(k, v string) {
		if v != "" {
			rows = append(rows, []string{k, v})
		}
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
	w := g.stdout
	writeTable(w, "", rows)
	if len(st.Nodes) == 0 {
		return
	}
	fmt.Fprintln(w, loc.T("Nodes:"))
	var nodes [][]string
	for _, n := range st.Nodes {
		// Ready and NotReady are the Node condition's own words, as kubectl shows them.
		ready := "NotReady"
		if n.Ready {
			ready = "Ready"
		}
		nodes = append(nodes, []string{n.Name, ready, nonEmpty(n.Roles, "<none>"), n.InternalIP})
	}
	// The node lines share one column layout; each node's details follow its line.
	var b strings.Builder
	writeTable(&b, "  ", nodes)
	lines := strings.SplitAfter(b.String(), "\n")
	for i, n := range st.Nodes {
		io.WriteString(w, lines[i])
		var sub [][]string
		add := func(k, v string) {
			if v != "" {
				sub = append(sub, []string{k, v})
			}
		}
		add(loc.T("static pods:"), n.StaticPodPath)
		add(loc.T("runtime:"), n.RuntimeMode)
		if n.PID != 0 {
			add(loc.T("process:"), fmt.Sprint(n.PID))
		}
		add(loc.T("log:"), n.Log)
		writeTable(w, "    ", sub)
	}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func newClusterEnvCmd(g *globals) *cobra.Command {
	var lf labFlags
	var labID string
	c := &cobra.Command{
		Use:   "env",
		Short: "Print shell exports for the cluster: eval \"$(labs cluster env)\"",
		Long: `Print shell exports for the cluster: KUBECONFIG, and PATH with the state dir's bin directory
first, where this binary is both kubectl and labs (so no kubectl of another version is used).
KUBECONFIG names the lab's own context first (--lab, else the lab a walkthrough runs, else the
one you worked on last), then the cluster's kubeconfig: a namespace set in that shell is the
lab's only.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			var l *lab.Lab
			key := currentLab(g.stateDir)
			if labID != "" {
				if l, err = lf.load(g.localizer(), labID); err != nil {
					return err
				}
				key = l.Key()
			}
			kc, err := g.labKubeconfig(p, l, key)
			if err != nil {
				return err
			}
			bin, err := labsbin.Dir(g.stateDir)
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "export KUBECONFIG=%s\n", shellQuote(kc))
			fmt.Fprintf(g.stdout, "export KUBECACHEDIR=%s\n", shellQuote(state.KubectlCacheDir(g.stateDir)))
			fmt.Fprintf(g.stdout, "export PATH=%s:\"$PATH\"\n", shellQuote(bin))
			if g.cluster != cluster.DefaultName() {
				// labs run from that shell use the same cluster
				fmt.Fprintf(g.stdout, "export %s=%s\n", EnvCluster, shellQuote(g.cluster))
			}
			return nil
		},
	}
	lf.add(c)
	c.Flags().StringVar(&labID, "lab", "", "use this lab's own kubeconfig context (default: the lab a walkthrough runs, else the last one)")
	return c
}

// shellQuote quotes s for POSIX shells.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
