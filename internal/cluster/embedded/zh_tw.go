package embedded

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"--kubeconfig applies to --cluster existing; the embedded cluster has its own (labs cluster env)": "--kubeconfig 只適用於 --cluster existing；內建叢集有自己的 kubeconfig（見 labs cluster env）",
		"the embedded cluster has not been created yet: run `%s`":                                         "內建叢集尚未建立：請執行 `%s`",
		"Cluster %q is already running (pid %d, %s); reusing it.":                                         "叢集「%s」已在執行中（PID %d，%s），直接沿用。",
		"The cluster process (pid %d) is gone; starting a new one.":                                       "叢集的行程（PID %d）已經結束，改為啟動新的行程。",
		"Removing the stale pid file of a cluster process that is gone (pid %d).":                         "移除已結束的叢集行程留下的 PID 檔案（PID %d）。",
		"Creating cluster %q ...": "正在建立叢集「%s」……",
		"the state directory is too deep for the nodes' unix sockets (%s is %d bytes, at most %d can be): set %s to a shorter directory, such as ~/.labs (the throwaway clusters of labs test and labs grade live under TMPDIR), and run the command again": "狀態目錄的路徑太深，節點的 unix socket 放不下（%s 有 %d 個位元組，最多只能 %d 個）：請把 %s 設成較短的目錄，例如 ~/.labs（labs test 與 labs grade 的臨時叢集放在 TMPDIR 底下），再重新執行指令",
		"Starting cluster %q ...": "正在啟動叢集「%s」……",
		"Port %d of the API server is taken by another program; moving to a free one (kubeconfig updated).": "API Server 的連接埠 %d 已被其他程式占用，改用空閒的連接埠（kubeconfig 已更新）。",
		"Preparing certificates and kubeconfigs 🔐":                                                          "準備憑證與 kubeconfig 🔐",
		"preparing the cluster: ": "準備叢集失敗：",
		"port %d on 127.0.0.1 is already in use by another program: free it or choose another with --api-port": "127.0.0.1 的連接埠 %d 已被其他程式占用：請先釋放，或用 --api-port 指定其他連接埠",
		"Starting control plane 🕹":                                                       "啟動控制平面 🕹",
		"last lines of %s:":                                                              "%s 的最後幾行：",
		"Running in the foreground; press Ctrl+C to stop.":                               "在前景執行中，按 Ctrl+C 停止。",
		"Cluster %q is ready. Use it with:":                                              "叢集「%s」已就緒。使用方式：",
		"then kubectl ...":                                                               "接著執行 kubectl ...",
		"or a shell with kubectl set up":                                                 "或開啟已設定好 kubectl 的 shell",
		"the API server was not ready after %s":                                          "API Server 過了 %s 仍未就緒",
		"the default ServiceAccount did not appear within %s":                            "預設的 ServiceAccount 在 %s 內沒有出現",
		"only %d of %d nodes were Ready after %s (node logs: %s)":                        "過了 %[3]s，%[2]d 個節點中只有 %[1]d 個是 Ready（節點日誌：%[4]s）",
		"Waiting for the default ServiceAccount ⏳":                                       "等待預設的 ServiceAccount ⏳",
		"Waiting for %d nodes to be Ready 📦":                                             "等待 %d 個節點變成 Ready 📦",
		"Waiting for another labs command that is starting or stopping this cluster ...": "另一個 labs 指令正在啟動或停止這個叢集，正在等它完成……",
		"the embedded cluster runs only on Linux (its nodes use Linux namespaces): use --cluster kind (Docker Desktop), or --cluster existing with a cluster of your own, or run labs on Linux (a VM, or WSL2 on Windows)": "內建叢集只能在 Linux 上執行（它的節點使用 Linux 的命名空間）：請用 --cluster kind（Docker Desktop），或用 --cluster existing 搭配你自己的叢集，或在 Linux 上執行 labs（虛擬機器，或 Windows 的 WSL2）",
	})
}
