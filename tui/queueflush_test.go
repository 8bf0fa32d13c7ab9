package tui

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/actions"
)

// flushNotConfiguredReply is postqueue -s's refusal of a domain outside
// fast_flush_domains, as Postfix 3.7 prints it, with its exit status 69.
func flushNotConfiguredReply(domain string) actions.FakeReply {
	return actions.FakeReply{
		Stderr: "postqueue: fatal: Flush service is not configured for destination \"" + domain + "\"\n",
		Err:    exec.Command("sh", "-c", "exit 69").Run(),
	}
}

// checkWholeResult fails t unless the result is want and the screen shows
// it whole. Spaces are left out of the comparison, because the screen
// wraps the text.
func checkWholeResult(t *testing.T, m Model, want string) {
	t.Helper()
	if m.result != want {
		t.Errorf("result = %q, want %q", m.result, want)
	}
	text := screenText(m)
	squeezed := strings.Join(strings.Fields(text), "")
	if !strings.Contains(squeezed, strings.Join(strings.Fields(want), "")) {
		t.Errorf("screen cuts the result:\n%s", text)
	}
}

func TestQueueFlushDomainCheckedFirst(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "postqueue -s cannot flush docomo.ne.jp because it is not in fast_flush_domains. Press i on its messages or A to flush the whole queue, or add the domain to fast_flush_domains in main.cf"},
		{"ja", "docomo.ne.jp は fast_flush_domains にないため、postqueue -s ではフラッシュできません。メッセージごとに i で今すぐ配送するか、A でキュー全体をフラッシュするか、main.cf の fast_flush_domains にドメインを加えてください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			runner := actions.NewFakeRunner(actions.FakeReply{Stdout: "\nfast_flush_domains\n"})
			m := queueScreenModel(t, tt.lang, &actions.Postfix{Runner: runner}, 80, 24)
			m = send(t, m, keys("down", "F")...)

			if m.queueConfirm != nil {
				t.Errorf("a confirmation opened for a flush that postqueue -s refuses")
			}
			checkWholeResult(t, m, tt.want)
			if calls := runner.Calls(); len(calls) != 1 || calls[0].Argv[0] != "postconf" {
				t.Errorf("calls = %+v, want postconf only", calls)
			}
		})
	}
}

func TestQueueFlushDomainListedAsks(t *testing.T) {
	runner := actions.NewFakeRunner(actions.FakeReply{Stdout: "docomo.ne.jp\nfast_flush_domains\n"}, flushNotConfiguredReply("docomo.ne.jp"))
	m := queueScreenModel(t, "en", &actions.Postfix{Runner: runner}, 80, 24)
	m = send(t, m, keys("down", "F")...)
	if m.queueConfirm == nil || m.queueConfirm.domain != "docomo.ne.jp" {
		t.Fatalf("no flush confirmation for a listed domain; result %q", m.result)
	}

	// postqueue -s refuses anyway, as when the flush service is off: the
	// result says what to do, whole, at 80 columns.
	m = send(t, m, keys("y")...)
	checkWholeResult(t, m, "postqueue -s cannot flush docomo.ne.jp because it is not in fast_flush_domains. Press i on its messages or A to flush the whole queue, or add the domain to fast_flush_domains in main.cf")
}

// A flush that ran names the domain it flushed, because the cursor may
// have moved to another domain's message while it ran.
func TestQueueFlushDomainResultNamesDomain(t *testing.T) {
	wants := map[string]string{
		"en": "flush domain docomo.ne.jp: done",
		"ja": "ドメインのフラッシュ（docomo.ne.jp）を実行しました。",
	}
	for lang, want := range wants {
		t.Run(lang, func(t *testing.T) {
			runner := actions.NewFakeRunner(actions.FakeReply{Stdout: "docomo.ne.jp\nfast_flush_domains\n"}, actions.FakeReply{})
			m := queueScreenModel(t, lang, &actions.Postfix{Runner: runner}, 80, 24)
			m = send(t, m, keys("down", "F", "y")...)
			if got := footerResult(m); got != want {
				t.Errorf("footer after F, y = %q, want %q", got, want)
			}
		})
	}
}
