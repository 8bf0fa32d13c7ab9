package loggen

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// weightedDomain is a recipient domain, its share of recipients and the MX
// host that accepts its mail.
type weightedDomain struct {
	name    string
	weight  float64
	mx      string
	carrier bool // a Japanese mobile carrier: greylisting and bursts of 421
}

// namedDomains take about 72% of remote recipients, and the long tail takes the rest.
// The MX names are invented and the addresses are documentation networks
// (RFC 5737), so no line points at a real host.
var namedDomains = []weightedDomain{
	{"docomo.ne.jp", 0.17, "mfsmax.docomo.ne.jp", true},
	{"ezweb.ne.jp", 0.07, "lsean.ezweb.ne.jp", true},
	{"au.com", 0.04, "lsean.ezweb.ne.jp", true},
	{"softbank.ne.jp", 0.05, "mx.softbank.ne.jp", true},
	{"i.softbank.jp", 0.04, "mx.i.softbank.jp", true},
	{"ymobile.ne.jp", 0.01, "mx.ymobile.ne.jp", true},
	{"rakumail.jp", 0.005, "mx.rakumail.jp", true},
	{"gmail.com", 0.17, "gmail-smtp-in.l.google.com", false},
	{"yahoo.co.jp", 0.08, "mx.mail.yahoo.co.jp", false},
	{"icloud.com", 0.05, "mx01.mail.icloud.com", false},
	{"outlook.jp", 0.02, "outlook-jp.olc.protection.outlook.com", false},
	{"outlook.com", 0.01, "outlook-com.olc.protection.outlook.com", false},
	{"hotmail.co.jp", 0.01, "hotmail-co-jp.olc.protection.outlook.com", false},
}

// defaultTailDomains is the number of distinct long-tail domains a log
// draws from unless Options.TailDomains sets another number.
const defaultTailDomains = 40000

var (
	syllables = []string{
		"a", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so",
		"ta", "chi", "tsu", "te", "to", "na", "ni", "no", "ha", "hi", "fu",
		"ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri",
		"ru", "re", "ro", "wa", "n", "ga", "gi", "go", "za", "ji", "da",
		"ba", "bi", "bu", "po",
	}
	tailWords = []string{
		"", "", "", "-shoji", "-denki", "-net", "-mail", "-corp", "-clinic",
		"-shop", "-sangyo", "-kogyo", "-design", "-works", "-lab",
	}
	tailSuffixes = []string{
		".co.jp", ".co.jp", ".jp", ".ne.jp", ".or.jp", ".ac.jp", ".com",
		".com", ".net", ".org", ".biz", ".info",
	}
	localWords = []string{
		"taro", "hanako", "yuki", "sakura", "ken", "aoi", "haruto", "mei",
		"sora", "riku", "info", "support", "sales", "tanaka", "suzuki",
		"sato", "takahashi", "ito", "watanabe", "yamamoto", "nakamura",
	}
)

// tailDomain returns the i-th long-tail domain. The name depends on i only,
// so a domain keeps its name whatever the seed.
func tailDomain(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 0x6c6f6767656e))
	var b []byte
	for range 2 + r.IntN(3) {
		b = append(b, syllables[r.IntN(len(syllables))]...)
	}
	b = append(b, tailWords[r.IntN(len(tailWords))]...)
	if r.IntN(4) == 0 {
		b = fmt.Appendf(b, "%d", r.IntN(100))
	}
	b = append(b, tailSuffixes[r.IntN(len(tailSuffixes))]...)
	return string(b)
}

// localPart returns a mailbox name such as "sakura.k-1987".
func localPart(r *rand.Rand) string {
	var b []byte
	b = append(b, localWords[r.IntN(len(localWords))]...)
	switch r.IntN(4) {
	case 0:
		b = append(b, '.')
		b = append(b, syllables[r.IntN(len(syllables))]...)
	case 1:
		b = fmt.Appendf(b, "%d", 1960+r.IntN(50))
	case 2:
		b = append(b, '-')
		b = append(b, syllables[r.IntN(len(syllables))]...)
		b = fmt.Appendf(b, "%d", r.IntN(1000))
	}
	return string(b)
}

// documentationIP returns an address in 192.0.2.0/24, 198.51.100.0/24 or
// 203.0.113.0/24 picked by h, so a host name always gets the same address.
func documentationIP(h uint64) string {
	nets := [...]string{"192.0.2.", "198.51.100.", "203.0.113."}
	return fmt.Sprintf("%s%d", nets[h%3], 1+(h/3)%254)
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Queue IDs follow Postfix's two forms (postconf(5), enable_long_queue_ids).
// A short ID is 5 hex digits of the creation microseconds, then the inode
// number in hex. A long ID is the creation seconds in base 52, the
// microseconds in exactly 4 base-52 digits, "z", and the inode number in
// base 51, which is base 52 without "z".
const base52Alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"

func shortQueueID(usec int, inode uint64) string {
	return fmt.Sprintf("%05X%X", usec, inode)
}

func longQueueID(t time.Time, usec int, inode uint64) string {
	b := appendBase(nil, uint64(t.Unix()), 52, 6)
	b = appendBase(b, uint64(usec), 52, 4)
	b = append(b, 'z')
	b = appendBase(b, inode, 51, 1)
	return string(b)
}

// appendBase appends v in the given base (52 or 51) of base52Alphabet,
// left-padded with '0' to at least width digits.
func appendBase(b []byte, v uint64, base uint64, width int) []byte {
	var digits [16]byte
	n := 0
	for v > 0 || n < width {
		digits[n] = base52Alphabet[v%base]
		v /= base
		n++
	}
	for i := n - 1; i >= 0; i-- {
		b = append(b, digits[i])
	}
	return b
}
