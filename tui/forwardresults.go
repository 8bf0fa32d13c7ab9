package tui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// resultIndent starts each line of a result after its first, so that the
// queue ID at the start of each result is easy to find in the list.
const resultIndent = "  "

// minForwardResultRows is the fewest rows the results scroll in below the
// fields. On a body too short for that, or for the tallest result, the
// fields are left out so that the results get their rows.
const minForwardResultRows = 3

// forwardResultsArea returns the lines of each result of a finished
// forward in the order forwardResultOrder gives, and how they share a body
// of height lines. rows is the number of rows the results scroll in, or 0
// when every result fits below the fields with the messages in the rows
// left. withFields reports whether the fields show above the results.
func (m Model) forwardResultsArea(height int) (blocks [][]string, rows int, withFields bool) {
	width := max(m.width, 1)
	blocks = m.forwardResultBlocks(width)
	total, tallest := 0, 0
	for _, block := range blocks {
		total += len(block)
		tallest = max(tallest, len(block))
	}

	// The title, the fields between two blank lines, the results, a blank
	// line and the close hint.
	fields := len(m.forwardFieldLines(width)) + 2
	if 1+fields+total+2 <= height {
		return blocks, 0, true
	}
	if rows := height - 2 - fields; rows >= max(tallest, minForwardResultRows) {
		return blocks, rows, true
	}
	return blocks, max(height-2, 1), false
}

// forwardDoneView draws the dialog of a finished forward in height lines:
// the title, the messages when there is room, the fields and the results.
// The last line shows how to close the dialog. When the results do not
// all fit, they scroll from the dialog's resultsOffset, and the last line
// also shows which results are on the screen.
func (m Model) forwardDoneView(title string, height int) string {
	d := m.forward
	s := m.c.styles
	l := m.c.l
	width := max(m.width, 1)
	closeHint := l.T("forward.close")

	blocks, rows, withFields := m.forwardResultsArea(height)
	var fields []string
	if withFields {
		fields = append([]string{""}, m.forwardFieldLines(width)...)
		fields = append(fields, "")
	}
	if rows == 0 {
		lower := fields
		for _, block := range blocks {
			lower = append(lower, block...)
		}
		// The messages get the rows left above the fields, keeping a blank
		// line before the close hint.
		lines := []string{title}
		lines = append(lines, m.forwardTargetLines(width, height-len(lines)-len(lower)-2)...)
		lines = append(lines, lower...)
		for len(lines) < height-1 {
			lines = append(lines, "")
		}
		return joinLines(append(lines, s.Muted.Render(fit(closeHint, width))), m.width, height)
	}
	if height < 3 {
		// Only how to close fits, below the title when there are two rows.
		lines := []string{title, s.Muted.Render(fit(closeHint, width))}
		return joinLines(lines[len(lines)-max(height, 0):], m.width, height)
	}

	first := clampResultsOffset(d.resultsOffset, blocks, rows)
	shown := visibleResults(blocks, first, rows)
	lines := append([]string{title}, fields...)
	for _, block := range blocks[first : first+shown] {
		lines = append(lines, block...)
	}
	if len(lines) > height-1 {
		// NOTE: one result taller than the rows, which only a body of a
		// few lines gives, is cut, and the rest of it cannot be scrolled to.
		lines = lines[:height-1]
		lines[height-2] = fitLine(ansi.Truncate(lines[height-2], width-1, "")+ellipsis, width)
	}
	for len(lines) < height-1 {
		lines = append(lines, "")
	}

	closeHint = m.withResultsPosition(closeHint, first, shown, len(blocks), width)
	lines = append(lines, s.Muted.Render(fit(closeHint, width)))
	return joinLines(lines, m.width, height)
}

// withResultsPosition returns closeHint followed by the position of the
// results on the screen, shown results from index first of total, when
// that fits in width cells. When some results failed, the position also
// notes that they are listed first, unless only the shorter position
// fits. closeHint is returned alone when neither fits.
func (m Model) withResultsPosition(closeHint string, first, shown, total, width int) string {
	l := m.c.l
	positionRange := fmt.Sprintf("%d–%d", first+1, first+shown)
	if shown == 1 {
		positionRange = fmt.Sprint(first + 1)
	}
	data := map[string]any{"Range": positionRange, "Total": total}
	ids := []string{"forward.resultsPosition"}
	if slices.ContainsFunc(m.forward.results, resultFailed) {
		ids = []string{"forward.resultsPositionFailuresFirst", "forward.resultsPosition"}
	}
	for _, id := range ids {
		if line := closeHint + " · " + l.T(id, data); ansi.StringWidth(line) <= width {
			return line
		}
	}
	return closeHint
}

// visibleResults returns how many blocks from first on fit in rows, at
// least one.
func visibleResults(blocks [][]string, first, rows int) int {
	used, count := 0, 0
	for _, block := range blocks[first:] {
		if count > 0 && used+len(block) > rows {
			break
		}
		used += len(block)
		count++
	}
	return count
}

// lastResultsPage returns the first block of the last screen: the lowest
// index from which every block to the end fits in rows.
func lastResultsPage(blocks [][]string, rows int) int {
	first := len(blocks) - 1
	for first > 0 && visibleResults(blocks, first-1, rows) == len(blocks)-first+1 {
		first--
	}
	return max(first, 0)
}

// previousResultsPage returns the first block of the screen that ends
// just before the block at index first.
func previousResultsPage(blocks [][]string, first, rows int) int {
	previous := first - 1
	for previous > 0 && visibleResults(blocks, previous-1, rows) >= first-previous+1 {
		previous--
	}
	return max(previous, 0)
}

// clampResultsOffset returns offset within the first and the last screen
// of blocks shown in rows.
func clampResultsOffset(offset int, blocks [][]string, rows int) int {
	return max(min(offset, lastResultsPage(blocks, rows)), 0)
}

// scrollForwardResults moves the results of a finished forward with the
// keys that move in the other lists: ↑/k and ↓/j by one result, pgup and
// pgdn by a screen, home/g and end/G to either end. Other keys do nothing.
func (m Model) scrollForwardResults(msg tea.KeyPressMsg) Model {
	d := m.forward
	k := m.keys
	blocks, rows, _ := m.forwardResultsArea(m.bodyHeight())
	if rows == 0 {
		return m
	}
	// A resize since the last key can leave the offset past the end.
	offset := clampResultsOffset(d.resultsOffset, blocks, rows)
	switch {
	case key.Matches(msg, k.Up):
		offset--
	case key.Matches(msg, k.Down):
		offset++
	case key.Matches(msg, k.PageUp):
		offset = previousResultsPage(blocks, offset, rows)
	case key.Matches(msg, k.PageDown):
		offset += visibleResults(blocks, offset, rows)
	case key.Matches(msg, k.Home):
		offset = 0
	case key.Matches(msg, k.End):
		offset = len(blocks)
	}
	d.resultsOffset = clampResultsOffset(offset, blocks, rows)
	return m
}

// resultFailed reports whether outcome needs the operator: the message
// was not forwarded, or the hold or delete after it failed. A message
// skipped because it left the queue does not.
func resultFailed(outcome forwardOutcome) bool {
	return !outcome.left && (!outcome.forwarded || outcome.err != "")
}

// forwardResultOrder returns the indexes of the dialog's results in the
// order the dialog lists them. The failed ones come first, so that the
// first screen after a forward shows what needs the operator. Each group
// keeps the order in which the messages were sent.
func (d *forwardDialog) forwardResultOrder() []int {
	var failed, others []int
	for i, outcome := range d.results {
		if resultFailed(outcome) {
			failed = append(failed, i)
		} else {
			others = append(others, i)
		}
	}
	return append(failed, others...)
}

// forwardResultBlocks returns the lines of each result of the dialog in
// width cells, in the order of forwardResultOrder. A result is the relay's
// reply and the step applied to the original, the error, or that the
// message left the queue before it was sent. Each is wrapped instead of
// cut, because the operator reads the reply to decide the next step.
func (m Model) forwardResultBlocks(width int) [][]string {
	s := m.c.styles
	l := m.c.l
	var blocks [][]string
	for _, i := range m.forward.forwardResultOrder() {
		outcome := m.forward.results[i]
		data := map[string]any{
			"QueueID": Sanitize(outcome.queueID),
			"Reply":   outcome.reply,
			"Then":    l.T("forward.done." + string(outcome.then)),
			"Error":   outcome.err,
		}
		text, style := "", s.Error
		switch {
		case outcome.left:
			text, style = l.T("forward.resultLeft", data), s.Muted
		case outcome.err == "":
			text, style = l.T("forward.resultOK", data), s.OK
		case outcome.forwarded:
			// Sent, but the hold or delete failed: both facts matter.
			data["Action"] = l.T("action." + string(m.forward.rescue.Then))
			text = l.T("forward.resultThenFailed", data)
		default:
			text = l.T("forward.resultFailed", data)
		}

		// Every line is wrapped to the width left after the indent, so the
		// first one is that narrow too.
		wrapped := wrapText(text, max(width-len(resultIndent), 1))
		block := make([]string, len(wrapped))
		for j, line := range wrapped {
			if j > 0 {
				line = resultIndent + line
			}
			block[j] = style.Render(fit(line, width))
		}
		blocks = append(blocks, block)
	}
	return blocks
}
