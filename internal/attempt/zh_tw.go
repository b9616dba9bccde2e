package attempt

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"the step's checks pass before its solution ran: they cannot tell whether the learner did anything": "這個步驟的檢查在解答執行前就已通過：無法分辨學習者是否做了任何事",
		"no script for this step (%s)": "這個步驟沒有腳本（%s）",
		"%s was stopped after %s (it did not finish in time; does it wait for input or run something in the foreground that never ends?)": "%s 在 %s 後被停止（沒有在時限內結束；它是否在等待輸入，或在前景執行了不會結束的指令？）",
		"%s exited with status %d": "%s 結束，結束碼為 %d",
		"%s printed no answer: a question step's script prints its answer on stdout (e.g. `echo SIGTERM`)": "%s 沒有印出答案：問題步驟的腳本要把答案印到標準輸出（例如 `echo SIGTERM`）",
		"no answer to this question in %[1]s: add a line `%[2]s: your answer`":                             "%[1]s 裡沒有這個問題的答案：請加上一行 `%[2]s: 你的答案`",
		"the step passes after this mistake: its checks cannot tell it from the solution":                  "這個錯誤做法執行後步驟卻通過了：檢查無法分辨它和正確解答",
		"the step stays red, but its reason does not contain \"%s\": %s":                                   "步驟仍未通過，但原因中沒有「%s」：%s",
		"the step does not pass after this alternative: %s":                                                "執行這個替代做法後步驟沒有通過：%s",
		"its undo (%s) exited with status %d: the state before the step may not be back":                   "它的復原腳本（%s）結束，結束碼為 %d：步驟之前的狀態可能沒有恢復",
	})
}
