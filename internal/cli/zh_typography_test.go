package cli

import (
	"testing"

	"github.com/labs-dev/labs/internal/i18n/i18ntest"
)

// TestZHTypography (issue 20 item 3): every zh-TW message of every package the CLI links is set
// as Taiwan reads it: no half-width space between Chinese characters, 「」 rather than ASCII
// quotes.
func TestZHTypography(t *testing.T) { i18ntest.ZHTypography(t) }
