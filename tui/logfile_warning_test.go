package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
)

// requeueWithLogFileFailure requeues a message through a fake postsuper that
// prints its line for the message, then fails to open Postfix's log file,
// as Postfix 3.7.11 postsuper does while Postfix is down.
func requeueWithLogFileFailure(t *testing.T) actions.Result {
	t.Helper()
	listing := `{"queue_name": "deferred", "queue_id": "7E996BE094", "arrival_time": 1796413613, "message_size": 365, "forced_expire": false, "sender": "shop@example.com", "recipients": [{"address": "taro@docomo.ne.jp"}]}` + "\n"
	stderr := "postsuper: 7E996BE094: requeued\npostsuper: fatal: open logfile '/var/log/postfix-out.log': cannot open file: Permission denied\n"
	runner := actions.NewFakeRunner(actions.FakeReply{Stdout: listing}, actions.FakeReply{Stderr: stderr, Err: errors.New("exit status 1")})
	controller := &actions.Postfix{ConfigDir: "/etc/postfix-out", Runner: runner}
	res, err := controller.Requeue(context.Background(), "7E996BE094", "shop@example.com", time.Unix(1796413613, 0))
	if err != nil || res.Warning == nil {
		t.Fatalf("Requeue = %+v, %v; want the log file warning and no error", res, err)
	}
	return res
}

func TestActionLogFileWarningShown(t *testing.T) {
	res := requeueWithLogFileFailure(t)
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"1 of 1 changed", "the log file /var/log/postfix-out.log", "Permission denied", "postfix -c /etc/postfix-out start"}},
		{"ja", []string{"1 件中 1 件を変更しました", "ログファイル /var/log/postfix-out.log に書き込めませんでした", "Permission denied", "postfix -c /etc/postfix-out start で起動してください。"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), 132, 40)
			m = send(t, m, actionResultMsg{action: actionRequeue, queueID: "7E996BE094", result: res})
			for _, want := range tc.want {
				if !strings.Contains(shownResult(m), want) {
					t.Errorf("footer %q lacks %q", shownResult(m), want)
				}
			}
			if m.resultKind != resultError {
				t.Errorf("result kind = %v, want resultError for the warning", m.resultKind)
			}
		})
	}
}

func TestQueueActionLogFileWarningShown(t *testing.T) {
	res := requeueWithLogFileFailure(t)
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, queueActionResultMsg{action: queueRequeue, total: 1, result: res})
	for _, want := range []string{"1 of 1 changed", "the log file /var/log/postfix-out.log"} {
		if !strings.Contains(m.result, want) {
			t.Errorf("footer %q lacks %q", m.result, want)
		}
	}
	if m.resultKind != resultError {
		t.Errorf("result kind = %v, want resultError for the warning", m.resultKind)
	}
}
