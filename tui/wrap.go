package tui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// glyph is one character of text being wrapped, with the zero-width marks
// that follow it, and its width in terminal cells.
type glyph struct {
	text  string
	width int
	r     rune // the first rune, which decides where lines may break
}

// noBreakBefore are the characters a line does not start with unless a word
// is cut: closing brackets, punctuation, the long-vowel mark and small kana.
const noBreakBefore = "、。，．,.:;!?)]}」』）】〕〉》”’！？：；・ーｰぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"

// noBreakAfter are the opening brackets, which a line does not end with
// unless a word is cut.
const noBreakAfter = "([{「『（【〔〈《“‘"

// wrapText breaks plain text into lines of at most width cells, filling
// each line. A line breaks after a space or a hyphen, and between two
// characters when either is Chinese, Japanese or Korean, except inside a
// run of katakana, before closing punctuation and after an opening
// bracket. A word longer than a line is cut where it must. Widths come
// from ansi.StringWidth, so a Japanese character counts two cells.
func wrapText(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	var lines []string
	for _, paragraph := range strings.Split(s, "\n") {
		lines = append(lines, wrapParagraph(splitGlyphs(paragraph), width)...)
	}
	return lines
}

// splitGlyphs splits text into glyphs, attaching each zero-width rune, such
// as a combining mark or a variation selector, to the character before it.
func splitGlyphs(text string) []glyph {
	cells := make([]glyph, 0, len(text))
	for _, r := range text {
		w := ansi.StringWidth(string(r))
		if w == 0 && len(cells) > 0 && r != ' ' {
			cells[len(cells)-1].text += string(r)
			continue
		}
		cells = append(cells, glyph{text: string(r), width: w, r: r})
	}
	return cells
}

// wrapParagraph wraps a text without newlines.
func wrapParagraph(cells []glyph, width int) []string {
	var lines []string
	start := 0
	for start < len(cells) {
		used, end, lastBreak := 0, start, -1
		for end < len(cells) {
			if end > start && canBreak(cells, end) {
				lastBreak = end
			}
			if used+cells[end].width > width && end > start {
				break
			}
			used += cells[end].width
			end++
		}
		if end < len(cells) && lastBreak > start && !isSpace(cells[end].r) {
			end = lastBreak
		}
		lines = append(lines, joinGlyphs(cells[start:end]))
		start = end
		// A line that broke at spaces does not start with them.
		for start < len(cells) && isSpace(cells[start].r) {
			start++
		}
	}
	if len(lines) == 0 {
		lines = append(lines, "")
	}
	return lines
}

// canBreak reports whether a line may end before cells[i].
func canBreak(cells []glyph, i int) bool {
	before, after := cells[i-1].r, cells[i].r
	switch {
	case isSpace(after):
		return false
	case isSpace(before), before == '-':
		return true
	case strings.ContainsRune(noBreakBefore, after), strings.ContainsRune(noBreakAfter, before):
		return false
	case isKatakana(before) && isKatakana(after):
		return false
	}
	return isCJK(before) || isCJK(after)
}

// joinGlyphs returns the text of cells without the spaces at its end.
func joinGlyphs(cells []glyph) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(c.text)
	}
	return strings.TrimRight(b.String(), " ")
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t'
}

// isCJK reports whether r is a Han, kana or Hangul character, or
// punctuation of those scripts, between which lines may break.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) // fullwidth and halfwidth forms
}

// isKatakana reports whether r belongs to a katakana word, including the
// long-vowel mark and the middle dot, which are shared with hiragana.
func isKatakana(r rune) bool {
	return unicode.Is(unicode.Katakana, r) || r == 'ー' || r == 'ｰ' || r == '・'
}
