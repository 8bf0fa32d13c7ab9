package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// outsideTestMessages are two messages with an ezweb.ne.jp recipient, one
// of which also has a docomo.ne.jp recipient and one already delivered.
func outsideTestMessages() []sources.QueuedMessage {
	return []sources.QueuedMessage{
		{Queue: "deferred", QueueID: "1B101E2252", Sender: "shop@example.com", Recipients: []sources.QueuedRecipient{
			{Address: "a@ezweb.ne.jp"},
			{Address: "b@docomo.ne.jp"},
			{Address: "c@softbank.ne.jp", Done: true},
		}},
		{Queue: "deferred", QueueID: "2C202E3363", Sender: "shop@example.com", Recipients: []sources.QueuedRecipient{
			{Address: "d@ezweb.ne.jp"},
		}},
	}
}

func TestActionTargetsOutsideRecipients(t *testing.T) {
	cases := []struct {
		lang              string
		recipients, count string
	}{
		{l10n.English, "    also to: b@docomo.ne.jp\n",
			"1 of these messages also has pending recipients outside the filter (1B101E2252): Postfix acts on whole messages, so hold applies to those recipients too.\n"},
		{l10n.Japanese, "    ほかの宛先: b@docomo.ne.jp\n",
			"うち 1 件には絞り込みの外の未配送の宛先もあります（1B101E2252）。Postfix はメッセージ単位で扱うため、その宛先も保留の対象になります。\n"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		tr := l10n.New(tc.lang)
		filter := tui.QueueFilter{Domain: "ezweb.ne.jp"}
		targets, outside := writeActionTargets(&queueWriter{w: &out}, tr, filter, outsideTestMessages(), tr.T("out.action.name.hold"))
		if len(targets) != 2 {
			t.Errorf("%s: %d targets, want 2", tc.lang, len(targets))
		}
		if outside != 1 {
			t.Errorf("%s: %d messages with outside recipients, want 1", tc.lang, outside)
		}
		text := out.String()
		if !strings.Contains(text, "1B101E2252  deferred  shop@example.com\n"+tc.recipients) {
			t.Errorf("%s: the outside recipient is not under its message:\n%s", tc.lang, text)
		}
		if !strings.HasSuffix(text, tc.count) {
			t.Errorf("%s: output lacks the closing line %q:\n%s", tc.lang, tc.count, text)
		}
		if strings.Contains(text, "c@softbank.ne.jp") {
			t.Errorf("%s: output names a delivered recipient:\n%s", tc.lang, text)
		}
	}
}

func TestActionTargetsNoRecipientFilter(t *testing.T) {
	var out bytes.Buffer
	tr := l10n.New(l10n.English)
	filter := tui.QueueFilter{Sender: "shop@"}
	_, outside := writeActionTargets(&queueWriter{w: &out}, tr, filter, outsideTestMessages(), "hold")
	if outside != 0 {
		t.Errorf("%d messages with outside recipients for a sender filter, want 0", outside)
	}
	if strings.Contains(out.String(), "outside") || strings.Contains(out.String(), "also to") {
		t.Errorf("a sender filter reports recipients outside it:\n%s", out.String())
	}
}

func TestActionTargetsOutsideListShortened(t *testing.T) {
	message := sources.QueuedMessage{Queue: "deferred", QueueID: "3D303E4474", Sender: "shop@example.com"}
	message.Recipients = append(message.Recipients, sources.QueuedRecipient{Address: "x@ezweb.ne.jp"})
	for _, local := range []string{"a", "b", "c", "d", "e"} {
		message.Recipients = append(message.Recipients, sources.QueuedRecipient{Address: local + "@docomo.ne.jp"})
	}
	cases := []struct{ lang, want string }{
		{l10n.English, "    also to: a@docomo.ne.jp, b@docomo.ne.jp, c@docomo.ne.jp and 2 more\n"},
		{l10n.Japanese, "    ほかの宛先: a@docomo.ne.jp、b@docomo.ne.jp、c@docomo.ne.jp ほか 2 件\n"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		tr := l10n.New(tc.lang)
		writeActionTargets(&queueWriter{w: &out}, tr, tui.QueueFilter{Recipient: "@ezweb."}, []sources.QueuedMessage{message}, "delete")
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: output lacks %q:\n%s", tc.lang, tc.want, out.String())
		}
	}
}
