// Package ctrinit is the first program a container of the embedded runtime runs: the labs binary
// itself, re-executed inside the container's new user, PID, mount and UTS namespaces, builds the
// container's filesystem from a Plan, drops the capabilities a container does not get, and then
// executes the container's program in its place (so that program is PID 1).
//
// The Go runtime cannot do work between fork and exec, and setns into a mount or user namespace
// is refused to a multi-threaded process, hence a re-execution. It happens in this package's init,
// which only imports the standard library and x/sys: Go initialises it before the Kubernetes
// packages of the binary, so a container start does not pay for their initialisation.
package ctrinit

// EnvPlan carries the JSON Plan to the re-executed binary. The container's program never sees
// it: it is executed with the Plan's own environment.
const EnvPlan = "_LABS_CONTAINER_PLAN"

// Op kinds, applied in order. Targets are paths inside the container (joined to Plan.Root).
const (
	OpTmpfs   = "tmpfs"   // an empty tmpfs at Target (Mode, ReadOnly)
	OpOverlay = "overlay" // Lower, read-only underneath a writable, private upper on the scratch tmpfs
	OpBind    = "bind"    // Source at Target (Recursive, ReadOnly; File when Source is not a directory)
	OpSymlink = "symlink" // a symbolic link Target -> Link
	OpMkdir   = "mkdir"   // a directory (Mode)
	OpFile    = "file"    // a file with Data (Mode)
	OpProc    = "proc"    // a proc of the container's PID namespace
	OpDevpts  = "devpts"  // a devpts instance of its own
	// OpReadOnly makes the mount at Target read-only, once everything is mounted on it
	// (readOnlyRootFilesystem: volumes, mounted separately, keep their own mode).
	OpReadOnly = "read-only"
)

// Op is one step of building the container's root.
type Op struct {
	Kind      string `json:"kind"`
	Target    string `json:"target"`
	Source    string `json:"source,omitempty"`
	Link      string `json:"link,omitempty"`
	Data      string `json:"data,omitempty"`
	Mode      uint32 `json:"mode,omitempty"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
	Recursive bool   `json:"recursive,omitempty"`
	File      bool   `json:"file,omitempty"`
	// Optional: a failure is ignored (a device the host lacks, a devpts the kernel refuses).
	Optional bool `json:"optional,omitempty"`
	// Prepare lists paths (relative to Target) created in an overlay's upper layer before the
	// overlay is mounted: the mount points of later binds. Created there they belong to the
	// container, so no write permission on the host's directory is needed.
	Prepare []Prepared `json:"prepare,omitempty"`
}

// Prepared is one mount point (or file) created in an overlay's upper layer.
type Prepared struct {
	Path string `json:"path"`
	File bool   `json:"file,omitempty"`
	Data string `json:"data,omitempty"`
}

// Plan is what the re-executed binary does: either build a root and start the container's
// program (Init), or run a program in a running container it has already entered (exec).
type Plan struct {
	// Init: Scratch is an empty host directory; a tmpfs on it (in the container's own mount
	// namespace, so the host never sees it) holds the new root and the overlays' upper layers.
	Init     bool   `json:"init,omitempty"`
	Scratch  string `json:"scratch,omitempty"`
	Ops      []Op   `json:"ops,omitempty"`
	Hostname string `json:"hostname,omitempty"`

	// Path is the program to execute; when empty, Argv[0] is looked up in the Env's PATH.
	Path string   `json:"path,omitempty"`
	Argv []string `json:"argv"`
	Env  []string `json:"env"`
	Dir  string   `json:"dir,omitempty"`
	// TTY makes the exec'd program the leader of a new session with stdin as its terminal. An
	// Init with TTY opens that terminal in the container's own devpts (so `tty` names a file the
	// container sees) and sends its master to the runtime over the socket on TTYFD.
	TTY bool `json:"tty,omitempty"`
}

// TTYFD is the descriptor of an Init's socket for the terminal's master.
const TTYFD = 4

// ExitSetup is the exit status when the filesystem could not be built; ExitNotFound and
// ExitNotExecutable are the shell's codes for a missing or unusable program.
const (
	ExitSetup         = 128
	ExitNotExecutable = 126
	ExitNotFound      = 127
)
