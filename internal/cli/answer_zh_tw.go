package cli

import "github.com/labs-dev/labs/internal/i18n"

// Translations of labs answer and the answers of labs check.
func init() {
	i18n.Register(map[string]string{
		"%[1]q takes a lab, a step and the answer, got %[2]d arguments":                                                                    "「%[1]s」需要實作練習、步驟和答案，但收到 %[2]d 個參數",
		"%[1]q is none of the choices of step %[2]s; answer with a number or a value:\n%[3]s":                                              "「%[1]s」不是步驟 %[2]s 的任何一個選項；請用編號或選項的值作答：\n%[3]s",
		"Saved your answer to %[1]s: %[2]s. A running `%[4]s start %[3]s` checks it now; `%[4]s check %[3]s --step %[1]s` checks it here.": "已儲存你對 %[1]s 的答案：%[2]s。執行中的 `%[4]s start %[3]s` 會立刻檢查；`%[4]s check %[3]s --step %[1]s` 可在這裡檢查。",
		"lab %[1]s has no step %[2]q (its questions: %[3]s)":                                                                               "實作練習 %[1]s 沒有步驟「%[2]s」（它的問題：%[3]s）",
		"step %[1]s of lab %[2]s asks no question: it is checked against the cluster (its questions: %[3]s)":                               "實作練習 %[2]s 的步驟 %[1]s 沒有問題：它是對照叢集檢查的（它的問題：%[3]s）",
	})
}
