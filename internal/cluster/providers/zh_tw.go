package providers

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of the providers' titles.
func init() {
	i18n.Register(map[string]string{
		"embedded": "內建",
		"existing": "現有的",
	})
}
