package cli

import "github.com/labs-dev/labs/internal/i18n"

// Translations of the grading command's lines; the lab commands keep theirs beside them.
func init() {
	i18n.Register(map[string]string{
		"%d of %d submissions have failing steps": "%[2]d 份作業中有 %[1]d 份有未通過的步驟",
		// labs test
		"%d labs, %d steps: %d ok, %d failed, %d not checkable on this cluster in %.1fs": "%d 個實作練習、%d 個步驟：%d 個通過、%d 個失敗、%d 個在這個叢集上無法檢查，共 %.1f 秒",
		"%d labs, %d steps: %d ok, %d failed in %.1fs":                                   "%d 個實作練習、%d 個步驟：%d 個通過、%d 個失敗，共 %.1f 秒",
		"Starting a fresh cluster (%s)...":                                               "正在啟動全新的叢集（%s）……",
		"Cluster ready in %.1fs.":                                                        "叢集在 %.1f 秒內就緒。",
		"answer %s, ":                                                                    "答案%s，",
		"fails before, passes after (%ssolution %s, check %s)":                           "解答前不通過、解答後通過（%s解答 %s，檢查 %s）",
		"%d/%d in %.1fs":                                                                 "%d/%d，共 %.1f 秒",
		"LABS_SANDBOX must be %s, %s or %s, not %q":                                      "LABS_SANDBOX 必須是 %s、%s 或 %s，而不是「%s」",
		"--shard takes I/N with 1 <= I <= N, like 2/4, not %q":                           "--shard 的格式是 I/N，1 <= I <= N，例如 2/4，而不是「%s」",
	})
}
