package parsers

import (
	"testing"
	"time"
)

func TestParsePostqueueLine(t *testing.T) {
	line := []byte(`{"queue_name": "deferred", "queue_id": "7E996BE094", "arrival_time": 1796413613, "message_size": 365, "forced_expire": false, "sender": "tester@mx.example.com", "recipients": [{"address": "tempfail2@docomo.ne.jp", "delay_reason": "host said: 450 4.2.0 Greylisted"}], "unknown_member": 1}`)
	m, err := ParsePostqueueLine(line)
	if err != nil {
		t.Fatal(err)
	}
	if m.QueueName != "deferred" || m.QueueID != "7E996BE094" || m.Size != 365 || m.Sender != "tester@mx.example.com" {
		t.Errorf("message = %+v", m)
	}
	if !m.Arrival.Equal(time.Unix(1796413613, 0)) {
		t.Errorf("arrival = %v", m.Arrival)
	}
	if len(m.Recipients) != 1 || m.Recipients[0].Address != "tempfail2@docomo.ne.jp" || m.Recipients[0].DelayReason != "host said: 450 4.2.0 Greylisted" {
		t.Errorf("recipients = %+v", m.Recipients)
	}
}

func TestParsePostqueueLineNullSender(t *testing.T) {
	m, err := ParsePostqueueLine([]byte(`{"queue_name": "hold", "queue_id": "4jh2DZ3Cpzz5rBg", "sender": "MAILER-DAEMON", "recipients": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Sender != "" {
		t.Errorf("sender = %q, want the null sender \"\"", m.Sender)
	}
}

func TestParsePostqueueLineRejectsBadInput(t *testing.T) {
	for _, line := range []string{`{"queue_name": "deferred"}`, `{"queue_id": "bad id"}`, `not json`, `{"queue_id": "NOQUEUE"}`} {
		if _, err := ParsePostqueueLine([]byte(line)); err == nil {
			t.Errorf("ParsePostqueueLine(%s) returned no error", line)
		}
	}
}
