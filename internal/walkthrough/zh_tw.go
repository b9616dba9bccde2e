package walkthrough

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"✓ You have completed this lab. %s starts it over.":                                               "✓ 你已完成這個實作練習。%s 可以重新開始。",
		"Commands go in your shell: press t to open one here, or use another terminal.":                   "指令請在 shell 中執行：按 t 在這裡開一個，或使用另一個終端機。",
		"[h] hint  [s] solution  [c] check now  [n] next  [p] previous  [t] shell for commands  [q] quit": "[h] 提示  [s] 解答  [c] 立即檢查  [n] 下一步  [p] 上一步  [t] 開 shell 下指令  [q] 離開",
		"── Step %d/%d ─":                       "── 步驟 %d/%d ─",
		"✓ Done. [n] goes on to the next step.": "✓ 已完成。按 [n] 前往下一步。",
		"Waiting for your change (checked whenever the cluster or your files change)...":    "等待你的操作（叢集或檔案一有變化就會檢查）……",
		"The cluster's API server does not answer; checking again as soon as it is back...": "叢集的 API 伺服器沒有回應；一恢復就會再檢查……",
		"Show the solution? [y/N] ":              "要顯示解答嗎？[y/N] ",
		"(wrote %s for you)":                     "（已為你建立 %s）",
		"✓ Done earlier, though now: %s":         "✓ 先前已完成，但現在：%s",
		"✓ Step %d/%d done: %s":                  "✓ 步驟 %d/%d 完成：%s",
		"🎉 Lab complete: %d of %d steps passed.": "🎉 實作練習完成：%d/%d 個步驟通過。",
		"Hint %d/%d:":                            "提示 %d/%d：",
		"Solution:":                              "解答：",
		"Keys typed here do not run. Commands go in your shell: press t to open one here, or use another terminal.": "在這裡打的字不會執行。指令請在 shell 中執行：按 t 在這裡開一個，或使用另一個終端機。",
		"Progress saved; %s continues here.":                             "進度已儲存；%s 會從這裡繼續。",
		"Solution stays hidden.":                                         "不顯示解答。",
		"No more hints; s shows the solution.":                           "沒有更多提示了；按 s 看解答。",
		"Skipped step %d.":                                               "已跳過步驟 %d。",
		"This is the first step.":                                        "這是第一步。",
		"No shell is available here; use another terminal for commands.": "這裡無法開啟 shell；請在另一個終端機執行指令。",
		"Opening a shell for your commands; exit it (exit or Ctrl-D) to come back here.": "正在開啟 shell 讓你執行指令；結束它（exit 或 Ctrl-D）就會回到這裡。",
		"The shell could not run: %v":                                                "無法執行 shell：%v",
		"⚠ cluster down":                                                             "⚠ 叢集沒有回應",
		"%[1]s done %[2]d/%[3]d ✓":                                                   "%[1]s 完成 %[2]d/%[3]d ✓",
		"%[1]s ended %[2]d/%[3]d ✓, %[4]d skipped":                                   "%[1]s 結束 %[2]d/%[3]d ✓，跳過 %[4]d 步",
		"Your answer so far: %s":                                                     "你目前的答案：%s",
		"[1-%d] pick a choice  [a] type an answer":                                   "[1-%d] 選擇一個選項  [a] 輸入答案",
		"[a] type your answer":                                                       "[a] 輸入你的答案",
		"Waiting for your answer (or, in another terminal: %s)...":                   "等待你的答案（或在另一個終端機執行：%s）……",
		"Your answer (Enter to check it, Esc to cancel): ":                           "你的答案（按 Enter 檢查，按 Esc 取消）：",
		"This step asks no question; it turns green when the cluster shows it done.": "這個步驟沒有問題；當叢集顯示你完成時，它會自動變成綠色。",
		"No answer given.":                                                           "沒有作答。",
		"There is no choice %d; pick 1 to %d.":                                       "沒有選項 %d；請選 1 到 %d。",
		"Your answer: %s":                                                            "你的答案：%s",
	})
}
