package cli

import "github.com/labs-dev/labs/internal/i18n"

// The usage and lab errors of the commands (i18n.Errorf: rendered in the learner's language
// when shown, since cobra checks arguments before the language flag is known).
func init() {
	i18n.Register(map[string]string{
		"%q takes no arguments, got %q":              "「%s」不接受參數，但收到「%s」",
		"%q takes at most one directory":             "「%s」最多只接受一個目錄",
		"1 problem in %s":                            "%s 有 1 個問題",
		"%d problems in %s":                          "%[2]s 有 %[1]d 個問題",
		"--class %s: %w":                             "--class %s：%w",
		"--class %s holds no submission directories": "--class %s 裡沒有任何作業目錄",
		"submission %s is not a directory":           "作業 %s 不是目錄",
		"--student names one submission; with several, each is named by its directory": "--student 只能用來命名單一份作業；有多份時，各份以其目錄名稱命名",
	})
}
