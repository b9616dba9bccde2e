package cli

import "github.com/labs-dev/labs/internal/i18n"

// Messages of the cluster providers' capabilities (kind, client-side evidence).
func init() {
	i18n.Register(map[string]string{
		"This cluster offers labs no audit log: the steps about your requests see those of labs' own kubectl only (`%[1]s kubectl ...`, or `eval \"$(%[1]s --cluster %[2]s cluster env)\"`), not those of another kubectl.": "這個叢集沒有提供稽核日誌給 labs：關於你送出的請求的步驟，只看得到 labs 自己的 kubectl 送出的請求（`%[1]s kubectl ...`，或 `eval \"$(%[1]s --cluster %[2]s cluster env)\"`），看不到其他 kubectl 的請求。",
	})
}
