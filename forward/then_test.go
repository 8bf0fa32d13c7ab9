package forward

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// rescueThenFailure forwards the captured message with then hold through
// a Postfix actor whose postqueue -j replies with listing, and returns
// the one outcome.
func rescueThenFailure(t *testing.T, listing actions.FakeReply) Outcome {
	t.Helper()
	server := smtptest.StartRelay(t, &smtptest.Relay{})
	dir, queued := copyQueue(t)
	actor := &actions.Postfix{ConfigDir: "/tmp/postfix-out", Runner: actions.NewFakeRunner(listing)}
	rescue, _ := rescueFor(t, server.Port, dir, ThenHold, actor)
	outcomes := rescue.Run(context.Background(), []actions.Target{targetOfQueued(queued)})
	if len(outcomes) != 1 || !outcomes[0].Forwarded {
		t.Fatalf("outcomes = %+v, want one forwarded message", outcomes)
	}
	if outcomes[0].Then != ThenKeep {
		t.Errorf("Then = %s after the hold failed, want keep", outcomes[0].Then)
	}
	return outcomes[0]
}

func TestRescueHoldPostfixStopped(t *testing.T) {
	// postqueue -j as root with the instance stopped, when it cannot read
	// the queue file: no message, only the warning.
	outcome := rescueThenFailure(t, actions.FakeReply{
		Stderr: "postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: No such file or directory)\n",
	})

	var thenErr *ThenError
	if !errors.As(outcome.Err, &thenErr) || thenErr.Then != ThenHold {
		t.Fatalf("Err = %v, want a *ThenError for hold", outcome.Err)
	}
	if !errors.Is(outcome.Err, actions.ErrNotRunning) {
		t.Errorf("Err = %v, want it to wrap actions.ErrNotRunning", outcome.Err)
	}
	if errors.Is(outcome.Err, actions.ErrNotQueued) {
		t.Errorf("Err = %v says the original left the queue", outcome.Err)
	}
	want := "the relay accepted the message, but the hold of the original failed: Postfix instance /tmp/postfix-out is not running"
	if !strings.HasPrefix(outcome.Err.Error(), want) {
		t.Errorf("Err = %q, want it to start with %q", outcome.Err, want)
	}
	if n := strings.Count(outcome.Err.Error(), ", but "); n != 1 {
		t.Errorf("Err has %d clauses with \", but\", want 1: %q", n, outcome.Err)
	}
}

func TestRescueHoldSkippedGivesReason(t *testing.T) {
	// The queue no longer lists the message: the skip reason is the
	// error, without the batch's wording around it.
	outcome := rescueThenFailure(t, actions.FakeReply{})

	var thenErr *ThenError
	if !errors.As(outcome.Err, &thenErr) {
		t.Fatalf("Err = %v, want a *ThenError", outcome.Err)
	}
	if !errors.Is(thenErr.Err, actions.ErrNotQueued) {
		t.Errorf("ThenError.Err = %v, want actions.ErrNotQueued", thenErr.Err)
	}
	if strings.Contains(outcome.Err.Error(), "none of the 1 selected messages") {
		t.Errorf("Err = %q, want the skip reason alone", outcome.Err)
	}
}
