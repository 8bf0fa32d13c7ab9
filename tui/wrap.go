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

// noBreakSpace joins two words that wrapText keeps on one line, such as a
// queue name and its count in "deferred 3". The lines that wrapText
// returns have a plain space in its place.
const noBreakSpace = "\u00a0"

// keepWhole returns s with noBreakSpace for each space, so that wrapText
// keeps s on one line when it fits there. A command such as postfix -c
// DIR start stays whole and can be copied from one line.
func keepWhole(s string) string {
	return strings.ReplaceAll(s, " ", noBreakSpace)
}

// wrapText breaks plain text into lines of at most width cells, filling
// each line. A line breaks after a space, after a hyphen inside a word
// (rate-limited, but not in --since, 2026-12-04 or an email address that
// fits on a line, such as tempfail-pending@docomo.ne.jp), and between two
// characters when either is Chinese, Japanese or Korean, except inside a
// run of katakana, before closing punctuation and after an opening
// bracket. Of the breaks that keep at least half the width filled, a line
// takes the latest of the best quality (see breakQuality), so Japanese
// text rarely breaks inside a word such as ください, inside a compound
// such as カーソル行, or before a particle. A key such as the c:
// of c:分類 stays with its label. A word longer than a line, or one that
// fills a line up to the comma after it, is cut where it must, but not
// before closing punctuation or after an opening bracket (see
// moveCutOffPunctuation). Widths come from ansi.StringWidth, so a
// Japanese character counts two cells.
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

// WrapText is wrapText for other packages: the command-line help wraps its
// text with the same cell widths and Japanese line-break rules as the
// dashboard.
func WrapText(s string, width int) []string {
	return wrapText(s, width)
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
		used, end := 0, start
		var breaks lineBreaks
		for end < len(cells) {
			if end > start && canBreak(cells, end, width) {
				breaks.add(end, breakQualityAt(cells, end), used*2 >= width)
			}
			if used+cells[end].width > width && end > start {
				break
			}
			used += cells[end].width
			end++
		}
		if end < len(cells) {
			if isSpace(cells[end].r) && !followsShortOption(cells, end) {
				// The line is full and may break at these spaces, as
				// well as it breaks before the word after them.
				breaks.add(end, spaceBreakQuality(cells, end), true)
			}
			if at := breaks.best(); at > start {
				end = at
			} else {
				end = moveCutOffPunctuation(cells, start, end, width)
			}
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

// moveCutOffPunctuation returns where a line cut inside a word, at end,
// ends instead when the next line would start with a character of
// noBreakBefore or this one end with one of noBreakAfter. That happens
// when a word, such as a path, fills the line up to the comma after it.
// The line then ends after the word's last slash when that keeps at least
// half the width filled, else as late as the rules allow. The end stays
// when no place before it is allowed.
func moveCutOffPunctuation(cells []glyph, start, end, width int) int {
	allowed := func(i int) bool {
		return !strings.ContainsRune(noBreakBefore, cells[i].r) && !strings.ContainsRune(noBreakAfter, cells[i-1].r)
	}
	if allowed(end) {
		return end
	}
	used := 0
	for _, g := range cells[start:end] {
		used += g.width
	}
	for i := end - 1; i > start && !isSpace(cells[i].r); i-- {
		used -= cells[i].width
		if used*2 < width {
			break
		}
		if cells[i-1].r == '/' && allowed(i) {
			return i
		}
	}
	for i := end - 1; i > start; i-- {
		if allowed(i) {
			return i
		}
	}
	return end
}

// canBreak reports whether a line may end before cells[i] in lines of
// width cells.
func canBreak(cells []glyph, i, width int) bool {
	before, after := cells[i-1].r, cells[i].r
	switch {
	case isSpace(after):
		return false
	case isSpace(before) && followsShortOption(cells, i-1):
		return false
	case isSpace(before):
		return true
	case isWordHyphen(cells, i-1):
		return !inShortName(cells, i-1, width)
	case isKeyColon(cells, i-1):
		return false
	case strings.ContainsRune(noBreakBefore, after), strings.ContainsRune(noBreakAfter, before):
		return false
	case isKatakana(before) && isKatakana(after):
		return false
	}
	return isCJK(before) || isCJK(after)
}

// breakQuality ranks the line breaks that canBreak allows, from the
// worst to the best.
type breakQuality uint8

const (
	// breakInHiragana is between two hiragana, which is often inside a
	// word (くだ|さい) or an inflection (して|います).
	breakInHiragana breakQuality = iota
	// breakInWord is between two kanji, after the honorific お or ご before
	// kanji (お|客様), before kana that follows a kanji or katakana
	// (送信|して, ドコモ|が), before hiragana after a space
	// (Postfix |が) or a closing bracket (（OP25B）|か), between a number and
	// a unit after a space (5 |分), or between Latin text and Japanese with
	// no space between them (100|件).
	breakInWord
	// breakInPhrase is between two words that read as one: kanji and
	// katakana of a compound (カーソル|行, 迷惑|メール), and a word of one
	// kanji with its particle that starts a phrase and the word after them
	// (他は|理由, 元の|メッセージ). It is better than a break inside a
	// word, such as 設|定, but worse than one between phrases.
	breakInPhrase
	// breakBetweenWords is after a space, a word hyphen, a slash or
	// punctuation, before an opening bracket, or after a run of hiragana
	// that ends before kanji or katakana (を|制限). One hiragana between two
	// kanji that is not a particle is taken as part of a word (繰り返し,
	// 受け取り), and a break after it as breakInWord.
	breakBetweenWords
	numBreakQualities
)

// closingPunctuation are the characters after which a line breaks between
// words: commas, full stops, closing brackets and the middle dot.
const closingPunctuation = "、。，．,.:;!?)]}」』）】〕〉》”’！？：；・"

// closingBrackets are the closing brackets and quotation marks, which keep
// a particle after them on their line, as in （OP25B）か.
const closingBrackets = ")]}」』）】〕〉》”’"

// breakQualityAt ranks a line break before cells[i] that canBreak allows.
func breakQualityAt(cells []glyph, i int) breakQuality {
	before, after := cells[i-1].r, cells[i].r
	switch {
	case isSpace(before) && isHiragana(after):
		// The space after a Latin word, as in "Postfix が", keeps the
		// particle with the word it follows.
		return breakInWord
	case isSpace(before) && isCJK(after) && i >= 2 && unicode.IsDigit(cells[i-2].r):
		// A number keeps its unit, as in "5 分".
		return breakInWord
	case strings.ContainsRune(closingBrackets, before) && isHiragana(after):
		// A particle stays after the bracket where it can, as the か of
		// "（OP25B）か".
		return breakInWord
	case isSpace(before), isWordHyphen(cells, i-1), before == '/',
		strings.ContainsRune(closingPunctuation, before), strings.ContainsRune(noBreakAfter, after):
		return breakBetweenWords
	case isHiragana(before) && isHiragana(after):
		return breakInHiragana
	case isHiragana(after), !isCJK(before), !isCJK(after):
		return breakInWord
	case isOkurigana(cells, i-1):
		return breakInWord
	case isOneKanjiPhraseStart(cells, i-1):
		return breakInPhrase
	case (before == 'お' || before == 'ご') && isHan(after):
		// The honorific prefix of a word, as in お客様 or ご確認.
		return breakInWord
	case isHiragana(before):
		return breakBetweenWords
	case isHan(before) && isHan(after):
		return breakInWord
	case isHan(before) && isKatakana(after), isKatakana(before) && isHan(after):
		return breakInPhrase
	case isKatakana(before) != isKatakana(after):
		return breakBetweenWords
	}
	return breakInWord
}

// spaceBreakQuality ranks a line break at the spaces that start at
// cells[i], which is the quality of a break before the word after them.
func spaceBreakQuality(cells []glyph, i int) breakQuality {
	for i < len(cells) && isSpace(cells[i].r) {
		i++
	}
	if i == len(cells) {
		return breakBetweenWords
	}
	return breakQualityAt(cells, i)
}

// lineBreaks collects the places where a line may break, to pick the best.
type lineBreaks struct {
	// latest is the index of the latest break of each quality that keeps
	// at least half the line filled, 0 for none.
	latest [numBreakQualities]int
	// last is the index of the latest break of any quality, 0 for none.
	last int
}

// add records a break before cells[at] of quality q. halfFilled is whether
// the line up to it fills at least half the width.
func (b *lineBreaks) add(at int, q breakQuality, halfFilled bool) {
	b.last = at
	if halfFilled {
		b.latest[q] = at
	}
}

// best returns the index of the latest break of the best quality that
// keeps the line at least half filled, else the latest break, else 0.
func (b *lineBreaks) best() int {
	for q := numBreakQualities - 1; ; q-- {
		if b.latest[q] > 0 {
			return b.latest[q]
		}
		if q == 0 {
			return b.last
		}
	}
}

// isWordHyphen reports whether cells[i] is a hyphen after a letter or
// digit and before a letter, after which a line may break. A hyphen that
// starts an option (-c, --since) or comes before a digit (2026-12-04)
// stays with its word.
func isWordHyphen(cells []glyph, i int) bool {
	if cells[i].r != '-' || i == 0 || i+1 >= len(cells) {
		return false
	}
	before, after := cells[i-1].r, cells[i+1].r
	return (unicode.IsLetter(before) || unicode.IsDigit(before)) && unicode.IsLetter(after)
}

// followsShortOption reports whether cells[i] is a space right after a
// short option such as -c, which keeps its argument on its line, as in
// "-c DIR". A hyphen inside a word (e-mail) or of a long option (--since)
// does not start a short option.
func followsShortOption(cells []glyph, i int) bool {
	if !isSpace(cells[i].r) || i < 2 {
		return false
	}
	letter, hyphen := cells[i-1].r, cells[i-2].r
	if hyphen != '-' || letter >= unicode.MaxASCII || !unicode.IsLetter(letter) {
		return false
	}
	if i == 2 {
		return true
	}
	before := cells[i-3].r
	return !unicode.IsLetter(before) && !unicode.IsDigit(before) && before != '-'
}

// isKeyColon reports whether cells[i] is a colon right after a Latin
// letter or digit, which joins a key to its label, as in "c:分類" or
// "d:ドメイン". A line does not break after it.
func isKeyColon(cells []glyph, i int) bool {
	if cells[i].r != ':' || i == 0 {
		return false
	}
	before := cells[i-1].r
	return before < unicode.MaxASCII && (unicode.IsLetter(before) || unicode.IsDigit(before))
}

// inShortName reports whether cells[i] belongs to a word that fits in
// width cells and names something an operator copies whole: it contains
// "@" (an email address), "." (a host or a file name) or "/" (a path). A
// hyphen inside such a word is not a place to break it. The word is the
// run of characters around cells[i] up to a space or a Chinese, Japanese
// or Korean character.
func inShortName(cells []glyph, i, width int) bool {
	inWord := func(g glyph) bool { return !isSpace(g.r) && !isCJK(g.r) }
	start, end := i, i+1
	for start > 0 && inWord(cells[start-1]) {
		start--
	}
	for end < len(cells) && inWord(cells[end]) {
		end++
	}
	name, used := false, 0
	for _, g := range cells[start:end] {
		name = name || g.r == '@' || g.r == '.' || g.r == '/'
		used += g.width
	}
	return name && used <= width
}

// joinGlyphs returns the text of cells without the spaces at its end, with
// a plain space for each noBreakSpace.
func joinGlyphs(cells []glyph) string {
	var b strings.Builder
	for _, c := range cells {
		if c.text == noBreakSpace {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(c.text)
	}
	return strings.TrimRight(b.String(), " ")
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t'
}

// particles are the one-kana particles that stand between two kanji
// words, as in 送信を制限.
const particles = "をがにはでとのもへや"

// isOkurigana reports whether cells[i] is a single hiragana between two
// kanji that is not a particle, such as the り of 繰り返し.
func isOkurigana(cells []glyph, i int) bool {
	if i < 1 || i+1 >= len(cells) || !isHiragana(cells[i].r) || strings.ContainsRune(particles, cells[i].r) {
		return false
	}
	return unicode.Is(unicode.Han, cells[i-1].r) && unicode.Is(unicode.Han, cells[i+1].r)
}

// isOneKanjiPhraseStart reports whether cells[i] is a particle after a
// word of one kanji that starts a phrase: at the start of the text, after
// punctuation, or after a space that follows Japanese text, as the は of
// "c:分類 他は理由". After a space that follows Latin text the kanji is
// taken as a suffix of that word, as in "warning 行を".
func isOneKanjiPhraseStart(cells []glyph, i int) bool {
	if i < 1 || !strings.ContainsRune(particles, cells[i].r) || !isHan(cells[i-1].r) {
		return false
	}
	j := i - 2
	if j < 0 {
		return true
	}
	if strings.ContainsRune(closingPunctuation, cells[j].r) {
		return true
	}
	if !isSpace(cells[j].r) {
		return false
	}
	for j >= 0 && isSpace(cells[j].r) {
		j--
	}
	return j < 0 || isCJK(cells[j].r)
}

// isCJK reports whether r is a Han, kana or Hangul character, or
// punctuation of those scripts, between which lines may break.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) // fullwidth and halfwidth forms
}

func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r)
}

func isHiragana(r rune) bool {
	return unicode.Is(unicode.Hiragana, r)
}

// isKatakana reports whether r belongs to a katakana word, including the
// long-vowel mark and the middle dot, which are shared with hiragana.
func isKatakana(r rune) bool {
	return unicode.Is(unicode.Katakana, r) || r == 'ー' || r == 'ｰ' || r == '・'
}
