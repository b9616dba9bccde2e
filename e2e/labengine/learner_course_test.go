package labengine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/testcluster"
)

// codeSpans are the commands in text as the screen shows it (without colour, code keeps its
// backquotes): the code spans that begin with prefix.
func codeSpans(t *testing.T, text, prefix string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile("`([^`\n]+)`").FindAllStringSubmatch(text, -1) {
		if strings.HasPrefix(m[1], prefix) {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		t.Fatalf("no command starting %q on the screen in:\n%s", prefix, text)
	}
	return out
}

// oneSpan is the only code span on the screen that begins with prefix.
func oneSpan(t *testing.T, text, prefix string) string {
	t.Helper()
	spans := codeSpans(t, text, prefix)
	for _, s := range spans[1:] {
		if s != spans[0] {
			t.Fatalf("more than one command starting %q on the screen: %q", prefix, spans)
		}
	}
	return spans[0]
}

// stepText waits for step n/total to be shown and returns its text as the screen shows it.
func stepText(a *vt, n, total int, title string) string {
	a.t.Helper()
	m := a.expectRe(regexp.MustCompile(fmt.Sprintf(`(?s)── Step %d/%d ─ %s\n(.*?)\[h\] hint`, n, total, regexp.QuoteMeta(title))), 2*time.Minute)
	return m[1]
}

// TestLearnerWalksInitContainers is issue 9's "one course lab besides demo is walked end to end
// through labs start in a pty, typing only what its text says": the init-containers lab, in
// the walkthrough's terminal (its t shell) and the second terminal its first screen names.
// Every command typed is read from the screen: a hint, then the steps' text. The watch the text
// suggests shows the Pod go Init:0/2, Init:1/2, Running, and is stopped with Ctrl-C.
func TestLearnerWalksInitContainers(t *testing.T) {
	c := testcluster.Shared(t)
	reset := func() {
		if r := c.Labs(t, "reset", "init-containers", "--clear-files"); r.Code != 0 {
			t.Errorf("labs reset init-containers: exit %d\n%s", r.Code, r.Combined())
		}
	}
	reset()
	t.Cleanup(reset)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".bashrc"), []byte(learnerRC), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(c.Env(), "HOME="+home, "SHELL=/bin/bash", "TERM=xterm-256color")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	cmd := c.Command(ctx, "start", "init-containers", "--lang", "en")
	cmd.Env = env
	a := startVT(t, "walkthrough", cmd)
	first := a.expectRe(regexp.MustCompile("in another terminal, `([^`\n]+ shell)` opens one"), 2*time.Minute)

	// Step 1: the text says what, the hint how.
	stepText(a, 1, 3, "Work in the namespace init-containers")
	a.expect("Waiting for your change", 30*time.Second)
	a.key("h")
	hint := a.expectRe(regexp.MustCompile(`Hint 1/1: ([^\n]+)\n`), 10*time.Second)
	b := bashVT(t, ctx, "second terminal", home, env)
	b.line(first[1])
	b.expect("(labs init-containers 1/3", 30*time.Second)
	b.expect("learner$ ", 10*time.Second)
	for _, command := range codeSpans(t, hint[1], "kubectl ") {
		b.line(command)
		b.expect("learner$ ", time.Minute)
	}
	a.expect("✓ Step 1/3 done: Work in the namespace init-containers", time.Minute)

	// Step 2: watch in the second terminal first, as the text suggests, then apply in the
	// walkthrough's own shell.
	text := stepText(a, 2, 3, "A Pod with two init containers")
	if !strings.Contains(text, "(wrote init.yml for you)") {
		t.Fatalf("step 2 does not say it wrote init.yml:\n%s", text)
	}
	a.expect("Waiting for your change", 30*time.Second)
	b.line(oneSpan(t, text, "kubectl get pod --watch"))
	a.key("t")
	a.expect("(labs init-containers 2/3", 30*time.Second)
	a.expect("learner$ ", 10*time.Second)
	a.line(oneSpan(t, text, "kubectl apply -f"))
	a.expect("pod/pod-with-init-containers created", 30*time.Second)
	a.expect("learner$ ", 10*time.Second)
	a.line("exit")
	a.expect("✓ Step 2/3 done: A Pod with two init containers", time.Minute)

	// Step 3: the watch shows what the text says; Ctrl-C stops it; the logs command it names
	// shows the first init container's line.
	text = stepText(a, 3, 3, "Watch it initialise")
	for _, status := range []string{"Init:0/2", "Init:1/2", "Running"} {
		b.expectRe(regexp.MustCompile(`pod-with-init-containers +\d/1 +`+regexp.QuoteMeta(status)+` `), time.Minute)
	}
	b.key("\x03")
	b.expect("learner$ ", 10*time.Second)
	b.line(oneSpan(t, text, "kubectl logs"))
	b.expect("waiting for service", 30*time.Second)
	b.expect("learner$ ", 10*time.Second)
	a.expect("✓ Step 3/3 done: Watch it initialise", time.Minute)
	a.expect("🎉 Lab complete: 3 of 3 steps passed.", 30*time.Second)
	a.exited(30 * time.Second)
	b.line("exit") // the lab shell
	b.expect("learner$ ", 10*time.Second)
	b.line("exit") // the terminal's own shell
	b.exited(10 * time.Second)
}
