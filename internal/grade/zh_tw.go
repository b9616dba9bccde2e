package grade

import "github.com/labs-dev/labs/internal/i18n"

// Translations of the grading engine's messages.
func init() {
	i18n.Register(map[string]string{
		"%s was left out: %v": "%s 沒有複製：%v",
		"%s was left out: a link to %s, outside the submission or to nothing": "%s 沒有複製：它是指向 %s 的連結，在作業目錄之外或不存在",
		"%s was left out: the submission is larger than %d MiB":               "%s 沒有複製：作業內容超過 %d MiB",
		"%s was left out: not a regular file (%s)":                            "%s 沒有複製：不是一般檔案（%s）",
		"Shard %d/%d: %d of %d submissions":                                   "分片 %d/%d：%[4]d 份作業中的 %[3]d 份",
		"Sandbox: %s (%s)":                                                    "沙箱：%s（%s）",
		"%[1]d of %[2]d steps fail":                                           "%[2]d 個步驟中有 %[1]d 個沒有通過",
		"%d of %d submissions have failing steps":                             "%[2]d 份作業中有 %[1]d 份有未通過的步驟",
		"not graded: %s":                                                      "沒有評分：%s",
		"%[1]s line %[2]d: %[3]q is not a question of lab %[4]s (its questions: %[5]s); ignored":                                    "%[1]s 第 %[2]d 行：「%[3]s」不是實作練習 %[4]s 的問題（它的問題：%[5]s）；已忽略",
		"Starting a fresh cluster for %s ...":                                                                                       "正在為 %s 啟動全新的叢集……",
		"%s: a link out of the submission, removed before the checks":                                                               "%s：指向作業目錄之外的連結，已在檢查前移除",
		"labs: %s has Windows line endings (CRLF): bash reads each line's \\r as part of the command; save it with LF line endings": "labs：%s 使用 Windows 換行（CRLF）：bash 會把每行的 \\r 當成指令的一部分；請以 LF 換行儲存",
		"labs: stopped after printing more than %d MiB":                                                                             "labs：輸出超過 %d MiB，已停止",
		"grading stopped before the end: %v":                                                                                        "評分在結束前被停止：%v",
		"--class %s: %w":                                                                                                            "--class %s：%w",
		"--class %s holds no submission directories":                                                                                "--class %s 裡沒有任何作業目錄",
		"--student names one submission; with several, each is named by its directory":                                              "--student 只能用來命名單一份作業；有多份時，各份以其目錄名稱命名",
		"submission %s is not a directory":                                                                                          "作業 %s 不是目錄",
	})
}
