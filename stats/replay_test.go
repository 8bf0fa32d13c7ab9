package stats

import (
	"bufio"
	"os"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// replayLog feeds a log file through the parser into a new Collector.
func replayLog(t testing.TB, path string) *Collector {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open the test log: %v", err)
	}
	defer f.Close()

	p := parsers.NewParser(parsers.Options{Year: 2026})
	c := New(Config{})
	sc := bufio.NewScanner(f)
	var ev parsers.Event
	for sc.Scan() {
		p.Parse(sc.Bytes(), &ev)
		c.Add(&ev, sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the test log: %v", err)
	}
	return c
}

// The expected numbers were counted in the log with grep: status=WORD
// lines, expiry lines, and delivery lines of the from=<> queue IDs.
func TestReplayPostfix37Log(t *testing.T) {
	c := replayLog(t, "../testdata/postfix-3.7-maillog.txt")
	s := c.Snapshot(c.Snapshot(time.Time{}).Last)

	if s.Lines.Read != 938 || s.Lines.Postfix != 938 || s.Lines.Unrecognized != 0 {
		t.Errorf("Lines = %+v, want 938 read, all Postfix, none unrecognized", s.Lines)
	}
	all := s.Totals[WindowAll]
	if all.Attempts != 209 || all.Sent != 49 || all.Deferred != 150 || all.Bounced != 10 ||
		all.Expired != 8 || all.NullSender != 47 {
		t.Errorf("totals = %+v, want 209 attempts: 49 sent, 150 deferred, 10 bounced; 8 expired; 47 null sender", all)
	}

	docomo := domainStats(t, s, "docomo.ne.jp").Windows[WindowAll]
	if docomo.Attempts != 62 {
		t.Errorf("docomo Attempts = %d, want 62", docomo.Attempts)
	}
	if docomo.Classes[diagnose.UserUnknown] == 0 || docomo.Classes[diagnose.SpamContent] == 0 ||
		docomo.Classes[diagnose.Greylisted] == 0 {
		t.Errorf("docomo classes = %v, want user_unknown, spam_content and greylisted", docomo.Classes)
	}
	if local := domainStats(t, s, "mx.example.com").Windows[WindowAll]; local.Classes[diagnose.LocalConfig] != 24 {
		t.Errorf("mx.example.com local_config = %d, want 24 (alias database unavailable)", local.Classes[diagnose.LocalConfig])
	}

	links := []struct {
		id, requeuedAs, origID string
	}{
		{"7ABF4BE093", "D355EBE0CD", ""},
		{"D355EBE0CD", "306CEBE0CE", "7ABF4BE093"},
		{"2D8DEC003F", "9D174C0067", ""},
		{"9D174C0067", "", "2D8DEC003F"},
	}
	for _, l := range links {
		m, ok := c.Message(l.id)
		if !ok {
			t.Errorf("Message(%s) not found", l.id)
			continue
		}
		if m.RequeuedAs != l.requeuedAs || m.OrigID != l.origID {
			t.Errorf("%s RequeuedAs %q, OrigID %q; want %q, %q", l.id, m.RequeuedAs, m.OrigID, l.requeuedAs, l.origID)
		}
	}

	orig, _ := c.Message("71908BE08D")
	if len(orig.Notifications) != 1 || orig.Notifications[0].QueueID != "8C3A3BE098" {
		t.Errorf("71908BE08D Notifications = %+v, want 8C3A3BE098", orig.Notifications)
	}
	if ndr, _ := c.Message("8C3A3BE098"); ndr.NotificationOf != "71908BE08D" || !ndr.NullSender() {
		t.Errorf("8C3A3BE098 NotificationOf = %q, NullSender %v", ndr.NotificationOf, ndr.NullSender())
	}

	multi, _ := c.Message("7E996BE094")
	if !multi.Expired || len(multi.Recipients) != 3 {
		t.Fatalf("7E996BE094 Expired %v with %d recipients, want expired with 3", multi.Expired, len(multi.Recipients))
	}
	for _, r := range multi.Recipients {
		wantExpired := r.Address == "tempfail2@docomo.ne.jp"
		if (r.Status == parsers.StatusExpired) != wantExpired {
			t.Errorf("7E996BE094 recipient %s status %v", r.Address, r.Status)
		}
	}
	if forced, _ := c.Message("974C0BE0A7"); !forced.ForceExpired || !forced.Removed {
		t.Errorf("974C0BE0A7 ForceExpired %v, Removed %v; want both", forced.ForceExpired, forced.Removed)
	}
}
