package l10n

import (
	"slices"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// englishText is the English catalog: message id, then text. Placeholders
// are Go template fields ({{.Name}}). Every id needs a Japanese entry in
// ja.toml, which the package tests check.
var englishText = slices.Concat(englishScreenText, englishWhyText, englishForwardText, englishCommandText, englishReasonText)

// englishScreenText is the text of the dashboard.
var englishScreenText = [][2]string{
	// Header.
	{"header.instance", "instance {{.Dir}}"},
	{"header.instanceDefault", "default instance"},
	{"header.instanceNone", "no Postfix instance"},
	{"header.log", "log {{.Sources}}"},
	{"header.logNone", "no log source"},
	{"header.rate", "{{.Rate}} lines/s"},
	{"header.readingHistory", "reading history {{.Percent}}%"},
	{"header.readingHistoryUnsized", "reading history…"},
	{"header.window", "window {{.Window}}"},
	{"header.config", "config {{.Path}}"},
	{"header.configNone", "config none"},
	{"header.paused", "PAUSED"},
	{"header.readOnly", "READ-ONLY"},
	{"header.demo", "DEMO (simulated actions)"},
	{"feed.waiting", "waiting for the first log lines…"},

	// Windows; 5m, 1h and 24h are shown as they are.
	{"window.5m", "5m"},
	{"window.15m", "15m"},
	{"window.1h", "1h"},
	{"window.24h", "24h"},
	{"window.all", "all"},

	// Domain table.
	{"domains.title", "Domains"},
	{"domains.sort", "sort: {{.Column}}"},
	{"domains.sortReversed", "sort: {{.Column}} (reversed)"},
	{"domains.filter", "filter: {{.Text}}"},
	{"domains.overflow", "(other domains)"},
	{"domains.noMatch", "no domain matches “{{.Text}}”"},
	// While paused: the time of the rows on screen, and the line drawn
	// past the rows the pause keeps, which are counted below the pinned
	// rows.
	{"domains.maildrop", "maildrop: {{.Count}} waiting for pickup ({{.Age}} or more)"},
	{"domains.frozenAt", "rows as of {{.Time}}"},
	{"domains.frozenEnd", "The pause kept rows {{.First}}–{{.Last}} of {{.Total}}. Press {{.Key}} to resume and see the rest."},
	{"col.domain", "domain"},
	{"col.attempts", "tries"},
	{"col.sent", "sent%"},
	{"col.deferred", "defer"},
	{"col.bounced", "bounce"},
	{"col.expired", "expired"},
	{"col.class", "top reason"},
	// The trend column: failures per minute over the last hour, or per
	// hour over the last 24 hours. The Span forms are used where they fit.
	{"col.trendMinute", "fails/min"},
	{"col.trendMinuteSpan", "fails/min, 1h"},
	{"col.trendHour", "fails/hour"},
	{"col.trendHourSpan", "fails/hour, 24h"},
	{"col.delay", "delay"},
	{"col.pending", "queued"},
	{"col.oldest", "oldest"},
	{"sort.failures", "failures"},

	// Failure feed.
	{"feed.title", "Failures: watched domains in list order, then others; each newest first"},
	{"feed.empty", "no failures yet"},
	{"feed.noMatch", "no failure matches “{{.Text}}”"},
	{"status.sent", "sent"},
	{"status.deferred", "deferred"},
	{"status.bounced", "bounced"},
	{"status.expired", "expired"},
	{"status.other", "other"},

	// Message list of one domain.
	{"msgs.title", "{{.Domain}}: recent messages"},
	{"msgs.loading", "loading…"},
	{"msgs.empty", "no messages seen for this domain"},
	{"msgs.deleted", "deleted"},
	{"msgs.held", "held"},
	{"msgs.requeued", "requeued"},
	{"msgs.requeuedAs", "new ID {{.QueueID}}"},
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
	// The arrival time and the age of a queued message.
	{"msg.arrivalAge", "{{.Time}} ({{.Age}})"},
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
	{"msg.linesCount", "Log lines ({{.Count}})"},
	// After a recipient, the address it was sent to before a rewrite.
	{"msg.origTo", "(orig_to {{.Address}})"},
	{"msg.linesDropped", "{{.Count}} of its log lines were not kept (from the middle, or older than the last day read)"},
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
	{"confirm.deliver", "Deliver {{.QueueID}} from {{.Sender}} to {{.Recipients}} now? [y/N]"},
	{"confirm.requeue", "Requeue {{.QueueID}} from {{.Sender}} to {{.Recipients}}? [y/N]"},
	{"confirm.simulated", "Demo mode: the action is simulated."},
	{"action.deliver", "deliver now"},
	{"action.requeue", "requeue"},
	{"result.running", "{{.Action}} {{.QueueID}}: running…"},
	{"result.done", "{{.Action}} {{.QueueID}}: {{.Output}}"},
	{"result.doneEmpty", "{{.Action}} {{.QueueID}}: done"},
	// After the result of a requeue, once pickup logged the new queue IDs.
	{"result.requeuedAsOne", "new queue ID {{.Links}}"},
	{"result.requeuedAs", "new queue IDs {{.Links}}"},
	{"result.requeuedAsMore", "new queue IDs {{.Links}} and {{.More}} more"},
	{"result.simulated", "{{.Action}} {{.QueueID}}: simulated; would run {{.Command}}"},
	{"result.failed", "{{.Action}} {{.QueueID}} failed: {{.Error}}"},
	{"result.cancelled", "cancelled: {{.Action}} {{.QueueID}}"},
	{"result.readOnly", "read-only mode is on: {{.Action}} is disabled"},
	{"result.noActor", "actions are not available in this mode"},
	{"result.noSource", "message details are not available in this mode"},
	{"result.unknownMessage", "queue ID {{.QueueID}} is no longer known; it may have left the queue"},
	{"result.pickMessage", "select a message first"},
	// A key that acts on listed messages, pressed on a queue list that
	// shows none. Key is the key and Action its label in the key help.
	{"result.queueEmpty", "the queue is empty, so {{.Key}} ({{.Action}}) has nothing to act on"},
	{"result.nothingListed", "no message is listed, so {{.Key}} ({{.Action}}) has nothing to act on"},
	// An action key pressed on a screen where it does nothing: where it works.
	{"result.keyWorksOnMessages", "{{.Key}} ({{.Action}}) works only in a domain's message list, a message view and the queue screen (Q)"},
	{"result.keyWorksOnQueue", "{{.Key}} ({{.Action}}) works only on the queue screen (Q) and in a message opened there"},
	{"result.keyWorksAfterWhy", "{{.Key}} ({{.Action}}) does not work in the why panel: press esc to go back to the screen you opened it from, then {{.Key}}"},
	{"result.unknownKey", "{{.Key}} does nothing on this screen; press ? for the keys"},
	{"result.keyWorksOnQueueScreen", "{{.Key}} ({{.Action}}) works only on the queue screen (Q)"},

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
	{"queue.retryStopped", "stop"},
	{"postfix.stopped", "Postfix is not running: no mail is delivered or retried until it starts. Start it: {{.Start}}"},
	{"queue.shapeTitle", "Queue shape: {{.Queue}} (v: next queue)"},
	{"queue.shapeTotal", "TOTAL"},
	{"queue.tagged", "{{.Count}} tagged"},
	// How many messages a filter or an age range lets the list show, beside
	// the counts per queue, which count the messages it hides too.
	{"queue.listed", "{{.Count}} listed"},
	// Shorter forms for the queue screen's title when the full one is too wide.
	{"queue.sortShort", "by {{.Column}}"},
	{"queue.sortShortReversed", "by {{.Column}}, reversed"},
	{"queue.onlyShort", "only {{.Domain}}"},
	{"queue.ages", "age {{.Range}}"},
	{"queue.waiting", "reading the queue…"},
	{"queue.scanFailed", "queue scan failed, showing the last good scan: {{.Error}}"},
	{"queue.readFailed", "the queue could not be read: {{.Error}}"},
	// Under the header of the screens other than the queue screen.
	{"queue.configDirRejectedHeader", "the queue could not be read, because postqueue rejects -c {{.Dir}} for this user: run mailtop as root, or add {{.Dir}} to alternate_config_directories in {{.MainCF}}"},
	{"queue.scanFailedHeader", "the queue could not be read, so the queued counts come from the log alone: {{.Error}}"},
	{"queue.fromDirectory", "queue files in {{.Dir}}"},
	{"queue.fromPostqueue", "listed with postqueue -j (not root): no retry times, done recipients or DSN codes"},
	{"queue.fromPostqueueActions", "listed with postqueue -j (not root): hold, release, requeue, expire and delete need root; deliver now and flush work"},
	{"queue.empty", "the queue is empty"},
	{"queue.noMatch", "no queued message matches the filter"},
	// A typed filter that does not parse. Text is the typed filter and
	// Problem one of the queue.filterUnknown* texts below. The filter in
	// force stays the last one that parsed, and the title shows it.
	{"queue.filterRejected", "filter \"{{.Text}}\" not applied: {{.Problem}}. Correct it, or press esc to clear it"},
	{"queue.filterUnknownClass", "unknown reason class \"{{.Value}}\"; use one of {{.Names}}"},
	{"queue.filterUnknownQueue", "unknown queue \"{{.Value}}\"; use one of {{.Names}}"},
	{"queue.filterRepeatedPrefix", "{{.Prefix}}: is given twice; give one value for each prefix"},
	{"queue.filterNameSeparator", ", "},
	// The title's filter part while the typed filter does not parse and
	// no earlier one is in force.
	{"queue.filterNone", "none"},
	{"queue.filterPending", "{{.Text}} (not applied yet)"},
	{"queue.noneForDomain", "no queued message to {{.Domain}}: --domain hides the messages to other domains"},
	{"queue.notWatched", "the queue is not read in this mode"},
	// Queue files that cannot be read: by mailtop, which then lists no
	// message for them, or by Postfix itself (mail_owner), which then
	// never delivers the message. The list marks the latter with the
	// short label in its class column and the reason in its reason column.
	{"queue.deniedOne", "{{.Count}} queued message cannot be shown, because this user may not read its queue file (permission denied): run mailtop as root, such as {{.Command}}"},
	{"queue.deniedMany", "{{.Count}} queued messages cannot be shown, because this user may not read their queue files (permission denied): run mailtop as root, such as {{.Command}}"},
	// postqueue -j, run because this user may not read the queue files,
	// failed too. Error is the first line of postqueue's own error.
	{"queue.deniedPostqueue", "postqueue -j failed too: {{.Error}}"},
	{"queue.unreadableOne", "{{.Count}} queue file could not be read, so its message is not listed: {{.Error}}"},
	{"queue.unreadableMany", "{{.Count}} queue files could not be read, so their messages are not listed; the first: {{.Error}}"},
	{"queue.noneReadable", "no queued message can be shown: the line above says why"},
	{"queue.fileProblemsOne", "{{.Count}} message (marked !) will not be delivered, because {{.Owner}} (mail_owner) cannot read its queue file: run {{.Command}}"},
	{"queue.fileProblemsMany", "{{.Count}} messages (marked !) will not be delivered, because {{.Owner}} (mail_owner) cannot read their queue files: run {{.Command}}"},
	{"queue.fileNotOwnedLabel", "!owner"},
	{"queue.fileNotReadableLabel", "!mode"},
	{"queue.fileNotOwned", "Postfix cannot read this queue file, which belongs to uid {{.UID}}, not to {{.Owner}} (mail_owner): run {{.Command}}, or chown {{.Owner}} the file"},
	{"queue.fileNotReadable", "Postfix cannot read this queue file, because {{.Owner}} (mail_owner) may not read it: make it readable, such as with chmod 744, the mode postdrop gives it"},
	{"help.queueFilter", "queue filter /: d:domain s:sender r:recipient q:queue c:class, else reason"},
	{"help.queueScope", "queue actions: the tagged messages (space, T), else the cursor message"},
	{"help.needsRoot", "keys that need root and do not work now: {{.Keys}}"},
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
	{"qmsg.origAddress", "(originally {{.Address}})"},
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
	{"qconfirm.one", "{{.Action}} {{.QueueID}} ({{.Queues}}) from {{.Sender}} to {{.Recipients}}{{.Ask}} [y/N]"},
	{"qconfirm.tagged", "{{.Action}} {{.Count}} tagged messages ({{.Queues}}){{.Ask}} [y/N]"},
	{"qconfirm.taggedOne", "{{.Action}} {{.Count}} tagged message ({{.Queues}}){{.Ask}} [y/N]"},
	{"qconfirm.typeCount", "Delete {{.Count}} tagged messages ({{.Queues}}) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.typeCountOne", "Delete {{.Count}} tagged message ({{.Queues}}) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.oneHidden", "{{.Action}} {{.QueueID}} ({{.Queues}}; tagged, but hidden by the filter) from {{.Sender}} to {{.Recipients}}{{.Ask}} [y/N]"},
	{"qconfirm.taggedHidden", "{{.Action}} {{.Count}} tagged messages ({{.Queues}}; {{.Hidden}} hidden by the filter){{.Ask}} [y/N]"},
	{"qconfirm.taggedHiddenOne", "{{.Action}} {{.Count}} tagged message ({{.Queues}}; {{.Hidden}} hidden by the filter){{.Ask}} [y/N]"},
	{"qconfirm.typeCountHidden", "Delete {{.Count}} tagged messages ({{.Queues}}; {{.Hidden}} hidden by the filter) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.typeCountHiddenOne", "Delete {{.Count}} tagged message ({{.Queues}}; {{.Hidden}} hidden by the filter) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.oneGone", "{{.Action}} {{.QueueID}} (left the queue) from {{.Sender}} to {{.Recipients}}{{.Ask}} [y/N]"},
	{"qconfirm.taggedGone", "{{.Action}} {{.Count}} tagged messages ({{.Queues}}; {{.Gone}} more left the queue){{.Ask}} [y/N]"},
	{"qconfirm.taggedGoneOne", "{{.Action}} {{.Count}} tagged message ({{.Queues}}; {{.Gone}} more left the queue){{.Ask}} [y/N]"},
	{"qconfirm.taggedHiddenGone", "{{.Action}} {{.Count}} tagged messages ({{.Queues}}; {{.Hidden}} hidden by the filter; {{.Gone}} more left the queue){{.Ask}} [y/N]"},
	{"qconfirm.taggedHiddenGoneOne", "{{.Action}} {{.Count}} tagged message ({{.Queues}}; {{.Hidden}} hidden by the filter; {{.Gone}} more left the queue){{.Ask}} [y/N]"},
	{"qconfirm.typeCountGone", "Delete {{.Count}} tagged messages ({{.Queues}}; {{.Gone}} more left the queue) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.typeCountGoneOne", "Delete {{.Count}} tagged message ({{.Queues}}; {{.Gone}} more left the queue) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.typeCountHiddenGone", "Delete {{.Count}} tagged messages ({{.Queues}}; {{.Hidden}} hidden by the filter; {{.Gone}} more left the queue) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.typeCountHiddenGoneOne", "Delete {{.Count}} tagged message ({{.Queues}}; {{.Hidden}} hidden by the filter; {{.Gone}} more left the queue) for good? Type {{.Count}} and press Enter: {{.Typed}}_"},
	{"qconfirm.noneQueued", "none queued"},
	// Queues for one message still queued.
	{"qconfirm.inQueue", "{{.Queue}} queue"},
	// The first pending recipients of a confirmation too long for its
	// lines, and the number of the others.
	{"qconfirm.recipientsMore", "{{.Recipients}} and {{.More}} more"},
	// The verb of a queue confirmation, its {{.Action}}. It starts the
	// English question. In Japanese it comes before {{.Ask}}, with its own
	// particle, because 保留を解除 already contains a を.
	{"qconfirm.verb.deliver", "Deliver"},
	{"qconfirm.verb.requeue", "Requeue"},
	{"qconfirm.verb.hold", "Hold"},
	{"qconfirm.verb.release", "Release"},
	{"qconfirm.verb.expire", "Expire"},
	{"qconfirm.verb.delete", "Delete"},
	// The verb of an expire whose targets are all bounces, which Postfix
	// drops because they have no sender to return them to.
	{"qconfirm.verb.expireBounce", "Drop"},
	// The end of a queue confirmation's question, its {{.Ask}}.
	{"qconfirm.ask.deliver", " now?"},
	{"qconfirm.ask.requeue", "?"},
	{"qconfirm.ask.hold", "?"},
	{"qconfirm.ask.release", "?"},
	{"qconfirm.ask.expire", "? Postfix returns them to their senders as undeliverable."},
	{"qconfirm.ask.expireOne", "? Postfix returns it to its sender as undeliverable."},
	// An expire of bounces: Postfix has no sender to return them to, so
	// it drops them. Only notify_classes with 2bounce notifies the postmaster.
	{"qconfirm.ask.expireBounce", "? As a bounce it has no sender to return it to, so Postfix drops it when you return it to the sender (postsuper -e)."},
	{"qconfirm.ask.expireBounces", "? As bounces they have no sender to return them to, so Postfix drops them when you return them to the sender (postsuper -e)."},
	{"qconfirm.ask.expireSomeBouncesOne", "? Postfix returns them to their senders as undeliverable, but {{.Bounces}} of them is a bounce with no sender to return it to, so Postfix drops it instead."},
	{"qconfirm.ask.expireSomeBounces", "? Postfix returns them to their senders as undeliverable, but {{.Bounces}} of them are bounces with no sender to return them to, so Postfix drops those instead."},
	{"qconfirm.ask.delete", "?"},
	// Appended to the question of an expire whose targets include held
	// messages, which postsuper -f releases as it expires them.
	{"qconfirm.note.expireHeld", " It is on hold, so this also releases it (postsuper -f): Postfix returns nothing while a message is on hold."},
	{"qconfirm.note.expireAllHeld", " They are on hold, so this also releases them (postsuper -f): Postfix returns nothing while a message is on hold."},
	{"qconfirm.note.expireSomeHeldOne", " {{.Held}} of them is on hold, so this also releases it (postsuper -f): Postfix returns nothing while a message is on hold."},
	{"qconfirm.note.expireSomeHeld", " {{.Held}} of them are on hold, so this also releases them (postsuper -f): Postfix returns nothing while a message is on hold."},
	{"qconfirm.flushDomain", "Flush {{.Domain}}, retrying its deferred mail now with postqueue -s {{.Domain}}? [y/N]"},
	{"qconfirm.flushAll", "Flush the queue, retrying every deferred message now with postqueue -f? [y/N]"},
	{"qresult.running", "{{.Action}}: running…"},
	{"qresult.done", "{{.Action}}: {{.Count}} of {{.Total}} changed"},
	{"qresult.logFileChanged", "{{.Action}}: {{.Changed}} of {{.Total}} changed, but postsuper could not write the log file {{.Path}} ({{.Reason}}), because Postfix is stopped. Start it before the next action: {{.Start}}"},
	{"qresult.logFileStopped", "{{.Action}}: {{.Changed}} of {{.Total}} changed, then postsuper stopped and left {{.Unchanged}} unchanged: it could not write the log file {{.Path}} ({{.Reason}}), because Postfix is stopped. Start it with {{.Start}}, then act on them again"},
	// After qresult.done, when an expire released held messages.
	{"qresult.released", "{{.Count}} released from hold with postsuper -f, to be returned to the sender at the next attempt"},
	{"qresult.flushed", "{{.Action}}: done"},
	{"qresult.flushedDomain", "{{.Action}} {{.Domain}}: done"},
	{"qresult.simulated", "{{.Action}}: simulated; would run {{.Command}}"},
	{"qresult.demoFlushAll", "{{.Action}}: simulated; would run {{.Command}}. The demo does not simulate flushes, so its queue does not change."},
	{"qresult.demoFlushDomain", "{{.Action}}: simulated; would run {{.Command}}. The demo does not simulate flushes, so its queue does not change. On a real server postqueue -s flushes only a domain in fast_flush_domains (default $relay_domains)."},
	{"qresult.simulatedCount", "{{.Action}}: {{.Count}} of {{.Total}} simulated; would run {{.Command}}"},
	// A command that runs once per message: the first one, and how many
	// more run.
	{"qresult.commandMore", "{{.Command}} and {{.More}} more"},
	{"qresult.skipped", "{{.Count}} skipped: {{.Reason}}"},
	{"qresult.failed", "{{.Action}} failed: {{.Error}}"},
	{"qresult.notRunning", "{{.Action}}: Postfix is not running, so nothing was changed; start it with {{.Start}}"},
	{"qresult.cancelled", "cancelled: {{.Action}}"},
	{"qresult.countMismatch", "delete cancelled: {{.Typed}} is not {{.Count}}"},
	// After qresult.cancelled or qresult.countMismatch while messages are tagged.
	{"qresult.tagsKept", "{{.Count}} messages stay tagged ({{.Key}} clears the tags)"},
	{"qresult.tagsKeptOne", "{{.Count}} message stays tagged ({{.Key}} clears the tag)"},
	{"qresult.needsRoot", "{{.Action}} needs root, because postsuper is reserved for the superuser; run mailtop with sudo"},
	{"qresult.notHeld", "{{.QueueID}} is in the {{.Queue}} queue, not on hold, so there is nothing to release"},
	{"qresult.alreadyHeld", "{{.QueueID}} is already on hold; press H to release it"},
	{"qresult.flushNotConfigured", "postqueue -s cannot flush {{.Domain}} because it is not in fast_flush_domains. Press i on its messages or A to flush the whole queue, or add the domain to fast_flush_domains in main.cf"},
	{"qresult.deliverHeld", "{{.QueueID}} is on hold, so release it with H before delivering it now"},
	{"qresult.deliverActive", "{{.QueueID}} is being delivered right now, so wait for this attempt to end"},
	{"qresult.wrongQueue", "{{.Action}} does not apply to {{.QueueID}} in the {{.Queue}} queue"},
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
	{"help.position", "lines {{.First}}-{{.Last}} of {{.Total}}"},
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
	{"key.focusBack", "previous pane"},
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
	{"class.mailbox_unavailable", "mailbox_unavailable"},
	{"class.too_many_recipients", "too_many_recipients"},
	{"class.greylisted", "greylisted"},
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

	// Short class labels for the 12-cell class columns: the domain table's
	// top reason, the failure feed, the message list and the queue list.
	{"class.short.user_unknown", "user_unknown"},
	{"class.short.filtered", "filtered"},
	{"class.short.mailbox_full", "mailbox_full"},
	{"class.short.mailbox_unavailable", "mbox_unavail"},
	{"class.short.too_many_recipients", "rcpt_limit"},
	{"class.short.greylisted", "greylisted"},
	{"class.short.rate_limited", "rate_limited"},
	{"class.short.blocked", "blocked"},
	{"class.short.spam_content", "spam_content"},
	{"class.short.auth_failure", "auth_failure"},
	{"class.short.require_ptr", "require_ptr"},
	{"class.short.content_format", "bad_format"},
	{"class.short.message_too_big", "msg_too_big"},
	{"class.short.sender_rejected", "sender_rej"},
	{"class.short.relay_denied", "relay_denied"},
	{"class.short.network", "network"},
	{"class.short.connection_lost", "conn_lost"},
	{"class.short.dns", "dns"},
	{"class.short.tls", "tls"},
	{"class.short.suspended", "suspended"},
	{"class.short.local_config", "local_config"},
	{"class.short.other", "other"},

	// Advice, chosen by diagnose.Advise. MainCF, MasterCF and TransportMap
	// are Postfix config lines, the same in every language.
	{"advice.docomo.filtered", "docomo refused this message because of the recipient's own mail settings (指定受信, 拒否, なりすまし拒否) or an SPF failure; the address {{.Recipient}} exists. Ask the customer to add the shop's From address or domain to the 受信リスト in docomo's 受信設定. docomo checks SPF against the header From domain: publish SPF for that domain covering this server, sign with DKIM and publish a DMARC record."},
	{"advice.docomo.filtered_since_change", "Since {{.Date}} docomo no longer rejects mail because of its users' filter settings: it accepts such mail and files it in the 迷惑メール folder. A 550 Unknown user at end of DATA after that date most likely means {{.Recipient}} does not exist, or the message failed docomo's own checks. Confirm the address with the customer and remove it from your lists if it is wrong; check that the header From domain passes SPF, DKIM and DMARC."},
	{"advice.docomo.user_unknown", "{{.Recipient}} does not exist at docomo (rejected at RCPT TO). Remove it from your lists now: docomo temporarily blocks networks that send to many unknown addresses, and the block holds back mail to every docomo customer."},
	{"advice.docomo.deferred", "docomo is temporarily refusing mail from this server. docomo limits how many sessions a sender opens at once, accepts at most 100 recipients per session, and for a while blocks networks that send to many unknown addresses, usually without a readable reply. If this repeats, send docomo mail through a slow transport, one connection and one recipient at a time:\n\n{{if .Recipe}}{{.Recipe}}\n\n{{else}}main.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. {{end}}Every retry counts against you: remove unknown addresses from your lists as well."},
	{"advice.docomo.sent", "Since {{.Date}} docomo accepts mail that its users' filters refuse and files it in the 迷惑メール folder, so status=sent no longer proves that the message reached the inbox of {{.Recipient}}. If a customer says a notice did not arrive, ask them to look in the 迷惑メール folder and to add the shop's address to the 受信リスト."},
	{"advice.au.filtered", "au refused this message because of the recipient's own mail filter (迷惑メールフィルター, なりすまし規制); the address {{.Recipient}} exists. Ask the customer to add the shop's From address or domain to the 受信リスト of au's 迷惑メールフィルター. なりすまし規制 checks the envelope sender at level 中, and the header From domain as well at level 高: publish SPF for both domains covering this server, sign with DKIM and publish a DMARC record."},
	{"advice.au.user_unknown", "au answered User unknown at RCPT TO for {{.Recipient}}. This usually means the address does not exist, but au has been seen to give it for a valid address that a filter held back. Confirm the address with the customer before you remove it; many unknown addresses lead to a block."},
	{"advice.au.deferred", "au is temporarily refusing mail from this server. au answers a blocked or congested sender with a TCP reset, accepts at most 100 recipients per message and publishes no thresholds. If this repeats, send au mail through a slow transport, one connection and one recipient at a time:\n\n{{if .Recipe}}{{.Recipe}}\n\n{{else}}main.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. {{end}}Remove unknown addresses from your lists as well."},
	{"advice.carrier.user_unknown", "{{.Recipient}} does not exist at {{.Carrier}}. Remove it from your lists: carriers block senders whose mail goes to many unknown addresses."},
	{"advice.carrier.deferred", "{{.Carrier}} is temporarily refusing mail from this server. If this repeats, send its mail through a slow transport, one connection and one recipient at a time:\n\n{{if .Recipe}}{{.Recipe}}\n\n{{else}}main.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. {{end}}Remove unknown addresses from your lists as well."},
	{"advice.carrier.network", "If other destinations connect and only {{.Carrier}} fails this way, {{.Carrier}} may be turning away connections from this server for a while, as carriers can do with senders that open many sessions at once or send to many unknown addresses. Postfix retries by itself. If it keeps happening, send {{.Carrier}} mail over fewer connections at once and remove unknown addresses from your lists."},
	{"advice.carrier.sent", "{{.Carrier}} accepts mail and then drops it without an error when some of the recipient's filter settings refuse it, so status=sent does not prove delivery to {{.Recipient}}. If a customer says a notice did not arrive, ask them to add the shop's address to their 受信リスト."},
	{"advice.collateral", "{{.Carrier}} rejected the whole transaction because of another recipient, {{.Named}}, so {{.Recipient}} may be fine and may even have received the message. Deliver one recipient per transaction so that one refusal cannot fail the others:\n\n{{if .Recipe}}{{.Recipe}}\n\n{{else}}main.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload. {{end}}Then requeue the message."},
	{"advice.too_many_recipients", "The receiver accepts fewer recipients per transaction than this server sent; docomo and au accept at most 100 per session. Deliver to {{.Domain}} one recipient per transaction:\n\n{{if .Recipe}}{{.Recipe}}{{else}}main.cf (add the map to an existing transport_maps):\n{{.MainCF}}\n\nmaster.cf:\n{{.MasterCF}}\n\n{{.MapFile}}:\n{{.TransportMap}}\n\nThen run postmap {{.MapFile}} and postfix reload.{{end}}"},
	{"advice.user_unknown", "{{.Recipient}} does not exist. Remove it from your lists: mail to many unknown addresses harms this server's reputation."},
	{"advice.user_unknown_temporary", "The receiving server could not verify {{.Recipient}} for now and sent a temporary error, so Postfix will retry. Remove the address from your lists only if it keeps failing or the reply turns into a permanent 5.1.1."},
	{"advice.recipient_access_denied", "The receiving server refuses {{.Recipient}} by its own policy, such as an access table entry for the address: the reply is about the recipient address, not about this server's IP address. The mailbox may exist, but mail to it will keep failing. Ask the recipient for another address or to have their mail administrator allow it, or remove it from your lists."},
	{"advice.filtered", "The recipient's own settings refused the message; the address {{.Recipient}} exists. Ask the recipient to allow the shop's From address, and check that the header From domain passes SPF, DKIM and DMARC."},
	{"advice.auth_failure", "The receiver found no passing SPF, DKIM or DMARC for this message. Publish SPF covering this server for the header From domain and the envelope sender's domain, sign outgoing mail with DKIM, and publish a DMARC record for the From domain."},
	{"advice.require_ptr", "The sending IP address has no reverse DNS name, or one that does not resolve back to it. Ask the provider of the IP address for a PTR record that matches myhostname and the HELO name. For IPv6 without a PTR record, send over IPv4 (inet_protocols = ipv4 in main.cf)."},
	{"advice.content_format", "The receiver rejected the format of the message. docomo answers 500 Line Too Long for a body line longer than 998 bytes: send long HTML as quoted-printable or base64. Check the header syntax as well."},
	{"advice.sender_rejected", "The receiver refused the envelope sender. Check that the sender's domain has an A or MX record, because receivers such as SoftBank reject a sender domain that does not resolve."},
	{"advice.dns", "The domain {{.Domain}} could not be resolved. Check its spelling with the customer (docomo.ne.je for docomo.ne.jp, gmail.cm for gmail.com), then this server's DNS resolver."},
	{"advice.dns_temporary", "The receiving server could not resolve the domain {{.Domain}} for now and sent a temporary error, so Postfix will retry. If it keeps failing or the reply turns into a permanent 5.1.2, check the spelling with the customer (docomo.ne.je for docomo.ne.jp, gmail.cm for gmail.com)."},
	{"advice.greylisted", "Nothing to change: Postfix retries deferred mail on its own, and the receiver accepts a retry once its delay, usually a few minutes, has passed. Slowing down mail to {{.Domain}} does not help. If the mail is still deferred after more than an hour, check that the retries leave from the same IP address: when this server sends from several addresses (transports with different smtp_bind_address or smtp_bind_address6 values, IPv4 one time and IPv6 the next, or a pool of NAT addresses), the receiver sees a new sender each time. Check also that minimal_backoff_time and queue_run_delay, which set how soon Postfix retries (300s each by default), are not longer than needed."},
	{"advice.mailbox_unavailable", "The receiver answered with a mailbox status code ({{.DSN}}): the problem is the mailbox of {{.Recipient}}, not how fast this server sends, so slowing down delivery to {{.Domain}} does not help. Postfix retries a deferral on its own. If the mailbox is disabled (5.2.1), or the deferrals go on until the message expires, ask the customer for another address."},
	{"advice.rate_limited", "The receiver limits how fast this server may send, often because of the IP address's reputation or the volume. Slow down delivery to {{.Domain}} and let the queue retry; check that SPF, DKIM and DMARC pass and that your lists hold no unknown addresses."},
	{"advice.sending_quota", "The account or relay that this server sends through{{if .Host}} ({{.Host}}){{end}} has reached its own sending limit, often a daily quota. This is the sender's limit, not the recipient's mailbox. Postfix retries deferred mail by itself but does not send a bounced message again, so resend bounced messages once the limit has reset. To avoid it, spread sending over the day, ask the provider for a higher limit, or send through another relay."},
	{"advice.blocked", "The receiver blocks this server's IP address or its reputation. Look the address up on public block lists, follow the receiver's delisting procedure, and send through a relay with a good reputation until the block is lifted."},
	{"advice.local_config", "The failure is on this server, not at the receiver. Read the warning lines before it in the log: for alias database unavailable run newaliases, and for loops back to myself check mydestination and the MX records of {{.Domain}}, and for deferred transport remove the transport from defer_transports in main.cf (or run postqueue -f once to try it now)."},
	{"advice.network", "This server could not connect to the receiver. When every destination fails the same way, the provider may block outgoing port 25 (OP25B) or a firewall drops it: ask the provider, or relay through its submission server."},
	{"advice.complaints", "The reply names complaints from recipients, which count against this server's reputation, so slowing down alone does not end it. The receiver does not say how many complaints are too many. Send only to addresses that asked for mail, remove addresses that never open or confirm it, honour every unsubscribe request at once, and do not send to old lists."},
	{"advice.nexthop.deferred", "The failure is at {{.Host}}, not at {{.Carrier}}: {{.Host}} is not one of {{.Carrier}}'s mail servers, so it is the relay or next hop that this server sends {{.Domain}} mail through (relayhost or transport_maps). Check that {{.Host}} is running and accepts mail from this server, and read its log or its provider's sending limits. A slow transport to {{.Carrier}} would not help here. {{.Check}} shows the route Postfix takes for {{.Domain}}."},

	// Alerts: the banner over the domain table while [[alert]] rules fire.
	// Rate and Threshold are percentages, Window is 5m, 15m, 1h or 24h, and
	// Class is the localized class name.
	{"alert.firing", "ALERT {{.Domain}}: {{.Rate}}% of {{.Attempts}} attempts{{if .Expired}} and {{.Expired}} expired recipients{{end}} failed in {{.Window}} (threshold {{.Threshold}}%)"},
	{"alert.firingClass", "ALERT {{.Domain}}: {{.Rate}}% of {{.Attempts}} attempts were {{.Class}} in {{.Window}} (threshold {{.Threshold}}%)"},
	{"alert.more", "+{{.Count}} more"},
	{"alert.count", "alerts: {{.Count}}"},
	{"alert.cleared", "{{.Domain}} is back under its alert threshold: {{.Rate}}% failed in {{.Window}}"},
	{"alert.hookFailed", "alert hook {{.Command}} failed: {{.Error}}"},

	// Forwarding: the note of a message that mailtop forward attaches.
	{"forward.note", "This message could not be delivered from our mail server (queue ID {{.QueueID}}), so it is forwarded through {{.Relay}}. The original message is attached unchanged."},
	{"forward.noteBounce", "This message was returned to our mail server as undeliverable, so it is forwarded through {{.Relay}}. The original message is attached unchanged."},
	{"forward.noteEncoded", "The original is attached as the file original.eml because it cannot be sent as it is (lines over 998 bytes, or 8-bit text for a relay without 8BITMIME). Open the file to read it."},
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
