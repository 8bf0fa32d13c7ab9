package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// ellipsis marks text cut to fit a cell.
const ellipsis = "…"

// fit returns plain text s cut or padded with spaces to exactly width
// terminal cells. Widths come from ansi.StringWidth, so a Japanese character
// counts two cells and is never cut in half: when only one cell is left,
// that cell becomes padding.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, ellipsis)
	}
	return pad(s, width)
}

// fitRight is fit with the text aligned to the right edge of the cell.
func fitRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, ellipsis)
	}
	if gap := width - ansi.StringWidth(s); gap > 0 {
		return strings.Repeat(" ", gap) + s
	}
	return s
}

// pad adds spaces after s up to width cells; styled text is measured without
// its escape sequences.
func pad(s string, width int) string {
	if gap := width - ansi.StringWidth(s); gap > 0 {
		return s + strings.Repeat(" ", gap)
	}
	return s
}

// fitLine cuts or pads a possibly styled line to width cells.
func fitLine(s string, width int) string {
	if ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, ellipsis)
	}
	return pad(s, width)
}

// shortenPathLeft returns path cut from the left to at most width cells,
// with an ellipsis in place of what was cut: /etc/mailtop/shops/config.toml
// becomes …/shops/config.toml. The cut falls before a slash, so no
// directory name is cut in the middle. The file name is always kept
// whole, even where that makes the result wider than width.
func shortenPathLeft(path string, width int) string {
	if ansi.StringWidth(path) <= width {
		return path
	}
	glyphs := splitGlyphs(path)
	lastSlash := len(glyphs) - 1
	for lastSlash >= 0 && glyphs[lastSlash].r != '/' {
		lastSlash--
	}
	if lastSlash <= 0 {
		// Only the file name, or a file in the root directory: there is
		// no directory to leave out.
		return path
	}

	// keep is the first glyph kept: the furthest left that fits next to
	// the ellipsis, moved right to the next slash, and at the latest the
	// last slash.
	keep, used := len(glyphs), ansi.StringWidth(ellipsis)
	for keep > 0 && used+glyphs[keep-1].width <= width {
		keep--
		used += glyphs[keep].width
	}
	for keep < lastSlash && glyphs[keep].r != '/' {
		keep++
	}
	keep = min(keep, lastSlash)

	var b strings.Builder
	b.WriteString(ellipsis)
	for _, g := range glyphs[keep:] {
		b.WriteString(g.text)
	}
	return b.String()
}

// formatCount shows a count in at most six cells: 12345, 1.2M.
func formatCount(n int64) string {
	switch {
	case n < 1_000_000:
		return fmt.Sprintf("%d", n)
	case n < 1_000_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1fG", float64(n)/1e9)
}

// formatGrouped formats n with a comma between groups of three digits
// (1,000, 101,384) for counts in sentences. English and Japanese both
// group digits this way.
func formatGrouped(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, digit := range []byte(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digit)
	}
	return b.String()
}

// formatPercent shows part/total as a percentage, or "-" without a total.
func formatPercent(part, total int64) string {
	if total <= 0 {
		return "-"
	}
	p := 100 * float64(part) / float64(total)
	if p == 100 {
		return "100%"
	}
	// A part short of the whole never rounds to 100 or 0: 9,999 sent of
	// 10,000 must not read as if nothing failed.
	if part > 0 {
		p = min(max(p, 0.1), 99.9)
	}
	return fmt.Sprintf("%.1f%%", p)
}

// formatSeconds shows a duration in seconds in at most five cells: 0.4s,
// 42s, 12m, 3.5h, 2.1d.
func formatSeconds(seconds float64) string {
	switch {
	case seconds < 0:
		return "-"
	case seconds < 10:
		return fmt.Sprintf("%.1fs", seconds)
	case seconds < 60:
		return fmt.Sprintf("%.0fs", seconds)
	case seconds < 3600:
		return fmt.Sprintf("%.0fm", seconds/60)
	case seconds < 86400:
		return fmt.Sprintf("%.1fh", seconds/3600)
	}
	return fmt.Sprintf("%.1fd", seconds/86400)
}

// formatAge shows how long before now t was, or "-" for a zero t.
func formatAge(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return formatSeconds(now.Sub(t).Seconds())
}

// formatClock shows t as 15:04:05 on the day of now and as 01/02 15:04
// (month/day) on another day: 24-hour time, and a date that reads the same
// in Japanese (12/04 18:05) and in English.
func formatClock(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.In(t.Location()).Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04:05")
	}
	return t.Format("01/02 15:04")
}

// sparkLevels are the eight bar heights of a sparkline.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// sparkline draws values (oldest first) in at most cells characters, the
// newest at the right. Each character sums the same number of consecutive
// values, so fewer characters are drawn when cells does not divide
// len(values): 24 hours in 10 cells are 8 bars of 3 hours. A character with
// no failures is a space, and the largest is a full bar.
//
// NOTE: the bar characters are East Asian "ambiguous" width; a terminal set
// to draw ambiguous characters double-wide misaligns the columns after them.
func sparkline(values []int64, cells int) string {
	if cells <= 0 || len(values) == 0 {
		return ""
	}
	cells = min(cells, len(values))
	for len(values)%cells != 0 {
		cells--
	}
	sums := make([]int64, cells)
	for i, v := range values {
		sums[i*cells/len(values)] += v
	}
	var max int64
	for _, s := range sums {
		if s > max {
			max = s
		}
	}
	var b strings.Builder
	for _, s := range sums {
		if s <= 0 {
			b.WriteByte(' ')
			continue
		}
		level := int((s*int64(len(sparkLevels)) - 1) / max)
		b.WriteRune(sparkLevels[level])
	}
	return b.String()
}
