package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/stats"
)

// mainScreen returns an 80x24 English screen with the fixture snapshot.
func mainScreen(t *testing.T, source Source, actor Actor) Model {
	t.Helper()
	return newScreen(t, testOptions("en", source, actor), 80, 24)
}

// isQuit reports whether cmd quits the program.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// rowDomains returns the domains of the table in display order.
func rowDomains(m Model) []string {
	domains := make([]string, len(m.domains.rows))
	for i, r := range m.domains.rows {
		domains[i] = r.Domain
	}
	return domains
}

func TestUpdateNavigateDomainTable(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	if got := m.domains.SelectedDomain(); got != "docomo.ne.jp" {
		t.Fatalf("first selection = %q, want docomo.ne.jp", got)
	}
	m = send(t, m, keys("down", "j")...)
	if got := m.domains.SelectedDomain(); got != "au.com" {
		t.Errorf("after down, j: selection = %q, want au.com", got)
	}
	m = send(t, m, keys("k")...)
	if got := m.domains.SelectedDomain(); got != "ezweb.ne.jp" {
		t.Errorf("after k: selection = %q, want ezweb.ne.jp", got)
	}
	m = send(t, m, keys("end")...)
	if got := m.domains.SelectedDomain(); got != "yahoo.co.jp" {
		t.Errorf("after end: selection = %q, want yahoo.co.jp", got)
	}
	m = send(t, m, keys("home")...)
	if got := m.domains.SelectedDomain(); got != "docomo.ne.jp" {
		t.Errorf("after home: selection = %q, want docomo.ne.jp", got)
	}
	m = send(t, m, keys("pgdown")...)
	if got := m.domains.cursor.selected; got == 0 {
		t.Errorf("after pgdown: selection stayed on row 0")
	}
	m = send(t, m, keys("pgup")...)
	if got := m.domains.cursor.selected; got != 0 {
		t.Errorf("after pgup: selection = row %d, want 0", got)
	}
}

func TestUpdateSelectionSurvivesSnapshot(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("end")...)
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
	if got := m.domains.SelectedDomain(); got != "yahoo.co.jp" {
		t.Errorf("selection after a new snapshot = %q, want yahoo.co.jp", got)
	}
}

func TestUpdateTabSwitchesToFeed(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("tab", "down")...)
	if m.focus != paneFeed {
		t.Fatalf("focus after tab = %v, want the feed", m.focus)
	}
	if got := m.feed.SelectedQueueID(); got != "4jh2C7Yq1Wz3pTb" {
		t.Errorf("feed selection after down = %q, want 4jh2C7Yq1Wz3pTb", got)
	}
	if got := m.domains.SelectedDomain(); got != "docomo.ne.jp" {
		t.Errorf("domain selection moved with the feed: %q", got)
	}
	m = send(t, m, keys("tab")...)
	if m.screen != screenQueue {
		t.Errorf("screen after second tab = %v, want the queue screen", m.screen)
	}
	m = send(t, m, keys("tab")...)
	if m.screen != screenMain || m.focus != paneDomains {
		t.Errorf("after third tab: screen %v, focus %v; want the domain table", m.screen, m.focus)
	}
}

func TestUpdateShiftTabCyclesBackwards(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	if got := keyPress("shift+tab").String(); got != "shift+tab" {
		t.Fatalf("the test's shift+tab reads as %q", got)
	}
	m = send(t, m, keys("shift+tab")...)
	if m.screen != screenQueue {
		t.Errorf("screen after shift+tab on the domain table = %v, want the queue screen", m.screen)
	}
	m = send(t, m, keys("shift+tab")...)
	if m.screen != screenMain || m.focus != paneFeed || !m.feed.focused || m.domains.focused {
		t.Errorf("after second shift+tab: screen %v, focus %v; want the feed", m.screen, m.focus)
	}
	m = send(t, m, keys("shift+tab")...)
	if m.screen != screenMain || m.focus != paneDomains || !m.domains.focused || m.feed.focused {
		t.Errorf("after third shift+tab: screen %v, focus %v; want the domain table", m.screen, m.focus)
	}
	m = send(t, m, keys("tab", "shift+tab")...)
	if m.screen != screenMain || m.focus != paneDomains {
		t.Errorf("after tab then shift+tab: screen %v, focus %v; want the domain table again", m.screen, m.focus)
	}
}

func TestUpdateFeedWatchListFirst(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	var domains []string
	for _, r := range m.feed.rows {
		domains = append(domains, r.Domain)
	}
	want := []string{"docomo.ne.jp", "docomo.ne.jp", "docomo.ne.jp", "ezweb.ne.jp", "gmail.com", "example.co.jp"}
	if strings.Join(domains, ",") != strings.Join(want, ",") {
		t.Errorf("feed order = %v, want %v", domains, want)
	}
}

func TestUpdateFilter(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("/", "s", "o", "f", "t")...)
	if !m.filtering {
		t.Fatalf("filtering = false after /, want true")
	}
	if got := strings.Join(rowDomains(m), ","); got != "softbank.ne.jp,i.softbank.jp" {
		t.Errorf("rows with filter soft = %s", got)
	}

	m = send(t, m, keys("backspace", "backspace", "backspace", "backspace", "G", "M")...)
	if got := strings.Join(rowDomains(m), ","); got != "gmail.com" {
		t.Errorf("rows with filter GM = %s, want gmail.com (case-insensitive)", got)
	}

	m = send(t, m, keys("enter")...)
	if m.filtering || m.filter != "GM" {
		t.Errorf("after enter: filtering = %v, filter = %q; want false, GM", m.filtering, m.filter)
	}
	m = send(t, m, keys("esc")...)
	if m.filter != "" || len(m.domains.rows) != 10 {
		t.Errorf("after esc: filter = %q with %d rows; want empty with 10", m.filter, len(m.domains.rows))
	}
}

func TestUpdateFilterEscClears(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("/", "x", "y", "z")...)
	if len(m.domains.rows) != 0 {
		t.Errorf("rows with filter xyz = %v, want none", rowDomains(m))
	}
	if !strings.Contains(screenText(m), "no domain matches “xyz”") {
		t.Errorf("screen lacks the no-match line:\n%s", screenText(m))
	}
	if !strings.Contains(screenText(m), "no failure matches “xyz”") {
		t.Errorf("failure feed lacks the no-match line:\n%s", screenText(m))
	}
	if strings.Contains(screenText(m), "no failures yet") {
		t.Errorf("failure feed says no failures yet although the filter hides them:\n%s", screenText(m))
	}
	m = send(t, m, keys("esc")...)
	if m.filtering || m.filter != "" {
		t.Errorf("after esc: filtering = %v, filter = %q; want false, empty", m.filtering, m.filter)
	}
}

func TestUpdateFilterTypingQDoesNotQuit(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("/")...)
	next, cmd := m.Update(keyPress("q"))
	if isQuit(cmd) {
		t.Fatalf("q while typing a filter quit the program")
	}
	if got := next.(Model).filter; got != "q" {
		t.Errorf("filter = %q, want q", got)
	}
	_, cmd = next.Update(keyPress("ctrl+c"))
	if !isQuit(cmd) {
		t.Errorf("ctrl+c while typing a filter did not quit")
	}
}

func TestUpdateFilterSanitizesPaste(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("/")...)
	m = send(t, m, tea.PasteMsg{Content: "doco\x1b[2J"})
	if m.filter != "doco" {
		t.Errorf("filter after paste = %q, want doco", m.filter)
	}
}

func TestUpdateQuit(t *testing.T) {
	for _, scene := range [][]string{nil, {"enter"}, {"enter", "enter"}, {"?"}} {
		m := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys(scene...)...)
		if _, cmd := m.Update(keyPress("q")); !isQuit(cmd) {
			t.Errorf("q after %v did not quit", scene)
		}
	}
}

func TestUpdateWindowSwitch(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	if m.window != stats.Window1h {
		t.Fatalf("first window = %v, want 1h", m.window)
	}
	var seen []string
	for range 4 {
		m = send(t, m, keys("w")...)
		seen = append(seen, m.window.String())
	}
	if got := strings.Join(seen, ","); got != "24h,all,5m,1h" {
		t.Errorf("w cycles through %s, want 24h,all,5m,1h", got)
	}

	m = send(t, m, keys("1")...)
	if m.window != stats.Window5m {
		t.Errorf("key 1 picked %v, want 5m", m.window)
	}
	if got := m.domains.rows[0].Counts.Attempts; got != 6 {
		t.Errorf("docomo attempts in 5m = %d, want 6", got)
	}
	if !strings.Contains(screenText(m), "window 5m") {
		t.Errorf("header does not show window 5m")
	}
	m = send(t, m, keys("4")...)
	if m.window != stats.WindowAll {
		t.Errorf("key 4 picked %v, want all", m.window)
	}
	if !strings.Contains(screenText(m), "window all") {
		t.Errorf("header does not show window all")
	}
}

func TestUpdateFeedIgnoresWindow(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	feedIDs := func(m Model) string {
		var ids []string
		for _, r := range m.feed.rows {
			ids = append(ids, r.QueueID)
		}
		return strings.Join(ids, ",")
	}
	want := feedIDs(m)
	if want == "" {
		t.Fatal("the fixture's feed is empty")
	}
	for _, key := range []string{"1", "2", "3", "4"} {
		m = send(t, m, keys(key)...)
		if got := feedIDs(m); got != want {
			t.Errorf("feed in window %v = %s, want the same failures as in 1h: %s", m.window, got, want)
		}
	}
}

func TestUpdateSort(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	others := func(m Model) string {
		return strings.Join(rowDomains(m)[len(config.DefaultWatch):], ",")
	}
	if got := others(m); got != "example.co.jp,gmail.com,yahoo.co.jp" {
		t.Errorf("sorted by failures: %s", got)
	}
	m = send(t, m, keys("s")...)
	if m.sortBy != sortDomain {
		t.Fatalf("sort after s = %v, want domain", m.sortBy)
	}
	if got := others(m); got != "example.co.jp,gmail.com,yahoo.co.jp" {
		t.Errorf("sorted by domain: %s", got)
	}
	m = send(t, m, keys("S")...)
	if got := others(m); got != "yahoo.co.jp,gmail.com,example.co.jp" {
		t.Errorf("sorted by domain, reversed: %s", got)
	}
	if !strings.Contains(screenText(m), "sort: domain (reversed)") {
		t.Errorf("title does not show the reversed sort:\n%s", screenText(m))
	}
	m = send(t, m, keys("S", "s")...)
	if got := others(m); got != "gmail.com,yahoo.co.jp,example.co.jp" {
		t.Errorf("sorted by attempts: %s", got)
	}
	if got := rowDomains(m)[0]; got != "docomo.ne.jp" {
		t.Errorf("first row after sorting = %s, want the pinned docomo.ne.jp", got)
	}
	for range numSortColumns - 2 {
		m = send(t, m, keys("s")...)
	}
	if m.sortBy != sortFailures {
		t.Errorf("s did not cycle back to failures: %v", m.sortBy)
	}
}

func TestUpdatePause(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("p")...)
	if !strings.Contains(screenText(m), "PAUSED") {
		t.Errorf("header does not show PAUSED")
	}
	before := screenText(m)

	changed := fixtureSnapshot()
	changed.Domains[0].Windows[stats.Window1h].Attempts = 999
	m = send(t, m, SnapshotMsg{Snapshot: changed, LinesPerSecond: 7})
	if got := screenText(m); got != before {
		t.Errorf("screen changed while paused:\n%s", got)
	}

	m = send(t, m, keys("p")...)
	if strings.Contains(screenText(m), "PAUSED") {
		t.Errorf("header still shows PAUSED after resume")
	}
	if got := m.domains.rows[0].Counts.Attempts; got != 999 {
		t.Errorf("docomo attempts after resume = %d, want the held 999", got)
	}
	if m.rate != 7 {
		t.Errorf("rate after resume = %v, want 7", m.rate)
	}
}

func TestUpdateOpenDomainAndMessage(t *testing.T) {
	source := &fakeSource{}
	m := mainScreen(t, source, &fakeActor{})
	m = send(t, m, keys("enter")...)
	if m.screen != screenDomain || len(m.list.rows) != 4 {
		t.Fatalf("after enter: screen %v with %d rows, want the docomo list with 4", m.screen, len(m.list.rows))
	}
	if got := source.domainCalls; len(got) != 1 || got[0] != "docomo.ne.jp" {
		t.Errorf("DomainMessages calls = %v, want [docomo.ne.jp]", got)
	}
	if strings.Contains(m.list.rows[2].Reason, "\x1b") {
		t.Errorf("list reason not sanitized: %q", m.list.rows[2].Reason)
	}

	m = send(t, m, keys("enter")...)
	if m.screen != screenMessage || !m.detail.found || m.detail.message.QueueID != fixtureQueueID {
		t.Fatalf("after second enter: screen %v, found %v", m.screen, m.detail.found)
	}
	for _, line := range m.detail.message.Lines {
		if strings.ContainsRune(line, 0x1b) {
			t.Errorf("raw line not sanitized: %q", line)
		}
	}

	m = send(t, m, keys("esc")...)
	if m.screen != screenDomain {
		t.Errorf("esc from the message view went to %v, want the list", m.screen)
	}
	m = send(t, m, keys("esc")...)
	if m.screen != screenMain {
		t.Errorf("esc from the list went to %v, want the main screen", m.screen)
	}
}

func TestUpdateFeedOpensMessage(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("tab", "enter")...)
	if m.screen != screenMessage || m.detail.queueID != fixtureQueueID {
		t.Fatalf("enter on the feed: screen %v, queue ID %q", m.screen, m.detail.queueID)
	}
	m = send(t, m, keys("esc")...)
	if m.screen != screenMain {
		t.Errorf("esc went to %v, want the main screen", m.screen)
	}
}

func TestUpdateMessageNotFound(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("tab", "down", "enter")...)
	if m.screen != screenMessage || m.detail.found {
		t.Fatalf("screen %v, found %v; want the message view, not found", m.screen, m.detail.found)
	}
	if !strings.Contains(screenText(m), "4jh2C7Yq1Wz3pTb is no longer in memory") {
		t.Errorf("screen does not say the message is gone:\n%s", screenText(m))
	}
}

func TestUpdateStaleDomainMessagesIgnored(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("enter")...)
	m = send(t, m, domainMessagesMsg{domain: "gmail.com", rows: nil})
	if len(m.list.rows) != 4 {
		t.Errorf("rows after a stale gmail.com reply = %d, want docomo's 4", len(m.list.rows))
	}
}

func TestUpdateNoSource(t *testing.T) {
	m := mainScreen(t, nil, &fakeActor{})
	m = send(t, m, keys("enter")...)
	if m.screen != screenMain {
		t.Errorf("enter without a source opened %v", m.screen)
	}
	if !strings.Contains(m.result, "not available") {
		t.Errorf("result = %q, want the not-available message", m.result)
	}
}

func TestUpdateConfirmAccept(t *testing.T) {
	actor := &fakeActor{output: "postqueue: flushed"}
	m := mainScreen(t, &fakeSource{}, actor)
	m = send(t, m, keys("enter", "i")...)
	if m.confirm == nil {
		t.Fatalf("i in the message list opened no confirmation")
	}
	text := screenText(m)
	for _, want := range []string{"Deliver 4jh2DZ3Cpzz5rBg from shop@example.com", "to taro@docomo.ne.jp now? [y/N]"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "buyer@gmail.com [y/N]") {
		t.Errorf("confirmation names buyer@gmail.com, which was already delivered:\n%s", text)
	}
	if len(actor.calls) != 0 {
		t.Fatalf("actor called before confirmation: %v", actor.calls)
	}

	m = send(t, m, keys("y")...)
	if len(actor.calls) != 1 {
		t.Fatalf("actor calls after y = %v, want one", actor.calls)
	}
	call := actor.calls[0]
	want := fixtureMessage()
	if call.action != "deliver" || call.queueID != fixtureQueueID || call.sender != "shop@example.com" || !call.arrival.Equal(want.Arrival) {
		t.Errorf("actor call = %+v, want deliver %s from shop@example.com arrived %v", call, fixtureQueueID, want.Arrival)
	}
	if m.confirm != nil {
		t.Errorf("confirmation still open after y")
	}
	if m.result != "deliver now 4jh2DZ3Cpzz5rBg: postqueue: flushed" {
		t.Errorf("result = %q", m.result)
	}
}

func TestUpdateConfirmDecline(t *testing.T) {
	for _, answer := range []string{"n", "esc", "j", "q"} {
		actor := &fakeActor{}
		m := mainScreen(t, &fakeSource{}, actor)
		m = send(t, m, keys("enter", "enter", "r")...)
		if m.confirm == nil || m.confirm.action != actionRequeue {
			t.Fatalf("r in the message view opened no requeue confirmation")
		}
		if !strings.Contains(screenText(m), "Requeue 4jh2DZ3Cpzz5rBg from shop@example.com") {
			t.Errorf("confirmation text missing:\n%s", screenText(m))
		}
		next, cmd := m.Update(keyPress(answer))
		if isQuit(cmd) {
			t.Errorf("answer %q quit the program", answer)
		}
		m = next.(Model)
		if len(actor.calls) != 0 {
			t.Errorf("answer %q ran the action: %v", answer, actor.calls)
		}
		if m.result != "cancelled: requeue 4jh2DZ3Cpzz5rBg" {
			t.Errorf("answer %q: result = %q", answer, m.result)
		}
	}
}

func TestUpdateActionFailure(t *testing.T) {
	actor := &fakeActor{err: errPostsuper}
	m := mainScreen(t, &fakeSource{}, actor)
	m = send(t, m, keys("enter", "r", "y")...)
	want := "requeue 4jh2DZ3Cpzz5rBg failed: postsuper: fatal: queue ID 4jh2DZ3Cpzz5rBg: not found"
	if m.result != want || m.resultKind != resultError {
		t.Errorf("result = %q (kind %v), want %q as an error", m.result, m.resultKind, want)
	}
	if !strings.Contains(screenText(m), want[:60]) {
		t.Errorf("footer does not show the failure:\n%s", screenText(m))
	}
}

func TestUpdateActionSimulated(t *testing.T) {
	actor := &fakeActor{simulated: true, output: "ignored"}
	opts := testOptions("ja", &fakeSource{}, actor)
	opts.Demo = true
	m := newScreen(t, opts, 80, 24)
	m = send(t, m, keys("enter", "i")...)
	if !strings.Contains(screenText(m), "デモモード") {
		t.Errorf("demo confirmation lacks the simulated note:\n%s", screenText(m))
	}
	m = send(t, m, keys("y")...)
	if !strings.Contains(m.result, "postqueue -c /etc/postfix -i 4jh2DZ3Cpzz5rBg") || !strings.Contains(m.result, "模擬実行") {
		t.Errorf("result = %q, want the simulated message", m.result)
	}
	if !strings.Contains(screenText(m), "デモ（操作は模擬）") {
		t.Errorf("header lacks the demo badge")
	}
}

func TestUpdateActionOnUnknownMessage(t *testing.T) {
	actor := &fakeActor{}
	m := mainScreen(t, &fakeSource{}, actor)
	m = send(t, m, keys("enter", "down")...)
	// The row still shows the message queued, but the source no longer
	// has it, as after an eviction since the list was loaded.
	m.list.rows[1].State = stats.StateQueued
	m = send(t, m, keyPress("i"))
	if m.confirm != nil {
		t.Fatalf("confirmation opened for a queue ID the source does not know")
	}
	if !strings.Contains(m.result, "4jh2C7Yq1Wz3pTb is no longer known") {
		t.Errorf("result = %q", m.result)
	}
}

func TestUpdateReadOnlyRefusesActions(t *testing.T) {
	actor := &fakeActor{}
	opts := testOptions("en", &fakeSource{}, actor)
	opts.ReadOnly = true
	m := newScreen(t, opts, 80, 24)
	for _, scene := range [][]string{{"enter", "i"}, {"enter", "r"}, {"enter", "enter", "i"}} {
		m := send(t, m, keys(scene...)...)
		if m.confirm != nil {
			t.Errorf("%v opened a confirmation in read-only mode", scene)
		}
		if !strings.Contains(m.result, "read-only mode is on") {
			t.Errorf("%v: result = %q, want the read-only message", scene, m.result)
		}
	}
	if len(actor.calls) != 0 {
		t.Errorf("actor called in read-only mode: %v", actor.calls)
	}
	if !strings.Contains(screenText(m), "READ-ONLY") {
		t.Errorf("header lacks READ-ONLY")
	}
}

func TestUpdateNoActor(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, nil)
	m = send(t, m, keys("enter", "i")...)
	if m.confirm != nil || !strings.Contains(m.result, "not available") {
		t.Errorf("without an actor: confirm %v, result %q", m.confirm, m.result)
	}
}

func TestUpdateHelpOverlay(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("?")...)
	if !m.helpOpen {
		t.Fatalf("? did not open help")
	}
	text := screenText(m)
	for _, b := range [][]string{{"i", "deliver now"}, {"r", "requeue"}, {"/", "filter"}, {"p", "pause"}, {"tab", "pane"}} {
		if !strings.Contains(text, b[0]) || !strings.Contains(text, b[1]) {
			t.Errorf("help lacks %s %s:\n%s", b[0], b[1], text)
		}
	}
	m = send(t, m, keys("s")...)
	if m.sortBy != sortFailures {
		t.Errorf("s under the help overlay changed the sort")
	}
	m = send(t, m, keys("esc")...)
	if m.helpOpen {
		t.Errorf("esc did not close help")
	}
}

func TestUpdateResize(t *testing.T) {
	sizes := []struct{ width, height int }{{80, 24}, {132, 40}, {200, 60}, {60, 20}, {40, 10}, {20, 5}, {1, 1}}
	for _, scene := range [][]string{nil, {"enter"}, {"enter", "enter"}, {"?"}, {"enter", "i"}} {
		m := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys(scene...)...)
		for _, size := range sizes {
			m = send(t, m, tea.WindowSizeMsg{Width: size.width, Height: size.height})
			checkScreenShape(t, screenText(m), size.width, size.height)
		}
		m = send(t, m, tea.WindowSizeMsg{Width: 0, Height: 0})
		if got := screenText(m); got != "" {
			t.Errorf("screen at 0x0 = %q, want empty", got)
		}
	}
}

func TestUpdateBeforeFirstSnapshot(t *testing.T) {
	m := send(t, New(testOptions("en", nil, nil)), tea.WindowSizeMsg{Width: 80, Height: 24})
	text := screenText(m)
	if !strings.Contains(text, "waiting for the first log lines") {
		t.Errorf("screen lacks the waiting note:\n%s", text)
	}
	if len(m.domains.rows) != len(config.DefaultWatch) {
		t.Errorf("rows before data = %d, want the %d watch-list domains", len(m.domains.rows), len(config.DefaultWatch))
	}
	checkScreenShape(t, text, 80, 24)
}

func TestUpdateDomainRestrictionOutlivesEsc(t *testing.T) {
	opts := testOptions("en", nil, nil)
	opts.Filter = " Docomo.ne.jp "
	m := newScreen(t, opts, 80, 24)
	only := func(when string) {
		t.Helper()
		if got := strings.Join(rowDomains(m), ","); got != "docomo.ne.jp" {
			t.Errorf("rows %s = %s, want only docomo.ne.jp", when, got)
		}
		if !strings.Contains(screenText(m), "only docomo.ne.jp (--domain)") {
			t.Errorf("title %s does not name the --domain restriction:\n%s", when, screenText(m))
		}
	}
	only("with Options.Filter")
	m = send(t, m, keys("esc")...)
	only("after esc")
	m = send(t, m, keys("/", "g", "m", "enter")...)
	if len(m.domains.rows) != 0 {
		t.Errorf("typed gm on top of docomo.ne.jp left rows %v, want none", rowDomains(m))
	}
	m = send(t, m, keys("esc")...)
	only("after esc cleared the typed filter")
	m = send(t, m, keys("/", "d", "o", "enter")...)
	only("with a typed filter that docomo.ne.jp contains")
}

func TestUpdateCustomWatchList(t *testing.T) {
	opts := testOptions("en", nil, nil)
	opts.Watch = []string{" Gmail.com ", "", "docomo.ne.jp"}
	m := newScreen(t, opts, 80, 24)
	got := rowDomains(m)
	if got[0] != "gmail.com" || got[1] != "docomo.ne.jp" || !m.domains.rows[0].Watched {
		t.Errorf("rows = %v, want gmail.com then docomo.ne.jp pinned", got)
	}
	if m.domains.rows[2].Watched {
		t.Errorf("row 3 %s marked as watched", got[2])
	}
}

func TestViewHasNoInjectedEscapes(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.NoColor = false
	m := newScreen(t, opts, 200, 40)
	for _, scene := range [][]string{nil, {"enter"}, {"enter", "enter"}} {
		content := send(t, m, keys(scene...)...).View().Content
		for _, bad := range []string{"\x1b[2J", "\x1b]52", "\x1b]0;", "\a"} {
			if strings.Contains(content, bad) {
				t.Errorf("screen after %v contains %q", scene, bad)
			}
		}
	}
}

func TestBackgroundColorPicksStyles(t *testing.T) {
	opts := testOptions("en", nil, nil)
	opts.NoColor = false
	m := New(opts)
	next, _ := m.Update(tea.BackgroundColorMsg{Color: lightGray})
	if next.(Model).darkBG {
		t.Errorf("light background taken as dark")
	}
}

func TestUpdateFeedCursorFollowsNewest(t *testing.T) {
	newer := fixtureSnapshot()
	newest := newer.Failures[0]
	newest.QueueID = "4jh2G9Hj8Kz7Zx6"
	newest.Time = fixtureNow
	newer.Failures = append([]stats.Failure{newest}, newer.Failures...)

	m := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys("tab")...)
	top := send(t, m, SnapshotMsg{Snapshot: newer})
	if got := top.feed.SelectedQueueID(); got != "4jh2G9Hj8Kz7Zx6" {
		t.Errorf("cursor on the first row moved to %q, want the newest failure", got)
	}

	second := send(t, m, keys("down")...)
	second = send(t, second, SnapshotMsg{Snapshot: newer})
	if got := second.feed.SelectedQueueID(); got != "4jh2C7Yq1Wz3pTb" {
		t.Errorf("cursor on row 2 moved to %q, want it to stay on 4jh2C7Yq1Wz3pTb", got)
	}
}

func TestUpdateMessageViewScrolls(t *testing.T) {
	m := send(t, mainScreen(t, &fakeSource{}, &fakeActor{}), keys("enter", "enter")...)
	if m.detail.offset != 0 {
		t.Fatalf("message view starts at line %d, want 0", m.detail.offset)
	}
	m = send(t, m, keys("down", "j")...)
	if m.detail.offset != 2 {
		t.Errorf("offset after down, j = %d, want 2", m.detail.offset)
	}
	m = send(t, m, keys("end")...)
	last := len(m.detail.lines) - m.detail.pageSize()
	if m.detail.offset != last {
		t.Errorf("offset after end = %d, want %d", m.detail.offset, last)
	}
	if !strings.Contains(screenText(m), "Dec  4 08:15:02 mail01 postfix/smtp") {
		t.Errorf("the last screen lacks the last raw line:\n%s", screenText(m))
	}
	m = send(t, m, keys("down")...)
	if m.detail.offset != last {
		t.Errorf("down at the end moved to %d", m.detail.offset)
	}
	m = send(t, m, keys("home", "up")...)
	if m.detail.offset != 0 {
		t.Errorf("offset after home, up = %d, want 0", m.detail.offset)
	}
}

// The banner names the expired recipients that the rate counts besides
// the attempts.
func TestAlertBannerCountsExpiries(t *testing.T) {
	firing := []alerts.Alert{
		{Rule: 1, Domain: "docomo.ne.jp", Window: "15m", Threshold: 20, Rate: 100, Attempts: 137, Expired: 2, Failures: 139},
	}
	wants := map[string]string{
		"en": "ALERT docomo.ne.jp: 100% of 137 attempts and 2 expired recipients failed in 15m (threshold 20%)",
		"ja": "警告 docomo.ne.jp: 直近 15m の配送試行 137 件と期限切れ 2 件のうち 100% が失敗（しきい値 20%）",
	}
	for lang, want := range wants {
		m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 132, 40)
		next, _ := m.Update(SnapshotMsg{Snapshot: fixtureSnapshot(), Alerts: firing})
		if text := screenText(next.(Model)); !strings.Contains(text, want) {
			t.Errorf("%s: screen lacks %q:\n%s", lang, want, text)
		}
	}
}

func TestUpdateAlertBannerAndBell(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	firing := []alerts.Alert{
		{Rule: 1, Domain: "docomo.ne.jp", Window: "15m", Threshold: 20, Rate: 62.5, Attempts: 16, Failures: 10},
		{Rule: 2, Domain: "ezweb.ne.jp", Class: "filtered", Window: "1h", Threshold: 10, Rate: 30, Attempts: 10, Failures: 3},
	}
	next, cmd := m.Update(SnapshotMsg{Snapshot: fixtureSnapshot(), Alerts: firing, Bell: true})
	m = next.(Model)
	if cmd == nil {
		t.Fatal("a snapshot with Bell set returned no command, so no bell rings")
	}
	text := screenText(m)
	for _, want := range []string{"ALERT docomo.ne.jp: 62% of 16 attempts failed in 15m (threshold 20%)", "+1 more", "alerts: 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("screen lacks %q:\n%s", want, text)
		}
	}
	checkScreenShape(t, text, 80, 24)

	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
	if text := screenText(m); strings.Contains(text, "ALERT") {
		t.Errorf("the banner stayed after the alerts cleared:\n%s", text)
	}
}

// At 80 columns the banner wraps onto a second line instead of losing
// the threshold.
func TestAlertBannerWrapsAt80(t *testing.T) {
	firing := []alerts.Alert{
		{Rule: 1, Domain: "docomo.ne.jp", Window: "15m", Threshold: 20, Rate: 100, Attempts: 137, Expired: 2, Failures: 139},
	}
	for lang, want := range map[string]string{"en": "(threshold 20%)", "ja": "（しきい値 20%）"} {
		m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 80, 24)
		next, _ := m.Update(SnapshotMsg{Snapshot: fixtureSnapshot(), Alerts: firing})
		text := screenText(next.(Model))
		if !strings.Contains(text, want) {
			t.Errorf("%s: screen lacks %q:\n%s", lang, want, text)
		}
		if lines := strings.Split(text, "\n"); len(lines) > 24 {
			t.Errorf("%s: screen has %d lines, want 24", lang, len(lines))
		}
	}
}
