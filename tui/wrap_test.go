package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapText(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		width int
		want  []string
	}{
		{"empty", "", 10, []string{""}},
		{"fits", "421 4.7.0", 10, []string{"421 4.7.0"}},
		{"english words", "the quick brown fox", 9, []string{"the quick", "brown fox"}},
		{"spaces at the break dropped", "one   two", 4, []string{"one", "two"}},
		{"after a hyphen", "rate-limited", 8, []string{"rate-", "limited"}},
		{"long word cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"newlines kept", "a\n\nb", 5, []string{"a", "", "b"}},
		{"between kanji", "再送してください", 6, []string{"再送し", "てくだ", "さい"}},
		{"katakana run kept", "あいうドコモ", 8, []string{"あいう", "ドコモ"}},
		{"long-vowel mark in the run", "はいサーバー", 8, []string{"はい", "サーバー"}},
		{"no period at line start", "あいうえ。", 8, []string{"あいう", "え。"}},
		{"no comma at line start", "あいうえ、お", 8, []string{"あいう", "え、お"}},
		{"no closing bracket at line start", "あいうえ）お", 8, []string{"あいう", "え）お"}},
		{"no opening bracket at line end", "あいう（え", 8, []string{"あいう", "（え"}},
		{"latin then japanese", "TO command）でドコモ", 14, []string{"TO command）で", "ドコモ"}},
		{"fills the line", "流量制限: 受信側がこのサーバからの送信を制限しています。", 30,
			[]string{"流量制限: 受信側がこのサーバか", "らの送信を制限しています。"}},
		{"katakana longer than a line", "トランスポート", 6, []string{"トラン", "スポー", "ト"}},
		{"wide character on a one-cell line", "あい", 1, []string{"あ", "い"}},
		{"combining mark stays", "e\u0301tude", 3, []string{"e\u0301tu", "de"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := wrapText(tc.text, tc.width); !slices.Equal(got, tc.want) {
				t.Errorf("wrapText(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
			}
		})
	}
}

func TestWrapTextZeroWidth(t *testing.T) {
	if got := wrapText("text", 0); got != nil {
		t.Errorf("wrapText at width 0 = %q, want nil", got)
	}
}

func TestWrapTextKeepsEveryCharacter(t *testing.T) {
	text := "ドコモがこのサーバからのメールの受け取りを保留しています。ドコモは同時に開くセッション数を制限し、" +
		"1 セッションあたりの宛先は 100 件までで、存在しないアドレスへの送信が多いネットワークは一時的にブロックします。" +
		"host mfsmax.docomo.ne.jp[203.138.181.240] said: 550 5.1.1 <taro@docomo.ne.jp>: Recipient address rejected（RCPT TO）"
	for width := 1; width <= 140; width++ {
		lines := wrapText(text, width)
		joined := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
		if want := strings.ReplaceAll(text, " ", ""); joined != want {
			t.Fatalf("width %d: lines %q lose or add text", width, lines)
		}
		for _, line := range lines {
			if w := ansi.StringWidth(line); w > max(width, 2) {
				t.Errorf("width %d: line %q is %d cells", width, line, w)
			}
			if width >= 6 && line != "" && strings.ContainsRune("、。）」", []rune(line)[0]) {
				t.Errorf("width %d: line %q starts with closing punctuation", width, line)
			}
		}
	}
}
