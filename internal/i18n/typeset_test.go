package i18n

import "testing"

// TestTypeset (issue 20 item 3): soft breaks and stray spaces between Chinese characters, or
// beside full-width punctuation, go; Markdown blocks, code and English stay as they are.
func TestTypeset(t *testing.T) {
	for in, want := range map[string]string{
		"存取規則與配額也可以 依命名空間設定":                "存取規則與配額也可以依命名空間設定",
		"Namespace 本身都屬於\n整個叢集":             "Namespace 本身都屬於整個叢集",
		"slow、 patient 和 doomed":            "slow、patient 和 doomed",
		"所有訊號， SIGKILL 除外":                  "所有訊號，SIGKILL 除外",
		"執行 `kubectl run web` 建立":           "執行 `kubectl run web` 建立",
		"程式碼 `中 文` 不動":                      "程式碼 `中 文` 不動",
		"清單：\n- 第一項\n- 第二項":                 "清單：\n- 第一項\n- 第二項",
		"第一段。\n\n第二段":                       "第一段。\n\n第二段",
		"步驟：\n1. 建立\n2. 刪除":                 "步驟：\n1. 建立\n2. 刪除",
		"```\n# 中 文\n```\n後面 的字":            "```\n# 中 文\n```\n後面的字",
		"English text stays, with  spaces.": "English text stays, with  spaces.",
		"用「demo」 命名空間":                      "用「demo」命名空間",
		"見 `labs cluster status` 的輸出":       "見 `labs cluster status` 的輸出",
		"用 `--cluster kind`\n（一個容器）":        "用 `--cluster kind`（一個容器）",
		"JSONPath 「x」 無效":                   "JSONPath「x」無效",
	} {
		if got := Typeset(in); got != want {
			t.Errorf("Typeset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestListAndQuote(t *testing.T) {
	items := []string{"demo", "dmeo", "playground1"}
	if got := New(ZH).List(items); got != "demo、dmeo、playground1" {
		t.Errorf("zh-TW list %q", got)
	}
	if got := New(EN).List(items); got != "demo, dmeo, playground1" {
		t.Errorf("en list %q", got)
	}
	if got := New(ZH).Quote("SIGKILL"); got != "「SIGKILL」" {
		t.Errorf("zh-TW quote %q", got)
	}
	if got := New(EN).Quote("SIGKILL"); got != `"SIGKILL"` {
		t.Errorf("en quote %q", got)
	}
}

func TestTypographyProblems(t *testing.T) {
	for _, bad := range []string{
		"存取規則與配額也可以 依命名空間設定", "訊號， SIGKILL 除外", "slow 、patient", `你的答案 "SIGKILL" 不正確`,
		"你的答案 %q 不正確", "沒有步驟 %[2]q", "JSONPath 「%s」無效",
	} {
		if len(TypographyProblems(bad)) == 0 {
			t.Errorf("no problem found in %q", bad)
		}
	}
	for _, good := range []string{
		"存取規則與配額也可以依命名空間設定", "執行 `kubectl get pods -o \"wide\"` 看看", "你的答案「SIGKILL」不正確", "Pod web 存在",
		"```\n# 中 文 \"x\"\n```", "在 %[2]s 啟動 %[1]s",
	} {
		if p := TypographyProblems(good); len(p) > 0 {
			t.Errorf("problems found in %q: %v", good, p)
		}
	}
}
