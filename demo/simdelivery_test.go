package demo

import (
	"testing"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// docomo suspends delivery until 19:36:22, then accepts mail again. A
// message held at 19:20 and released at 19:40 is due, and qmgr's next scan
// delivers it as docomo delivers the other mail.
func TestReleasedMessageDelivered(t *testing.T) {
	d := startDemoRun(t)
	snap := d.playUntil(d.at("19:20:00"))
	d.act("hold", snap, "E2A5ABA020", d.controller.HoldMany)
	snap = d.playUntil(d.at("19:40:00"))
	d.act("release", snap, "E2A5ABA020", d.controller.ReleaseMany)

	snap = d.snapshot()
	if m, ok := listed(snap, "E2A5ABA020"); ok {
		t.Errorf("after the release E2A5ABA020 is still listed, in %q with next retry %v; want it delivered", m.Queue, m.NextRetry)
	}
	sent := d.playedLines("E2A5ABA020: to=<emi.watanabe@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.0.113.112]:25,", "dsn=2.0.0, status=sent (250 2.0.0 OK: queued)")
	if len(sent) != 1 {
		t.Errorf("log has %d delivery lines of E2A5ABA020 to docomo, want 1: %q", len(sent), d.playedLines("E2A5ABA020"))
	}
	if removed := d.playedLines("E2A5ABA020: removed"); len(removed) != 1 {
		t.Errorf("log has %d lines of qmgr removing E2A5ABA020, want 1", len(removed))
	}
	life, ok := d.coll.Message("E2A5ABA020")
	if !ok || life.QueueState() != stats.StateRemoved {
		t.Errorf("the log's E2A5ABA020 is in state %v (found %v), want removed", life.QueueState(), ok)
	}

	// The recording's own release at 21:01:30 and delivery at 21:22:44
	// stay left out.
	d.playUntil(d.at("21:30:00"))
	if lines := d.playedLines("E2A5ABA020", "status=sent"); len(lines) != 1 {
		t.Errorf("log has %d delivery lines of E2A5ABA020 by 21:30, want the simulated one: %q", len(lines), lines)
	}
}

// A message released at 19:25, while docomo still suspends delivery, is
// deferred again at once, with a retry time that counts down, and
// delivered at the first scan after docomo accepts mail again.
func TestReleasedMessageDeferredAgain(t *testing.T) {
	d := startDemoRun(t)
	snap := d.playUntil(d.at("19:20:00"))
	d.act("hold", snap, "E2A5ABA020", d.controller.HoldMany)
	snap = d.playUntil(d.at("19:25:00"))
	d.act("release", snap, "E2A5ABA020", d.controller.ReleaseMany)

	snap = d.snapshot()
	m, ok := listed(snap, "E2A5ABA020")
	if !ok || m.Queue != sources.QueueDeferred {
		t.Fatalf("after the release E2A5ABA020 is listed %v in %q, want deferred", ok, m.Queue)
	}
	// Tried at 19:25:00, 595 s after it arrived.
	if want := d.at("19:34:55"); !m.NextRetry.Equal(want) {
		t.Errorf("next retry = %v, want %v", m.NextRetry, want)
	}
	deferred := d.playedLines("E2A5ABA020: to=<emi.watanabe@docomo.ne.jp>, relay=none, delay=595,", "status=deferred (delivery temporarily suspended")
	if len(deferred) != 1 {
		t.Errorf("log has %d simulated deferrals of E2A5ABA020, want 1: %q", len(deferred), d.playedLines("E2A5ABA020"))
	}
	if len(m.Recipients) != 1 || m.Recipients[0].Status != "4.7.0" {
		t.Errorf("recipients = %+v, want emi.watanabe@docomo.ne.jp deferred with 4.7.0", m.Recipients)
	}

	snap = d.playUntil(d.at("19:34:00"))
	if m, _ := listed(snap, "E2A5ABA020"); !m.NextRetry.Equal(d.at("19:34:55")) {
		t.Errorf("at 19:34 the next retry is %v, want 19:34:55 still", m.NextRetry)
	}
	snap = d.playUntil(d.at("19:40:00"))
	if _, ok := listed(snap, "E2A5ABA020"); ok {
		t.Errorf("at 19:40 E2A5ABA020 is still listed, want it delivered at the scan after docomo's deliveries at 19:36:22")
	}
	if sent := d.playedLines("E2A5ABA020: to=<emi.watanabe@docomo.ne.jp>", "status=sent"); len(sent) != 1 {
		t.Errorf("log has %d deliveries of E2A5ABA020, want 1", len(sent))
	}
}

// A requeued message is tried at once under its new queue ID, deferred as
// the other mail to rakumail.jp is. Expired then, it has a row of its own
// in the domain's message list, with its new queue ID and the expired
// state.
func TestRequeuedThenExpiredListed(t *testing.T) {
	d := startDemoRun(t)
	snap := d.playUntil(d.at("10:30:00"))
	d.act("requeue", snap, "2DD29BA024", d.controller.RequeueMany)

	old, _ := d.coll.Message("2DD29BA024")
	newID := old.RequeuedAs
	if newID == "" {
		t.Fatalf("the log links 2DD29BA024 to no new queue ID; lines: %q", d.playedLines("2DD29BA024"))
	}
	snap = d.snapshot()
	requeued, ok := listed(snap, newID)
	if !ok || requeued.Queue != sources.QueueDeferred {
		t.Fatalf("the requeued message %s is listed %v in %q, want deferred", newID, ok, requeued.Queue)
	}
	if !requeued.NextRetry.After(d.replay.Now()) {
		t.Errorf("the requeued message's next retry %v is not after now %v", requeued.NextRetry, d.replay.Now())
	}
	deferred := d.playedLines(newID+": to=<yuto.kato@rakumail.jp>", "status=deferred (conversation with")
	if len(deferred) != 1 {
		t.Errorf("log has %d attempts of %s, want the one at the requeue: %q", len(deferred), newID, d.playedLines(newID))
	}

	d.act("expire", snap, newID, d.controller.ExpireMany)
	var rows []stats.MessageSummary
	for _, row := range d.coll.DomainMessages("rakumail.jp", 0) {
		if row.Recipient == "yuto.kato@rakumail.jp" {
			rows = append(rows, row)
		}
	}
	var oldRow, newRow *stats.MessageSummary
	for i := range rows {
		switch rows[i].QueueID {
		case "2DD29BA024":
			oldRow = &rows[i]
		case newID:
			newRow = &rows[i]
		}
	}
	if oldRow == nil || oldRow.State != stats.StateRequeued || oldRow.RequeuedAs != newID {
		t.Errorf("row of 2DD29BA024 = %+v, want it requeued as %s", oldRow, newID)
	}
	if newRow == nil {
		t.Fatalf("rakumail.jp's message list has no row for %s; rows of yuto.kato@rakumail.jp: %+v", newID, rows)
	}
	if newRow.State != stats.StateExpired {
		t.Errorf("row of %s is in state %v, want expired", newID, newRow.State)
	}
}

// Deliver now tries a message at once, as postqueue -i does: at 19:40,
// when docomo accepts mail again, E07ACBA083 is delivered, and the
// recording's own delivery of it at 21:01:29 is left out.
func TestDeliverNowTriesAtOnce(t *testing.T) {
	d := startDemoRun(t)
	snap := d.playUntil(d.at("19:40:00"))
	d.act("deliver now", snap, "E07ACBA083", d.controller.DeliverNowMany)

	snap = d.snapshot()
	if m, ok := listed(snap, "E07ACBA083"); ok {
		t.Errorf("after deliver now E07ACBA083 is still listed, in %q; want it delivered", m.Queue)
	}
	sent := d.playedLines("Dec 04 19:40:00", "E07ACBA083: to=<haruka.kato@docomo.ne.jp>", "status=sent")
	if len(sent) != 1 {
		t.Errorf("log has %d deliveries of E07ACBA083 at 19:40, want 1: %q", len(sent), d.playedLines("E07ACBA083"))
	}

	d.playUntil(d.at("21:30:00"))
	if lines := d.playedLines("E07ACBA083", "status=sent"); len(lines) != 1 {
		t.Errorf("log has %d deliveries of E07ACBA083 by 21:30, want the simulated one: %q", len(lines), lines)
	}
}
