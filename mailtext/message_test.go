package mailtext

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// wrap76 splits base64 text into lines of 76 characters, as MIME writes it.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

func TestParseMessageHeaders(t *testing.T) {
	subject := bWord("ISO-2022-JP", encode(t, japanese.ISO2022JP, "【発送のお知らせ】")) + "\n " +
		bWord("ISO-2022-JP", encode(t, japanese.ISO2022JP, "ご注文ありがとうございます"))
	from := qWord("Shift_JIS", encode(t, japanese.ShiftJIS, "通販ショップ")) + " <shop@example.com>"
	content := "Subject: " + subject + "\n" +
		"From: " + from + "\n" +
		"To: user@docomo.ne.jp\n" +
		"Date: Fri, 4 Dec 2026 21:03:11 +0900\n" +
		"Message-ID: <20261204.1@example.com>\n" +
		"X-Empty:\n" +
		"\n" +
		"body\n"
	msg, err := ParseMessage([]byte(content), 1024)
	if err != nil {
		t.Fatalf("ParseMessage: %v", err)
	}
	if msg.Subject != noticeSubject {
		t.Errorf("Subject = %q, want %q", msg.Subject, noticeSubject)
	}
	if want := "通販ショップ <shop@example.com>"; msg.From != want {
		t.Errorf("From = %q, want %q", msg.From, want)
	}
	if msg.To != "user@docomo.ne.jp" {
		t.Errorf("To = %q", msg.To)
	}
	if msg.Date != "Fri, 4 Dec 2026 21:03:11 +0900" {
		t.Errorf("Date = %q", msg.Date)
	}
	names := []string{"Subject", "From", "To", "Date", "Message-ID", "X-Empty"}
	if len(msg.Headers) != len(names) {
		t.Fatalf("Headers = %d fields, want %d: %q", len(msg.Headers), len(names), msg.Headers)
	}
	for i, name := range names {
		if msg.Headers[i].Name != name {
			t.Errorf("Headers[%d].Name = %q, want %q", i, msg.Headers[i].Name, name)
		}
	}
	if raw := msg.Headers[0].Raw; raw != " "+subject {
		t.Errorf("Subject Raw = %q, want the folded field body", raw)
	}
	if msg.Headers[5].Value != "" {
		t.Errorf("X-Empty Value = %q, want empty", msg.Headers[5].Value)
	}
	if msg.BodyText != "body\n" {
		t.Errorf("BodyText = %q, want %q", msg.BodyText, "body\n")
	}
}

func TestParseMessageBodies(t *testing.T) {
	eucBody := "在庫が残りわずかです。\nお早めにどうぞ。\n"
	jisBody := "ご注文の商品を発送しました。\n"
	sjisBody := "①本日のお届け予定です。\n"
	utfBody := "こんにちは、配送のお知らせです。\r\n二行目。\r\n"

	tests := []struct {
		name         string
		content      string
		wantText     string
		wantCharset  string
		wantEncoding string
	}{
		{
			name:        "ISO-2022-JP 7bit",
			content:     "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" + string(encode(t, japanese.ISO2022JP, jisBody)),
			wantText:    jisBody,
			wantCharset: "iso-2022-jp", wantEncoding: "7bit",
		},
		{
			name:        "Shift_JIS 8bit",
			content:     "Content-Type: text/plain; charset=\"Shift_JIS\"\nContent-Transfer-Encoding: 8bit\n\n" + string(encode(t, japanese.ShiftJIS, sjisBody)),
			wantText:    sjisBody,
			wantCharset: "shift_jis", wantEncoding: "8bit",
		},
		{
			name:        "EUC-JP",
			content:     "Content-Type: text/plain; charset=euc-jp\n\n" + string(encode(t, japanese.EUCJP, eucBody)),
			wantText:    eucBody,
			wantCharset: "euc-jp",
		},
		{
			name:        "UTF-8 base64",
			content:     "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n" + wrap76(base64.StdEncoding.EncodeToString([]byte(utfBody))),
			wantText:    strings.ReplaceAll(utfBody, "\r\n", "\n"),
			wantCharset: "utf-8", wantEncoding: "base64",
		},
		{
			name:        "quoted-printable Latin-1",
			content:     "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: Quoted-Printable\n\nCaf=E9 soft=\n break\n",
			wantText:    "Café soft break\n",
			wantCharset: "iso-8859-1", wantEncoding: "quoted-printable",
		},
		{
			name:        "raw JIS without charset",
			content:     "Subject: x\n\n" + string(encode(t, japanese.ISO2022JP, jisBody)),
			wantText:    jisBody,
			wantCharset: "iso-2022-jp",
		},
		{
			name:        "parameters ParseMediaType rejects",
			content:     "Content-Type: text/plain; charset=\"Shift_JIS\"; name=\x93\xfa.txt; ;\n\n" + string(encode(t, japanese.ShiftJIS, sjisBody)),
			wantText:    sjisBody,
			wantCharset: "shift_jis",
		},
		{
			name:     "no header at all",
			content:  "\nonly a body\n",
			wantText: "only a body\n",
		},
		{
			name:     "invalid UTF-8",
			content:  "Content-Type: text/plain; charset=utf-8\n\na\xffb\n",
			wantText: "a\uFFFDb\n", wantCharset: "utf-8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := ParseMessage([]byte(tt.content), 4096)
			if err != nil {
				t.Fatalf("ParseMessage: %v", err)
			}
			if msg.BodyText != tt.wantText {
				t.Errorf("BodyText = %q, want %q", msg.BodyText, tt.wantText)
			}
			if msg.BodyCharset != tt.wantCharset {
				t.Errorf("BodyCharset = %q, want %q", msg.BodyCharset, tt.wantCharset)
			}
			if msg.TransferEncoding != tt.wantEncoding {
				t.Errorf("TransferEncoding = %q, want %q", msg.TransferEncoding, tt.wantEncoding)
			}
			if msg.Truncated {
				t.Errorf("Truncated = true for a short body")
			}
		})
	}
}

func TestParseMessageMultipart(t *testing.T) {
	plain := "テキスト版の本文です。\n"
	content := "MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"outer\"\n\n" +
		"preamble\n" +
		"--outer\n" +
		"Content-Type: multipart/alternative; boundary=inner\n\n" +
		"--inner\n" +
		"Content-Type: text/html; charset=utf-8\n\n" +
		"<p>HTML</p>\n" +
		"--inner\n" +
		"Content-Type: text/plain; charset=ISO-2022-JP\n" +
		"Content-Transfer-Encoding: base64\n\n" +
		wrap76(base64.StdEncoding.EncodeToString(encode(t, japanese.ISO2022JP, plain))) +
		"--inner--\n" +
		"--outer\n" +
		"Content-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n\n" +
		"JVBERi0=\n" +
		"--outer--\n"
	msg, err := ParseMessage([]byte(content), 4096)
	if err != nil {
		t.Fatalf("ParseMessage: %v", err)
	}
	if msg.BodyText != plain {
		t.Errorf("BodyText = %q, want %q", msg.BodyText, plain)
	}
	if msg.BodyType != "text/plain" || msg.BodyCharset != "iso-2022-jp" || msg.TransferEncoding != "base64" {
		t.Errorf("part = %s %s %s, want text/plain iso-2022-jp base64", msg.BodyType, msg.BodyCharset, msg.TransferEncoding)
	}
}

func TestParseMessageMultipartHTMLOnly(t *testing.T) {
	content := "Content-Type: multipart/alternative; boundary=b\n\n" +
		"--b\nContent-Type: text/html; charset=utf-8\n\n<p>only</p>\n--b--\n"
	msg, err := ParseMessage([]byte(content), 4096)
	if err != nil {
		t.Fatalf("ParseMessage: %v", err)
	}
	if msg.BodyType != "text/html" || msg.BodyText != "<p>only</p>" {
		t.Errorf("body = %s %q, want the text/html part", msg.BodyType, msg.BodyText)
	}
}

func TestParseMessageNoText(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"image", "Content-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQ\n"},
		{"attachments only", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/zip\n\nPK\n--b--\n"},
		{"no boundary", "Content-Type: multipart/mixed\n\n--b\n\ntext\n--b--\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := ParseMessage([]byte(tt.content), 4096)
			if !errors.Is(err, ErrNoText) {
				t.Errorf("err = %v, want ErrNoText", err)
			}
			if msg.BodyText != "" {
				t.Errorf("BodyText = %q, want empty", msg.BodyText)
			}
		})
	}
}

func TestParseMessageTruncated(t *testing.T) {
	body := strings.Repeat("あ", 100) // 300 bytes of UTF-8
	tests := []struct {
		name    string
		content string
	}{
		{"8bit UTF-8", "Content-Type: text/plain; charset=utf-8\n\n" + body},
		{"base64 UTF-8", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + wrap76(base64.StdEncoding.EncodeToString([]byte(body)))},
		{"ISO-2022-JP", "Content-Type: text/plain; charset=iso-2022-jp\n\n" + string(encode(t, japanese.ISO2022JP, body))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := ParseMessage([]byte(tt.content), 100)
			if err != nil {
				t.Fatalf("ParseMessage: %v", err)
			}
			if !msg.Truncated {
				t.Errorf("Truncated = false, want true")
			}
			// 100 bytes hold 33 characters of 3 bytes; the 34th is cut whole.
			if want := strings.Repeat("あ", 33); msg.BodyText != want {
				t.Errorf("BodyText = %q (%d bytes), want 33 characters", msg.BodyText, len(msg.BodyText))
			}
		})
	}
}

func TestParseMessageBrokenBase64(t *testing.T) {
	content := "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString([]byte("good start")) + "\n!!\nZm9v=YmFy\n"
	msg, err := ParseMessage([]byte(content), 4096)
	if err == nil {
		t.Errorf("err = nil, want the base64 error")
	}
	if !strings.HasPrefix(msg.BodyText, "good start") {
		t.Errorf("BodyText = %q, want the part decoded before the error", msg.BodyText)
	}
}

func TestParseMessageBodySkipped(t *testing.T) {
	msg, err := ParseMessage([]byte("Subject: s\n\nbody\n"), 0)
	if err != nil || msg.BodyText != "" || msg.Subject != "s" {
		t.Errorf("ParseMessage(maxBody 0) = %q, %q, %v; want subject only", msg.Subject, msg.BodyText, err)
	}
}

func TestParseMessageFixtures(t *testing.T) {
	tests := []struct {
		file        string
		wantSubject string
		wantFrom    string
		wantBody    string // a line the body starts with
	}{
		{"iso2022jp-notice.eml", noticeSubject, "通販ショップ <shop@example.com>", "ご注文ありがとうございます。"},
		{"shiftjis-8bit.eml", "在庫のご案内", "山田 太郎 <taro@example.jp>", "山田です。"},
		{"multipart-alternative.eml", "週末セールのお知らせ", "Sale <sale@example.com>", "今週末はセールです。"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("..", "testdata", "mailtext", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			msg, err := ParseMessage(content, 4096)
			if err != nil {
				t.Fatalf("ParseMessage: %v", err)
			}
			if msg.Subject != tt.wantSubject {
				t.Errorf("Subject = %q, want %q", msg.Subject, tt.wantSubject)
			}
			if msg.From != tt.wantFrom {
				t.Errorf("From = %q, want %q", msg.From, tt.wantFrom)
			}
			if !strings.HasPrefix(msg.BodyText, tt.wantBody) {
				t.Errorf("BodyText = %q, want it to start with %q", msg.BodyText, tt.wantBody)
			}
		})
	}
}

func FuzzParseMessage(f *testing.F) {
	f.Add([]byte("Subject: =?ISO-2022-JP?B?GyRCJDMkcxsoQg==?=\n\nbody\n"), 64)
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n44GC\n--b--\n"), 8)
	f.Add([]byte("Content-Type: text/plain; charset=shift_jis\nContent-Transfer-Encoding: quoted-printable\n\n=82=A0=\n"), 3)
	f.Fuzz(func(t *testing.T, content []byte, maxBody int) {
		maxBody %= 1 << 16
		msg, _ := ParseMessage(content, maxBody)
		if !utf8.ValidString(msg.BodyText) {
			t.Errorf("BodyText %q is not valid UTF-8", msg.BodyText)
		}
		if maxBody >= 0 && len(msg.BodyText) > maxBody {
			t.Errorf("BodyText has %d bytes, more than maxBody %d", len(msg.BodyText), maxBody)
		}
		for _, h := range msg.Headers {
			if !utf8.ValidString(h.Value) {
				t.Errorf("header %q value %q is not valid UTF-8", h.Name, h.Value)
			}
		}
	})
}
