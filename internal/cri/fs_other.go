//go:build !linux

package cri

import (
	"context"
	"errors"
	"os"
	"os/exec"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/cri/ctrinit"
)

// errNoNamespaces: containers get a filesystem of their own only from Linux namespaces.
var errNoNamespaces = errors.New("containers get a filesystem of their own only on Linux")

func (r *Runtime) fsPlan([]*runtimeapi.Mount, string, bool) ([]ctrinit.Op, error) {
	return nil, errNoNamespaces
}

func initCommand(ctrinit.Plan) (*exec.Cmd, *os.File, error) { return nil, nil, errNoNamespaces }

func initStatus(*os.File) error { return errNoNamespaces }

func (r *Runtime) probeFilesystem() error { return errNoNamespaces }

func (r *Runtime) execCommand(context.Context, int, []string, []string, string, bool) (*exec.Cmd, error) {
	return nil, errNoNamespaces
}

func socketPair() (parent, child *os.File, err error) { return nil, nil, errNoNamespaces }

func receiveTerminal(*os.File) (*os.File, error) { return nil, errNoNamespaces }

func containerTerminal(int) (master, slave *os.File, err error) { return nil, nil, errNoNamespaces }
