package cli

import "github.com/labs-dev/labs/internal/i18n"

// Translations of the grading command's lines; the lab commands keep theirs beside them.
func init() {
	i18n.Register(map[string]string{
		"%d of %d submissions have failing steps":              "%[2]d 份作業中有 %[1]d 份有未通過的步驟",
		"LABS_SANDBOX must be %s, %s or %s, not %q":            "LABS_SANDBOX 必須是 %s、%s 或 %s，而不是「%s」",
		"--shard takes I/N with 1 <= I <= N, like 2/4, not %q": "--shard 的格式是 I/N，1 <= I <= N，例如 2/4，而不是「%s」",
	})
}
