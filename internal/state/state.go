// Package state locates where labs keeps its state: clusters, progress, logs.
package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvStateDir overrides the state directory (tests and CI use it to stay isolated).
const EnvStateDir = "LABS_STATE_DIR"

// Dir returns the labs state directory: $LABS_STATE_DIR, else $XDG_STATE_HOME/labs,
// else ~/.local/state/labs. It does not create it.
func Dir() (string, error) {
	if d := os.Getenv(EnvStateDir); d != "" {
		return filepath.Abs(d)
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "labs"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("locating the state directory: %w (set %s or XDG_STATE_HOME)", err, EnvStateDir)
	}
	return filepath.Join(home, ".local", "state", "labs"), nil
}

// Resolve is the state directory for a --state-dir value: the flag's directory, made absolute,
// when it is set, else Dir. Commands resolve it once and pass it down.
func Resolve(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	return Dir()
}

// EnsureDir creates dir (and parents) private to the user, and fails if dir exists but is
// not a directory.
func EnsureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("creating %s: %w", dir, pe.Err)
		}
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file and a rename, so a reader (or a
// crash at any moment) sees either the old content or the new one, never a torn file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Make the rename itself durable.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// KubectlCacheDir is the kubectl cache (KUBECACHEDIR) of the shells and commands labs sets up.
// It is labs' own, not ~/.kube/cache, so it can be emptied when an attempt at a lab begins:
// kubectl serves OpenAPI documents it fetched once from that cache without asking the API
// server again, and a step checked by the request (`kubectl explain pods`) would then never
// see one.
func KubectlCacheDir(stateDir string) string { return filepath.Join(stateDir, "kubectl-cache") }

// ClearKubectlCache empties KubectlCacheDir.
func ClearKubectlCache(stateDir string) error {
	if err := os.RemoveAll(KubectlCacheDir(stateDir)); err != nil {
		return fmt.Errorf("clearing the kubectl cache: %w", err)
	}
	return nil
}
