// Package walkthrough is the live screen of `labs start`: it shows the current step, re-checks it
// whenever the cluster or the learner's files change, and reacts to keys.
package walkthrough

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fatih/color"
	"golang.org/x/term"

	"github.com/labs-dev/labs/internal/checks"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/progress"
)

// Options configure a walkthrough.
type Options struct {
	Lab      *lab.Lab
	Env      *checks.Env
	Lang     string
	StateDir string
	// In delivers the learner's keys; when it is a terminal it is put in raw mode.
	In  io.Reader
	Out io.Writer
	// Intro is printed once before the first step (how to get a kubectl, ...).
	Intro string
}

type session struct {
	Options
	ctx     context.Context
	prog    *progress.Progress
	cur     int
	trigger chan struct{}
	out     io.Writer
	confirm bool // waiting for y/N after s
}

var (
	green  = color.New(color.FgGreen, color.Bold)
	red    = color.New(color.FgRed)
	yellow = color.New(color.FgYellow)
	bold   = color.New(color.Bold)
	faint  = color.New(color.Faint)
	cyan   = color.New(color.FgCyan)
)

// Run walks the learner through the lab until it is complete, q is pressed or ctx ends.
func Run(ctx context.Context, o Options) error {
	release, err := progress.Lock(o.StateDir, o.Lab.Key())
	if err != nil {
		return err
	}
	defer release()
	progress.RemoveStaleTemps(o.StateDir, o.Lab.Key())
	prog, err := progress.Load(o.StateDir, o.Lab.Key())
	if err != nil {
		return err
	}
	s := &session{Options: o, ctx: ctx, prog: prog, trigger: make(chan struct{}, 1), out: o.Out}
	if prog.Started.IsZero() {
		prog.Started = time.Now().UTC()
	}
	env := *o.Env
	env.NoWait = true // re-checked on every change instead
	env.Since = prog.Started
	env.Lang = o.Lang
	if env.WorkDir == "" {
		env.WorkDir, _ = os.Getwd()
	}
	prog.WorkDir = env.WorkDir
	s.Env = &env

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	w, err := newWatcher(ctx, env.Dynamic, env.AuditLog, s.trigger)
	if err != nil {
		return fmt.Errorf("watching for changes: %w", err)
	}
	env.Observe = w.Observe
	// The work directory is where the learner writes files; follow it from the start.
	w.Observe(checks.Dependency{File: filepath.Join(env.WorkDir, ".")})

	if f, ok := o.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		old, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			return fmt.Errorf("setting up the terminal: %w", err)
		}
		defer term.Restore(int(f.Fd()), old)
		// Raw mode does not turn \n into \r\n.
		s.out = crlf{o.Out}
	}
	keys := make(chan byte)
	go func() {
		buf := make([]byte, 1)
		for {
			n, err := o.In.Read(buf)
			if err != nil {
				close(keys)
				return
			}
			if n == 1 {
				keys <- buf[0]
			}
		}
	}()

	s.cur = prog.CurrentIndex(o.Lab)
	if s.cur >= len(o.Lab.Steps) {
		s.printf("%s\n", green.Sprint(s.t("✓ You have completed this lab. `labs reset "+o.Lab.ID+"` starts it over.",
			"✓ 你已完成這個實驗。`labs reset "+o.Lab.ID+"` 可以重新開始。")))
		return nil
	}
	if err := s.save(); err != nil {
		return err
	}
	s.printf("%s\n", bold.Sprint(o.Lab.Title.Get(o.Lang)))
	if o.Intro != "" {
		s.printf("%s\n", o.Intro)
	}
	s.showStep()
	s.kick()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.trigger:
			done, err := s.check(false)
			if err != nil {
				if ctx.Err() != nil {
					return nil // interrupted mid-check; the progress is saved
				}
				return err
			}
			if done {
				return nil
			}
		case k, ok := <-keys:
			if !ok {
				// Input closed (not a terminal, end of a pipe): keep checking until ctx ends.
				keys = nil
				continue
			}
			quit, err := s.key(k)
			if err != nil || quit {
				return err
			}
		}
	}
}

func (s *session) t(en, zh string) string {
	if s.Lang == lab.LangZH {
		return zh
	}
	return en
}

func (s *session) printf(format string, args ...any) { fmt.Fprintf(s.out, format, args...) }

func (s *session) kick() {
	select {
	case s.trigger <- struct{}{}:
	default:
	}
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

func (s *session) showStep() {
	st := s.step()
	s.printf("\n%s %s\n", cyan.Sprintf(s.t("── Step %d/%d ─", "── 步驟 %d/%d ─"), s.cur+1, len(s.Lab.Steps)), bold.Sprint(st.Title.Get(s.Lang)))
	s.printf("%s\n", strings.TrimRight(st.Text.Get(s.Lang), "\n"))
	s.provideFiles(st)
	s.printf("%s\n", faint.Sprint(s.t("[h] hint  [s] solution  [c] check now  [n] skip  [p] previous  [q] quit",
		"[h] 提示  [s] 解答  [c] 立即檢查  [n] 跳過  [p] 上一步  [q] 離開")))
	s.printf("%s\n", faint.Sprint(s.t("Waiting for your change (checked whenever the cluster or your files change)...",
		"等待你的操作（叢集或檔案一有變化就會檢查）……")))
}

// provideFiles copies the step's files into the work directory, keeping what is already there.
func (s *session) provideFiles(st *lab.Step) {
	for _, f := range st.Files {
		p := filepath.Join(s.Env.WorkDir, filepath.FromSlash(f.Path))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err == nil && os.WriteFile(p, []byte(f.Content), 0o644) == nil {
			s.printf(s.t("(wrote %s for you)\n", "（已為你建立 %s）\n"), f.Path)
		}
	}
}

// check runs the current step's check once. On success it records the step and moves on;
// explain prints the reason of a failure. It reports whether the lab is complete.
func (s *session) check(explain bool) (bool, error) {
	st := s.step()
	res, err := checks.Run(s.ctx, s.Env, s.Lab.FeaturePath, s.Lab.Feature, []string{st.ID})
	if err != nil {
		return false, err
	}
	r := res[0]
	if !r.Passed {
		if explain {
			s.printf("%s %s\n", red.Sprint("✗"), r.Reason)
		}
		return false, nil
	}
	s.prog.Done[st.ID] = time.Now().UTC()
	delete(s.prog.Skipped, st.ID)
	s.printf("%s\n", green.Sprintf(s.t("✓ Step %d/%d done: %s", "✓ 步驟 %d/%d 完成：%s"), s.cur+1, len(s.Lab.Steps), st.Title.Get(s.Lang)))
	return s.advance()
}

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
		s.printf("\n%s\n", green.Sprintf(s.t("🎉 Lab complete: %d of %d steps passed.", "🎉 實驗完成：%d/%d 個步驟通過。"),
			s.prog.CountDone(s.Lab), len(s.Lab.Steps)))
		return true, nil
	}
	s.cur = next
	if err := s.save(); err != nil {
		return false, err
	}
	s.showStep()
	// The new step may already hold (the learner ran ahead).
	s.kick()
	return false, nil
}

func (s *session) key(k byte) (quit bool, err error) {
	st := s.step()
	if s.confirm {
		s.confirm = false
		if k == 'y' || k == 'Y' {
			s.printf("y\n")
			s.prog.Solutions[st.ID] = true
			if err := s.save(); err != nil {
				return false, err
			}
			s.printf("%s\n%s\n", yellow.Sprint(s.t("Solution:", "解答：")), strings.TrimRight(st.Solution, "\n"))
		} else {
			s.printf("N\n%s\n", s.t("Solution stays hidden.", "解答保持隱藏。"))
		}
		return false, nil
	}
	switch k {
	case 'h', 'H':
		n := s.prog.Hints[st.ID]
		if n >= len(st.Hints) {
			s.printf("%s\n", s.t("No more hints; s shows the solution.", "沒有更多提示了；按 s 看解答。"))
			return false, nil
		}
		s.prog.Hints[st.ID] = n + 1
		if err := s.save(); err != nil {
			return false, err
		}
		s.printf("%s %s\n", yellow.Sprintf(s.t("Hint %d/%d:", "提示 %d/%d："), n+1, len(st.Hints)), st.Hints[n].Get(s.Lang))
	case 's', 'S':
		s.confirm = true
		s.printf("%s", s.t("Show the solution? [y/N] ", "要顯示解答嗎？[y/N] "))
	case 'c', 'C':
		done, err := s.check(true)
		return done, err
	case 'n', 'N':
		s.prog.Skipped[st.ID] = true
		s.printf("%s\n", faint.Sprintf(s.t("Skipped step %d.", "已跳過步驟 %d。"), s.cur+1))
		return s.advance()
	case 'p', 'P':
		if s.cur == 0 {
			s.printf("%s\n", s.t("This is the first step.", "這是第一步。"))
			return false, nil
		}
		s.cur--
		delete(s.prog.Done, s.step().ID)
		delete(s.prog.Skipped, s.step().ID)
		if err := s.save(); err != nil {
			return false, err
		}
		s.showStep()
	case 'q', 'Q', 3, 4: // q, Ctrl-C, Ctrl-D
		s.printf("%s\n", s.t("Progress saved; `labs start "+s.Lab.ID+"` continues here.", "進度已儲存；`labs start "+s.Lab.ID+"` 會從這裡繼續。"))
		return true, nil
	}
	return false, nil
}

// crlf writes \r\n for \n, for a terminal in raw mode.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	_, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n")))
	if err != nil {
		return 0, err
	}
	return len(p), nil
}
