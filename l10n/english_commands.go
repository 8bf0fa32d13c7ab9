package l10n

// englishCommandText is the text of the subcommands: their help, their
// errors and their output.
var englishCommandText = [][2]string{
	// Command-line help, printed by --help. Each text equals the one the
	// command defines, which TestHelpCatalogMatchesCommands checks; ids are
	// described in help_l10n.go.
	{"cli.error.usage", "The command line has an error. Run '{{.Command}} --help' for usage."},
	{"cli.error.noLog", "No readable mail log was found: name one with --log, or use --journal for the systemd journal."},
	{"cli.error.noJournal", "The systemd journal cannot be read: if Postfix logs to a file, name it with --log, such as --log /var/log/mail.log."},
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
	{"cli.flag.config", "read mailtop settings from this TOML `FILE` (default /etc/mailtop/config.toml, then $XDG_CONFIG_HOME/mailtop/config.toml)"},
	{"cli.flag.config-directory", "use the Postfix instance whose main.cf is in `DIR`; passed to every Postfix command as -c DIR"},
	{"cli.flag.debug", "write mailtop's own debug log to this `FILE`"},
	{"cli.flag.domain", "show only this recipient `DOMAIN`, such as docomo.ne.jp"},
	{"cli.flag.journal", "read Postfix's lines from the systemd journal (journalctl, mail facility) instead of a log file"},
	{"cli.flag.lang", "the screen and message language `LANG`: en or ja (default: from LC_ALL, LC_MESSAGES, LANG)"},
	{"cli.flag.log", "read the mail log `FILE` (repeatable; - reads standard input) instead of the one Postfix names"},
	{"cli.flag.since", "start this far back: `VALUE` is a duration above zero such as 30m, 24h or 7d, a time such as 2026-12-04T09:00, or all (dashboard default 24h, report default all)"},
	{"cli.flag.tz", "time zone `ZONE` of log timestamps without a UTC offset, of --since times and of the times that report and queue print, such as Asia/Tokyo or UTC (default: the local zone)"},
	{"cli.flag.year", "the `YEAR` of log timestamps that carry none, from 1970 to 9999 (default: from the log file's modification time)"},
	{"cli.flag.audit-log", "append a JSON line for every action to this `FILE`"},
	{"cli.flag.demo", "run the dashboard on an embedded recording of a shop's day; actions are simulated"},
	{"cli.flag.help", "help for {{.Command}}"},
	{"cli.flag.read-only", "disable every key that changes the queue or sends mail: deliver now, requeue, hold, release, return to sender, delete, flush and forward"},
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
throttling. A domain routed to the error or discard delivery agent is
shown as blocked, with the reason that agent logs. Its suggestion is for
when its mail is to be delivered again, because its transport table line
lifts the block.

check runs postconf and postmap only. It never changes the Postfix
configuration: apply the suggested lines yourself, then run the commands
it lists. -c DIR checks another instance. --json prints one document for
scripts.`},
	{"cli.check.flag.json", "print JSON instead of text"},
	{"cli.classify.short", "Print the reason class of every delivery line as JSON, one object a line"},
	{"cli.classify.long", `Read a mail log once and print one JSON object for each delivery line
(to=<...>, status=...), sent ones included, in log order:

  {"queue_id":"7E996BE094","recipient":"reject2@docomo.ne.jp",
   "domain":"docomo.ne.jp","status":"bounced","dsn":"5.1.1","phase":"rcpt",
   "carrier":"docomo","class":"user_unknown","collateral":false,
   "suspended":false,"basis":"text"}

status is sent, deferred, bounced, softbounce, deliverable or undeliverable.
phase is the SMTP stage of the reply (connect, greeting, helo, starttls,
mail, rcpt, data, body, end_of_data, rset, quit) or "". class is "" for a
success. basis is override, token, text or code, or "" when no rule matched.
suspended is true for Postfix's "delivery temporarily suspended" line,
whose class is that of the failure it quotes.

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
	{"cli.queue.short", "List the Postfix queue, or hold, release, requeue, deliver, expire or delete messages in it"},
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
postsuper -e or -f, and "<>" is the null sender of bounces. A "warning:"
line under a message says that the instance's mail_owner cannot read its
queue file, so Postfix will not deliver it, and how to fix that.

--json prints one JSON document:
  {
    "source": "directory" or "postqueue",
    "queue_directory": "/var/spool/postfix",
    "mail_owner": the user each queue file was checked against, or ""
                  (postqueue, --queue-dir),
    "fallback_reason": why postqueue was used, or "",
    "postqueue_error": postqueue's error when the queue files could not
                       be read and postqueue -j failed too, or "",
    "postfix_running": whether the instance's master process runs, true
                       or false; null when unknown (--queue-dir, or not
                       root and postqueue -j did not tell),
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
      "file_problem": "not_owned_by_mail_owner" or
                      "not_readable_by_mail_owner" when Postfix cannot read
                      the queue file, else "",
      "file_uid": the queue file's owner when file_problem is set, else null,
      "recipients": [{"address", "orig_address", "done": bool,
                      "status": DSN code such as "4.2.0", "reason",
                      "class": reason class of "reason", or "",
                      "bounce_reason"}]
    }]
  }
Every member is always present; unknown values are "" or null, and lists
are [] when empty. Messages are sorted by arrival time. Times are in UTC.`},
	{"cli.queue.flag.class", "keep messages with a pending recipient whose last defer reason has this reason `CLASS`, such as rate_limited"},
	{"cli.queue.flag.queue", "keep messages in this `QUEUE`: maildrop, incoming, active, deferred, hold or corrupt"},
	{"cli.queue.flag.queue-dir", "read the queue files in this `DIR` (such as a copy) instead of the instance's queue_directory; listing only"},
	{"cli.queue.flag.reason", "keep messages with a pending recipient whose last defer reason contains this `TEXT`"},
	{"cli.queue.flag.recipient", "keep messages with a pending recipient whose address contains this `TEXT`"},
	{"cli.queue.flag.sender", "keep messages whose envelope sender contains this `TEXT`; <> is the null sender"},
	{"cli.queue.flag.json", "print one JSON document instead of text"},
	{"cli.queue.delete.short", "Delete the selected messages for good"},
	{"cli.queue.action.long", `{{.Short}}, with {{.Command}}{{if .PerMessage}}, once per message{{end}}.

The messages are those mailtop queue lists with the same filters (--domain,
--sender, --recipient, --queue, --class, --reason), and the queue IDs given
as arguments; without a filter or a queue ID, pass --all. Just before
acting, mailtop lists the queue again with postqueue -j and leaves alone
every message that moved to another queue, left the queue or whose queue ID
now names another message (other sender or arrival time), and every message
in a queue the action does not apply to; each is printed with the reason.
The count printed is the one Postfix reports.

--dry-run prints the messages and the command and changes nothing. delete
asks for the number of messages to be typed when standard input is a
terminal, and otherwise needs --yes.{{if .Requeue}}

requeue then wakes pickup (postkick public pickup W), which gives each
message its new queue ID, reads the log (--log, --journal) for pickup's
lines for at most 5 seconds, and prints the new queue ID of each message.
For a message not found there, it prints the orig_id= to look for.{{end}}

Each run appends one line to the audit log (--audit-log). Changing the
queue needs root, because postsuper does; deliver (postqueue -i) works for
any user that authorized_flush_users allows.`},
	{"cli.queue.action.flag.all", "act on every queued message when no filter is given"},
	{"cli.queue.action.flag.audit-log", "append a JSON line for the action to this `FILE`"},
	{"cli.queue.action.flag.dry-run", "print the selected messages and the command, and change nothing"},
	{"cli.queue.action.flag.yes", "delete without asking for the count to be typed"},
	{"cli.queue.deliver.short", "Attempt delivery of the selected messages now"},
	{"cli.queue.expire.short", "Return the selected messages to their senders at the next attempt, releasing held ones"},
	{"cli.queue.hold.short", "Put the selected messages on hold"},
	{"cli.queue.release.short", "Release the selected messages from hold"},
	{"cli.queue.requeue.short", "Requeue the selected messages (each gets a new queue ID)"},
	{"cli.report.short", "Print per-domain delivery counts for a mail log and exit"},
	{"cli.report.long", `Read the mail log once and print, per recipient domain, the deliveries sent,
deferred, bounced and expired, the delays and the most frequent failure
classes, with the watch-list domains first. Whole files are read unless
--since is given. --json prints a stable document for scripts.

The report reads the log alone, not the queue, so it needs no access to
the queue and gives no count of queued messages. mailtop queue lists what
is queued now, the messages in the maildrop queue included, which no log
line names until pickup takes them.

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

  mailtop forward QUEUE_ID... --via RELAY  messages in the queue (needs root)
  mailtop forward --bounce FILE --via RELAY --to ADDRESS
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
carry one (RFC 5321 section 4.4); --attach removes it too. A message with
a line over 998 bytes, or with 8-bit content for a relay without
8BITMIME, is refused before anything is sent. --attach sends a new
message with a short note and the original attached, encoded when it
cannot travel as it is.

Each message goes to its own pending recipients unless --to is given.
Only after the relay accepted every recipient and answered 250 to DATA,
--then acts on that message's original: keep (the default) leaves it
queued, hold puts it on hold and delete removes it. delete is refused
while the original has a pending recipient that is not forwarded. On any
failure the original is left as it is. Every attempt and every hold or
delete is appended to the audit log (--audit-log); no password is. A
line that cannot be written is a warning on standard error and leaves
the exit status unchanged.

Exit status: 0 when every message was forwarded; 1 when some were and
some were not, or when a hold or delete after a forward failed; 2 for a
command-line error or a --bounce FILE without an original to forward; 3
when no message was forwarded, also when mailtop could not start
forwarding (the config file, the Postfix instance, the queue files or the
audit log could not be read), because then too nothing was sent.
--dry-run exits 3 when every message would be refused and 1 when some
would be.`},
	{"cli.forward.flag.attach", "send a new message with a short note and the original attached, instead of resending it unchanged"},
	{"cli.forward.flag.audit-log", "append a JSON line for each forward, hold and delete to this `FILE`"},
	{"cli.forward.flag.bounce", "forward the original inside this bounce `FILE` (multipart/report) instead of queued messages"},
	{"cli.forward.flag.after", "keep, hold or delete; the older spelling of --then"},
	{"cli.forward.flag.from", "send from this envelope sender `ADDRESS` (MAIL FROM and Resent-From) in place of the relay's envelope_sender and the original's sender"},
	{"cli.forward.flag.dry-run", "print what would be sent and connect to nothing"},
	{"cli.forward.flag.mode", "resend or attach; the older spelling of --attach"},
	{"cli.forward.flag.timeout", "give up when the relay does not connect or reply within this `DURATION`, such as 30s (default: 30s to connect, 5m for each reply)"},
	{"cli.forward.flag.then", "the `ACTION` to take on each queued original once the relay accepted it: keep, hold or delete"},
	{"cli.forward.flag.to", "send to this `ADDRESS`; repeat it or separate addresses with commas (default: each message's pending recipients)"},
	{"cli.forward.flag.via", "send through this `RELAY`: a [[relay]] name, smtp://HOST:PORT or smtps://HOST:PORT"},
	// Text output of the report, queue, check and forward subcommands.
	// The English texts are the output scripts and tests already rely on.
	{"out.report.empty", "No Postfix deliveries found ({{.Read}} lines read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized)."},
	{"out.report.range", "From {{.From}} to {{.To}}: {{.Read}} lines read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized."},
	// A warning on standard error, after "mailtop: warning: ".
	{"out.report.allBeforeSince", "{{.Read}} lines read, none of them at or after --since {{.Since}}: run with --since all to report them"},
	{"out.report.allBeforeSinceOne", "{{.Read}} line read, not at or after --since {{.Since}}: run with --since all to report it"},
	{"out.report.emptyOne", "No Postfix deliveries found ({{.Read}} line read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized)."},
	{"out.report.rangeOne", "From {{.From}} to {{.To}}: {{.Read}} line read, {{.Postfix}} from Postfix, {{.Unrecognized}} unrecognized."},
	// Postfix lines were read, but no delivery was counted in the period
	// or for --domain.
	{"out.report.noDeliveries", "No delivery lines (status=sent, deferred, bounced or expired) to report, so no domain is listed."},
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
	{"out.queue.retryStopped", "{{.Retry}} (Postfix stopped)"},
	{"out.queue.postfixStopped", "Postfix is not running, so no message is delivered or retried until it starts: {{.Start}}"},
	{"out.queue.origAddress", "(for {{.Address}})"},
	{"out.queue.bounced", "bounced: {{.Reason}}"},
	{"out.queue.doneOne", "({{.Count}} recipient done)"},
	{"out.queue.doneMany", "({{.Count}} recipients done)"},
	{"out.queue.noMatch", "No queued message matches the filters."},
	{"out.queue.summaryNoMatch", "0 messages match the filters ({{.Total}} queued in {{.Dir}})"},
	{"out.queue.summaryOne", "{{.Count}} message{{.Queues}} in {{.Dir}}"},
	{"out.queue.summaryMany", "{{.Count}} messages{{.Queues}} in {{.Dir}}"},
	{"out.queue.summaryFilteredOne", "{{.Count}} of {{.Total}} queued messages matches the filters{{.Queues}} in {{.Dir}}"},
	{"out.queue.summaryFilteredMany", "{{.Count}} of {{.Total}} queued messages match the filters{{.Queues}} in {{.Dir}}"},
	{"out.queue.incomplete", "; {{.Count}} still being written"},
	{"out.queue.copyIncompleteOne", "{{.Count}} queue file in {{.Dir}} lacks the owner execute bit that Postfix sets once a file is complete, so it was skipped as still being written; if {{.Dir}} is a copy, copy the queue again keeping file modes (cp -a or rsync -a)"},
	{"out.queue.copyIncompleteMany", "{{.Count}} queue files in {{.Dir}} lack the owner execute bit that Postfix sets once a file is complete, so they were skipped as still being written; if {{.Dir}} is a copy, copy the queue again keeping file modes (cp -a or rsync -a)"},
	{"out.queue.vanished", "; {{.Count}} left the queue during the scan"},
	{"out.queue.end", "."},
	{"out.queue.postqueue", "Listed with postqueue -j, so next retry times, done recipients and DSN codes are missing ({{.Reason}})."},
	{"out.queue.unreadable", "unreadable: {{.Error}}"},
	// Queue files that mailtop cannot read, and queue files that Postfix
	// itself (mail_owner) cannot read, so that it never delivers them.
	{"out.queue.noneReadable", "No queued message can be listed, because no queue file could be read."},
	{"out.queue.unreadableCount", "; {{.Count}} could not be read"},
	{"out.queue.deniedOne", "{{.Count}} queue file in {{.Dir}} could not be opened (permission denied), so its message is not listed: run mailtop as root, such as {{.Command}}."},
	{"out.queue.deniedMany", "{{.Count}} queue files in {{.Dir}} could not be opened (permission denied), so their messages are not listed: run mailtop as root, such as {{.Command}}."},
	{"out.queue.deniedPostqueue", "postqueue -j failed too: {{.Error}}"},
	{"out.queue.fileNotOwned", "warning: Postfix cannot read this queue file, which belongs to uid {{.UID}}, not to {{.Owner}} (mail_owner): run {{.Command}}, or chown {{.Owner}} the file"},
	{"out.queue.fileNotReadable", "warning: Postfix cannot read this queue file, because {{.Owner}} (mail_owner) may not read it: make it readable, such as with chmod 744, the mode postdrop gives it"},
	{"out.queue.fileProblemsOne", "{{.Count}} message, marked \"warning:\" above, will not be delivered, because {{.Owner}} (mail_owner) cannot read its queue file."},
	{"out.queue.fileProblemsMany", "{{.Count}} messages, marked \"warning:\" above, will not be delivered, because {{.Owner}} (mail_owner) cannot read their queue files."},
	// The action as the output of mailtop queue ACTION names it. English
	// uses the subcommand's name.
	{"out.action.name.hold", "hold"},
	{"out.action.name.release", "release"},
	{"out.action.name.requeue", "requeue"},
	{"out.action.name.deliver", "deliver"},
	{"out.action.name.expire", "expire"},
	{"out.action.name.delete", "delete"},
	{"out.action.noMatch", "No queued message matches; nothing to {{.Action}}."},
	{"out.action.idNotFound", "{{.ID}}: no queued message has this queue ID, or the filters leave it out"},
	{"out.action.dryRunOne", "Dry run: {{.Action}} would run {{.Command}} on {{.Count}} message; nothing was changed."},
	{"out.action.dryRunMany", "Dry run: {{.Action}} would run {{.Command}} on {{.Count}} messages; nothing was changed."},
	{"out.action.expireBouncesOne", "{{.Count}} of them is a bounce (sender <>), with no sender to return it to, so Postfix drops it instead."},
	{"out.action.expireBouncesMany", "{{.Count}} of them are bounces (sender <>), with no sender to return them to, so Postfix drops them instead."},
	{"out.action.skipped", "skipped {{.ID}}: {{.Reason}}"},
	{"out.action.skippedReason", "skipped: {{.Reason}}"},
	// An expire that ran postsuper -f on held messages, after the result.
	{"out.action.releasedOne", "{{.Count}} of them was on hold, so postsuper -f also released it: Postfix returns it to its sender at the next attempt."},
	{"out.action.releasedMany", "{{.Count}} of them were on hold, so postsuper -f also released them: Postfix returns them to their senders at the next attempt."},
	{"out.action.alreadyDone", "{{.Action}}: nothing to change, because the selected messages are already in that state."},
	{"out.action.resultOne", "{{.Action}}: {{.Changed}} of {{.Count}} message changed ({{.Skipped}} skipped)."},
	{"out.action.resultMany", "{{.Action}}: {{.Changed}} of {{.Count}} messages changed ({{.Skipped}} skipped)."},
	{"out.action.confirmOne", "Delete {{.Count}} message for good? Type {{.Count}} to confirm: "},
	{"out.action.confirmMany", "Delete {{.Count}} messages for good? Type {{.Count}} to confirm: "},
	{"out.action.outsideRecipients", "    also to: {{.Recipients}}"},
	{"out.action.outsideMore", "{{.List}} and {{.More}} more"},
	{"out.action.outsideOne", "{{.Count}} of these messages also has pending recipients outside the filter ({{.IDs}}): Postfix acts on whole messages, so {{.Action}} applies to those recipients too."},
	{"out.action.outsideMany", "{{.Count}} of these messages also have pending recipients outside the filter ({{.IDs}}): Postfix acts on whole messages, so {{.Action}} applies to those recipients too."},
	// After mailtop queue requeue: the new queue IDs that pickup logged,
	// or where they will appear. Command is a mailtop queue command line.
	{"out.requeue.newIDs", "New queue IDs, from pickup's lines in {{.Log}}:"},
	{"out.requeue.waitingOne", "{{.ID}}: pickup did not log the new queue ID (orig_id={{.ID}}) in {{.Log}} within {{.Seconds}} seconds. It does so when it takes the message from the maildrop queue, and {{.Command}} then lists the message under its new queue ID."},
	{"out.requeue.waitingMany", "{{.Count}} messages ({{.IDs}}): pickup did not log their new queue IDs in {{.Log}} within {{.Seconds}} seconds. It logs each when it takes the message from the maildrop queue, with orig_id= and the old queue ID, such as orig_id={{.ID}}. {{.Command}} lists those that pickup has not taken yet."},
	{"out.requeue.noLogOne", "Pickup gives the message a new queue ID when it takes it from the maildrop queue, and logs it with orig_id={{.ID}}. {{.Command}} then lists the message under its new queue ID."},
	{"out.requeue.noLogMany", "Pickup gives each message a new queue ID when it takes it from the maildrop queue, and logs it with orig_id= and the old queue ID, such as orig_id={{.ID}}. {{.Command}} lists those that pickup has not taken yet."},
	{"out.requeue.stoppedOne", "Postfix is not running, so the message waits in the maildrop queue under its old queue ID. Once Postfix runs ({{.Start}}), pickup gives it a new queue ID and logs it with orig_id={{.ID}}."},
	{"out.requeue.stoppedMany", "Postfix is not running, so the messages wait in the maildrop queue under their old queue IDs. Once Postfix runs ({{.Start}}), pickup gives each a new queue ID and logs it with orig_id= and the old queue ID, such as orig_id={{.ID}}."},
	{"out.action.confirmOutsideOne", "Delete {{.Count}} message for good, with its recipients outside the filter? Type {{.Count}} to confirm: "},
	{"out.action.confirmOutsideMany", "Delete {{.Count}} messages for good, {{.Outside}} of them with recipients outside the filter? Type {{.Count}} to confirm: "},
	// The heading of a carrier's domain, and a limit with the parameter
	// that sets it.
	{"out.check.titleCarrier", "{{.Domain}} ({{.Carrier}})"},
	{"out.check.limitValue", "{{.Value}} ({{.Parameter}})"},
	{"out.check.transport", "transport"},
	{"out.check.via", "{{.Transport}} (from {{.Source}})"},
	{"out.check.viaMap", "transport_maps {{.Table}}, key {{.Key}}"},
	{"out.check.nexthop", "next hop"},
	{"out.check.nexthopDomain", "the recipient domain {{.Domain}}, so SMTP delivery goes to its MX hosts"},
	{"out.check.nexthopFrom", "{{.Nexthop}} (from {{.Source}})"},
	{"out.check.noService", "no {{.Transport}} unix service"},
	{"out.check.concurrency", "concurrency"},
	{"out.check.recipients", "recipients"},
	{"out.check.rateDelay", "rate delay"},
	{"out.check.transportDelay", "transport delay"},
	{"out.check.processes", "processes"},
	{"out.check.throttled", "THROTTLED by {{.Settings}}"},
	{"out.check.notThrottled", "NOT THROTTLED: nothing limits how fast mail goes to this domain"},
	// A domain that is not a carrier's needs no throttle, so its line is
	// not in capitals.
	{"out.check.notThrottledOther", "not throttled: nothing limits how fast mail goes to this domain"},
	{"out.check.warning", "warning: {{.Warning}}"},
	// The warnings of mailtop check, also printed in English in its JSON.
	{"out.check.warning.noService", "master.cf has no {{.Transport}} unix service, so Postfix defers mail to {{.Domain}} with \"unknown mail transport\"; add the service or fix the route"},
	{"out.check.warning.neverDelivered", "transport {{.Transport}} runs the {{.Agent}} delivery agent, so mail to {{.Domain}} is never delivered"},
	{"out.check.warning.qmgrOverride", "master.cf sets -o {{.Parameter}} for {{.Transport}}, which has no effect: qmgr reads it from main.cf only"},
	{"out.check.warning.recipientLimit", "with {{.Parameter}} = 1 every recipient is its own destination, so the destination concurrency limit and rate delay no longer pace {{.Domain}} as a whole; set {{.Transport}}_transport_rate_delay (Postfix 3.1 and later) or maxproc 1 in master.cf"},
	{"out.check.warning.senderDependent", "main.cf sets {{.Parameters}}, so mail to {{.Domain}} from some senders can take another transport or next hop than shown here; a transport table entry for {{.Domain}}, such as a suggested one, overrides that for every sender"},
	{"out.check.warning.sharedTransport", "{{.Domain}} is paced through {{.Transport}}, the transport of every destination without a transport_maps entry, so all that mail is slowed too; a dedicated transport paces only {{.Domain}}"},
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
	{"out.forward.messageText", "{{.Source}}, message of {{.Size}} bytes{{if .QueueSize}} ({{.QueueSize}} bytes in the queue file, as mailtop queue lists it){{end}}, longest line {{.MaxLine}} bytes, {{.Bits}}"},
	{"out.forward.relayText", "{{.Name}} ({{.Address}}, tls {{.TLS}})"},
	// The mode and what --then does to the original. English names
	// both with the flag's value.
	{"out.forward.modeText", "{{.Mode}}, then {{.After}} the original"},
	{"out.forward.modeName.resend", "resend"},
	{"out.forward.modeName.attach", "attach"},
	{"out.forward.after.keep", "keep"},
	{"out.forward.after.hold", "hold"},
	{"out.forward.after.delete", "delete"},
	{"out.forward.fromBounce", "original in bounce {{.File}}"},
	{"out.forward.fromQueue", "{{.ID}} in the {{.Queue}} queue"},
	{"out.forward.dryRun", "Dry run: nothing was sent and the queue was not changed."},
	{"out.forward.auditFailed", "{{.Error}}. Check the file's permissions, or pass --audit-log FILE to log elsewhere."},
	{"out.forward.accepted", "Relay accepted the message: 250 {{.Reply}}"},
	{"out.forward.failed", "Not forwarded: {{.Error}}"},
	{"out.forward.thenFailed", "The {{.Action}} of the original {{.ID}} (--then {{.Then}}) failed: {{.Error}}"},
	{"out.forward.refused", "Would be refused: {{.Error}}"},
	{"out.forward.then.hold", "The original {{.ID}} was put on hold."},
	{"out.forward.then.delete", "The original {{.ID}} was deleted."},
	{"out.forward.summary", "{{.Sent}} of {{.Total}} messages forwarded."},
	// Hints for a log that is not a mail log, queue files skipped, a
	// bounce without a queued original, and the Japanese lines of errors.
	{"out.queue.skippedOne", "; {{.Count}} other file skipped because its name is not a queue ID"},
	{"out.queue.skippedMany", "; {{.Count}} other files skipped because their names are not queue IDs"},
	{"log.noPostfixLines", "none of the {{.Lines}} lines read from {{.Source}} is from Postfix: if that is not the mail log, pass --log the file that Postfix or syslog writes, such as /var/log/mail.log. Postfix lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.noPostfixLinesOne", "the one line read from {{.Source}} is not from Postfix: if that is not the mail log, pass --log the file that Postfix or syslog writes, such as /var/log/mail.log. Postfix lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.journalNoFiles", "the systemd journal gave no lines: there are no journal files in {{.Persistent}} or {{.Volatile}}, so journalctl has nothing to read on this machine. If Postfix logs to a file, pass --log with its path, such as /var/log/mail.log"},
	{"log.journalNoMail", "the systemd journal has no entries of the mail facility ({{.Match}}) in the time read. If Postfix logs elsewhere (maillog_file or syslog_facility in main.cf), pass --log with that file"},
	{"log.noLines", "no line was read from {{.Source}}, because the input is empty: pass --log the file that Postfix or syslog writes, such as /var/log/mail.log"},
	{"log.noLinesArgument", "no line was read from {{.Source}}, because the input is empty: give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log"},
	{"log.noPostfixLinesArgument", "none of the {{.Lines}} lines read from {{.Source}} is from Postfix: if that is not the mail log, give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log. Postfix lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.classifyDomainNone", "none of the {{.Deliveries}} delivery lines read is to {{.Domain}}, so nothing was printed: check the domain given to --domain (the part after @, such as docomo.ne.jp), or leave --domain out to see every domain"},
	{"log.classifyDomainNoneOne", "the one delivery line read is not to {{.Domain}}, so nothing was printed: check the domain given to --domain (the part after @, such as docomo.ne.jp), or leave --domain out to see every domain"},
	// The unrecognized lines that classify read, which report counts in its
	// summary line. classify writes them to standard error, because its
	// standard output is JSON.
	{"log.classifyUnrecognized", "{{.Unrecognized}} of the {{.Read}} lines read could not be parsed, so any delivery in them is missing from the output. Such lines are cut short or damaged, as after a crash, or are Postfix lines of a form that mailtop does not know. If there are many, check that the log's lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.classifyUnrecognizedOne", "1 of the {{.Read}} lines read could not be parsed, so any delivery in it is missing from the output. Such a line is cut short or damaged, as after a crash, or is a Postfix line of a form that mailtop does not know. If more appear, check that the log's lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.noPostfixLinesOneArgument", "the one line read from {{.Source}} is not from Postfix: if that is not the mail log, give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log. Postfix lines look like \"Dec  4 10:00:00 mx postfix/smtp[123]: ...\""},
	{"log.stdin", "standard input"},
	{"log.repeatedPath", "--log {{.Path}} names the same file as --log {{.First}}: reading it once"},
	{"out.forward.modeBounce", "{{.Mode}} (no queued original)"},
	{"cli.error.binaryLogArgument", "{{.Path}} is a binary file, not a mail log: give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log."},
	{"cli.error.binaryLog", "{{.Path}} is a binary file, not a mail log: pass --log the file that Postfix or syslog writes."},
	{"cli.error.postconf", "postconf could not read the Postfix configuration: check that Postfix is installed and that the -c directory, if given, contains main.cf."},
	{"cli.error.configRelay", "{{.Error}}. README.md, Configuration, describes every key of [[relay]]."},
	{"cli.error.config", "The config file has an error: fix the key or value named above. README.md, Configuration, lists every key."},
	{"cli.error.configFile", "{{.Error}}."},
	{"cli.error.configDirRejected", "{{.Error}}."},
	{"cli.error.mainCFMissing", "{{.Error}}."},
	{"cli.error.bounce", "The file given to --bounce is not a bounce with the original message in it: save the non-delivery report from the mail client with its header (such as an .eml file), or forward the message from the queue."},
	{"cli.error.auditLog", "The audit log of actions could not be opened: pass --audit-log FILE with a file this user may write."},
	{"cli.error.auditLogReadOnly", "The audit log of actions could not be opened: pass --audit-log FILE with a file this user may write, or --read-only to watch without acting on the queue."},
	// Queues lists the queue names, such as "maildrop, incoming, active".
	{"cli.error.queueDirMissing", "The directory {{.Path}} given to --queue-dir does not exist: check the path, or leave out --queue-dir to read the queue of the Postfix instance."},
	{"cli.error.queueDirNotDirectory", "--queue-dir {{.Path}} is not a directory: give the Postfix queue directory, the one that contains {{.Queues}} (postconf -h queue_directory shows it)."},
	{"cli.error.queueDirNotQueue", "--queue-dir {{.Path}} is not a Postfix queue directory: give the directory that contains the queues {{.Queues}} as directories (postconf -h queue_directory shows it), or a copy of it."},
	// A failed mailtop forward. Sent of Total messages were forwarded,
	// and Failed were not.
	{"cli.error.forwardNone", "No message was forwarded (exit status 3), and the originals were not changed: fix the cause on the line above, then run the same command again."},
	{"cli.error.forwardNotQueued", "No message was forwarded (exit status 3), and nothing in the queue was changed: no queued message has the queue IDs above, so the same command would fail again. Find the right ID with mailtop queue, or mailtop queue --recipient ADDRESS for the messages to one address, and forward that ID."},
	{"cli.error.forwardPartial", "{{.Sent}} of {{.Total}} messages were forwarded and {{.Failed}} were not (exit status 1): the lines above name each failure and its cause. Forward again only the queue IDs that failed, because the same command would send the others twice."},
	{"cli.error.forwardDryRun", "The dry run found messages that forward would refuse, for the reasons above, and sent nothing: fix the causes, or leave those queue IDs out, before running without --dry-run."},
	{"cli.error.forwardThenNotRunning", "The relay accepted every message, but Postfix is not running, so the hold or delete of an original after it failed (exit status 1) and that original is still queued: start Postfix with {{.Start}}, then hold or delete it with mailtop queue hold or mailtop queue delete, without forwarding it again, which would send it twice."},
	{"cli.error.forwardThen", "The relay accepted every message, but the hold or delete of an original after it failed (exit status 1), so that original is still queued: do not forward it again, which would send it twice, but hold or delete it with mailtop queue hold or mailtop queue delete."},
	{"cli.error.postsuperLogFile", "postsuper stopped because it could not open Postfix's log file {{.Path}}, so some messages are unchanged: start Postfix with {{.Start}}, then run the command again for them."},
	{"cli.error.noTerminal", "The dashboard needs an interactive terminal, and none could be opened: run mailtop in a terminal, or use mailtop report for the counts without one."},
	{"cli.error.postfixNotRunningUndelivered", "Postfix is not running, so the messages were not delivered and are still queued: start Postfix with {{.Start}}, then run the command again."},
	{"cli.error.postfixNotRunningListing", "Postfix is not running, so the queue could not be listed: start Postfix with {{.Start}}, or run mailtop queue as root, which reads the queue files itself."},
	{"cli.error.postfixNotRunning", "Postfix is not running, so mailtop could not check the queue and left it unchanged: start Postfix with {{.Start}}, then run the command again."},
	// Hints that name the flag value or the argument of the error line.
	{"cli.error.flagYear", "--year {{.Value}} is not a year from 1970 to 9999: give one such as 2026."},
	{"cli.error.flagBool", "{{.Flag}} takes true or false, not \"{{.Value}}\": give one of them, or {{.Flag}} alone for true."},
	{"cli.error.flagDuration", "{{.Flag}} takes a duration with a unit, not \"{{.Value}}\": give one such as 30s or 2m."},
	{"cli.error.debugDirectory", "--debug {{.Path}} is a directory: give the path of a file to write, such as {{.Example}}."},
	{"cli.error.flagSinceMonth", "--since {{.Value}} is not a real date and time, because its month is out of range: give one such as 2026-12-04T09:00."},
	{"cli.error.flagSinceDay", "--since {{.Value}} is not a real date and time, because its day is out of range: give one such as 2026-12-04T09:00."},
	{"cli.error.flagSinceHour", "--since {{.Value}} is not a real date and time, because its hour is out of range: give one such as 2026-12-04T09:00."},
	{"cli.error.flagSinceMinute", "--since {{.Value}} is not a real date and time, because its minute is out of range: give one such as 2026-12-04T09:00."},
	{"cli.error.flagSinceSecond", "--since {{.Value}} is not a real date and time, because its second is out of range: give one such as 2026-12-04T09:00."},
	{"cli.error.flagSince", "--since {{.Value}} is not a start time: give all, a duration such as 30m, 24h or 7d, or a time such as 2026-12-04T09:00."},
	{"cli.error.flagLang", "--lang {{.Value}} is not a language: give en for English or ja for Japanese."},
	{"cli.error.flagScope", "--{{.Flag}} has no effect on mailtop {{.Subcommand}}: remove it. It applies to the dashboard{{if .Commands}} and to {{.Commands}}{{end}}."},
	{"cli.error.filterEmpty", "--{{.Flag}} is empty: give a value to match, or leave out --{{.Flag}}."},
	{"cli.error.classifyArgs", "classify reads one FILE, but {{.Count}} were given: give one log file, or - for standard input, and pass the others with --log."},
	{"cli.error.flagClass", "--class {{.Value}} is not a reason class: give one of {{.Classes}}."},
	{"cli.error.flagQueue", "--queue {{.Value}} is not a queue: give one of {{.Queues}}."},
	{"cli.error.queueDirAction", "--queue-dir reads a copy of a queue, and actions change the live instance: drop --queue-dir, and pick the instance with -c DIR."},
	{"cli.error.queueActionTargets", "mailtop queue {{.Action}} needs queue IDs, a filter (--domain, --sender, --recipient, --queue, --class or --reason), or --all for every queued message."},
	{"cli.error.deleteNeedsYes", "Deleting {{.Count}} messages needs --yes when standard input is not a terminal: check the list with --dry-run first."},
	{"cli.error.flagDomain", "--domain {{.Value}} is not a domain name: {{.Reason}}. Give the part of the recipients' addresses after @, such as docomo.ne.jp."},
	{"cli.error.flagTZ", "--tz {{.Value}} is not a known time zone: give an IANA zone name such as Asia/Tokyo or UTC."},
	{"cli.error.domainEmpty", "--domain is empty: give a recipient domain such as docomo.ne.jp, or leave out --domain for every domain."},
	{"cli.error.forwardQueueID", "{{.Value}} is not a queue ID: give one as mailtop queue lists it, such as 7E996BE094."},
	{"cli.error.forwardRelayNone", "The config file {{.Path}} defines no [[relay]] named {{.Value}}: add one, or give --via smtp://HOST:PORT or smtps://HOST:PORT."},
	{"cli.error.forwardRelayNoConfig", "No config file was found, so no [[relay]] is named {{.Value}} (mailtop looked for {{.Paths}}): create one with a [[relay]] table, or give --via smtp://HOST:PORT or smtps://HOST:PORT."},
	{"cli.error.forwardRelayUnknown", "The config file defines no [[relay]] named {{.Value}}: give one of {{.Relays}}, or --via smtp://HOST:PORT or smtps://HOST:PORT."},
	{"cli.error.forwardNothing", "mailtop forward needs the messages and the relay: give queue IDs (or --bounce FILE --to ADDRESS) and --via RELAY, such as mailtop forward 7E996BE094 --via smtps://smtp.example.com:465. Run '{{.Command}} --help' for usage."},
	{"cli.error.forwardViaMissing", "mailtop forward needs --via: name a [[relay]] of the config file, or give smtp://HOST:PORT or smtps://HOST:PORT."},
	{"cli.error.forwardTimeout", "--timeout {{.Value}} is not a positive duration: give one such as 30s."},
	{"cli.error.forwardMode", "--mode {{.Value}} is invalid: give resend or attach, or --attach alone."},
	{"cli.error.forwardAttachMode", "--attach and --mode resend contradict each other: give one of them."},
	{"cli.error.forwardAfterThen", "--after {{.After}} and --then {{.Then}} contradict each other: give only --then."},
	{"cli.error.forwardThenValue", "--then {{.Value}} is invalid: give keep, hold or delete."},
	{"cli.error.forwardTo", "--to {{.Value}} is not a mail address: give one such as user@docomo.ne.jp; separate several with commas."},
	{"cli.error.forwardFrom", "--from {{.Value}} is not a mail address: give one such as shop@example.jp, without angle brackets."},
	{"cli.error.forwardBounceIDs", "Queue IDs and --bounce cannot be combined: forward either queued messages or the original inside a bounce."},
	{"cli.error.forwardBounceTo", "--bounce needs --to: give the addresses to forward the original to, such as --to user@docomo.ne.jp."},
	{"cli.error.forwardBounceThen", "--then {{.Then}} applies to a queued message only: remove --then when forwarding the original inside a bounce."},
	{"cli.error.forwardNoIDs", "No message to forward: give the queue IDs of the messages as mailtop queue lists them, or --bounce FILE."},
	{"cli.error.forwardQueueIDTwice", "Queue ID {{.Value}} is given twice: give each queue ID once."},
	{"cli.error.forwardBounceMissing", "The file {{.Path}} given to --bounce does not exist: check the path of the saved bounce message."},
	{"cli.error.forwardBounceDirectory", "--bounce {{.Path}} is a directory: give the path of the bounce message inside it, saved with its header."},
	{"cli.error.forwardRelayURL", "--via {{.Value}} is not a relay URL: give smtp://HOST:PORT or smtps://HOST:PORT with a port from 1 to 65535, or the name of a [[relay]] of the config file."},
	{"cli.error.configDirectory", "--config {{.Path}} is a directory: give the path of a TOML file, such as {{.Example}}."},
	{"cli.error.unknownFlag", "{{.Command}} has no flag {{.Flag}}. Run '{{.Command}} --help' for its flags."},
	{"cli.error.unknownFlagSuggestion", "{{.Command}} has no flag {{.Flag}}: did you mean {{.Suggestion}}?"},
	{"cli.error.unknownFlagElsewhere", "{{.Command}} has no flag {{.Flag}}: it is a flag of {{.Owners}}."},
	{"cli.error.flagMissingValue", "{{.Flag}} needs a value: give it as {{.Form}}."},
	{"cli.error.flagYearMissing", "{{.Flag}} needs a value: give a year from 1970 to 9999, such as {{.Flag}} 2026."},
	{"cli.error.logDirectory", "The log {{.Path}} is a directory: name the log file inside it, such as {{.Example}}."},
	{"cli.error.argumentLog", "{{.Command}} takes no arguments: to read the log {{.Argument}}, pass it with --log {{.Argument}}."},
	{"cli.error.queueIDDomain", "{{.Command}} takes queue IDs as arguments: to select the domain {{.Argument}}, pass it with --domain {{.Argument}}."},
	{"cli.error.queueIDsMissing", "{{.Action}}: {{.Count}} of the {{.Given}} queue IDs given named no queued message ({{.IDs}}): they may have left the queue, or the filters leave them out. Run mailtop queue to see what is still queued."},
	{"cli.error.queueIDCase", "{{.Command}} takes queue IDs as arguments, and {{.Argument}} is not one because queue IDs are case-sensitive and short ones are upper case: pass {{.Upper}}."},
	{"cli.error.queueIDArgument", "{{.Command}} takes queue IDs as arguments, and {{.Argument}} is not one: pass queue IDs as mailtop queue lists them, or select messages with --domain, --sender, --recipient, --queue, --class or --reason."},
	{"cli.error.argumentDomain", "{{.Command}} takes no arguments: to select the domain {{.Argument}}, pass it with --domain {{.Argument}}."},
	{"cli.error.noArguments", "{{.Command}} takes no arguments: remove \"{{.Argument}}\". Run '{{.Command}} --help' for usage."},
	{"cli.error.unknownCommandSuggestion", "{{.Command}} has no command \"{{.Argument}}\": did you mean {{.Suggestion}}?"},
	{"cli.error.unknownCommand", "{{.Command}} has no command \"{{.Argument}}\": use one of {{.Commands}}."},
	{"cli.error.demoLog", "--demo cannot be combined with --log: the demo shows its embedded recording, not the log. Remove --demo to read the log, or --log to run the demo."},
	{"cli.error.demoSince", "--demo cannot be combined with --since: the demo shows its embedded recording, not the log from that time. Remove --demo to read the log, or --since to run the demo."},
	{"cli.error.demoInstance", "--demo cannot be combined with -c: the demo shows its embedded recording, not that Postfix instance. Remove --demo to watch the instance, or -c to run the demo."},
	{"cli.error.demoYear", "--demo cannot be combined with --year: the demo dates its embedded recording itself. Remove --demo to read a log with --year, or --year to run the demo."},
	{"cli.error.demoTZ", "--demo cannot be combined with --tz: the demo shows its embedded recording at the clock times it was recorded, in any zone. Remove --demo to read a log with --tz, or --tz to run the demo."},
	{"cli.error.sinceZero", "--since {{.Value}} is a zero duration, which starts now, so no line already in the log would be read. Give how far back to start, such as 30m, 24h or 7d, or all for the whole log."},
	{"cli.error.demoJournal", "--demo cannot be combined with --journal: the demo shows its embedded recording, not the journal. Remove --demo to read the journal, or --journal to run the demo."},
	{"cli.error.requeueStdin", "mailtop queue requeue reads pickup's lines logged after the requeue, and --log - (standard input) cannot give them. Name the log file, or leave out --log."},
	{"cli.error.journalLog", "--journal cannot be combined with --log: mailtop reads either the systemd journal or log files. Remove --log to read the journal, or --journal to read the files."},
	{"cli.error.jsonUnknownRecipients", "--json cannot be combined with --unknown-recipients, which prints CSV. Remove --json to get the CSV of unknown recipients, or --unknown-recipients to get the report as JSON."},
	{"cli.error.completionShell", "{{.Command}} has no completion script for the shell \"{{.Shell}}\": use one of {{.Shells}}."},
	{"log.repeatedArgument", "the FILE argument {{.Path}} names the same file as --log {{.First}}: reading it once"},
	// mailtop check: suggested lines that the instance has already, or
	// that an earlier domain's suggestion lists.
	{"out.check.alreadyRight", "already right in {{.File}}, nothing to change:"},
	{"out.check.suggestedAbove", "{{.File}}: suggested above for an earlier domain, so apply these once:"},
	{"out.check.nothingToRun", "nothing else to change or run"},
	// mailtop check: a domain that is not a Japanese mobile carrier's.
	{"out.check.noCarrier", "no change suggested: mailtop paces mail for the Japanese mobile carriers only, and other receivers need no such throttling"},
	// mailtop check: a domain routed to the error or discard delivery
	// agent, which takes its next hop as the reason text.
	{"out.check.nexthopReason", "none: \"{{.Reason}}\" is the reason that the {{.Agent}} delivery agent logs"},
	{"out.check.blocked.bounce", "BLOCKED: transport {{.Transport}} bounces all mail to {{.Domain}} with the reason \"{{.Reason}}\""},
	{"out.check.blocked.defer", "BLOCKED: transport {{.Transport}} defers all mail to {{.Domain}} with the reason \"{{.Reason}}\", so it stays queued until maximal_queue_lifetime and then bounces"},
	{"out.check.blocked.discard", "BLOCKED: transport {{.Transport}} discards all mail to {{.Domain}} and logs it as sent, with the reason \"{{.Reason}}\""},
	{"out.check.defaultBlocked", "{{.Setting}} blocks all mail that no transport_maps entry routes elsewhere: the domains below marked BLOCKED by it share this one cause, and changing default_transport lifts it for all of them."},
	{"out.check.unblocks", "for when mail to {{.Domain}} is to be delivered again: the transport table line below lifts the block, so leave it out until then"},
	// mailtop help with a topic that names no command.
	{"cli.error.helpTopicSuggestion", "There is no help topic \"{{.Topic}}\": did you mean {{.Suggestion}}?"},
	{"cli.error.helpTopic", "There is no help topic \"{{.Topic}}\": run {{.Help}} with one of {{.Commands}}."},
	{"cli.error.helpNoSubcommands", "There is no help topic \"{{.Topic}}\": {{.Parent}} has no subcommands, so run {{.Help}}."},
}
