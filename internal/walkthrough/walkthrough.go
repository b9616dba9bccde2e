// Package walkthrough is the live screen of `labs start`: it shows the current step, re-checks it
// whenever the cluster or the learner's files change, and reacts to keys.
package walkthrough

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-runewidth"
	"golang.org/x/term"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
)

// Options configure a walkthrough.
type Options struct {
	Lab      *lab.Lab
	Env      *checks.Env
	Lang     i18n.Lang
	StateDir string
	// In delivers the learner's keys; when it is a terminal it is put in raw mode.
	In  io.Reader
	Out io.Writer
	// Intro is printed once before the first step (how to get a kubectl, ...).
	Intro string

	// Next is the lab after this one in the course, as a pasteable command ("`labs start
	// namespaces`"), and NextTitle its title; "" when this lab is the last.
	Next, NextTitle string

	// ResumeCommand is how the learner comes back to this lab, as printed on quitting
	// ("`labs start demo --labs-dir labs`"); default progress.Command("start", key).
	ResumeCommand string
	// OpenShell runs a shell for the learner's commands in the lab's work directory on the
	// walkthrough's terminal, returning when it exits (key t); nil: t says it is not available.
	OpenShell func(ctx context.Context) error
	// Probe tells whether the API server answers (/readyz); default through Env.Client. After
	// an outage the walkthrough watches again as soon as it does.
	Probe Probe
}

type session struct {
	Options
	ctx  context.Context
	loc  i18n.Localizer
	scr  *screen
	prog *progress.Progress
	cur  int
	w    *watcher
	trig *trigger
	keys *keyReader
	// fd is the terminal's file descriptor when In is one, else -1; raw is its raw-mode state.
	fd      int
	saved   *term.State
	confirm bool // waiting for y/N after s
	// verdict is the current step's latest check: "" not yet shown (Waiting), else the status.
	verdict string
	// baseline is the reason the step failed for before the learner did anything (its first
	// check); a change elsewhere in the cluster that leaves it as it was is not shown.
	baseline string
	// shownAt is when the current step was shown: the learner's actions before it were for
	// another step.
	shownAt  time.Time
	checked  bool
	outage   bool
	lastNote time.Time
	status   string // the line last published for the lab shell's prompt
	busy     atomic.Bool
	// noMoreHints counts the h presses past a step's last hint (said once, then differently
	// once, then nothing more).
	noMoreHints map[string]int
	shell       chan error
	input       *answerInput // the answer being typed after a; nil when none is
	// greenInShell are the "✓ Step n done" lines of steps that passed while a shell had the
	// terminal (nothing is drawn then); they are shown when the walkthrough has it back.
	greenInShell []string
}

var (
	green  = color.New(color.FgGreen, color.Bold)
	red    = color.New(color.FgRed)
	yellow = color.New(color.FgYellow)
	bold   = color.New(color.Bold)
	faint  = color.New(color.Faint)
	cyan   = color.New(color.FgCyan)
)

// Debouncing: a learner's change arrives as a burst of events (a pod is created, scheduled,
// started: several updates within ~100 ms). One check after the burst settles shows one calm
// verdict instead of a flicker, still well under a second after the change.
const (
	settle    = 40 * time.Millisecond
	settleMax = 200 * time.Millisecond
)

// Run walks the learner through the lab until it is complete, q is pressed or ctx ends.
func Run(ctx context.Context, o Options) error {
	release, err := progress.Lock(o.StateDir, o.Lab.Key())
	if err != nil {
		return err
	}
	defer release()
	progress.RemoveStaleTemps(o.StateDir, o.Lab.Key())
	removeStaleStatusTemps(o.StateDir, o.Lab.Key())
	prog, err := progress.Load(o.StateDir, o.Lab.Key())
	if err != nil {
		return err
	}
	if o.ResumeCommand == "" {
		o.ResumeCommand = prog.Command("start") // keeps --labs-dir
	}
	s := &session{Options: o, prog: prog, trig: newTrigger(), fd: -1, loc: i18n.New(o.Lang), noMoreHints: map[string]int{}}
	if prog.Started.IsZero() {
		prog.Started = time.Now().UTC()
	}
	if prog.Window().IsZero() {
		// labs start began it (runner.Begin); a walkthrough run without one begins it here.
		if err := prog.Begin(o.StateDir, "", prog.Started); err != nil {
			return err
		}
	}
	env := *o.Env
	env.NoWait = true         // re-checked on every change instead
	env.Since = prog.Window() // the attempt's evidence window
	env.Lang = o.Lang
	env.Questions = o.Lab.Questions() // a wrong choice is echoed as picked
	if env.WorkDir == "" {
		env.WorkDir, _ = os.Getwd()
	}
	prog.WorkDir = env.WorkDir
	s.Env = &env

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx

	s.scr = &screen{out: o.Out}
	if f, ok := o.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		s.fd = int(f.Fd())
		s.scr.tty = true
		s.scr.color = !color.NoColor
		s.scr.width = func() int {
			w, _, err := term.GetSize(s.fd)
			if err != nil {
				return 0
			}
			return w
		}
		if err := s.raw(); err != nil {
			return err
		}
		defer func() { _ = term.Restore(s.fd, s.saved) }()
	}

	probe := o.Probe
	if probe == nil && env.Client != nil {
		probe = func(ctx context.Context) error {
			_, err := env.Client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
			return err
		}
	}
	w, err := newWatcher(ctx, env.Dynamic, env.Client, probe, env.AuditLog, s.trig)
	if err != nil {
		return fmt.Errorf("watching for changes: %w", err)
	}
	s.w = w
	w.mu.Lock()
	w.workDir, _ = filepath.Abs(env.WorkDir)
	w.mu.Unlock()
	s.trig.mu.Lock()
	s.trig.onFire = s.markBusy
	s.trig.mu.Unlock()
	outage := make(chan bool, 4)
	w.onOutage = func(down bool) {
		select {
		case outage <- down:
		case <-ctx.Done():
		}
	}
	env.Observe = w.Observe
	// The work directory is where the learner writes files; follow it from the start (a file
	// in it names the directory itself; its parent is none of our business).
	w.Observe(checks.Dependency{File: filepath.Join(env.WorkDir, "any")})
	// So is the kubeconfig: a step's check may stop at an earlier condition and not read it yet
	// (first-pods' setup: the namespace first), while the learner's set-context is what the
	// step is waiting for.
	// A lab's kubeconfig is a list (its own context file, then the cluster's): each file.
	for _, f := range filepath.SplitList(env.Kubeconfig) {
		w.Observe(checks.Dependency{File: f})
	}
	s.followAnswers()

	s.keys = newKeyReader(o.In, ctx.Done())
	keys := s.keys.chunks
	winch := make(chan os.Signal, 1)
	if s.scr.tty {
		signal.Notify(winch, syscall.SIGWINCH)
		defer signal.Stop(winch)
	}
	defer s.unpublish()

	s.cur = prog.CurrentIndex(o.Lab)
	if s.cur >= len(o.Lab.Steps) {
		first := s.firstSkipped()
		if first < 0 {
			s.scr.Wrapped(s.loc.T("✓ You have completed this lab. %s starts it over.", progress.Command("reset", o.Lab.Key())), green.Sprint)
			if o.Next != "" {
				s.scr.Wrapped(s.loc.T("Next in the course: %[1]s, %[2]s.", o.NextTitle, o.Next), nil)
			}
			return nil
		}
		// The lab ended with steps skipped: back to the first of them.
		s.cur = first
		prog.Completed = time.Time{}
		s.scr.Wrapped(s.loc.T("You skipped steps %[1]s: back at step %[2]d.", s.skippedList(), first+1), yellow.Sprint)
	}
	if err := s.save(); err != nil {
		return err
	}
	s.scr.Println(bold.Sprint(o.Lab.Title.Get(o.Lang)))
	if o.Intro != "" {
		s.scr.Wrapped(o.Intro, nil)
	}
	s.scr.Wrapped(s.loc.T("Commands go in your shell: press t to open one here, or use another terminal."), nil)
	s.showStep()
	s.trig.fire(false)

	var b burst
	var burstEnd <-chan time.Time
	var settleTimer, settleLimit <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case down := <-outage:
			s.outage = down
			s.showVerdict()
		case <-s.trig.c:
			s.markBusy()
			// Let a burst of changes settle, within settleMax of the first.
			settleTimer = time.After(settle)
			if settleLimit == nil {
				settleLimit = time.After(settleMax)
			}
		case <-settleTimer:
			if !w.FilesSettled() {
				// A file is still being written: no verdict on half of it.
				settleTimer, settleLimit = time.After(fileSettlePoll), nil
				continue
			}
			settleTimer, settleLimit = nil, nil
			if done, err := s.recheck(); err != nil || done {
				return s.finish(err)
			}
		case <-settleLimit:
			if !w.FilesSettled() {
				settleTimer, settleLimit = time.After(fileSettlePoll), nil
				continue
			}
			settleTimer, settleLimit = nil, nil
			if done, err := s.recheck(); err != nil || done {
				return s.finish(err)
			}
		case <-winch:
			s.redraw()
		case err := <-s.shell:
			if done, err := s.shellDone(err); err != nil || done {
				return err
			}
		case chunk, ok := <-keys:
			if !ok {
				// Input closed (not a terminal, end of a pipe): keep checking until ctx ends.
				keys = nil
				continue
			}
			if s.input != nil {
				// An answer is being typed: every byte is text, however fast it comes.
				b.buf, burstEnd = nil, nil
				if done, err := s.typeAnswer(chunk); err != nil || done {
					return s.finish(err)
				}
				continue
			}
			for _, k := range chunk {
				if k == 3 || k == 4 { // Ctrl-C, Ctrl-D: always, at once
					s.quit()
					return nil
				}
			}
			b.buf = append(b.buf, chunk...)
			burstEnd = time.After(burstGap)
		case now := <-burstEnd:
			burstEnd = nil
			k, v := b.end(now)
			switch v {
			case strayTyping:
				s.stray()
			case keyPress:
				quit, err := s.key(k)
				if err != nil || quit {
					return err
				}
			}
		}
	}
}

// finish ends the walkthrough; a shell still open keeps the terminal until the learner exits
// it, and then the screen says how the lab ended.
func (s *session) finish(err error) error {
	if s.shell == nil {
		return err
	}
	<-s.shell
	s.shell = nil
	s.keys.Resume()
	s.scr.Resume()
	s.showGreenInShell()
	if err == nil && s.cur >= len(s.Lab.Steps) {
		s.scr.Println(s.completeMessage())
	}
	return err
}

// completeMessage says how the lab ended: complete, with the next lab in the course; or with
// steps skipped, which ones and how to go back to them.
func (s *session) completeMessage() string {
	done, n := s.prog.CountDone(s.Lab), len(s.Lab.Steps)
	if done < n {
		return yellow.Sprint(s.loc.T("Lab ended with %[1]d of %[2]d steps passed; skipped: %[3]s. %[4]s takes you back to them.", done, n, s.skippedList(), s.ResumeCommand))
	}
	msg := green.Sprint(s.loc.T("🎉 Lab complete: %d of %d steps passed.", done, n))
	if s.Next != "" {
		msg += "\n" + s.loc.T("Next in the course: %[1]s, %[2]s.", s.NextTitle, s.Next)
	}
	return msg
}

// firstSkipped is the index of the first step not done, -1 when every step is done.
func (s *session) firstSkipped() int {
	for i, st := range s.Lab.Steps {
		if _, done := s.prog.Done[st.ID]; !done {
			return i
		}
	}
	return -1
}

// skippedList numbers the steps not done: "2、3" in zh-TW, "2, 3" in English.
func (s *session) skippedList() string {
	var nums []string
	for i, st := range s.Lab.Steps {
		if _, done := s.prog.Done[st.ID]; !done {
			nums = append(nums, fmt.Sprint(i+1))
		}
	}
	return s.loc.List(nums)
}

func (s *session) raw() error {
	st, err := term.MakeRaw(s.fd)
	if err != nil {
		return fmt.Errorf("setting up the terminal: %w", err)
	}
	if s.saved == nil {
		s.saved = st
	}
	return nil
}

func (s *session) recheck() (bool, error) {
	c := s.trig.take()
	defer s.unbusy()
	done, err := s.check(c, false)
	if err != nil && s.ctx.Err() != nil {
		return false, nil // interrupted mid-check; the progress is saved
	}
	return done, err
}

func (s *session) step() *lab.Step { return &s.Lab.Steps[s.cur] }

func (s *session) save() error {
	if s.cur < len(s.Lab.Steps) {
		s.prog.Current = s.step().ID
	} else {
		s.prog.Current = ""
	}
	return s.prog.Save(s.StateDir)
}

// keyHelp is the line of keys, wrapped between keys: a key and its name stay together.
func (s *session) keyHelp() string {
	entries := strings.Split(s.loc.T("[h] hint  [s] solution  [c] check now  [n] next  [p] previous  [t] shell for commands  [q] quit"), "  ")
	width := s.scr.cols() - 1
	var lines []string
	line := ""
	for _, e := range entries {
		switch {
		case line == "":
			line = e
		case runewidth.StringWidth(line+"  "+e) > width:
			lines = append(lines, line)
			line = e
		default:
			line += "  " + e
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// header is the step's title line.
func (s *session) header() string {
	return cyan.Sprint(s.loc.T("── Step %d/%d ─", s.cur+1, len(s.Lab.Steps))) + " " + bold.Sprint(s.step().Title.Get(s.Lang))
}

// showStep prints the current step below what is on the screen.
func (s *session) showStep() {
	s.verdict, s.baseline, s.checked = "", "", false
	s.shownAt = time.Now()
	s.input = nil
	st := s.step()
	s.scr.Println("\n" + s.header())
	s.scr.Println(s.scr.Markdown(st.Text.Get(s.Lang)))
	s.showQuestion()
	s.provideFiles(st)
	s.scr.Println(faint.Sprint(s.keyHelp() + s.answerHelp()))
	if _, done := s.prog.Done[st.ID]; done {
		// Back at a step already done: its ✓ stands, and a re-check refreshes the verdict.
		s.verdict = s.loc.T("✓ Done. [n] goes on to the next step.")
	}
	s.showVerdict()
}

// redraw clears the terminal and draws the current step again: after a resize, or a shell.
func (s *session) redraw() {
	s.scr.Clear()
	s.scr.mu.Lock()
	s.scr.status = ""
	s.scr.mu.Unlock()
	s.scr.Println(bold.Sprint(s.Lab.Title.Get(s.Lang)))
	s.showGreenInShell()
	st := s.step()
	s.scr.Println(s.header())
	s.scr.Println(s.scr.Markdown(st.Text.Get(s.Lang)))
	s.showQuestion()
	for i := 0; i < s.prog.Hints[st.ID] && i < len(st.Hints); i++ {
		s.printHint(i)
	}
	if s.prog.Solutions[st.ID] {
		s.printSolution()
	}
	s.scr.Println(faint.Sprint(s.keyHelp() + s.answerHelp()))
	s.showVerdict()
}

// showVerdict updates the status block and the line a lab shell's prompt shows.
func (s *session) showVerdict() {
	if s.input != nil {
		// The answer being typed keeps the status line; the verdict waits for it.
		s.scr.Status(s.answerPrompt())
		s.publish()
		return
	}
	v := s.verdict
	switch {
	case v == "" && s.cur < len(s.Lab.Steps) && s.step().Question != nil:
		v = s.waitingForAnswer()
	case v == "":
		v = s.loc.T("Waiting for your change (checked whenever the cluster or your files change)...")
	}
	if s.outage {
		v = s.loc.T("The cluster's API server does not answer; checking again as soon as it is back...")
	}
	if s.confirm {
		v = s.loc.T("Show the solution? [y/N] ")
	}
	s.scr.Status(v)
	s.publish()
}

// provideFiles copies the step's files into the work directory, keeping what is already there.
func (s *session) provideFiles(st *lab.Step) {
	for _, f := range st.Files {
		p := filepath.Join(s.Env.WorkDir, filepath.FromSlash(f.Path))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		s.w.Ignore(p) // our own write is not the learner's change
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err == nil && os.WriteFile(p, []byte(f.Content), 0o644) == nil {
			s.scr.Wrapped(s.loc.T("(wrote %s for you)", f.Path), nil)
		}
	}
}

// check runs the current step's check once. On success it records the step and moves on. A
// failure is shown when it answers the learner's change (news) or a c (explicit), or when a
// verdict is already on screen; otherwise "Waiting for your change" stays. It reports whether
// the lab is complete.
func (s *session) check(c change, explicit bool) (bool, error) {
	st := s.step()
	if st.Question != nil {
		s.loadAnswers() // answered in another terminal, perhaps
	}
	s.Env.StepSince = s.prog.StepWindows(s.Lab) // evidence counts from the previous step's pass
	res, err := checks.Run(s.ctx, s.Env, s.Lab.FeaturePath, s.Lab.Feature, []string{st.ID})
	if err != nil {
		return false, err
	}
	r := res[0]
	_, wasDone := s.prog.Done[st.ID]
	first := !s.checked
	s.checked = true
	if !r.Passed {
		reason := oneLine(r.Reason)
		if first {
			// Events of the previous step's success may still be arriving: the first check
			// of a step is its starting point, whatever triggered it.
			s.baseline = reason
		}
		switch {
		case wasDone:
			s.verdict = s.loc.T("✓ Done earlier, though now: %s", reason)
		case explicit || s.verdict != "" || (!first && (s.actedOnThisStep(c) || (c.news && reason != s.baseline))):
			s.verdict = "✗ " + reason
		}
		s.showVerdict()
		return false, nil
	}
	if wasDone {
		s.verdict = s.loc.T("✓ Done. [n] goes on to the next step.")
		s.showVerdict()
		return false, nil
	}
	s.prog.Done[st.ID] = time.Now().UTC()
	delete(s.prog.Skipped, st.ID)
	s.verdict = ""
	s.scr.Status("")
	done := green.Sprint(s.loc.T("✓ Step %d/%d done: %s", s.cur+1, len(s.Lab.Steps), st.Title.Get(s.Lang)))
	if s.shell != nil {
		s.greenInShell = append(s.greenInShell, done)
	}
	s.scr.Println(done)
	return s.advance()
}

// showGreenInShell prints the steps that passed while a shell had the terminal.
func (s *session) showGreenInShell() {
	if s.shell != nil {
		return // still nothing on screen (a resize while the shell runs)
	}
	for _, l := range s.greenInShell {
		s.scr.Println(l)
	}
	s.greenInShell = nil
}

// actedOnThisStep reports whether the change holds an action of the learner's taken since the
// current step was shown (not the previous step's request, whose audit event came late).
func (s *session) actedOnThisStep(c change) bool {
	return c.acted && (c.actedAt.IsZero() || c.actedAt.After(s.shownAt))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// advance moves to the next unfinished step, or completes the lab.
func (s *session) advance() (bool, error) {
	next := -1
	for i := s.cur + 1; i < len(s.Lab.Steps); i++ {
		if !s.prog.Finished(s.Lab.Steps[i].ID) {
			next = i
			break
		}
	}
	if next < 0 {
		for i := range s.Lab.Steps {
			if !s.prog.Finished(s.Lab.Steps[i].ID) {
				next = i
				break
			}
		}
	}
	if next < 0 {
		s.cur = len(s.Lab.Steps)
		s.prog.Completed = time.Now().UTC()
		if err := s.save(); err != nil {
			return false, err
		}
		s.scr.Status("")
		s.scr.Println("\n" + s.completeMessage())
		s.publish() // a shell still open shows it in its prompt
		return true, nil
	}
	s.cur = next
	if err := s.save(); err != nil {
		return false, err
	}
	s.scr.Status("")
	s.showStep()
	// The new step may already hold (the learner ran ahead).
	s.trig.fire(false)
	return false, nil
}

func (s *session) printHint(n int) {
	st := s.step()
	prefix := s.loc.T("Hint %d/%d:", n+1, len(st.Hints))
	sep := " "
	if strings.HasSuffix(prefix, "：") { // no space after a full-width colon
		sep = ""
	}
	text := s.scr.Markdown(prefix + sep + st.Hints[n].Get(s.Lang))
	if strings.HasPrefix(text, prefix) {
		text = yellow.Sprint(prefix) + text[len(prefix):]
	}
	s.scr.Println(text)
}

func (s *session) printSolution() {
	s.scr.Println(yellow.Sprint(s.loc.T("Solution:")) + "\n" + strings.TrimRight(s.step().Solution, "\n"))
}

// stray answers typing that was meant for a shell: nothing acts, and the screen says where
// commands go (once per bout of typing).
func (s *session) stray() {
	if time.Since(s.lastNote) > 5*time.Second {
		s.scr.Wrapped(s.loc.T("Keys typed here do not run. Commands go in your shell: press t to open one here, or use another terminal."), yellow.Sprint)
	}
	s.lastNote = time.Now()
}

func (s *session) quit() {
	s.scr.Status("")
	s.scr.Wrapped(s.loc.T("Progress saved; %s continues here.", s.ResumeCommand), nil)
}

func (s *session) key(k byte) (quit bool, err error) {
	st := s.step()
	if s.confirm {
		s.confirm = false
		if k == 'y' || k == 'Y' {
			s.scr.Status("")
			s.scr.Println(s.loc.T("Show the solution? [y/N] ") + "y")
			s.prog.Solutions[st.ID] = true
			if err := s.save(); err != nil {
				return false, err
			}
			s.printSolution()
		} else {
			s.scr.Status("")
			s.scr.Println(s.loc.T("Show the solution? [y/N] ") + "N")
			s.scr.Println(s.loc.T("Solution stays hidden."))
		}
		s.showVerdict()
		return false, nil
	}
	switch k {
	case 'h', 'H':
		n := s.prog.Hints[st.ID]
		if n >= len(st.Hints) {
			// Said once; further presses say something else, once too.
			switch s.noMoreHints[st.ID] {
			case 0:
				s.scr.Wrapped(s.loc.T("No more hints; s shows the solution."), nil)
			case 1:
				s.scr.Wrapped(s.loc.T("That was the last hint (%d of %d). s shows the solution, after a confirmation.", len(st.Hints), len(st.Hints)), faint.Sprint)
			}
			s.noMoreHints[st.ID]++
			return false, nil
		}
		s.prog.Hints[st.ID] = n + 1
		if err := s.save(); err != nil {
			return false, err
		}
		s.printHint(n)
	case 's', 'S':
		s.confirm = true
		s.showVerdict()
	case 'c', 'C':
		return s.check(change{news: true}, true)
	case 'n', 'N':
		if _, done := s.prog.Done[st.ID]; !done {
			s.prog.Skipped[st.ID] = true
			s.scr.Status("")
			s.scr.Println(faint.Sprint(s.loc.T("Skipped step %d.", s.cur+1)))
		}
		return s.advance()
	case 'p', 'P':
		if s.cur == 0 {
			s.scr.Wrapped(s.loc.T("This is the first step."), nil)
			return false, nil
		}
		// Going back to look loses nothing: a done step stays done, a skipped one skipped
		// until it passes.
		s.cur--
		if err := s.save(); err != nil {
			return false, err
		}
		s.scr.Status("")
		s.showStep()
		s.trig.fire(false)
	case 'a', 'A':
		s.startAnswer()
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return s.pickChoice(int(k - '0'))
	case 't', 'T':
		s.openShell()
	case 'q', 'Q':
		s.quit()
		return true, nil
	case '\r', '\n':
		s.stray()
	}
	return false, nil
}

// openShell hands the terminal to a shell: the walkthrough stops reading keys and drawing,
// the terminal gets its normal mode back, and checks go on in the background (the shell's
// prompt shows the published status).
func (s *session) openShell() {
	if s.OpenShell == nil || s.fd < 0 {
		s.scr.Wrapped(s.loc.T("No shell is available here; use another terminal for commands."), nil)
		return
	}
	if !s.keys.Pause() {
		s.scr.Wrapped(s.loc.T("No shell is available here; use another terminal for commands."), nil)
		return
	}
	s.scr.Status("")
	s.scr.Wrapped(s.loc.T("Opening a shell for your commands; exit it (exit or Ctrl-D) to come back here."), nil)
	s.scr.Pause()
	_ = term.Restore(s.fd, s.saved)
	s.shell = make(chan error, 1)
	go func() { s.shell <- s.OpenShell(s.ctx) }()
}

func (s *session) shellDone(err error) (bool, error) {
	s.shell = nil
	if rerr := s.raw(); rerr != nil {
		return false, rerr
	}
	s.keys.Resume()
	s.scr.Resume()
	s.redraw()
	if err != nil && s.ctx.Err() == nil {
		var ee interface{ ExitCode() int }
		if !errors.As(err, &ee) { // a shell's own exit status is the learner's business
			s.scr.Wrapped(s.loc.T("The shell could not run: %v", err), nil)
		}
	}
	// Catch up on what the shell's commands changed, in case an event was missed.
	s.trig.fire(false)
	return false, nil
}

// promptLine is the short status a lab shell's prompt shows, as the README promises it: the
// lab, the step and a mark of its latest verdict ("demo 2/4 ✗"), never the reason.
func (s *session) promptLine() string {
	id, n := s.Lab.ID, len(s.Lab.Steps)
	if s.cur >= n {
		done := s.prog.CountDone(s.Lab)
		if done == n {
			return s.loc.T("%[1]s done %[2]d/%[3]d ✓", id, done, n)
		}
		return s.loc.T("%[1]s ended %[2]d/%[3]d ✓, %[4]d skipped", id, done, n, n-done)
	}
	line := fmt.Sprintf("%s %d/%d", id, s.cur+1, n)
	switch {
	case s.outage:
		line += " " + s.loc.T("⚠ cluster down")
	case s.input != nil:
	case strings.HasPrefix(s.verdict, "✗"):
		line += " ✗"
	case strings.HasPrefix(s.verdict, "✓"):
		line += " ✓"
	}
	return line
}

// publish writes the current step and its verdict as one short line for a lab shell's prompt.
func (s *session) publish() {
	if s.StateDir == "" {
		return
	}
	line := oneLine(s.promptLine())
	if line == s.status {
		return
	}
	s.status = line
	_ = progress.WriteStatus(s.StateDir, s.Lab.Key(), line)
}

// busyPath is the file that tells lab shells a check is due or running: their prompt waits
// (a little) for its verdict rather than show the one before the learner's last command.
func (s *session) busyPath() string { return progress.StatusPath(s.StateDir, s.Lab.Key()) + ".busy" }

// markBusy says a check is due (a change arrived); unbusy that the verdict is published.
func (s *session) markBusy() {
	if s.StateDir == "" || s.busy.Swap(true) {
		return
	}
	_ = os.WriteFile(s.busyPath(), nil, 0o600)
}

func (s *session) unbusy() {
	if s.StateDir == "" || !s.busy.Swap(false) {
		return
	}
	_ = os.Remove(s.busyPath())
}

// removeStaleStatusTemps deletes temporary files of status writes (and the busy file) a killed walkthrough left;
// the lab's lock is held, so no live write owns them.
func removeStaleStatusTemps(stateDir, key string) {
	path := progress.StatusPath(stateDir, key)
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
	// And its busy file: no check of the killed walkthrough is due any more.
	_ = os.Remove(path + ".busy")
}

func (s *session) unpublish() {
	if s.StateDir != "" {
		_ = os.Remove(progress.StatusPath(s.StateDir, s.Lab.Key()))
		_ = os.Remove(s.busyPath())
	}
}
