package cli

import "github.com/labs-dev/labs/internal/i18n"

// The words of `labs test`.
func init() {
	i18n.Register(map[string]string{
		"stays red":  "仍未通過",
		"passes too": "也能通過",
	})
}
