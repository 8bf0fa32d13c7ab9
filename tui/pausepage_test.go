package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/stats"
)

// pauseDomains is the number of domains of the paused table's tests: more
// than the frozen page holds.
const pauseDomains = 1500

// pausedTitle is the title part the paused screens of pageCollector show.
const pausedTitle = " · rows as of 12:00:00"

// pausedPair returns pagedPair's screens in lang at width x height, both
// paused on their first rows, the paged one served until its frozen page
// arrived, and the function that serves the paged screen's latest request.
func pausedPair(t *testing.T, coll *stats.Collector, now time.Time, lang string, width, height int) (full, paged Model, serve func(Model) Model) {
	t.Helper()
	full = send(t, New(testOptions(lang, &fakeSource{}, &fakeActor{})), tea.WindowSizeMsg{Width: width, Height: height})
	snap, _ := coll.SnapshotView(now, stats.DomainView{Window: full.window, Limit: 1 << 20})
	full = send(t, full, SnapshotMsg{Snapshot: snap, LinesPerSecond: 42.5})

	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.Views = NewViewRequests()
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
	paged = serve(send(t, New(opts), tea.WindowSizeMsg{Width: width, Height: height}))

	full = send(t, full, keys("p")...)
	paged = serve(send(t, paged, keys("p")...))
	return full, paged, serve
}

// withoutPausedTitle returns screen text without pausedTitle, which only
// the paged screen shows, and without the spaces that end each line.
func withoutPausedTitle(text string) string {
	lines := strings.Split(strings.Replace(text, pausedTitle, "", 1), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " ")
	}
	return strings.Join(lines, "\n")
}

func TestPausedTableScrollsFrozenRows(t *testing.T) {
	coll, now := pageCollector(t, pauseDomains)
	for _, size := range [][2]int{{80, 24}, {132, 40}} {
		full, paged, serve := pausedPair(t, coll, now, "en", size[0], size[1])
		if !strings.Contains(screenText(paged), "sort: failures"+pausedTitle) {
			t.Errorf("%dx%d: the paused title does not say when its rows were taken:\n%s", size[0], size[1], screenText(paged))
		}
		steps := [][]string{
			{"pgdown", "pgdown", "pgdown"},
			{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown"},
			{"j", "j", "j"},
			{"pgup", "pgup"},
			{"home"},
		}
		for i, step := range steps {
			// The snapshots go on while paused, as the snapshot loop
			// takes one for each request the screen publishes.
			for _, key := range keys(step...) {
				full = send(t, full, key)
				paged = serve(send(t, paged, key))
			}
			got := withoutPausedTitle(screenText(paged))
			if want := withoutPausedTitle(screenText(full)); got != want {
				t.Fatalf("%dx%d, step %d %v: the paused paged screen differs from the paused full one\npaged:\n%s\nfull:\n%s", size[0], size[1], i, step, got, want)
			}
			if got, want := paged.domains.SelectedDomain(), full.domains.SelectedDomain(); got != want {
				t.Errorf("%dx%d, step %d %v: selected %q, want %q", size[0], size[1], i, step, got, want)
			}
		}
	}
}

func TestPausedTableLoadsFrozenPageOnce(t *testing.T) {
	coll, now := pageCollector(t, pauseDomains)
	_, paged, serve := pausedPair(t, coll, now, "en", 80, 24)
	if got := len(paged.page.Rows); got != frozenPageRows {
		t.Errorf("frozen page has %d rows, want %d", got, frozenPageRows)
	}
	if got := paged.page.Matched; got != pauseDomains {
		t.Errorf("frozen page of %d matched rows, want the %d unwatched domains", got, pauseDomains)
	}
	request := paged.opts.Views.Latest()
	if request.Limit >= frozenPageRows {
		t.Errorf("request after the frozen page arrived has limit %d, want a screen's page", request.Limit)
	}

	// The snapshots taken for the screen's page while paused are held.
	before := screenText(paged)
	paged = serve(send(t, paged, keys("pgdown", "pgdown", "pgdown")...))
	paged = send(t, paged, keys("pgup", "pgup", "pgup")...)
	snap, page := coll.SnapshotView(now.Add(time.Minute), paged.opts.Views.Latest())
	paged = send(t, paged, SnapshotMsg{Snapshot: snap, Page: page, LinesPerSecond: 1})
	if got := screenText(paged); got != before {
		t.Errorf("the paused screen changed after held snapshots:\n%s\nwant:\n%s", got, before)
	}
	if got := len(paged.page.Rows); got != frozenPageRows {
		t.Errorf("after held snapshots the table has %d rows loaded, want the frozen %d", got, frozenPageRows)
	}
}

func TestPausedTableEndShowsFrozenNote(t *testing.T) {
	coll, now := pageCollector(t, pauseDomains)
	cases := []struct {
		lang, note string
	}{
		{"en", "The pause kept rows 1–1,000 of 1,500. Press p to resume and see the rest."},
		{"ja", "一時停止中は 1,500 行中 1〜1,000 行目のみ表示。続きは p で再開"},
	}
	for _, tc := range cases {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			_, paged, serve := pausedPair(t, coll, now, tc.lang, size[0], size[1])
			paged = serve(send(t, paged, keys("end")...))
			text := screenText(paged)
			if got := strings.Count(text, tc.note); got != 1 {
				t.Errorf("%s %dx%d: the note %q is on screen %d times, want once:\n%s", tc.lang, size[0], size[1], tc.note, got, text)
			}
			if strings.Contains(text, "  "+ellipsis) || strings.Contains(text, "> "+ellipsis) {
				t.Errorf("%s %dx%d: rows beyond the frozen page drawn as an ellipsis:\n%s", tc.lang, size[0], size[1], text)
			}
			lastRow, _ := paged.domains.row(paged.domains.pinned + frozenPageRows - 1)
			if got := paged.domains.SelectedDomain(); got == "" || got != lastRow.Domain {
				t.Errorf("%s %dx%d: end selected %q, want the last row of the frozen page %q", tc.lang, size[0], size[1], got, lastRow.Domain)
			}
			// Moving on stays on it: the rows past the page are blank.
			paged = serve(send(t, paged, keys("j", "pgdown")...))
			if got := paged.domains.SelectedDomain(); got != lastRow.Domain {
				t.Errorf("%s %dx%d: j and pgdown after end selected %q, want %q", tc.lang, size[0], size[1], got, lastRow.Domain)
			}

			// Scrolled back so the frozen page ends on screen, the note
			// follows its last row.
			for paged.domains.cursor.offset > paged.domains.pinned+frozenPageRows-2 {
				paged = serve(send(t, paged, keys("pgup")...))
			}
			lines := strings.Split(screenText(paged), "\n")
			last, ok := paged.domains.row(paged.domains.pinned + frozenPageRows - 1)
			if !ok {
				t.Fatalf("%s %dx%d: the last row of the frozen page is not loaded", tc.lang, size[0], size[1])
			}
			for i, line := range lines {
				if strings.Contains(line, tc.note) && (i == 0 || !strings.Contains(lines[i-1], last.Domain)) {
					t.Errorf("%s %dx%d: the note does not follow the last frozen row %s:\n%s", tc.lang, size[0], size[1], last.Domain, screenText(paged))
				}
			}
		}
	}
}

func TestPausedTableSortReloadsFrozenRows(t *testing.T) {
	coll, now := pageCollector(t, pauseDomains)
	full, paged, serve := pausedPair(t, coll, now, "en", 80, 24)
	steps := [][]string{
		{"pgdown", "pgdown"},
		{"s"},
		{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown"},
		{"S"},
		{"k", "k", "pgup"},
		{"/", "d", "1", "enter"},
		{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown"},
		{"home"},
	}
	for i, step := range steps {
		for _, key := range keys(step...) {
			full = send(t, full, key)
			paged = serve(send(t, paged, key))
		}
		got := withoutPausedTitle(screenText(paged))
		if want := withoutPausedTitle(screenText(full)); got != want {
			t.Fatalf("step %d %v: the paused paged screen differs from the paused full one\npaged:\n%s\nfull:\n%s", i, step, got, want)
		}
	}
	view := paged.page.View
	if !paged.frozen || view.Sort != stats.SortDomain || !view.Reversed || view.Filter != "d1" {
		t.Errorf("the frozen page is of sort %v reversed %v filter %q, want the order and filter on screen", view.Sort, view.Reversed, view.Filter)
	}

	// The paused full screen keeps the trends of its snapshot's window,
	// so the window is checked on the paged screen alone.
	paged = serve(send(t, paged, keys("3")...))
	if got := paged.page.View.Window; !paged.frozen || got != stats.Window24h {
		t.Errorf("frozen page of window %v after 3, want 24h", got)
	}
	title, header := domainTableHeader(paged)
	if !strings.Contains(title, pausedTitle) {
		t.Errorf("title %q after 3 does not say when its rows were taken", title)
	}
	if !strings.Contains(header, "fails/hour") {
		t.Errorf("header %q after 3 does not show the hourly trend", header)
	}
}

// domainTableHeader returns the domain table's title and column headers.
func domainTableHeader(m Model) (title, header string) {
	lines := strings.Split(screenText(m), "\n")
	return lines[2], lines[3]
}

func TestPausedTableResumeShowsLiveRows(t *testing.T) {
	coll, now := pageCollector(t, pauseDomains)
	_, paged, serve := pausedPair(t, coll, now, "en", 80, 24)
	paged = serve(send(t, paged, keys("end")...))

	paged = send(t, paged, keys("p")...)
	text := screenText(paged)
	if strings.Contains(text, "PAUSED") || strings.Contains(text, "The pause kept") || strings.Contains(text, pausedTitle) {
		t.Errorf("the screen still shows the pause after resume:\n%s", text)
	}
	if got := paged.domains.SelectedDomain(); got == "" {
		t.Errorf("no domain selected at the end after resume:\n%s", text)
	}
	if paged.freeze != nil || paged.frozen {
		t.Errorf("frozen page request kept after resume")
	}
	if got := paged.opts.Views.Latest().Limit; got >= frozenPageRows {
		t.Errorf("request after resume has limit %d, want a screen's page", got)
	}

	// A pause and a resume before the frozen page arrives leave the
	// table live: rows not loaded yet are drawn as an ellipsis.
	paged = send(t, paged, keys("home", "p", "p")...)
	paged = send(t, paged, keys("pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")...)
	if !strings.Contains(screenText(paged), "> "+ellipsis) {
		t.Errorf("a row not loaded after resume is not drawn as an ellipsis:\n%s", screenText(paged))
	}
	paged = serve(paged)
	if got := paged.domains.SelectedDomain(); got == "" {
		t.Errorf("no domain selected after the page arrived")
	}
}

func TestPausedFooterKeepsResumeAt80(t *testing.T) {
	cases := []struct {
		lang   string
		open   []string // the keys that open the screen
		resume string
	}{
		{"en", nil, "p resume"},
		{"en", []string{"tab"}, "p resume"},
		{"en", []string{"enter"}, "p resume"},
		{"ja", nil, "p 再開"},
		{"ja", []string{"tab"}, "p 再開"},
		{"ja", []string{"enter", "enter"}, "p 再開"},
	}
	for _, tc := range cases {
		t.Run(tc.lang+" "+strings.Join(tc.open, " "), func(t *testing.T) {
			m := newScreen(t, testOptions(tc.lang, &fakeSource{}, &fakeActor{}), 80, 24)
			m = send(t, m, keys(append(tc.open, "p")...)...)
			lines := strings.Split(screenText(m), "\n")
			footer := lines[len(lines)-1]
			if !strings.Contains(footer, tc.resume) {
				t.Errorf("paused footer %q lacks %q", footer, tc.resume)
			}
		})
	}
}

// The paused table's title gives the time of its rows in the zone of the
// header's clock (--tz), not in the zone of the snapshot's clock.
func TestPausedTitleUsesClockZone(t *testing.T) {
	coll, now := pageCollector(t, 50)
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.Views = NewViewRequests()
	opts.Location = time.FixedZone("JST", 9*60*60)
	serve := func(m Model) Model {
		for range 4 {
			request := opts.Views.Latest()
			snap, page := coll.SnapshotView(now, request)
			m = send(t, m, SnapshotMsg{Snapshot: snap, Page: page})
			if opts.Views.Latest().Equal(request) {
				return m
			}
		}
		t.Fatalf("the screen requested other rows after each of 4 snapshots")
		return m
	}
	m := serve(send(t, New(opts), tea.WindowSizeMsg{Width: 132, Height: 40}))
	m = serve(send(t, m, keys("p")...))

	text := screenText(m)
	if want := "rows as of 21:00:00"; !strings.Contains(text, want) {
		t.Errorf("the paused title lacks %q, the time of %v in JST:\n%s", want, now, text)
	}
	if !strings.Contains(headerLine(m), "21:00:00") {
		t.Errorf("the header's clock is not at 21:00:00: %q", headerLine(m))
	}
}
