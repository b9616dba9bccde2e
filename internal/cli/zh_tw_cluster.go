package cli

import "github.com/labs-dev/labs/internal/i18n"

// The messages of root.go, cluster.go and kubectl.go (a file of their own, beside the other
// commands' zh_tw.go).
func init() {
	i18n.Register(map[string]string{
		"labs: the labs cluster is not running; `%s` starts it again (its objects are kept).": "labs：labs 叢集沒有在執行；執行 `%s` 可以再次啟動它（裡面的物件都還在）。",
		"Error: %s":                                 "錯誤：%s",
		"Run '%s' for usage.":                       "用法請執行 `%s`。",
		"--lang must be en or zh-TW, not %q":        "--lang 必須是 en 或 zh-TW，不能是「%s」",
		"unknown command %q for %q":                 "%[2]s 沒有「%[1]s」這個指令",
		"Did you mean one of these?":                "是不是要用下面的指令？",
		"--cluster must be one of %[1]s, not %[2]q": "--cluster 必須是 %[1]s 其中之一，不能是「%[2]s」",
		"--kubeconfig applies to --cluster existing; the embedded cluster has its own (labs cluster env)": "--kubeconfig 只適用於 --cluster existing；內建叢集有自己的 kubeconfig（見 labs cluster env）",
		"--api-port must be between 1 and 65535":                                                          "--api-port 必須介於 1 到 65535 之間",
		"The cluster is not running; nothing to stop.":                                                    "叢集沒有在執行，不需要停止。",
		"Cluster stopped; its data is kept. `%s` starts it again.":                                        "叢集已停止，資料都保留著；執行 `%s` 即可再次啟動。",
		"Cluster deleted.":                "叢集已刪除。",
		"-o must be text or json, not %q": "-o 必須是 text 或 json，不能是「%s」",
		"not running":                     "未執行",
		"running":                         "執行中",
		"not created (%s creates it)":     "尚未建立（執行 %s 即可建立）",
		"Cluster:":                        "叢集：",
		"State:":                          "狀態：",
		"API server:":                     "API Server：",
		"Version:":                        "版本：",
		"Process:":                        "行程：",
		"%d, up %s":                       "%d，已執行 %s",
		"Kubeconfig:":                     "Kubeconfig：",
		"State dir:":                      "狀態目錄：",
		"Logs:":                           "日誌：",
		"Audit log:":                      "稽核日誌：",
		"Nodes:":                          "節點：",
		"static pods:":                    "static Pod 目錄：",
		"runtime:":                        "執行環境：",
		"process:":                        "行程：",
		"log:":                            "日誌：",
	})
}
