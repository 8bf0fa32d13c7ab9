package tui

import (
	"strings"
	"unicode/utf8"
)

// Sanitize returns s with every control character and terminal escape
// sequence removed, so text from the log or the network cannot move the
// cursor, clear the screen, set the clipboard (OSC 52) or change the title
// when it is drawn. It removes:
//
//   - C0 controls (bells, backspace and the rest) and DEL; a tab, a
//     newline, a carriage return or the two together become a space, so
//     that columns and the lines of a multi-line reply stay apart;
//   - ESC and the sequence it starts: CSI (ESC [ ... final byte), OSC, DCS,
//     SOS, PM and APC strings (up to BEL or ESC \), and two-byte escapes;
//   - C1 controls U+0080 to U+009F, and with CSI (U+009B) and OSC (U+009D)
//     the sequence that follows them;
//   - bytes that are not valid UTF-8, since a terminal may read a lone 0x9B
//     byte as CSI;
//   - Unicode bidirectional overrides and isolates, which reorder what is
//     shown.
//
// Printable Unicode, Japanese included, is kept.
func Sanitize(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
		case r == 0x1b:
			i = skipEscape(s, i+1)
		case r == 0x9b:
			i = skipCSI(s, i+size)
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			i = skipString(s, i+size)
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
			i += size
		case r == '\r':
			// A line break (\r\n or a lone \r) becomes one space, so the
			// lines of a multi-line reply stay apart.
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte(' ')
			}
			i += size
		case r < 0x20 || (r >= 0x7f && r <= 0x9f) || isBidiControl(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// isPlainASCII reports whether s has only printable ASCII, the common case
// that needs no copy.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// isBidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A..U+202E, U+2066..U+2069).
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// skipEscape returns the index after the escape sequence whose ESC ended
// just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two-byte escapes (ESC 7, ESC c) and ESC with intermediate bytes
	// (ESC ( B): skip intermediates 0x20..0x2F, then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI returns the index after a control sequence's parameter and
// intermediate bytes (0x20..0x3F) and its final byte (0x40..0x7E). i is the
// first byte after the introducer. A sequence cut short by another byte ends
// there, and that byte is kept for the caller to judge.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString returns the index after an OSC, DCS, SOS, PM or APC string: up
// to and including BEL, ESC \ or the C1 string terminator U+009C. An
// unterminated string runs to the end of s.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}
