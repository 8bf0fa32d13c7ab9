package forward

import (
	"bytes"
	"errors"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
)

func mimeDecoder(encoding string, body []byte) io.Reader {
	if strings.EqualFold(encoding, "quoted-printable") {
		return quotedprintable.NewReader(bytes.NewReader(body))
	}
	return bytes.NewReader(body)
}

// TestOriginalFromDocomoReport reads a report in the form Postfix sends
// when docomo's MX (mfsmax.docomo.ne.jp) replies with "550 Unknown user"
// at the end of DATA.
func TestOriginalFromDocomoReport(t *testing.T) {
	report := readFixture(t, "bounce-docomo.eml")
	got, err := Original(report)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.ReplaceAll(readFixture(t, "iso2022jp.eml"), []byte("\n"), []byte("\r\n"))
	want = bytes.TrimSuffix(want, []byte("\r\n"))
	if !bytes.Equal(got, append(want, "\r\n"...)) && !bytes.Equal(got, want) {
		t.Errorf("Original = %q, want %q", got, want)
	}
}

// TestOriginalFromPostfixReport reads the report a private Postfix 3.7
// sent when docomo's stand-in replied with 550 at RCPT TO. The e2e test
// TestForwardBounceFromPostfixReport captures it again with
// MAILTOP_UPDATE_TESTDATA=1.
func TestOriginalFromPostfixReport(t *testing.T) {
	got, err := Original(readFixture(t, "bounce-postfix.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("Return-Path: <orders@shop.example>\n")) {
		t.Errorf("original does not start with the Return-Path Postfix added:\n%s", got)
	}
	if !bytes.HasSuffix(got, []byte("\n\x1b$B$4CmJ8$N>&IJ$rH/Aw$7$^$7$?!#\x1b(B\n")) {
		t.Errorf("original does not end with the ISO-2022-JP body line:\n%q", got)
	}
	if bytes.Contains(got, []byte("--58E7FC20F2")) {
		t.Error("original contains the report's closing boundary")
	}
}

func TestOriginalHeadersOnly(t *testing.T) {
	for _, name := range []string{"bounce-docomo-headers-only.eml", "bounce-postfix-headers-only.eml"} {
		t.Run(name, func(t *testing.T) {
			_, err := Original(readFixture(t, name))
			if !errors.Is(err, ErrHeadersOnly) {
				t.Fatalf("error = %v, want ErrHeadersOnly", err)
			}
			if !strings.Contains(err.Error(), "text/rfc822-headers") {
				t.Errorf("error %q does not name text/rfc822-headers", err)
			}
		})
	}
}

func TestOriginalBadInput(t *testing.T) {
	program := append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0, 0xff, '\n'}, 3000)...)
	tests := []struct {
		name   string
		report string
		want   error
		quote  string // in the error: the quoted start of the data, or ""
	}{
		{"empty", "", ErrNotMessage, ""},
		{"blank lines", "\r\n\r\n", ErrNotMessage, ""},
		{"program", string(program), ErrNotMessage, `"\x7fELF\x02\x01\x01\x00\x00\xff\n`},
		{"garbage", "\x00\x01\x02 not a message", ErrNotMessage, `"\x00\x01\x02 not a message"`},
		{"text with colons", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n", ErrNotMessage, `"root:x:0:0:root:/root:/b"...`},
		{"no content type", "From: a@example.jp\r\nSubject: x\r\n\r\nhello\r\n", ErrNotReport, ""},
		{"not multipart", "Subject: x\r\nContent-Type: text/plain\r\n\r\nhello\r\n", ErrNotReport, `"text/plain"`},
		{"no rfc822 part", "Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\n" +
			"Content-Type: text/plain\r\n\r\nsorry\r\n--b--\r\n", ErrNotReport, ""},
		{"truncated", "Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Original([]byte(tt.report))
			if err == nil {
				t.Fatalf("Original succeeded with %q", got)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.quote) {
				t.Errorf("error = %v, want it to quote %s", err, tt.quote)
			}
			// The error quotes a short prefix of the data, never all of it.
			if len(err.Error()) > 200 {
				t.Errorf("error is %d bytes long: %v", len(err.Error()), err)
			}
		})
	}
}

func TestOriginalSender(t *testing.T) {
	tests := []struct {
		name     string
		original string
		want     string
	}{
		{"return path", "Return-Path: <shop@example.jp>\nFrom: Shop <info@example.jp>\n\nbody\n", "shop@example.jp"},
		{"return path without brackets", "Return-Path: shop@example.jp\n\nbody\n", "shop@example.jp"},
		{"first return path", "Return-Path: <new@example.jp>\nReturn-Path: <old@example.jp>\n\n", "new@example.jp"},
		{"from when no return path", "From: =?ISO-2022-JP?B?GyRCJTclJyVDJVcbKEI=?= <info@example.jp>\n\nbody\n", "info@example.jp"},
		{"first of several from", "From: a@example.jp, b@example.jp\n\n", "a@example.jp"},
		{"from when return path is invalid", "Return-Path: <not an address>\nFrom: info@example.jp\n\n", "info@example.jp"},
		{"null return path", "Return-Path: <>\nFrom: MAILER-DAEMON@mail.example.jp\n\n", ""},
		{"CR LF", "Return-Path: <shop@example.jp>\r\nSubject: x\r\n\r\nbody\r\n", "shop@example.jp"},
		{"neither field", "Subject: x\n\nbody\n", ""},
		{"invalid from", "From: nobody\n\n", ""},
		{"empty", "", ""},
		{"binary", "\x00\x01\xff\xfe\n\x1b[31m\n", ""},
		{"header cut short", "Return-Path: <shop@exa", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OriginalSender([]byte(tt.original)); got != tt.want {
				t.Errorf("OriginalSender() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOriginalSenderFromDocomoReport(t *testing.T) {
	original, err := Original(readFixture(t, "bounce-docomo.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := OriginalSender(original); got != "shop@example.jp" {
		t.Errorf("OriginalSender() = %q, want shop@example.jp from Return-Path", got)
	}
}

// A file that starts with header fields, but not with those every message
// has, gets another error than one that has no header fields at all.
func TestOriginalHeaderWithoutFromOrDate(t *testing.T) {
	_, err := Original([]byte("Subject: hi\n\nhello\n"))
	if !errors.Is(err, ErrNotMessage) {
		t.Fatalf("error = %v, want %v", err, ErrNotMessage)
	}
	if want := "its header has neither a From nor a Date field"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want it to say %q", err, want)
	}
	if strings.Contains(err.Error(), "does not start with header fields") {
		t.Errorf("error = %v, says Subject is not a header field", err)
	}
}
