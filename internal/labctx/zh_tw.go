package labctx

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"setting the namespace of your context for lab %s: %w": "為實作練習 %s 設定 context 的命名空間：%w",
		"Lab %[1]s starts in namespace %[2]s: labs set your context's namespace to %[2]s (it was %[3]s, left by what you did before), so commands without -n go where the steps expect.": "實作練習 %[1]s 從命名空間 %[2]s 開始：labs 已把你 context 的命名空間設為 %[2]s（原本是 %[3]s，是你之前的操作留下的），讓沒有加 -n 的指令送到步驟預期的地方。",
	})
}
