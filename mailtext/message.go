package mailtext

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"
)

// maxPartDepth bounds how deep ParseMessage descends into nested
// multiparts looking for the text part. Real mail nests two or three deep.
const maxPartDepth = 8

// Header is one header field of a message.
type Header struct {
	// Name is the field name as the message spells it.
	Name string
	// Value is the field body unfolded and decoded by DecodeHeader, with
	// the white space around it trimmed.
	Value string
	// Raw is the field body as the message has it: undecoded, with its
	// folding line breaks.
	Raw string
}

// Message is the decoded text of a message's headers and the start of
// its body.
type Message struct {
	// Headers are the header fields in message order.
	Headers []Header
	// Subject, From, To and Date are the decoded values of the first field
	// of each name, empty when the message has none.
	Subject, From, To, Date string

	// BodyText is the start of the text body in UTF-8, with CRLF line
	// ends turned into LF. For a multipart message it is the first
	// text/plain part, else the first text part of another subtype.
	BodyText string
	// BodyType is the media type of the part BodyText comes from, such as
	// text/plain; empty when the message has no text part.
	BodyType string
	// BodyCharset is the charset parameter of that part, lowercased, or
	// the charset its bytes were recognised as when it declares none
	// (iso-2022-jp for raw JIS text); empty for plain ASCII or UTF-8
	// without a declaration.
	BodyCharset string
	// TransferEncoding is the part's Content-Transfer-Encoding,
	// lowercased; empty means 7bit.
	TransferEncoding string
	// Truncated means the body text goes on past BodyText.
	Truncated bool
}

// ErrNoText means the message has no text part to show: every part is an
// attachment, an image or the like. The headers are still decoded.
var ErrNoText = errors.New("message has no text part")

// ParseMessage decodes the headers of content and at most maxBody bytes
// of UTF-8 text from the start of its body; maxBody <= 0 skips the body.
// content is a message as Postfix stores it: header lines, an empty line,
// the body, with lines ending in LF or CRLF.
//
// The header section ends at the first empty line, or at the first line
// that is neither a field ("Name: value") nor a continuation, as Postfix
// cleanup decides. The body is read in the charset its Content-Type
// names, after undoing a quoted-printable or base64 transfer encoding.
// BodyText is cut at a character boundary, never inside one.
//
// The error, when not nil, says why the body could not be read in full
// (ErrNoText, a broken multipart, invalid base64); the headers and any
// text decoded before the failure are returned with it.
func ParseMessage(content []byte, maxBody int) (Message, error) {
	headers, body := splitHeaders(content)
	var msg Message
	msg.Headers = headers
	for _, h := range headers {
		var field *string
		switch strings.ToLower(h.Name) {
		case "subject":
			field = &msg.Subject
		case "from":
			field = &msg.From
		case "to":
			field = &msg.To
		case "date":
			field = &msg.Date
		}
		if field != nil && *field == "" {
			*field = h.Value
		}
	}
	if maxBody <= 0 {
		return msg, nil
	}
	err := readText(&msg, partHeader(headers), body, maxBody, 0)
	return msg, err
}

// splitHeaders parses the header section of content and returns the
// fields, decoded, and the body after it.
func splitHeaders(content []byte) ([]Header, []byte) {
	headers, body := scanHeaders(content)
	for i := range headers {
		headers[i].Raw = strings.TrimRight(headers[i].Raw, "\r\n")
		headers[i].Value = strings.TrimSpace(DecodeHeader(headers[i].Raw))
	}
	return headers, body
}

// scanHeaders splits content into its raw fields and its body.
func scanHeaders(content []byte) ([]Header, []byte) {
	var headers []Header
	rest := content
	for len(rest) > 0 {
		line, next := cutLine(rest)
		trimmed := bytes.TrimRight(line, "\r\n")
		if len(trimmed) == 0 {
			return headers, next
		}
		if trimmed[0] == ' ' || trimmed[0] == '\t' {
			if len(headers) == 0 {
				// A continuation with no field before it: Postfix reads
				// such a message as all body.
				return headers, rest
			}
			headers[len(headers)-1].Raw += string(line)
			rest = next
			continue
		}
		colon := bytes.IndexByte(trimmed, ':')
		if colon <= 0 || !isFieldName(trimmed[:colon]) {
			return headers, rest
		}
		headers = append(headers, Header{Name: string(trimmed[:colon]), Raw: string(line[colon+1:])})
		rest = next
	}
	return headers, nil
}

// cutLine returns the first line of b with its line end, and the rest.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

// isFieldName reports whether b is a field name: printable ASCII other
// than the colon, with no space (RFC 5322 section 3.6.8).
func isFieldName(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// mimeHeader is the subset of a part's header fields that readText uses.
type mimeHeader struct {
	contentType      string // the raw Content-Type value, unfolded
	transferEncoding string // lowercased
}

// partHeader picks the MIME fields out of decoded headers.
func partHeader(headers []Header) mimeHeader {
	var h mimeHeader
	for _, field := range headers {
		switch strings.ToLower(field.Name) {
		case "content-type":
			if h.contentType == "" {
				h.contentType = strings.TrimSpace(unfold(field.Raw))
			}
		case "content-transfer-encoding":
			if h.transferEncoding == "" {
				h.transferEncoding = strings.ToLower(strings.TrimSpace(unfold(field.Raw)))
			}
		}
	}
	return h
}

// readText fills the body fields of msg from the part with header h and
// content body, descending into a multipart to its text part.
func readText(msg *Message, h mimeHeader, body []byte, maxBody, depth int) error {
	mediaType, params := parseContentType(h.contentType)
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxPartDepth {
			return fmt.Errorf("multipart nested more than %d deep: %w", maxPartDepth, ErrNoText)
		}
		boundary := params["boundary"]
		if boundary == "" {
			return fmt.Errorf("%s without a boundary parameter: %w", mediaType, ErrNoText)
		}
		return readMultipart(msg, body, boundary, maxBody, depth)
	}
	if !strings.HasPrefix(mediaType, "text/") {
		return ErrNoText
	}

	msg.BodyType = mediaType
	msg.TransferEncoding = h.transferEncoding
	msg.BodyCharset = strings.ToLower(params["charset"])

	decoded, more, err := readTransfer(body, h.transferEncoding, maxBody)
	if msg.BodyCharset == "" && looksISO2022JP(decoded) {
		msg.BodyCharset = "iso-2022-jp"
	}
	text, _ := decodeCharset(msg.BodyCharset, decoded)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if len(text) > maxBody {
		text = cutUTF8(text, maxBody)
		more = true
	}
	msg.Truncated = more
	msg.BodyText = text
	if err != nil {
		return fmt.Errorf("invalid %s body: %w", h.transferEncoding, err)
	}
	return nil
}

// parseContentType returns the lowercased media type and parameters of a
// Content-Type value: text/plain when the value is missing, and its bare
// type when its parameters do not parse.
func parseContentType(value string) (string, map[string]string) {
	if value == "" {
		return "text/plain", map[string]string{}
	}
	mediaType, params, err := mime.ParseMediaType(value)
	if err != nil {
		// A broken parameter list, such as an unquoted boundary with a
		// space, still names its type; keep what can be read.
		bare, rest, _ := strings.Cut(value, ";")
		mediaType = strings.ToLower(strings.TrimSpace(bare))
		params = looseParams(rest)
		if mediaType == "" {
			mediaType = "text/plain"
		}
	}
	return mediaType, params
}

// looseParams reads "name=value" pairs separated by ";" from a parameter
// list that mime.ParseMediaType rejects, such as one with raw 8-bit bytes
// in a file name, so the charset and boundary still count. Names are
// lowercased and values lose their surrounding quotes.
func looseParams(list string) map[string]string {
	params := map[string]string{}
	for _, part := range strings.Split(list, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.Trim(strings.TrimSpace(value), `"`)
		if _, seen := params[name]; name != "" && !seen {
			params[name] = value
		}
	}
	return params
}

// readMultipart reads the text of the first text/plain part of a
// multipart body, else of its first other text part.
func readMultipart(msg *Message, body []byte, boundary string, maxBody, depth int) error {
	reader := multipart.NewReader(bytes.NewReader(body), boundary)
	type candidate struct {
		header mimeHeader
		body   []byte
	}
	var fallback *candidate
	for {
		part, err := reader.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if fallback != nil {
				return readText(msg, fallback.header, fallback.body, maxBody, depth+1)
			}
			return fmt.Errorf("invalid multipart body: %w", err)
		}
		h := mimeHeader{
			contentType:      part.Header.Get("Content-Type"),
			transferEncoding: strings.ToLower(strings.TrimSpace(part.Header.Get("Content-Transfer-Encoding"))),
		}
		mediaType, _ := parseContentType(h.contentType)
		isAttachment := strings.HasPrefix(strings.ToLower(part.Header.Get("Content-Disposition")), "attachment")
		switch {
		case strings.HasPrefix(mediaType, "multipart/"):
			partBody, _ := io.ReadAll(part)
			var inner Message
			innerErr := readText(&inner, h, partBody, maxBody, depth+1)
			if inner.BodyType == "text/plain" {
				copyBody(msg, inner)
				return innerErr
			}
			if inner.BodyType != "" && fallback == nil {
				fallback = &candidate{header: h, body: partBody}
			}
		case mediaType == "text/plain" && !isAttachment:
			partBody, _ := io.ReadAll(part)
			return readText(msg, h, partBody, maxBody, depth+1)
		case strings.HasPrefix(mediaType, "text/") && !isAttachment && fallback == nil:
			partBody, _ := io.ReadAll(part)
			fallback = &candidate{header: h, body: partBody}
		}
	}
	if fallback != nil {
		return readText(msg, fallback.header, fallback.body, maxBody, depth+1)
	}
	return ErrNoText
}

// copyBody copies the body fields of from into msg.
func copyBody(msg *Message, from Message) {
	msg.BodyText = from.BodyText
	msg.BodyType = from.BodyType
	msg.BodyCharset = from.BodyCharset
	msg.TransferEncoding = from.TransferEncoding
	msg.Truncated = from.Truncated
}

// readTransfer undoes the transfer encoding of body and returns its
// first bytes: enough for maxBody bytes of UTF-8 from any charset this
// package reads, since each of them turns one byte of input into at least
// one byte of output, escape sequences aside. more reports that the body
// goes on past the bytes returned.
func readTransfer(body []byte, transferEncoding string, maxBody int) (decoded []byte, more bool, err error) {
	limit := maxBody*4 + 8
	var r io.Reader
	switch transferEncoding {
	case "quoted-printable":
		r = quotedprintable.NewReader(bytes.NewReader(body))
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &base64Filter{r: bufio.NewReader(bytes.NewReader(body))})
	default:
		if len(body) > limit {
			return body[:limit], true, nil
		}
		return body, false, nil
	}
	decoded, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if len(decoded) > limit {
		return decoded[:limit], true, err
	}
	return decoded, false, err
}

// base64Filter passes only base64 alphabet bytes and padding, so line
// ends, spaces and stray characters in a body do not stop the decoder.
// Postfix itself does not check base64 bodies, so mailers' mistakes reach
// the queue.
type base64Filter struct {
	r *bufio.Reader
}

func (f *base64Filter) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c, err := f.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if isBase64Byte(c) {
			p[n] = c
			n++
		}
	}
	return n, nil
}

func isBase64Byte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '='
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does
// not end inside a UTF-8 sequence.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
