// Package progress is the learner's progress through a lab: what is done, skipped and seen,
// and where they work; saved atomically, and held by one walkthrough at a time (a lock per lab).
// Its errors are i18n.Errorf messages: the command that shows one renders it in the learner's
// language.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labs-dev/labs/internal/flock"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
	"github.com/labs-dev/labs/internal/labsbin"
	"github.com/labs-dev/labs/internal/procstat"
	"github.com/labs-dev/labs/internal/state"
)

// Progress is a learner's progress through one lab.
type Progress struct {
	Lab string `json:"lab"`
	// Current is the step the learner is on; "" when the lab is complete.
	Current string `json:"current"`
	// Done maps finished steps to when they passed.
	Done map[string]time.Time `json:"done,omitempty"`
	// Skipped steps were passed over with n.
	Skipped map[string]bool `json:"skipped,omitempty"`
	// Hints is how many hints of each step the learner has seen.
	Hints map[string]int `json:"hints,omitempty"`
	// Solutions are the steps whose solution the learner has seen.
	Solutions map[string]bool `json:"solutions,omitempty"`
	// WorkDir is where the learner last worked on the lab (files are checked there).
	WorkDir string `json:"workDir,omitempty"`
	// LabsDir is the --labs-dir the lab was read from ("" for a built-in lab), so the commands
	// labs prints for it (Command) work when pasted.
	LabsDir string `json:"labsDir,omitempty"`
	// Cluster identifies the cluster the progress was made on (the kube-system namespace's UID):
	// steps done on a deleted cluster are not done on its successor.
	Cluster string `json:"cluster,omitempty"`
	// Attempt is when the current attempt at the lab began (labs start the first time, labs
	// reset, a test or grading run): audit evidence counts only from then. See Window.
	Attempt time.Time `json:"attempt,omitzero"`
	// Started is when the learner first started the lab in this attempt.
	Started   time.Time `json:"started,omitzero"`
	Completed time.Time `json:"completed,omitzero"`
	Updated   time.Time `json:"updated,omitzero"`
}

// Window is the start of the evidence window: audit events before it do not count. It is the
// current attempt's start (Started for progress saved before attempts were recorded); zero
// when no attempt has begun.
func (p *Progress) Window() time.Time {
	if !p.Attempt.IsZero() {
		return p.Attempt
	}
	return p.Started
}

// StepWindows are the step-scoped evidence windows (checks.Env.StepSince) of l's steps: a
// step's evidence counts from when the step before it passed in this attempt, so a later step
// never passes on the requests that proved an earlier one. A step whose predecessor has not
// passed (the first step, one after a skipped step) keeps the attempt's window.
func (p *Progress) StepWindows(l *lab.Lab) map[string]time.Time {
	w := map[string]time.Time{}
	for i := 1; i < len(l.Steps); i++ {
		if t, ok := p.Done[l.Steps[i-1].ID]; ok && t.After(p.Window()) {
			w[l.Steps[i].ID] = t
		}
	}
	return w
}

// NewAttempt begins a new attempt at now: the evidence window starts over and the steps done,
// skipped, hinted and solved are forgotten. Where the learner works, which labs directory and
// which cluster stay.
func (p *Progress) NewAttempt(now time.Time) {
	*p = Progress{Lab: p.Lab, WorkDir: p.WorkDir, LabsDir: p.LabsDir, Cluster: p.Cluster, Attempt: now.UTC()}
	p.init()
}

// BeginAttempt begins and saves a new attempt at a lab (see NewAttempt) made on the cluster
// whose identity is clusterID ("" when unknown). labs test and labs grade call it before
// their first step, labs reset after it cleared the lab. The caller holds no Lock: it takes it.
func BeginAttempt(stateDir, key, clusterID string, now time.Time) (*Progress, error) {
	release, err := Lock(stateDir, key)
	if err != nil {
		return nil, err
	}
	defer release()
	p, err := Load(stateDir, key)
	if err != nil {
		// A corrupt progress is replaced: a new attempt needs nothing of it.
		p = (&Progress{Lab: key}).init()
	}
	if err := p.Begin(stateDir, clusterID, now); err != nil {
		return nil, err
	}
	if err := p.Save(stateDir); err != nil {
		return nil, err
	}
	return p, nil
}

// Begin begins a new attempt in p at now (see NewAttempt), made on the cluster whose identity
// is clusterID ("" keeps the one recorded), and empties kubectl's cache: a request a step is
// checked by is never answered from what kubectl cached in an earlier attempt. It is the one
// way every command begins an attempt; the caller holds the Lock and saves p (BeginAttempt
// does both).
func (p *Progress) Begin(stateDir, clusterID string, now time.Time) error {
	p.NewAttempt(now)
	if err := state.ClearKubectlCache(stateDir); err != nil {
		return err
	}
	if clusterID != "" {
		p.Cluster = clusterID
	}
	return nil
}

// OtherCluster reports whether the progress was made on a cluster other than clusterID (both
// known): the earlier steps' objects are gone with it.
func (p *Progress) OtherCluster(clusterID string) bool {
	return p.Cluster != "" && clusterID != "" && p.Cluster != clusterID
}

// WorkDirFor is the default work directory of a lab: its own, under the state dir, so the
// learner's files do not land in a source tree.
func WorkDirFor(stateDir, key string) string {
	return filepath.Join(stateDir, "work", strings.ReplaceAll(key, "@", "-"))
}

// Command is how the learner runs verb on this lab, quoted for messages; with the real
// --labs-dir when the lab is not built in, so it works when pasted.
func (p *Progress) Command(verb string) string {
	id := LabID(p.Lab)
	if p.LabsDir != "" {
		return "`" + labsbin.Run(verb, id, "--labs-dir", shellQuote(p.LabsDir)) + "`"
	}
	return Command(verb, p.Lab)
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Path is where the progress of a lab is saved.
func Path(stateDir, labID string) string {
	return filepath.Join(stateDir, "progress", labID+".json")
}

// StatusPath is where a running walkthrough keeps one plain line saying the current step and
// its latest verdict, for the prompt of a lab shell; absent when no walkthrough runs. A second
// line names the walkthrough's process, "owner <pid> <start tick>" (see procstat): a status
// left behind by a killed walkthrough names a process that is gone, and readers ignore it.
func StatusPath(stateDir, labID string) string {
	return filepath.Join(stateDir, "progress", labID+".status")
}

// owner is this process as a status file names it, "owner <pid> <start tick>".
var owner = sync.OnceValue(func() string {
	tick, err := procstat.StartTick(os.Getpid())
	if err != nil {
		return ""
	}
	return fmt.Sprintf("owner %d %d", os.Getpid(), tick)
})

// WriteStatus publishes line as the status of lab key, owned by this process.
func WriteStatus(stateDir, key, line string) error {
	path := StatusPath(stateDir, key)
	if err := state.EnsureDir(filepath.Dir(path)); err != nil {
		return err
	}
	return state.WriteFileAtomic(path, []byte(oneLine(line)+"\n"+owner()+"\n"), 0o600)
}

// ReadStatus reads the status of lab key; ok is false when there is none or its owner is gone
// (the walkthrough that wrote it was killed).
func ReadStatus(stateDir, key string) (line string, ok bool) {
	data, err := os.ReadFile(StatusPath(stateDir, key))
	if err != nil {
		return "", false
	}
	return ParseStatus(data)
}

// ParseStatus parses the contents of a status file (see StatusPath): its line, when the
// process that wrote it still runs.
func ParseStatus(data []byte) (line string, ok bool) {
	first, rest, _ := strings.Cut(string(data), "\n")
	first = strings.TrimSpace(first)
	f := strings.Fields(rest)
	if first == "" || len(f) < 3 || f[0] != "owner" {
		return "", false
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return "", false
	}
	tick, err := procstat.StartTick(pid)
	if err != nil || strconv.FormatUint(tick, 10) != f[2] {
		return "", false // gone, or its pid now names another process
	}
	return first, true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Load reads the saved progress of a lab; a lab never started has an empty one.
func Load(stateDir, labID string) (*Progress, error) {
	p := &Progress{Lab: labID}
	data, err := os.ReadFile(Path(stateDir, labID))
	if errors.Is(err, fs.ErrNotExist) {
		return p.init(), nil
	}
	if err != nil {
		return nil, i18n.Errorf("reading progress of lab %s: %w", LabID(labID), err)
	}
	if err := json.Unmarshal(data, p); err != nil {
		return nil, i18n.Errorf("progress of lab %s is corrupt (%s): %w; %s starts over", LabID(labID), Path(stateDir, labID), err, Command("reset", labID))
	}
	p.Lab = labID
	return p.init(), nil
}

func (p *Progress) init() *Progress {
	if p.Done == nil {
		p.Done = map[string]time.Time{}
	}
	if p.Skipped == nil {
		p.Skipped = map[string]bool{}
	}
	if p.Hints == nil {
		p.Hints = map[string]int{}
	}
	if p.Solutions == nil {
		p.Solutions = map[string]bool{}
	}
	return p
}

// Save writes the progress atomically: a crash at any moment leaves the old or the new file.
func (p *Progress) Save(stateDir string) error {
	p.Updated = time.Now().UTC()
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	path := Path(stateDir, p.Lab)
	if err := state.EnsureDir(filepath.Dir(path)); err != nil {
		return err
	}
	return state.WriteFileAtomic(path, append(data, '\n'), 0o600)
}

// Forget forgets a lab's progress, its answers included.
func Forget(stateDir, labID string) error {
	for _, p := range []string{Path(stateDir, labID), AnswersPath(stateDir, labID)} {
		err := os.Remove(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return i18n.Errorf("resetting progress of lab %s: %w", LabID(labID), err)
		}
	}
	return nil
}

// Finished reports whether step id is done or skipped.
func (p *Progress) Finished(id string) bool {
	_, done := p.Done[id]
	return done || p.Skipped[id]
}

// CountDone is how many steps of l passed.
func (p *Progress) CountDone(l *lab.Lab) int {
	n := 0
	for _, s := range l.Steps {
		if _, ok := p.Done[s.ID]; ok {
			n++
		}
	}
	return n
}

// CurrentIndex is the position of the step to work on: the saved one, else the first
// unfinished; len(l.Steps) when every step is finished.
func (p *Progress) CurrentIndex(l *lab.Lab) int {
	if i := l.Index(p.Current); i >= 0 {
		return i
	}
	for i, s := range l.Steps {
		if !p.Finished(s.ID) {
			return i
		}
	}
	return len(l.Steps)
}

// ErrBusy means another `labs start` of the same lab is running.
var ErrBusy = i18n.Errorf("lab is already running")

// Lock takes the lab's lock for the life of a walkthrough, so two sessions do not
// overwrite each other's progress. The kernel drops it when the process dies, SIGKILL included.
func Lock(stateDir, labID string) (release func(), err error) {
	path := filepath.Join(stateDir, "progress", labID+".lock")
	if err := state.EnsureDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	release, err = flock.TryLock(path)
	if errors.Is(err, flock.ErrLocked) {
		return nil, i18n.Errorf("%w: %s runs in another terminal; quit it there first", ErrBusy, Command("start", labID))
	}
	if err != nil {
		return nil, i18n.Errorf("locking progress of lab %s: %w", LabID(labID), err)
	}
	return release, nil
}

// RemoveStaleTemps deletes temporary files of progress writes that a killed process left
// behind; a minute old, no live write can still own them.
func RemoveStaleTemps(stateDir, labID string) {
	matches, _ := filepath.Glob(filepath.Join(stateDir, "progress", "."+labID+".json.tmp-*"))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(m)
		}
	}
}

// LabID is the lab id of a progress key (see lab.ProgressKeyFor).
func LabID(key string) string {
	id, _, _ := strings.Cut(key, "@")
	return id
}

// Command is how the learner runs verb on the lab of a progress key, quoted for messages; labs
// is named as a pasted command can run it (labsbin.Run).
func Command(verb, key string) string {
	id, _, fromDir := strings.Cut(key, "@")
	if fromDir {
		return "`" + labsbin.Run(verb, id, "--labs-dir ...") + "`"
	}
	return "`" + labsbin.Run(verb, id) + "`"
}
