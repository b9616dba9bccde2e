package runner

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of what beginning, resuming and checking an attempt says, and of labs test.
func init() {
	i18n.Register(map[string]string{
		"Your progress in lab %s was made on another cluster (it was deleted and created anew since): what the earlier steps created is gone.": "你在實作練習 %s 的進度是在另一個叢集上完成的（那個叢集之後被刪除又重新建立了）：先前步驟建立的東西都已經不在了。",
		"[s] start over, [r] re-check the steps you did (keep those that still pass)? ":                                                        "[s] 從頭開始，[r] 重新檢查你做過的步驟（保留仍然通過的）？",
		"Not a terminal: re-checking the steps you did.":                                                                                       "不是在終端機上執行：重新檢查你做過的步驟。",
		"Starting over: a new attempt begins now.":                                                                                             "從頭開始：新的一輪從現在開始。",
		"  %[1]s is to do again: %[2]s":                                                                                                        "  「%[1]s」需要重做：%[2]s",
		"%[1]d of the %[2]d steps you did still pass.":                                                                                         "你做過的 %[2]d 個步驟中，有 %[1]d 個仍然通過。",
		"lab %[1]s has no step %[2]q (steps: %[3]s)":                                                                                           "實作練習 %[1]s 沒有步驟「%[2]s」（有的步驟：%[3]s）",
		"No attempt at lab %[1]s yet: one begins now, and only what you do from now on counts as evidence.":                                    "實作練習 %[1]s 還沒開始過：現在開始新的一輪，只有從現在起的操作才算數。",
		"Warning: your progress in lab %[1]s was made on another cluster; %[2]s offers to start over or re-check the steps you did.":           "注意：你在實作練習 %[1]s 的進度是在另一個叢集上完成的；執行 %[2]s 可以選擇從頭開始，或重新檢查你做過的步驟。",
		"lab %[1]s already runs in another terminal: quit it there (q) first":                                                                  "實作練習 %[1]s 已經在另一個終端機執行中：請先在那裡按 q 離開",
		"--answers: %v": "--answers：%v",
		"%d labs, %d steps: %d ok, %d failed, %d not checkable on this cluster in %.1fs": "%d 個實作練習、%d 個步驟：%d 個通過、%d 個失敗、%d 個在這個叢集上無法檢查，共 %.1f 秒",
		"%d labs, %d steps: %d ok, %d failed in %.1fs":                                   "%d 個實作練習、%d 個步驟：%d 個通過、%d 個失敗，共 %.1f 秒",
		"Starting a fresh cluster (%s)...":                                               "正在啟動全新的叢集（%s）……",
		"Cluster ready in %.1fs.":                                                        "叢集在 %.1f 秒內就緒。",
		"answer %s, ":                                                                    "答案%s，",
		"fails before, passes after (%ssolution %s, check %s)":                           "解答前不通過、解答後通過（%s解答 %s，檢查 %s）",
		"%d/%d in %.1fs":                                                                 "%d/%d，共 %.1f 秒",
		"stays red":                                                                      "仍未通過",
		"passes too":                                                                     "也能通過",
		"%[1]d of %[2]d steps fail":                                                      "%[2]d 個步驟中有 %[1]d 個沒有通過",
	})
}
