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

	// Advice, chosen by diagnose.Advise. MainCF, MasterCF and TransportMap
	// are Postfix config lines, the same in every language.
	{"advice.docomo.filtered", "docomo refused this message because of the recipient's own mail settings (指定受信, 拒否, なりすまし拒否) or an SPF failure; the address {{.Recipient}} exists. Ask the customer to add the shop's From address or domain to the 受信リスト in docomo's 受信設定. docomo checks SPF against the header From domain: publish SPF for that domain covering this server, sign with DKIM and publish a DMARC record."},
	{"advice.docomo.filtered_since_change", "Since {{.Date}} docomo no longer rejects mail because of its users' filter settings: it accepts such mail and files it in the 迷惑メール folder. A 550 Unknown user at end of DATA after that date most likely means {{.Recipient}} does not exist, or the message failed docomo's own checks. Confirm the address with the customer and remove it from your lists if it is wrong; check that the header From domain passes SPF, DKIM and DMARC."},
	{"advice.docomo.user_unknown", "{{.Recipient}} does not exist at docomo (rejected at RCPT TO). Remove it from your lists now: docomo temporarily blocks networks that send to many unknown addresses, and the block holds back mail to every docomo customer."},
	{"advice.docomo.deferred", "docomo is holding back mail from this server. docomo limits how many sessions a sender opens at once, accepts at most 100 recipients per session, and for a while blocks networks that send to many unknown addresses, usually without a readable reply. If this repeats, send docomo mail through a slow transport, one connection and one recipient at a time:\n\nmain.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. Every retry counts against you: remove unknown addresses from your lists as well."},
	{"advice.docomo.sent", "Since {{.Date}} docomo accepts mail that its users' filters refuse and files it in the 迷惑メール folder, so status=sent no longer proves that the message reached the inbox of {{.Recipient}}. If a customer says a notice did not arrive, ask them to look in the 迷惑メール folder and to add the shop's address to the 受信リスト."},
	{"advice.au.filtered", "au refused this message because of the recipient's own mail filter (迷惑メールフィルター, なりすまし規制); the address {{.Recipient}} exists. Ask the customer to add the shop's From address or domain to the 受信リスト of au's 迷惑メールフィルター. なりすまし規制 checks the envelope sender at level 中, and the header From domain as well at level 高: publish SPF for both domains covering this server, sign with DKIM and publish a DMARC record."},
	{"advice.au.user_unknown", "au answered User unknown at RCPT TO for {{.Recipient}}. This usually means the address does not exist, but au has been seen to give it for a valid address that a filter held back. Confirm the address with the customer before you remove it; many unknown addresses lead to a block."},
	{"advice.au.deferred", "au is holding back mail from this server. au answers a blocked or congested sender with a TCP reset, accepts at most 100 recipients per message and publishes no thresholds. If this repeats, send au mail through a slow transport, one connection and one recipient at a time:\n\nmain.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. Remove unknown addresses from your lists as well."},
	{"advice.carrier.user_unknown", "{{.Recipient}} does not exist at {{.Carrier}}. Remove it from your lists: carriers block senders whose mail goes to many unknown addresses."},
	{"advice.carrier.deferred", "{{.Carrier}} is holding back mail from this server. If this repeats, send its mail through a slow transport, one connection and one recipient at a time:\n\nmain.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. Remove unknown addresses from your lists as well."},
	{"advice.carrier.sent", "{{.Carrier}} accepts mail and then drops it without an error when some of the recipient's filter settings refuse it, so status=sent does not prove delivery to {{.Recipient}}. If a customer says a notice did not arrive, ask them to add the shop's address to their 受信リスト."},
	{"advice.collateral", "{{.Carrier}} rejected the whole transaction because of another recipient, {{.Named}}, so {{.Recipient}} may be fine and may even have received the message. Deliver one recipient per transaction so that one refusal cannot fail the others:\n\nmain.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload, and requeue the message."},
	{"advice.too_many_recipients", "The receiver accepts fewer recipients per transaction than this server sent; docomo and au accept at most 100 per session. Deliver to {{.Domain}} one recipient per transaction:\n\nmain.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload."},
	{"advice.user_unknown", "{{.Recipient}} does not exist. Remove it from your lists: mail to many unknown addresses harms this server's reputation."},
	{"advice.filtered", "The recipient's own settings refused the message; the address {{.Recipient}} exists. Ask the recipient to allow the shop's From address, and check that the header From domain passes SPF, DKIM and DMARC."},
	{"advice.auth_failure", "The receiver found no passing SPF, DKIM or DMARC for this message. Publish SPF covering this server for the header From domain and the envelope sender's domain, sign outgoing mail with DKIM, and publish a DMARC record for the From domain."},
	{"advice.require_ptr", "The sending IP address has no reverse DNS name, or one that does not resolve back to it. Ask the provider of the IP address for a PTR record that matches myhostname and the HELO name. For IPv6 without a PTR record, send over IPv4 (inet_protocols = ipv4 in main.cf)."},
	{"advice.content_format", "The receiver rejected the format of the message. docomo answers 500 Line Too Long for a body line longer than 998 bytes: send long HTML as quoted-printable or base64. Check the header syntax as well."},
	{"advice.sender_rejected", "The receiver refused the envelope sender. Check that the sender's domain has an A or MX record: SoftBank rejects a sender domain that does not resolve."},
	{"advice.dns", "The domain {{.Domain}} could not be resolved. Check its spelling with the customer (docomo.ne.je for docomo.ne.jp, gmail.cm for gmail.com), then this server's DNS resolver."},
	{"advice.rate_limited", "The receiver limits how fast this server may send, often because of the IP address's reputation or the volume. Slow down delivery to {{.Domain}} and let the queue retry; check that SPF, DKIM and DMARC pass and that your lists hold no unknown addresses."},
	{"advice.blocked", "The receiver blocks this server's IP address or its reputation. Look the address up on public block lists, follow the receiver's delisting procedure, and send through a relay with a good reputation until the block is lifted."},
	{"advice.local_config", "The failure is on this server, not at the receiver. Read the warning lines before it in the log: for alias database unavailable run newaliases, and for loops back to myself check mydestination and the MX records of {{.Domain}}."},
	{"advice.network", "This server could not connect to the receiver. When every destination fails the same way, the provider may block outgoing port 25 (OP25B) or a firewall drops it: ask the provider, or relay through its submission server."},

	// Alerts: the banner over the domain table while [[alert]] rules fire.
	// Rate and Threshold are percentages, Window is 5m, 15m, 1h or 24h, and
	// Class is the localized class name.
	{"alert.firing", "ALERT {{.Domain}}: {{.Rate}}% of {{.Attempts}} deliveries failed in {{.Window}} (threshold {{.Threshold}}%)"},
	{"alert.firingClass", "ALERT {{.Domain}}: {{.Rate}}% of {{.Attempts}} deliveries were {{.Class}} in {{.Window}} (threshold {{.Threshold}}%)"},
	{"alert.more", "+{{.Count}} more"},
	{"alert.count", "alerts: {{.Count}}"},
	{"alert.cleared", "{{.Domain}} is back under its alert threshold: {{.Rate}}% failed in {{.Window}}"},
	{"alert.hookFailed", "alert hook {{.Command}} failed: {{.Error}}"},
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
