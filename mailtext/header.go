package mailtext

import (
	"encoding/base64"
	"strings"
)

// DecodeHeader returns the text of a header field body: folding line
// breaks removed (RFC 5322 section 2.2.3), then RFC 2047 encoded-words
//
//	=?charset?B?base64?=   =?charset?Q?quoted-printable?=
//
// replaced by their text. The white space between two adjacent
// encoded-words is dropped, as RFC 2047 section 6.2 requires. Adjacent
// words in the same charset and encoding are decoded together, so a
// character that a mailer split across two words comes out whole.
//
// A word that is malformed, or names a charset this package does not
// know, is kept as it is. A field that carries raw ISO-2022-JP (escape
// sequences without an encoded-word, as some old Japanese mailers send)
// is decoded as ISO-2022-JP; other bytes that are not UTF-8 become
// U+FFFD.
func DecodeHeader(raw string) string {
	s := unfold(raw)
	// Raw JIS is decoded before the encoded-words, so that text an
	// encoded-word decodes to is never read as JIS.
	if looksISO2022JP([]byte(s)) {
		s, _ = decodeCharset("iso-2022-jp", []byte(s))
	}
	if strings.Contains(s, "=?") {
		s = decodeWords(s)
	}
	return validUTF8([]byte(s))
}

// unfold removes the line breaks (CRLF or a lone LF) of a folded field
// body and keeps the white space that follows them.
func unfold(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			continue
		}
		if s[i] == '\n' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// encodedWord is one parsed encoded-word: its charset, lowercased, and
// its text decoded from B or Q into bytes.
type encodedWord struct {
	charset string
	data    []byte
}

// parseEncodedWord parses the encoded-word at the start of s and returns
// it with its length. ok is false when s does not start with a well-formed
// word.
func parseEncodedWord(s string) (w encodedWord, length int, ok bool) {
	if !strings.HasPrefix(s, "=?") {
		return w, 0, false
	}
	rest := s[2:]
	q1 := strings.IndexByte(rest, '?')
	if q1 <= 0 {
		return w, 0, false
	}
	charset := rest[:q1]
	rest = rest[q1+1:]
	if len(rest) < 2 || rest[1] != '?' {
		return w, 0, false
	}
	enc := rest[0] &^ 0x20 // upper-case the letter
	rest = rest[2:]
	end := strings.Index(rest, "?=")
	if end < 0 {
		return w, 0, false
	}
	text := rest[:end]
	// An encoded-word has no white space inside (RFC 2047 section 5), so
	// a "?=" past a space belongs to something else.
	if strings.ContainsAny(text, " \t") || strings.ContainsAny(charset, " \t") {
		return w, 0, false
	}
	var data []byte
	switch enc {
	case 'B':
		data, ok = decodeB(text)
	case 'Q':
		data, ok = decodeQ(text)
	}
	if !ok {
		return w, 0, false
	}
	length = 2 + q1 + 1 + 2 + end + 2
	return encodedWord{charset: strings.ToLower(charset), data: data}, length, true
}

// decodeB decodes the B encoding: base64, with the padding that some
// mailers leave out accepted as well.
func decodeB(text string) ([]byte, bool) {
	data, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
	}
	return data, err == nil
}

// decodeQ decodes the Q encoding: "_" is a space and "=XX" a byte in hex.
func decodeQ(text string) ([]byte, bool) {
	data := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '_':
			data = append(data, ' ')
		case '=':
			if i+2 >= len(text) {
				return nil, false
			}
			hi, okHi := unhex(text[i+1])
			lo, okLo := unhex(text[i+2])
			if !okHi || !okLo {
				return nil, false
			}
			data = append(data, hi<<4|lo)
			i += 2
		default:
			data = append(data, c)
		}
	}
	return data, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeWords replaces the encoded-words of an unfolded field body.
func decodeWords(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	// run holds adjacent words of one charset not yet written, and
	// s[runStart:runEnd] their original text.
	var run encodedWord
	inRun := false
	runStart, runEnd := 0, 0

	flush := func() {
		if !inRun {
			return
		}
		if text, ok := decodeCharset(run.charset, run.data); ok {
			out.WriteString(text)
		} else {
			out.WriteString(s[runStart:runEnd])
		}
		inRun = false
	}

	for i := 0; i < len(s); {
		if s[i] == '=' && i+1 < len(s) && s[i+1] == '?' {
			if w, n, ok := parseEncodedWord(s[i:]); ok {
				if inRun && w.charset != run.charset {
					flush()
				}
				if !inRun {
					run = encodedWord{charset: w.charset}
					inRun, runStart = true, i
				}
				run.data = append(run.data, w.data...)
				i += n
				runEnd = i
				continue
			}
		}
		if inRun && (s[i] == ' ' || s[i] == '\t') {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			if _, _, ok := parseEncodedWord(s[j:]); ok {
				// White space between two encoded-words is not text.
				i = j
				continue
			}
		}
		flush()
		out.WriteByte(s[i])
		i++
	}
	flush()
	return out.String()
}
