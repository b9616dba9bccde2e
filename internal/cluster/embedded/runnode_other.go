//go:build !linux

package embedded

import (
	"context"

	"github.com/labs-dev/labs/internal/cluster"
	"github.com/labs-dev/labs/internal/i18n"
)

// RunNode fails where the embedded cluster cannot run, with Supported's error (a usage error).
func RunNode(_ context.Context, _, _ string, loc i18n.Localizer) error {
	return cluster.UsageError(Supported(loc))
}
