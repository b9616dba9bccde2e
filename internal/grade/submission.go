package grade

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/labs-dev/labs/internal/attempt"
	"github.com/labs-dev/labs/internal/i18n"
	"github.com/labs-dev/labs/internal/lab"
)

// The layout of a submission.
const (
	StepsDir    = "steps"
	RunAll      = "run.sh"
	AnswersFile = "answers.yaml"
)

// maxCopy bounds what is copied of one submission (bytes): a submission is scripts and
// manifests, not data.
const maxCopy = 64 << 20

// Submission is one student's directory.
type Submission struct {
	Name string
	Dir  string
}

// Collect resolves the submissions to grade, in a stable order: dirs, then each directory of
// class (hidden ones aside); the current directory when both are empty. student names a single
// submission in reports.
func Collect(dirs []string, class, student string) ([]Submission, error) {
	dirs = append([]string(nil), dirs...)
	if class != "" {
		entries, err := os.ReadDir(class)
		if err != nil {
			return nil, &UsageError{i18n.Errorf("--class %s: %w", class, err)}
		}
		n := 0
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				dirs = append(dirs, filepath.Join(class, e.Name()))
				n++
			}
		}
		if n == 0 {
			return nil, &UsageError{i18n.Errorf("--class %s holds no submission directories", class)}
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	if student != "" && len(dirs) > 1 {
		return nil, &UsageError{i18n.Errorf("--student names one submission; with several, each is named by its directory")}
	}
	var subs []Submission
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, fmt.Errorf("submission %s: %w", d, err)
		}
		fi, err := os.Stat(abs)
		if err != nil || !fi.IsDir() {
			return nil, &UsageError{i18n.Errorf("submission %s is not a directory", d)}
		}
		name := filepath.Base(abs)
		if student != "" {
			name = student
		}
		subs = append(subs, Submission{Name: name, Dir: abs})
	}
	return subs, nil
}

// UsageError is a mistake in how the grader was called (exit 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// copySubmission copies the submission src into dst, which must not exist, without ever
// following a link out of src: regular files and directories are copied; a symbolic link is
// kept only when it stays inside the submission; FIFOs, sockets, devices, unreadable files,
// links leading out or nowhere are left out, each with a warning naming it in src.
func copySubmission(src, dst string, loc i18n.Localizer) (warnings []string, err error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, fmt.Errorf("opening submission %s: %w", src, err)
	}
	defer root.Close()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, fmt.Errorf("copying submission %s: %w", src, err)
	}
	var total int64
	walkErr := fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		shown := filepath.Join(src, rel)
		if err != nil {
			warnings = append(warnings, loc.T("%s was left out: %v", shown, unwrapPath(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		to := filepath.Join(dst, rel)
		switch t := d.Type(); {
		case t.IsDir():
			return os.Mkdir(to, 0o755)
		case t&fs.ModeSymlink != 0:
			target, err := root.Readlink(rel)
			if err != nil {
				warnings = append(warnings, loc.T("%s was left out: %v", shown, unwrapPath(err)))
				return nil
			}
			// Kept only if it resolves inside the submission (os.Root refuses an escape).
			if _, err := root.Stat(rel); err != nil || filepath.IsAbs(target) {
				warnings = append(warnings, loc.T("%s was left out: a link to %s, outside the submission or to nothing", shown, target))
				return nil
			}
			return os.Symlink(target, to)
		case t.IsRegular():
			fi, err := d.Info()
			if err != nil {
				warnings = append(warnings, loc.T("%s was left out: %v", shown, unwrapPath(err)))
				return nil
			}
			if total += fi.Size(); total > maxCopy {
				warnings = append(warnings, loc.T("%s was left out: the submission is larger than %d MiB", shown, maxCopy>>20))
				return nil
			}
			if err := copyFile(root, rel, to, fi.Mode().Perm()); err != nil {
				warnings = append(warnings, loc.T("%s was left out: %v", shown, unwrapPath(err)))
			}
			return nil
		default:
			warnings = append(warnings, loc.T("%s was left out: not a regular file (%s)", shown, t.Type().String()))
			return nil
		}
	})
	if walkErr != nil {
		return warnings, fmt.Errorf("copying submission %s: %w", src, walkErr)
	}
	return warnings, nil
}

func copyFile(root *os.Root, rel, to string, perm fs.FileMode) error {
	// O_NONBLOCK: a FIFO swapped in after the walk saw a regular file does not hang the grader.
	in, err := root.OpenFile(rel, os.O_RDONLY|0x800 /* O_NONBLOCK */, 0)
	if err != nil {
		return err
	}
	defer in.Close()
	if fi, err := in.Stat(); err != nil || !fi.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(in, maxCopy)); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// unwrapPath drops the path of a *fs.PathError: the caller names the file as the student knows it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// confine removes every symbolic link under dir that leads out of dir or nowhere (after a
// script ran: the grader's checks then read dir, and must never follow a student's link out of
// it). It returns the removed links, relative to dir.
func confine(dir string) []string {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil
	}
	var removed []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		target, err := filepath.EvalSymlinks(p)
		if err == nil {
			if rel, rerr := filepath.Rel(real, target); rerr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return nil
			}
		}
		if os.Remove(p) == nil {
			rel, _ := filepath.Rel(dir, p)
			removed = append(removed, rel)
		}
		return nil
	})
	return removed
}

// readAnswers reads the submission's answers.yaml: its answers, or why it cannot be read (a
// missing file is no answers); keys that are not question steps of the lab are warnings, not
// failures.
func readAnswers(l *lab.Lab, dir string, loc i18n.Localizer) (answers map[string]string, problem string, warnings []string) {
	data, err := readRegular(filepath.Join(dir, AnswersFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", AnswersFile, unwrapPath(err)), nil
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) == nil && len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		kept := m.Content[:0:0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if st := l.Step(m.Content[i].Value); st != nil && st.Question != nil {
				kept = append(kept, m.Content[i], m.Content[i+1])
				continue
			}
			warnings = append(warnings, loc.T("%[1]s line %[2]d: %[3]q is not a question of lab %[4]s (its questions: %[5]s); ignored",
				AnswersFile, m.Content[i].Line, m.Content[i].Value, l.ID, strings.Join(l.QuestionIDs(), ", ")))
		}
		if len(warnings) > 0 {
			m.Content = kept
			if out, err := yaml.Marshal(&root); err == nil {
				data = out
			}
		}
	}
	answers, err = lab.ParseAnswers(l, AnswersFile, data)
	if err != nil {
		return nil, err.Error(), warnings
	}
	return answers, "", warnings
}

// readRegular reads a regular file, refusing anything else (a FIFO would block).
func readRegular(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
	}
	return os.ReadFile(path)
}

func readScript(dir, rel string) attempt.Script {
	if _, err := os.Lstat(filepath.Join(dir, rel)); errors.Is(err, fs.ErrNotExist) {
		return attempt.Script{Name: rel, Missing: true}
	}
	// bash reads it itself, and reports an unreadable file on the step.
	return attempt.Script{Name: rel, File: rel}
}

// provideAll writes every step's files into the copy before any script runs, keeping those
// the submission has: a whole-lab run.sh finds what each step hands the learner, as a learner
// doing the steps one by one would. It never writes through a link.
func provideAll(l *lab.Lab, dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, st := range l.Steps {
		for _, f := range st.Files {
			p := filepath.FromSlash(f.Path)
			if _, err := root.Lstat(p); err == nil {
				continue
			}
			if d := filepath.Dir(p); d != "." {
				if err := root.MkdirAll(d, 0o755); err != nil {
					return fmt.Errorf("providing %s of step %s: %w", f.Path, st.ID, err)
				}
			}
			if err := root.WriteFile(p, []byte(f.Content), 0o644); err != nil {
				return fmt.Errorf("providing %s of step %s: %w", f.Path, st.ID, err)
			}
		}
	}
	return nil
}
