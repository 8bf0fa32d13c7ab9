package postfixconf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mailtop/mailtop/l10n"
)

// ErrInvalidDomain means a domain is not a DNS name that check can look
// up in transport_maps and write into a transport table line.
var ErrInvalidDomain = errors.New("invalid domain")

// maxDomainLength is the longest domain name in text form, without the
// trailing dot: 255 octets on the wire less the first label's length
// octet and the root label.
const maxDomainLength = 253

// maxLabelLength is the longest label of a domain name, in octets.
const maxLabelLength = 63

// DomainError is the error of ValidateDomain: a value that is not a
// domain name, and the reason as a catalog text, so that a Japanese hint
// can name the reason too.
type DomainError struct {
	Domain string
	Reason *l10n.Error
}

// Error returns the English text: the quoted value, the reason and what
// to give instead.
func (e *DomainError) Error() string {
	return fmt.Sprintf("%v %q: %s; give a domain name of ASCII letters, digits, hyphens and dots, such as docomo.ne.jp", ErrInvalidDomain, e.Domain, e.Reason.Error())
}

// Unwrap returns ErrInvalidDomain.
func (e *DomainError) Unwrap() error { return ErrInvalidDomain }

// ValidateDomain accepts a DNS host name such as docomo.ne.jp, with or
// without a trailing dot, in any letter case. Its labels have 1 to 63
// ASCII letters, digits and hyphens, and none starts or ends with a
// hyphen, as in the Domain syntax of SMTP. It rejects the leading dot of
// a transport(5) subdomain key, because Resolve looks up one domain, and
// address literals such as [192.0.2.1].
//
// The error is a *DomainError, which wraps ErrInvalidDomain, quotes
// domain and names what to give instead. An internationalized name must
// be given in its ASCII (xn--) form.
func ValidateDomain(domain string) error {
	invalid := func(id string, data map[string]any) error {
		return &DomainError{Domain: domain, Reason: l10n.NewError(id, data)}
	}
	name := strings.TrimSuffix(domain, ".")
	switch {
	case name == "":
		return invalid("reason.domain.empty", nil)
	case len(name) > maxDomainLength:
		return invalid("reason.domain.tooLong", map[string]any{"Length": len(name), "Max": maxDomainLength})
	case strings.HasPrefix(name, "."):
		return invalid("reason.domain.leadingDot", nil)
	}
	for label := range strings.SplitSeq(name, ".") {
		if id, data := checkLabel(label); id != "" {
			return invalid(id, data)
		}
	}
	return nil
}

// checkLabel returns the catalog id and data of the reason label cannot
// be part of a domain name, or "" when it can.
func checkLabel(label string) (string, map[string]any) {
	switch {
	case label == "":
		return "reason.domain.doubleDot", nil
	case len(label) > maxLabelLength:
		return "reason.domain.labelTooLong", map[string]any{"Label": strconv.Quote(label), "Max": maxLabelLength}
	case label[0] == '-' || label[len(label)-1] == '-':
		return "reason.domain.hyphen", map[string]any{"Label": strconv.Quote(label)}
	}
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
		case r == ' ' || r == '\t':
			return "reason.domain.space", nil
		case r > 0x7f:
			return "reason.domain.nonASCII", map[string]any{"Character": strconv.QuoteRune(r)}
		default:
			return "reason.domain.character", map[string]any{"Character": strconv.QuoteRune(r)}
		}
	}
	return "", nil
}
