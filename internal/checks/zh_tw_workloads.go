package checks

import "github.com/labs-dev/labs/internal/i18n"

// The messages of the steps about Pods by selector or owner, Deployments and their rollouts
// (workloads.go), CEL expressions (cel.go) and !contains lists (match.go).
func init() {
	i18n.Register(map[string]string{
		"bad label selector %q in the lab: %v": "實作練習中的標籤選擇器「%s」無效：%v",
		"pods with label %s":                   "標籤為 %s 的 Pod",
		"pods of deployment %s":                "Deployment %s 的 Pod",
		"deployment %s in namespace %s has no pods (spec.replicas is %d)":                            "命名空間 %[2]s 中的 Deployment %[1]s 沒有任何 Pod（spec.replicas 是 %[3]d）",
		"there are no %s in namespace %s (check the labels: `kubectl get pods -n %s --show-labels`)": "命名空間 %[2]s 中沒有%[1]s（檢查標籤：`kubectl get pods -n %[3]s --show-labels`）",
		"; pod %s is not ready: %s": "；Pod %s 還沒有就緒：%s",
		" (the deployment asks for %d replicas: `kubectl scale deployment %s --replicas=%d -n %s`)":   "（這個 Deployment 要求 %d 個副本：`kubectl scale deployment %s --replicas=%d -n %s`）",
		"expected %d ready %s in namespace %s, found %d ready of %d":                                  "%[2]s（命名空間 %[3]s）預期有 %[1]d 個就緒，實際上 %[5]d 個中有 %[4]d 個就緒",
		"not every one of the %s runs %s: pod %s runs %s (a rollout still under way, or stuck?)":      "%[1]s 並非都執行 %[2]s：Pod %[3]s 執行的是 %[4]s（更新還在進行中，或是卡住了？）",
		"every one of the %s pulled its image: %s; an image tag that does not exist cannot be pulled": "%[1]s 都已拉取映像檔：%[2]s；不存在的映像檔標籤是無法拉取的",
		"no new pod among the %s since %s: %s were there already":                                     "自 %[2]s 以來，%[1]s 中沒有新的 Pod：%[3]s 早就在了",
		"kubectl exec into one of the %s ran without -it (stdin and a terminal)":                      "%s：kubectl exec 進入其中一個時沒有加 -it（標準輸入和終端機）",
		"kubectl exec into one of the %s ran %s, not %s":                                              "%[1]s：kubectl exec 進入其中一個時執行的是 %[2]s，而不是 %[3]s",
		"the API server refused kubectl exec into one of the %s: %s":                                  "%[1]s：API Server 拒絕了 kubectl exec 進入其中一個：%[2]s",
		"kubectl exec went into pod %[1]s, of an earlier pod template of deployment %[2]s (before its last change, or before the controller saw it); exec into a Pod it runs now: `kubectl exec deploy/%[2]s -n %[3]s -- …`": "kubectl exec 進入的是 Pod %[1]s，它屬於 Deployment %[2]s 較早的 Pod 範本（在它最後一次變更之前，或控制器還沒看到這次變更）；請進入它現在執行的 Pod：`kubectl exec deploy/%[2]s -n %[3]s -- …`",
		"kubectl exec went into pod %s, which is not one of the %s":                "kubectl exec 進入的是 Pod %[1]s，它不在這些 Pod 之中：%[2]s",
		"no kubectl exec into one of the %s in namespace %s since the lab started": "%[1]s（命名空間 %[2]s）：自實作練習開始以來，沒有看到 kubectl exec 進入其中任何一個",
		"kubectl deleted pod %[1]s, of an earlier pod template of deployment %[2]s: a rollout removes those, no ReplicaSet replaces them; delete one of the Pods it runs now (`kubectl get pods -n %[3]s`)": "kubectl 刪除的是 Pod %[1]s，它屬於 Deployment %[2]s 較早的 Pod 範本：更新時會移除這種 Pod，不會有 ReplicaSet 補上；請刪除它現在執行的其中一個 Pod（`kubectl get pods -n %[3]s`）",
		"kubectl deleted pod %s, which is not one of the %s":                                                                                                                "kubectl 刪除的是 Pod %[1]s，它不在這些 Pod 之中：%[2]s",
		"kubectl deleted none of the %s in namespace %s since the lab started (`kubectl get pods -n %s` lists them)":                                                        "%[1]s（命名空間 %[2]s）：自實作練習開始以來，kubectl 沒有刪除其中任何一個（`kubectl get pods -n %[3]s` 會列出它們）",
		"deployment %s was created at %s, after the pod was deleted: a Deployment made again is not a Pod replaced; delete one Pod of it and let its ReplicaSet replace it": "Deployment %s 建立於 %s，是在 Pod 刪除之後才建立的：重新建立 Deployment 不等於補上 Pod；請刪除它的一個 Pod，讓它的 ReplicaSet 補上新的",
		"no pod of deployment %s was created after the delete at %s (yet)":                                                                                                  "在 %[2]s 刪除之後，Deployment %[1]s 還沒有建立新的 Pod",
		"a new pod replaced the deleted one, but %d of %d pods of deployment %s are ready (yet)":                                                                            "新的 Pod 已取代被刪除的那個，但 Deployment %[3]s 的 Pod 目前只有 %[1]d/%[2]d 個就緒",
		"deployment %s has not been rolled out: the controller has not seen its latest change yet (generation %d, observed %d)":                                             "Deployment %s 還沒有完成更新：控制器還沒看到它最新的變更（generation %d，observedGeneration %d）",
		"deployment %s is not rolled out: %d replicas wanted, %d updated, %d ready, %d available, %d in all":                                                                "Deployment %s 還沒有完成更新：要求 %d 個副本，已更新 %d 個、就緒 %d 個、可用 %d 個、總共 %d 個",
		"; the rollout is stuck: %s": "；更新卡住了：%s",
		"deployment %s is at revision %s, not %s (each new pod template makes a revision: `kubectl rollout history deployment %s -n %s` lists them)":                                                                                                     "Deployment %s 的修訂版本是 %s，而不是 %s（每個新的 Pod 範本都會產生一個修訂版本：`kubectl rollout history deployment %s -n %s` 會列出它們）",
		"the last change of deployment %[1]s was %[2]s, not `kubectl rollout undo`: setting the old image again makes a new revision by hand; roll back with `kubectl rollout undo deployment/%[1]s -n %[3]s`":                                           "Deployment %[1]s 最後一次變更是 %[2]s，而不是 `kubectl rollout undo`：再設定一次舊的映像檔，等於手動產生新的修訂版本；請用 `kubectl rollout undo deployment/%[1]s -n %[3]s` 復原",
		"no `kubectl rollout undo` of deployment %[1]s in namespace %[2]s since the lab started (`kubectl rollout history` and `kubectl describe` only read it); run `kubectl rollout undo deployment/%[1]s -n %[2]s`":                                   "自實作練習開始以來，沒有看到對命名空間 %[2]s 中 Deployment %[1]s 的 `kubectl rollout undo`（`kubectl rollout history` 和 `kubectl describe` 只會讀取它）；請執行 `kubectl rollout undo deployment/%[1]s -n %[2]s`",
		"deployment %[1]s was made again at %[2]s and kubectl has not changed it since: a Deployment deleted and created with the new spec is not the one there was, changed; change it in place (`kubectl scale`, `kubectl set image`, `kubectl edit`)": "Deployment %[1]s 在 %[2]s 重新建立，之後 kubectl 就沒有變更過它：刪除後再以新的 spec 建立 Deployment，並不等於變更原本那個 Deployment；請直接變更它（`kubectl scale`、`kubectl set image`、`kubectl edit`）",
		"kubectl did not change deployment %[1]s in namespace %[2]s (`kubectl scale`, `kubectl set image`, `kubectl edit` change it; `kubectl label` and `kubectl annotate` do not change its spec)":                                                     "kubectl 沒有變更命名空間 %[2]s 中的 Deployment %[1]s（`kubectl scale`、`kubectl set image`、`kubectl edit` 會變更它；`kubectl label` 和 `kubectl annotate` 不會變更它的 spec）",
		"`kubectl get pods -n %s` lists them":                               "`kubectl get pods -n %s` 會列出它們",
		"`kubectl rollout history deployment %s -n %s` lists the revisions": "`kubectl rollout history deployment %s -n %s` 會列出各個修訂版本",

		"kubectl watched deployment %[1]s before its last change at %[2]s, not since; watch this rollout: `kubectl rollout status deployment/%[1]s -n %[3]s`": "kubectl 是在 Deployment %[1]s 最後一次變更（%[2]s）之前觀察它的，之後就沒有了；請觀察這次更新：`kubectl rollout status deployment/%[1]s -n %[3]s`",
		"kubectl did not watch the rollout of deployment %[1]s in namespace %[2]s; run `kubectl rollout status deployment/%[1]s -n %[2]s`":                    "kubectl 沒有觀察命名空間 %[2]s 中 Deployment %[1]s 的更新過程；請執行 `kubectl rollout status deployment/%[1]s -n %[2]s`",

		// cel.go
		"the lab's CEL expression is invalid: %s": "實作練習中的 CEL 運算式無效：%s",
		"%s does not satisfy %s: %v":              "%s 不符合 %s：%v",
		"%s does not satisfy %s (it is %v)":       "%s 不符合 %s（結果是 %v）",
		"%[1]s is namespaced: say in which namespace (%[1]s \"%[2]s\" in namespace \"…\" satisfies:)": "%[1]s 屬於命名空間：請寫出是哪個命名空間（`%[1]s \"%[2]s\" in namespace \"…\" satisfies:`）",
		"the %s with label %s": "標籤為 %[2]s 的 %[1]s",

		// match.go
		"%s has no element matching %s (it is %s)": "%s 裡沒有符合 %s 的元素（它是 %s）",
	})
}
