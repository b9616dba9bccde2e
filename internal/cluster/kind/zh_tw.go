package kind

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"--kubeconfig applies to --cluster existing; the kind cluster has its own (labs cluster env)": "--kubeconfig 只適用於 --cluster existing；kind 叢集有自己的 kubeconfig（見 labs cluster env）",
		"the kind cluster has not been created yet: run `labs --cluster kind cluster up`":             "kind 叢集尚未建立：請執行 `labs --cluster kind cluster up`",
		"The kind cluster %q is already running; reusing it.":                                         "kind 叢集「%s」已在執行中，直接沿用。",
		"Starting the stopped nodes %s":                                                               "啟動已停止的節點 %s",
		"creating the kind cluster %q with image %s":                                                  "以映像檔 %[2]s 建立 kind 叢集「%[1]s」",
		"Waiting for the nodes to be Ready":                                                           "等待節點進入 Ready",
		"the kind cluster is not ready after %s: %s":                                                  "kind 叢集過了 %s 仍未就緒：%s",
		"node %s is not Ready":                                                                        "節點 %s 尚未 Ready",
		"the default ServiceAccount is missing":                                                       "缺少預設的 ServiceAccount",
		"--cluster kind needs Docker, and there is no `docker` on PATH; use --cluster embedded (it needs no Docker), or install Docker":                                         "--cluster kind 需要 Docker，但 PATH 上沒有 `docker`；請改用 --cluster embedded（不需要 Docker），或安裝 Docker",
		"--cluster kind needs Docker, and this user may not use the Docker daemon's socket (permission denied; the docker group?); use --cluster embedded (it needs no Docker)": "--cluster kind 需要 Docker，但這個使用者沒有權限使用 Docker daemon 的 socket（permission denied；docker 群組？）；請改用 --cluster embedded（不需要 Docker）",
		"--cluster kind needs Docker, and the Docker daemon is not running; start it, or use --cluster embedded (it needs no Docker)":                                           "--cluster kind 需要 Docker，但 Docker daemon 沒有在執行；請啟動它，或改用 --cluster embedded（不需要 Docker）",
		"--cluster kind needs Docker, and `docker info` fails (%s); use --cluster embedded (it needs no Docker)":                                                                "--cluster kind 需要 Docker，但 `docker info` 失敗（%s）；請改用 --cluster embedded（不需要 Docker）",
	})
}
