package postfixconf

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidDomain means a domain is not a DNS name that check can look
// up in transport_maps and write into a transport table line.
var ErrInvalidDomain = errors.New("invalid domain")

// maxDomainLength is the longest domain name in text form, without the
// trailing dot: 255 octets on the wire less the first label's length
// octet and the root label.
const maxDomainLength = 253

// ValidateDomain accepts a DNS host name such as docomo.ne.jp, with or
// without a trailing dot, in any letter case. Its labels have 1 to 63
// ASCII letters, digits and hyphens, and none starts or ends with a
// hyphen, as in the Domain syntax of SMTP. It rejects the leading dot of
// a transport(5) subdomain key, because Resolve looks up one domain, and
// address literals such as [192.0.2.1].
//
// The error wraps ErrInvalidDomain, quotes domain and names what to give
// instead. An internationalized name must be given in its ASCII (xn--)
// form.
func ValidateDomain(domain string) error {
	invalid := func(reason string) error {
		return fmt.Errorf("%w %q: %s; give a domain name of ASCII letters, digits, hyphens and dots, such as docomo.ne.jp", ErrInvalidDomain, domain, reason)
	}
	name := strings.TrimSuffix(domain, ".")
	switch {
	case name == "":
		return invalid("it is empty")
	case len(name) > maxDomainLength:
		return invalid(fmt.Sprintf("it is %d characters long, and a domain name has at most %d", len(name), maxDomainLength))
	case strings.HasPrefix(name, "."):
		return invalid("it starts with a dot")
	}
	for label := range strings.SplitSeq(name, ".") {
		if err := checkLabel(label); err != "" {
			return invalid(err)
		}
	}
	return nil
}

// checkLabel returns the reason label cannot be part of a domain name, or
// "" when it can.
func checkLabel(label string) string {
	switch {
	case label == "":
		return "it has two dots in a row"
	case len(label) > 63:
		return fmt.Sprintf("label %q is longer than 63 characters", label)
	case label[0] == '-' || label[len(label)-1] == '-':
		return fmt.Sprintf("label %q starts or ends with a hyphen", label)
	}
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
		case r == ' ' || r == '\t':
			return "it contains white space"
		case r > 0x7f:
			return fmt.Sprintf("it contains %q, which is not ASCII, so write an internationalized name in its xn-- form", r)
		default:
			return fmt.Sprintf("it contains %q", r)
		}
	}
	return ""
}
