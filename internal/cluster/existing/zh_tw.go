package existing

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"Using the existing cluster of %s (Kubernetes %s).":                        "使用 %s 中的既有叢集（Kubernetes %s）。",
		"kubeconfig %s cannot be read (pass --kubeconfig or set KUBECONFIG)":       "無法讀取 kubeconfig %s（請用 --kubeconfig 指定，或設定 KUBECONFIG）",
		"the cluster of %s does not answer":                                        "%s 的叢集沒有回應",
		"the cluster of %s answers (%s) but its default ServiceAccount is missing": "%s 的叢集有回應（%s），但缺少預設的 ServiceAccount",
	})
}
