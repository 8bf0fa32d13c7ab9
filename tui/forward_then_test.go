package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
)

// mailSystemDownWarning is postqueue -j's stderr as root while Postfix
// 3.7.11 is stopped. Postfix lists no message then when it cannot read the
// queue file.
const mailSystemDownWarning = "postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n"

// stoppedPostfixActor runs the queue actions on the instance
// /tmp/postfix-out, stopped, whose postqueue -j lists nothing.
func stoppedPostfixActor() *actions.Postfix {
	return &actions.Postfix{
		ConfigDir: "/tmp/postfix-out",
		Runner:    actions.NewFakeRunner(actions.FakeReply{Stderr: mailSystemDownWarning}),
	}
}

// forwardHoldWithPostfixStopped forwards the sink model's message with
// Then: hold on an 80x24 screen while Postfix is stopped, and returns the
// model with the dialog's results.
func forwardHoldWithPostfixStopped(t *testing.T, lang string) Model {
	t.Helper()
	m, relay := sinkForwardModel(t, lang, &fakeBatch{})
	m.opts.QueueActor = stoppedPostfixActor()
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(t, m, keys("f", "down", "down", "down", "down", "right", "enter", "y")...)
	if len(relay.Received()) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(relay.Received()))
	}
	if m.forward == nil || m.forward.stage != forwardDone || len(m.forward.results) != 1 {
		t.Fatalf("the dialog did not reach the result of one message")
	}
	return m
}

func TestForwardHoldPostfixStoppedDialog(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "7E996BE094: the relay accepted it (250 2.0.0 OK: queued), but the hold of the original failed: " +
			"Postfix is not running (instance /tmp/postfix-out), so mailtop could not check the original; " +
			"start Postfix with postfix -c /tmp/postfix-out start"},
		{"ja", "7E996BE094: リレーは受け付けました（250 2.0.0 OK: queued）が、元のメッセージの保留に失敗しました: " +
			"Postfix が起動していない（インスタンス /tmp/postfix-out）ため、元のメッセージを確認できませんでした。" +
			"postfix -c /tmp/postfix-out start で Postfix を起動してください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardHoldWithPostfixStopped(t, tt.lang)
			l := m.c.l
			outcome := m.forward.results[0]
			got := l.T("forward.resultThenFailed", map[string]any{
				"QueueID": outcome.queueID, "Reply": outcome.reply, "Action": l.T("action.hold"), "Error": outcome.err,
			})
			if got != tt.want {
				t.Errorf("result line =\n%q\nwant\n%q", got, tt.want)
			}
			screen := screenText(m)
			for _, stale := range []string{"forwarded, but", "left the queue", "none of the 1 selected"} {
				if strings.Contains(screen, stale) {
					t.Errorf("the dialog contains %q:\n%s", stale, screen)
				}
			}
		})
	}
}

func TestForwardHoldPostfixStoppedFooter(t *testing.T) {
	tests := []struct {
		lang string
		want string
		// failure is the words that must fit in the 80 columns.
		failure string
	}{
		{"en", "forward: the hold of 7E996BE094 failed after sink (127.0.0.1:PORT) accepted it for ichiro@ezweb.ne.jp",
			"the hold of 7E996BE094 failed"},
		{"ja", "転送: 7E996BE094 の保留に失敗しました（sink（127.0.0.1:PORT）は ichiro@ezweb.ne.jp 宛てに受け付け済み）。",
			"7E996BE094 の保留に失敗しました"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardHoldWithPostfixStopped(t, tt.lang)
			if withoutPort(shownResult(m)) != tt.want || m.resultKind != resultError {
				t.Errorf("footer = %q (kind %d), want %q as an error", shownResult(m), m.resultKind, tt.want)
			}
			lines := strings.Split(screenText(m), "\n")
			footer := strings.Join(lines[len(lines)-3:], "\n")
			if !strings.Contains(footer, tt.failure) {
				t.Errorf("the 80-column footer does not show %q:\n%s", tt.failure, footer)
			}
		})
	}
}

func TestQueueHoldPostfixStoppedFooter(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "hold: Postfix is not running, so nothing was changed; start it with postfix -c /tmp/postfix-out start"},
		{"ja", "保留: Postfix が起動していないため、何も変更していません。postfix -c /tmp/postfix-out start で起動してください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m, _ := sinkForwardModel(t, tt.lang, &fakeBatch{})
			m.opts.QueueActor = stoppedPostfixActor()
			m = send(t, m, keys("h", "y")...)
			if withoutPort(shownResult(m)) != tt.want || m.resultKind != resultError {
				t.Errorf("footer = %q (kind %d), want %q as an error", shownResult(m), m.resultKind, tt.want)
			}
		})
	}
}

func TestThenFailureReasonFallsBack(t *testing.T) {
	l := forwardModel(t, "ja", &fakeBatch{}).c.l
	err := context.DeadlineExceeded
	if got := thenFailureReason(l, err); got != err.Error() {
		t.Errorf("reason = %q, want the error's own text %q", got, err.Error())
	}
}

func TestActionResultPostfixStopped(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "requeue: Postfix is not running, so nothing was changed; start it with systemctl start postfix"},
		{"ja", "再キュー: Postfix が起動していないため、何も変更していません。systemctl start postfix で起動してください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, actionResultMsg{action: actionRequeue, queueID: "7E996BE094", err: &actions.NotRunningError{QueueIDs: []string{"7E996BE094"}}})
			if withoutPort(shownResult(m)) != tt.want || m.resultKind != resultError {
				t.Errorf("footer = %q (kind %d), want %q as an error", shownResult(m), m.resultKind, tt.want)
			}
		})
	}
}

func TestThenFailureReasonCatalogText(t *testing.T) {
	// A held original: the action's own reason, in Japanese.
	l := forwardModel(t, "ja", &fakeBatch{}).c.l
	runner := actions.NewFakeRunner(actions.FakeReply{Stdout: `{"queue_name": "hold", "queue_id": "7E996BE094", "arrival_time": 1796413613, "message_size": 365, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "a@docomo.ne.jp"}]}` + "\n"})
	_, err := (&actions.Postfix{Runner: runner}).Hold(context.Background(), "7E996BE094", "shop@example.com", time.Time{})
	if !errors.Is(err, actions.ErrWrongQueue) {
		t.Fatalf("Hold of a held message = %v, want ErrWrongQueue", err)
	}
	if got, want := thenFailureReason(l, err), "queue ID 7E996BE094 はすでに保留中です。"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
}

// A -c DIR that postqueue rejects for a user other than root: the footer
// gives the fix, not Postfix's two lines.
func TestActionResultConfigDirRejected(t *testing.T) {
	stderr := "postqueue: error: unauthorized configuration directory name: /etc/postfix-out\n" +
		"postqueue: fatal: specify \"alternate_config_directories = /etc/postfix-out\" or \"multi_instance_directories = /etc/postfix-out\" in /etc/postfix/main.cf\n"
	runner := actions.NewFakeRunner(actions.FakeReply{Stderr: stderr, Err: errors.New("exit status 69")})
	_, err := (&actions.Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}).DeliverNow(context.Background(), "7E996BE094", "shop@example.com", time.Time{})
	if err == nil {
		t.Fatal("DeliverNow succeeded with a rejected -c DIR")
	}
	tests := []struct {
		lang string
		want string
	}{
		{"en", "add /etc/postfix-out to alternate_config_directories in /etc/postfix/main.cf"},
		{"ja", "/etc/postfix/main.cf の alternate_config_directories に /etc/postfix-out を追加してください。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := forwardModel(t, tt.lang, &fakeBatch{})
			m = send(t, m, actionResultMsg{action: actionDeliver, queueID: "7E996BE094", err: err})
			shown := strings.Join(strings.Fields(shownResult(m)), " ")
			if !strings.Contains(shown, tt.want) || m.resultKind != resultError {
				t.Errorf("footer = %q (kind %d), want the fix %q as an error", shown, m.resultKind, tt.want)
			}
			if strings.Contains(shown, "multi_instance_directories") {
				t.Errorf("footer = %q, want the fix in place of Postfix's own lines", shown)
			}
		})
	}
}
