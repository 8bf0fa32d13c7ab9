package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/sources"
)

// resultsQueueIDs are the queue IDs of the twelve deferred messages that
// resultsForwardModel forwards.
var resultsQueueIDs = func() []string {
	ids := make([]string, 12)
	for i := range ids {
		ids[i] = fmt.Sprintf("5A1B0E22%02d", i+1)
	}
	return ids
}()

// rejectionError returns the error of a message whose recipient the relay
// rejected, as forward.Rescue reports it.
func rejectionError(recipient string) string {
	return "relay rejected recipients, so nothing was sent: " + recipient + ": SMTP error 450: <" + recipient +
		">: Recipient address rejected: Mailbox temporarily unavailable, try again later"
}

// longReply is a 250 reply too long for one line at 80 columns.
const longReply = "2.0.0 Ok: queued as 4Y7Kx2 on mx-backup-03.tokyo.mail-provider.example.co.jp " +
	"after content scan, 1 recipient accepted, message size 2400 bytes"

// resultsOutcomes returns the outcomes of forwarding resultsQueueIDs with
// then hold: messages 4, 8 and 12 rejected by the relay, message 6 sent
// but its hold failed, message 10 left the queue before its turn, and the
// others sent and held. Message 2 got longReply.
func resultsOutcomes() []forwardOutcome {
	outcomes := make([]forwardOutcome, len(resultsQueueIDs))
	for i, id := range resultsQueueIDs {
		recipient := fmt.Sprintf("greylist%02d@docomo.ne.jp", i+1)
		switch i + 1 {
		case 4, 8, 12:
			outcomes[i] = forwardOutcome{queueID: id, err: rejectionError(recipient), then: forward.ThenKeep}
		case 6:
			outcomes[i] = forwardOutcome{queueID: id, reply: "2.0.0 Ok: queued", forwarded: true, recipients: []string{recipient},
				err: "postsuper: fatal: queue file not found", then: forward.ThenKeep}
		case 10:
			outcomes[i] = forwardOutcome{queueID: id, left: true, then: forward.ThenKeep}
		default:
			outcomes[i] = forwardOutcome{queueID: id, reply: "2.0.0 Ok: queued", forwarded: true, recipients: []string{recipient},
				then: forward.ThenHold}
		}
	}
	outcomes[1].reply = longReply
	return outcomes
}

// failuresFirst is the order in which the dialog lists resultsOutcomes:
// the rejected messages and the one whose hold failed, then the others,
// each group in the order they were sent.
var failuresFirst = []int{3, 5, 7, 11, 0, 1, 2, 4, 6, 8, 9, 10}

// resultsForwardModel returns the forward dialog of width x height cells
// after it forwarded the twelve messages of resultsQueueIDs with the
// outcomes of resultsOutcomes.
func resultsForwardModel(t *testing.T, lang string, width, height int) Model {
	t.Helper()
	snap := fixtureQueue()
	snap.Messages = nil
	for i, id := range resultsQueueIDs {
		snap.Messages = append(snap.Messages, sources.QueuedMessage{
			Queue: sources.QueueDeferred, QueueID: id, Arrival: fixtureNow.Add(-time.Duration(i+1) * time.Minute), Size: 420,
			Sender:     fmt.Sprintf("orders%02d@shop.example", i+1),
			Recipients: []sources.QueuedRecipient{{Address: fmt.Sprintf("greylist%02d@docomo.ne.jp", i+1), Status: "4.7.1", Reason: greylisted}},
		})
	}
	m := forwardModel(t, lang, &fakeBatch{})
	m = send(t, m, QueueSnapshotMsg{Snapshot: snap}, tea.WindowSizeMsg{Width: width, Height: height}, keyPress("T"), keyPress("f"))
	if m.forward == nil || len(m.forward.targets) != len(resultsQueueIDs) {
		t.Fatalf("T and f did not open the dialog on the 12 messages; footer %q", m.result)
	}

	d := m.forward
	d.stage = forwardRunning
	d.then = slices.Index(forwardThens, forward.ThenHold)
	d.rescue = forward.Rescue{Relay: config.Relay{Name: "provider"}, Then: forward.ThenHold}
	d.results = resultsOutcomes()
	d.started = len(d.targets)
	m.finishForward()
	return m
}

// resultsPositions match the position of the results list in each
// language, with the first and the last result shown, the last missing
// when only one is, and the total.
var resultsPositions = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`results (?P<first>\d+)(?:–(?P<last>\d+))? of (?P<total>\d+)`),
	"ja": regexp.MustCompile(`(?P<total>\d+) 件中 (?P<first>\d+)(?:–(?P<last>\d+))? 件目`),
}

// forwardResultsView is the results list of the dialog as the screen
// shows it.
type forwardResultsView struct {
	// starts holds the queue ID of each result whose first line shows, in
	// the order of the screen.
	starts []string
	// text is every line from the first result's to the close hint,
	// without white space, so that it can be searched for a text however
	// it was wrapped.
	text string
	// closeRow is the last row of the body.
	closeRow string
	// first, last and total are the numbers of the position on the close
	// row, or 0 when it shows none.
	first, last, total int
}

// readForwardResults reads the results list of the dialog on the screen,
// and checks that the screen keeps its size and that the close hint is
// on the last row of the body.
func readForwardResults(t *testing.T, m Model) forwardResultsView {
	t.Helper()
	screen := screenText(m)
	checkScreenShape(t, screen, m.width, m.height)
	lines := strings.Split(screen, "\n")
	closeIndex := len(lines) - len(m.footerTopLines()) - 2

	var view forwardResultsView
	view.closeRow = lines[closeIndex]
	if !strings.Contains(view.closeRow, m.c.l.T("forward.close")) {
		t.Errorf("last row of the body = %q, want the close hint %q\n%s", view.closeRow, m.c.l.T("forward.close"), screen)
	}
	position := resultsPositions[m.c.l.Lang()]
	if match := position.FindStringSubmatch(view.closeRow); match != nil {
		number := func(name string) int {
			n, _ := strconv.Atoi(match[position.SubexpIndex(name)])
			return n
		}
		view.first, view.last, view.total = number("first"), number("last"), number("total")
		if view.last == 0 {
			view.last = view.first
		}
	}

	firstResult := -1
	for i, line := range lines[:closeIndex] {
		for _, id := range resultsQueueIDs {
			if strings.HasPrefix(line, id+": ") {
				view.starts = append(view.starts, id)
				if firstResult < 0 {
					firstResult = i
				}
			}
		}
	}
	if firstResult >= 0 {
		view.text = strings.Join(strings.Fields(strings.Join(lines[firstResult:closeIndex], " ")), "")
	}
	return view
}

// listedOrder returns the queue IDs of resultsQueueIDs at the indexes in
// order.
func listedOrder(order []int) []string {
	ids := make([]string, len(order))
	for i, index := range order {
		ids[i] = resultsQueueIDs[index]
	}
	return ids
}

func TestForwardResultsScrollAt80x24(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := resultsForwardModel(t, lang, 80, 24)
			want := listedOrder(failuresFirst)

			view := readForwardResults(t, m)
			if len(view.starts) == 0 || len(view.starts) == len(want) {
				t.Fatalf("results shown at 80x24 = %q, want some of the 12 and not all", view.starts)
			}
			if !slices.Equal(view.starts, want[:len(view.starts)]) {
				t.Errorf("results shown first = %q, want the failures first: %q", view.starts, want[:len(view.starts)])
			}
			if view.first != 1 || view.last != len(view.starts) || view.total != 12 {
				t.Errorf("position on %q = %d–%d of %d, want 1–%d of 12", view.closeRow, view.first, view.last, view.total, len(view.starts))
			}

			// Down moves one result at a time, and every result shows in
			// turn, whole, with the close hint kept on the last row.
			seen := slices.Clone(view.starts)
			texts := view.text
			for step := 1; view.last < 12 && step < 12; step++ {
				m = send(t, m, keyPress("j"))
				view = readForwardResults(t, m)
				if view.first != step+1 || len(view.starts) == 0 || view.starts[0] != want[step] {
					t.Fatalf("after %d× j: position %d–%d, first result %q, want %d and %s", step, view.first, view.last, view.starts, step+1, want[step])
				}
				for _, id := range view.starts {
					if !slices.Contains(seen, id) {
						seen = append(seen, id)
					}
				}
				texts += view.text
			}
			if !slices.Equal(seen, want) {
				t.Errorf("results shown while scrolling = %q, want %q", seen, want)
			}
			for i, outcome := range resultsOutcomes() {
				for _, part := range []string{outcome.err, outcome.reply} {
					if part != "" && !strings.Contains(texts, strings.Join(strings.Fields(part), "")) {
						t.Errorf("result %d never shows %q whole", i+1, part)
					}
				}
			}

			// j at the end stays there.
			last := view
			m = send(t, m, keyPress("j"))
			if view = readForwardResults(t, m); view.first != last.first || view.last != 12 {
				t.Errorf("j at the end moved the list to %d–%d, want it to stay at %d–12", view.first, view.last, last.first)
			}
			if m.forward == nil {
				t.Fatal("j closed the dialog")
			}
		})
	}
}

func TestForwardResultsKeys(t *testing.T) {
	m := resultsForwardModel(t, "en", 80, 24)
	page := readForwardResults(t, m).last

	steps := []struct {
		key         string
		first, last int // last 0: not checked
	}{
		{"end", 0, 12},
		{"home", 1, page},
		{"G", 0, 12},
		{"g", 1, page},
		{"pgdown", page + 1, 0},
		{"pgup", 1, page},
		{"down", 2, 0},
		{"k", 1, page},
		{"up", 1, page},
	}
	for _, step := range steps {
		m = send(t, m, keyPress(step.key))
		view := readForwardResults(t, m)
		if step.first != 0 && view.first != step.first {
			t.Errorf("after %s: position %d–%d, want the first %d", step.key, view.first, view.last, step.first)
		}
		if step.last != 0 && view.last != step.last {
			t.Errorf("after %s: position %d–%d, want the last %d", step.key, view.first, view.last, step.last)
		}
	}
	if m.forward == nil {
		t.Fatal("a scroll key closed the dialog")
	}

	// The footer lists the keys that scroll.
	help := m.forwardShortHelp()
	for _, binding := range []key.Binding{m.keys.Back, m.keys.Up, m.keys.Down, m.keys.PageDown} {
		if !slices.ContainsFunc(help, func(b key.Binding) bool { return b.Help().Key == binding.Help().Key }) {
			t.Errorf("footer keys lack %s while the results scroll", binding.Help().Key)
		}
	}

	m = send(t, m, keyPress("esc"))
	if m.forward != nil {
		t.Error("esc did not close the dialog")
	}
}

// A resize keeps the list inside the results and the close hint on the
// last row.
func TestForwardResultsResize(t *testing.T) {
	m := resultsForwardModel(t, "en", 80, 24)
	m = send(t, m, keyPress("end"))

	m = send(t, m, tea.WindowSizeMsg{Width: 132, Height: 40})
	view := readForwardResults(t, m)
	if len(view.starts) != 12 {
		t.Errorf("results shown at 132x40 = %q, want all 12", view.starts)
	}
	if view.total != 0 {
		t.Errorf("close row at 132x40 = %q, want no position when every result shows", view.closeRow)
	}
	if help := m.forwardShortHelp(); len(help) != 1 {
		t.Errorf("footer keys at 132x40 = %d, want only the one that closes", len(help))
	}

	// The list keeps its first result where it still scrolls.
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24}, keyPress("down"))
	before := readForwardResults(t, m)
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	view = readForwardResults(t, m)
	if view.first != before.first || len(view.starts) == 0 || view.starts[0] != before.starts[0] {
		t.Errorf("first result at 60x20 = %d (%q), want %d (%s) as at 80x24", view.first, view.starts, before.first, before.starts[0])
	}
	m = send(t, m, keyPress("end"))
	if view = readForwardResults(t, m); view.last != 12 {
		t.Errorf("position at 60x20 after end = %d–%d, want the last 12", view.first, view.last)
	}
}

func TestForwardResultLongReplyWraps(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			// The results scroll down until the one with the long reply
			// shows, wherever the length of the others puts it.
			m := resultsForwardModel(t, lang, 80, 24)
			view := readForwardResults(t, m)
			for range resultsQueueIDs {
				if slices.Contains(view.starts, resultsQueueIDs[1]) {
					break
				}
				m = send(t, m, keyPress("down"))
				view = readForwardResults(t, m)
			}
			if !slices.Contains(view.starts, resultsQueueIDs[1]) {
				t.Fatalf("results shown after scrolling = %q, want %s among them", view.starts, resultsQueueIDs[1])
			}
			if !strings.Contains(view.text, strings.Join(strings.Fields(longReply), "")) {
				t.Errorf("the long reply is not shown whole:\n%s", screenText(m))
			}
			if strings.Contains(view.text, ellipsis) {
				t.Errorf("a result is cut:\n%s", screenText(m))
			}
		})
	}
}

// Few results show as before: all of them, with the messages listed
// above the fields, and no position.
func TestForwardResultsFitWithoutPosition(t *testing.T) {
	m := resultsForwardModel(t, "en", 132, 60)
	view := readForwardResults(t, m)
	if !slices.Equal(view.starts, listedOrder(failuresFirst)) {
		t.Errorf("results = %q, want all 12, failures first", view.starts)
	}
	if view.total != 0 {
		t.Errorf("close row = %q, want no position", view.closeRow)
	}
	if screen := screenText(m); !strings.Contains(screen, "  "+resultsQueueIDs[0]+" (deferred) from orders01@shop.example") {
		t.Errorf("the list of messages is missing although there is room:\n%s", screen)
	}
}

// On 50x14 the fields make room for the results, and the close row keeps
// the position without the note on the order, which does not fit.
func TestForwardResultsNarrowPosition(t *testing.T) {
	tests := []struct {
		lang, first, end string
	}{
		{"en", "esc or enter closes · results 1 of 12", "esc or enter closes · results 10–12 of 12"},
		{"ja", "esc か enter で閉じる · 12 件中 1 件目", "esc か enter で閉じる · 12 件中 10–12 件目"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := resultsForwardModel(t, tt.lang, 50, 14)
			view := readForwardResults(t, m)
			if got := strings.TrimSpace(view.closeRow); got != tt.first {
				t.Errorf("close row = %q, want %q", got, tt.first)
			}
			if screen := screenText(m); strings.Contains(screen, "  "+m.c.l.T("forward.fieldMode")+" ") {
				t.Errorf("the fields take the rows of the results:\n%s", screen)
			}
			if !strings.Contains(view.text, strings.Join(strings.Fields(rejectionError("greylist04@docomo.ne.jp")), "")) {
				t.Errorf("the first failure is not shown whole:\n%s", screenText(m))
			}

			m = send(t, m, keyPress("end"))
			if got := strings.TrimSpace(readForwardResults(t, m).closeRow); got != tt.end {
				t.Errorf("close row after end = %q, want %q", got, tt.end)
			}
		})
	}
}
