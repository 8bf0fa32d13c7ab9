package stats

import (
	"encoding/binary"
	"strings"
)

// A part of a reply or a relay host names the domain more often than not
// ("mx1.example.jp[192.0.2.1]", "taro@example.jp"), so a domain keeps
// such parts without the first occurrence of its name. appendNamePart
// writes a part as the uvarint of twice the length of the text before the
// name, plus one when the name follows, then that text. When the name
// follows, the uvarint of the length of the text after the name and that
// text come next.

// appendNamePart appends part, written without the first occurrence of
// the domain's name, to dst.
func appendNamePart(dst []byte, part, domain string) []byte {
	i := -1
	if domain != "" {
		i = strings.Index(part, domain)
	}
	if i < 0 {
		dst = binary.AppendUvarint(dst, uint64(2*len(part)))
		return append(dst, part...)
	}
	dst = binary.AppendUvarint(dst, uint64(2*i+1))
	dst = append(dst, part[:i]...)
	after := part[i+len(domain):]
	dst = binary.AppendUvarint(dst, uint64(len(after)))
	return append(dst, after...)
}

// namePart is a part read back from what appendNamePart wrote: before,
// then the domain's name and after when named is set.
type namePart struct {
	before, after string
	named         bool
}

// cutNamePart returns the part at the start of s and the rest of s.
func cutNamePart(s string) (namePart, string) {
	var p namePart
	head, n := uvarint(s)
	s = s[n:]
	p.before, s = s[:head/2], s[head/2:]
	if head%2 == 1 {
		p.named = true
		after, n := uvarint(s)
		s = s[n:]
		p.after, s = s[:after], s[after:]
	}
	return p, s
}

// len returns the length of the part with the name domain in it.
func (p *namePart) len(domain string) int {
	if !p.named {
		return len(p.before)
	}
	return len(p.before) + len(domain) + len(p.after)
}

// writeTo writes the part with the name domain in it to b.
func (p *namePart) writeTo(b *strings.Builder, domain string) {
	b.WriteString(p.before)
	if p.named {
		b.WriteString(domain)
		b.WriteString(p.after)
	}
}

// cutPrefix returns s without the part, with the name domain in it, and
// whether s starts with the part.
func (p *namePart) cutPrefix(s, domain string) (string, bool) {
	s, ok := strings.CutPrefix(s, p.before)
	if !ok || !p.named {
		return s, ok
	}
	if s, ok = strings.CutPrefix(s, domain); !ok {
		return s, false
	}
	return strings.CutPrefix(s, p.after)
}

// uvarint decodes the uvarint that binary.AppendUvarint wrote at the
// start of s and returns it with the number of bytes it took.
func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	panic("stats: a name part ends inside a number")
}
