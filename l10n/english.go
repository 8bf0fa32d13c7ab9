package l10n

import "github.com/nicksnyder/go-i18n/v2/i18n"

// englishText is the English catalog: message id, then text. Placeholders are
// Go template fields ({{.Name}}); every id here needs a Japanese entry in
// ja.toml, which the package tests check.
var englishText = [][2]string{
	// Header.
	{"header.instance", "instance {{.Dir}}"},
	{"header.instanceDefault", "default instance"},
	{"header.log", "log {{.Sources}}"},
	{"header.logNone", "no log source"},
	{"header.rate", "{{.Rate}} lines/s"},
	{"header.window", "window {{.Window}}"},
	{"header.config", "config {{.Path}}"},
	{"header.configNone", "config none"},
	{"header.paused", "PAUSED"},
	{"header.readOnly", "READ-ONLY"},
	{"header.demo", "DEMO (simulated actions)"},
	{"feed.waiting", "waiting for the first log lines…"},

	// Windows; 5m, 1h and 24h are shown as they are.
	{"window.all", "all"},

	// Domain table.
	{"domains.title", "Domains"},
	{"domains.sort", "sort: {{.Column}}"},
	{"domains.sortReversed", "sort: {{.Column}} (reversed)"},
	{"domains.filter", "filter: {{.Text}}"},
	{"domains.overflow", "(other domains)"},
	{"domains.noMatch", "no domain matches “{{.Text}}”"},
	{"col.domain", "domain"},
	{"col.attempts", "tries"},
	{"col.sent", "sent%"},
	{"col.deferred", "defer"},
	{"col.bounced", "bounce"},
	{"col.expired", "expired"},
	{"col.class", "top reason"},
	{"col.trend", "fails/hour"},
	{"col.delay", "delay"},
	{"col.pending", "queued"},
	{"col.oldest", "oldest"},
	{"sort.failures", "failures"},

	// Failure feed.
	{"feed.title", "Failures, newest first, watch list on top"},
	{"feed.empty", "no failures yet"},
	{"status.sent", "sent"},
	{"status.deferred", "deferred"},
	{"status.bounced", "bounced"},
	{"status.expired", "expired"},
	{"status.other", "other"},

	// Message list of one domain.
	{"msgs.title", "{{.Domain}}: recent messages"},
	{"msgs.loading", "loading…"},
	{"msgs.empty", "no messages seen for this domain"},
	{"col.time", "time"},
	{"col.queueID", "queue ID"},
	{"col.sender", "from"},
	{"col.recipient", "to"},
	{"col.status", "status"},
	{"col.reason", "reason"},
	{"col.reply", "reply"},

	// Message view.
	{"msg.title", "Message {{.QueueID}}"},
	{"msg.loading", "loading {{.QueueID}}…"},
	{"msg.notFound", "queue ID {{.QueueID}} is no longer in memory; it may have aged out"},
	{"msg.state", "state"},
	{"msg.arrival", "arrival"},
	{"msg.firstSeen", "first seen"},
	{"msg.lastSeen", "last seen"},
	{"msg.client", "client"},
	{"msg.pickup", "local submission, uid {{.UID}}"},
	{"msg.sender", "from"},
	{"msg.nullSender", "<> (notification from the mail system)"},
	{"msg.messageID", "message-id"},
	{"msg.size", "size"},
	{"msg.sizeBytes", "{{.Size}} bytes"},
	{"msg.origID", "requeued from"},
	{"msg.requeuedAs", "requeued as"},
	{"msg.recipients", "Recipients"},
	{"msg.noAttempts", "no delivery attempt seen"},
	{"msg.notifications", "Notifications"},
	{"msg.lines", "Log lines"},
	{"msg.linesDropped", "{{.Count}} lines from the middle were dropped"},
	{"msg.attemptsDropped", "{{.Count}} attempts from the middle were dropped"},
	{"state.queued", "in the queue"},
	{"state.held", "on hold"},
	{"state.removed", "left the queue"},
	{"state.deleted", "deleted by an operator"},
	{"state.expired", "expired and returned to the sender"},
	{"state.requeued", "requeued under a new queue ID"},
	{"state.rejected", "rejected after it was queued"},
	{"msg.delay", "delay {{.Delay}}"},
	{"msg.relay", "relay {{.Relay}}"},
	{"notify.senderNonDelivery", "non-delivery notice to the sender"},
	{"notify.postmasterNonDelivery", "non-delivery notice to the postmaster"},
	{"notify.senderDelay", "delay notice to the sender"},
	{"notify.postmasterDelay", "delay notice to the postmaster"},
	{"notify.senderDeliveryStatus", "delivery status notice to the sender"},
	{"notify.other", "notice"},

	// Confirmations and action results.
	{"confirm.deliver", "Deliver {{.QueueID}} now? from {{.Sender}} to {{.Recipients}} [y/N]"},
	{"confirm.requeue", "Requeue {{.QueueID}}? from {{.Sender}} to {{.Recipients}} [y/N]"},
	{"confirm.simulated", "Demo mode: the action is simulated."},
	{"action.deliver", "deliver now"},
	{"action.requeue", "requeue"},
	{"result.running", "{{.Action}} {{.QueueID}}: running…"},
	{"result.done", "{{.Action}} {{.QueueID}}: {{.Output}}"},
	{"result.doneEmpty", "{{.Action}} {{.QueueID}}: done"},
	{"result.simulated", "{{.Action}} {{.QueueID}}: simulated; would run {{.Command}}"},
	{"result.failed", "{{.Action}} {{.QueueID}} failed: {{.Error}}"},
	{"result.cancelled", "cancelled: {{.Action}} {{.QueueID}}"},
	{"result.readOnly", "read-only mode is on: {{.Action}} is disabled"},
	{"result.noActor", "actions are not available in this mode"},
	{"result.noSource", "message details are not available in this mode"},
	{"result.unknownMessage", "queue ID {{.QueueID}} is no longer known; it may have left the queue"},
	{"result.pickMessage", "select a message first"},

	// Keys and help.
	{"help.title", "Keys"},
	{"help.close", "press ? or esc to close"},
	{"help.configFile", "config file: {{.Path}}"},
	{"help.groupMove", "Move"},
	{"help.groupView", "View"},
	{"help.groupActions", "Actions"},
	{"key.up", "up"},
	{"key.down", "down"},
	{"key.pageUp", "page up"},
	{"key.pageDown", "page down"},
	{"key.home", "first"},
	{"key.end", "last"},
	{"key.open", "open"},
	{"key.back", "back"},
	{"key.filter", "filter"},
	{"key.clearFilter", "clear filter"},
	{"key.applyFilter", "apply filter"},
	{"key.focus", "pane"},
	{"key.sort", "sort"},
	{"key.reverse", "reverse"},
	{"key.window", "window"},
	{"key.pickWindow", "5m/1h/24h/all"},
	{"key.pause", "pause"},
	{"key.resume", "resume"},
	{"key.help", "help"},
	{"key.quit", "quit"},
	{"key.deliver", "deliver now"},
	{"key.requeue", "requeue"},
	{"key.yes", "confirm"},
	{"key.no", "cancel"},

	// Reason classes; English keeps the stable names used by report --json.
	{"class.user_unknown", "user_unknown"},
	{"class.filtered", "filtered"},
	{"class.mailbox_full", "mailbox_full"},
	{"class.too_many_recipients", "too_many_recipients"},
	{"class.rate_limited", "rate_limited"},
	{"class.blocked", "blocked"},
	{"class.spam_content", "spam_content"},
	{"class.auth_failure", "auth_failure"},
	{"class.require_ptr", "require_ptr"},
	{"class.content_format", "content_format"},
	{"class.message_too_big", "message_too_big"},
	{"class.sender_rejected", "sender_rejected"},
	{"class.relay_denied", "relay_denied"},
	{"class.network", "network"},
	{"class.connection_lost", "connection_lost"},
	{"class.dns", "dns"},
	{"class.tls", "tls"},
	{"class.suspended", "suspended"},
	{"class.local_config", "local_config"},
	{"class.other", "other"},
}

// englishMessages returns the English catalog as go-i18n messages.
func englishMessages() []*i18n.Message {
	messages := make([]*i18n.Message, 0, len(englishText))
	for _, entry := range englishText {
		messages = append(messages, &i18n.Message{ID: entry[0], Other: entry[1]})
	}
	return messages
}

// IDs returns every message id of the English catalog, in catalog order.
func IDs() []string {
	ids := make([]string, 0, len(englishText))
	for _, entry := range englishText {
		ids = append(ids, entry[0])
	}
	return ids
}
