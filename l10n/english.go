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
	{"feed.title", "Failures: watched domains in list order, then others; each newest first"},
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

	// Export of the addresses rejected as unknown at RCPT TO, the rows of
	// report --unknown-recipients. Path is the CSV file written.
	{"key.exportUnknown", "unknown users → CSV"},
	{"export.running", "exporting unknown recipients…"},
	{"export.busy", "an export of unknown recipients is already running"},
	{"export.unavailable", "exporting unknown recipients is not available in this mode"},
	{"export.failed", "export of unknown recipients failed: {{.Error}}"},
	{"export.done", "exported {{.Count}} unknown recipients to {{.Path}}"},
	{"export.doneOne", "exported {{.Count}} unknown recipient to {{.Path}}"},
	{"export.doneNone", "no unknown recipients found; wrote the header row to {{.Path}}"},

	// The queue screen.
	{"queue.title", "Queue"},
	{"queue.retryDue", "due"},
	{"queue.shapeTitle", "Queue shape: {{.Queue}} (v: next queue)"},
	{"queue.shapeTotal", "TOTAL"},
	{"queue.tagged", "{{.Count}} tagged"},
	{"queue.ages", "age {{.Range}}"},
	{"queue.waiting", "reading the queue…"},
	{"queue.scanFailed", "queue scan failed, showing the last good scan: {{.Error}}"},
	{"queue.fromDirectory", "queue files in {{.Dir}}"},
	{"queue.fromPostqueue", "listed with postqueue -j (not root): no retry times, done recipients or DSN codes"},
	{"queue.fromPostqueueActions", "listed with postqueue -j (not root): hold, release, requeue, expire and delete need root; deliver now and flush work"},
	{"queue.empty", "the queue is empty"},
	{"queue.noMatch", "no queued message matches the filter"},
	{"queue.notWatched", "the queue is not read in this mode"},
	{"help.queueFilter", "queue filter /: d:domain s:sender r:recipient q:queue c:class, else reason"},
	{"help.queueScope", "queue actions: the tagged messages (space, T), else the cursor message"},
	{"qcol.queueID", "queue ID"},
	{"qcol.queue", "queue"},
	{"qcol.age", "age"},
	{"qcol.retry", "retry"},
	{"qcol.size", "size"},
	{"qcol.sender", "from"},
	{"qcol.recipients", "to"},
	{"qcol.domain", "domain"},
	{"qcol.class", "class"},
	{"qcol.reason", "reason"},
	{"qmsg.title", "Queued message {{.QueueID}}"},
	{"qmsg.gone", "this message has left the queue since it was opened"},
	{"qmsg.queue", "queue"},
	{"qmsg.forcedExpire", "(set to expire)"},
	{"qmsg.nextRetry", "next retry"},
	{"qmsg.sasl", "SASL user"},
	{"qmsg.origAddress", "originally {{.Address}}"},
	{"qmsg.pending", "pending"},
	{"qmsg.done", "done"},
	{"qmsg.life", "Life in the log"},
	{"qmsg.content", "Message content"},
	{"qmsg.contentLoading", "reading the queue file…"},
	{"qmsg.contentGone", "the message left the queue"},
	{"qmsg.contentNeedRoot", "reading the message content needs root: the queue was listed with postqueue, which shows no content"},
	{"qmsg.contentFailed", "reading the message content failed: {{.Error}}"},
	{"qmsg.body", "Body"},
	{"qmsg.bodyCharset", "charset {{.Charset}}"},
	{"qmsg.noText", "the message has no text part"},
	{"qmsg.bodyMore", "… the body goes on"},
	{"qmsg.bodyError", "the body decoded only in part: {{.Error}}"},
	{"action.hold", "hold"},
	{"action.release", "release"},
	{"action.expire", "return to sender"},
	{"action.delete", "delete"},
	{"action.flushDomain", "flush domain"},
	{"action.flushAll", "flush all"},
	{"qconfirm.one", "{{.Action}}: {{.QueueID}} ({{.Queues}}) from {{.Sender}} to {{.Recipients}}? [y/N]"},
	{"qconfirm.tagged", "{{.Action}}: {{.Count}} tagged messages ({{.Queues}})? [y/N]"},
	{"qconfirm.typeCount", "Delete {{.Count}} tagged messages ({{.Queues}}) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.flushDomain", "Flush {{.Domain}}: retry its deferred mail now with postqueue -s {{.Domain}}? [y/N]"},
	{"qconfirm.flushAll", "Flush all: retry every deferred message now with postqueue -f? [y/N]"},
	{"qresult.running", "{{.Action}}: running…"},
	{"qresult.done", "{{.Action}}: {{.Count}} of {{.Total}} changed"},
	{"qresult.flushed", "{{.Action}}: done"},
	{"qresult.simulated", "{{.Action}}: simulated; would run {{.Command}}"},
	{"qresult.skipped", "{{.Count}} skipped: {{.Reason}}"},
	{"qresult.failed", "{{.Action}} failed: {{.Error}}"},
	{"qresult.cancelled", "cancelled: {{.Action}}"},
	{"qresult.countMismatch", "delete cancelled: {{.Typed}} is not {{.Count}}"},
	{"qresult.needsRoot", "{{.Action}} needs root, because postsuper is reserved for the superuser; run mailtop with sudo"},
	{"key.queue", "queue"},
	{"key.queueView", "list/shape"},
	{"key.tag", "tag"},
	{"key.tagAll", "tag shown"},
	{"key.untag", "clear tags"},
	{"key.shapeColumn", "age column"},
	{"key.hold", "hold"},
	{"key.release", "release"},
	{"key.expire", "return to sender"},
	{"key.delete", "delete"},
	{"key.flushDomain", "flush domain"},
	{"key.flushAll", "flush all"},

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
	{"advice.local_config", "The failure is on this server, not at the receiver. Read the warning lines before it in the log: for alias database unavailable run newaliases, and for loops back to myself check mydestination and the MX records of {{.Domain}}, and for deferred transport remove the transport from defer_transports in main.cf (or run postqueue -f once to try it now)."},
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

	// Forwarding: the note of a message that mailtop forward attaches.
	{"forward.note", "This message could not be delivered from our mail server (queue ID {{.QueueID}}), so it is forwarded through {{.Relay}}. The original message is attached unchanged."},
	{"forward.noteBounce", "This message was returned to our mail server as undeliverable, so it is forwarded through {{.Relay}}. The original message is attached unchanged."},
	{"forward.noteEncoded", "The original is attached as the file original.eml because it cannot be sent as it is (lines over 998 bytes, or 8-bit text for a relay without 8BITMIME). Open the file to read it."},

	// The "why" panel: the cause of a domain's or a message's failures in
	// plain words, how sure mailtop is, the evidence, the advice and the
	// breakdowns by class and by sending path.
	{"key.why", "why it fails"},
	{"why.title", "Why {{.Domain}} fails · window {{.Window}}"},
	{"why.titleMessage", "Why message {{.QueueID}} to {{.Recipient}} fails"},
	{"why.cause", "Cause"},
	{"why.noFailures", "Nothing failed in this window."},
	{"why.howSure", "How sure"},
	{"why.sureness", "{{.Level}}: {{.Basis}}"},
	{"why.level.high", "high"},
	{"why.level.medium", "medium"},
	{"why.level.low", "low"},
	{"why.basis.override", "an override rule in the config file decided"},
	{"why.basis.token", "the receiver's error code names the cause"},
	{"why.basis.text", "the reply text matches a known wording"},
	{"why.basis.code", "only the enhanced status code matched"},
	{"why.basis.none", "no rule matched the reply"},
	{"why.collateral", "The receiver rejected the whole transaction because of another recipient, so this recipient may be fine."},
	{"why.evidence", "Evidence"},
	{"why.lastReply", "Last reply {{.Time}}, {{.Phase}}"},
	{"why.lastReplyNoPhase", "Last reply {{.Time}}"},
	{"why.noEvidence", "No reply text was logged."},
	{"why.advice", "What to do"},
	{"why.noAdvice", "mailtop has no advice beyond the cause above."},
	{"why.classes", "Failures by cause"},
	{"why.paths", "Sending paths"},
	{"why.pathSender", "sender domain"},
	{"why.pathClient", "client"},
	{"why.pathRelay", "relay"},
	{"why.pathOther", "other paths"},
	{"why.pathsLoading", "loading…"},
	{"why.pathsNone", "No deliveries in this window."},
	{"why.pathsUnavailable", "This log source keeps no sending paths."},
	{"why.phase.connect", "while connecting"},
	{"why.phase.greeting", "in the greeting"},
	{"why.phase.helo", "after HELO"},
	{"why.phase.starttls", "during STARTTLS"},
	{"why.phase.mail", "after MAIL FROM"},
	{"why.phase.rcpt", "after RCPT TO"},
	{"why.phase.data", "after DATA"},
	{"why.phase.body", "while sending the message"},
	{"why.phase.end_of_data", "at end of DATA"},
	{"why.phase.rset", "after RSET"},
	{"why.phase.quit", "after QUIT"},
	{"why.class.user_unknown", "The recipient's mailbox does not exist."},
	{"why.class.filtered", "The recipient's own mail settings refused the message."},
	{"why.class.mailbox_full", "The recipient's mailbox is full."},
	{"why.class.too_many_recipients", "More recipients were sent per message or per period than the receiver allows."},
	{"why.class.rate_limited", "The receiver is slowing this server down: too many messages or connections."},
	{"why.class.blocked", "The receiver blocks this server's IP address or its reputation."},
	{"why.class.spam_content", "The receiver judged the content to be spam or against its policy."},
	{"why.class.auth_failure", "The message failed SPF, DKIM or DMARC."},
	{"why.class.require_ptr", "This server's IP address has no matching reverse DNS name."},
	{"why.class.content_format", "The message is malformed: a line too long or a bad header."},
	{"why.class.message_too_big", "The message is larger than the receiver accepts."},
	{"why.class.sender_rejected", "The receiver refused the envelope sender or its domain."},
	{"why.class.relay_denied", "The receiver does not accept mail for this destination from this server."},
	{"why.class.network", "This server could not connect to the receiver."},
	{"why.class.connection_lost", "The connection dropped or timed out during the SMTP dialogue."},
	{"why.class.dns", "The destination's name or MX record could not be resolved."},
	{"why.class.tls", "The TLS handshake or the TLS policy failed."},
	{"why.class.suspended", "Postfix paused delivery to this destination after earlier failures and made no connection."},
	{"why.class.local_config", "The problem is on this server, not at the receiver."},
	{"why.class.other", "No rule matched this reply: read the reply text."},

	// Command-line help, printed by --help. Each text equals the one the
	// command defines, which TestHelpCatalogMatchesCommands checks; ids are
	// described in help_l10n.go.
	{"cli.error.usage", "The command line has an error. Run '{{.Command}} --help' for usage."},
	{"cli.error.noLog", "No readable mail log was found: name one with --log, or use --journal for the systemd journal."},
	{"cli.error.noPostfix", "postconf could not describe the Postfix instance: check that Postfix is installed, and give another instance's directory with -c DIR."},
	{"cli.error.permission", "Permission denied: run mailtop as root (sudo)."},
	{"cli.error.notExist", "A file or directory named here does not exist: check the path."},
	{"cli.error.other", "mailtop stopped; the line above says why."},
	{"cli.root.short", "Live per-domain delivery rates and rescue keys for a Postfix server"},
	{"cli.root.long", `mailtop is top for a Postfix mail server. It follows the mail log and shows,
per recipient domain, how many deliveries were sent, deferred, bounced and
expired, and why, with the Japanese mobile carriers pinned on top.

Run without a subcommand for the live dashboard, usually as root:
  sudo mailtop                 the default Postfix instance
  sudo mailtop -c /etc/postfix-out
  mailtop --demo               a recorded shop's day, actions simulated`},
	{"cli.flag.config", "read mailtop settings from this TOML `file` (default /etc/mailtop/config.toml, then $XDG_CONFIG_HOME/mailtop/config.toml)"},
	{"cli.flag.config-directory", "use the Postfix instance whose main.cf is in `DIR`; passed to every Postfix command as -c DIR"},
	{"cli.flag.debug", "write mailtop's own debug log to this `file`"},
	{"cli.flag.domain", "show only this recipient domain, such as docomo.ne.jp"},
	{"cli.flag.journal", "read Postfix's lines from the systemd journal (journalctl, mail facility) instead of a log file"},
	{"cli.flag.lang", "language of the screen and messages: en or ja (default: from LC_ALL, LC_MESSAGES, LANG)"},
	{"cli.flag.log", "read this mail log file (repeatable; - reads standard input) instead of the one Postfix names"},
	{"cli.flag.since", "start this far back: a duration such as 30m, 24h or 7d, a time such as 2026-12-04T09:00, or all (dashboard default 24h, report default all)"},
	{"cli.flag.tz", "time zone of log timestamps that carry none, such as Asia/Tokyo or UTC (default: the local zone)"},
	{"cli.flag.year", "year of log timestamps that carry none (default: from the log file's modification time)"},
	{"cli.flag.audit-log", "append a JSON line for every action to this `file`"},
	{"cli.flag.demo", "run the dashboard on an embedded recording of a shop's day; actions are simulated"},
	{"cli.flag.help", "help for {{.Command}}"},
	{"cli.flag.read-only", "disable every action key (deliver now, requeue)"},
	{"cli.flag.version", "version for {{.Command}}"},
	{"cli.check.short", "Show how Postfix routes and paces mail to each watched domain"},
	{"cli.check.long", `For each domain of the watch list (or --domain), find the transport Postfix
uses for it (transport_maps, then default_transport or relay_transport), its
master.cf entry, and the limits qmgr applies: the destination concurrency
and recipient limits, the destination and transport rate delays and the
process limit. A domain is throttled when one of them is 1 or a delay is
set. For a Japanese mobile carrier's domain that is not, print the main.cf,
master.cf and transport table lines of a dedicated slow transport that
differ from the instance's configuration, and list apart the lines it has
already. A line that an earlier domain's suggestion lists is not repeated.
Other domains, such as gmail.com, get no suggestion: they need no such
throttling.

check runs postconf and postmap only. It never changes the Postfix
configuration: apply the suggested lines yourself, then run the commands
it lists. -c DIR checks another instance. --json prints one document for
scripts.`},
	{"cli.check.flag.json", "print JSON instead of text"},
	{"cli.classify.short", "Print the reason class of every delivery line as JSON, one object a line"},
	{"cli.classify.long", `Read a mail log once and print one JSON object for each delivery line
(to=<...>, status=...), sent ones included, in log order:

  {"queue_id":"7E996BE094","recipient":"reject2@docomo.ne.jp","domain":"docomo.ne.jp",
   "status":"bounced","dsn":"5.1.1","phase":"rcpt","carrier":"docomo",
   "class":"user_unknown","collateral":false,"basis":"text"}

status is sent, deferred, bounced, softbounce, deliverable or undeliverable.
phase is the SMTP stage of the reply (connect, greeting, helo, starttls,
mail, rcpt, data, body, end_of_data, rset, quit) or "". class is "" for a
success. basis is override, token, text or code, or "" when no rule matched.

FILE is read in addition to any --log; - reads standard input. Without
either, the log that Postfix names is read. Whole files are read unless
--since is given. [[override]] rules in the config file apply.`},
	{"cli.completion.short", "Generate the autocompletion script for the specified shell"},
	{"cli.completion.long", `Generate the autocompletion script for mailtop for the specified shell.
See each sub-command's help for details on how to use the generated script.
`},
	{"cli.completion.shell.short", "Generate the autocompletion script for {{.Shell}}"},
	{"cli.completion.shell.flag.no-descriptions", "disable completion descriptions"},
	{"cli.help.short", "Help about any command"},
	{"cli.help.long", `Help provides help for any command in the application.
Simply type mailtop help [path to command] for full details.`},
	{"cli.queue.short", "List the Postfix queue once and exit"},
	{"cli.queue.long", `List every message in the Postfix queue with its queue, age, size, sender,
pending recipients, the reason, reason class and DSN status of the last
failed attempt, and the next retry time. Run as root (or the postfix user)
to read the queue files directly; otherwise mailtop falls back to
postqueue -j, which shows no retry times, done recipients or DSN status
codes. --domain keeps only the recipients of that domain, and the messages
that have one.

--queue-dir DIR reads a queue directory directly, for instance a copy taken
from another server, and never runs postqueue.

The filters --sender, --recipient, --queue, --class and --reason keep the
messages that match all of them. Text matches without regard to case and as
a substring, except --queue and --class, which take a name. The recipient
filters (--domain, --recipient, --class, --reason) match when one pending
recipient matches all of them. --sender '<>' selects bounces.

The subcommands hold, release, requeue, deliver, expire and delete act on
the messages the filters select; see mailtop queue hold --help.

In the text listing, "#" after a queue ID marks a message set to expire with
postsuper -e or -f, and "<>" is the null sender of bounces.

--json prints one JSON document:
  {
    "source": "directory" or "postqueue",
    "queue_directory": "/var/spool/postfix",
    "fallback_reason": why postqueue was used, or "",
    "generated_at": RFC 3339 time of the listing,
    "domain": the --domain value, or "",
    "counts": {"maildrop": N, "incoming": N, "active": N, "deferred": N,
               "hold": N, "corrupt": N}   (messages listed per queue),
    "incomplete": files skipped while Postfix was still writing them,
    "vanished": files gone between listing and reading them,
    "skipped": names in the queue that are not queue IDs,
    "errors": [{"queue_name", "queue_id", "path", "error"}],
    "messages": [{
      "queue_id", "queue_name",
      "arrival_time": RFC 3339, "age_seconds": integer,
      "message_size": bytes, "sender": "" for the null sender,
      "forced_expire": bool,
      "next_retry": RFC 3339, or null outside the deferred queue,
      "sasl_username", "client": "name[address]" of the SMTP client, or "",
      "recipients": [{"address", "orig_address", "done": bool,
                      "status": DSN code such as "4.2.0", "reason",
                      "class": reason class of "reason", or "",
                      "bounce_reason"}]
    }]
  }
Every member is always present; unknown values are "" or null, and lists
are [] when empty. Messages are sorted by arrival time. Times are in UTC.`},
	{"cli.queue.flag.class", "keep messages with a pending recipient whose last defer reason has this reason `class`, such as rate_limited"},
	{"cli.queue.flag.queue", "keep messages in this `queue`: maildrop, incoming, active, deferred, hold or corrupt"},
	{"cli.queue.flag.queue-dir", "read the queue files in this `DIR` (such as a copy) instead of the instance's queue_directory; listing only"},
	{"cli.queue.flag.reason", "keep messages with a pending recipient whose last defer reason contains this `text`"},
	{"cli.queue.flag.recipient", "keep messages with a pending recipient whose address contains this `text`"},
	{"cli.queue.flag.sender", "keep messages whose envelope sender contains this `text`; <> is the null sender"},
	{"cli.queue.flag.json", "print one JSON document instead of text"},
	{"cli.queue.delete.short", "Delete the selected messages for good"},
	{"cli.queue.action.long", `{{.Short}}, with {{.Command}}.

The messages are those mailtop queue lists with the same filters (--domain,
--sender, --recipient, --queue, --class, --reason); without a filter, pass
--all. Just before acting, mailtop lists the queue again with postqueue -j
and leaves alone every message that moved to another queue, left the queue
or whose queue ID now names another message (other sender or arrival time),
and every message in a queue the action does not apply to; each is printed
with the reason. The count printed is the one Postfix reports.

--dry-run prints the messages and the command and changes nothing. delete
asks for the number of messages to be typed when standard input is a
terminal, and otherwise needs --yes.

Each run appends one line to the audit log (--audit-log). Changing the
queue needs root, because postsuper does; deliver (postqueue -i) works for
any user that authorized_flush_users allows.`},
	{"cli.queue.action.flag.all", "act on every queued message when no filter is given"},
	{"cli.queue.action.flag.audit-log", "append a JSON line for the action to this `file`"},
	{"cli.queue.action.flag.dry-run", "print the selected messages and the command, and change nothing"},
	{"cli.queue.action.flag.yes", "delete without asking for the count to be typed"},
	{"cli.queue.deliver.short", "Attempt delivery of the selected messages now"},
	{"cli.queue.expire.short", "Return the selected messages to their senders at the next attempt"},
	{"cli.queue.hold.short", "Put the selected messages on hold"},
	{"cli.queue.release.short", "Release the selected messages from hold"},
	{"cli.queue.requeue.short", "Requeue the selected messages (each gets a new queue ID)"},
	{"cli.report.short", "Print per-domain delivery counts for a mail log and exit"},
	{"cli.report.long", `Read the mail log once and print, per recipient domain, the deliveries sent,
deferred, bounced and expired, the delays and the most frequent failure
classes, with the watch-list domains first. Whole files are read unless
--since is given. --json prints a stable document for scripts.

--unknown-recipients prints instead, as CSV, every address that a receiver
rejected as unknown, one row per address with its latest failure, sorted by
domain and then address. The header row is
recipient,domain,carrier,time,queue_id,dsn,reply,basis. basis is
unknown_at_rcpt for a reject in reply to RCPT TO. Rejects at end of DATA are
left out, because there a receiver rejects every recipient of the
transaction, with one exception: docomo's "550 Unknown user" for the
recipient itself, logged on or after 2025-03-13, has basis
likely_unknown_since_docomo_2025-03-13. docomo sent that reply for its
users' filters until then, and since then it more often means that the
address does not exist.`},
	{"cli.report.flag.json", "print JSON instead of text"},
	{"cli.report.flag.unknown-recipients", "print the addresses rejected as unknown as CSV instead of the report"},
	{"cli.forward.short", "Send queued or bounced messages through another SMTP relay"},
	{"cli.forward.long", `Send messages that Postfix cannot deliver through another SMTP relay,
such as the mail provider's submission server, over SMTP.

  mailtop forward QUEUE_ID... --via RELAY      messages in the queue (needs root)
  mailtop forward --bounce FILE --via RELAY --to ADDR
                                               the original inside a bounce

--via takes the name of a [[relay]] in the config file, or smtp://HOST:PORT
(STARTTLS required, plain text only to a loopback host) or
smtps://HOST:PORT (implicit TLS).

The envelope sender (MAIL FROM and Resent-From) is --from, else the
relay's envelope_sender, else the original's sender. For a bounce that is
the original's Return-Path, else its From address. The null sender is
never used, so a message without a sender needs --from or
envelope_sender.

By default each message is resent unchanged, as Postfix stored it, with
Resent-From, Resent-To, Resent-Date and Resent-Message-ID prepended. Only
a Return-Path field is removed, because a message being sent should not
carry one (RFC 5321 section 4.4); --attach removes it too. A message with a line over 998 bytes, or with 8-bit content for a relay
without 8BITMIME, is refused before anything is sent. --attach sends a new
message with a short note and the original attached, encoded when it
cannot travel as it is.

Each message goes to its own pending recipients unless --to is given.
Only after the relay accepted every recipient and answered 250 to DATA,
--then acts on that message's original: keep (the default) leaves it
queued, hold puts it on hold and delete removes it. delete is refused
while the original has a pending recipient that is not forwarded. On any
failure the original is left as it is. Every attempt and every hold or
delete is appended to the audit log (--audit-log); no password is.

Exit status: 0 when every message was forwarded, 1 when some were and
some were not (or a hold or delete after the forward failed), 2 for a
command-line error, 3 when no message was forwarded. --dry-run exits 3
when every message would be refused and 1 when some would be.`},
	{"cli.forward.flag.attach", "send a new message with a short note and the original attached, instead of resending it unchanged"},
	{"cli.forward.flag.audit-log", "append a JSON line for each forward, hold and delete to this `file`"},
	{"cli.forward.flag.bounce", "forward the original inside this bounce `file` (multipart/report) instead of queued messages"},
	{"cli.forward.flag.after", "keep, hold or delete; the older spelling of --then"},
	{"cli.forward.flag.from", "send from this envelope sender `address` (MAIL FROM and Resent-From) in place of the relay's envelope_sender and the original's sender"},
	{"cli.forward.flag.dry-run", "print what would be sent and connect to nothing"},
	{"cli.forward.flag.mode", "resend or attach; the older spelling of --attach"},
	{"cli.forward.flag.timeout", "give up when the relay does not connect or reply within this `duration`, such as 30s (default: 30s to connect, 5m for each reply)"},
	{"cli.forward.flag.then", "the `action` to take on each queued original once the relay accepted it: keep, hold or delete"},
	{"cli.forward.flag.to", "send to this `address`; repeat it or separate addresses with commas (default: each message's pending recipients)"},
	{"cli.forward.flag.via", "send through this `relay`: a [[relay]] name, smtp://HOST:PORT or smtps://HOST:PORT"},
	// Text output of the report, queue, check and forward subcommands.
	// The English texts are the output scripts and tests already rely on.
	{"out.report.empty", "No Postfix deliveries found ({{.Read}} lines read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized)."},
	{"out.report.range", "From {{.From}} to {{.To}}: {{.Read}} lines read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized."},
	{"out.report.totals", "Attempts {{.Attempts}}: sent {{.Sent}} ({{.Percent}}), deferred {{.Deferred}} ({{.Suspended}} suspended), bounced {{.Bounced}}, expired {{.Expired}}."},
	{"out.report.col.domain", "DOMAIN"},
	{"out.report.col.attempts", "ATTEMPTS"},
	{"out.report.col.sent", "SENT"},
	{"out.report.col.sentPercent", "SENT%"},
	{"out.report.col.deferred", "DEFERRED"},
	{"out.report.col.bounced", "BOUNCED"},
	{"out.report.col.expired", "EXPIRED"},
	{"out.report.col.avgDelay", "AVG DELAY"},
	{"out.report.col.maxDelay", "MAX DELAY"},
	{"out.report.col.classes", "TOP CLASSES"},
	{"out.queue.empty", "Mail queue is empty."},
	{"out.queue.col.id", "QUEUE ID"},
	{"out.queue.col.queue", "QUEUE"},
	{"out.queue.col.age", "AGE"},
	{"out.queue.col.size", "SIZE"},
	{"out.queue.col.retry", "NEXT RETRY"},
	{"out.queue.col.sender", "SENDER"},
	{"out.queue.retryDue", "due"},
	{"out.queue.origAddress", "(for {{.Address}})"},
	{"out.queue.bounced", "bounced: {{.Reason}}"},
	{"out.queue.doneOne", "({{.Count}} recipient done)"},
	{"out.queue.doneMany", "({{.Count}} recipients done)"},
	{"out.queue.summaryOne", "{{.Count}} message{{.Queues}} in {{.Dir}}"},
	{"out.queue.summaryMany", "{{.Count}} messages{{.Queues}} in {{.Dir}}"},
	{"out.queue.incomplete", "; {{.Count}} still being written"},
	{"out.queue.vanished", "; {{.Count}} left the queue during the scan"},
	{"out.queue.end", "."},
	{"out.queue.postqueue", "Listed with postqueue -j, so next retry times, done recipients and DSN codes are missing ({{.Reason}})."},
	{"out.queue.unreadable", "unreadable: {{.Error}}"},
	{"out.action.noMatch", "No queued message matches; nothing to {{.Action}}."},
	{"out.action.dryRunOne", "Dry run: {{.Action}} would run {{.Command}} on {{.Count}} message; nothing was changed."},
	{"out.action.dryRunMany", "Dry run: {{.Action}} would run {{.Command}} on {{.Count}} messages; nothing was changed."},
	{"out.action.skipped", "skipped {{.ID}}: {{.Reason}}"},
	{"out.action.resultOne", "{{.Action}}: {{.Changed}} of {{.Count}} message changed ({{.Skipped}} skipped)."},
	{"out.action.resultMany", "{{.Action}}: {{.Changed}} of {{.Count}} messages changed ({{.Skipped}} skipped)."},
	{"out.action.confirmOne", "Delete {{.Count}} message for good? Type {{.Count}} to confirm: "},
	{"out.action.confirmMany", "Delete {{.Count}} messages for good? Type {{.Count}} to confirm: "},
	{"out.check.transport", "transport"},
	{"out.check.via", "{{.Transport}} (from {{.Source}})"},
	{"out.check.viaMap", "transport_maps {{.Table}}, key {{.Key}}"},
	{"out.check.nexthop", "next hop"},
	{"out.check.nexthopDefault", "default: relayhost, or else the domain's MX hosts"},
	{"out.check.noService", "no {{.Transport}} unix service"},
	{"out.check.concurrency", "concurrency"},
	{"out.check.recipients", "recipients"},
	{"out.check.rateDelay", "rate delay"},
	{"out.check.transportDelay", "transport delay"},
	{"out.check.processes", "processes"},
	{"out.check.throttled", "THROTTLED by {{.Settings}}"},
	{"out.check.notThrottled", "NOT THROTTLED: nothing limits how fast mail goes to this domain"},
	{"out.check.warning", "warning: {{.Warning}}"},
	{"out.check.suggestion", "Suggested dedicated transport {{.Transport}} (mailtop changes nothing):"},
	{"out.check.addTo", "add to {{.File}}:"},
	{"out.check.replaceIn", "replace in {{.File}}:"},
	{"out.check.with", "with:"},
	{"out.check.thenRun", "then run:"},
	{"out.forward.message", "Message:"},
	{"out.forward.relay", "Relay:"},
	{"out.forward.from", "From:"},
	{"out.forward.to", "To:"},
	{"out.forward.mode", "Mode:"},
	{"out.forward.messageText", "{{.Source}}, {{.Size}} bytes, longest line {{.MaxLine}} bytes, {{.Bits}}"},
	{"out.forward.relayText", "{{.Name}} ({{.Address}}, tls {{.TLS}})"},
	{"out.forward.modeText", "{{.Mode}}, then {{.After}} the original"},
	{"out.forward.fromBounce", "original in bounce {{.File}}"},
	{"out.forward.fromQueue", "{{.ID}} in the {{.Queue}} queue"},
	{"out.forward.dryRun", "Dry run: nothing was sent and the queue was not changed."},
	{"out.forward.warning", "warning: {{.Error}}"},
	{"out.forward.accepted", "Relay accepted the message: 250 {{.Reply}}"},
	{"out.forward.failed", "Not forwarded: {{.Error}}"},
	{"out.forward.refused", "Would be refused: {{.Error}}"},
	{"out.forward.then", "The original {{.ID}} was handled as asked: {{.Then}}."},
	{"out.forward.summary", "{{.Sent}} of {{.Total}} messages forwarded."},
	// The forward dialog of the dashboard.
	{"action.forward", "forward"},
	{"key.forward", "forward"},
	{"key.forwardNext", "next field"},
	{"key.forwardChange", "change"},
	{"key.forwardSend", "send"},
	{"forward.title", "Forward {{.Count}} message(s) through another relay"},
	{"forward.more", "… and {{.Count}} more"},
	{"forward.message", "{{.QueueID}} ({{.Queue}}) from {{.Sender}} to {{.Recipients}}"},
	{"forward.fieldRecipients", "Recipients"},
	{"forward.fieldRelay", "Relay"},
	{"forward.fieldMode", "Mode"},
	{"forward.fieldThen", "Then"},
	{"forward.recipientsEach", "each message's pending recipients"},
	{"forward.relayText", "{{.Name}} ({{.Address}}, tls {{.TLS}})"},
	{"forward.mode.resend", "resend: the original unchanged, with Resent- fields"},
	{"forward.mode.attach", "attach: a short note with the original attached"},
	{"forward.then.keep", "keep the original queued"},
	{"forward.then.hold", "hold the original"},
	{"forward.then.delete", "delete the original"},
	{"forward.done.keep", "original kept"},
	{"forward.done.hold", "original held"},
	{"forward.done.delete", "original deleted"},
	{"forward.confirm", "Forward {{.Count}} message(s) through {{.Relay}} to {{.Recipients}} ({{.Mode}}), then {{.Then}} once the relay accepted it? [y/N]"},
	{"forward.running", "forwarding {{.Count}} message(s)…"},
	{"forward.cancelled", "forward cancelled"},
	{"forward.summary", "forward: {{.Count}} of {{.Total}} forwarded"},
	{"forward.resultOK", "{{.QueueID}}: relay replied 250 {{.Reply}}; {{.Then}}"},
	{"forward.resultThenFailed", "{{.QueueID}}: relay replied 250 {{.Reply}}, but {{.Error}}"},
	{"forward.resultFailed", "{{.QueueID}}: not forwarded, the original is unchanged: {{.Error}}"},
	{"forward.close", "esc or enter closes"},
	{"forward.badAddress", "{{.Address}} is not a mail address such as user@docomo.ne.jp"},
	{"forward.noRecipient", "{{.QueueID}} has no pending recipient: type the addresses to forward to"},
	{"forward.deleteRefused", "delete would lose the mail of {{.QueueID}} to {{.Recipients}}, which is not forwarded: add them, or hold the original instead"},
	{"forward.demo", "the demo sends no mail, so forward is not available"},
	{"forward.noRelay", "no [[relay]] in the config file: add one to forward messages through it"},
	{"forward.needsRoot", "forward reads the queue file, which only root can read; run mailtop with sudo"},

	// A log older than --since, a message that left the queue, the demo's sources.
	{"log.sinceSkipped", "every line of the log is older than --since {{.Since}} (the last is from {{.End}}): run with --since all to see them"},
	{"result.notQueued", "{{.QueueID}} is no longer in the queue ({{.State}}), so there is nothing to {{.Action}}"},
	{"header.demoSource", "demo recording"},
	{"queue.fromDemo", "queue rebuilt from the demo recording, which has no queue files"},
	{"out.queue.skippedOne", "; {{.Count}} other file skipped because its name is not a queue ID"},
	{"out.queue.skippedMany", "; {{.Count}} other files skipped because their names are not queue IDs"},
	{"log.noPostfixLines", "none of the {{.Lines}} lines is from Postfix: is {{.Path}} a mail log? Postfix lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\"; pass --log the file that Postfix or syslog writes, such as /var/log/mail.log"},
	{"log.repeatedPath", "--log {{.Path}} names the same file as --log {{.First}}: reading it once"},
	{"out.forward.modeBounce", "{{.Mode}} (no queued original)"},
	{"cli.error.binaryLog", "The log named is a binary file, not a mail log: pass --log the file that Postfix or syslog writes."},
	{"cli.error.postconf", "postconf could not read the Postfix configuration: check that Postfix is installed and that the -c directory, if given, contains main.cf."},
	{"cli.error.config", "The config file has an error: fix the key or value named above. README.md, Configuration, lists every key."},
	// mailtop check: suggested lines that the instance has already, or
	// that an earlier domain's suggestion lists.
	{"out.check.alreadyRight", "already right in {{.File}}, nothing to change:"},
	{"out.check.suggestedAbove", "{{.File}}: suggested above for an earlier domain, so apply these once:"},
	{"out.check.nothingToRun", "nothing else to change or run"},
	// The queue screen without a queue directory, the --domain restriction,
	// and the note under a demo message's made-up content.
	{"queue.noInstance", "the queue is not read: postconf found no Postfix instance; start mailtop with -c DIR, the directory of the instance's main.cf"},
	{"domains.only", "only {{.Domain}} (--domain)"},
	{"queue.demoContentNote", "The demo recording holds the log only, not the messages themselves."},
	// The why panel: docomo's end-of-DATA reply since 2025-03-13, and why a confidence has its level.
	{"why.cause.docomoSinceChange", "docomo's \"550 Unknown user\" at end of DATA: docomo used this reply when the recipient's own mail settings refused a message, and since 2025-03-13 it more often means that the address does not exist."},
	{"why.grounds.override", "an override rule in the config file decided"},
	{"why.grounds.postfix", "Postfix's own message names the cause"},
	{"why.grounds.token", "the receiver's error code names the cause"},
	{"why.grounds.carrier", "the carrier documents what this reply means at this SMTP step"},
	{"why.grounds.carrier_ambiguous", "the carrier is known to send this reply for more than one cause"},
	{"why.grounds.docomo_no_date", "docomo's wording for both filter rejects and unknown addresses, and the log line has no date to place it before or after docomo's 2025-03-13 change"},
	{"why.grounds.docomo_since_change", "docomo's wording for both cases; after 2025-03-13 it more often means the address does not exist"},
	{"why.grounds.text", "a general wording, not a provider's documented one"},
	{"why.grounds.phase", "only the SMTP step matched: the failure came during STARTTLS"},
	{"why.grounds.code", "only the enhanced status code matched, by its registered meaning"},
	{"why.grounds.code_class", "only the class and subject of the enhanced status code (such as 5.7) matched"},
	{"why.grounds.none", "no rule matched the reply"},
	// mailtop check: a domain that is not a Japanese mobile carrier's.
	{"out.check.noCarrier", "no change suggested: mailtop paces mail for the Japanese mobile carriers only, and other receivers need no such throttling"},
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
