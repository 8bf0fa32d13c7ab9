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

func TestOriginalFromReport(t *testing.T) {
	report := readFixture(t, "bounce-report.eml")
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

func TestOriginalHeadersOnly(t *testing.T) {
	_, err := Original(readFixture(t, "bounce-headers-only.eml"))
	if !errors.Is(err, ErrHeadersOnly) {
		t.Fatalf("error = %v, want ErrHeadersOnly", err)
	}
	if !strings.Contains(err.Error(), "text/rfc822-headers") {
		t.Errorf("error %q does not name text/rfc822-headers", err)
	}
}

func TestOriginalBadInput(t *testing.T) {
	tests := map[string]string{
		"not multipart": "Subject: x\r\nContent-Type: text/plain\r\n\r\nhello\r\n",
		"garbage":       "\x00\x01\x02 not a message",
		"empty":         "",
		"no rfc822 part": "Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\n" +
			"Content-Type: text/plain\r\n\r\nsorry\r\n--b--\r\n",
		"truncated": "Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n",
	}
	for name, report := range tests {
		t.Run(name, func(t *testing.T) {
			if got, err := Original([]byte(report)); err == nil {
				t.Errorf("Original succeeded with %q", got)
			}
		})
	}
}
