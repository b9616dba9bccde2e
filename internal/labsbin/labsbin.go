// Package labsbin is how the commands labs prints run labs. Every command a learner is told to
// paste (`labs shell`, `eval "$(labs cluster env)"`, `labs start static-pods`, ...) names labs
// the same way: plainly `labs` when `labs` on PATH is this binary, else the absolute path of
// labs' own copy of itself in the state directory (bin/labs, with bin/kubectl beside it), which
// outlives a `go run` build and needs nothing on PATH.
package labsbin

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/labs-dev/labs/internal/state"
)

// Dir returns the state dir's bin directory, holding `labs` (this binary, as a hard link when
// it can be, else a copy: a `go run` binary is deleted when go exits) and `kubectl` (a symlink
// to that labs). Pasted commands and lab shells run these, whatever way labs was started and
// whatever kubectl is installed. The copy is refreshed only when this binary differs from it
// (another file, size or modification time), through a rename.
func Dir(stateDir string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("locating the labs binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	bin := filepath.Join(stateDir, "bin")
	if err := state.EnsureDir(bin); err != nil {
		return "", err
	}
	target := filepath.Join(bin, "labs")
	if err := RefreshBinary(exe, target); err != nil {
		return "", err
	}
	link := filepath.Join(bin, "kubectl")
	if cur, err := os.Readlink(link); err == nil && cur == "labs" {
		return bin, nil
	}
	tmp := fmt.Sprintf("%s.tmp-%d", link, os.Getpid())
	_ = os.Remove(tmp)
	if err := os.Symlink("labs", tmp); err != nil {
		return "", fmt.Errorf("linking kubectl: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("linking kubectl: %w", err)
	}
	return bin, nil
}

// Stable is the path of the labs binary in the bin dir.
func Stable(bin string) string { return filepath.Join(bin, "labs") }

// RefreshBinary makes target the same binary as exe: a hard link, else a copy with exe's
// modification time; left alone when it already is.
func RefreshBinary(exe, target string) error {
	src, err := os.Stat(exe)
	if err != nil {
		return fmt.Errorf("locating the labs binary: %w", err)
	}
	if dst, err := os.Stat(target); err == nil {
		if os.SameFile(src, dst) || (dst.Size() == src.Size() && dst.ModTime().Equal(src.ModTime())) {
			return nil
		}
	}
	tmp := fmt.Sprintf("%s.tmp-%d", target, os.Getpid())
	_ = os.Remove(tmp)
	if err := os.Link(exe, tmp); err != nil {
		// Another file system (or no hard links): copy, keeping the modification time the
		// next run compares.
		if err := CopyFile(exe, tmp, src); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("copying labs into %s: %w", filepath.Dir(target), err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copying labs into %s: %w", filepath.Dir(target), err)
	}
	return nil
}

// CopyFile copies from to a new file to, executable, with fi's modification time.
func CopyFile(from, to string, fi fs.FileInfo) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(to, fi.ModTime(), fi.ModTime())
}

// OnPath reports whether `labs` on PATH is this binary (or its stable copy in bin), so the
// commands labs prints can say plainly `labs ...`.
func OnPath(bin string) bool {
	found, err := exec.LookPath("labs")
	if err != nil {
		return false
	}
	fi, err := os.Stat(found)
	if err != nil {
		return false
	}
	if st, err := os.Stat(Stable(bin)); err == nil && os.SameFile(fi, st) {
		return true
	}
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	me, err := os.Stat(exe)
	return err == nil && os.SameFile(fi, me)
}

// Command is how a pasted command runs labs for the state directory stateDir: plainly `labs`
// when that is this binary on PATH, else the stable copy's absolute path (made when missing),
// quoted for a POSIX shell. When the copy cannot be made it is `labs`.
func Command(stateDir string) string {
	if stateDir == "" {
		return "labs"
	}
	bin, err := Dir(stateDir)
	if err != nil {
		return "labs"
	}
	if OnPath(bin) {
		return "labs"
	}
	return Quote(Stable(bin))
}

// Quote quotes s for POSIX shells.
func Quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var (
	mu       sync.Mutex
	stateDir string
	cached   string
)

// Use sets the state directory of this process's commands (the CLI calls it once it has
// resolved --state-dir); Default then names labs for it.
func Use(dir string) {
	mu.Lock()
	defer mu.Unlock()
	if dir != stateDir {
		stateDir, cached = dir, ""
	}
}

// Default is Command for the state directory given to Use (worked out once, when first asked),
// or `labs` when none was: for messages of packages that do not know the state directory.
func Default() string {
	mu.Lock()
	defer mu.Unlock()
	if cached == "" {
		cached = Command(stateDir)
	}
	return cached
}

// Run is the pasteable command that runs labs with args: Default() followed by args.
func Run(args ...string) string {
	return strings.Join(append([]string{Default()}, args...), " ")
}
