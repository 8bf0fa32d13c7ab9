package actions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// maildropLine is a message that pickup has not yet taken from maildrop.
const maildropLine = `{"queue_name": "maildrop", "queue_id": "5B6C7D8E9F", "arrival_time": 1796413613, "message_size": 300, "forced_expire": false, "sender": "tester@mx.example.com", "recipients": [{"address": "c@docomo.ne.jp"}]}`

// Each reason a batch action skips a message for keeps its sentinel error
// and English text for callers and the audit log, and has Japanese text
// for mailtop queue and the queue screen.
func TestSkipReasonsInJapanese(t *testing.T) {
	listing := queueListing + maildropLine + "\n"
	deferred := Target{ID: "7E996BE094", Queue: QueueDeferred, Sender: "tester@mx.example.com", Arrival: arrival}
	held := Target{ID: "75D57BE091", Queue: QueueHold, Sender: "tester@mx.example.com", Arrival: arrival}
	active := Target{ID: "4jh2DZ3Cpzz5rBg", Queue: QueueActive, Sender: "tester@mx.example.com", Arrival: time.Unix(1796413870, 0)}
	maildrop := Target{ID: "5B6C7D8E9F", Queue: QueueMaildrop, Sender: "tester@mx.example.com", Arrival: arrival}

	moved := deferred
	moved.Queue = QueueHold
	otherSender := deferred
	otherSender.Sender = "other@example.com"
	otherArrival := deferred
	otherArrival.Arrival = arrival.Add(time.Hour)
	otherBoth := otherSender
	otherBoth.Arrival = arrival.Add(time.Hour)

	cases := []struct {
		name     string
		call     func(*Postfix, context.Context, []Target) (Result, error)
		target   Target
		sentinel error
		english  string
		japanese string
	}{
		{"gone", (*Postfix).HoldMany, Target{ID: "AAAAAAAAAA", Queue: QueueDeferred}, ErrNotQueued,
			"queue ID AAAAAAAAAA changed since it was listed: the message is not in the queue any more",
			"queue ID AAAAAAAAAA のメッセージは、一覧を読んだあとでキューからなくなりました"},
		{"moved", (*Postfix).HoldMany, moved, ErrChanged,
			"it moved from the hold queue to the deferred queue; refresh the queue view",
			"hold キューから deferred キューに移りました"},
		{"sender reused", (*Postfix).HoldMany, otherSender, ErrChanged,
			"sender is <tester@mx.example.com>, expected <other@example.com>, so Postfix has reused the ID",
			"差出人が、一覧を読んだときの <other@example.com> ではなく <tester@mx.example.com> です"},
		{"arrival reused", (*Postfix).HoldMany, otherArrival, ErrChanged,
			"arrival is " + arrival.Format(time.RFC3339) + ", expected " + arrival.Add(time.Hour).Format(time.RFC3339),
			"到着時刻が、一覧を読んだときの " + arrival.Add(time.Hour).Format(time.RFC3339) + " ではなく"},
		{"sender and arrival reused", (*Postfix).HoldMany, otherBoth, ErrChanged,
			"expected <other@example.com> and arrival is",
			"差出人と到着時刻が"},
		{"release not held", (*Postfix).ReleaseMany, deferred, ErrWrongQueue,
			"queue ID 7E996BE094 is not on hold (it is in the deferred queue), so there is nothing to release",
			"queue ID 7E996BE094 は保留中ではなく deferred キューにあるため、保留解除するものがありません"},
		{"hold already held", (*Postfix).HoldMany, held, ErrWrongQueue,
			"queue ID 75D57BE091 is already on hold",
			"queue ID 75D57BE091 はすでに保留中です"},
		{"hold in maildrop", (*Postfix).HoldMany, maildrop, ErrWrongQueue,
			"which postsuper -h does not touch until Postfix picks it up",
			"postsuper -h はこのメッセージを扱いません"},
		{"deliver held", (*Postfix).DeliverNowMany, held, ErrWrongQueue,
			"is on hold, and deliver now does not touch held mail until it is released",
			"保留を解除するまで今すぐ配送は効きません"},
		{"deliver active", (*Postfix).DeliverNowMany, active, ErrWrongQueue,
			"is being delivered right now (active queue)",
			"いま配送中（active キュー）なので"},
		{"deliver in maildrop", (*Postfix).DeliverNowMany, maildrop, ErrWrongQueue,
			"which deliver now does not touch until Postfix picks the message up",
			"Postfix が取り込むまで今すぐ配送はこのメッセージを扱いません"},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runner := NewFakeRunner(FakeReply{Stdout: listing})
			res, _ := tc.call(&Postfix{Runner: runner}, context.Background(), []Target{tc.target})
			if len(res.Skipped) != 1 {
				t.Fatalf("skipped %+v, want the one target", res.Skipped)
			}
			err := res.Skipped[0].Err

			if !errors.Is(err, tc.sentinel) {
				t.Errorf("reason %v does not wrap %v", err, tc.sentinel)
			}
			if !strings.Contains(err.Error(), tc.english) {
				t.Errorf("English reason lacks %q: %s", tc.english, err)
			}
			text := japanese.ErrorText(err)
			if !strings.Contains(text, tc.japanese) {
				t.Errorf("Japanese reason lacks %q: %s", tc.japanese, text)
			}
			for _, english := range []string{"changed since", "queue view", "does not apply", "wait for", "expected"} {
				if strings.Contains(text, english) {
					t.Errorf("Japanese reason contains the English %q: %s", english, text)
				}
			}
		})
	}
}
