package progress

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/i18n/i18ntest"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/procstat"
	"github.com/labs-dev/labs/internal/state"
)

func TestProgressRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Started.IsZero() || p.Current != "" {
		t.Fatalf("fresh progress is not empty: %+v", p)
	}
	p.Started = time.Now().UTC()
	p.Current = "run-web"
	p.Done["create-namespace"] = time.Now().UTC()
	p.Hints["run-web"] = 2
	if err := p.Save(dir); err != nil {
		t.Fatal(err)
	}
	q, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if q.Current != "run-web" || q.Hints["run-web"] != 2 || !q.Finished("create-namespace") {
		t.Errorf("reloaded %+v", q)
	}
	if fi, err := os.Stat(Path(dir, "demo")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("progress file mode: %v %v", fi, err)
	}
	// Nothing but the progress file is left behind (no temporary files).
	entries, _ := os.ReadDir(filepath.Dir(Path(dir, "demo")))
	if len(entries) != 1 {
		t.Errorf("progress dir holds %d entries", len(entries))
	}
	if err := Forget(dir, "demo"); err != nil {
		t.Fatal(err)
	}
	if q, _ := Load(dir, "demo"); q.Current != "" {
		t.Error("reset kept the progress")
	}
}

func TestCorruptProgressSaysHowToRecover(t *testing.T) {
	dir := t.TempDir()
	path := Path(dir, "demo")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"lab": "de`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, "demo")
	if err == nil || !strings.Contains(err.Error(), "labs reset demo") {
		t.Errorf("want an error naming labs reset, got %v", err)
	}
}

func TestAttemptWindow(t *testing.T) {
	dir := t.TempDir()
	p, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Window().IsZero() {
		t.Fatalf("a lab never started has a window: %s", p.Window())
	}
	// Progress saved before attempts were recorded: the window is its start.
	p.Started = time.Now().Add(-time.Hour).UTC()
	if !p.Window().Equal(p.Started) {
		t.Errorf("window %s, want Started %s", p.Window(), p.Started)
	}
	p.WorkDir, p.LabsDir, p.Cluster = "/work", "/labs", "uid-1"
	p.Done["create-namespace"] = time.Now()
	p.Current = "run-web"
	if err := p.Save(dir); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	q, err := BeginAttempt(dir, "demo", "uid-2", now)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []*Progress{q, r} {
		if !got.Window().Equal(now.UTC()) || len(got.Done) != 0 || got.Current != "" || !got.Started.IsZero() {
			t.Errorf("new attempt: %+v", got)
		}
		if got.WorkDir != "/work" || got.LabsDir != "/labs" || got.Cluster != "uid-2" {
			t.Errorf("a new attempt forgot where the learner works or which cluster: %+v", got)
		}
	}
	if !r.OtherCluster("uid-1") || r.OtherCluster("uid-2") || r.OtherCluster("") {
		t.Errorf("OtherCluster is wrong for %q", r.Cluster)
	}
}

func TestCommandKeepsTheLabsDir(t *testing.T) {
	p := &Progress{Lab: "shop-pods@1a2b3c4d", LabsDir: "/home/me/my labs"}
	if got, want := p.Command("start"), "`labs start shop-pods --labs-dir '/home/me/my labs'`"; got != want {
		t.Errorf("Command = %s, want %s", got, want)
	}
	if got, want := (&Progress{Lab: "demo"}).Command("reset"), "`labs reset demo`"; got != want {
		t.Errorf("Command = %s, want %s", got, want)
	}
	if got := WorkDirFor("/state", "shop-pods@1a2b3c4d"); got != "/state/work/shop-pods-1a2b3c4d" {
		t.Errorf("WorkDirFor = %s", got)
	}
}

func TestAnswersBelongToTheirAttempt(t *testing.T) {
	dir := t.TempDir()
	first := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	if a, err := LoadAnswers(dir, "demo", first); err != nil || len(a) != 0 {
		t.Fatalf("no answers yet: %v %v", a, err)
	}
	if err := SaveAnswer(dir, "demo", first, "signal", "SIGTERM"); err != nil {
		t.Fatal(err)
	}
	if err := SaveAnswer(dir, "demo", first, "group", "apps"); err != nil {
		t.Fatal(err)
	}
	a, err := LoadAnswers(dir, "demo", first)
	if err != nil || a["signal"] != "SIGTERM" || a["group"] != "apps" {
		t.Fatalf("answers %v %v", a, err)
	}
	// A new attempt: the old answers do not count, and the first new one replaces them.
	second := first.Add(time.Hour)
	if a, _ := LoadAnswers(dir, "demo", second); len(a) != 0 {
		t.Errorf("answers of an earlier attempt count: %v", a)
	}
	if err := SaveAnswer(dir, "demo", second, "group", "core"); err != nil {
		t.Fatal(err)
	}
	if a, _ := LoadAnswers(dir, "demo", second); len(a) != 1 || a["group"] != "core" {
		t.Errorf("answers %v", a)
	}
	if err := os.WriteFile(AnswersPath(dir, "demo"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadAnswers(dir, "demo", second); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("a corrupt answers file: %v", err)
	}
}

func TestForgetForgetsTheAnswers(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	if err := SaveAnswer(dir, "demo", now, "q", "a"); err != nil {
		t.Fatal(err)
	}
	if err := Forget(dir, "demo"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(AnswersPath(dir, "demo")); !os.IsNotExist(err) {
		t.Errorf("the answers outlived a reset: %v", err)
	}
}

// The errors of Load and Lock are the learner's language where a command shows them.
func TestErrorsSpeakZhTW(t *testing.T) {
	dir := t.TempDir()
	path := Path(dir, "demo")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"lab": "de`), 0o600); err != nil {
		t.Fatal(err)
	}
	zh := i18n.New(i18n.ZH)
	_, err := Load(dir, "demo")
	if got := zh.Error(err); !strings.Contains(got, "進度檔已損壞") || !strings.Contains(got, "`labs reset demo`") {
		t.Errorf("corrupt progress in zh-TW: %q", got)
	}
	release, err := Lock(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = Lock(dir, "demo")
	if got := zh.Error(err); !errors.Is(err, ErrBusy) || !strings.Contains(got, "另一個終端機") || strings.Contains(got, "already running") {
		t.Errorf("busy lab in zh-TW: %q (errors.Is ErrBusy: %v)", got, errors.Is(err, ErrBusy))
	}
}

func TestEveryMessageTranslated(t *testing.T) { i18ntest.EveryMessageTranslated(t, ".") }

// A new attempt starts with an empty kubectl cache: what kubectl cached in the last attempt
// (an OpenAPI document) would otherwise be served without the request a step is checked by.
func TestBeginAttemptClearsTheKubectlCache(t *testing.T) {
	dir := t.TempDir()
	cached := filepath.Join(state.KubectlCacheDir(dir), "http", "openapi")
	if err := os.MkdirAll(filepath.Dir(cached), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cached, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := BeginAttempt(dir, "demo", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cached); !os.IsNotExist(err) {
		t.Errorf("the kubectl cache outlived a new attempt: %v", err)
	}
}

// goneProcess is the pid of a process that has exited and been reaped.
func goneProcess(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestStatusOfAGoneOwnerIsIgnored: a status line counts only while the process that wrote it
// runs; one left by a killed walkthrough (its pid gone, or recycled by a process started at
// another time) reads as no status, as does one that names no owner.
func TestStatusOfAGoneOwnerIsIgnored(t *testing.T) {
	dir := t.TempDir()
	if err := WriteStatus(dir, "demo", "demo step 2/4: Make demo\nyour default · ✗ no"); err != nil {
		t.Fatal(err)
	}
	if line, ok := ReadStatus(dir, "demo"); !ok || line != "demo step 2/4: Make demo your default · ✗ no" {
		t.Fatalf("status of this live process: %q %v", line, ok)
	}
	self, err := procstat.StartTick(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"owner gone":      fmt.Sprintf("demo 2/4\nowner %d %d\n", goneProcess(t), self),
		"pid recycled":    fmt.Sprintf("demo 2/4\nowner %d %d\n", os.Getpid(), self+1),
		"no owner":        "demo 2/4\n",
		"malformed owner": "demo 2/4\nowner x y\n",
	} {
		if err := os.WriteFile(StatusPath(dir, "demo"), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		if line, ok := ReadStatus(dir, "demo"); ok {
			t.Errorf("%s: status %q is read as current", name, line)
		}
	}
	if _, ok := ReadStatus(dir, "absent"); ok {
		t.Error("a lab without a status file has a status")
	}
}

// A step's evidence counts from when the step before it passed in this attempt (issue 15
// point 4); the first step, and one after a step not passed, keep the attempt's window.
func TestStepWindows(t *testing.T) {
	l := &lab.Lab{ID: "x", Steps: []lab.Step{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	p := &Progress{Lab: "x", Attempt: start, Done: map[string]time.Time{
		"a": start.Add(time.Minute),
		"c": start.Add(-time.Hour), // from before the attempt: does not narrow anything
	}}
	w := p.StepWindows(l)
	if len(w) != 1 || !w["b"].Equal(start.Add(time.Minute)) {
		t.Fatalf("windows %v; want only b's, from a's pass", w)
	}
}
