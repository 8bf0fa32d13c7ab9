package diagnose

import "github.com/mailtop/mailtop/parsers"

// phaseNames are the phase names of `classify` output and of the phase key
// in config overrides. They are lowercase words joined by "_", unlike
// parsers.Phase.String, which writes "end-of-data".
var phaseNames = [...]string{
	parsers.PhaseNone:      "",
	parsers.PhaseConnect:   "connect",
	parsers.PhaseGreeting:  "greeting",
	parsers.PhaseHELO:      "helo",
	parsers.PhaseSTARTTLS:  "starttls",
	parsers.PhaseMAIL:      "mail",
	parsers.PhaseRCPT:      "rcpt",
	parsers.PhaseDATA:      "data",
	parsers.PhaseBody:      "body",
	parsers.PhaseEndOfDATA: "end_of_data",
	parsers.PhaseRSET:      "rset",
	parsers.PhaseQUIT:      "quit",
}

// PhaseName returns the stable name of an SMTP phase, such as "rcpt" or
// "end_of_data". PhaseNone and unknown values give "".
func PhaseName(p parsers.Phase) string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return ""
}

// ParsePhase returns the phase with the given PhaseName, and false for an
// unknown or empty name.
func ParsePhase(name string) (parsers.Phase, bool) {
	for i, n := range phaseNames {
		if n == name && i != int(parsers.PhaseNone) {
			return parsers.Phase(i), true
		}
	}
	return parsers.PhaseNone, false
}

// StatusName returns a delivery status as a lowercase word: "sent",
// "deferred", "bounced", "softbounce", "deliverable", "undeliverable",
// "unknown". StatusNone gives "".
func StatusName(s parsers.Status) string {
	switch s {
	case parsers.StatusNone:
		return ""
	case parsers.StatusSoftBounce:
		return "softbounce" // Postfix logs "SOFTBOUNCE"
	case parsers.StatusSent, parsers.StatusDeferred, parsers.StatusBounced,
		parsers.StatusDeliverable, parsers.StatusUndeliverable,
		parsers.StatusExpired, parsers.StatusForceExpired:
		return s.String()
	}
	return "unknown"
}
