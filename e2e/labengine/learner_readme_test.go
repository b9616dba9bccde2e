package labengine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/progress"
)

// TestLearnerReadmeInAFreshClone is issue 8's "done means": in a fresh clone, on a PATH with no
// kubectl, the README's run command followed by exactly what the first screen says (pasted as
// printed) completes the demo lab, in one terminal (the walkthrough's t key) and in two (the
// command printed for another terminal, pasted into a second one). Every command typed comes
// from the screen: the cluster-ready banner, the intro line, the quit message, each step's
// solution shown with s and y, and the next lab the completed lab names (issue 20: every
// command labs prints works when pasted). The refused-connection hint's `labs cluster up` is
// pasted in e2e's TestKubectlWhileTheClusterIsDownSaysHowToStartIt, by the copy of labs under
// the state directory that a go run learner's pasted commands name.
func TestLearnerReadmeInAFreshClone(t *testing.T) {
	src := repoRoot(t)
	clone := cloneHead(t, src)
	run := readmeRunCommand(t, clone)
	path := learnerPath(t)
	goenv := goEnv(t)

	t.Run("one terminal", func(t *testing.T) {
		l := newLearner(t, clone, path, goenv)
		a := bashVT(t, l.ctx, "terminal", clone, l.env)
		l.startFromReadme(a, run)
		for n := 1; n <= 4; n++ {
			title := l.stepShown(a, n)
			if n == 3 {
				// Quit, and paste the command the quit message names: the walkthrough goes on
				// where it was.
				a.key("q")
				m := a.expectRe(regexp.MustCompile("Progress saved; `([^`\n]+ start demo)` continues here\\."), 10*time.Second)
				a.expect("learner$ ", 30*time.Second)
				a.line(m[1])
				if again := l.stepShown(a, n); again != title {
					t.Fatalf("%s resumed at %q, not at step %d %q", m[1], again, n, title)
				}
			}
			commands := revealSolution(a)
			a.key("t")
			a.expect("Opening a shell for your commands", 10*time.Second)
			// The lab shell's prompt shows the step it is at, in the README's short form.
			a.expectRe(regexp.MustCompile(fmt.Sprintf(`\(labs demo %d/4(?: ✗| ✓)?\) learner\$ `, n)), 30*time.Second)
			if n == 1 {
				a.line("echo kubectl=$(command -v kubectl) dir=$PWD")
				a.expectRe(regexp.MustCompile(`kubectl=`+regexp.QuoteMeta(filepath.Join(l.state, "bin", "kubectl"))+` dir=`+regexp.QuoteMeta(filepath.Join(l.state, "work", "demo"))+`\n`), 10*time.Second)
				a.expect("learner$ ", 10*time.Second)
			}
			for _, c := range commands {
				a.line(c)
				a.expect("learner$ ", time.Minute)
			}
			if n == 4 {
				// Done from the shell: its next prompt says so.
				waitStatus(t, l.state, "demo done 4/4 ✓")
				a.line("")
				a.expect("(labs demo done 4/4 ✓) learner$ ", 10*time.Second)
			}
			a.line("exit")
			// Back in the walkthrough, the step is green (it may have turned green while the
			// shell was open, or turns green now).
			a.expect(fmt.Sprintf("✓ Step %d/4 done: %s", n, title), time.Minute)
		}
		a.expect("🎉 Lab complete: 4 of 4 steps passed.", 30*time.Second)
		// The next lab in the course, named by a command that works as pasted.
		next := a.expectRe(regexp.MustCompile("Next in the course: [^\n]+, `([^`\n]+ start api-server)`[.]"), 10*time.Second)
		a.expect("learner$ ", 30*time.Second) // labs start ended: the learner's shell is back
		a.line(next[1])
		a.expect("Step 1/6", 2*time.Minute)
		a.key("q")
		a.expect("Progress saved", 10*time.Second)
		a.expect("learner$ ", 30*time.Second)
		a.line("exit")
		a.exited(10 * time.Second)
	})

	t.Run("two terminals", func(t *testing.T) {
		l := newLearner(t, clone, path, goenv)
		a := bashVT(t, l.ctx, "first terminal", clone, l.env)
		first := l.startFromReadme(a, run)
		// A second terminal, opened as the learner opens one: in their home directory, with
		// the same (kubectl-less) environment.
		b := bashVT(t, l.ctx, "second terminal", l.home, l.env)
		b.line(first.shell)
		b.expect("(labs demo 1/4", 30*time.Second)
		b.expect("learner$ ", 10*time.Second)
		for n := 1; n <= 4; n++ {
			title := l.stepShown(a, n)
			for _, c := range revealSolution(a) {
				b.line(c)
				b.expect("learner$ ", time.Minute)
			}
			a.expect(fmt.Sprintf("✓ Step %d/4 done: %s", n, title), time.Minute)
		}
		a.expect("🎉 Lab complete: 4 of 4 steps passed.", 30*time.Second)
		a.expect("learner$ ", 30*time.Second)
		// The other command printed for another terminal sets up a shell of the learner's own.
		b.line("exit")
		b.expect("learner$ ", 10*time.Second)
		// The cluster-ready banner's commands work as pasted too.
		b.line(first.bannerShell)
		b.expect("learner$ ", 30*time.Second)
		b.line("kubectl get pod web -o name; exit")
		b.expect("pod/web", 30*time.Second)
		b.expect("learner$ ", 10*time.Second)
		b.line(first.bannerEnv + " && kubectl get pod web -o name")
		b.expect("pod/web", 30*time.Second)
		b.expect("learner$ ", 10*time.Second)
		b.line(first.env + " && kubectl get pod web -o name && labs version")
		b.expect("pod/web", 30*time.Second)
		b.expect("Kubernetes", 10*time.Second)
		b.expect("learner$ ", 10*time.Second)
		b.line("exit")
		b.exited(10 * time.Second)
		a.line("exit")
		a.exited(10 * time.Second)
	})
}

// waitStatus waits for the walkthrough to publish want as its status (for lab shells' prompts).
func waitStatus(t *testing.T, stateDir, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		line, _ := progress.ReadStatus(stateDir, "demo")
		if line == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the walkthrough's status is %q, want %q", line, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// repoRoot is the top of the git checkout the test runs in; without one the test is skipped.
func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout (git rev-parse: %v): no fresh clone to make", err)
	}
	root := strings.TrimSpace(string(out))
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skipf("no .git in %s: no fresh clone to make", root)
	}
	return root
}

// cloneHead clones the checkout into a temporary directory at its HEAD commit (what is
// committed: a fresh clone has nothing else). Under -short it skips the test: what is done in a
// fresh clone is building labs and booting its cluster.
func cloneHead(t *testing.T, src string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds labs in a fresh clone and boots a cluster: skipped with -short")
	}
	head, err := exec.Command("git", "-C", src, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD in %s: %v", src, err)
	}
	if st, _ := exec.Command("git", "-C", src, "status", "--porcelain", "--untracked-files=no").Output(); len(st) > 0 {
		t.Logf("the checkout has uncommitted changes; the clone has commit %s only", strings.TrimSpace(string(head)))
	}
	dir := filepath.Join(t.TempDir(), "labs")
	for _, args := range [][]string{
		{"clone", "--quiet", "--no-checkout", src, dir},
		{"-C", dir, "checkout", "--quiet", "--detach", strings.TrimSpace(string(head))},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return dir
}

// readmeRunCommand is the command the README says runs a lab from a clone: the first line of a
// sh block that starts the demo lab with go run (the Install section's download comes first).
func readmeRunCommand(t *testing.T, clone string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(clone, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?m)^```sh\n(go run .* start demo)\n").FindStringSubmatch(string(data))
	if m == nil {
		t.Fatal("README.md has no sh block whose go run command starts the demo lab")
	}
	return m[1]
}

// learnerPath is the PATH of a learner who has installed Go and nothing else: go's directory and
// the basic system directories, as on a machine without kubectl or labs. Where this machine has
// a kubectl or labs in one of them, the directory is mirrored without it. The test fails if
// a kubectl is still found.
func learnerPath(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go on PATH: %v", err)
	}
	if resolved, err := filepath.EvalSymlinks(goBin); err == nil {
		goBin = resolved
	}
	dirs := []string{filepath.Dir(goBin)}
	mirror := t.TempDir()
	for i, d := range []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		if !hasAny(d, "kubectl", "labs") {
			dirs = append(dirs, d)
			continue
		}
		m := filepath.Join(mirror, fmt.Sprint(i))
		if err := os.Mkdir(m, 0o755); err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == "kubectl" || e.Name() == "labs" {
				continue
			}
			if err := os.Symlink(filepath.Join(d, e.Name()), filepath.Join(m, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s has a kubectl or labs: the learner's PATH has a copy of it without them", d)
		dirs = append(dirs, m)
	}
	for _, d := range dirs {
		if hasAny(d, "kubectl") {
			t.Fatalf("the learner's PATH has a kubectl in %s: the test would prove nothing", d)
		}
	}
	return strings.Join(dirs, string(os.PathListSeparator))
}

func hasAny(dir string, names ...string) bool {
	for _, n := range names {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && !fi.IsDir() {
			return true
		}
	}
	return false
}

// goEnv is the Go configuration a learner's go would have: this test's build cache (warm, so
// the README's go run links rather than builds the Kubernetes dependencies) and module cache.
func goEnv(t *testing.T) []string {
	t.Helper()
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOTOOLCHAIN"}
	out, err := exec.Command("go", append([]string{"env", "-json"}, keys...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	var vals map[string]string
	if err := json.Unmarshal(out, &vals); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	var env []string
	for _, k := range keys {
		if vals[k] != "" {
			env = append(env, k+"="+vals[k])
		}
	}
	return env
}

// learner is a new learner: a home of their own (labs' state goes in it), nothing else.
type learner struct {
	ctx   context.Context
	home  string
	state string
	env   []string
}

func newLearner(t *testing.T, clone, path string, goenv []string) *learner {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	t.Cleanup(cancel)
	// No LABS_STATE_DIR or XDG_STATE_HOME: a learner has none, so labs keeps its state in
	// their (new) home, where every command they paste finds it. A short home: the kubelets'
	// unix sockets live under the state directory, and a socket's path has at most 107 bytes.
	home, err := os.MkdirTemp("", "lh")
	if err != nil {
		t.Fatal(err)
	}
	l := &learner{ctx: ctx, home: home, state: filepath.Join(home, ".local", "state", "labs")}
	if err := os.WriteFile(filepath.Join(l.home, ".bashrc"), []byte(learnerRC), 0o600); err != nil {
		t.Fatal(err)
	}
	l.env = append([]string{
		"PATH=" + path, "HOME=" + l.home, "SHELL=/bin/bash",
		"TERM=xterm-256color", "LANG=C.UTF-8", "USER=learner", "TMPDIR=" + os.TempDir(),
	}, goenv...)
	t.Cleanup(func() {
		// The cluster the README's command started, stopped and deleted by the copy of labs
		// it keeps in the state directory.
		labs := filepath.Join(l.state, "bin", "labs")
		if _, err := os.Stat(labs); err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, labs, "cluster", "delete")
			cmd.Env = l.env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("labs cluster delete: %v\n%s", err, out)
			}
		}
		os.RemoveAll(home)
	})
	return l
}

// firstScreen is what the first screen says to paste into another terminal, and what the
// cluster-ready banner before it says.
type firstScreen struct{ shell, env, bannerShell, bannerEnv string }

// startFromReadme types the README's command into terminal a and reads the first screen.
func (l *learner) startFromReadme(a *vt, run string) firstScreen {
	a.t.Helper()
	begin := time.Now()
	a.line(run)
	// The first go run in a clone compiles the clone's own packages and links labs, then boots
	// the cluster and says how to use it. A prompt instead means it ended first.
	banner := a.expectRe(regexp.MustCompile("(?m)^  (eval \"\\$\\([^\n]+ cluster env\\)\") +# [^\n]*\n  ([^\n#]+ shell) +# |\nlearner\\$ $"), 10*time.Minute)
	if banner[1] == "" {
		a.t.Fatalf("%s ended before the cluster was ready:\n%s", run, a.text())
	}
	m := a.expectRe(regexp.MustCompile("in another terminal, `([^`\n]+ shell)` opens one, or `(eval \"\\$\\([^`\n]+ cluster env\\)\")` sets up the one you have|\nlearner\\$ $"), 10*time.Minute)
	if m[1] == "" {
		a.t.Fatalf("%s ended before its first screen:\n%s", run, a.text())
	}
	a.t.Logf("README command to first screen: %s", time.Since(begin).Round(time.Second))
	return firstScreen{shell: m[1], env: m[2], bannerShell: banner[2], bannerEnv: banner[1]}
}

// stepShown waits for step n of the demo's 4 to be shown and returns its title.
func (l *learner) stepShown(a *vt, n int) string {
	a.t.Helper()
	m := a.expectRe(regexp.MustCompile(fmt.Sprintf(`── Step %d/4 ─ ([^\n]+)\n`, n)), 2*time.Minute)
	a.expect("Waiting for your change", time.Minute)
	return strings.TrimSpace(m[1])
}

// revealSolution asks for the step's solution (s, then y) and returns its commands as the
// screen shows them.
func revealSolution(a *vt) []string {
	a.t.Helper()
	a.key("s")
	a.expect("Show the solution? [y/N]", 10*time.Second)
	a.key("y")
	m := a.expectRe(regexp.MustCompile(`(?s)Solution:\n(.*?)\n(?:Waiting for|✗|✓)`), 10*time.Second)
	var cmds []string
	for _, c := range strings.Split(m[1], "\n") {
		if c = strings.TrimSpace(c); c != "" && !strings.HasPrefix(c, "#") {
			cmds = append(cmds, c)
		}
	}
	if len(cmds) == 0 {
		a.t.Fatalf("the solution shows no command: %q", m[1])
	}
	return cmds
}
