package demo

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// lineIDs returns the queue IDs that the lines name as their own.
func lineIDs(lines []string) map[string]bool {
	ids := map[string]bool{}
	for _, line := range lines {
		if id := lineQueueID([]byte(line)); id != "" {
			ids[id] = true
		}
	}
	return ids
}

// The second loop names each message with a queue ID of its own, valid
// and unused by the first loop, and renames it in every place a line
// names it.
func TestLoopQueueIDsDistinct(t *testing.T) {
	d := startDemoRun(t)
	d.playUntil(d.at("23:00:00"))
	firstLoop := len(d.played)
	d.playUntil(d.at("23:00:00").AddDate(0, 0, 1))
	first, second := lineIDs(d.played[:firstLoop]), lineIDs(d.played[firstLoop:])

	if len(second) != len(first) {
		t.Errorf("the second loop names %d queue IDs, want the first loop's %d", len(second), len(first))
	}
	for id := range second {
		if first[id] {
			t.Errorf("both loops name %s", id)
		}
		if !parsers.ValidQueueID(id) {
			t.Errorf("the second loop names the invalid queue ID %q", id)
		}
	}

	// 362C1BA114 is requeued as EE0EABA074, and 2DD29BA024's bounce is
	// EABA3BA003. Message-IDs made by cleanup contain the queue ID.
	second1 := strings.Join(d.played[firstLoop:], "\n")
	for _, want := range []string{
		"362C11BA114: requeued",
		"EE0EA1BA074: uid=102 from=<order@shop.example.com> orig_id=362C11BA114",
		"2DD291BA024: sender non-delivery notification: EABA31BA003",
		"EABA31BA003: message-id=<20261204201339.EABA31BA003@mx.example.com>",
	} {
		if !strings.Contains(second1, want) {
			t.Errorf("the second loop lacks %q", want)
		}
	}
	if regexp.MustCompile(`\b(362C1BA114|EE0EABA074|EABA3BA003)\b`).MatchString(second1) {
		t.Errorf("the second loop still names a queue ID of the first")
	}
}

// A message held in the first loop stays held, and the second loop's
// message recorded in the same lines is listed beside it, deferred.
func TestHeldMessageBesideNextLoop(t *testing.T) {
	d := startDemoRun(t)
	snap := d.playUntil(d.at("19:20:00"))
	d.act("hold", snap, "E2A5ABA020", d.controller.HoldMany)

	snap = d.playUntil(d.at("19:20:00").AddDate(0, 0, 1))
	held, ok := listed(snap, "E2A5ABA020")
	if !ok || held.Queue != sources.QueueHold {
		t.Errorf("the first loop's E2A5ABA020 is listed %v in %q, want held", ok, held.Queue)
	}
	var next []sources.QueuedMessage
	for _, m := range snap.Messages {
		if m.QueueID != "E2A5ABA020" && len(m.Recipients) > 0 && m.Recipients[0].Address == "emi.watanabe@docomo.ne.jp" {
			next = append(next, m)
		}
	}
	if len(next) != 1 || next[0].Queue != sources.QueueDeferred {
		t.Fatalf("the second loop's messages to emi.watanabe@docomo.ne.jp = %+v, want one deferred", next)
	}
	if !next[0].Arrival.Equal(held.Arrival.AddDate(0, 0, 1)) {
		t.Errorf("the second loop's message arrived %v, want a day after %v", next[0].Arrival, held.Arrival)
	}
}

// E5AEABA01D, to rakumail.jp, is still deferred when the recorded day ends.
// The next days it is tried by the simulation, deferred like the other
// mail to rakumail.jp, until maximal_queue_lifetime returns it to its
// sender.
func TestLeftoverMessageExpires(t *testing.T) {
	d := startDemoRun(t)
	arrival := d.at("20:13:38")
	for now := d.at("20:00:00"); now.Before(arrival.Add(maximalQueueLifetime + 12*time.Hour)); now = now.Add(time.Hour) {
		snap := d.playUntil(now)
		m, ok := listed(snap, "E5AEABA01D")
		if now.Before(arrival) {
			continue
		}
		if now.Sub(arrival) < maximalQueueLifetime {
			if !ok {
				t.Fatalf("at %v E5AEABA01D is not listed, want it deferred until %v", now, arrival.Add(maximalQueueLifetime))
			}
			if m.NextRetry.Sub(now) > maximalBackoff || now.Sub(m.NextRetry) >= queueRunDelay {
				t.Errorf("at %v E5AEABA01D retries at %v, want within maximal_backoff_time and due for less than queue_run_delay", now, m.NextRetry)
			}
			continue
		}
		if ok && now.Sub(arrival) > maximalQueueLifetime+time.Hour {
			t.Fatalf("at %v E5AEABA01D is still listed, want it returned to its sender", now)
		}
	}

	tries := d.playedLines("E5AEABA01D: to=<yuto.sato@rakumail.jp>", "status=deferred")
	if len(tries) < 2*24 {
		t.Errorf("E5AEABA01D was tried %d times in five days, want at least one attempt each maximal_backoff_time", len(tries))
	}
	if expired := d.playedLines("E5AEABA01D: from=<order@shop.example.com>, status=expired, returned to sender"); len(expired) != 1 {
		t.Errorf("log has %d expiries of E5AEABA01D, want 1", len(expired))
	}
	if removed := d.playedLines("E5AEABA01D: removed"); len(removed) != 1 {
		t.Errorf("log has %d lines of qmgr removing E5AEABA01D, want 1", len(removed))
	}
}
