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

// Original returns the original message inside a non-delivery report: the
// body of its message/rfc822 part (RFC 3462 multipart/report, or
// multipart/mixed as some servers send), byte for byte unless the part is
// base64 or quoted-printable encoded.
func Original(report []byte) ([]byte, error) {
	reader := textproto.NewReader(bufio.NewReader(bytes.NewReader(report)))
	header, err := reader.ReadMIMEHeader()
	if err != nil && len(header) == 0 {
		return nil, fmt.Errorf("read the report's header: %w", err)
	}
	mediaType, params, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") || params["boundary"] == "" {
		return nil, fmt.Errorf("the report is %q, not multipart/report: give the bounce message as it arrived, header included", header.Get("Content-Type"))
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
			return nil, fmt.Errorf("read the report's parts: %w", err)
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
	return nil, errors.New("the report has no message/rfc822 part holding the original message")
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
