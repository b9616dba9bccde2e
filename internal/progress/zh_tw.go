package progress

import "github.com/labs-dev/labs/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"reading progress of lab %s: %w":                                           "讀取實作練習 %s 的進度時出錯：%w",
		"progress of lab %s is corrupt (%s): %w; %s starts over":                   "實作練習 %s 的進度檔已損壞（%s）：%w；執行 %s 可以重新開始",
		"resetting progress of lab %s: %w":                                         "重設實作練習 %s 的進度時出錯：%w",
		"lab is already running":                                                   "這個實作練習已經在執行",
		"%w: %s runs in another terminal; quit it there first":                     "%w：%s 正在另一個終端機裡執行，請先在那裡結束它",
		"locking progress of lab %s: %w":                                           "鎖定實作練習 %s 的進度時出錯：%w",
		"reading the answers of lab %s: %w":                                        "讀取實作練習 %s 的答案時出錯：%w",
		"the answers of lab %s are corrupt (%s): %w; answer again to replace them": "實作練習 %s 的答案檔已損壞（%s）：%w；重新作答即可取代它",
		"locking the answers of lab %s: %w":                                        "鎖定實作練習 %s 的答案時出錯：%w",
	})
}
