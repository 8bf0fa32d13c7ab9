// Package forward sends a message that Postfix cannot deliver through
// another SMTP relay: as it is with Resent- header fields prepended
// (Resend), or attached to a short note (Attach).
package forward

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mailtop/mailtop/l10n"
)

// MaxLineLength is the longest line, in bytes without CR LF, that RFC 5321
// section 4.5.3.1.6 lets a message carry. docomo.ne.jp rejects a message
// with a longer line ("500 Line Too Long"), and forwarding never creates
// one.
const MaxLineLength = 998

// Content describes what a message needs from the relay that carries it.
type Content struct {
	// EightBit is set when some byte has the high bit set, which needs a
	// relay that offers 8BITMIME.
	EightBit bool
	// LongLines counts the lines longer than MaxLineLength bytes.
	LongLines int
	// MaxLine is the length of the longest line in bytes, without CR LF.
	MaxLine int
}

// Inspect returns the Content of msg. Lines end in LF or CR LF.
func Inspect(msg []byte) Content {
	var c Content
	for rest := msg; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > c.MaxLine {
			c.MaxLine = len(line)
		}
		if len(line) > MaxLineLength {
			c.LongLines++
		}
		if !c.EightBit && hasEightBit(line) {
			c.EightBit = true
		}
	}
	return c
}

func hasEightBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// ResentFields are the values of the Resent- header fields that Resend
// prepends (RFC 5322 section 3.6.6).
type ResentFields struct {
	// From is the address of the operator who forwards the message.
	From string
	// To are the addresses the message is forwarded to.
	To []string
	// Date is when the message is forwarded.
	Date time.Time
	// MessageID is the new message ID, with or without angle brackets.
	MessageID string
}

// Resend returns original with Resent-From, Resent-To, Resent-Date and
// Resent-Message-ID prepended, in that order, and every byte of original
// after them unchanged, except that its Return-Path fields are removed
// (see StripReturnPath). The new fields end in the line ending of
// original's first line. CR and LF inside the values are replaced by
// spaces, so a value cannot start another header field. Resent-To is
// folded after each address, so it adds no line longer than the longest
// address.
func Resend(original []byte, fields ResentFields) []byte {
	nl := newline(original)
	var b bytes.Buffer
	b.WriteString("Resent-From: " + oneLine(fields.From) + nl)
	b.WriteString("Resent-To:")
	for i, to := range fields.To {
		if i > 0 {
			b.WriteString("," + nl)
		}
		b.WriteString(" " + oneLine(to))
	}
	b.WriteString(nl)
	b.WriteString("Resent-Date: " + fields.Date.Format(time.RFC1123Z) + nl)
	b.WriteString("Resent-Message-ID: " + angleBrackets(oneLine(fields.MessageID)) + nl)
	b.Write(StripReturnPath(original))
	return b.Bytes()
}

// StripReturnPath returns msg without the Return-Path fields of its
// top-level header, continuation lines included, and every other byte
// unchanged. The final delivery adds Return-Path, and RFC 5321 section
// 4.4 states that a message-originating SMTP system should not send a
// message that already contains one. So a message taken from a queue
// file or a bounce loses it before it is sent again. msg is returned as
// it is when it has no such field.
func StripReturnPath(msg []byte) []byte {
	var kept []byte
	dropped, dropping := false, false
	offset := 0
	for offset < len(msg) {
		end := len(msg)
		if i := bytes.IndexByte(msg[offset:], '\n'); i >= 0 {
			end = offset + i + 1
		}
		line := msg[offset:end]
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break // the empty line that ends the header
		}
		if line[0] != ' ' && line[0] != '\t' {
			dropping = isReturnPathField(line)
		}
		if dropping {
			dropped = true
		} else {
			kept = append(kept, line...)
		}
		offset = end
	}
	if !dropped {
		return msg
	}
	return append(kept, msg[offset:]...)
}

// isReturnPathField reports whether line starts a Return-Path field. The
// name is matched without regard to case, and white space may come
// before the colon, as RFC 5322's obsolete syntax allows.
func isReturnPathField(line []byte) bool {
	const name = "return-path"
	if len(line) < len(name) || !strings.EqualFold(string(line[:len(name)]), name) {
		return false
	}
	rest := bytes.TrimLeft(line[len(name):], " \t")
	return len(rest) > 0 && rest[0] == ':'
}

// NewMessageID returns a new random message ID at domain, without angle
// brackets.
func NewMessageID(now time.Time, domain string) string {
	return fmt.Sprintf("%s.%s@%s", now.UTC().Format("20060102150405"), randomHex(8), domain)
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf) // crypto/rand.Read never returns an error
	return hex.EncodeToString(buf)
}

// newline returns the line ending of the first line of msg: "\r\n" or "\n".
func newline(msg []byte) string {
	if i := bytes.IndexByte(msg, '\n'); i > 0 && msg[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

func angleBrackets(id string) string {
	id = strings.TrimSpace(id)
	if !strings.HasPrefix(id, "<") {
		id = "<" + id + ">"
	}
	return id
}

// AttachFields are the header fields and note details of the message
// Attach builds.
type AttachFields struct {
	From      string
	To        []string
	Date      time.Time
	MessageID string
	// QueueID is the original's Postfix queue ID, quoted in the note; it
	// may be empty, for a message taken from a bounce.
	QueueID string
	// Relay names the relay the message leaves through, for the note.
	Relay string
	// EightBit says whether the relay offers 8BITMIME. Without it an
	// 8-bit original is attached base64-encoded.
	EightBit bool
	// Boundary is the MIME boundary; empty picks a random one.
	Boundary string
}

// Attach returns a new multipart/mixed message: a text/plain note in lang
// ("en" or "ja") that explains why the message is forwarded, then original
// without its Return-Path fields (see StripReturnPath). Its lines end as
// the first line of original does.
//
// RFC 2046 section 5.2.1 allows message/rfc822 only in 7bit, 8bit or
// binary encoding, so original is attached as message/rfc822 when it can
// travel as it is: all lines at most MaxLineLength bytes, and either
// 7-bit or going to a relay with 8BITMIME. Otherwise it is attached as
// application/octet-stream named original.eml in base64, which keeps every
// byte but makes the reader open the attachment to see it. The new
// message has no line over 76 bytes except those of an original attached
// as message/rfc822, which are at most MaxLineLength.
func Attach(original []byte, fields AttachFields, lang string) []byte {
	original = StripReturnPath(original)
	nl := newline(original)
	content := Inspect(original)
	inline := content.LongLines == 0 && (!content.EightBit || fields.EightBit)
	boundary := fields.Boundary
	for boundary == "" || bytes.Contains(original, []byte("--"+boundary)) {
		boundary = "=_mailtop_" + randomHex(12)
	}

	var b bytes.Buffer
	b.WriteString("From: " + oneLine(fields.From) + nl)
	b.WriteString("To:")
	for i, to := range fields.To {
		if i > 0 {
			b.WriteString("," + nl)
		}
		b.WriteString(" " + oneLine(to))
	}
	b.WriteString(nl)
	b.WriteString("Date: " + fields.Date.Format(time.RFC1123Z) + nl)
	b.WriteString("Message-ID: " + angleBrackets(oneLine(fields.MessageID)) + nl)
	b.WriteString("Subject: " + forwardSubject(original) + nl)
	b.WriteString("MIME-Version: 1.0" + nl)
	b.WriteString(`Content-Type: multipart/mixed; boundary="` + boundary + `"` + nl)
	b.WriteString(nl)

	b.WriteString("--" + boundary + nl)
	b.WriteString(`Content-Type: text/plain; charset="UTF-8"` + nl)
	b.WriteString("Content-Transfer-Encoding: quoted-printable" + nl)
	b.WriteString(nl)
	b.WriteString(quotedPrintable(noteText(fields, lang, inline, nl), nl))
	b.WriteString(nl)

	b.WriteString("--" + boundary + nl)
	if inline {
		encoding := "7bit"
		if content.EightBit {
			encoding = "8bit"
		}
		b.WriteString("Content-Type: message/rfc822" + nl)
		b.WriteString("Content-Transfer-Encoding: " + encoding + nl)
		b.WriteString("Content-Disposition: inline" + nl)
		b.WriteString(nl)
		b.Write(original)
		if len(original) > 0 && original[len(original)-1] != '\n' {
			b.WriteString(nl)
		}
	} else {
		b.WriteString(`Content-Type: application/octet-stream; name="original.eml"` + nl)
		b.WriteString("Content-Transfer-Encoding: base64" + nl)
		b.WriteString(`Content-Disposition: attachment; filename="original.eml"` + nl)
		b.WriteString(nl)
		b.WriteString(base64Lines(original, nl))
	}
	b.WriteString("--" + boundary + "--" + nl)
	return b.Bytes()
}

// noteText returns the note of an Attach message in lang.
func noteText(fields AttachFields, lang string, inline bool, nl string) string {
	loc := l10n.New(lang)
	data := map[string]any{"QueueID": fields.QueueID, "Relay": fields.Relay}
	id := "forward.note"
	if fields.QueueID == "" {
		id = "forward.noteBounce"
	}
	text := loc.T(id, data)
	if !inline {
		text += "\n\n" + loc.T("forward.noteEncoded")
	}
	return strings.ReplaceAll(text, "\n", nl) + nl
}

// forwardSubject returns "Fwd: " and the original's subject. An encoded
// or 7-bit subject is kept as it is, unfolded. A raw 8-bit one is
// re-encoded as UTF-8 when it is valid UTF-8 of at most 600 bytes, and
// dropped otherwise, because its charset is unknown or it is too long.
func forwardSubject(original []byte) string {
	subject := headerValue(original, "Subject")
	switch {
	case subject == "":
		return "Fwd:"
	case !hasEightBit([]byte(subject)):
		if len(subject) > 900 {
			return "Fwd:"
		}
		return "Fwd: " + subject
	case utf8.ValidString(subject) && len(subject) <= 600:
		// Encoded words make the value about 4/3 as long, and Go's encoder
		// does not fold, so a longer subject could pass 998 bytes.
		return mime.BEncoding.Encode("UTF-8", "Fwd: "+subject)
	default:
		return "Fwd:"
	}
}

// headerValue returns the unfolded value of the first header field named
// name in the header of msg, or "".
func headerValue(msg []byte, name string) string {
	var value strings.Builder
	found := false
	for rest := msg; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if found {
				value.Write(line)
			}
			continue
		}
		if found {
			break
		}
		colon := bytes.IndexByte(line, ':')
		if colon > 0 && strings.EqualFold(string(line[:colon]), name) {
			found = true
			value.Write(line[colon+1:])
		}
	}
	return strings.TrimSpace(value.String())
}

func quotedPrintable(text, nl string) string {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(text)) // writes to a bytes.Buffer cannot fail
	_ = w.Close()
	out := strings.ReplaceAll(b.String(), "\r\n", "\n")
	return strings.ReplaceAll(out, "\n", nl)
}

func base64Lines(data []byte, nl string) string {
	encoded := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(encoded) > 76 {
		b.WriteString(encoded[:76] + nl)
		encoded = encoded[76:]
	}
	b.WriteString(encoded + nl)
	return b.String()
}
