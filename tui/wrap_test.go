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
		{"option hyphens kept", "use --since all", 9, []string{"use", "--since", "all"}},
		{"date hyphens kept", "on 2026-12-04", 10, []string{"on", "2026-12-04"}},
		{"short option keeps its argument", "start with -c DIR now", 14, []string{"start with", "-c DIR now"}},
		{"short option at a full line", "start -c DIR", 8, []string{"start", "-c DIR"}},
		{"short option longer than a line", "-c /etc/postfix-out", 10, []string{"-c /etc/po", "stfix-out"}},
		{"hyphen before japanese", "Resent-フィールド", 12, []string{"Resent-", "フィールド"}},
		{"address hyphen kept", "to tempfail-pending@docomo.ne.jp now", 30,
			[]string{"to", "tempfail-pending@docomo.ne.jp", "now"}},
		{"address hyphen after the @ kept", "to a@mx-one.example.jp", 20, []string{"to", "a@mx-one.example.jp"}},
		{"address before japanese kept", "宛先tempfail-pending@docomo.ne.jpに", 32,
			[]string{"宛先", "tempfail-pending@docomo.ne.jpに"}},
		{"file name hyphens kept", "wrote mailtop-unknown-recipients-20261205-134524.csv now", 48,
			[]string{"wrote", "mailtop-unknown-recipients-20261205-134524.csv", "now"}},
		{"host name hyphens kept", "relay mx-backup-03.example.jp refused", 24,
			[]string{"relay", "mx-backup-03.example.jp", "refused"}},
		{"address longer than a line", "tempfail-pending@docomo.ne.jp", 12,
			[]string{"tempfail-", "pending@doco", "mo.ne.jp"}},
		{"long word cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"newlines kept", "a\n\nb", 5, []string{"a", "", "b"}},
		{"between kanji", "送信制限", 4, []string{"送信", "制限"}},
		{"inside hiragana when nothing better", "再送してください", 6, []string{"再送", "してく", "ださい"}},
		{"after a comma", "ありがとう、ございます", 16, []string{"ありがとう、", "ございます"}},
		{"hiragana then kanji", "ここからの送信を制限", 18, []string{"ここからの送信を", "制限"}},
		{"particle after latin word", "表示する件数は Postfix が報告した数", 24, []string{"表示する件数は", "Postfix が報告した数"}},
		{"particle after a full line", "変更には postsuper が必要", 18, []string{"変更には", "postsuper が必要"}},
		{"okurigana kept in its word", "ここで繰り返し起きる", 12, []string{"ここで", "繰り返し起", "きる"}},
		{"break after a particle", "ここで送信を制限する", 14, []string{"ここで送信を", "制限する"}},
		{"number keeps its unit", "既定は接続 30 秒、各応答 5 分）", 24, []string{"既定は接続 30 秒、各応答", "5 分）"}},
		{"better break in the first half", "はい、ありがとうございます", 20, []string{"はい、ありがとうござ", "います"}},
		{"katakana run kept", "あいうドコモ", 8, []string{"あいう", "ドコモ"}},
		{"long-vowel mark in the run", "はいサーバー", 8, []string{"はい", "サーバー"}},
		{"no period at line start", "あいうえ。", 8, []string{"あいう", "え。"}},
		{"no comma at line start", "あいうえ、お", 8, []string{"あいう", "え、お"}},
		{"no closing bracket at line start", "あいうえ）お", 8, []string{"あいう", "え）お"}},
		{"no opening bracket at line end", "あいう（え", 8, []string{"あいう", "（え"}},
		{"latin then japanese", "TO command）でドコモ", 14, []string{"TO command）で", "ドコモ"}},
		{"breaks between words", "流量制限: 受信側がこのサーバからの送信を制限しています。", 30,
			[]string{"流量制限: 受信側がこの", "サーバからの送信を", "制限しています。"}},
		{"key keeps its label", "q:キュー c:分類 他は理由", 12, []string{"q:キュー", "c:分類", "他は理由"}},
		{"katakana and kanji compound kept", "なければカーソル行", 16, []string{"なければ", "カーソル行"}},
		{"kanji and katakana compound kept", "印の付いた全メッセージ", 16, []string{"印の付いた", "全メッセージ"}},
		{"one-kanji word keeps its phrase", "送信しました、元のメッセージ", 18, []string{"送信しました、", "元のメッセージ"}},
		{"longer word ends a line", "理由はメッセージ", 10, []string{"理由は", "メッセージ"}},
		{"after a slash", "5m/1h/24h/全期間", 12, []string{"5m/1h/24h/", "全期間"}},
		{"honorific prefix kept", "存在します。お客様に", 16, []string{"存在します。", "お客様に"}},
		{"compound before a kanji word", "受信者の迷惑メール設定（指定", 20, []string{"受信者の迷惑メール", "設定（指定"}},
		{"kanji after a latin word", "直前の warning 行を確認", 20, []string{"直前の warning 行を", "確認"}},
		{"particle after a closing bracket", "送信ポート 25 の制限（OP25B）かファイアウォール", 30,
			[]string{"送信ポート 25 の制限", "（OP25B）かファイアウォール"}},
		{"key after japanese keeps its label", "絞り込みc:分類", 10, []string{"絞り込み", "c:分類"}},
		{"time colon", "10:02 に送信", 8, []string{"10:02 に", "送信"}},
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

// TestWrapTextCatalogJapanese wraps Japanese text of the l10n catalog,
// with its placeholders filled in, at widths the screens use. No line
// ends inside a run of hiragana, such as ください or しています.
func TestWrapTextCatalogJapanese(t *testing.T) {
	cases := []struct {
		id    string // the catalog id the text comes from
		text  string
		width int
		want  []string
	}{
		{"why.class.rate_limited", "受信側がこのサーバーからの送信を制限しています。通数か接続数が多すぎます。", 40,
			[]string{"受信側がこのサーバーからの送信を", "制限しています。通数か接続数が", "多すぎます。"}},
		{"advice.docomo.user_unknown",
			"yui.watanabe@docomo.ne.jp はドコモに存在しないアドレスです（RCPT TO で拒否）。" +
				"すぐに配信リストから削除してください。存在しないアドレスへの送信が多いと、" +
				"ドコモは送信元のネットワークを一時的にブロックし、ドコモのお客様全員宛てのメールが止まります。", 60,
			[]string{
				"yui.watanabe@docomo.ne.jp はドコモに存在しないアドレスです",
				"（RCPT TO で拒否）。すぐに配信リストから削除してください。",
				"存在しないアドレスへの送信が多いと、ドコモは送信元の",
				"ネットワークを一時的にブロックし、ドコモのお客様全員宛ての",
				"メールが止まります。",
			}},
		{"forward.noSender",
			"4jh2G3cDfgz5Hjk は差出人が空（バウンスなどの通知）のため、エンベロープの差出人がありません。" +
				"差出人を入力するか、envelope_sender のある [[relay]] を選んでください", 76,
			[]string{
				"4jh2G3cDfgz5Hjk は差出人が空（バウンスなどの通知）のため、エンベロープの",
				"差出人がありません。差出人を入力するか、envelope_sender のある [[relay]] を",
				"選んでください",
			}},
		{"forward.needsRoot", "転送はキューファイルを読みます。キューファイルは root しか読めないため、sudo で mailtop を起動してください", 60,
			[]string{"転送はキューファイルを読みます。キューファイルは root しか", "読めないため、sudo で mailtop を起動してください"}},
		{"queue.noInstance",
			"キューは読んでいません: postconf が Postfix のインスタンスを見つけられません。" +
				"-c DIR（インスタンスの main.cf のあるディレクトリ）を付けて mailtop を起動してください", 80,
			[]string{
				"キューは読んでいません: postconf が Postfix のインスタンスを見つけられません。",
				"-c DIR（インスタンスの main.cf のあるディレクトリ）を付けて mailtop を",
				"起動してください",
			}},
		{"result.keyWorksOnQueue", "f（転送）が使えるのは、キュー画面（Q）と、そこで開いたメッセージだけです", 60,
			[]string{"f（転送）が使えるのは、キュー画面（Q）と、そこで開いた", "メッセージだけです"}},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
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

func TestWrapTextNoBreakSpace(t *testing.T) {
	// At 27 cells a plain space would end the first line after "deferred".
	text := "保留: 2DD29BA024（deferred" + noBreakSpace + "1）を保留しますか？ [y/N]"
	want := []string{"保留: 2DD29BA024", "（deferred 1）を", "保留しますか？ [y/N]"}
	if got := wrapText(text, 27); !slices.Equal(got, want) {
		t.Errorf("wrapText = %q, want %q", got, want)
	}
}
