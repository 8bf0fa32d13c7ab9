package stats

import (
	"fmt"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// t0 is the base log time of the hand-built events.
var t0 = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// at returns t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

func event(kind parsers.Kind, t time.Time, id, daemon string) *parsers.Event {
	return &parsers.Event{
		Kind:    kind,
		Time:    t,
		Program: []byte("postfix/" + daemon),
		Daemon:  []byte(daemon),
		QueueID: []byte(id),
	}
}

func client(t time.Time, id string) *parsers.Event {
	ev := event(parsers.KindClient, t, id, "smtpd")
	ev.Client = []byte("shop.example[192.0.2.10]")
	ev.SASLUsername = []byte("shop")
	return ev
}

func pickup(t time.Time, id, from, origID string) *parsers.Event {
	ev := event(parsers.KindPickup, t, id, "pickup")
	ev.UID = 102
	ev.From = []byte(from)
	if origID != "" {
		ev.OrigID = []byte(origID)
	}
	return ev
}

func messageID(t time.Time, id, mid string) *parsers.Event {
	ev := event(parsers.KindMessageID, t, id, "cleanup")
	ev.MessageID = []byte(mid)
	return ev
}

func queued(t time.Time, id, from string, nrcpt int) *parsers.Event {
	ev := event(parsers.KindQueued, t, id, "qmgr")
	ev.From = []byte(from)
	ev.Size = 365
	ev.NRcpt = nrcpt
	return ev
}

// delivery is a delivery line. Its reason decides the class through the
// classifier; phase is RCPT for non-success lines unless the reason is
// Postfix's own.
func delivery(t time.Time, id, to string, status parsers.Status, dsn, reason string) *parsers.Event {
	ev := event(parsers.KindDelivery, t, id, "smtp")
	ev.To = []byte(to)
	ev.Relay = []byte("127.0.0.1[127.0.0.1]:2525")
	ev.DSN = []byte(dsn)
	ev.Status = status
	ev.Reason = []byte(reason)
	return ev
}

func sent(t time.Time, id, to string) *parsers.Event {
	return delivery(t, id, to, parsers.StatusSent, "2.0.0", "250 2.0.0 Ok: queued as SINK1")
}

const greylisted = "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"

func deferred(t time.Time, id, to string) *parsers.Event {
	ev := delivery(t, id, to, parsers.StatusDeferred, "4.2.0", greylisted)
	ev.Phase = parsers.PhaseRCPT
	ev.ReplyCode = 450
	return ev
}

func bounced(t time.Time, id, to string) *parsers.Event {
	ev := delivery(t, id, to, parsers.StatusBounced, "5.1.1",
		"host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <"+to+">: Recipient address rejected: User unknown (in reply to RCPT TO command)")
	ev.Phase = parsers.PhaseRCPT
	ev.ReplyCode = 550
	return ev
}

func suspended(t time.Time, id, to string) *parsers.Event {
	return suspendedWith(t, id, to, "4.4.1",
		"delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2598: Connection refused")
}

// suspendedWith returns qmgr's "delivery temporarily suspended" line,
// logged by the error daemon, with the given DSN and reason.
func suspendedWith(t time.Time, id, to, dsn, reason string) *parsers.Event {
	ev := delivery(t, id, to, parsers.StatusDeferred, dsn, reason)
	ev.Program, ev.Daemon, ev.Relay = []byte("postfix/error"), []byte("error"), []byte("none")
	return ev
}

func expired(t time.Time, id string, status parsers.Status) *parsers.Event {
	ev := event(parsers.KindExpired, t, id, "qmgr")
	ev.From = []byte("shop@shop.example")
	ev.Status = status
	return ev
}

func removed(t time.Time, id string) *parsers.Event {
	return event(parsers.KindRemoved, t, id, "qmgr")
}

func postsuper(kind parsers.Kind, t time.Time, id string) *parsers.Event {
	return event(kind, t, id, "postsuper")
}

func notification(t time.Time, id, newID string) *parsers.Event {
	ev := event(parsers.KindNotification, t, id, "bounce")
	ev.Notification = parsers.NotifySenderNonDelivery
	ev.NewID = []byte(newID)
	return ev
}

// lineOf renders a readable raw line for an event; the collector only
// stores it.
func lineOf(ev *parsers.Event) []byte {
	return fmt.Appendf(nil, "%s mx %s[1]: %s: kind=%d to=<%s> status=%d (%s)",
		ev.Time.Format(time.Stamp), ev.Program, ev.QueueID, ev.Kind, ev.To, ev.Status, ev.Reason)
}

func addAll(c *Collector, evs ...*parsers.Event) {
	for _, ev := range evs {
		c.Add(ev, lineOf(ev))
	}
}

// classes builds a Classes array from class, count pairs.
func classes(pairs ...any) [diagnose.NumClasses]int64 {
	var out [diagnose.NumClasses]int64
	for i := 0; i < len(pairs); i += 2 {
		out[pairs[i].(diagnose.Class)] += int64(pairs[i+1].(int))
	}
	return out
}

func domainStats(t *testing.T, s *Snapshot, name string) DomainStats {
	t.Helper()
	for _, d := range s.Domains {
		if d.Domain == name {
			return d
		}
	}
	t.Fatalf("domain %q not in snapshot; have %v", name, domainNames(s))
	return DomainStats{}
}

func domainNames(s *Snapshot) []string {
	var names []string
	for _, d := range s.Domains {
		names = append(names, d.Domain)
	}
	return names
}
