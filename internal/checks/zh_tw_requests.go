package checks

import "github.com/labs-dev/labs/internal/i18n"

// The messages of the request steps (requests.go) and of "was deleted" for cluster-scoped
// objects (delete.go).
func init() {
	i18n.Register(map[string]string{
		"%[1]s is namespaced: say which namespace %[1]s %[2]s was deleted from (… was deleted from namespace \"…\")":                                 "%[1]s 屬於命名空間：請寫出 %[1]s %[2]s 是從哪個命名空間刪除的（`… was deleted from namespace \"…\"`）",
		"%[1]s is cluster-scoped, in no namespace: write %[1]s \"%[2]s\" was deleted":                                                                "%[1]s 是叢集層級的物件，不屬於任何命名空間：請寫 `%[1]s \"%[2]s\" was deleted`",
		"the API server rejected the delete of %s %s: %s":                                                                                            "API Server 拒絕了刪除 %s %s 的請求：%s",
		"%[1]s %[2]s still exists and nobody deleted it since the lab started; delete it: `kubectl delete %[3]s %[2]s`":                              "%[1]s %[2]s 還在，自實作練習開始以來也沒有人刪除它；請刪除它：`kubectl delete %[3]s %[2]s`",
		"no delete of %s %s since the lab started: it is absent, but it was never deleted here (create it first if the lab says so, then delete it)": "自實作練習開始以來，沒有看到刪除 %s %s 的請求：它不存在，但不是在這裡刪除的（如果實作練習要求先建立它，請先建立再刪除）",
		"%s %s was deleted at %s but exists again (created %s): something created it again":                                                          "%s %s 已在 %s 刪除，現在卻又出現了（建立於 %s）：有東西重新建立了它",

		" in namespace %s": "（命名空間 %s）",
		"%[1]s is namespaced: say in which namespace (… of %[1]s \"%[2]s\" in namespace \"…\" with %[3]d)":                                                                       "%[1]s 屬於命名空間：請寫出是哪個命名空間（`… of %[1]s \"%[2]s\" in namespace \"…\" with %[3]d`）",
		"the API server refused kubectl's %[1]s of %[2]s %[3]s%[4]s with %[5]s, not %[6]d":                                                                                       "API Server 拒絕了 kubectl 對 %[2]s %[3]s 的 %[1]s 請求%[4]s，但回應的是 %[5]s，而不是 %[6]d",
		"the API server accepted kubectl's %[1]s of %[2]s %[3]s%[4]s; the step is about a request it refuses with %[5]d (read the lab's text again: which name, which request?)": "API Server 接受了 kubectl 對 %[2]s %[3]s 的 %[1]s 請求%[4]s；這個步驟要的是一個會被它以 %[5]d 拒絕的請求（請再讀一次實作練習的說明：是哪個名稱、哪個請求？）",
		"kubectl sent no %[1]s of %[2]s %[3]s%[4]s since the lab started; send it, and read the API server's answer":                                                             "自實作練習開始以來，kubectl 沒有送出對 %[2]s %[3]s 的 %[1]s 請求%[4]s；請送出它，並看看 API Server 怎麼回答",

		"%[1]s requested %[2]s, but not with %[3]s since the lab started": "自實作練習開始以來，%[1]s 請求過 %[2]s，但沒有帶 %[3]s",
		"the API server refused %[1]s's request %[2]s":                    "API Server 拒絕了 %[1]s 的請求 %[2]s",
		"%[1]s reached the API server without credentials (%[2]s); go through `kubectl proxy` (it adds yours): `kubectl proxy &`, then %[1]s http://127.0.0.1:8001%[3]s": "%[1]s 沒有帶憑證就連到了 API Server（%[2]s）；請透過 `kubectl proxy`（它會幫你加上憑證）：先 `kubectl proxy &`，再 %[1]s http://127.0.0.1:8001%[3]s",
		"no request of %[1]s through kubectl proxy for %[2]s since the lab started; start the proxy (`kubectl proxy &`), then `%[1]s http://127.0.0.1:8001%[2]s`":        "自實作練習開始以來，沒有看到 %[1]s 透過 kubectl proxy 請求 %[2]s；請先啟動 proxy（`kubectl proxy &`），再執行 `%[1]s http://127.0.0.1:8001%[2]s`",

		"the API server rejected kubectl's server-side dry-run %[1]s of %[2]s %[3]s: %[4]s":                                                                                                  "API Server 拒絕了 kubectl 對 %[2]s %[3]s 的伺服器端 dry-run %[1]s：%[4]s",
		"kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s, but no dry-run %[4]s (does %[2]s %[3]s exist? `kubectl diff` patches an object that exists and creates one that does not)": "kubectl 對 %[2]s %[3]s 送出了伺服器端 dry-run %[1]s，但沒有 dry-run %[4]s（%[2]s %[3]s 存在嗎？`kubectl diff` 對已存在的物件送 patch，對不存在的物件送 create）",
		"kubectl sent a server-side dry-run %[1]s of %[2]s %[3]s, not of %[4]s":                                                                                                              "kubectl 送出的伺服器端 dry-run %[1]s 是對 %[2]s %[3]s，而不是 %[4]s",
		"kubectl sent a %[1]s of %[2]s %[3]s for real, not as a server-side dry run (`kubectl diff` and --dry-run=server change nothing)":                                                    "kubectl 真的對 %[2]s %[3]s 送出了 %[1]s，而不是伺服器端 dry run（`kubectl diff` 和 --dry-run=server 不會改變任何東西）",
		"kubectl sent no server-side dry-run %[1]s of %[2]s %[3]s in namespace %[4]s since the lab started (`kubectl diff -f FILE` sends one for an object that exists)":                     "自實作練習開始以來，kubectl 沒有對命名空間 %[4]s 中的 %[2]s %[3]s 送出伺服器端 dry-run %[1]s（對已存在的物件，`kubectl diff -f 檔案` 會送出一個）",
	})
}
