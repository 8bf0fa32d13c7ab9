package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// pageCollector returns a collector that read delivery lines for n
// domains over the two hours before the returned time, a different mix
// for each domain, and for two of the watched carriers.
func pageCollector(t *testing.T, n int) (*stats.Collector, time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	coll := stats.New(stats.Config{})
	id := 0
	deliver := func(ago time.Duration, to, status string) {
		id++
		queueID := fmt.Sprintf("%05X%05X", 0xA0000+id, id*7)
		stamp := now.Add(-ago).Format("Jan 02 15:04:05")
		reply := "(250 2.0.0 Ok: queued)"
		dsn := "2.0.0"
		switch status {
		case "deferred":
			dsn, reply = "4.2.0", "(host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Greylisted, try again later (in reply to RCPT TO command))"
		case "bounced":
			dsn, reply = "5.1.1", "(host 127.0.0.1[127.0.0.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))"
		}
		for _, line := range []string{
			fmt.Sprintf("%s mx postfix/qmgr[2]: %s: from=<shop@shop.example>, size=320, nrcpt=1 (queue active)", stamp, queueID),
			fmt.Sprintf("%s mx postfix/smtp[3]: %s: to=<%s>, relay=127.0.0.1[127.0.0.1]:2525, delay=%d, delays=0/0/0/0, dsn=%s, status=%s %s",
				stamp, queueID, to, id%13, dsn, status, reply),
		} {
			var ev parsers.Event
			parser.Parse([]byte(line), &ev)
			coll.Add(&ev, []byte(line))
		}
	}
	for i := range n {
		domain := fmt.Sprintf("d%03d.example", (i*37)%n)
		for j := range i%5 + 1 {
			deliver(time.Duration(i+j*17)%120*time.Minute, fmt.Sprintf("u%d@%s", j, domain), "sent")
		}
		if i%3 == 0 {
			deliver(time.Duration(i%90)*time.Minute, "x@"+domain, "deferred")
		}
		if i%7 == 0 {
			deliver(time.Duration(i%50)*time.Minute, "y@"+domain, "bounced")
		}
	}
	deliver(3*time.Minute, "a@docomo.ne.jp", "deferred")
	deliver(4*time.Minute, "b@au.com", "sent")
	return coll, now
}

// pagedPair returns two screens of the same collector: one given every
// domain in each snapshot, one given pages through Options.Views, and the
// functions that send each screen a new snapshot: serveFull one with every
// domain, serve the paged screen's latest request.
func pagedPair(t *testing.T, coll *stats.Collector, now time.Time, width, height int) (full, paged Model, serveFull, serve func(Model) Model) {
	t.Helper()
	// Only SnapshotView computes trends, for the rows of its page, so the
	// full screen gets a page of every domain in its window.
	serveFull = func(m Model) Model {
		snap, _ := coll.SnapshotView(now, stats.DomainView{Window: m.window, Limit: 1 << 20})
		return send(t, m, SnapshotMsg{Snapshot: snap, LinesPerSecond: 42.5})
	}
	full = serveFull(send(t, New(testOptions("en", &fakeSource{}, &fakeActor{})),
		tea.WindowSizeMsg{Width: width, Height: height}))

	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.Views = NewViewRequests()
	// serve takes snapshots until the screen requests no other rows, as
	// the snapshot loop does when Changed fires.
	serve = func(m Model) Model {
		for range 4 {
			request := opts.Views.Latest()
			snap, page := coll.SnapshotView(now, request)
			m = send(t, m, SnapshotMsg{Snapshot: snap, Page: page, LinesPerSecond: 42.5})
			if opts.Views.Latest().Equal(request) {
				return m
			}
		}
		t.Fatalf("the screen requested other rows after each of 4 snapshots")
		return m
	}
	paged = send(t, New(opts), tea.WindowSizeMsg{Width: width, Height: height})
	paged = serve(paged)
	return full, paged, serveFull, serve
}

func TestPagedTableMatchesFullTable(t *testing.T) {
	coll, now := pageCollector(t, 400)
	steps := [][]string{
		nil,
		{"j", "j", "j"},
		{"pgdown"},
		{"pgdown", "pgdown", "pgdown"},
		{"k"},
		{"end"},
		{"pgup"},
		{"home"},
		{"s"},
		{"pgdown", "j"},
		{"r"},
		{"s", "s"},
		{"w"},
		{"end"},
		{"/", "d", "1", "enter"},
		{"pgdown", "j", "j"},
		{"esc"},
		{"s", "s", "s", "s", "s", "s"},
		{"2"},
		{"end", "k", "k"},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		full, paged, serveFull, serve := pagedPair(t, coll, now, size[0], size[1])
		for i, step := range steps {
			// A new page follows each key, as when the snapshots keep up
			// with the keys. Two sort keys with no page between them skip
			// the order in between, which the full screen goes through.
			for _, key := range keys(step...) {
				full = serveFull(send(t, full, key))
				paged = serve(send(t, paged, key))
			}
			if got, want := screenText(paged), screenText(full); got != want {
				t.Fatalf("%dx%d, step %d %v: the paged screen differs from the full one\npaged:\n%s\nfull:\n%s", size[0], size[1], i, step, got, want)
			}
			if got, want := paged.domains.SelectedDomain(), full.domains.SelectedDomain(); got != want {
				t.Errorf("%dx%d, step %d %v: selected %q, want %q", size[0], size[1], i, step, got, want)
			}
		}
	}
}

func TestPagedTableRowsBeyondPage(t *testing.T) {
	coll, now := pageCollector(t, 400)
	_, paged, _, serve := pagedPair(t, coll, now, 80, 24)

	// Ten screens down, before the next page arrives, the rows are not
	// loaded: drawn as an ellipsis, with no domain to open.
	paged = send(t, paged, keys("pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")...)
	if got := paged.domains.SelectedDomain(); got != "" {
		t.Errorf("selected %q before the page arrived, want none", got)
	}
	if !strings.Contains(screenText(paged), "> "+ellipsis) {
		t.Errorf("the cursor row is not drawn as an ellipsis:\n%s", screenText(paged))
	}
	request := paged.opts.Views.Latest()
	if request.Offset == 0 {
		t.Errorf("request offset = 0 after ten screens down, want a later page")
	}

	paged = serve(paged)
	if got := paged.domains.SelectedDomain(); got == "" {
		t.Errorf("no domain selected after the page arrived")
	}
	if strings.Contains(screenText(paged), "  "+ellipsis+" ") || strings.Contains(screenText(paged), "> "+ellipsis+" ") {
		t.Errorf("rows still drawn as an ellipsis after the page arrived:\n%s", screenText(paged))
	}
}

func TestPagedViewMovesByScreens(t *testing.T) {
	coll, now := pageCollector(t, 400)
	_, paged, _, serve := pagedPair(t, coll, now, 80, 24)
	first := paged.opts.Views.Latest()
	if first.Offset != 0 || first.Limit < paged.domains.cursor.height {
		t.Fatalf("first request = offset %d limit %d, want offset 0 and at least a screen", first.Offset, first.Limit)
	}
	if len(first.Pinned) != len(paged.watch) {
		t.Errorf("request pins %d domains, want the %d of the watch list", len(first.Pinned), len(paged.watch))
	}

	// A few rows down stays within the loaded page: no new request.
	paged = serve(send(t, paged, keys("j", "j", "j")...))
	if got := paged.opts.Views.Latest(); !got.Equal(first) {
		t.Errorf("request changed after three rows down: %+v, want %+v", got, first)
	}
	select {
	case <-paged.opts.Views.Changed():
	default:
	}

	// Sorting requests new rows at once.
	paged = send(t, paged, keys("s")...)
	select {
	case <-paged.opts.Views.Changed():
	default:
		t.Errorf("no change signalled after s")
	}
	if got := paged.opts.Views.Latest().Sort; got != stats.SortDomain {
		t.Errorf("request sort = %v, want SortDomain", got)
	}
}

func TestViewRequestsPublishOnlyChanges(t *testing.T) {
	requests := NewViewRequests()
	v := stats.DomainView{Window: stats.Window5m, Limit: 40}
	requests.publish(v)
	requests.publish(v)
	<-requests.Changed()
	select {
	case <-requests.Changed():
		t.Errorf("a second change signalled for the same request")
	default:
	}
	if got := requests.Latest(); !got.Equal(v) {
		t.Errorf("latest = %+v, want %+v", got, v)
	}
}

func TestFrameTraceReportsKeysAndSnapshots(t *testing.T) {
	var frames []FrameTrace
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.OnFrame = func(f FrameTrace) { frames = append(frames, f) }
	m := send(t, New(opts), tea.WindowSizeMsg{Width: 80, Height: 24})
	snap := fixtureSnapshot()
	snap.Lines.Read = 1234

	next, _ := m.Update(SnapshotMsg{Snapshot: snap})
	m = next.(Model)
	m.View()
	m.View() // the same snapshot again: no report
	next, _ = m.Update(keyPress("j"))
	m = next.(Model)
	m.View()

	if len(frames) != 2 {
		t.Fatalf("got %d frame reports, want 2: %+v", len(frames), frames)
	}
	if !frames[0].NewSnapshot || frames[0].LinesRead != 1234 || frames[0].Key != "" {
		t.Errorf("first report = %+v, want the new snapshot with 1234 lines and no key", frames[0])
	}
	if frames[1].Key != "j" || frames[1].NewSnapshot {
		t.Errorf("second report = %+v, want key j and no new snapshot", frames[1])
	}
	if frames[1].Drawn.Before(frames[1].KeyAt) {
		t.Errorf("frame drawn at %v, before its key at %v", frames[1].Drawn, frames[1].KeyAt)
	}
}

func TestPagedWhyPanelHasDomainCounts(t *testing.T) {
	coll, now := pageCollector(t, 400)
	full, paged, serveFull, serve := pagedPair(t, coll, now, 100, 40)
	// The feed's eighth failure is to a domain far down the table.
	steps := []string{"tab", "j", "j", "j", "j", "j", "j", "j", "x"}
	for _, key := range keys(steps...) {
		full = serveFull(send(t, full, key))
		paged = serve(send(t, paged, key))
	}
	if paged.screen != screenWhy {
		t.Fatalf("the why panel is not open")
	}
	if got, want := paged.why.subject.Counts, full.why.subject.Counts; got != want {
		t.Errorf("why panel counts of %s = %+v, want %+v", paged.why.subject.Domain, got, want)
	}
	if full.why.subject.Counts.Attempts == 0 {
		t.Errorf("the fixture's %s has no attempts; the test needs a domain with traffic", full.why.subject.Domain)
	}
	if got, want := screenText(paged), screenText(full); got != want {
		t.Errorf("the paged why panel differs from the full one\npaged:\n%s\nfull:\n%s", got, want)
	}
}

// oldLogCollector returns a collector whose log ended 90 minutes before the
// returned time: docomo.ne.jp deferred mail 7 hours and 90 minutes before it.
func oldLogCollector(t *testing.T) (*stats.Collector, time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	coll := stats.New(stats.Config{})
	for i, ago := range []time.Duration{7 * time.Hour, 90 * time.Minute, 90 * time.Minute} {
		stamp := now.Add(-ago).Format("Jan 02 15:04:05")
		for _, line := range []string{
			fmt.Sprintf("%s mx postfix/qmgr[2]: B%05X: from=<shop@shop.example>, size=320, nrcpt=1 (queue active)", stamp, i),
			fmt.Sprintf("%s mx postfix/smtp[3]: B%05X: to=<u%d@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=1, delays=0/0/0/1, dsn=4.2.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 450 4.2.0 Try again later (in reply to RCPT TO command))",
				stamp, i, i),
		} {
			var ev parsers.Event
			parser.Parse([]byte(line), &ev)
			coll.Add(&ev, []byte(line))
		}
	}
	return coll, now
}

// domainTableLines returns the header and the docomo.ne.jp row of the
// domain table on screen.
func domainTableLines(t *testing.T, m Model) (header, docomo string) {
	t.Helper()
	lines := strings.Split(screenText(m), "\n")
	for i, line := range lines {
		if strings.Contains(line, "docomo.ne.jp") && i > 0 {
			return lines[i-1], line
		}
	}
	t.Fatalf("no docomo.ne.jp row on screen:\n%s", screenText(m))
	return "", ""
}

func TestTrendColumnFollowsWindow(t *testing.T) {
	coll, now := oldLogCollector(t)
	cases := []struct {
		lang         string
		width        int
		minute, hour string // the trend headers in the 1h and the 24h window
		// hourTrendBars are the docomo.ne.jp bars in the 24h window, then the
		// delay (132 columns) or the queued count (80): 8
		// bars of 3 hours in 10 cells, or 12 of 2 hours in 20, the
		// current hour's at the right.
		hourTrendBars string
	}{
		{"en", 80, "fails/min", "fails/hour", "▄ █      3"},
		{"en", 132, "fails/min, 1h", "fails/hour, 24h", "▄ █     1.0s"},
		{"ja", 80, "失敗/分", "失敗/時", "▄ █      3"},
		{"ja", 132, "失敗/分（1時間）", "失敗/時（24時間）", "▄ █     1.0s"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s-%d", tc.lang, tc.width), func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.Views = NewViewRequests()
			serve := func(m Model) Model {
				snap, page := coll.SnapshotView(now, opts.Views.Latest())
				return send(t, m, SnapshotMsg{Snapshot: snap, Page: page})
			}
			m := serve(send(t, New(opts), tea.WindowSizeMsg{Width: tc.width, Height: 24}))

			// The last failure was 90 minutes ago: nothing in the last hour.
			header, row := domainTableLines(t, m)
			if !strings.Contains(header, tc.minute) {
				t.Errorf("1h header %q does not name the trend %q", header, tc.minute)
			}
			if strings.ContainsAny(row, "▁▂▃▄▅▆▇█") {
				t.Errorf("1h row %q has trend bars, want none", row)
			}

			for _, window := range []string{"3", "4"} {
				m = serve(send(t, m, keyPress(window)))
				header, row = domainTableLines(t, m)
				if !strings.Contains(header, tc.hour) {
					t.Errorf("window key %s: header %q does not name the trend %q", window, header, tc.hour)
				}
				if !strings.Contains(row, tc.hourTrendBars) {
					t.Errorf("window key %s: row %q has no bars %q", window, row, tc.hourTrendBars)
				}
			}
		})
	}
}
