package existing

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"Using the existing cluster of %s (Kubernetes %s).": "使用 %s 中的既有叢集（Kubernetes %s）。",
	})
}
