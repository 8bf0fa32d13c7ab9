package actions

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

func TestSimulatedActions(t *testing.T) {
	var seen []Result
	s := &Simulated{ConfigDir: "/etc/postfix-out", OnAction: func(r Result) { seen = append(seen, r) }}
	ctx := context.Background()
	cases := []struct {
		name       string
		call       func() (Result, error)
		wantAction Action
		wantArgv   []string
		wantOutput string
	}{
		{"deliver-now", func() (Result, error) { return s.DeliverNow(ctx, "7E996BE094", "a@b", time.Time{}) },
			ActionDeliverNow, []string{"postqueue", "-c", "/etc/postfix-out", "-i", "7E996BE094"},
			"simulated: would run postqueue -c /etc/postfix-out -i 7E996BE094"},
		{"requeue", func() (Result, error) { return s.Requeue(ctx, "7E996BE094", "a@b", time.Time{}) },
			ActionRequeue, []string{"postsuper", "-c", "/etc/postfix-out", "-r", "-"},
			"simulated: would run postsuper -c /etc/postfix-out -r - with 7E996BE094 on stdin"},
		{"hold", func() (Result, error) { return s.Hold(ctx, "7E996BE094", "a@b", time.Time{}) },
			ActionHold, []string{"postsuper", "-c", "/etc/postfix-out", "-h", "-"},
			"simulated: would run postsuper -c /etc/postfix-out -h - with 7E996BE094 on stdin"},
		{"release", func() (Result, error) { return s.Release(ctx, "7E996BE094", "a@b", time.Time{}) },
			ActionRelease, []string{"postsuper", "-c", "/etc/postfix-out", "-H", "-"},
			"simulated: would run postsuper -c /etc/postfix-out -H - with 7E996BE094 on stdin"},
		{"delete", func() (Result, error) { return s.Delete(ctx, "7E996BE094", "a@b", time.Time{}) },
			ActionDelete, []string{"postsuper", "-c", "/etc/postfix-out", "-d", "-"},
			"simulated: would run postsuper -c /etc/postfix-out -d - with 7E996BE094 on stdin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call()
			if err != nil {
				t.Fatalf("simulated %s: %v", tc.name, err)
			}
			if !res.Simulated || res.Action != tc.wantAction || res.Count != 1 {
				t.Errorf("Result = %+v", res)
			}
			if !slices.Equal(res.Argv, tc.wantArgv) {
				t.Errorf("Argv = %v, want %v", res.Argv, tc.wantArgv)
			}
			if res.Output != tc.wantOutput {
				t.Errorf("Output = %q, want %q", res.Output, tc.wantOutput)
			}
		})
	}
	if len(seen) != len(cases) {
		t.Errorf("OnAction saw %d results, want %d", len(seen), len(cases))
	}
}

func TestSimulatedRejectsInvalidID(t *testing.T) {
	called := false
	s := &Simulated{OnAction: func(Result) { called = true }}
	for _, id := range []string{"ALL", "x", "7E996BE094\n"} {
		if _, err := s.Delete(context.Background(), id, "", time.Time{}); !errors.Is(err, ErrInvalidQueueID) {
			t.Errorf("Delete(%q) = %v, want ErrInvalidQueueID", id, err)
		}
	}
	if called {
		t.Error("OnAction called for an invalid ID")
	}
}

func TestSimulatedWithQueue(t *testing.T) {
	held := QueuedMessage{QueueID: "75D57BE091", Queue: QueueHold, Sender: "a@b", Arrival: arrival}
	s := &Simulated{LookupFunc: func(id string) (QueuedMessage, bool) {
		return held, id == held.QueueID
	}}
	ctx := context.Background()

	if _, err := s.DeliverNow(ctx, "75D57BE091", "a@b", arrival); !errors.Is(err, ErrWrongQueue) {
		t.Errorf("DeliverNow on hold = %v, want ErrWrongQueue", err)
	}
	if _, err := s.Release(ctx, "75D57BE091", "a@b", arrival); err != nil {
		t.Errorf("Release: %v", err)
	}
	if _, err := s.Hold(ctx, "75D57BE091", "other@b", arrival); !errors.Is(err, ErrChanged) {
		t.Errorf("Hold with another sender = %v, want ErrChanged", err)
	}
	if _, err := s.Lookup(ctx, "ABCDEF1234"); !errors.Is(err, ErrNotQueued) {
		t.Errorf("Lookup of an unknown ID = %v, want ErrNotQueued", err)
	}
	if _, err := s.Requeue(ctx, "ABCDEF1234", "a@b", arrival); !errors.Is(err, ErrChanged) {
		t.Errorf("Requeue of an unknown ID = %v, want ErrChanged", err)
	}
}

// A simulated action on a message that left the demo's queue gives its
// reason in Japanese, as a real queue action does, and keeps its English
// text for the English screen.
func TestSimulatedReasonsInJapanese(t *testing.T) {
	s := &Simulated{LookupFunc: func(string) (QueuedMessage, bool) { return QueuedMessage{}, false }}
	ctx := context.Background()
	_, lookupErr := s.Lookup(ctx, "ABCDEF1234")
	_, requeueErr := s.Requeue(ctx, "ABCDEF1234", "a@b", arrival)
	_, deliverErr := s.DeliverNow(ctx, "ABCDEF1234", "a@b", arrival)
	cases := []struct {
		name      string
		err       error
		sentinels []error
		english   string
		japanese  string
	}{
		{"lookup", lookupErr, []error{ErrNotQueued},
			"queue ID ABCDEF1234: not in the queue (simulated queue)",
			"queue ID ABCDEF1234 は模擬キューにありません。"},
		{"requeue", requeueErr, []error{ErrChanged, ErrNotQueued},
			"queue ID ABCDEF1234 changed since it was listed: the message is not in the queue any more (simulated queue)",
			"queue ID ABCDEF1234 のメッセージは、一覧を読んだあとで模擬キューからなくなりました。"},
		{"deliver-now", deliverErr, []error{ErrChanged, ErrNotQueued},
			"queue ID ABCDEF1234 changed since it was listed: the message is not in the queue any more (simulated queue)",
			"queue ID ABCDEF1234 のメッセージは、一覧を読んだあとで模擬キューからなくなりました。"},
	}
	japanese := l10n.New(l10n.Japanese)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error for a message missing from the simulated queue")
			}
			for _, sentinel := range tc.sentinels {
				if !errors.Is(tc.err, sentinel) {
					t.Errorf("reason %v does not wrap %v", tc.err, sentinel)
				}
			}
			if tc.err.Error() != tc.english {
				t.Errorf("English reason = %q, want %q", tc.err, tc.english)
			}
			if text := japanese.ErrorText(tc.err); text != tc.japanese {
				t.Errorf("Japanese reason = %q, want %q", text, tc.japanese)
			}
		})
	}
}
