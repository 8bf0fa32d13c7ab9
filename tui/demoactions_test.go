package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/demo"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// demoRecording feeds coll the demo recording's lines after the clock time
// from and up to and including until ("15:04:05" on Dec 04) and returns
// until, as the replay does while the screen is open.
func demoRecording(t *testing.T, coll *stats.Collector, from, until string) time.Time {
	t.Helper()
	end, err := time.ParseInLocation("2006 Jan 02 15:04:05", "2026 Dec 04 "+until, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	for line := range bytes.Lines(demo.Recording()) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		stamp := string(line[:len("Dec 04 15:04:05")])
		if stamp <= "Dec 04 "+from {
			continue
		}
		if stamp > "Dec 04 "+until {
			break
		}
		var ev parsers.Event
		parser.Parse(line, &ev)
		coll.Add(&ev, line)
	}
	return end
}

// In the demo, a hold confirmed after the replay has delivered the
// message (00AE1BA047 at 20:34:55) holds it, and it stays held while the
// recording goes on. The confirmation pauses the replay while it is open.
func TestDemoHoldConfirmedAfterReplayMovedOn(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		coll := stats.New(stats.DefaultConfig())
		now := demoRecording(t, coll, "", "20:30:00")
		queue := demo.NewSimulatedQueue(coll, nil, func() time.Time { return now })
		simulated := &actions.Simulated{LookupFunc: queue.Lookup, OnAction: queue.Apply}

		var paused []bool
		opts := testOptions(lang, &fakeSource{}, simulated)
		opts.Demo = true
		opts.QueueActor = simulated
		opts.Now = func() time.Time { return now }
		opts.ConfirmOpen = func(open bool) { paused = append(paused, open) }
		m := newScreen(t, opts, 80, 24)
		m = send(t, m, QueueSnapshotMsg{Snapshot: queue.Snapshot(now)}, keyPress("Q"))
		m = selectQueueID(t, m, "00AE1BA047")

		m = send(t, m, keyPress("h"))
		if m.queueConfirm == nil {
			t.Fatalf("%s: h opened no confirmation; result %q", lang, m.result)
		}
		if len(paused) != 1 || !paused[0] {
			t.Errorf("%s: ConfirmOpen calls = %v after h, want [true]", lang, paused)
		}

		now = demoRecording(t, coll, "20:30:00", "20:40:00")
		m = send(t, m, keyPress("y"))
		if len(paused) != 2 || paused[1] {
			t.Errorf("%s: ConfirmOpen calls = %v after y, want [true false]", lang, paused)
		}
		// The result starts with the action, where a skip starts with the
		// count skipped.
		if hold := m.c.l.T("action.hold"); !strings.HasPrefix(m.result, hold+":") || !strings.Contains(m.result, "postsuper -h -") {
			t.Errorf("%s: result %q, want the simulated hold done", lang, m.result)
		}

		now = demoRecording(t, coll, "20:40:00", "21:30:00")
		m = send(t, m, QueueSnapshotMsg{Snapshot: queue.Snapshot(now)})
		m = selectQueueID(t, m, "00AE1BA047")
		if row, _ := m.queue.selectedRow(); row.msg.Queue != sources.QueueHold {
			t.Errorf("%s: 00AE1BA047 is in %q at 21:30, want hold", lang, row.msg.Queue)
		}

		// n closes the confirmation of a release without acting.
		m = send(t, m, keyPress("H"), keyPress("n"))
		if len(paused) != 4 || !paused[2] || paused[3] {
			t.Errorf("%s: ConfirmOpen calls = %v after H and n, want the replay paused and resumed again", lang, paused)
		}
	}
}
