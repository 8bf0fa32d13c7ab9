package mailtext

import (
	"encoding/base64"
	"fmt"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// encode returns text in enc, failing the test when it cannot.
func encode(t testing.TB, enc encoding.Encoding, text string) []byte {
	t.Helper()
	out, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatalf("encode %q: %v", text, err)
	}
	return out
}

// bWord returns text as a B encoded-word in charset.
func bWord(charset string, data []byte) string {
	return "=?" + charset + "?B?" + base64.StdEncoding.EncodeToString(data) + "?="
}

// qWord returns data as a Q encoded-word in charset, every byte outside
// letters and digits written =XX.
func qWord(charset string, data []byte) string {
	var b strings.Builder
	for _, c := range data {
		switch {
		case c == ' ':
			b.WriteByte('_')
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return "=?" + charset + "?Q?" + b.String() + "?="
}

const noticeSubject = "【発送のお知らせ】ご注文ありがとうございます"

func TestDecodeHeaderCharsets(t *testing.T) {
	jis := encode(t, japanese.ISO2022JP, noticeSubject)
	sjis := encode(t, japanese.ShiftJIS, "山田 太郎")
	euc := encode(t, japanese.EUCJP, "在庫のご案内")
	latin1 := encode(t, charmap.ISO8859_1, "Café Müller")
	latin2 := encode(t, charmap.ISO8859_2, "Łódź")
	// Two NEC special characters that only CP932 has: circled 1 and the
	// roman numeral I.
	cp932 := encode(t, japanese.ShiftJIS, "①Ⅰ")

	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"ISO-2022-JP B", bWord("ISO-2022-JP", jis), noticeSubject},
		{"ISO-2022-JP lowercase label", bWord("iso-2022-jp", jis), noticeSubject},
		// Outlook and carriers' phones write NEC and IBM extensions in
		// ISO-2022-JP (CP50220); x/text reads them.
		{"ISO-2022-JP NEC and IBM extensions", bWord("ISO-2022-JP", encode(t, japanese.ISO2022JP, "①㈱髙")), "①㈱髙"},
		{"Shift_JIS Q display name", qWord("Shift_JIS", sjis) + " <taro@example.jp>", "山田 太郎 <taro@example.jp>"},
		{"Windows-31J", bWord("Windows-31J", cp932), "①Ⅰ"},
		{"CP932", qWord("CP932", cp932), "①Ⅰ"},
		{"EUC-JP", bWord("EUC-JP", euc), "在庫のご案内"},
		{"UTF-8 B", bWord("UTF-8", []byte("配送状況")), "配送状況"},
		{"UTF-8 Q lowercase letter", "=?utf-8?q?caf=C3=A9?=", "café"},
		{"ISO-8859-1", qWord("ISO-8859-1", latin1), "Café Müller"},
		{"ISO-8859-2", bWord("ISO-8859-2", latin2), "Łódź"},
		{"RFC 2231 language", "=?UTF-8*ja?B?" + base64.StdEncoding.EncodeToString([]byte("日本")) + "?=", "日本"},
		{"plain ASCII", "Delivery report", "Delivery report"},
		{"text around a word", "Re: " + bWord("UTF-8", []byte("件名")) + " (2)", "Re: 件名 (2)"},
		{"B without padding", "=?UTF-8?B?5Lu2?=", "件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.raw); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestDecodeHeaderAdjacentWords(t *testing.T) {
	first := encode(t, japanese.ISO2022JP, "【発送のお知らせ】")
	second := encode(t, japanese.ISO2022JP, "ご注文ありがとうございます")
	utf := []byte("あい")

	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"folded with CRLF and space", bWord("ISO-2022-JP", first) + "\r\n " + bWord("ISO-2022-JP", second), noticeSubject},
		{"folded with LF and tab", bWord("ISO-2022-JP", first) + "\n\t" + bWord("ISO-2022-JP", second), noticeSubject},
		{"on one line", bWord("ISO-2022-JP", first) + " " + bWord("ISO-2022-JP", second), noticeSubject},
		{"no space between", bWord("ISO-2022-JP", first) + bWord("ISO-2022-JP", second), noticeSubject},
		// A mailer that splits one UTF-8 character over two words: the
		// bytes join before they are decoded.
		{"character split over words", bWord("UTF-8", utf[:4]) + " " + bWord("UTF-8", utf[4:]), "あい"},
		{"different charsets", bWord("UTF-8", []byte("あ")) + " " + qWord("ISO-8859-1", []byte{0xe9}), "あé"},
		{"space before plain text kept", bWord("UTF-8", []byte("あ")) + " b", "あ b"},
		{"folded plain text keeps space", "Hello\r\n world", "Hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.raw); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestDecodeHeaderMalformedKept(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"unknown charset", "=?x-unknown?B?YWJj?=", "=?x-unknown?B?YWJj?="},
		{"unknown encoding letter", "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="},
		{"invalid base64", "=?UTF-8?B?@@@?=", "=?UTF-8?B?@@@?="},
		{"bad Q escape", "=?UTF-8?Q?a=ZZ?=", "=?UTF-8?Q?a=ZZ?="},
		{"unterminated", "=?UTF-8?B?YWJj", "=?UTF-8?B?YWJj"},
		{"space inside", "=?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?="},
		{"empty charset", "=??B?YWJj?=", "=??B?YWJj?="},
		{"lone opener", "price =? 3", "price =? 3"},
		{"good word after bad", "=?x-unknown?B?YWJj?= =?UTF-8?B?5pel?=", "=?x-unknown?B?YWJj?=日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.raw); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestDecodeHeaderInvalidBytes(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"raw Latin-1 byte", "caf\xe9", "caf\uFFFD"},
		{"invalid UTF-8 in a word", bWord("UTF-8", []byte{'a', 0xff, 'b'}), "a\uFFFDb"},
		{"invalid Shift_JIS lead byte", bWord("Shift_JIS", []byte{'a', 0x81}), "a\uFFFD"},
		{"raw ISO-2022-JP", string(encode(t, japanese.ISO2022JP, "お知らせ")), "お知らせ"},
		{"raw ISO-2022-JP beside a word", string(encode(t, japanese.ISO2022JP, "お知らせ")) + " " + bWord("UTF-8", []byte("です")), "お知らせ です"},
		{"word decoding to an escape", bWord("UTF-8", []byte("\x1b$Bあ")), "\x1b$Bあ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.raw); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestCharsetReaderWithWordDecoder(t *testing.T) {
	decoder := mime.WordDecoder{CharsetReader: CharsetReader}
	raw := bWord("ISO-2022-JP", encode(t, japanese.ISO2022JP, noticeSubject))
	got, err := decoder.DecodeHeader(raw)
	if err != nil {
		t.Fatalf("DecodeHeader: %v", err)
	}
	if got != noticeSubject {
		t.Errorf("DecodeHeader = %q, want %q", got, noticeSubject)
	}
	if _, err := CharsetReader("x-unknown", strings.NewReader("")); err == nil {
		t.Errorf("CharsetReader(x-unknown) returned no error")
	}
}

func FuzzDecodeHeader(f *testing.F) {
	f.Add("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=")
	f.Add("=?Shift_JIS?Q?=8ER=93c?= <a@b>")
	f.Add("=?UTF-8?B?5pel?=\r\n =?UTF-8?Q?=E6=9C=AC?=")
	f.Add("=?x?B?@?= =? =?UTF-8?Q?=?=")
	f.Add("\x1b$B$3$s\x1b(B")
	f.Fuzz(func(t *testing.T, raw string) {
		got := DecodeHeader(raw)
		if !utf8.ValidString(got) {
			t.Errorf("DecodeHeader(%q) = %q, not valid UTF-8", raw, got)
		}
	})
}
