package l10n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// japaneseCatalog returns the entries of the embedded ja.toml.
func japaneseCatalog(t *testing.T) map[string]string {
	t.Helper()
	data, err := catalogFS.ReadFile(japaneseFile)
	if err != nil {
		t.Fatal(err)
	}
	catalog := map[string]string{}
	if err := toml.Unmarshal(data, &catalog); err != nil {
		t.Fatal(err)
	}
	return catalog
}

func TestJapanesePromptsFullWidthQuestionMark(t *testing.T) {
	for id, text := range japaneseCatalog(t) {
		if strings.Contains(text, "[y/N]") || strings.Contains(text, "しますか") || strings.Contains(text, "ですか") {
			if strings.Contains(text, "か?") {
				t.Errorf("%s = %q: a question ends in a half-width ?, want ？", id, text)
			}
		}
	}
}

func TestJapaneseQueueIDSpelling(t *testing.T) {
	for id, text := range japaneseCatalog(t) {
		if strings.Contains(text, "キューID") || strings.Contains(text, "キュー ID") {
			t.Errorf("%s = %q: want \"queue ID\", as the rest of the catalog spells it", id, text)
		}
	}
}

func TestJapaneseQueueConfirmNamesAction(t *testing.T) {
	catalog := japaneseCatalog(t)
	for id, text := range catalog {
		if strings.HasPrefix(id, "qconfirm.") && strings.Contains(text, "処理しますか") {
			t.Errorf("%s = %q: the question does not name the action", id, text)
		}
	}
	ja := New(Japanese)
	for action, want := range map[string]string{
		"hold": "を保留しますか？", "release": "の保留を解除しますか？", "deliver": "を今すぐ配送しますか？",
		"requeue": "を再キューしますか？", "expire": "を差出人へ返送しますか？", "delete": "を削除しますか？",
	} {
		if got := ja.T("qconfirm.verb."+action) + ja.T("qconfirm.ask."+action); got != want {
			t.Errorf("qconfirm.verb.%s and qconfirm.ask.%s = %q, want %q", action, action, got, want)
		}
	}
}

// Each verb starts with its own particle, because 保留を解除 already
// contains a を. The release prompt reads 「…の保留を解除しますか？」.
func TestJapaneseQueueConfirmParticle(t *testing.T) {
	ja := New(Japanese)
	for _, action := range []string{"hold", "release", "deliver", "requeue", "expire", "delete"} {
		verb, ask := ja.T("qconfirm.verb."+action), ja.T("qconfirm.ask."+action)
		for _, id := range []string{"qconfirm.one", "qconfirm.tagged", "qconfirm.taggedGone"} {
			got := ja.T(id, map[string]any{"Action": verb, "QueueID": "B28AEE20C3", "Queues": "hold 1",
				"Sender": "<a@example.jp>", "Recipients": "b@docomo.ne.jp", "Count": 2, "Gone": 1, "Ask": ask})
			if strings.Contains(got, "を保留を") || strings.Contains(got, "をを") || strings.Contains(got, "をの") {
				t.Errorf("%s for %s = %q: doubled particle", id, action, got)
			}
		}
	}
	got := ja.T("qconfirm.one", map[string]any{"Action": ja.T("qconfirm.verb.release"), "QueueID": "B28AEE20C3", "Queues": "hold 1",
		"Sender": "<a@example.jp>", "Recipients": "b@docomo.ne.jp", "Ask": ja.T("qconfirm.ask.release")})
	if !strings.Contains(got, "B28AEE20C3（hold 1、差出人 <a@example.jp>、宛先 b@docomo.ne.jp）の保留を解除しますか？") {
		t.Errorf("release prompt = %q, want …の保留を解除しますか？", got)
	}
}

func TestJapaneseStateAndTitleWording(t *testing.T) {
	ja := New(Japanese)
	if got := ja.T("state.removed"); strings.Contains(got, "削除") || !strings.Contains(got, "キューから出た") {
		t.Errorf("state.removed = %q, want that the message left the queue, without 削除", got)
	}
	if got := ja.T("state.deleted"); !strings.Contains(got, "削除") {
		t.Errorf("state.deleted = %q, want 削除 for a delete by an operator", got)
	}
	got := ja.T("why.title", map[string]any{"Domain": "docomo.ne.jp", "Window": "1h"})
	if !strings.HasPrefix(got, "docomo.ne.jp 宛ての配送が失敗する原因") {
		t.Errorf("why.title = %q, want it to start with %q", got, "docomo.ne.jp 宛ての配送が失敗する原因")
	}
	got = ja.T("log.sinceSkipped", map[string]any{"Since": "24h", "End": "2026-12-04 09:00"})
	if strings.Contains(got, "起動") || !strings.Contains(got, "実行してください") {
		t.Errorf("log.sinceSkipped = %q, want 実行してください, which fits mailtop report too", got)
	}
}

// A relay named as 「backup（127.0.0.1:25253）」 takes its particle right
// after the 「）」, and a relay given as a URL keeps a space before it.
func TestJapaneseParticleAfterRelay(t *testing.T) {
	ja := New(Japanese)
	named, url := "backup（127.0.0.1:25253）", "smtp://127.0.0.1:2525"
	cases := []struct {
		id, relay, want string
	}{
		{"forward.summaryOne", named, "backup（127.0.0.1:25253）から"},
		{"forward.summaryOne", url, "smtp://127.0.0.1:2525 から"},
		{"forward.confirmOne", named, "backup（127.0.0.1:25253）経由で"},
		{"forward.confirmOne", url, "smtp://127.0.0.1:2525 経由で"},
		{"forward.summaryOneThenFailed", named, "（backup（127.0.0.1:25253）は "},
		{"reason.forward.connect", named, "backup（127.0.0.1:25253）に接続"},
		{"reason.forward.connect", url, "smtp://127.0.0.1:2525 に接続"},
	}
	for _, tc := range cases {
		got := ja.T(tc.id, map[string]any{"QueueID": "922D0E2507", "Relay": tc.relay, "Recipients": "taro@docomo.ne.jp",
			"Count": 1, "Route": "r", "Mode": "m", "Then": "t", "Action": "保留", "Error": "e"})
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s with relay %q = %q, want %q", tc.id, tc.relay, got, tc.want)
		}
	}
}

// No Japanese text leaves a space between 「）」 and the particle after it,
// and every relay label goes through beforeParticle before a particle.
func TestJapaneseNoSpaceAfterClosingParenthesis(t *testing.T) {
	spaced := regexp.MustCompile(`）\s(から|に|を|は|の|で|と|が|へ|経由)`)
	relay := regexp.MustCompile(`\{\{\.Relay\}\}\s?(から|に|を|は|の|で|と|が|へ|経由)`)
	for id, text := range japaneseCatalog(t) {
		if spaced.MatchString(text) {
			t.Errorf("%s = %q: a space between 「）」 and a particle", id, text)
		}
		if relay.MatchString(text) {
			t.Errorf("%s = %q: {{.Relay}} before a particle, want {{beforeParticle .Relay}}", id, text)
		}
	}
}

// The lines of mailtop forward and mailtop queue ACTION name the action in
// Japanese words. A flag value stays only where it names the flag.
func TestJapaneseActionLinesHaveNoEnglishWords(t *testing.T) {
	ja := New(Japanese)
	english := regexp.MustCompile(`\b(hold|release|requeue|deliver|expire|delete|keep|resend|attach)\b`)
	flagValue := regexp.MustCompile(`--(then|mode) [a-z]+`)
	data := map[string]any{"ID": "97DADE2510", "Count": 1, "Changed": 1, "Skipped": 0, "Command": "postsuper -h -",
		"Error": "e", "Then": "hold", "Given": 2, "IDs": "97DADE2510"}
	cases := []struct{ id, want string }{
		{"out.forward.then.hold", "元のメッセージ 97DADE2510 を保留にしました。"},
		{"out.forward.then.delete", "元のメッセージ 97DADE2510 を削除しました。"},
	}
	for _, tc := range cases {
		if got := ja.T(tc.id, data); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.id, got, tc.want)
		}
	}
	for _, action := range []string{"hold", "release", "requeue", "deliver", "expire", "delete"} {
		data["Action"] = ja.T("out.action.name." + action)
		for _, id := range []string{"out.action.noMatch", "out.action.dryRunOne", "out.action.alreadyDone",
			"out.action.resultOne", "cli.error.queueIDsMissing"} {
			if got := ja.T(id, data); english.MatchString(got) {
				t.Errorf("%s for %s = %q: an English action word", id, action, got)
			}
		}
	}
	data["Action"] = ja.T("action.hold")
	for _, mode := range []string{"resend", "attach"} {
		// The dashboard's forward dialog offers the modes by name, and
		// nothing there is typed as a flag.
		if got := ja.T("forward.mode." + mode); english.MatchString(got) {
			t.Errorf("forward.mode.%s = %q: an English word in the dialog", mode, got)
		}
	}
	for _, mode := range []string{"resend", "attach"} {
		for _, then := range []string{"keep", "hold", "delete"} {
			data["Mode"] = ja.T("out.forward.modeName." + mode)
			data["After"] = ja.T("out.forward.after." + then)
			for _, id := range []string{"out.forward.modeText", "out.forward.modeBounce", "out.forward.thenFailed"} {
				got := flagValue.ReplaceAllString(ja.T(id, data), "")
				got = strings.NewReplacer("（resend）", "", "（attach）", "").Replace(got)
				if english.MatchString(got) {
					t.Errorf("%s for %s and %s = %q: an English word outside a flag value", id, mode, then, ja.T(id, data))
				}
			}
		}
	}
}

// 保留 is the operator's hold: postsuper -h, the hold queue and the h key.
// The texts about what a receiver or Postfix itself does use other words,
// so that 保留 in a reason never means them: 一時拒否 for a receiver that
// refuses mail for now, and 配送見合わせ for Postfix's suspended delivery.
func TestJapaneseHoldOnlyForOperatorHold(t *testing.T) {
	receiverSide := []string{"advice.", "class.", "why.class.", "why.cause.", "why.grounds.", "why.basis."}
	for id, text := range japaneseCatalog(t) {
		for _, prefix := range receiverSide {
			if strings.HasPrefix(id, prefix) && strings.Contains(text, "保留") {
				t.Errorf("%s uses 保留, which is the operator's hold, not what the receiver or Postfix does", id)
			}
		}
	}
	ja := New(Japanese)
	for _, id := range []string{"advice.docomo.deferred", "advice.au.deferred", "advice.carrier.deferred"} {
		if got := ja.T(id, map[string]any{"Carrier": "SoftBank", "Recipe": "r"}); !strings.Contains(got, "一時拒否") {
			t.Errorf("%s lacks 一時拒否, the word for the carrier's temporary refusal", id)
		}
	}
	if got := ja.T("class.suspended"); got != "配送見合わせ" {
		t.Errorf("class.suspended = %q, want 配送見合わせ", got)
	}
}

// politeEnd matches a Japanese text that ends in a sentence of the polite
// style (です・ます), or in such a sentence and a note in brackets, with
// no 「。」 after it.
var politeEnd = regexp.MustCompile(`(ます|ません|ました|ください|です|でした)(（[^（）]*）)?$`)

// The catalog writes full sentences in the polite style and labels, key
// hints, column names and command help in plain words. So a text whose
// last sentence is polite is a full sentence and ends in 「。」, whether it
// is shown alone or another text puts it at its end. Each placeholder is
// filled with "x", so a text that ends in one, as "起動: {{.Start}}" does,
// ends in a value and is left alone.
func TestJapaneseSentencesEndWithPeriod(t *testing.T) {
	ja := New(Japanese)
	for _, entry := range englishText {
		id := entry[0]
		data := map[string]any{}
		for _, field := range placeholders(entry[1]) {
			data[strings.Trim(field, "{}.")] = "x"
		}
		if got := ja.T(id, data); politeEnd.MatchString(got) {
			t.Errorf("%s = %q: a full sentence without 「。」 at its end", id, got)
		}
	}
}

// sampleData returns the data that fills each placeholder of the English
// text of id with "x".
func sampleData(id string) map[string]any {
	data := map[string]any{}
	for _, entry := range englishText {
		if entry[0] == id {
			for _, field := range placeholders(entry[1]) {
				data[strings.Trim(field, "{}.")] = "x"
			}
		}
	}
	return data
}

// idsWithPrefix returns the ids of the catalog that start with prefix.
func idsWithPrefix(prefix string) []string {
	var ids []string
	for _, id := range IDs() {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	return ids
}

// A text that another puts into its own, such as a reason after
// "スキップ x: " or the step after a forward, brings its own 「。」. The
// text around it adds none, so each sentence ends once.
func TestJapaneseInsertedSentencesEndOnce(t *testing.T) {
	confirms := idsWithPrefix("forward.confirm")
	var forwardConfirms []string
	for _, id := range confirms {
		if !strings.HasPrefix(id, "forward.confirmThen.") {
			forwardConfirms = append(forwardConfirms, id)
		}
	}
	reasons := idsWithPrefix("reason.")
	configErrors := slices.Concat(idsWithPrefix("config.override."), idsWithPrefix("config.alert."), idsWithPrefix("config.relay."),
		[]string{"config.watch", "config.watchReason", "config.unknownKeys", "config.syntax", "config.read", "config.readMissing", "config.readPermission"})
	cases := []struct {
		containers []string
		field      string
		inserted   []string
	}{
		{[]string{"log.zoneMismatchBehind", "log.zoneMismatchAhead"}, "Fix", idsWithPrefix("log.zoneFix")},
		{[]string{"forward.summaryOne", "forward.resultOK"}, "Then", idsWithPrefix("forward.done.")},
		{forwardConfirms, "Then", idsWithPrefix("forward.confirmThen.")},
		{[]string{"forward.resultThenFailed"}, "Error", idsWithPrefix("forward.thenReason.")},
		{[]string{"queue.filterRejected"}, "Problem", []string{"queue.filterUnknownClass", "queue.filterUnknownQueue", "queue.filterRepeatedPrefix"}},
		{[]string{"out.check.warning"}, "Warning", idsWithPrefix("out.check.warning.")},
		{[]string{"why.sureness"}, "Basis", slices.Concat(idsWithPrefix("why.grounds."), idsWithPrefix("why.basis."))},
		{[]string{"qresult.skipped", "out.action.skipped", "out.action.skippedReason", "reason.action.noneLeft"}, "Reason", reasons},
		{[]string{"result.failed", "qresult.failed", "forward.resultFailed", "out.forward.failed", "out.forward.refused"}, "Error", reasons},
		{[]string{"cli.error.flagDomain"}, "Reason", idsWithPrefix("reason.domain.")},
		{[]string{"config.file", "config.override.rule", "config.alert.rule", "config.relay.named", "config.relay.numbered",
			"cli.error.configFile", "cli.error.configRelay"}, "Error", configErrors},
	}
	ja := New(Japanese)
	for _, tc := range cases {
		if len(tc.containers) == 0 || len(tc.inserted) == 0 {
			t.Errorf("no texts for {{.%s}}: %q into %q", tc.field, tc.inserted, tc.containers)
		}
		for _, inserted := range tc.inserted {
			text := ja.T(inserted, sampleData(inserted))
			for _, container := range tc.containers {
				data := sampleData(container)
				data[tc.field] = text
				got := ja.T(container, data)
				if !strings.Contains(got, text) {
					t.Errorf("%s with %s = %q, want %s in it", container, inserted, got, inserted)
				}
				if strings.Contains(got, "。。") {
					t.Errorf("%s with %s = %q: the sentence ends twice", container, inserted, got)
				}
				if politeEnd.MatchString(got) {
					t.Errorf("%s with %s = %q: a full sentence without 「。」 at its end", container, inserted, got)
				}
			}
		}
	}
}

// The catalog writes サーバー with the long vowel mark, as README.ja.md
// does, so that the screens do not mix two spellings.
func TestJapaneseServerSpelling(t *testing.T) {
	withoutMark := regexp.MustCompile(`サーバ([^ー]|$)`)
	for id, text := range japaneseCatalog(t) {
		if withoutMark.MatchString(text) {
			t.Errorf("%s = %q: want サーバー, not サーバ", id, text)
		}
	}
}

// A Japanese result line of the footer is a sentence, so it ends in 「。」,
// or in 「…」 while its action still runs. A line may end instead in a
// value that brings its own end, such as an error, or that follows a
// label, such as 出力先: and a path.
func TestJapaneseResultLinesEndWithPeriod(t *testing.T) {
	ownEnd := regexp.MustCompile(`\{\{\.(Error|Reason|Output|Then|Path)\}\}$`)
	fragments := []string{"qresult.commandMore"} // put into other results
	for _, prefix := range []string{"result.", "qresult.", "export.", "forward.summary"} {
		for _, id := range idsWithPrefix(prefix) {
			if slices.Contains(fragments, id) {
				continue
			}
			got := New(Japanese).T(id, sampleData(id))
			raw := japaneseCatalog(t)[id]
			if ownEnd.MatchString(raw) || strings.HasSuffix(got, "。") || strings.HasSuffix(got, "…") {
				continue
			}
			t.Errorf("%s = %q: a result line without 「。」 at its end", id, got)
		}
	}
}

// Messages are counted with 件 throughout, as in the queue confirmations
// and the tag counts, never with 通.
func TestJapaneseMessageCounter(t *testing.T) {
	counted := regexp.MustCompile(`(\}\}|[0-9]) ?通|一通`)
	for id, text := range japaneseCatalog(t) {
		if counted.MatchString(text) {
			t.Errorf("%s = %q: counts messages with 通, want 件", id, text)
		}
	}
}

// The results of queue actions say 変更 for the messages changed, in the
// dashboard and in mailtop queue alike.
func TestJapaneseActionResultVerb(t *testing.T) {
	catalog := japaneseCatalog(t)
	for _, id := range []string{"qresult.done", "qresult.logFileChanged", "qresult.logFileStopped",
		"out.action.resultOne", "out.action.resultMany", "reason.logFile.changed"} {
		text := catalog[id]
		if !strings.Contains(text, "を変更し") {
			t.Errorf("%s = %q: want 変更 for the messages changed", id, text)
		}
		if strings.Contains(text, "処理") {
			t.Errorf("%s = %q: says 処理, want 変更", id, text)
		}
	}
}

// The sort order reads the same in the domain table's title and in both
// forms of the queue screen's title.
func TestJapaneseSortLabelOneForm(t *testing.T) {
	ja := New(Japanese)
	column := map[string]any{"Column": "経過"}
	for _, pair := range [][2]string{{"domains.sort", "queue.sortShort"}, {"domains.sortReversed", "queue.sortShortReversed"}} {
		full, short := ja.T(pair[0], column), ja.T(pair[1], column)
		if full != short {
			t.Errorf("%s = %q but %s = %q, want one form", pair[0], full, pair[1], short)
		}
	}
	if got := ja.T("domains.sort", column); got != "経過順" {
		t.Errorf("domains.sort = %q, want 経過順", got)
	}
}
