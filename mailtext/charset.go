// Package mailtext decodes the headers and the start of the body of an
// Internet message (RFC 5322 with MIME, RFC 2045 to 2047) into text for a
// terminal, with the Japanese charsets that mobile carriers' mail uses.
//
// The package does no IO. Its functions never panic on malformed input:
// what they cannot decode is kept as it is, and bytes that are invalid in
// their charset become U+FFFD.
package mailtext

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// japaneseEncodings maps charset labels, lowercased, to their decoders.
// Shift_JIS labels take the CP932 (Windows-31J) decoder of x/text, which
// also reads the NEC and IBM extensions that Windows mailers send.
var japaneseEncodings = map[string]encoding.Encoding{
	"iso-2022-jp":         japanese.ISO2022JP,
	"csiso2022jp":         japanese.ISO2022JP,
	"shift_jis":           japanese.ShiftJIS,
	"shift-jis":           japanese.ShiftJIS,
	"sjis":                japanese.ShiftJIS,
	"x-sjis":              japanese.ShiftJIS,
	"ms_kanji":            japanese.ShiftJIS,
	"csshiftjis":          japanese.ShiftJIS,
	"cp932":               japanese.ShiftJIS,
	"ms932":               japanese.ShiftJIS,
	"windows-31j":         japanese.ShiftJIS,
	"cswindows31j":        japanese.ShiftJIS,
	"euc-jp":              japanese.EUCJP,
	"x-euc-jp":            japanese.EUCJP,
	"eucjp":               japanese.EUCJP,
	"cseucpkdfmtjapanese": japanese.EUCJP,
}

// lookupEncoding returns the decoder for a charset label, nil for UTF-8
// and US-ASCII, which need none. ok is false for an unknown label.
func lookupEncoding(charset string) (enc encoding.Encoding, ok bool) {
	label := strings.ToLower(strings.TrimSpace(charset))
	// RFC 2231 lets an encoded-word's charset carry a language: "utf-8*ja".
	if i := strings.IndexByte(label, '*'); i >= 0 {
		label = label[:i]
	}
	switch label {
	case "utf-8", "utf8", "us-ascii", "ascii", "":
		return nil, true
	}
	if enc, ok := japaneseEncodings[label]; ok {
		return enc, true
	}
	for _, index := range []*ianaindex.Index{ianaindex.MIME, ianaindex.IANA} {
		enc, err := index.Encoding(label)
		if err == nil && enc != nil {
			return enc, true
		}
	}
	return nil, false
}

// decodeCharset converts b from charset to UTF-8. Bytes invalid in the
// charset become U+FFFD. ok is false when the charset is unknown; b is
// then read as UTF-8.
func decodeCharset(charset string, b []byte) (text string, ok bool) {
	enc, ok := lookupEncoding(charset)
	if enc == nil {
		return validUTF8(b), ok
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		// The x/text decoders write U+FFFD for invalid input and fail only
		// on internal errors; read the bytes as UTF-8 then.
		return validUTF8(b), true
	}
	return validUTF8(out), true
}

// validUTF8 returns b as a string with each byte that is not part of a
// valid UTF-8 sequence replaced by U+FFFD.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b) + 8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			s.WriteRune(utf8.RuneError)
		} else {
			s.Write(b[:size])
		}
		b = b[size:]
	}
	return s.String()
}

// CharsetReader returns a reader that converts input from charset to
// UTF-8. It fits mime.WordDecoder.CharsetReader and returns an error for a
// charset it does not know.
func CharsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, ok := lookupEncoding(charset)
	if !ok {
		return nil, fmt.Errorf("unknown charset %q: the name is not in the IANA registry", charset)
	}
	if enc == nil {
		return input, nil
	}
	return transform.NewReader(input, enc.NewDecoder()), nil
}

// iso2022Escapes switch ISO-2022-JP to JIS X 0208. One in text
// that declares no charset marks raw JIS text from an old Japanese mailer.
var iso2022Escapes = [][]byte{[]byte("\x1b$B"), []byte("\x1b$@")}

// looksISO2022JP reports whether b holds an ISO-2022-JP escape into
// JIS X 0208.
func looksISO2022JP(b []byte) bool {
	for _, esc := range iso2022Escapes {
		if bytes.Contains(b, esc) {
			return true
		}
	}
	return false
}
