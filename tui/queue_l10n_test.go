package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// The Japanese screens call deferred mail 遅延 and held mail 保留, so a
// flush prompt that said 保留中 would promise to retry the held messages,
// which postqueue -s and -f leave alone.
func TestQueueFlushPromptsJapanese(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want string
	}{
		{"domain", []string{"down", "F"}, "docomo.ne.jp をフラッシュし、postqueue -s docomo.ne.jp で遅延したメールを今すぐ再送しますか？ [y/N]"},
		{"all", []string{"A"}, "キュー全体をフラッシュし、postqueue -f で遅延したメールをすべて今すぐ再送しますか？ [y/N]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := queueScreenModel(t, "ja", &fakeBatch{}, 132, 40)
			m = send(t, m, keys(tc.keys...)...)
			text := screenText(m)
			if !strings.Contains(text, tc.want) {
				t.Errorf("prompt lacks %q:\n%s", tc.want, text)
			}
			if strings.Contains(text, "保留中のメール") {
				t.Errorf("prompt calls deferred mail held (保留中):\n%s", text)
			}
		})
	}
}

// The footer gives in Japanese why an action skipped a message, as
// actions.Postfix words it for the queue that postqueue -j lists.
func TestQueueSkippedReasonJapanese(t *testing.T) {
	// postqueue -j lists nothing, so the message left the queue after the
	// screen listed it.
	opts := testOptions("ja", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &actions.Postfix{Runner: actions.NewFakeRunner(actions.FakeReply{})}
	queued := sources.QueuedMessage{
		Queue: sources.QueueDeferred, QueueID: "7E996BE094", Arrival: fixtureNow.Add(-time.Hour), Size: 2400,
		Sender:     "shop@example.com",
		Recipients: []sources.QueuedRecipient{{Address: "taro@docomo.ne.jp", Status: "4.7.0", Reason: greylisted}},
	}
	snapshot := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory,
		Messages: []sources.QueuedMessage{queued}, Counts: map[string]int{"deferred": 1}}
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
	m = send(t, m, keys("h", "y")...)

	if want := "1 件は対象外: queue ID 7E996BE094 のメッセージは、一覧を読んだあとでキューからなくなりました"; !strings.Contains(m.result, want) {
		t.Errorf("footer %q lacks %q", m.result, want)
	}
	// Nothing ran, so the footer gives the reason once, not again as a
	// failure.
	if strings.Contains(m.result, "失敗") {
		t.Errorf("footer %q repeats the skip as a failure", m.result)
	}
	if strings.Contains(m.result, "changed since it was listed: the message") {
		t.Errorf("footer %q gives the skip reason in English", m.result)
	}
}

// A single action that Postfix cannot apply, such as deliver now on a held
// message, fails with a reason that the footer gives in Japanese.
func TestActionFailureReasonJapanese(t *testing.T) {
	held := `{"queue_name": "hold", "queue_id": "75D57BE091", "arrival_time": 1796413613, "message_size": 328, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "taro@docomo.ne.jp"}]}`
	controller := &actions.Postfix{Runner: actions.NewFakeRunner(actions.FakeReply{Stdout: held + "\n"})}
	_, err := controller.DeliverNow(context.Background(), "75D57BE091", "shop@example.com", time.Unix(1796413613, 0))
	if err == nil {
		t.Fatal("deliver now of a held message succeeded")
	}

	m := newScreen(t, testOptions("ja", &fakeSource{}, &fakeActor{}), 132, 40)
	m = send(t, m, actionResultMsg{action: actionDeliver, queueID: "75D57BE091", err: err})
	want := "queue ID 75D57BE091 は保留中なので、保留を解除するまで今すぐ配送は効きません"
	if !strings.Contains(m.result, want) {
		t.Errorf("footer %q lacks %q", m.result, want)
	}
	if strings.Contains(m.result, "until it is released") {
		t.Errorf("footer %q gives the reason in English", m.result)
	}
}

// A retry time that has passed reads 予定時刻経過, as in mailtop queue. The
// size column is サイズ, as in the message view. Both fit their cells.
func TestQueueRetryDueAndSizeJapanese(t *testing.T) {
	snapshot := fixtureQueue()
	snapshot.Messages[1].NextRetry = fixtureNow.Add(-time.Minute)
	opts := testOptions("ja", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
	text := screenText(m)

	var header, dueRow string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "queue ID") {
			header = line
		}
		if strings.Contains(line, snapshot.Messages[1].QueueID) {
			dueRow = line
		}
	}
	if !strings.Contains(header, " サイズ ") || strings.Contains(header, "容量") {
		t.Errorf("header %q, want the size column named サイズ in full", header)
	}
	if !strings.Contains(dueRow, " 予定時刻経過 ") {
		t.Errorf("row %q, want 予定時刻経過 in full for a retry time that has passed", dueRow)
	}
	if strings.Contains(text, "次回") {
		t.Errorf("screen says 次回 (next time) for a retry time that has passed:\n%s", text)
	}
}

// The confirmation for one message names its queue in words, not as a
// count such as "(deferred 1)".
func TestQueueConfirmOneNamesQueue(t *testing.T) {
	cases := []struct{ lang, want, avoid string }{
		{"en", "Hold 4jh2H4dFgyz6hJk (deferred queue) from news@example.com", "(deferred 1)"},
		{"ja", "4jh2H4dFgyz6hJk（deferred キュー、差出人 news@example.com", "deferred 1"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys("home", "h")...)
			text := screenText(m)
			if !strings.Contains(text, tc.want) {
				t.Errorf("confirmation lacks %q:\n%s", tc.want, text)
			}
			if strings.Contains(text, tc.avoid) {
				t.Errorf("confirmation counts the one message as %q:\n%s", tc.avoid, text)
			}
		})
	}
}

// Expiring a bounce returns it to no one, because its sender is <>, so the
// confirmation states that Postfix drops it. Space tags a row and moves the
// cursor down.
func TestQueueExpireBounceSaysDropped(t *testing.T) {
	cases := []struct {
		name, lang string
		keys       []string
		want       string
	}{
		{"one", "en", []string{"home", "down", "down", "down", "e"},
			"Drop 9D4F0C7B62 (deferred queue) from <> to shop@example.com? As a bounce it has no sender to return it to, so Postfix drops it when you return it to the sender (postsuper -e). [y/N]"},
		{"one ja", "ja", []string{"home", "down", "down", "down", "e"},
			"を破棄しますか？ 差出人 <> のバウンスで返送先がないため、差出人へ返送（postsuper -e）すると Postfix は返送せずに破棄します。"},
		{"tagged", "en", []string{"home", "space", "down", "down", "space", "e"},
			"Expire 2 tagged messages (deferred 2)? Postfix returns them to their senders as undeliverable, but 1 of them is a bounce with no sender to return it to, so Postfix drops it instead. [y/N]"},
		{"tagged ja", "ja", []string{"home", "space", "down", "down", "space", "e"},
			"うち 1 件は差出人 <> のバウンスで返送先がないため、Postfix は返送せずに破棄します。"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys(tc.keys...)...)
			separator := map[string]string{"en": " ", "ja": ""}[tc.lang]
			prompt := strings.Join(promptLines(m), separator)
			if !strings.Contains(prompt, tc.want) {
				t.Errorf("prompt %q lacks %q", prompt, tc.want)
			}
		})
	}
}

// The dashboard's domain table heads the queued count 滞留, so the queue
// screen heads the age of a message 経過, as mailtop queue does.
func TestQueueAgeColumnJapanese(t *testing.T) {
	opts := testOptions("ja", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
	if text := screenText(m); !strings.Contains(text, "滞留") {
		t.Errorf("the domain table lacks the queued column 滞留:\n%s", text)
	}

	m = send(t, m, keyPress("Q"))
	text := screenText(m)
	var header string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "queue ID") {
			header = line
		}
	}
	if !strings.Contains(header, " 経過 ") {
		t.Errorf("header %q, want the age column headed 経過", header)
	}
	if strings.Contains(text, "滞留") {
		t.Errorf("the queue screen says 滞留, which the domain table uses for the queued count:\n%s", text)
	}
}

// Expiring a held message runs postsuper -f, which also releases it, so
// the confirmation states this before the operator answers.
func TestQueueExpireHeldSaysReleased(t *testing.T) {
	cases := []struct {
		name, lang string
		keys       []string
		want       string
	}{
		{"one", "en", []string{"home", "/", "q", ":", "h", "o", "l", "d", "enter", "e"},
			"as undeliverable. It is on hold, so this also releases it (postsuper -f): Postfix returns nothing while a message is on hold. [y/N]"},
		{"one ja", "ja", []string{"home", "/", "q", ":", "h", "o", "l", "d", "enter", "e"},
			"を差出人へ返送しますか？ 保留中のため、postsuper -f で保留も解除します（保留中のメールを Postfix は返送しません）。"},
		{"detail", "en", []string{"home", "/", "q", ":", "h", "o", "l", "d", "enter", "enter", "e"},
			"as undeliverable. It is on hold, so this also releases it (postsuper -f): Postfix returns nothing while a message is on hold. [y/N]"},
		{"tagged", "en", []string{"home", "/", "d", ":", "d", "o", "c", "o", "m", "o", ".", "n", "e", ".", "j", "p", "enter", "space", "space", "space", "space", "e"},
			"as undeliverable. 1 of them is on hold, so this also releases it (postsuper -f): Postfix returns nothing while a message is on hold. [y/N]"},
		{"tagged ja", "ja", []string{"home", "/", "d", ":", "d", "o", "c", "o", "m", "o", ".", "n", "e", ".", "j", "p", "enter", "space", "space", "space", "space", "e"},
			"を差出人へ返送しますか？ うち 1 件は保留中のため、postsuper -f で保留も解除します（保留中のメールを Postfix は返送しません）。"},
	}
	for _, tc := range cases {
		for _, width := range []int{80, 132} {
			t.Run(fmt.Sprintf("%s %d", tc.name, width), func(t *testing.T) {
				m := queueScreenModel(t, tc.lang, &fakeBatch{}, width, 40)
				m = send(t, m, keys(tc.keys...)...)
				separator := map[string]string{"en": " ", "ja": ""}[tc.lang]
				prompt, want := strings.Join(promptLines(m), separator), tc.want
				if tc.lang == "ja" {
					// A Japanese line may wrap at any space, and the
					// wrapped lines join without one.
					prompt, want = strings.ReplaceAll(prompt, " ", ""), strings.ReplaceAll(want, " ", "")
				}
				if !strings.Contains(prompt, want) {
					t.Errorf("prompt %q lacks %q", prompt, want)
				}
			})
		}
	}
}

// A return to sender of messages none of which is held does not mention
// the hold.
func TestQueueExpireDeferredNoHoldNote(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, keys("home", "/", "r", ":", "i", "c", "h", "i", "r", "o", "enter", "e")...)
	prompt := strings.Join(promptLines(m), " ")
	if !strings.Contains(prompt, "Expire 4jh2H4dFgyz6hJk") {
		t.Fatalf("prompt %q is not the return to sender of 4jh2H4dFgyz6hJk", prompt)
	}
	if strings.Contains(prompt, "releases") {
		t.Errorf("prompt %q mentions the hold for a deferred message", prompt)
	}
}

// The Japanese message views put the age and the count of log lines in
// full-width brackets, as Japanese text does, and the English ones in
// half-width brackets.
func TestMessageViewBracketsByLanguage(t *testing.T) {
	cases := []struct {
		lang    string
		arrival string
		lines   string
	}{
		{"en", "JST (7.0h)", "Log lines (4)"},
		{"ja", "JST（7.0h）", "ログ行（4）"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			queued := send(t, queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40), keyPress("enter"))
			if got := screenText(queued); !strings.Contains(got, tc.arrival) {
				t.Errorf("queued message lacks %q:\n%s", tc.arrival, got)
			}
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			logged := send(t, newScreen(t, opts, 132, 40), keys("enter", "enter")...)
			if got := screenText(logged); !strings.Contains(got, tc.lines) {
				t.Errorf("message view lacks %q:\n%s", tc.lines, got)
			}
		})
	}
}

// Without a message whose retry time has passed, the Japanese retry
// column is as wide as its header, as the English one is, so no gap
// opens between the age and the retry columns at 132 columns.
func TestQueueRetryColumnFitsHeaderJapanese(t *testing.T) {
	wants := map[string]string{"en": " age retry ", "ja": " 経過  再送 "}
	for lang, want := range wants {
		m := queueScreenModel(t, lang, &fakeBatch{}, 132, 40)
		var header string
		for _, line := range strings.Split(screenText(m), "\n") {
			if strings.Contains(line, "queue ID") {
				header = line
			}
		}
		if !strings.Contains(header, want) {
			t.Errorf("%s: header %q lacks %q", lang, header, want)
		}
	}
}
