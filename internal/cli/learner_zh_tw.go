package cli

import "github.com/labs-dev/labs/internal/i18n"

// zh-TW of the learner commands: start, list, check, reset, shell and cluster env.
func init() {
	i18n.Register(map[string]string{
		"no lab %[1]q; did you mean %[2]s? (labs: %[3]s)":                                                           "沒有實作練習「%[1]s」；你是不是要找 %[2]s？（現有的實作練習：%[3]s）",
		"ended %[1]d/%[2]d, %[3]d skipped":                                                                          "結束 %[1]d/%[2]d，跳過 %[3]d 步",
		"no lab %[1]q (labs: %[2]s)":                                                                                "沒有實作練習「%[1]s」（現有的實作練習：%[2]s）",
		"lab %[1]s is broken (labs validate shows why):\n%[2]v":                                                     "實作練習 %[1]s 有錯誤（執行 labs validate 可以看到原因）：\n%[2]v",
		"the %[1]s cluster is not running: `%[2]s start <lab>` or `%[2]s cluster up` starts it":                     "%[1]s叢集沒有在執行：用 `%[2]s start <實作練習>` 或 `%[2]s cluster up` 啟動它",
		"Use kubectl with KUBECONFIG=%[1]s (this lab's own context, then your kubeconfig). Your files go in %[2]s.": "請在 KUBECONFIG=%[1]s 下使用 kubectl（先是這個實作練習自己的 context，再來是你的 kubeconfig）。你的檔案請放在 %[2]s。",
		"kubectl there uses this lab's own context (namespace %[1]s now): a namespace you set in it is this lab's only, and other labs' shells do not change it.":                                                            "那裡的 kubectl 使用這個實作練習自己的 context（目前的命名空間是 %[1]s）：你在裡面設定的命名空間只屬於這個實作練習，其他實作練習的 shell 也改不到它。",
		"kubectl here uses the context of lab %[1]s, its own (namespace %[2]s now); other labs have their own.":                                                                                                              "這裡的 kubectl 使用實作練習 %[1]s 自己的 context（目前的命名空間是 %[2]s）；其他實作練習各有自己的 context。",
		"use this lab's own kubeconfig context (default: the lab a walkthrough runs, else the last one)":                                                                                                                     "使用這個實作練習自己的 kubeconfig context（預設是逐步導覽正在進行的實作練習，沒有的話是上一個）",
		"Press t for a shell with kubectl in the work directory (exit returns here). Or, in another terminal, `%[1]s shell` opens one, or `eval \"$(%[1]s cluster env)\"` sets up the one you have. Your files go in %[2]s.": "按 t 開一個可以用 kubectl 的 shell，位置就在工作目錄（exit 後回到這裡）。也可以在另一個終端機執行 `%[1]s shell` 開一個，或執行 `eval \"$(%[1]s cluster env)\"` 設定你目前的 shell。你的檔案請放在 %[2]s。",
		"%[1]q takes one lab, got %[2]d arguments (labs list shows them)":                                                                                                                                                    "「%[1]s」需要指定一個實作練習，但收到 %[2]d 個參數（labs list 會列出所有實作練習）",
		"LAB\tSTEPS\tPROGRESS\tTITLE":           "實作練習\t步驟數\t進度\t標題",
		"broken":                                "有錯誤",
		"unreadable":                            "無法讀取",
		"done %[1]d/%[2]d":                      "已完成 %[1]d/%[2]d",
		"%[1]d/%[2]d, at %[3]q":                 "%[1]d/%[2]d，目前在「%[3]s」",
		"--output must be text or json, not %q": "--output 只能是 text 或 json，不能是「%s」",
		"%[1]d of %[2]d steps fail":             "%[2]d 個步驟中有 %[1]d 個沒有通過",
		"--clear-files and --keep-files contradict each other: choose one":                           "--clear-files 和 --keep-files 互相矛盾：請擇一使用",
		"%v; only the progress is reset.":                                                            "%v；只重設進度。",
		"preparing the shell: %w":                                                                    "準備 shell 時出錯：%w",
		"Starting %[1]s in %[2]s with kubectl connected to the %[3]s cluster. Type 'exit' to leave.": "在 %[2]s 啟動 %[1]s，kubectl 已連上%[3]s叢集。輸入 `exit` 離開。",
		"Starting %[1]s with kubectl connected to the %[2]s cluster. Type 'exit' to leave.":          "啟動 %[1]s，kubectl 已連上%[2]s叢集。輸入 `exit` 離開。",
		"wrote %s":             "已寫入 %s",
		"not here: labs shell": "不在這裡：執行 labs shell",
		"Edit them, then: %[3]s validate %[1]s && %[3]s start %[2]s --labs-dir %[1]s": "編輯這些檔案，然後執行：%[3]s validate %[1]s && %[3]s start %[2]s --labs-dir %[1]s",
		"lab id %q is not valid: use lower-case letters, digits and dashes":           "實作練習 id「%s」不合格式：只能用小寫英文字母、數字和連字號",
	})
}
