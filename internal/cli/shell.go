package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/state"
)

func newShellCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "shell",
		Short: "Open your shell with KUBECONFIG set and kubectl (this binary) on PATH",
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
			bin, err := kubectlBinDir(g.stateDir)
			if err != nil {
				return err
			}
			sh := os.Getenv("SHELL")
			if sh == "" {
				sh = "/bin/sh"
			}
			fmt.Fprintf(g.stderr, "Starting %s with kubectl connected to the %s cluster. Type 'exit' to leave.\n", sh, p.Name())
			c := exec.CommandContext(cmd.Context(), sh)
			c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
			c.Env = append(os.Environ(),
				"KUBECONFIG="+kc,
				"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"LABS_SHELL=1",
				state.EnvStateDir+"="+g.stateDir,
			)
			err = c.Run()
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return nil // the shell's own exit status is the learner's business
			}
			return err
		},
	}
}

// kubectlBinDir returns a directory holding a `kubectl` that is this binary (a symlink, so it
// follows rebuilds), creating it under the state dir.
func kubectlBinDir(stateDir string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("locating the labs binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	bin := filepath.Join(stateDir, "bin")
	if err := state.EnsureDir(bin); err != nil {
		return "", err
	}
	link := filepath.Join(bin, "kubectl")
	if cur, err := os.Readlink(link); err == nil && cur == exe {
		return bin, nil
	}
	tmp := link + ".new"
	_ = os.Remove(tmp)
	if err := os.Symlink(exe, tmp); err != nil {
		return "", fmt.Errorf("linking kubectl: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		return "", fmt.Errorf("linking kubectl: %w", err)
	}
	return bin, nil
}
