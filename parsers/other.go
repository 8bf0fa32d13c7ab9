package parsers

// otherPrefixes start the info lines without a queue ID that carry nothing
// the counters use: smtpd and smtp session lines, master start and stop,
// postfix-script's start and stop messages, postsuper summaries, anvil and scache statistics.
var otherPrefixes = [...]string{
	"connect from ",
	"disconnect from ",
	"lost connection after ",
	"timeout after ",
	"too many errors after ",
	"improper command pipelining after ",
	"connect to ",
	"setting up TLS connection ",
	"SSL_accept error from ",
	"SSL_connect error to ",
	"statistics: ",
	"daemon started -- ",
	"reload -- ",
	"terminating on signal ",
	"master exit time has arrived",
	"starting the Postfix mail system",
	"stopping the Postfix mail system",
	"refreshing the Postfix mail system",
	"waiting for the Postfix mail system to terminate",
	"the Postfix mail system is ",
	"Deleted: ",
	"Requeued: ",
	"Placed on hold: ",
	"Released from hold: ",
	"Force-expired: ",
	"Expired: ",
	"Renamed to match inode number: ",
}

// otherDaemons log nothing the counters use. Every info line from them is
// KindOther: postfix-script's start and stop messages, postscreen's and
// the TLS and DNS helpers' per-connection lines, and verify's cache
// cleanup. postscreen's rejects carry
// NOQUEUE and are read as KindReject before this applies.
var otherDaemons = [...]string{
	"postfix-script", "postscreen", "tlsmgr", "tlsproxy", "dnsblog", "verify",
}

// isOther reports whether an info line without a more specific form is a
// known Postfix line of KindOther.
func isOther(msg []byte, daemon []byte) bool {
	if len(msg) == 0 {
		return false
	}
	for _, d := range otherDaemons {
		if string(daemon) == d {
			return true
		}
	}
	if isTLSLine(msg) {
		return true
	}
	for _, p := range otherPrefixes {
		if p[0] == msg[0] && hasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// isTLSLine matches "{Anonymous|Untrusted|Trusted|Verified} TLS connection
// {established|reused} {to|from} ...", logged by smtp and smtpd with
// smtp_tls_loglevel or smtpd_tls_loglevel 1 and above.
func isTLSLine(msg []byte) bool {
	var trust string
	switch msg[0] {
	case 'A':
		trust = "Anonymous"
	case 'U':
		trust = "Untrusted"
	case 'T':
		trust = "Trusted"
	case 'V':
		trust = "Verified"
	default:
		return false
	}
	if !hasPrefix(msg, trust) {
		return false
	}
	rest := msg[len(trust):]
	return hasPrefix(rest, " TLS connection established ") || hasPrefix(rest, " TLS connection reused ")
}
