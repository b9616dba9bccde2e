package progress

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/labs-dev/labs/internal/flock"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/state"
)

// Answers are the learner's answers to a lab's question steps in one attempt. They live in a
// file of their own beside the progress, written without the walkthrough's lock: `labs answer`
// in a second terminal answers while `labs start` runs, and the walkthrough, which watches the
// file, re-checks the step at once.
type Answers struct {
	// Attempt is the attempt the answers belong to (Progress.Window); answers of an earlier
	// attempt do not count.
	Attempt time.Time `json:"attempt"`
	// Steps maps a question step's id to its answer.
	Steps map[string]string `json:"steps"`
}

// AnswersPath is where the answers to a lab's questions are saved: a directory of their own,
// so a walkthrough watching it is not woken by its own progress and status writes.
func AnswersPath(stateDir, key string) string {
	return filepath.Join(stateDir, "progress", "answers", key+".json")
}

// LoadAnswers returns the answers saved in the attempt that began at window (none when the
// saved ones belong to another attempt).
func LoadAnswers(stateDir, key string, window time.Time) (map[string]string, error) {
	a, err := readAnswers(stateDir, key)
	if err != nil {
		return nil, err
	}
	if !a.Attempt.Equal(window.UTC()) {
		return map[string]string{}, nil
	}
	return a.Steps, nil
}

func readAnswers(stateDir, key string) (*Answers, error) {
	a := &Answers{Steps: map[string]string{}}
	data, err := os.ReadFile(AnswersPath(stateDir, key))
	if errors.Is(err, fs.ErrNotExist) {
		return a, nil
	}
	if err != nil {
		return nil, i18n.Errorf("reading the answers of lab %s: %w", LabID(key), err)
	}
	if err := json.Unmarshal(data, a); err != nil {
		return nil, i18n.Errorf("the answers of lab %s are corrupt (%s): %w; answer again to replace them", LabID(key), AnswersPath(stateDir, key), err)
	}
	if a.Steps == nil {
		a.Steps = map[string]string{}
	}
	return a, nil
}

// SaveAnswer records the answer to step in the attempt that began at window; answers of an
// earlier attempt are dropped. Concurrent savers (two terminals) do not lose each other's
// answers.
func SaveAnswer(stateDir, key string, window time.Time, step, answer string) error {
	path := AnswersPath(stateDir, key)
	if err := state.EnsureDir(filepath.Dir(path)); err != nil {
		return err
	}
	release, err := flock.Lock(filepath.Join(stateDir, "progress", key+".answers.lock"), nil)
	if err != nil {
		return i18n.Errorf("locking the answers of lab %s: %w", LabID(key), err)
	}
	defer release()
	a, err := readAnswers(stateDir, key)
	if err != nil {
		a = &Answers{Steps: map[string]string{}} // a corrupt file is replaced
	}
	if !a.Attempt.Equal(window.UTC()) {
		a = &Answers{Attempt: window.UTC(), Steps: map[string]string{}}
	}
	a.Steps[step] = answer
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	return state.WriteFileAtomic(path, append(data, '\n'), 0o600)
}
