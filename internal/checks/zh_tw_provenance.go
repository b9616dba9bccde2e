package checks

import "github.com/labs-dev/labs/internal/i18n"

// The messages of the steps that tell look-alike kubectl commands apart (provenance.go), of the
// dry run by a given command (evidence.go).
func init() {
	i18n.Register(map[string]string{
		"kubectl requested %s, not exactly %s (another command sends that; read the step again)":                                                                   "kubectl 請求的是 %s，和 %s 不完全相同（那是別的指令送出的請求；請再讀一次步驟說明）",
		"kubectl read the events of something else (%s), not of %s %s; run %s":                                                                                     "kubectl 讀取的是其他東西的事件（%s），不是 %s %s 的；請執行 %s",
		"kubectl listed all the events of namespace %s, as `kubectl get events` does; describe reads only those of one object and shows them with it: run %s":      "kubectl 列出了命名空間 %s 的所有事件，這是 `kubectl get events` 的做法；describe 只讀取單一物件的事件，並和物件一起顯示：請執行 %s",
		"kubectl did not describe %s %s in namespace %s since the lab started; run %s":                                                                             "自實作練習開始以來，kubectl 沒有 describe 命名空間 %[3]s 中的 %[1]s %[2]s；請執行 %[4]s",
		"kubectl exec ran %s in pod %s, not %q; run %s":                                                                                                            "kubectl exec 在 Pod %[2]s 中執行的是 %[1]s，不是「%[3]s」；請執行 %[4]s",
		"`kubectl delete pod %[1]s -n %[2]s`, then `kubectl get pods -n %[2]s --watch` in one terminal and create the pod again in another":                        "先 `kubectl delete pod %[1]s -n %[2]s`，再在一個終端機執行 `kubectl get pods -n %[2]s --watch`，並在另一個終端機重新建立這個 Pod",
		"kubectl did not watch the pods of namespace %s since the lab started (`kubectl get pods --watch`)":                                                        "自實作練習開始以來，kubectl 沒有 watch 命名空間 %s 的 Pod（`kubectl get pods --watch`）",
		"kubectl's watch started after pod %s had finished its init containers (at %s), so it showed none of Init:0/2, Init:1/2, PodInitializing; to see them: %s": "kubectl 的 watch 是在 Pod %s 的 init 容器都完成之後（%s）才開始的，所以看不到 Init:0/2、Init:1/2、PodInitializing；想看到它們：%s",
		"kubectl's watch of namespace %s ended before pod %s was created; keep it open while the pod starts: %s":                                                   "kubectl 對命名空間 %s 的 watch 在 Pod %s 建立之前就結束了；請在 Pod 啟動期間讓它保持開啟：%s",
		"a non-zero code": "非零的結束碼",
		"code %d":         "結束碼 %d",
		"no container of pod %s has exited yet (expected one to exit with %s): %s":                                                                                                       "Pod %s 還沒有任何容器結束（預期有容器以%s結束）：%s",
		"the containers of pod %s exited with %s, not with %s: check the command the container runs":                                                                                     "Pod %s 的容器已結束（%s），但不是以%s結束：請檢查容器執行的指令",
		"%s puts %s %s in namespace %s, not %s":                                                                                                                                          "%s 把 %s %s 放在命名空間 %s，而不是 %s",
		"there is no %[1]s %[2]s in namespace %[3]s; create it from the file: `kubectl apply -f %[4]s`":                                                                                  "命名空間 %[3]s 中沒有 %[1]s %[2]s；請用檔案建立它：`kubectl apply -f %[4]s`",
		"%[1]s %[2]s differs from %[3]s: %[4]s (made another way, or from another file? delete it and apply the file: `kubectl delete %[5]s %[2]s%[6]s`, then `kubectl apply -f %[3]s`)": "%[1]s %[2]s 和 %[3]s 不一樣：%[4]s（用別的方式或別的檔案建立的嗎？請刪除它再套用這個檔案：`kubectl delete %[5]s %[2]s%[6]s`，然後 `kubectl apply -f %[3]s`）",
		"%[1]s %[2]s was made by %[3]s, not from %[4]s; delete it (`kubectl delete %[5]s %[2]s%[6]s`) and create it from the file: `kubectl apply -f %[4]s`":                             "%[1]s %[2]s 是由 %[3]s 建立的，不是來自 %[4]s；請刪除它（`kubectl delete %[5]s %[2]s%[6]s`），再用檔案建立：`kubectl apply -f %[4]s`",
		// by, after "was not written by `kubectl apply`": the field managers that wrote it.
		" (%s)": "（%s）",
		"%[1]s %[2]s was not written by `kubectl apply`%[3]s; apply the file: `kubectl apply -f %[4]s`": "%[1]s %[2]s 不是由 `kubectl apply` 寫入的%[3]s；請套用這個檔案：`kubectl apply -f %[4]s`",
		"%s %s has an unreadable %s annotation: %v":                                                     "%s %s 的 %s 註解無法讀取：%v",
		"the last `kubectl apply` of %[1]s %[2]s did not apply %[3]s: in what it applied, %[4]s (changed with another command, such as `kubectl label` or `edit`? apply the file: `kubectl apply -f %[3]s`)": "最後一次對 %[1]s %[2]s 的 `kubectl apply` 套用的不是 %[3]s：在它套用的內容中，%[4]s（是用其他指令改的嗎？例如 `kubectl label` 或 `edit`；請套用這個檔案：`kubectl apply -f %[3]s`）",
		"count the lines of `kubectl api-resources %s --no-headers`":                                                                                                                                              "數一數 `kubectl api-resources %s --no-headers` 輸出的行數",
		"kubectl did not watch %[1]s since the lab started: run `kubectl get %[1]s --watch -v 6` and read the URL of its second request":                                                                          "自實作練習開始以來，kubectl 沒有 watch %[1]s：請執行 `kubectl get %[1]s --watch -v 6`，看看第二個請求的網址",
		"the URL of the watch request in `kubectl get %s --watch -v 6` holds it (resourceVersion=…)":                                                                                                              "`kubectl get %s --watch -v 6` 中 watch 請求的網址裡就有答案（resourceVersion=…）",
		"kubectl sent a server-side dry run for %[1]s in namespace %[2]s with %[3]s, not with kubectl %[4]s; run the step's command with --dry-run=server (`kubectl %[4]s ... --dry-run=server`)":                 "kubectl 用 %[3]s 對命名空間 %[2]s 中的 %[1]s 送出了伺服器端 dry run，而不是用 kubectl %[4]s；請用步驟要求的指令加上 --dry-run=server（`kubectl %[4]s ... --dry-run=server`）",
		"kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s as `kubectl apply --dry-run=server` does, not as `kubectl diff` does; run `kubectl diff -f FILE`: it shows the difference, apply only checks it": "kubectl 對 %[2]s %[3]s 送出的伺服器端 dry run %[1]s 是 `kubectl apply --dry-run=server` 的做法，而不是 `kubectl diff` 的；請執行 `kubectl diff -f 檔案`：它會顯示差異，apply 只會檢查",
		"kubectl sent no delete for %s %s, only a server-side dry run of it (--dry-run=server deletes nothing); run %s":                                                                                           "kubectl 沒有刪除 %s %s，只送出了它的伺服器端 dry run（--dry-run=server 不會刪除任何東西）；請執行 %s",
		"%[1]s is namespaced: say in which namespace (%[1]s \"%[2]s\" in namespace \"…\" was … from the file)":                                                                                                    "%[1]s 屬於命名空間：請寫出是哪個命名空間（`%[1]s \"%[2]s\" in namespace \"…\" was … from the file`）",
		"there is no %[1]s %[2]s; create it from the file: `kubectl apply -f %[3]s`":                                                                                                                              "沒有 %[1]s %[2]s；請用檔案建立它：`kubectl apply -f %[3]s`",
		"%[1]s %[2]s still exists: kubectl's delete at %[3]s did not delete it (a --dry-run=server deletes nothing); delete it: `kubectl delete %[4]s %[2]s%[5]s`":                                                "%[1]s %[2]s 還在：kubectl 在 %[3]s 送出的刪除並沒有刪掉它（--dry-run=server 不會刪除任何東西）；請刪除它：`kubectl delete %[4]s %[2]s%[5]s`",
		"kubectl's delete of %[1]s %[2]s went to namespace %[3]s, not %[4]s; run %[5]s":                                                                                                                           "kubectl 刪除 %[1]s %[2]s 的請求送到了命名空間 %[3]s，而不是 %[4]s；請執行 %[5]s",
		"kubectl's delete of %[1]s %[2]s went to namespace %[3]s (the context's namespace, without -n?), not %[4]s; run %[5]s":                                                                                    "kubectl 刪除 %[1]s %[2]s 的請求送到了命名空間 %[3]s（context 的命名空間？少了 -n 嗎？），而不是 %[4]s；請執行 %[5]s",
	})
}
