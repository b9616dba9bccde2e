package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/cluster/providers"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labctx"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/progress"
	"github.com/labs-dev/labs/internal/state"
)

func newShellCmd(g *globals) *cobra.Command {
	var lf labFlags
	var labID string
	c := &cobra.Command{
		Use:   "shell",
		Short: "Open your shell in a lab's work directory, with KUBECONFIG set and this binary first on PATH as kubectl and labs",
		Long: `Open your shell with KUBECONFIG set and this binary first on PATH as both kubectl and labs.
With --lab (else the lab a walkthrough runs, else the one you worked on last) the shell starts in
that lab's work directory and its prompt shows the lab, the step and its latest verdict, e.g.
(labs demo 2/4 ✗) $`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.provider()
			if err != nil {
				return err
			}
			var l *lab.Lab
			if labID != "" {
				if l, err = lf.load(g.localizer(), labID); err != nil {
					return err
				}
			}
			if l != nil {
				workDir, err := g.labWorkDir(l, "")
				if err != nil {
					return err
				}
				return g.labShell(cmd.Context(), p, l, workDir)
			}
			key, workDir := currentLab(g.stateDir), ""
			if key != "" {
				if prog, err := progress.Load(g.stateDir, key); err == nil && prog.WorkDir != "" {
					workDir = prog.WorkDir
				}
			}
			return g.runShell(cmd.Context(), p, nil, key, workDir, os.Stdin, os.Stdout, os.Stderr)
		},
	}
	lf.add(c)
	c.Flags().StringVar(&labID, "lab", "", "start in this lab's work directory, with its step in the prompt")
	return c
}

// labShell is the lab shell the walkthrough opens on its key t: the learner's shell on the
// terminal, in the lab's work directory; it returns when the shell exits.
func (g *globals) labShell(ctx context.Context, p cluster.Provider, l *lab.Lab, workDir string) error {
	return g.runShell(ctx, p, l, l.Key(), workDir, os.Stdin, os.Stdout, os.Stderr)
}

// labKubeconfig is the KUBECONFIG of lab key's shells (labctx: its own context file, then the
// cluster's kubeconfig), the file made when missing; the cluster's kubeconfig alone when key
// is "" (no lab). l may be nil: it is read from the lab's progress.
func (g *globals) labKubeconfig(p cluster.Provider, l *lab.Lab, key string) (string, error) {
	base, err := p.Kubeconfig()
	if err != nil || key == "" {
		return base, err
	}
	if l == nil {
		if prog, err := progress.Load(g.stateDir, key); err == nil {
			lf := labFlags{dir: prog.LabsDir}
			l, _ = lf.loadLab(progress.LabID(key))
		}
	}
	kc := labctx.Chain(labctx.Path(g.stateDir, p.Name(), key), base)
	if err := labctx.Ensure(kc, labctx.Declared(l)); err != nil {
		return "", err
	}
	return kc, nil
}

// runShell runs the learner's shell connected to the cluster: KUBECONFIG set, the stable bin
// dir first on PATH, in workDir ("" keeps the current directory), with a prompt showing the
// status line the walkthrough of lab key publishes (key "" shows just "(labs)").
func (g *globals) runShell(ctx context.Context, p cluster.Provider, l *lab.Lab, key, workDir string, stdin io.Reader, stdout, stderr io.Writer) error {
	loc := g.localizer()
	kc, err := g.labKubeconfig(p, l, key)
	if err != nil {
		return err
	}
	bin, err := binDir(g.stateDir)
	if err != nil {
		return err
	}
	sh := os.Getenv("SHELL")
	if sh == "" {
		sh = "/bin/sh"
	}
	status := ""
	if key != "" {
		status = progress.StatusPath(g.stateDir, key)
	}
	rc, err := os.MkdirTemp("", "labs-shell-")
	if err != nil {
		return fmt.Errorf(loc.T("preparing the shell: %w"), err)
	}
	defer os.RemoveAll(rc)
	args, env, err := promptSetup(sh, rc, status)
	if err != nil {
		return fmt.Errorf(loc.T("preparing the shell: %w"), err)
	}
	if workDir != "" {
		if err := state.EnsureDir(workDir); err != nil {
			return err
		}
		fmt.Fprintln(stderr, loc.T("Starting %[1]s in %[2]s with kubectl connected to the %[3]s cluster. Type 'exit' to leave.", sh, workDir, clusterName(loc, p)))
	} else {
		fmt.Fprintln(stderr, loc.T("Starting %[1]s with kubectl connected to the %[2]s cluster. Type 'exit' to leave.", sh, clusterName(loc, p)))
	}
	if key != "" {
		// Why a namespace set here does not show in another lab (internal/labctx).
		fmt.Fprintln(stderr, loc.T("kubectl here uses the context of lab %[1]s, its own (namespace %[2]s now); other labs have their own.", progress.LabID(key), labctx.Namespace(kc)))
	}
	c := exec.CommandContext(ctx, sh, args...)
	c.Dir = workDir
	c.Stdin, c.Stdout, c.Stderr = stdin, stdout, stderr
	c.Env = append(os.Environ(), env...)
	c.Env = append(c.Env,
		"KUBECONFIG="+kc,
		"KUBECACHEDIR="+state.KubectlCacheDir(g.stateDir),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"LABS_SHELL=1",
		"LABS_BIN="+bin,
		"LABS_STATUS_FILE="+status,
		"LABS_WORK_DIR="+workDir,
		// A walkthrough of another lab (the next one) shows too, saying its files are elsewhere.
		"LABS_PROGRESS_DIR="+filepath.Join(g.stateDir, "progress"),
		"LABS_ELSEWHERE="+loc.T("not here: labs shell"),
		state.EnvStateDir+"="+g.stateDir,
		EnvCluster+"="+g.cluster, // the shell's own labs commands use the same cluster
	)
	err = c.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil // the shell's own exit status is the learner's business
	}
	return err
}

// clusterName is how a sentence names the provider's cluster ("embedded", in zh-TW 「內建」).
func clusterName(loc i18n.Localizer, p cluster.Provider) string { return providers.Title(loc, p) }

// promptScript defines __labs_prompt, which reads the walkthrough's status line into
// __labs_p ("(labs demo 2/4 ✗) ", or "(labs) " when no walkthrough runs: no status file, or one
// whose owner process is gone, as after a SIGKILL; see progress.StatusPath), and then puts the
// bin dir first on PATH again, and goes to the work dir, in case the user's rc file changed them.
// While the walkthrough has a check due or running (its status file's .busy beside it) the
// prompt waits for the verdict, up to 3 s, so it never shows the verdict from before the
// learner's last command; a red one gets a moment (50 ms) for that command's change to arrive.
// When no walkthrough of its own lab runs but one of another lab does (the learner went on to
// the next lab), the prompt shows that one's status and that its directory is not this one.
// __labs_alive PID TICK tells whether process PID runs and started at TICK (/proc/PID/stat
// field 22; a recycled pid started later); where there is no /proc (macOS), whether it runs.
const promptScript = `
__labs_alive() {
  [ -d /proc/self ] || { [ -n "$2" ] && kill -0 "$1" 2>/dev/null; return; }
  __labs_st=
  IFS= read -r __labs_st 2>/dev/null < "/proc/$1/stat" || return 1
  __labs_st=${__labs_st##*\) }
  read -r __labs_f3 __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_x __labs_f22 __labs_x <<__LABS_EOF
$__labs_st
__LABS_EOF
  [ "$__labs_f3" != Z ] && [ -n "$2" ] && [ "$__labs_f22" = "$2" ]
}
__labs_read() {
  __labs_s=
  __labs_o=
  if [ -n "$LABS_STATUS_FILE" ] && [ -r "$LABS_STATUS_FILE" ]; then
    { IFS= read -r __labs_s; read -r __labs_o __labs_pid __labs_tick; } < "$LABS_STATUS_FILE" || true
    if [ "$__labs_o" != owner ] || ! __labs_alive "$__labs_pid" "$__labs_tick"; then __labs_s=; fi
  fi
}
__labs_prompt() {
  __labs_read
  if [ -n "$__labs_s" ]; then
    case "$__labs_s" in *✗) sleep 0.05 2>/dev/null ;; esac
    __labs_n=0
    while [ -e "$LABS_STATUS_FILE.busy" ] && [ "$__labs_n" -lt 60 ]; do
      sleep 0.05 2>/dev/null || break
      __labs_n=$((__labs_n + 1))
    done
    __labs_read
  fi
  if [ -n "$__labs_s" ]; then __labs_p="(labs $__labs_s) "; else __labs_p="(labs) "; __labs_elsewhere; fi
}
__labs_elsewhere() {
  [ -n "$LABS_PROGRESS_DIR" ] || return 0
  [ -n "$ZSH_VERSION" ] && setopt localoptions nullglob
  for __labs_f in "$LABS_PROGRESS_DIR"/*.status; do
    [ -r "$__labs_f" ] && [ "$__labs_f" != "$LABS_STATUS_FILE" ] || continue
    __labs_line=
    { IFS= read -r __labs_line; read -r __labs_o __labs_pid __labs_tick; } < "$__labs_f" || continue
    if [ -n "$__labs_line" ] && [ "$__labs_o" = owner ] && __labs_alive "$__labs_pid" "$__labs_tick"; then
      __labs_p="(labs $__labs_line · $LABS_ELSEWHERE) "
      return 0
    fi
  done
}
export PATH="$LABS_BIN:$PATH"
export KUBECONFIG
if [ -n "$LABS_WORK_DIR" ]; then cd "$LABS_WORK_DIR" || true; fi
__labs_prompt
`

// promptSetup returns the arguments and environment that make shell sh show the lab prompt,
// refreshed before every prompt: bash gets an --rcfile that sources ~/.bashrc first and adds a
// PROMPT_COMMAND; zsh a ZDOTDIR whose .zshrc sources the user's and adds a precmd; any other
// shell a PS1 prefix read once.
func promptSetup(sh, dir, statusPath string) (args, env []string, err error) {
	switch filepath.Base(sh) {
	case "bash":
		rc := filepath.Join(dir, "bashrc")
		script := `[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"` + "\n" + promptScript + `
PROMPT_COMMAND="__labs_prompt${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
PS1='${__labs_p}'"${PS1:-\$ }"
`
		if err := os.WriteFile(rc, []byte(script), 0o600); err != nil {
			return nil, nil, err
		}
		return []string{"--rcfile", rc, "-i"}, nil, nil
	case "zsh":
		user := os.Getenv("ZDOTDIR")
		if user == "" {
			user = os.Getenv("HOME")
		}
		files := map[string]string{
			".zshenv": `[ -f "$LABS_USER_ZDOTDIR/.zshenv" ] && . "$LABS_USER_ZDOTDIR/.zshenv"` + "\n",
			".zshrc": `ZDOTDIR="$LABS_USER_ZDOTDIR"; [ -f "$ZDOTDIR/.zshrc" ] && . "$ZDOTDIR/.zshrc"` + "\n" + promptScript + `
setopt PROMPT_SUBST
precmd_functions+=(__labs_prompt)
PROMPT='${__labs_p}'"${PROMPT:-%# }"
`,
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
				return nil, nil, err
			}
		}
		return []string{"-i"}, []string{"ZDOTDIR=" + dir, "LABS_USER_ZDOTDIR=" + user}, nil
	}
	prefix := "(labs) "
	if statusPath != "" {
		if b, err := os.ReadFile(statusPath); err == nil {
			if line, ok := progress.ParseStatus(b); ok {
				prefix = "(labs " + line + ") "
			}
		}
	}
	ps1 := os.Getenv("PS1")
	if ps1 == "" {
		ps1 = "$ "
	}
	return nil, []string{"PS1=" + prefix + ps1}, nil
}

// currentLab is the progress key of the lab a walkthrough runs (the newest status line whose
// walkthrough still runs), else of the lab worked on last; "" when there is none.
func currentLab(stateDir string) string {
	dir := filepath.Join(stateDir, "progress")
	for _, pattern := range []string{"*.status", "*.json"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		type file struct {
			key string
			mod int64
		}
		var files []file
		for _, m := range matches {
			key := strings.TrimSuffix(filepath.Base(m), filepath.Ext(m))
			if pattern == "*.status" {
				if _, ok := progress.ReadStatus(stateDir, key); !ok {
					continue // left by a walkthrough that was killed
				}
			}
			if fi, err := os.Stat(m); err == nil {
				files = append(files, file{key, fi.ModTime().UnixNano()})
			}
		}
		sort.Slice(files, func(i, j int) bool { return files[i].mod > files[j].mod })
		if len(files) > 0 {
			return files[0].key
		}
	}
	return ""
}

// binDir is the state dir's bin directory with labs and kubectl in it (labsbin.Dir).
func binDir(stateDir string) (string, error) { return labsbin.Dir(stateDir) }

// loc is the localizer of the learner's language.
