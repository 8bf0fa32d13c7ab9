package forward

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"
)

var forwardDate = time.Date(2026, 12, 4, 14, 30, 0, 0, time.FixedZone("JST", 9*3600))

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestResendPrependsHeaders(t *testing.T) {
	original := []byte("From: shop@example.jp\r\nTo: user@docomo.ne.jp\r\n\r\nbody\r\n")
	got := Resend(original, ResentFields{
		From:      "shop@example.jp",
		To:        []string{"user@docomo.ne.jp", "ops@example.jp"},
		Date:      forwardDate,
		MessageID: "20261204053000.ab12@example.jp",
	})
	want := "Resent-From: shop@example.jp\r\n" +
		"Resent-To: user@docomo.ne.jp,\r\n ops@example.jp\r\n" +
		"Resent-Date: Fri, 04 Dec 2026 14:30:00 +0900\r\n" +
		"Resent-Message-ID: <20261204053000.ab12@example.jp>\r\n"
	if !bytes.HasPrefix(got, []byte(want)) {
		t.Errorf("Resend prefix = %q, want %q", got[:min(len(got), len(want))], want)
	}
	if !bytes.Equal(got[len(want):], original) {
		t.Errorf("Resend changed the original: %q", got[len(want):])
	}
	if _, err := mail.ReadMessage(bytes.NewReader(got)); err != nil {
		t.Errorf("result is not a parsable message: %v", err)
	}
}

func TestResendKeepsISO2022JP(t *testing.T) {
	original := readFixture(t, "iso2022jp.eml")
	got := Resend(original, ResentFields{From: "shop@example.jp", To: []string{"user@docomo.ne.jp"}, Date: forwardDate, MessageID: "x@example.jp"})
	sent := withoutReturnPath(t, original)
	if !bytes.HasSuffix(got, sent) {
		t.Fatal("Resend did not keep the ISO-2022-JP original byte for byte apart from Return-Path")
	}
	head := got[:len(got)-len(sent)]
	if bytes.Contains(head, []byte("\r\n")) {
		t.Errorf("prepended fields use CR LF on an LF original: %q", head)
	}
	if Inspect(got).EightBit {
		t.Error("ISO-2022-JP message reported as 8-bit")
	}
}

func TestResendStripsLineBreaksFromValues(t *testing.T) {
	got := Resend([]byte("\n"), ResentFields{From: "a@example.jp\nBcc: evil@example.com", To: []string{"b@example.jp"}, Date: forwardDate, MessageID: "<id@example.jp>"})
	if bytes.Contains(got, []byte("\nBcc:")) {
		t.Errorf("a line break in From started a new field: %q", got)
	}
	if !bytes.Contains(got, []byte("Resent-Message-ID: <id@example.jp>\n")) {
		t.Errorf("message ID with brackets was changed: %q", got)
	}
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name      string
		msg       string
		eightBit  bool
		longLines int
		maxLine   int
	}{
		{"empty", "", false, 0, 0},
		{"ascii", "Subject: a\r\n\r\nbody\r\n", false, 0, 10},
		{"998 bytes is allowed", strings.Repeat("a", 998) + "\r\n", false, 0, 998},
		{"999 bytes is too long", strings.Repeat("a", 999) + "\r\n", false, 1, 999},
		{"long last line without newline", "x\n" + strings.Repeat("a", 1200), false, 1, 1200},
		{"utf-8", "Subject: a\n\n発送しました\n", true, 0, 18},
		{"binary", "\x00\xff\xfe\n", true, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Inspect([]byte(tt.msg))
			if got.EightBit != tt.eightBit {
				t.Errorf("EightBit = %v, want %v", got.EightBit, tt.eightBit)
			}
			if got.LongLines != tt.longLines {
				t.Errorf("LongLines = %d, want %d", got.LongLines, tt.longLines)
			}
			if got.MaxLine != tt.maxLine {
				t.Errorf("MaxLine = %d, want %d", got.MaxLine, tt.maxLine)
			}
		})
	}
}

// attachParts parses msg as multipart/mixed and returns its header and
// the header and raw body of each part.
func attachParts(t *testing.T, msg []byte) (mail.Header, []multipart.Part, [][]byte) {
	t.Helper()
	parsed, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	mediaType, params, err := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("Content-Type = %q, want multipart/mixed", parsed.Header.Get("Content-Type"))
	}
	reader := multipart.NewReader(parsed.Body, params["boundary"])
	var parts []multipart.Part
	var bodies [][]byte
	for {
		part, err := reader.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, *part)
		bodies = append(bodies, body)
	}
	if len(parts) != 2 {
		t.Fatalf("message has %d parts, want 2", len(parts))
	}
	return parsed.Header, parts, bodies
}

func attachFields(eightBit bool) AttachFields {
	return AttachFields{From: "shop@example.jp", To: []string{"user@docomo.ne.jp"}, Date: forwardDate,
		MessageID: "n@example.jp", QueueID: "4Xk2Lm0abcz1", Relay: "smtp.provider.example", EightBit: eightBit}
}

func TestAttachSevenBit(t *testing.T) {
	original := readFixture(t, "iso2022jp.eml")
	msg := Attach(original, attachFields(false), "ja")
	header, parts, bodies := attachParts(t, msg)

	if got := header.Get("Subject"); !strings.HasPrefix(got, "Fwd: =?ISO-2022-JP?B?") {
		t.Errorf("Subject = %q, want Fwd: and the encoded original subject", got)
	}
	if got := parts[0].Header.Get("Content-Type"); !strings.HasPrefix(got, "text/plain") {
		t.Errorf("note Content-Type = %q", got)
	}
	note, err := io.ReadAll(mimeDecoder(parts[0].Header.Get("Content-Transfer-Encoding"), bodies[0]))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(note), "4Xk2Lm0abcz1") || !strings.Contains(string(note), "転送") {
		t.Errorf("Japanese note = %q, want the queue ID and 転送", note)
	}
	if got := parts[1].Header.Get("Content-Type"); got != "message/rfc822" {
		t.Errorf("original Content-Type = %q, want message/rfc822", got)
	}
	if got := parts[1].Header.Get("Content-Transfer-Encoding"); got != "7bit" {
		t.Errorf("original Content-Transfer-Encoding = %q, want 7bit", got)
	}
	sent := withoutReturnPath(t, original)
	if !bytes.Equal(bodies[1], bytes.TrimSuffix(sent, []byte("\n"))) {
		t.Errorf("attached original = %q, want %q", bodies[1], sent)
	}
	if Inspect(msg).EightBit {
		t.Error("message built from a 7-bit original is 8-bit")
	}
}

func TestAttachEightBitToEightBitRelay(t *testing.T) {
	original := []byte("Subject: 発送\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n発送しました\r\n")
	msg := Attach(original, attachFields(true), "en")
	_, parts, bodies := attachParts(t, msg)
	if got := parts[1].Header.Get("Content-Type"); got != "message/rfc822" {
		t.Errorf("original Content-Type = %q, want message/rfc822", got)
	}
	if got := parts[1].Header.Get("Content-Transfer-Encoding"); got != "8bit" {
		t.Errorf("original Content-Transfer-Encoding = %q, want 8bit", got)
	}
	if !bytes.Equal(bodies[1], bytes.TrimSuffix(original, []byte("\r\n"))) {
		t.Errorf("attached original = %q", bodies[1])
	}
}

func TestAttachEncodesWhenNeeded(t *testing.T) {
	tests := []struct {
		name     string
		original []byte
		eightBit bool
	}{
		{"8-bit to a 7-bit relay", []byte("Subject: x\r\n\r\n発送しました\r\n"), false},
		{"long line", []byte("Subject: x\r\n\r\n" + strings.Repeat("<td>", 400) + "\r\n"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := Attach(tt.original, attachFields(tt.eightBit), "en")
			content := Inspect(msg)
			if content.LongLines != 0 || content.EightBit {
				t.Errorf("Attach result has %d long lines, 8-bit %v; want neither", content.LongLines, content.EightBit)
			}
			_, parts, bodies := attachParts(t, msg)
			if got := parts[1].Header.Get("Content-Type"); !strings.HasPrefix(got, "application/octet-stream") {
				t.Errorf("original Content-Type = %q, want application/octet-stream", got)
			}
			decoded, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(bodies[1]), "\r\n", ""))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(decoded, tt.original) {
				t.Errorf("decoded original = %q, want %q", decoded, tt.original)
			}
			note, _ := io.ReadAll(mimeDecoder("quoted-printable", bodies[0]))
			if !strings.Contains(string(note), "original.eml") {
				t.Errorf("note %q does not mention original.eml", note)
			}
		})
	}
}

func TestAttachBoundaryNotInOriginal(t *testing.T) {
	fields := attachFields(false)
	fields.Boundary = "fixed"
	original := []byte("Subject: x\r\n\r\n--fixed\r\n")
	msg := Attach(original, fields, "en")
	if bytes.Contains(msg, []byte("boundary=\"fixed\"")) {
		t.Error("Attach kept a boundary that occurs in the original")
	}
	attachParts(t, msg)
}

func TestAttachSubject(t *testing.T) {
	tests := []struct {
		name    string
		subject string
		want    string
	}{
		{"ascii", "Your order has shipped", "Fwd: Your order has shipped"},
		{"encoded word kept", "=?UTF-8?B?55m66YCB?=", "Fwd: =?UTF-8?B?55m66YCB?="},
		{"raw utf-8 encoded", "発送", "=?UTF-8?b?RndkOiDnmbrpgIE=?="},
		{"raw shift_jis dropped", "\x94\xad\x91\x97", "Fwd:"},
		{"long raw utf-8 dropped", strings.Repeat("発", 300), "Fwd:"},
		{"missing", "", "Fwd:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			original := "From: shop@example.jp\r\n"
			if tt.subject != "" {
				original += "Subject: " + tt.subject + "\r\n"
			}
			original += "\r\nbody\r\n"
			if got := forwardSubject([]byte(original)); got != tt.want {
				t.Errorf("forwardSubject = %q, want %q", got, tt.want)
			}
		})
	}
}

// withoutReturnPath returns original without its first line, which must
// be the Return-Path field that Resend and Attach remove.
func withoutReturnPath(t *testing.T, original []byte) []byte {
	t.Helper()
	first, rest, ok := bytes.Cut(original, []byte("\n"))
	if !ok || !bytes.HasPrefix(first, []byte("Return-Path: ")) {
		t.Fatalf("fixture does not start with Return-Path: %q", first)
	}
	return rest
}

func TestStripReturnPath(t *testing.T) {
	tests := []struct {
		name, msg, want string
	}{
		{"first field", "Return-Path: <shop@example.jp>\nFrom: a@example.jp\n\nbody\n", "From: a@example.jp\n\nbody\n"},
		{"CR LF", "Received: x\r\nReturn-Path: <shop@example.jp>\r\nFrom: a\r\n\r\nbody\r\n", "Received: x\r\nFrom: a\r\n\r\nbody\r\n"},
		{"folded", "Return-Path:\n <shop@example.jp>\nSubject: s\n\nbody\n", "Subject: s\n\nbody\n"},
		{"several", "Return-Path: <a@example.jp>\nX: 1\nreturn-path : <b@example.jp>\n\nbody\n", "X: 1\n\nbody\n"},
		{"body keeps its own", "From: a\n\nReturn-Path: <quoted@example.jp>\n", "From: a\n\nReturn-Path: <quoted@example.jp>\n"},
		{"similar name", "Return-Paths: x\nReturn-PathX: y\n\n", "Return-Paths: x\nReturn-PathX: y\n\n"},
		{"no field", "From: a\n\nbody", "From: a\n\nbody"},
		{"header only", "Subject: s\nReturn-Path: <a@example.jp>", "Subject: s\n"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripReturnPath([]byte(tt.msg)); string(got) != tt.want {
				t.Errorf("StripReturnPath(%q) = %q, want %q", tt.msg, got, tt.want)
			}
		})
	}
}

func TestStripReturnPathKeepsInput(t *testing.T) {
	msg := []byte("Return-Path: <a@example.jp>\nFrom: a\n\nbody\n")
	copied := bytes.Clone(msg)
	StripReturnPath(msg)
	if !bytes.Equal(msg, copied) {
		t.Errorf("StripReturnPath changed its input: %q", msg)
	}
}
