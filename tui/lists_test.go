package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// Lists that the screen writes into a sentence or a cell are joined with
// ", " in English and with 「、」 in Japanese.
func TestScreenListsFollowLanguage(t *testing.T) {
	separators := map[string]string{"en": ", ", "ja": "、"}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			separator := separators[lang]
			opts := queueOptions(lang)
			opts.Sources = []string{"/var/log/mail.log.1", "/var/log/mail.log"}
			queue := sources.QueueSnapshot{
				Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory,
				Counts: map[string]int{"deferred": 1},
				Messages: []sources.QueuedMessage{{
					Queue: "deferred", QueueID: "7E996BE094", Arrival: fixtureNow.Add(-time.Hour), Size: 2400,
					Sender: "shop@example.com", NextRetry: fixtureNow.Add(time.Minute),
					Recipients: []sources.QueuedRecipient{{Address: "a@x.jp"}, {Address: "b@x.jp"}},
				}},
			}
			m := send(t, newScreen(t, opts, 132, 40), QueueSnapshotMsg{Snapshot: queue})
			if want := "/var/log/mail.log.1" + separator + "/var/log/mail.log"; !strings.Contains(screenText(m), want) {
				t.Errorf("header lacks the log files %q:\n%s", want, screenText(m))
			}

			m = send(t, m, keyPress("Q"))
			recipients := "a@x.jp" + separator + "b@x.jp"
			if !strings.Contains(screenText(m), recipients) {
				t.Errorf("queue row lacks the recipients %q:\n%s", recipients, screenText(m))
			}
			m = send(t, m, keyPress("r"))
			if m.queueConfirm == nil {
				t.Fatalf("r opened no confirmation:\n%s", screenText(m))
			}
			if prompt := strings.Join(m.queueConfirmLines(), ""); !strings.Contains(prompt, recipients) {
				t.Errorf("confirmation %q lacks the recipients %q", prompt, recipients)
			}
		})
	}
}
