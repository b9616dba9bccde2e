package kind

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of kind's help texts: its line in --cluster's help and its --kind-image flag.
func init() {
	i18n.Register(map[string]string{
		"kind on Docker: --kind-image, else $" + EnvImage + ", else kind's default": "Docker 上的 kind：--kind-image，沒有的話是 $" + EnvImage + "，再沒有就是 kind 的預設值",
		// kind's --kind-image usage
		"node image of --cluster kind (default $" + EnvImage + ", else " + DefaultImage + ")": "--cluster kind 的節點映像檔（預設為 $" + EnvImage + "，沒有的話是 " + DefaultImage + "）",
	})
}
