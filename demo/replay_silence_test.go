package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
)

// countContaining returns how many lines contain text.
func countContaining(lines []string, text string) int {
	n := 0
	for _, line := range lines {
		if strings.Contains(line, text) {
			n++
		}
	}
	return n
}

// playLoops returns every line the replay plays until it has started
// loop number loops, with the clock advanced as Next waits.
func playLoops(t *testing.T, r *Replay, clock *fakeClock, loops int) []string {
	t.Helper()
	var all []string
	for r.loop < loops {
		lines, _ := next(t, r, clock)
		all = append(all, lines...)
	}
	return all
}

// After a simulated hold, the recording's later lines about the message
// are left out, so that the log screens keep it on hold as the queue
// screen does. The next loops play the message recorded in those lines
// under queue IDs of their own.
func TestReplayHoldSilencesMessage(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Preload: -1, Speed: 100, MaxIdle: time.Second})
	first, _ := next(t, r, clock)
	if len(first) != 1 || !strings.Contains(first[0], "7E996BE094: from=") {
		t.Fatalf("first batch = %q, want the queue line of 7E996BE094", first)
	}

	r.InjectAction(actions.Result{Action: actions.ActionHold, QueueIDs: []string{"7E996BE094"}, Count: 1, Simulated: true})
	played := playLoops(t, r, clock, 3)
	if n := countContaining(played, "7E996BE094: placed on hold"); n != 1 {
		t.Errorf("the hold line played %d times, want once", n)
	}
	if n := countContaining(played, "7E996BE094"); n != 1 {
		t.Errorf("%d lines name 7E996BE094 after the hold, want only the hold: %q", n, played)
	}
	for _, id := range []string{"7E9961BE094", "7E9962BE094"} {
		if n := countContaining(played, id+":"); n != 3 {
			t.Errorf("%d lines name %s, the next loops' message, want its 3 recorded lines: %q", n, id, played)
		}
	}
	for _, id := range []string{"8C3A3BE098", "8C3A31BE098", "8C3A32BE098"} {
		if n := countContaining(played, id+": removed"); n != 1 {
			t.Errorf("the other message's last line played %d times as %s, want once", n, id)
		}
	}
}

// After a simulated delete, the message's later lines are left out. The
// next loop plays them under another queue ID, because the recording's
// message of that day is another one.
func TestReplayDeleteSilencesMessage(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Preload: -1, Speed: 100, MaxIdle: time.Second})
	next(t, r, clock)

	r.InjectAction(actions.Result{Action: actions.ActionDelete, QueueIDs: []string{"7E996BE094"}, Count: 1, Simulated: true})
	firstLoop := playLoops(t, r, clock, 1)
	if n := countContaining(firstLoop, "7E996BE094"); n != 1 {
		t.Errorf("%d lines name 7E996BE094 in the rest of the loop, want only the delete: %q", n, firstLoop)
	}
	secondLoop := playLoops(t, r, clock, 2)
	if n := countContaining(secondLoop, "7E996BE094"); n != 0 {
		t.Errorf("%d lines name 7E996BE094 in the next loop, want none: %q", n, secondLoop)
	}
	if n := countContaining(secondLoop, "7E9961BE094"); n != 3 {
		t.Errorf("%d lines name 7E9961BE094 in the next loop, want its 3 recorded lines: %q", n, secondLoop)
	}
}

// A paused replay keeps its clock and plays no recorded line, but it
// still returns injected lines. After the pause, it goes on from where it
// stopped.
func TestReplayPausePlaysNothing(t *testing.T) {
	clock := newFakeClock()
	r := newSampleReplay(t, clock, Options{Preload: -1, Speed: 100, MaxIdle: time.Second})
	next(t, r, clock)
	r.SetPaused(true)
	stopped := r.Now()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan []string, 1)
	go func() {
		lines, err := r.Next(ctx)
		if err != nil {
			done <- nil
			return
		}
		var texts []string
		for _, line := range lines {
			texts = append(texts, string(line.Text))
		}
		done <- texts
	}()
	for range 50 {
		clock.Advance(time.Minute)
		time.Sleep(time.Millisecond)
	}
	if !r.Now().Equal(stopped) {
		t.Errorf("Now moved from %v to %v during the pause", stopped, r.Now())
	}
	select {
	case lines := <-done:
		t.Fatalf("Next returned %q during the pause, want it to wait", lines)
	default:
	}

	r.InjectAction(actions.Result{Action: actions.ActionHold, QueueIDs: []string{"8C3A3BE098"}, Count: 1, Simulated: true})
	select {
	case lines := <-done:
		if len(lines) != 2 || !strings.HasSuffix(lines[0], "8C3A3BE098: placed on hold") {
			t.Errorf("batch during the pause = %q, want the injected hold", lines)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("an injected line did not wake Next during the pause")
	}

	r.SetPaused(false)
	clock.Advance(time.Second)
	if got := r.Now().Sub(stopped); got != 100*time.Second {
		t.Errorf("Now moved %s in 1s after the pause at 100x, want 100s", got)
	}
	lines, _ := next(t, r, clock)
	if len(lines) != 1 || !strings.Contains(lines[0], "08:00:01") {
		t.Errorf("first batch after the pause = %q, want the line at 08:00:01", lines)
	}
}
