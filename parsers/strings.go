package parsers

import "strconv"

// The String methods return the lowercase names used in reports, JSON and
// test failure messages.

var kindNames = [numKinds]string{
	KindUnrecognized: "unrecognized",
	KindForeign:      "foreign",
	KindOther:        "other",
	KindDelivery:     "delivery",
	KindQueued:       "queued",
	KindExpired:      "expired",
	KindRemoved:      "removed",
	KindMessageID:    "message-id",
	KindPickup:       "pickup",
	KindClient:       "client",
	KindReject:       "reject",
	KindNotification: "notification",
	KindRequeued:     "requeued",
	KindHeld:         "held",
	KindReleased:     "released",
	KindDeleted:      "deleted",
	KindExpireMarked: "expire-marked",
	KindDiagnostic:   "diagnostic",
	KindCanceled:     "canceled",
}

// String returns the kind's name, such as "delivery".
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

var severityNames = [...]string{"info", "warning", "error", "fatal", "panic"}

// String returns the severity word Postfix writes, or "info".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

var statusNames = [...]string{
	StatusNone:          "",
	StatusSent:          "sent",
	StatusDeferred:      "deferred",
	StatusBounced:       "bounced",
	StatusSoftBounce:    "SOFTBOUNCE",
	StatusDeliverable:   "deliverable",
	StatusUndeliverable: "undeliverable",
	StatusExpired:       "expired",
	StatusForceExpired:  "force-expired",
	StatusUnknown:       "unknown",
}

// String returns the status word as Postfix logs it; StatusNone is "".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

var phaseNames = [...]string{
	PhaseNone:      "",
	PhaseConnect:   "connect",
	PhaseGreeting:  "greeting",
	PhaseHELO:      "helo",
	PhaseSTARTTLS:  "starttls",
	PhaseMAIL:      "mail",
	PhaseRCPT:      "rcpt",
	PhaseDATA:      "data",
	PhaseBody:      "body",
	PhaseEndOfDATA: "end-of-data",
	PhaseRSET:      "rset",
	PhaseQUIT:      "quit",
}

// String returns the phase's short name, such as "rcpt"; PhaseNone is "".
func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "phase(" + strconv.Itoa(int(p)) + ")"
}

var notificationNames = [...]string{
	NotifyNone:                  "",
	NotifySenderNonDelivery:     "sender non-delivery",
	NotifyPostmasterNonDelivery: "postmaster non-delivery",
	NotifySenderDelay:           "sender delay",
	NotifyPostmasterDelay:       "postmaster delay",
	NotifySenderDeliveryStatus:  "sender delivery status",
}

// String returns the notice kind as bounce(8) names it, without
// " notification"; NotifyNone is "".
func (n NotificationKind) String() string {
	if int(n) < len(notificationNames) {
		return notificationNames[n]
	}
	return "notification(" + strconv.Itoa(int(n)) + ")"
}
