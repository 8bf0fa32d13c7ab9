package stats

import "bytes"

// Parts of a failure reason that name one recipient, host or domain make
// every reason unique, so that the class cache would miss once per
// destination. Without override rules, which may match any text, these
// parts are replaced by marks that no rule matches, in the cache key and
// in the text classified, so that every destination given the same reply
// shares one classification. The marks start with a NUL byte, which no rule
// contains, and differ from each other.
const (
	// recipientMark stands for the recipient's address quoted in angle
	// brackets before DATA.
	recipientMark = "\x00"
	// hostMark stands for the remote host Postfix names before the reply
	// or in its own text: "host mx1.example.jp[192.0.2.1] said:",
	// "connect to mx1.example.jp[192.0.2.1]:25", "lost connection with
	// mx1.example.jp[192.0.2.1]".
	hostMark = "\x00h"
	// nameMark stands for the name in Postfix's DNS errors: "Name
	// service error for name=example.jp type=MX".
	nameMark = "\x00n"
)

// replyMask is the part reason[start:end] replaced by mark.
type replyMask struct {
	start, end int
	mark       string
}

// maskReply returns the parts of reason to replace, in the order they
// appear, in the storage of masks. They are the first host[address] that
// Postfix's own text names, the name of a DNS error, and, when
// quoteRecipient is set, the recipient address to in angle brackets.
func maskReply(masks []replyMask, reason, to []byte, quoteRecipient bool) []replyMask {
	masks = masks[:0]

	// Postfix's own text ends where the remote server's reply begins.
	own := reason
	if i := bytes.Index(reason, replySeparator); i >= 0 {
		own = reason[:i]
	}
	if start, end, ok := hostInText(own); ok {
		masks = append(masks, replyMask{start, end, hostMark})
	}
	if start, end, ok := dnsName(own); ok {
		masks = append(masks, replyMask{start, end, nameMark})
	}
	if quoteRecipient {
		if i := quotedAddress(reason, to); i >= 0 {
			masks = append(masks, replyMask{i, i + len(to), recipientMark})
		}
	}

	// Sort the few masks by start and drop any that overlaps the one
	// before it.
	for i := 1; i < len(masks); i++ {
		for j := i; j > 0 && masks[j].start < masks[j-1].start; j-- {
			masks[j], masks[j-1] = masks[j-1], masks[j]
		}
	}
	disjoint := masks[:0]
	for _, m := range masks {
		if len(disjoint) > 0 && m.start < disjoint[len(disjoint)-1].end {
			continue
		}
		disjoint = append(disjoint, m)
	}
	return disjoint
}

var replySeparator = []byte(" said: ")

// hostInText returns the first "name[address]" in text whose name starts
// the text or follows a space and whose address holds only the characters
// of an IPv4 or IPv6 address.
func hostInText(text []byte) (start, end int, ok bool) {
	for from := 0; ; {
		open := bytes.IndexByte(text[from:], '[')
		if open < 0 {
			return 0, 0, false
		}
		open += from
		close := bytes.IndexByte(text[open:], ']')
		if close < 0 {
			return 0, 0, false
		}
		close += open
		start = open
		for start > 0 && isHostByte(text[start-1]) {
			start--
		}
		if start < open && (start == 0 || text[start-1] == ' ') && isAddress(text[open+1:close]) {
			return start, close + 1, true
		}
		from = close + 1
	}
}

func isHostByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '.' || b == '-' || b == '_'
}

func isAddress(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

var (
	dnsNamePrefix = []byte("Name service error for name=")
	dnsNameEnd    = []byte(" type=")
)

// dnsName returns where the name of Postfix's DNS error is in text.
func dnsName(text []byte) (start, end int, ok bool) {
	i := bytes.Index(text, dnsNamePrefix)
	if i < 0 {
		return 0, 0, false
	}
	start = i + len(dnsNamePrefix)
	n := bytes.Index(text[start:], dnsNameEnd)
	if n <= 0 {
		return 0, 0, false
	}
	return start, start + n, true
}

// appendMasked appends reason with masks replaced by their marks.
func appendMasked(dst, reason []byte, masks []replyMask) []byte {
	at := 0
	for _, m := range masks {
		dst = append(dst, reason[at:m.start]...)
		dst = append(dst, m.mark...)
		at = m.end
	}
	return append(dst, reason[at:]...)
}
