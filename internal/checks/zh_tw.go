package checks

import "github.com/labs-dev/labs/internal/i18n"

// The zh-TW text of every message of the step library, as a Taiwanese learner reads it:
// 叢集, 命名空間, 映像檔, 實作練習; "Pod web" with a capital P, as Kubernetes names the kind.
func init() {
	i18n.Register(map[string]string{
		// env.go, run.go
		"cannot reach the cluster: %v (is it running? try `labs cluster status`)": "無法連線到叢集：%v（叢集有在執行嗎？試試 `labs cluster status`）",
		"bad duration %q in the lab: %v":                                          "實作練習中的時間長度 %q 無效：%v",
		"no Scenario tagged @%s":                                                  "沒有標記為 @%s 的 Scenario",
		"the lab uses an undefined step: %v":                                      "實作練習用到未定義的步驟：%v",

		// objects.go
		"to exist":     "存在",
		"to be Active": "為 Active",
		"expected namespace %s %s, but there is no such namespace%s": "預期命名空間 %s %s，但找不到這個命名空間%s",
		" (namespaces you have: %s)":                                 "（現有的命名空間：%s）",
		"namespace %s exists but is %s, not Active: it is being deleted; wait until it is gone and create it again": "命名空間 %s 存在，但狀態是 %s 而不是 Active：它正在刪除中；等它消失後再建立一次",
		"this cluster has no resource %q: %v":                                                                                                                "這個叢集沒有資源 %q：%v",
		"expected %s %s in namespace %s, but namespace %s does not exist":                                                                                    "預期命名空間 %[3]s 中有 %[1]s %[2]s，但命名空間 %[4]s 不存在",
		"expected %s %s in namespace %s, but there is none; found: %s (a different name? another namespace?)":                                                "預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有找到；現有的是：%[4]s（名稱打錯了？還是在別的命名空間？）",
		"expected %s %s in namespace %s, but there is none (created in another namespace? check your current namespace with `kubectl config view --minify`)": "預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有找到（是不是建立在別的命名空間？用 `kubectl config view --minify` 看看目前的命名空間）",
		"expected %s %s to exist, but there is none":                                                                                                         "預期 %s %s 存在，但找不到",
		"expected %s %s in namespace %s, but there is none: the API server refused kubectl's request: %s":                                                    "預期命名空間 %[3]s 中有 %[1]s %[2]s，但沒有找到：API Server 拒絕了 kubectl 的請求：%[4]s",
		"expected no %[1]s %[2]s in namespace %[3]s, but it exists (created %[4]s); delete it: `kubectl delete %[5]s %[2]s -n %[3]s`":                        "預期命名空間 %[3]s 中沒有 %[1]s %[2]s，但它存在（建立於 %[4]s）；請刪除它：`kubectl delete %[5]s %[2]s -n %[3]s`",
		"the lab's expected YAML is invalid: %v":                                                                                                             "實作練習中預期的 YAML 無效：%v",
		"%s %s exists but %s":                                                                                                                                "%s %s 存在，但 %s",

		// match.go
		"%s is not set (expected %s)": "%s 沒有設定（預期是 %s）",
		"%s is %s, not %s":            "%s 是 %s，而不是 %s",

		// pods.go
		"it is being deleted":                "它正在刪除中",
		"no node has been assigned (%s: %s)": "還沒有分配到節點（%s：%s）",
		"no node has been assigned yet (is there a Ready node? `kubectl get nodes`)": "還沒有分配到節點（有 Ready 的節點嗎？`kubectl get nodes`）",
		"container %s is waiting: %s%s":                                              "容器 %s 正在等待：%s%s",
		"container %s exited with code %d (%s)":                                      "容器 %s 已結束，結束代碼 %d（%s）",
		"it is on node %s":                                                           "它在節點 %s 上",
		"pod %s exists but is %s, not %s: %s":                                        "Pod %s 存在，但狀態是 %s 而不是 %s：%s",
		"pod %s has %d of %d containers ready, expected %d: %s":                      "Pod %s 有 %d/%d 個容器就緒，預期是 %d 個：%s",
		"pod %s exists but runs %s, not %s":                                          "Pod %s 存在，但執行的是 %s 而不是 %s",
		"; `kubectl run` cannot replace an existing pod: delete it first (`kubectl delete pod %[1]s -n %[2]s`) and create it again, or change the image in place (`kubectl set image pod/%[1]s %[3]s=%[4]s -n %[2]s`)": "；`kubectl run` 無法取代已存在的 Pod：請先刪除它（`kubectl delete pod %[1]s -n %[2]s`）再重新建立，或直接更換映像檔（`kubectl set image pod/%[1]s %[3]s=%[4]s -n %[2]s`）",
		"container %s of pod %s runs %s, not %s": "Pod %[2]s 的容器 %[1]s 執行的是 %[3]s 而不是 %[4]s",
		"pod %s has no container %s (its containers: %s); containers cannot be added to a pod: delete it (`kubectl delete pod %s -n %s`) and create it with that container": "Pod %s 沒有容器 %s（它的容器：%s）；Pod 建立後不能再加容器：請刪除它（`kubectl delete pod %s -n %s`），再建立一個含有這個容器的 Pod",
		"pod %s exists but runs %s, which does not match %s":                                        "Pod %s 存在，但執行的 %s 不符合 %s",
		"the lab's regular expression %q is invalid: %v":                                            "實作練習中的正規表示式 %q 無效：%v",
		"(the image's default command)":                                                             "（映像檔的預設指令）",
		"pod %s has no container %s":                                                                "Pod %s 沒有容器 %s",
		"pod %s exists but runs %s, not %q":                                                         "Pod %s 存在，但執行的是 %s 而不是 %q",
		"pod %s has restart policy %s, not %s (set spec.restartPolicy; `kubectl run --restart=%s`)": "Pod %s 的重新啟動策略是 %s 而不是 %s（請設定 spec.restartPolicy；`kubectl run --restart=%s`）",
		"pod %s restarted %d times, expected at least %d: %s":                                       "Pod %s 重新啟動了 %d 次，預期至少 %d 次：%s",
		"pod %s has no init containers; expected %s (spec.initContainers)":                          "Pod %s 沒有 init 容器；預期是 %s（spec.initContainers）",
		"pod %s has init containers %s, expected %s in that order":                                  "Pod %s 的 init 容器是 %s，預期依序是 %s",
		"pod %s has no init containers":                                                             "Pod %s 沒有 init 容器",
		"init container %s of pod %s has not completed: %s":                                         "Pod %[2]s 的 init 容器 %[1]s 還沒有完成：%[3]s",
		"pod %s is not on node %s: %s":                                                              "Pod %s 不在節點 %s 上：%s",
		"pod %s runs on node %s, not %s (nodeName, nodeSelector or affinity?)":                      "Pod %s 在節點 %s 上，而不是 %s（檢查 nodeName、nodeSelector 或 affinity）",
		"pod %s exists but is not a static pod: it was created through the API, not from a manifest in the node's static pod directory": "Pod %s 存在，但不是 static Pod：它是透過 API 建立的，而不是來自節點 static Pod 目錄中的 manifest 檔",
		"static pod %s belongs to node %s, not %s": "static Pod %s 屬於節點 %s，而不是 %s",

		// evidence.go
		"no kubeconfig to check":         "沒有可檢查的 kubeconfig",
		"cannot read the kubeconfig: %v": "無法讀取 kubeconfig：%v",
		"the current context uses namespace %s, not %s (change the context, not just one command's -n)": "目前的 context 使用命名空間 %s，而不是 %s（要改的是 context，不是單一指令的 -n）",
		"expected a file %s in %s, but there is none":                                                   "預期 %[2]s 中有檔案 %[1]s，但找不到",
		"cannot read %s: %v":                                 "無法讀取 %s：%v",
		"%s is not valid YAML: %v":                           "%s 不是有效的 YAML：%v",
		"%s: %s %s has no valid apiVersion (%q)":             "%s：%s %s 沒有有效的 apiVersion（%q）",
		"%s: the cluster does not serve %s in apiVersion %s": "%s：叢集不提供 apiVersion %[3]s 的 %[2]s",
		"%s holds no Kubernetes object (no kind)":            "%s 裡沒有 Kubernetes 物件（沒有 kind）",
		"%s holds %s, not %s/%s":                             "%s 裡是 %s，而不是 %s/%s",
		"this cluster offers no audit log, so labs cannot see which requests you made; use the embedded cluster": "這個叢集沒有提供稽核日誌，labs 無法得知你送出了哪些請求；請使用內建叢集",
		"cannot read the audit log: %v": "無法讀取稽核日誌：%v",
		"the API server rejected your server-side dry run for %s in namespace %s: %s; fix what it says and run the dry run again":                                                                                                                                            "API Server 拒絕了你對命名空間 %[2]s 中 %[1]s 的伺服器端 dry run：%[3]s；請依照錯誤訊息修正後，再執行一次 dry run",
		"no server-side dry run for %[1]s in namespace %[2]s yet, and %[3]s %[4]s exists: it was created for real, so a dry run of it changes nothing and kubectl sends none (\"unchanged\"); delete it (`kubectl delete %[3]s %[4]s -n %[2]s`), then run the dry run again": "還沒有看到對命名空間 %[2]s 中 %[1]s 的伺服器端 dry run，而且 %[3]s %[4]s 已經存在：它被真的建立了，所以對它做 dry run 不會有任何變更，kubectl 也就不會送出請求（顯示 \"unchanged\"）；請刪除它（`kubectl delete %[3]s %[4]s -n %[2]s`），再執行一次 dry run",
		"no server-side dry run for %s in namespace %s since the lab started (--dry-run=client never reaches the API server; use --dry-run=server)":                                                                                                                          "自實作練習開始以來，沒有看到對命名空間 %[2]s 中 %[1]s 的伺服器端 dry run（--dry-run=client 不會送到 API Server；請用 --dry-run=server）",
		"kubectl sent %s requests for %s, but no %s":                  "kubectl 對 %[2]s 送出了 %[1]s 請求，但沒有 %[3]s 請求",
		"kubectl sent no %s request for %s since the lab started":     "自實作練習開始以來，kubectl 沒有對 %[2]s 送出 %[1]s 請求",
		"kubectl requested %s, but not with %s since the lab started": "自實作練習開始以來，kubectl 請求過 %[1]s，但沒有帶 %[2]s",
		"kubectl did not request %s since the lab started":            "自實作練習開始以來，kubectl 沒有請求 %s",
		"%s %s has events %s, but none with reason %s":                "%s %s 有事件 %s，但沒有原因為 %s 的事件",
		"no events for %s %s in namespace %s (yet)":                   "命名空間 %[3]s 中的 %[1]s %[2]s 還沒有任何事件",

		// delete.go
		"the default grace period": "預設的寬限期",
		"--grace-period=0 --force": "--grace-period=0 --force（強制刪除）",
		"a grace period of %ds":    "%d 秒的寬限期",
		"kubectl deleted %[1]s %[2]s in namespace %[3]s, not %[1]s %[4]s; delete the one the step names: %[5]s":                                                                                        "kubectl 刪除的是命名空間 %[3]s 中的 %[1]s %[2]s，而不是 %[1]s %[4]s；請刪除步驟指定的那一個：%[5]s",
		"kubectl sent no delete for %s %s in namespace %s since the lab started; run %s":                                                                                                               "自實作練習開始以來，kubectl 沒有刪除命名空間 %[3]s 中的 %[1]s %[2]s；請執行 %[4]s",
		"the audit log holds no delete options for %s %s (the cluster's audit policy is older than this check); restart the cluster with `labs cluster down` and `labs cluster up`, then delete again": "稽核日誌裡沒有 %s %s 的刪除選項（叢集的稽核政策比這項檢查舊）；請用 `labs cluster down` 和 `labs cluster up` 重新啟動叢集，再刪除一次",
		"the API server rejected kubectl's delete of %s %s in namespace %s: %s":                                                                                                                        "API Server 拒絕了 kubectl 刪除命名空間 %[3]s 中 %[1]s %[2]s 的請求：%[4]s",
		"kubectl deleted %s %s with %s, not %s; delete it again with %s (while it is still terminating, or after creating it again)":                                                                   "kubectl 刪除 %s %s 時用的是 %s，而不是 %s；請用 %s 再刪除一次（趁它還在終止中，或重新建立之後）",
		"the API server rejected the delete of %s %s in namespace %s: %s":                                                                                                                              "API Server 拒絕了刪除命名空間 %[3]s 中 %[1]s %[2]s 的請求：%[4]s",
		"%[1]s %[2]s still exists in namespace %[3]s and nobody deleted it since the lab started; delete it: `kubectl delete %[4]s %[2]s -n %[3]s`":                                                    "命名空間 %[3]s 中的 %[1]s %[2]s 還在，自實作練習開始以來也沒有人刪除它；請刪除它：`kubectl delete %[4]s %[2]s -n %[3]s`",
		"no delete of %s %s in namespace %s since the lab started: it is absent, but it was never deleted here (create it first if the lab says so, then delete it)":                                   "自實作練習開始以來，沒有看到刪除命名空間 %[3]s 中 %[1]s %[2]s 的請求：它不存在，但不是被刪除的（如果實作練習要求先建立它，請先建立再刪除）",
		"%s %s was deleted at %s but exists again (created %s): something created it again (a controller such as a Deployment?)":                                                                       "%s %s 在 %s 被刪除，但現在又存在了（建立於 %s）：有東西把它重新建立了（例如 Deployment 之類的控制器？）",
		"kubectl exec into pod %s ran without -it (stdin and a terminal); run %s":                                                                                                                      "對 Pod %s 的 kubectl exec 沒有加 -it（標準輸入和終端機）；請執行 %s",
		"the API server refused kubectl exec into pod %s: %s":                                                                                                                                          "API Server 拒絕了對 Pod %s 的 kubectl exec：%s",
		"kubectl exec into pod %s used container %s, not %s; name the container with -c: %s":                                                                                                           "對 Pod %s 的 kubectl exec 用的是容器 %s，而不是 %s；請用 -c 指定容器：%s",
		"kubectl exec went into pod %s, not %s; run %s":                                                                                                                                                "kubectl exec 進入的是 Pod %s，而不是 %s；請執行 %s",
		"no kubectl exec into pod %s in namespace %s since the lab started; run %s":                                                                                                                    "自實作練習開始以來，沒有看到對命名空間 %[2]s 中 Pod %[1]s 的 kubectl exec；請執行 %[3]s",

		// files.go
		"%s holds no YAML mapping (is it empty?)":                                                                                    "%s 裡沒有 YAML 對應（檔案是空的嗎？）",
		"%s does not match what the step expects: %s; edit the file and save it":                                                     "%s 不符合步驟的預期：%s；請修改檔案並存檔",
		"%s has an object without kind or metadata.name; kubectl cannot apply it":                                                    "%s 裡有物件沒有 kind 或 metadata.name；kubectl 無法套用它",
		"%[1]s holds %[2]s %[3]s, but there is no %[2]s %[3]s in namespace %[4]s; create it from the file: `kubectl apply -f %[1]s`": "%[1]s 裡有 %[2]s %[3]s，但命名空間 %[4]s 中沒有 %[2]s %[3]s；請用這個檔案建立它：`kubectl apply -f %[1]s`",
		"%s %s exists but differs from %s: %s (created another way? apply the file: `kubectl apply -f %s`)":                          "%s %s 存在，但和 %s 不同：%s（是用別的方式建立的嗎？請套用這個檔案：`kubectl apply -f %s`）",
		// answers.go
		"not answered yet: answer in the walkthrough (key a, or the number of a choice), with `labs answer %[1]s %[2]s \"your answer\"`, or in an answers file (a line `%[2]s: your answer`)": "還沒有作答：在逐步導覽中作答（按 a，或按選項的編號），或執行 `labs answer %[1]s %[2]s \"你的答案\"`，或寫在答案檔裡（一行 `%[2]s: 你的答案`）",
		"your answer %q is not right; think again (h shows a hint), then answer again":                                                                                                        "你的答案 %q 不正確；再想想看（按 h 看提示），然後重新作答",
		"your answer %q is not right; %s, then answer again":                                                                                                                                  "你的答案 %q 不正確；%s，然後重新作答",
		"`kubectl get pod %s -n %s -o wide` shows it":                                                                                                                                         "`kubectl get pod %s -n %s -o wide` 會顯示",
		"pod %s is on no node yet (%s)":                                                                                                                                                       "Pod %s 還沒有被排到任何節點上（%s）",
		"`kubectl get pod %s -n %s` shows it in STATUS, `kubectl describe pod %s -n %s` as Status":                                                                                            "`kubectl get pod %s -n %s` 的 STATUS 欄會顯示，`kubectl describe pod %s -n %s` 的 Status 也會",
		"bad JSONPath %q in the lab: %v":                                                                                                                                                      "實作練習中的 JSONPath %q 無效：%v",
		"`kubectl get %s %s -n %s -o yaml` shows it":                                                                                                                                          "`kubectl get %s %s -n %s -o yaml` 會顯示",
		"`kubectl config current-context` shows it":                                                                                                                                           "`kubectl config current-context` 會顯示",
		"cannot read the kubeconfig %s: %v":                                                                                                                                                   "無法讀取 kubeconfig %s：%v",
	})
}
