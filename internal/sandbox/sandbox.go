// Package sandbox runs a student's script where it cannot forge a grade or reach the grader:
// Linux namespaces set up from Go by a re-exec of the labs binary (InitArg), in two stages.
//
// Stage 1, the sandbox's init, is PID 1 of a new PID namespace in a new mount namespace (and,
// when the grader is not root, in a user namespace mapping root to the grader's own user). It
// builds a root of its own on a tmpfs: the system directories (/usr, /etc, ...) and the labs
// binary read-only, a private /dev, /proc, /tmp and $HOME, and only the paths the grader lists
// (the submission's copy, its kubeconfig, the nodes' static pod directories) at their own
// paths; everything else — the grader's state directory and audit log, its $HOME and $TMPDIR,
// other students' copies, every report path — does not exist in there. It pivots into that
// root and starts stage 2.
//
// Stage 2 is the script, in a new user namespace (an unprivileged uid, mapped to a dedicated
// host uid when the grader is root) with a mount namespace of its own: the mounts of stage 1
// are then locked, so the script cannot unmount the masks or make a read-only bind writable.
// No new privileges (setuid binaries do nothing), no supplementary groups, limits on processes
// and file sizes. When the script exits, init kills everything left in the PID namespace and
// exits; when init dies (a timeout's SIGKILL, the grader's death) the kernel kills every
// process in it, setsid or not. Nothing started by a script outlives it.
//
// Why namespaces from Go rather than bubblewrap: labs is one static binary that needs nothing
// installed (no Docker, no kubectl), bubblewrap is not on GitHub's runners nor on macOS by
// default, and the project already re-execs itself for nodes and containers. The price is this
// package's few hundred lines, which do what bubblewrap does for the same purpose.
//
// Where the kernel refuses (unprivileged user namespaces disabled, as Ubuntu can with AppArmor),
// Probe says so and the grader falls back to the strongest mode available (Mode), which every
// report records.
package sandbox

import (
	"fmt"
	"os"
	"strings"
)

// InitArg is the first argument that makes the labs binary the sandbox's init (stage 1).
const InitArg = "__labs-sandbox-init"

// Mode is the isolation a script ran under.
type Mode string

const (
	// Namespaces: user, mount and PID namespaces, locked mounts, an unprivileged uid.
	Namespaces Mode = "namespaces"
	// MountPID: mount and PID namespaces and an unprivileged uid, without a user namespace
	// (the grader is root and the kernel refuses user namespaces).
	MountPID Mode = "mount-pid-namespaces"
	// ProcessGroup: no namespaces; a process group of its own, a scrubbed environment and the
	// limits only. The script can reach whatever the grader's user can.
	ProcessGroup Mode = "process-group"
)

// Bind makes the outside path Src visible at Dst inside the sandbox.
type Bind struct {
	Src      string `json:"src"`
	Dst      string `json:"dst"`
	Writable bool   `json:"writable,omitempty"`
}

// File is a file the sandbox's init writes inside the sandbox (on its private root).
type File struct {
	Path    string `json:"path"`
	Content []byte `json:"content"`
}

// Spec is what a sandbox shows and runs.
type Spec struct {
	// Exe is the labs binary, visible read-only as BinDir/labs with BinDir/kubectl beside it.
	Exe string `json:"exe"`
	// BinDir is where Exe appears inside (first on the script's PATH).
	BinDir string `json:"binDir"`
	// Root is an empty directory outside, the mount point of the sandbox's root.
	Root string `json:"root"`
	// Home is the script's private $HOME inside.
	Home string `json:"home"`
	// Binds are the only paths of the host visible besides the system directories.
	Binds []Bind `json:"binds"`
	// Files are written inside, on the private root.
	Files []File `json:"files,omitempty"`
	// InitFiles, when set, returns more Files once init runs, given the start time (in clock
	// ticks, as in /proc/PID/stat) of init, which is PID 1 inside.
	InitFiles func(initStartTick uint64) []File `json:"-"`
	// UID is the host uid (and gid) the script runs as when the grader is root; ignored
	// otherwise (the grader's own user, mapped).
	UID int `json:"uid"`
	// MaxProcs limits the processes of UID (only when the grader is root: otherwise the limit
	// would count the grader's own processes); MaxFileSize the size of any file written.
	MaxProcs    uint64 `json:"maxProcs"`
	MaxFileSize uint64 `json:"maxFileSize"`
	// TmpSize bounds the private /tmp and $HOME (bytes).
	TmpSize uint64 `json:"tmpSize"`
}

// SystemDirs are the host directories visible read-only in the sandbox, when they exist.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"}

// Environ returns the script's environment: an allow-list of base (locale, terminal, colour,
// the test binary's switch) and the variables given in set. Nothing else of the grader's
// environment reaches the script: no GITHUB_*, no tokens, no paths of the grader.
func Environ(base []string, set ...string) []string {
	var out []string
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "LANG", name == "LANGUAGE", strings.HasPrefix(name, "LC_"), name == "TERM",
			name == "NO_COLOR", name == "TZ",
			// The e2e tests' binary is labs only with this set.
			name == "LABS_TEST_EXEC":
			out = append(out, kv)
		}
	}
	return append(out, set...)
}

// Unavailable is the error of a mode the kernel refuses.
type Unavailable struct {
	Mode Mode
	Err  error
}

func (e *Unavailable) Error() string {
	return fmt.Sprintf("sandbox mode %s is not available here: %v", e.Mode, e.Err)
}

func (e *Unavailable) Unwrap() error { return e.Err }

// isRoot reports whether the grader runs as root.
func isRoot() bool { return os.Geteuid() == 0 }
