package embedded

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of RunNode (the hidden `labs node` command).
func init() {
	i18n.Register(map[string]string{
		"the cluster has no node %q": "叢集裡沒有節點「%s」",
	})
}
