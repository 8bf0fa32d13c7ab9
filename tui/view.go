package tui

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/stats"
)

// maxConfirmLines caps the wrapped prompt of a confirmation.
const maxConfirmLines = 4

// View draws the whole screen in the alternate screen buffer.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "mailtop " + Sanitize(m.opts.Host)
	if m.trace != nil {
		m.trace.drawn(m.snapshot, m.domains.total, time.Now())
	}
	return v
}

// frameTracer reports frames to Options.OnFrame. The model is copied on
// every Update, so the key press waiting for its frame is kept behind a
// pointer. Bubble Tea calls Update and View on one goroutine, so it needs
// no lock.
type frameTracer struct {
	onFrame func(FrameTrace)
	key     string
	keyAt   time.Time
	shown   *stats.Snapshot // the snapshot of the last frame reported
}

// keyPressed records a key press for the next frame.
func (f *frameTracer) keyPressed(key string, at time.Time) {
	if f.key == "" {
		f.key, f.keyAt = key, at
	}
}

// drawn reports a frame that shows snapshot and a domain table of
// tableRows rows, when it is the first after a key press or the first with
// that snapshot.
func (f *frameTracer) drawn(snapshot *stats.Snapshot, tableRows int, at time.Time) {
	trace := FrameTrace{Drawn: at, Key: f.key, KeyAt: f.keyAt, TableRows: tableRows}
	if snapshot != nil && snapshot != f.shown {
		trace.NewSnapshot = true
		trace.LinesRead, trace.LastLine = snapshot.Lines.Read, snapshot.Last
		f.shown = snapshot
	}
	if trace.Key == "" && !trace.NewSnapshot {
		return
	}
	f.key, f.keyAt = "", time.Time{}
	f.onFrame(trace)
}

// render returns the screen as exactly height lines of width cells.
func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	parts := []string{m.headerView(), m.bodyView()}
	footer := m.footerTopLines()
	footer = append(footer, m.keyHelpLine(m.shortHelp()))
	parts = append(parts, joinLines(footer, m.width, len(footer)))
	return joinLines(strings.Split(strings.Join(parts, "\n"), "\n"), m.width, m.height)
}

// alertLines returns the alert banner: the first firing alert in words,
// and how many more fire. It is empty when no alert fires.
func (m Model) alertLines() []string {
	if len(m.alerts) == 0 {
		return nil
	}
	l := m.c.l
	first := m.alerts[0]
	data := map[string]any{
		"Domain":    Sanitize(first.Domain),
		"Rate":      fmt.Sprintf("%.0f", first.Rate),
		"Attempts":  first.Attempts,
		"Expired":   first.Expired,
		"Window":    first.Window,
		"Threshold": fmt.Sprintf("%.0f", first.Threshold),
	}
	id := "alert.firing"
	if first.Class != "" {
		id = "alert.firingClass"
		data["Class"] = l.T("class." + first.Class)
	}
	text := l.T(id, data)
	if len(m.alerts) > 1 {
		text += " " + l.T("alert.more", map[string]any{"Count": len(m.alerts) - 1})
	}
	// Two lines at most, so that a narrow screen still shows the threshold.
	return m.wrapFooter(text, m.c.styles.Warning, 2)
}

// bodyView returns the lines between the header and the footer.
func (m Model) bodyView() string {
	height := m.bodyHeight()
	if m.forward != nil {
		return m.forwardView(height)
	}
	if m.helpOpen {
		return m.helpView(height)
	}
	switch m.screen {
	case screenDomain:
		return m.list.View()
	case screenMessage:
		return m.detail.View()
	case screenQueue:
		return m.queue.View()
	case screenQueueMessage:
		return m.queueDetail.View()
	case screenWhy:
		return m.why.View()
	}
	if height == 0 {
		return ""
	}
	return m.domains.View() + "\n" + m.feed.View()
}

// footerTopLines returns the footer lines above the key help: the open
// confirmation, or the result line of the last action.
func (m Model) footerTopLines() []string {
	s := m.c.styles
	if m.queueConfirm != nil {
		return m.queueConfirmLines()
	}
	if m.confirm == nil {
		lines := m.alertLines()
		switch m.resultKind {
		case resultError:
			return append(lines, m.wrapFooter(m.result, s.Error, m.resultMaxLines())...)
		case resultOK:
			return append(lines, m.wrapFooter(m.result, s.OK, m.resultMaxLines())...)
		}
		if m.result == "" {
			if hint, maxLines := m.logHint(); hint != "" {
				// Up to maxLines lines, so that a narrow screen still
				// shows the flag to pass.
				return append(lines, m.wrapFooter(hint, s.Error, maxLines)...)
			}
		}
		return append(lines, m.wrapFooter(m.result, lipgloss.NewStyle(), m.resultMaxLines())...)
	}

	l := m.c.l
	message := m.confirm.message
	// Only the recipients still waiting are named: the action does nothing
	// for the ones already delivered or bounced.
	var recipients []string
	for _, r := range message.Recipients {
		if r.Pending {
			recipients = append(recipients, Sanitize(r.Address))
		}
	}
	data := map[string]any{
		"QueueID":    message.QueueID,
		"Sender":     displaySender(message.Sender),
		"Recipients": l.JoinList(recipients),
	}
	if len(recipients) == 0 {
		data["Recipients"] = "-"
	}
	promptID := "confirm.deliver"
	if m.confirm.action == actionRequeue {
		promptID = "confirm.requeue"
	}
	render := func(data map[string]any) string { return l.T(promptID, data) }
	data = m.recipientsThatFit(render, data, recipients)
	lines := m.confirmPromptLines(promptID, data)
	for i, line := range lines {
		lines[i] = s.Warning.Render(fit(line, m.width))
	}
	if m.opts.Demo {
		lines = append(lines, s.Muted.Render(fit(l.T("confirm.simulated"), m.width)))
	}
	return lines
}

// confirmPromptLines wraps the confirmation prompt promptID to at most
// maxConfirmLines lines, with a shorter list of recipients when it is too
// long for them (see fitPrompt).
func (m Model) confirmPromptLines(promptID string, data map[string]any) []string {
	render := func(data map[string]any) string { return m.c.l.T(promptID, data) }
	return fitPrompt(render, data, m.width, "Recipients")
}

// fitPrompt wraps the prompt that render returns for data to at most
// maxConfirmLines lines of width cells. A prompt too long for them gets
// shorter values of the string fields named in shortenable, ending in an
// ellipsis, the first field first, so that the question and the keys to
// answer it at the end stay on screen. Only when every such field is cut
// to one cell is the prompt itself cut: its first lines end in an
// ellipsis, and its last line follows them. The last call of render is
// for the text of the returned lines.
func fitPrompt(render func(map[string]any) string, data map[string]any, width int, shortenable ...string) []string {
	width = max(width, 1)
	lines := wrapText(render(data), width)
	if len(lines) <= maxConfirmLines {
		return lines
	}

	data = maps.Clone(data)
	for _, field := range shortenable {
		value, _ := data[field].(string)
		fits := func(cells int) ([]string, bool) {
			shortened := maps.Clone(data)
			shortened[field] = ansi.Truncate(value, cells, ellipsis)
			wrapped := wrapText(render(shortened), width)
			return wrapped, len(wrapped) <= maxConfirmLines
		}
		// The widest value that fits. A wider value never takes fewer
		// lines, so a binary search finds it.
		cells := sort.Search(ansi.StringWidth(value), func(cells int) bool {
			_, ok := fits(cells + 1)
			return !ok
		})
		if cells > 0 {
			wrapped, _ := fits(cells)
			return wrapped
		}
		data[field] = ansi.Truncate(value, 1, ellipsis)
	}

	lines = wrapText(render(data), width)
	if len(lines) <= maxConfirmLines {
		return lines
	}
	last := lines[len(lines)-1]
	lines = lines[:maxConfirmLines-1]
	lines[maxConfirmLines-2] = fitLine(lines[maxConfirmLines-2]+ellipsis, width)
	return append(lines, last)
}

// maxLogHintLines bounds the footer lines of the notice about the log
// (every line skipped by --since, or no Postfix line in it).
const maxLogHintLines = 2

// maxLogZoneLines bounds the footer lines of the warning about the log's
// zone, which names two times and the fix. Four lines show it whole at 80
// columns in English and in Japanese. Until it is fixed, every count on
// screen is wrong, so it may take more room than the other notices.
const maxLogZoneLines = 4

// maxResultLines bounds the footer lines of the result of the last action
// or key, so that a Japanese sentence at 80 columns is read whole.
const maxResultLines = 2

// maxQueueResultLines bounds the footer lines of a queue action's result,
// the lines its confirmation took, so that the count and the whole error
// stay on screen. NOTE: an error longer than that, such as many lines of
// Postfix output, still ends in an ellipsis.
const maxQueueResultLines = maxConfirmLines

// resultMaxLines returns the number of footer lines the result line may
// take.
func (m Model) resultMaxLines() int {
	if m.resultLines > 0 {
		return m.resultLines
	}
	return maxResultLines
}

// wrapFooter wraps text to the screen's width in at most maxLines lines,
// each rendered in style. Text that needs more lines ends in an ellipsis.
func (m Model) wrapFooter(text string, style lipgloss.Style, maxLines int) []string {
	lines := wrapText(text, max(m.width, 1))
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = fitLine(lines[maxLines-1]+ellipsis, m.width)
	}
	for i, line := range lines {
		lines[i] = style.Render(fit(line, m.width))
	}
	return lines
}

// shortHelp returns the keys that apply to what the screen shows now, most
// useful first, since the help line drops what does not fit.
func (m Model) shortHelp() []key.Binding {
	k := m.keys
	switch {
	case m.forward != nil:
		return m.forwardShortHelp()
	case m.queueConfirm != nil && m.queueConfirm.needCount:
		return []key.Binding{k.TypedCount, k.No}
	case m.confirm != nil || m.queueConfirm != nil:
		return []key.Binding{k.Yes, k.No}
	case m.queue.filtering && m.screen == screenQueue && m.queue.filterErrShown:
		// Enter keeps the input open until the filter parses.
		return []key.Binding{k.ClearFilter}
	case m.queue.filtering && m.screen == screenQueue:
		return []key.Binding{k.ApplyFilter, k.ClearFilter}
	case m.helpOpen:
		if _, rows := m.helpScrollArea(m.bodyHeight()); rows > 0 {
			return []key.Binding{k.Back, k.Up, k.Down, k.PageDown, k.Quit}
		}
		return []key.Binding{k.Back, k.Quit}
	case m.filtering:
		return []key.Binding{k.ApplyFilter, k.ClearFilter}
	}
	actions := []key.Binding{k.Deliver, k.Requeue}
	switch {
	case m.opts.ReadOnly || m.opts.Actor == nil:
		actions = nil
	case m.queue.fromPostqueue():
		// Without root postsuper -r fails (see needsRoot).
		// NOTE: before the first queue scan, and when no queue is read,
		// mailtop cannot tell whether it is root, and offers r.
		actions = []key.Binding{k.Deliver}
	}
	if m.deliverNeedsPostfix() {
		// postqueue -i needs the flush service, as on the queue screen.
		actions = slices.DeleteFunc(actions, func(b key.Binding) bool { return b.Help().Key == k.Deliver.Help().Key })
	}
	// E exports the unknown recipients of every domain, so it comes after
	// the keys that act on what the screen shows.
	var export []key.Binding
	if m.opts.ExportUnknown != nil {
		export = []key.Binding{k.ExportUnknown}
	}
	switch m.screen {
	case screenQueue, screenQueueMessage:
		return m.queueShortHelp()
	case screenWhy:
		return []key.Binding{k.Back, k.Up, k.Down, k.Window, k.Pause, k.Help, k.Quit}
	case screenDomain:
		// The keys of a row whose message left the queue would only be
		// rejected.
		if row, ok := m.list.SelectedRow(); !ok || !row.State.InQueue() {
			actions = nil
		}
		// Q and esc come before the actions, so that at 80 columns the
		// footer keeps the way to the queue screen's actions and the way
		// back even where the actions do not all fit, as in Japanese. The
		// message view, one enter away, offers the actions too.
		bindings := append([]key.Binding{k.Open, k.Why, k.Queue, k.Back}, actions...)
		bindings = append(bindings, k.Pause, k.Help, k.Quit, k.Up, k.Down)
		return append(bindings, export...)
	case screenMessage:
		if !m.detail.loaded || !m.detail.found || !m.detail.message.QueueState().InQueue() {
			actions = nil
		}
		bindings := append([]key.Binding{k.Back, k.Why}, actions...)
		bindings = append(bindings, k.Queue, k.Up, k.Down, k.Pause, k.Help, k.Quit)
		return append(bindings, export...)
	}
	// The keys that open a view come first and the moves last, because the
	// help line drops keys from the end, and the arrows and S need no
	// footer to be found.
	if m.focus == paneFeed {
		bindings := []key.Binding{k.Open, k.Why, k.Queue, k.Focus, k.Window}
		bindings = append(bindings, export...)
		return m.trimEmptyPaneHelp(append(bindings, k.Pause, k.Help, k.Quit, k.Up, k.Down))
	}
	bindings := []key.Binding{k.Open, k.Why, k.Queue, k.Filter, k.Sort, k.Window}
	bindings = append(bindings, export...)
	bindings = append(bindings, k.Pause, k.Help, k.Quit, k.Focus, k.Reverse, k.Up, k.Down)
	if m.filter != "" {
		bindings = append([]key.Binding{k.ClearFilter}, bindings...)
	}
	return m.trimEmptyPaneHelp(bindings)
}

// trimEmptyPaneHelp leaves out of the main screen's bindings the keys that
// need a row, as the queue screen does, when the filter leaves the focused
// pane without one: open, why, the sort and the moves.
func (m Model) trimEmptyPaneHelp(bindings []key.Binding) []key.Binding {
	empty := m.domains.total == 0
	if m.focus == paneFeed {
		empty = len(m.feed.rows) == 0
	}
	if m.filter == "" || !empty {
		return bindings
	}
	k := m.keys
	needRow := []key.Binding{k.Open, k.Why, k.Sort, k.Reverse, k.Up, k.Down}
	return slices.DeleteFunc(bindings, func(b key.Binding) bool {
		return slices.ContainsFunc(needRow, func(r key.Binding) bool { return r.Help().Key == b.Help().Key })
	})
}

// keyHelpLine returns the key help of bindings in the screen's width. When
// they do not all fit, it leaves bindings out from the end and marks the
// gap with an ellipsis. Help and quit stay at the end of the line, and so
// does resume while paused, because a paused screen stops updating until
// it is pressed: they show at any width wide enough for them. Esc, the
// way back, keeps its place when it fits there, and otherwise moves in
// front of them, so that every screen shows how to leave it.
func (m Model) keyHelpLine(bindings []key.Binding) string {
	unbounded := m.help
	unbounded.SetWidth(0)
	if line := unbounded.ShortHelpView(bindings); lipgloss.Width(line) <= m.width {
		return line
	}

	var others, kept []key.Binding
	back := -1 // the index of esc in others
	for _, b := range bindings {
		switch b.Help().Key {
		case m.keys.Help.Help().Key, m.keys.Quit.Help().Key:
			kept = append(kept, b)
		case m.keys.Pause.Help().Key:
			if m.paused {
				kept = append(kept, b)
			} else {
				others = append(others, b)
			}
		case m.keys.Back.Help().Key:
			back = len(others)
			others = append(others, b)
		default:
			others = append(others, b)
		}
	}
	if len(kept) == 0 {
		return m.help.ShortHelpView(bindings)
	}
	separator := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	gap := m.help.Styles.Ellipsis.Inline(true).Render(m.help.Ellipsis)
	tail := unbounded.ShortHelpView(kept)
	for n := len(others); n > 0; n-- {
		shown, tailOfN := others[:n], tail
		if back >= n {
			tailOfN = unbounded.ShortHelpView(append([]key.Binding{others[back]}, kept...))
			if n == back {
				// esc right after the shown keys needs no gap before it.
				shown, tailOfN = others[:n+1], tail
			}
		}
		line := unbounded.ShortHelpView(shown) + separator + gap + separator + tailOfN
		if lipgloss.Width(line) <= m.width {
			return line
		}
	}
	if back >= 0 {
		if line := unbounded.ShortHelpView(append([]key.Binding{others[back]}, kept...)); lipgloss.Width(line) <= m.width {
			return line
		}
	}
	if lipgloss.Width(tail) <= m.width {
		return tail
	}
	return m.help.ShortHelpView(kept)
}

// availableHelp returns the help overlay's groups without the keys that
// the mode disables: the actions in --read-only or without an actor, the
// forward key in the demo, and the export key without an export.
func (m Model) availableHelp() [][]key.Binding {
	disabled := m.disabledHelp()
	isDisabled := func(b key.Binding) bool {
		return slices.ContainsFunc(disabled, func(d key.Binding) bool { return d.Help().Key == b.Help().Key })
	}
	groups := m.keys.fullHelp()
	for i, group := range groups {
		groups[i] = slices.DeleteFunc(group, isDisabled)
	}
	return groups
}

// disabledHelp returns the keys that the mode disables (see availableHelp).
func (m Model) disabledHelp() []key.Binding {
	k := m.keys
	var disabled []key.Binding
	if m.opts.ReadOnly || m.opts.Actor == nil && m.opts.QueueActor == nil {
		disabled = append(disabled, k.Deliver, k.Requeue)
	}
	if m.opts.ReadOnly || m.opts.QueueActor == nil {
		disabled = append(disabled, k.Hold, k.Release, k.Expire, k.Delete, k.FlushDomain, k.FlushAll)
	}
	if m.opts.ReadOnly || m.opts.Demo {
		disabled = append(disabled, k.Forward)
	}
	if m.opts.ReadOnly || m.opts.Actor == nil && m.opts.QueueActor == nil {
		// No action is left to confirm.
		disabled = append(disabled, k.Yes, k.No)
	}
	if m.opts.ExportUnknown == nil {
		disabled = append(disabled, k.ExportUnknown)
	}
	return disabled
}

// rootOnlyHelp returns the keys that the help overlay lists but that need
// root, when mailtop runs without it: postsuper rejects requeue, hold,
// release, expire and delete, and forward cannot read the queue file. The
// footers leave them out then (see queueActionKeys), and the overlay
// names them in a note.
//
// NOTE: before the first queue scan, and when no queue is read, mailtop
// cannot tell whether it is root, and returns none.
func (m Model) rootOnlyHelp() []key.Binding {
	if !m.queue.fromPostqueue() {
		return nil
	}
	k := m.keys
	disabled := m.disabledHelp()
	var rootOnly []key.Binding
	for _, b := range []key.Binding{k.Requeue, k.Hold, k.Release, k.Expire, k.Delete, k.Forward} {
		if !slices.ContainsFunc(disabled, func(d key.Binding) bool { return d.Help().Key == b.Help().Key }) {
			rootOnly = append(rootOnly, b)
		}
	}
	return rootOnly
}
