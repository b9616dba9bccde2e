package reset

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"Contexts %s use namespace default again.": "context %s 都改回使用命名空間 default。",
		"labs cannot reach the nodes' static pod directories of this cluster: remove the manifests of the static Pods %s from the kubelets' staticPodPath yourself.": "labs 無法存取這個叢集節點上的 static Pod 目錄：請自行從 kubelet 的 staticPodPath 移除 static Pod %s 的 manifest。",
		"finding the nodes' static pod directories: %w":                                           "尋找各節點的 static Pod 目錄時出錯：%w",
		"reading the static pod directory %s of node %s: %w":                                      "讀取節點 %[2]s 的 static Pod 目錄 %[1]s 時出錯：%[3]w",
		"removing the static Pod manifest %s: %w":                                                 "移除 static Pod 的 manifest %s 時出錯：%w",
		"Removed the static Pod %[1]s from node %[2]s (%[3]s).":                                   "已從節點 %[2]s 移除 static Pod %[1]s（%[3]s）。",
		"the mirror Pod %s/%s is still there after its manifest was removed: %w":                  "manifest 已移除，但 mirror Pod %s/%s 還在：%w",
		"Mirror Pod %s/%s is gone.":                                                               "mirror Pod %s/%s 已消失。",
		"Deleting what carries the label %s...":                                                   "正在刪除帶有標籤 %s 的物件……",
		"Lab %s reset: a new attempt begins now (earlier evidence no longer counts).":             "實作練習 %s 已重設：新的一輪從現在開始（之前的操作紀錄不再算數）。",
		"Deleting namespace %s...":                                                                "正在刪除命名空間 %s……",
		"deleting the pods of namespace %s: %w":                                                   "刪除命名空間 %s 的 Pod 時出錯：%w",
		"deleting namespace %s: %w":                                                               "刪除命名空間 %s 時出錯：%w",
		"namespace %s is still being deleted: %w":                                                 "命名空間 %s 還在刪除中：%w",
		"Namespace %s is gone (%s).":                                                              "命名空間 %s 已刪除（%s）。",
		"listing API resources: %w":                                                               "列出 API 資源時出錯：%w",
		"deleting %s %s: %w":                                                                      "刪除 %s %s 時出錯：%w",
		"Deleted %s %s/%s":                                                                        "已刪除 %s %s/%s",
		"Your files in %s are kept (labs clears only the work directories it made).":              "%s 裡的檔案保留不動（labs 只會清空它自己建立的工作目錄）。",
		"Delete the %[1]d files in the work directory %[2]s? [y/N] ":                              "要刪除工作目錄 %[2]s 裡的 %[1]d 個檔案嗎？[y/N] ",
		"Your files in %s are kept (--clear-files deletes them).":                                 "%s 裡的檔案保留不動（加上 --clear-files 可以刪除）。",
		"clearing the work directory %s: %w":                                                      "清空工作目錄 %s 時出錯：%w",
		"Work directory %s cleared.":                                                              "工作目錄 %s 已清空。",
		"reading kubeconfig %s: %w":                                                               "讀取 kubeconfig %s 時出錯：%w",
		"writing kubeconfig %s: %w":                                                               "寫入 kubeconfig %s 時出錯：%w",
		"The current context uses namespace default again.":                                       "目前的 context 已改回使用命名空間 default。",
		"lab %[1]s runs in another terminal (a walkthrough): quit it there (q) first, then reset": "實作練習 %[1]s 正在另一個終端機的逐步導覽中進行：請先在那裡按 q 離開，再重設",
	})
}
