package actions_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestActionsPostfixStoppedRealInstance runs the actions on an instance
// that was never started. Postfix 3.7's postqueue -j, run by root, then
// reads the queue files itself: it lists a file owned by postfix and
// leaves out one that root copied in, which Postfix cannot read. The
// actions must not take the unlisted message for one that left the queue.
// It needs root and Postfix.
func TestActionsPostfixStoppedRealInstance(t *testing.T) {
	instance := postfixtest.NewStopped(t, postfixtest.Config{})
	rootOwned, err := instance.CopyQueueFile("../testdata/queue/real/deferred-short-done-recipient", "deferred", "249A5BA093", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := instance.CopyQueueFile("../testdata/queue/real/hold", "hold", "3F673BA09F", true); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	audit, err := actions.OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()
	p := &actions.Postfix{ConfigDir: instance.ConfigDir(), Audit: audit}

	heldMessage, err := p.Lookup(ctx, "3F673BA09F")
	if err != nil || heldMessage.Queue != actions.QueueHold {
		t.Errorf("Lookup of the postfix-owned held message = %+v, %v; want it listed in hold", heldMessage, err)
	}

	target := actions.Target{ID: "249A5BA093", Queue: actions.QueueDeferred, Sender: "shop@example.com", Arrival: time.Unix(1796423403, 0)}
	res, err := p.HoldMany(ctx, []actions.Target{target})
	var notRunning *actions.NotRunningError
	if !errors.As(err, &notRunning) || errors.Is(err, actions.ErrNotQueued) {
		t.Fatalf("HoldMany = %v, want a *NotRunningError and not ErrNotQueued", err)
	}
	if notRunning.ConfigDir != instance.ConfigDir() || len(notRunning.QueueIDs) != 1 || notRunning.QueueIDs[0] != "249A5BA093" {
		t.Errorf("NotRunningError = %+v, want the instance and 249A5BA093", notRunning)
	}
	if len(res.Skipped) != 0 {
		t.Errorf("Skipped = %+v, want none", res.Skipped)
	}

	_, err = p.Hold(ctx, target.ID, target.Sender, target.Arrival)
	if !errors.Is(err, actions.ErrNotRunning) || errors.Is(err, actions.ErrNotQueued) {
		t.Errorf("Hold = %v, want ErrNotRunning and not ErrNotQueued", err)
	}
	if _, err := os.Stat(rootOwned); err != nil {
		t.Errorf("the deferred queue file moved: %v", err)
	}
}
