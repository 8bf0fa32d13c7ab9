package tui

import (
	"context"
	"testing"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/stats"
)

// wakingActor is a fakeActor that counts requests to wake pickup.
type wakingActor struct {
	fakeActor
	wakes int
}

func (a *wakingActor) WakePickup(ctx context.Context) error {
	a.wakes++
	return nil
}

// wakingBatch is a fakeBatch that counts requests to wake pickup.
type wakingBatch struct {
	fakeBatch
	wakes int
}

func (f *wakingBatch) WakePickup(ctx context.Context) error {
	f.wakes++
	return nil
}

// A requeued message waits in the maildrop queue until pickup takes it, so
// the dashboard wakes pickup after each requeue that changed a message,
// and only then.
func TestRequeueWakesPickup(t *testing.T) {
	message := stats.Message{QueueID: "4jh2DZ3Cpzz5rBg", Sender: "shop@example.com"}
	tests := []struct {
		name   string
		action actionKind
		err    error
		wakes  int
	}{
		{"requeue", actionRequeue, nil, 1},
		{"failed requeue", actionRequeue, errPostsuper, 0},
		{"deliver now", actionDeliver, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			actor := &wakingActor{fakeActor: fakeActor{err: tt.err}}
			runActionCmd(context.Background(), actor, tt.action, message)()
			if actor.wakes != tt.wakes {
				t.Errorf("pickup woken %d times, want %d", actor.wakes, tt.wakes)
			}
		})
	}

	batchTests := []struct {
		name   string
		action queueAction
		err    error
		wakes  int
	}{
		{"requeue from the queue screen", queueRequeue, nil, 1},
		{"failed requeue from the queue screen", queueRequeue, errPostsuper, 0},
		{"hold from the queue screen", queueHold, nil, 0},
	}
	targets := []actions.Target{{ID: "9D4F0C7B62"}, {ID: "2C6F8B1D04"}}
	for _, tt := range batchTests {
		t.Run(tt.name, func(t *testing.T) {
			batch := &wakingBatch{fakeBatch: fakeBatch{err: tt.err}}
			runQueueActionCmd(context.Background(), batch, queueConfirm{action: tt.action, targets: targets})()
			if batch.wakes != tt.wakes {
				t.Errorf("pickup woken %d times, want %d", batch.wakes, tt.wakes)
			}
		})
	}
}
