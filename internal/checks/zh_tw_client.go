package checks

import "github.com/labs-dev/labs/internal/i18n"

// Messages about the client-side evidence (labs' kubectl's own record of its requests).
func init() {
	i18n.Register(map[string]string{
		"(labs sees the requests of its own kubectl on this cluster, the one `labs shell` and `labs cluster env` put on PATH: a kubectl outside labs is not seen)": "（在這個叢集上，labs 只看得到它自己的 kubectl 送出的請求，也就是 `labs shell` 和 `labs cluster env` 放在 PATH 最前面的那個；labs 以外的 kubectl 看不到）",
	})
}
