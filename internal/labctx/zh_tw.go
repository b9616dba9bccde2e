package labctx

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"setting the namespace of your context for lab %s: %w": "為實作練習 %s 設定 context 的命名空間：%w",
		"Lab %[1]s starts in namespace %[2]s: labs set your context's namespace to %[2]s (it was %[3]s, left by what you did before), so commands without -n go where the steps expect.":                                                                                   "實作練習 %[1]s 從命名空間 %[2]s 開始：labs 已把你 context 的命名空間設為 %[2]s（原本是 %[3]s，是你之前的操作留下的），讓沒有加 -n 的指令送到步驟預期的地方。",
		"Lab %[1]s has a kubeconfig context of its own, in namespace %[2]s: what you change in it (kubectl config set-context) changes no other lab's, and no other lab's changes it. The lab's shells use it (t, `labs shell`, `labs cluster env`); it is kept in %[3]s.": "實作練習 %[1]s 有自己的 kubeconfig context，命名空間是 %[2]s：你在裡面做的變更（kubectl config set-context）不會影響其他實作練習的 context，其他實作練習的變更也不會影響它。這個實作練習的 shell（t、`labs shell`、`labs cluster env`）都使用它；它存放在 %[3]s。",
		"Lab %[1]s starts in namespace %[2]s: labs set the lab's context back to %[2]s (it was %[3]s), so commands without -n go where the steps expect.":                                                                                                                  "實作練習 %[1]s 從命名空間 %[2]s 開始：labs 已把這個實作練習的 context 設回 %[2]s（原本是 %[3]s），讓沒有加 -n 的指令送到步驟預期的地方。",
	})
}
