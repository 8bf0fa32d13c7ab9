package parsers

import "bytes"

// parseQmgrFrom reads qmgr's two sender lines:
//
//	queued  = "from=<" sender ">, size=" 1*DIGIT ", nrcpt=" 1*DIGIT " (queue active)"
//	expired = "from=<" sender ">, status=" ("expired" / "force-expired") [", returned to sender"]
func parseQmgrFrom(msg []byte, ev *Event) bool {
	sc := scanner{s: msg, pos: len("from=")}
	from, ok := sc.angle()
	if !ok {
		return false
	}
	ev.From = from
	if sc.consume(", status=") {
		switch string(sc.word()) {
		case "expired":
			ev.Status = StatusExpired
		case "force-expired":
			ev.Status = StatusForceExpired
		default:
			return false
		}
		if !sc.done() && !sc.consume(", returned to sender") {
			return false
		}
		ev.Kind = KindExpired
		return true
	}
	if !sc.consume(", size=") {
		return false
	}
	if ev.Size, ok = sc.uint(); !ok {
		return false
	}
	if !sc.consume(", nrcpt=") {
		return false
	}
	n, ok := sc.uint()
	if !ok || !sc.consume(" (queue active)") {
		return false
	}
	ev.NRcpt = int(n)
	ev.Kind = KindQueued
	return true
}

// parseMessageID reads the value of cleanup's "message-id=" or
// "resent-message-id=": "<ID>", "<>" (none), or a header value without
// angle brackets, which cleanup logs as it found it.
func parseMessageID(v []byte, ev *Event) bool {
	if len(v) > 0 && v[0] == '<' {
		if len(v) < 2 || v[len(v)-1] != '>' {
			return false // cut off
		}
		v = v[1 : len(v)-1]
	}
	ev.MessageID = v
	ev.Kind = KindMessageID
	return true
}

// parsePickup reads pickup's "uid=" 1*DIGIT " from=<" sender ">" [" orig_id=" ID].
// orig_id= names the queue ID the message had before postsuper -r.
func parsePickup(msg []byte, ev *Event) bool {
	sc := scanner{s: msg, pos: len("uid=")}
	uid, ok := sc.uint()
	if !ok || !sc.consume(" from=") {
		return false
	}
	if ev.From, ok = sc.angle(); !ok {
		return false
	}
	ev.UID = int(uid)
	if sc.consume(" orig_id=") {
		ev.OrigID = sc.word()
		if !validQueueID(ev.OrigID) {
			return false
		}
	}
	if !sc.done() {
		return false
	}
	ev.Kind = KindPickup
	return true
}

// parseClient reads smtpd's first line of a message:
//
//	client = "client=" name "[" addr "]" *(", " key "=" value)
//
// Known keys are sasl_method, sasl_username, sasl_sender, and, behind an
// XFORWARD content filter, orig_queue_id and orig_client. sasl_username
// goes to SASLUsername and orig_queue_id to OrigID.
func parseClient(msg []byte, ev *Event) bool {
	sc := scanner{s: msg, pos: len("client=")}
	ev.Client = sc.value()
	if len(ev.Client) < 3 || ev.Client[len(ev.Client)-1] != ']' ||
		bytes.IndexByte(ev.Client, '[') < 0 {
		return false
	}
	for sc.consume(", ") {
		switch {
		case sc.consume("sasl_username="):
			ev.SASLUsername = sc.value()
		case sc.consume("orig_queue_id="):
			ev.OrigID = sc.value()
		default:
			if !skipField(&sc) {
				return false
			}
		}
	}
	if !sc.done() {
		return false
	}
	ev.Kind = KindClient
	return true
}

// notifications are bounce(8)'s "ORIGID: KIND notification: NEWID" kinds.
var notifications = [...]struct {
	prefix string
	kind   NotificationKind
}{
	{"sender non-delivery notification: ", NotifySenderNonDelivery},
	{"postmaster non-delivery notification: ", NotifyPostmasterNonDelivery},
	{"sender delay notification: ", NotifySenderDelay},
	{"postmaster delay notification: ", NotifyPostmasterDelay},
	{"sender delivery status notification: ", NotifySenderDeliveryStatus},
}

func parseNotification(msg []byte, ev *Event) bool {
	if len(msg) == 0 || (msg[0] != 's' && msg[0] != 'p') {
		return false
	}
	for _, n := range notifications {
		if !hasPrefix(msg, n.prefix) {
			continue
		}
		id := msg[len(n.prefix):]
		if !validQueueID(id) {
			return false
		}
		ev.NewID = id
		ev.Notification = n.kind
		ev.Kind = KindNotification
		return true
	}
	return false
}
