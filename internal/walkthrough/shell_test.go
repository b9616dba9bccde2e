package walkthrough

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
	"k8s.io/apimachinery/pkg/runtime"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
)

// fileLab is a lab of two steps about files in the work directory: no cluster needed.
func fileLab(t *testing.T) *lab.Lab {
	t.Helper()
	step := func(n int) string {
		return fmt.Sprintf(`  - id: f%d
    title: {en: Write f%d.yaml, zh-TW: 寫 f%d.yaml}
    text: {en: "Write `+"`f%d.yaml`"+`.", zh-TW: 寫。}
    hints: [{en: h, zh-TW: h}]
    solution: kubectl create configmap f%d --dry-run=client -o yaml > f%d.yaml
`, n, n, n, n, n, n)
	}
	feature := "Feature: files\n"
	for n := 1; n <= 2; n++ {
		feature += fmt.Sprintf("  @f%d\n  Scenario: f%d\n    Then the file \"f%d.yaml\" in the work directory is a manifest of kind \"ConfigMap\" named \"f%d\"\n\n", n, n, n, n)
	}
	fsys := fstest.MapFS{
		"scenarios/shell.yaml":   {Data: []byte("id: shell\ntitle: {en: Shell, zh-TW: Shell}\nsummary: {en: s, zh-TW: s}\nminutes: 1\nsteps:\n" + step(1) + step(2))},
		"features/shell.feature": {Data: []byte(feature)},
	}
	l, err := lab.Load(fsys, "shell")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// ptyScreen runs Run in-process on the slave side of a pty and reads what it draws.
type ptyScreen struct {
	t        *testing.T
	ptmx     *os.File
	tty      *os.File
	mu       sync.Mutex
	out      bytes.Buffer
	seen     int
	runErr   chan error
	stateDir string
	work     string
}

func startPty(t *testing.T, shell func(ctx context.Context, tty *os.File) error, opts ...func(*Options)) *ptyScreen {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	_ = pty.Setsize(ptmx, &pty.Winsize{Cols: 100, Rows: 40})
	p := &ptyScreen{t: t, ptmx: ptmx, tty: tty, runErr: make(chan error, 1), stateDir: t.TempDir(), work: t.TempDir()}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	o := Options{
		Lab:      fileLab(t),
		Env:      &checks.Env{Client: fake.NewSimpleClientset(), Dynamic: dynamicfake.NewSimpleDynamicClient(runtime.NewScheme()), WorkDir: p.work},
		Lang:     "en",
		StateDir: p.stateDir,
		In:       tty,
		Out:      tty,
		Probe:    func(context.Context) error { return nil },
	}
	if shell != nil {
		o.OpenShell = func(ctx context.Context) error { return shell(ctx, tty) }
	}
	for _, opt := range opts {
		opt(&o)
	}
	go func() { p.runErr <- Run(ctx, o) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.runErr:
		case <-time.After(10 * time.Second):
			t.Error("Run did not end")
		}
		tty.Close()
		ptmx.Close()
	})
	return p
}

func (p *ptyScreen) expect(text string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		out := p.out.String()
		if i := strings.Index(out[p.seen:], text); i >= 0 {
			p.seen += i + len(text)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		if time.Now().After(deadline) {
			p.t.Fatalf("no %q on the screen; since the last match:\n%s", text, out[p.seen:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *ptyScreen) rest() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()[p.seen:]
}

func (p *ptyScreen) key(k string) {
	p.t.Helper()
	time.Sleep(100 * time.Millisecond) // deliberate keys, apart from each other
	if _, err := p.ptmx.Write([]byte(k)); err != nil {
		p.t.Fatal(err)
	}
}

// raw reports whether the terminal is in raw mode (no line editing, no echo).
func raw(t *testing.T, f *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&(unix.ICANON|unix.ECHO) == 0
}

func waitFile(t *testing.T, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), want) {
			return string(data)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %q, want it to say %q", path, data, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestShellKey is issue 8 item 2, the walkthrough's side: t hands the terminal, in its normal
// mode, to the shell (every byte typed goes to it, none acts in the walkthrough), checks go on
// in the background and the status line for the shell's prompt follows them; when the shell
// exits, raw mode and a full redraw come back. On exit the status line is removed.
func TestShellKey(t *testing.T) {
	type seen struct {
		raw  bool
		line string
	}
	got := make(chan seen, 1)
	var p *ptyScreen
	p = startPty(t, func(ctx context.Context, tty *os.File) error {
		r := raw(t, tty)
		fmt.Fprint(tty, "FAKE SHELL$ ")
		// What the learner types here is the shell's: c, p and q must not reach the walkthrough.
		line, _ := bufio.NewReader(tty).ReadString('\n')
		// A command of the learner's, while the walkthrough checks in the background.
		if err := os.WriteFile(filepath.Join(p.work, "f1.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f1}\n"), 0o644); err != nil {
			t.Error(err)
		}
		waitFile(t, progress.StatusPath(p.stateDir, "shell"), "shell 2/2")
		got <- seen{r, strings.TrimSpace(line)}
		return nil
	})
	status := progress.StatusPath(p.stateDir, "shell")
	p.expect("Commands go in your shell: press t to open one here")
	p.expect("[t] shell for commands")
	p.expect("Waiting for your change")
	waitFile(t, status, "shell 1/2")
	// The short form the README promises: lab, step, and no reason.
	if s, ok := progress.ReadStatus(p.stateDir, "shell"); !ok || s != "shell 1/2" {
		t.Errorf("status line %q (current: %v)", s, ok)
	}
	if !raw(t, p.tty) {
		t.Fatal("the walkthrough's terminal is not in raw mode")
	}

	p.key("t")
	p.expect("FAKE SHELL$ ")
	p.key("cpq\r")
	var s seen
	select {
	case s = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the shell did not get its line")
	}
	if s.raw {
		t.Error("the shell ran on a terminal in raw mode")
	}
	if s.line != "cpq" {
		t.Errorf("the shell read %q, want cpq (the walkthrough took keys meant for it)", s.line)
	}
	// Back: drawn again, saying which step turned green while the shell ran, on the next.
	p.expect("\x1b[2J")
	p.expect("✓ Step 1/2 done: Write f1.yaml")
	p.expect("Step 2/2")
	p.expect("Waiting for your change")
	for _, bad := range []string{"This is the first step", "Progress saved"} {
		if strings.Contains(p.rest(), bad) {
			t.Errorf("keys typed in the shell acted: %q", bad)
		}
	}
	if !raw(t, p.tty) {
		t.Error("raw mode did not come back after the shell")
	}
	p.key("q")
	p.expect("Progress saved; `labs start shell` continues here.")
	p.waitEnd("q did not end the walkthrough")
	if raw(t, p.tty) {
		t.Error("the terminal stayed in raw mode after q")
	}
	if _, err := os.Stat(status); !os.IsNotExist(err) {
		t.Errorf("status line left behind: %v", err)
	}
}

// TestShellKeyUnavailable: without a shell to open, t says so and the walkthrough goes on.
func TestShellKeyUnavailable(t *testing.T) {
	p := startPty(t, nil)
	p.expect("Waiting for your change")
	p.key("t")
	p.expect("No shell is available here; use another terminal for commands.")
}

// TestShellKeyLabCompletedInTheShell: the learner finishes the whole lab from the shell. Its
// prompt's status line says the lab is complete (not the last step, still waiting), and back
// in the walkthrough the screen shows each step that turned green meanwhile and the lab complete.
func TestShellKeyLabCompletedInTheShell(t *testing.T) {
	var p *ptyScreen
	p = startPty(t, func(ctx context.Context, tty *os.File) error {
		for _, n := range []string{"f1", "f2"} {
			if err := os.WriteFile(filepath.Join(p.work, n+".yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "+n+"}\n"), 0o644); err != nil {
				t.Error(err)
			}
		}
		waitFile(t, progress.StatusPath(p.stateDir, "shell"), "shell done 2/2 ✓")
		return nil
	})
	p.expect("Waiting for your change")
	p.key("t")
	p.expect("✓ Step 1/2 done: Write f1.yaml")
	p.expect("✓ Step 2/2 done: Write f2.yaml")
	p.expect("🎉 Lab complete: 2 of 2 steps passed.")
	p.waitEnd("the walkthrough did not end with the lab complete")
}

// waitEnd waits for the walkthrough to end without an error (failing with why if it does not
// within 10 s) and leaves its result for the cleanup.
func (p *ptyScreen) waitEnd(why string) {
	p.t.Helper()
	select {
	case err := <-p.runErr:
		if err != nil {
			p.t.Fatal(err)
		}
		p.runErr <- nil
	case <-time.After(10 * time.Second):
		p.t.Fatal(why)
	}
}
