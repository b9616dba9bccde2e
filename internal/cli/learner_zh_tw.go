package cli

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of the learner commands: start, list, check, reset, shell and cluster env.
func init() {
	i18n.Register(map[string]string{
		"no lab %[1]q; did you mean %[2]s? (labs: %[3]s)":                                       "沒有實作練習「%[1]s」；你是不是要找 %[2]s？（現有的實作練習：%[3]s）",
		"ended %[1]d/%[2]d, %[3]d skipped":                                                      "結束 %[1]d/%[2]d，跳過 %[3]d 步",
		"no lab %[1]q (labs: %[2]s)":                                                            "沒有實作練習「%[1]s」（現有的實作練習：%[2]s）",
		"lab %[1]s is broken (labs validate shows why):\n%[2]v":                                 "實作練習 %[1]s 有錯誤（執行 labs validate 可以看到原因）：\n%[2]v",
		"the %[1]s cluster is not running: `%[2]s start <lab>` or `%[2]s cluster up` starts it": "%[1]s叢集沒有在執行：用 `%[2]s start <實作練習>` 或 `%[2]s cluster up` 啟動它",
		"Use kubectl with the kubeconfig %[1]s. Your files go in %[2]s.":                        "請用 kubeconfig %[1]s 搭配 kubectl。你的檔案請放在 %[2]s。",
		"Press t for a shell with kubectl in the work directory (exit returns here). Or, in another terminal, `%[1]s shell` opens one, or `eval \"$(%[1]s cluster env)\"` sets up the one you have. Your files go in %[2]s.": "按 t 開一個可以用 kubectl 的 shell，位置就在工作目錄（exit 後回到這裡）。也可以在另一個終端機執行 `%[1]s shell` 開一個，或執行 `eval \"$(%[1]s cluster env)\"` 設定你目前的 shell。你的檔案請放在 %[2]s。",
		"Your progress in lab %s was made on another cluster (it was deleted and created anew since): what the earlier steps created is gone.":                                                                               "你在實作練習 %s 的進度是在另一個叢集上完成的（那個叢集之後被刪除又重新建立了）：先前步驟建立的東西都已經不在了。",
		"[s] start over, [r] re-check the steps you did (keep those that still pass)? ":                                                                                                                                      "[s] 從頭開始，[r] 重新檢查你做過的步驟（保留仍然通過的）？",
		"Not a terminal: re-checking the steps you did.":                  "不是在終端機上執行：重新檢查你做過的步驟。",
		"Starting over: a new attempt begins now.":                        "從頭開始：新的一輪從現在開始。",
		"  %[1]s is to do again: %[2]s":                                   "  「%[1]s」需要重做：%[2]s",
		"%[1]d of the %[2]d steps you did still pass.":                    "你做過的 %[2]d 個步驟中，有 %[1]d 個仍然通過。",
		"%[1]q takes one lab, got %[2]d arguments (labs list shows them)": "「%[1]s」需要指定一個實作練習，但收到 %[2]d 個參數（labs list 會列出所有實作練習）",
		"LAB\tSTEPS\tPROGRESS\tTITLE":                                     "實作練習\t步驟數\t進度\t標題",
		"broken":                                                          "有錯誤",
		"unreadable":                                                      "無法讀取",
		"done %[1]d/%[2]d":                                                "已完成 %[1]d/%[2]d",
		"%[1]d/%[2]d, at %[3]q":                                           "%[1]d/%[2]d，目前在「%[3]s」",
		"--output must be text or json, not %q":                           "--output 只能是 text 或 json，不能是「%s」",
		"lab %[1]s has no step %[2]q (steps: %[3]s)":                      "實作練習 %[1]s 沒有步驟「%[2]s」（有的步驟：%[3]s）",
		"%[1]d of %[2]d steps fail":                                       "%[2]d 個步驟中有 %[1]d 個沒有通過",
		"No attempt at lab %[1]s yet: one begins now, and only what you do from now on counts as evidence.":                          "實作練習 %[1]s 還沒開始過：現在開始新的一輪，只有從現在起的操作才算數。",
		"Warning: your progress in lab %[1]s was made on another cluster; %[2]s offers to start over or re-check the steps you did.": "注意：你在實作練習 %[1]s 的進度是在另一個叢集上完成的；執行 %[2]s 可以選擇從頭開始，或重新檢查你做過的步驟。",
		"--clear-files and --keep-files contradict each other: choose one":                                                           "--clear-files 和 --keep-files 互相矛盾：請擇一使用",
		"%v; only the progress is reset.": "%v；只重設進度。",
		"preparing the shell: %w":         "準備 shell 時出錯：%w",
		"Starting %[1]s in %[2]s with kubectl connected to the %[3]s cluster. Type 'exit' to leave.": "在 %[2]s 啟動 %[1]s，kubectl 已連上%[3]s叢集。輸入 `exit` 離開。",
		"Starting %[1]s with kubectl connected to the %[2]s cluster. Type 'exit' to leave.":          "啟動 %[1]s，kubectl 已連上%[2]s叢集。輸入 `exit` 離開。",
		"lab %[1]s already runs in another terminal: quit it there (q) first":                        "實作練習 %[1]s 已經在另一個終端機執行中：請先在那裡按 q 離開",
		"wrote %s":             "已寫入 %s",
		"not here: labs shell": "不在這裡：執行 labs shell",
		"embedded":             "內建",
		"existing":             "現有的",
		"Edit them, then: %[3]s validate %[1]s && %[3]s start %[2]s --labs-dir %[1]s": "編輯這些檔案，然後執行：%[3]s validate %[1]s && %[3]s start %[2]s --labs-dir %[1]s",
		"lab id %q is not valid: use lower-case letters, digits and dashes":           "實作練習 id 「%s」不合格式：只能用小寫英文字母、數字和連字號",
	})
}
