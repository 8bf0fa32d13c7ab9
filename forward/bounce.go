package forward

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
	"net/mail"
	"net/textproto"
	"strings"
)

// ErrHeadersOnly is returned by Original for a report that carries only
// the original's header (text/rfc822-headers), as Postfix sends when the
// original was too large or the sender asked for RET=HDRS.
var ErrHeadersOnly = errors.New("the report carries only the original message's header (text/rfc822-headers), not the message itself")

// ErrNotMessage is returned by Original for data that is not a mail
// message (RFC 5322): an empty file, or one that does not start with
// header fields, such as a program or a log file.
var ErrNotMessage = errors.New("not a mail message (RFC 5322)")

// ErrNotReport is returned by Original for a mail message that is not a
// non-delivery report with the original message in it.
var ErrNotReport = errors.New("not a bounce with the original message in it")

// quotedPrefixBytes is how many bytes of the data an error quotes: enough
// to recognize a file (an ELF or PNG signature, a log line's timestamp)
// and short enough for one line of a terminal once escaped.
const quotedPrefixBytes = 24

// quotePrefix returns the first quotedPrefixBytes bytes of data as a Go
// string literal, with control bytes and invalid UTF-8 escaped, followed
// by "..." when data is longer.
func quotePrefix(data []byte) string {
	if len(data) <= quotedPrefixBytes {
		return fmt.Sprintf("%q", data)
	}
	return fmt.Sprintf("%q...", data[:quotedPrefixBytes])
}

// Original returns the original message inside a non-delivery report: the
// body of its message/rfc822 part (RFC 3462 multipart/report, or
// multipart/mixed as some servers send), byte for byte unless the part is
// base64 or quoted-printable encoded. Data that is not a mail message
// returns ErrNotMessage, and a message without the original in it
// ErrNotReport or ErrHeadersOnly.
func Original(report []byte) ([]byte, error) {
	if len(bytes.TrimSpace(report)) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotMessage)
	}
	reader := textproto.NewReader(bufio.NewReader(bytes.NewReader(report)))
	// An error with some header fields read is a later line that is not
	// one. The error itself is left out because it quotes that whole
	// line, which in a binary file can be kilobytes long.
	header, _ := reader.ReadMIMEHeader()
	switch {
	case len(header) == 0:
		return nil, fmt.Errorf("%w: it does not start with header fields such as \"From: ...\" (its first bytes are %s)", ErrNotMessage, quotePrefix(report))
	case !looksLikeMailHeader(header):
		// Header fields such as Subject alone make a note, not a message.
		return nil, fmt.Errorf("%w: its header has neither a From nor a Date field, which RFC 5322 requires in every message (its first bytes are %s)", ErrNotMessage, quotePrefix(report))
	}
	contentType := header.Get("Content-Type")
	if contentType == "" {
		return nil, fmt.Errorf("%w: it has no Content-Type field, so it is not multipart/report", ErrNotReport)
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") || params["boundary"] == "" {
		return nil, fmt.Errorf("%w: its Content-Type is %s, not multipart/report", ErrNotReport, quotePrefix([]byte(contentType)))
	}
	body, err := io.ReadAll(reader.R)
	if err != nil {
		return nil, err
	}
	headersOnly := false
	parts := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := parts.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: its parts cannot be read: %w", ErrNotReport, err)
		}
		partType, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch partType {
		case "message/rfc822", "message/global":
			return decodePart(part)
		case "text/rfc822-headers", "message/global-headers":
			headersOnly = true
		}
	}
	if headersOnly {
		return nil, ErrHeadersOnly
	}
	return nil, fmt.Errorf("%w: it has no message/rfc822 part", ErrNotReport)
}

// looksLikeMailHeader reports whether header has a field that every
// report carries: From and Date, which RFC 5322 requires, or the
// Content-Type of its parts. A text file whose first lines contain a
// colon, such as /etc/passwd, parses as header fields but has none of them.
func looksLikeMailHeader(header textproto.MIMEHeader) bool {
	for _, name := range []string{"From", "Date", "Content-Type"} {
		if _, ok := header[name]; ok {
			return true
		}
	}
	return false
}

func decodePart(part *multipart.Part) ([]byte, error) {
	var r io.Reader = part
	switch strings.ToLower(strings.TrimSpace(part.Header.Get("Content-Transfer-Encoding"))) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, part)
	case "quoted-printable":
		r = quotedprintable.NewReader(part)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read the original message in the report: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the report's message/rfc822 part is empty")
	}
	return data, nil
}

// OriginalSender returns the envelope sender of an original taken from a
// report: the address in its Return-Path, else the first address in its
// From. The original carries no envelope, so these header fields are the
// best record of it. OriginalSender returns "" when Return-Path is <>
// (the original was itself a notification with the null sender), and when
// neither field contains a valid address.
func OriginalSender(original []byte) string {
	reader := textproto.NewReader(bufio.NewReader(bytes.NewReader(original)))
	header, err := reader.ReadMIMEHeader()
	if err != nil && len(header) == 0 {
		return ""
	}
	if returnPath, ok := header["Return-Path"]; ok && len(returnPath) > 0 {
		value := strings.TrimSpace(returnPath[0])
		if value == "<>" {
			return ""
		}
		if addr, err := headerAddresses.Parse(value); err == nil {
			return addr.Address
		}
	}
	from, err := headerAddresses.ParseList(header.Get("From"))
	if err != nil || len(from) == 0 {
		return ""
	}
	return from[0].Address
}

// FromAddress returns the first address in the From field of msg's header,
// or "" when the field is missing or contains no valid address.
func FromAddress(msg []byte) string {
	reader := textproto.NewReader(bufio.NewReader(bytes.NewReader(msg)))
	header, err := reader.ReadMIMEHeader()
	if err != nil && len(header) == 0 {
		return ""
	}
	from, err := headerAddresses.ParseList(header.Get("From"))
	if err != nil || len(from) == 0 {
		return ""
	}
	return from[0].Address
}

// headerAddresses parses address fields and keeps encoded display names
// in any charset undecoded, because only the address is used.
var headerAddresses = mail.AddressParser{WordDecoder: &mime.WordDecoder{
	CharsetReader: func(charset string, input io.Reader) (io.Reader, error) { return input, nil },
}}
