package parsers

import "bytes"

// Domain returns the domain of an address as Postfix logs it, without
// angle brackets: the part after the last "@" that is outside a quoted
// local part. It returns nil for the null address "" and for an address
// without a domain ("MAILER-DAEMON", `"user@host"`). Callers lowercase the
// result; it is a sub-slice of addr.
//
//	ok@docomo.ne.jp      -> docomo.ne.jp
//	"a b"@example.com    -> example.com
//	"x@y"@example.com    -> example.com
//	user@[192.0.2.1]     -> [192.0.2.1]
func Domain(addr []byte) []byte {
	local := 0
	if len(addr) > 0 && addr[0] == '"' {
		// Skip the quoted string, where "\" escapes the next byte.
		i := 1
		for i < len(addr) && addr[i] != '"' {
			if addr[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(addr) {
			return nil
		}
		local = i + 1
	}
	at := bytes.LastIndexByte(addr[local:], '@')
	if at < 0 || local+at+1 == len(addr) {
		return nil
	}
	return addr[local+at+1:]
}
