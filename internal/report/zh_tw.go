package report

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"PASS": "通過",
		"FAIL": "失敗",
		"Score: %d/%d (%.1f%%), %d of %d steps passed":    "得分：%d/%d（%.1f%%），%[5]d 個步驟中通過 %[4]d 個",
		"the scripts ran without a full sandbox (%s): %s": "腳本沒有在完整的沙箱中執行（%s）：%s",
	})
}
