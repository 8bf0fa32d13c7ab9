package parsers

import "bytes"

// scanner is a cursor over one log line, in the manner of net/mail's
// addrParser: every method either consumes what it expects and reports
// true, or leaves the cursor where it was. Returned slices alias the line.
type scanner struct {
	s   []byte
	pos int
}

func (sc *scanner) rest() []byte { return sc.s[sc.pos:] }

func (sc *scanner) done() bool { return sc.pos >= len(sc.s) }

// consume skips lit when the text at the cursor starts with it.
func (sc *scanner) consume(lit string) bool {
	if !hasPrefix(sc.s[sc.pos:], lit) {
		return false
	}
	sc.pos += len(lit)
	return true
}

// until returns the bytes before the next c and moves past c. Without a c
// it returns false and does not move.
func (sc *scanner) until(c byte) ([]byte, bool) {
	i := bytes.IndexByte(sc.s[sc.pos:], c)
	if i < 0 {
		return nil, false
	}
	v := sc.s[sc.pos : sc.pos+i]
	sc.pos += i + 1
	return v, true
}

// value returns the bytes up to the next ", " (or the end of the line) and
// stops in front of the separator. It reads one field of a comma-separated
// key=value list.
func (sc *scanner) value() []byte {
	// Values are short, and over a short span a byte loop costs less than
	// a bytes.Index call.
	r := sc.s[sc.pos:]
	i := 0
	for i < len(r) && (r[i] != ',' || i+1 == len(r) || r[i+1] != ' ') {
		i++
	}
	sc.pos += i
	return r[:i]
}

// word returns the bytes up to the next space, comma or the end.
func (sc *scanner) word() []byte {
	r := sc.s[sc.pos:]
	i := 0
	for i < len(r) && r[i] != ' ' && r[i] != ',' {
		i++
	}
	sc.pos += i
	return r[:i]
}

// angle reads "<" ADDR ">" and returns ADDR. Postfix logs addresses in
// their quoted external form, where a quoted local part may itself contain
// ">", so the closing ">" is the first one followed by a separator (space,
// comma, semicolon, colon) or the end of the line.
func (sc *scanner) angle() ([]byte, bool) {
	r := sc.s[sc.pos:]
	if len(r) == 0 || r[0] != '<' {
		return nil, false
	}
	for i := 1; i < len(r); i++ {
		j := bytes.IndexByte(r[i:], '>')
		if j < 0 {
			break
		}
		i += j
		if i+1 == len(r) || isAddrEnd(r[i+1]) {
			sc.pos += i + 1
			return r[1:i], true
		}
	}
	return nil, false
}

func isAddrEnd(c byte) bool {
	return c == ' ' || c == ',' || c == ';' || c == ':'
}

// uint reads 1 to 18 decimal digits.
func (sc *scanner) uint() (int64, bool) {
	r := sc.s[sc.pos:]
	var n int64
	i := 0
	for i < len(r) && i < 18 && isDigit(r[i]) {
		n = n*10 + int64(r[i]-'0')
		i++
	}
	if i == 0 {
		return 0, false
	}
	sc.pos += i
	return n, true
}

// decimal reads DIGITS ["." DIGITS], the form of Postfix's delay= and
// delays= values, without strconv so that no string is built.
func (sc *scanner) decimal() (float64, bool) {
	r := sc.s[sc.pos:]
	var mant uint64
	i, digits, frac := 0, 0, 0
	for i < len(r) && isDigit(r[i]) {
		if digits < 18 {
			mant = mant*10 + uint64(r[i]-'0')
			digits++
		} else {
			frac-- // too many integer digits to keep: scale up instead
		}
		i++
	}
	if i == 0 {
		return 0, false
	}
	if i+1 < len(r) && r[i] == '.' && isDigit(r[i+1]) {
		i++
		for i < len(r) && isDigit(r[i]) {
			if digits < 18 {
				mant = mant*10 + uint64(r[i]-'0')
				digits++
				frac++
			}
			i++
		}
	}
	sc.pos += i
	return scale(mant, frac), true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scale returns mant / 10^frac. For the short values Postfix logs, both
// operands are exact and the division rounds once, so the result equals
// strconv.ParseFloat's.
func scale(mant uint64, frac int) float64 {
	f := float64(mant)
	for frac < 0 {
		n := min(-frac, len(pow10)-1)
		f *= pow10[n]
		frac += n
	}
	for frac > 0 {
		n := min(frac, len(pow10)-1)
		f /= pow10[n]
		frac -= n
	}
	return f
}

// lastIndex is bytes.LastIndex for separators whose first byte is rare in
// log text, such as "(" or ";". It steps forward from one such byte to the
// next with bytes.IndexByte, which is vectorized, and keeps the last match.
// bytes.LastIndexByte compares one byte at a time, and bytes.LastIndex
// hashes every window.
func lastIndex(s []byte, sep string) int {
	last := -1
	for i := 0; ; i++ {
		j := bytes.IndexByte(s[i:], sep[0])
		if j < 0 {
			return last
		}
		i += j
		if hasPrefix(s[i:], sep) {
			last = i
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasPrefix reports whether b starts with lit. It compares the first byte
// before the rest, because most calls fail there and the string comparison
// is a call to runtime.memequal.
func hasPrefix(b []byte, lit string) bool {
	if len(lit) == 0 {
		return true
	}
	return len(b) >= len(lit) && b[0] == lit[0] && string(b[:len(lit)]) == lit
}

// atoi converts 1 to 9 decimal digits and rejects anything else.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
