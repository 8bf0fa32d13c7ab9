package parsers

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// view is an Event with strings in place of byte slices, so that test
// tables can state expectations as literals and failures print readably.
type view struct {
	Kind                  Kind
	Time                  time.Time
	Host, Program, Daemon string
	PID                   int
	QueueID               string
	Severity              Severity
	Text                  string
	To, OrigTo, Relay     string
	Delay                 float64
	Delays                [4]float64
	DSN                   string
	Status                Status
	Reason                string
	ReplyCode             int
	Phase                 Phase
	From                  string
	Size                  int64
	NRcpt                 int
	MessageID             string
	UID                   int
	OrigID                string
	Client, SASLUsername  string
	Action, Stage         string
	Notification          NotificationKind
	NewID                 string
}

func viewOf(ev *Event) view {
	return view{
		Kind: ev.Kind, Time: ev.Time,
		Host: string(ev.Host), Program: string(ev.Program), Daemon: string(ev.Daemon),
		PID: ev.PID, QueueID: string(ev.QueueID), Severity: ev.Severity, Text: string(ev.Text),
		To: string(ev.To), OrigTo: string(ev.OrigTo), Relay: string(ev.Relay),
		Delay: ev.Delay, Delays: ev.Delays, DSN: string(ev.DSN), Status: ev.Status,
		Reason: string(ev.Reason), ReplyCode: ev.ReplyCode, Phase: ev.Phase,
		From: string(ev.From), Size: ev.Size, NRcpt: ev.NRcpt,
		MessageID: string(ev.MessageID), UID: ev.UID, OrigID: string(ev.OrigID),
		Client: string(ev.Client), SASLUsername: string(ev.SASLUsername),
		Action: string(ev.Action), Stage: string(ev.Stage),
		Notification: ev.Notification, NewID: string(ev.NewID),
	}
}

// diffViews lists the fields that differ, one per line.
func diffViews(got, want view) string {
	var b strings.Builder
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < gv.NumField(); i++ {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "\n\t%s: got %v, want %v", gv.Type().Field(i).Name, g, w)
		}
	}
	return b.String()
}

// testReference places the yearless December stamps of the fixtures in
// 2026 by stepping back from January 2027.
var testReference = time.Date(2027, time.January, 10, 0, 0, 0, 0, time.UTC)

func testParser() *Parser { return NewParser(Options{Reference: testReference}) }

// at is a time on 2026-12-04 in UTC, the day of the captured log.
func at(hour, minute, sec, nsec int) time.Time {
	return time.Date(2026, time.December, 4, hour, minute, sec, nsec, time.UTC)
}

// parseCase is one line and the event it must give. The header fields
// (Time, Host, Program, Daemon, PID) are compared only when the case sets
// Program, and Text only when it sets Text. Every other field is always
// compared.
type parseCase struct {
	name string
	line string
	want view
}

// mx is the header of the captured maillog_file lines, minus the tag.
const mx = "Dec 04 19:46:53 mx "

var parseCases = []parseCase{
	// Header forms, each a rewrite of a captured line.
	{
		name: "header traditional syslog space-padded day",
		line: "Dec  4 19:52:10 vm postfix/smtp[16895]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0.03/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)",
		want: view{Kind: KindDelivery, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix/smtp", Daemon: "smtp", PID: 16895,
			QueueID: "6EFD4BE08E", To: "ok@docomo.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.1, Delays: [4]float64{0.02, 0.03, 0.05, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "250 2.0.0 Ok: 320 bytes queued as SINK850812", ReplyCode: 250},
	},
	{
		name: "header maillog_file zero-padded day",
		line: "Dec 04 19:46:53 mx postfix/qmgr[16879]: 6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 46, 53, 0), Host: "mx", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E", Text: "removed"},
	},
	{
		name: "header journal short-precise fraction",
		line: "Dec 04 19:46:52.999950 mx postfix/qmgr[16879]: 6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 46, 52, 999950000), Host: "mx", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E"},
	},
	{
		name: "header RFC3339 with microseconds",
		line: "2026-12-04T19:52:10.724915+00:00 vm postfix/smtpd[17540]: connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 724915000), Host: "vm", Program: "postfix/smtpd", Daemon: "smtpd", PID: 17540},
	},
	{
		name: "header RFC3339 without fraction",
		line: "2026-12-04T19:52:10+00:00 vm postfix/smtpd[17540]: connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix/smtpd", Daemon: "smtpd", PID: 17540},
	},
	{
		name: "header RFC3339 Z",
		line: "2026-12-04T19:52:10.5Z vm postfix/smtpd[17540]: connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 500000000), Host: "vm", Program: "postfix/smtpd", Daemon: "smtpd", PID: 17540},
	},
	{
		name: "header RFC3339 positive offset",
		line: "2026-12-05T04:52:10+09:00 vm postfix/smtpd[17540]: connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 0).In(time.FixedZone("", 9*3600)), Host: "vm", Program: "postfix/smtpd", Daemon: "smtpd", PID: 17540},
	},
	{
		name: "header RFC3339 negative offset",
		line: "2026-12-04T14:22:10-05:30 vm postfix/smtpd[17540]: connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 0).In(time.FixedZone("", -(5*3600 + 30*60))), Host: "vm", Program: "postfix/smtpd", Daemon: "smtpd", PID: 17540},
	},
	{
		name: "header journal short-iso offset without colon",
		line: "2026-12-04T19:46:52+0000 mx postfix/smtp[16895]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0.03/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)",
		want: view{Kind: KindDelivery, Time: at(19, 46, 52, 0), Host: "mx", Program: "postfix/smtp", Daemon: "smtp", PID: 16895,
			QueueID: "6EFD4BE08E", To: "ok@docomo.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.1, Delays: [4]float64{0.02, 0.03, 0.05, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "250 2.0.0 Ok: 320 bytes queued as SINK850812", ReplyCode: 250},
	},
	{
		name: "header journal short-iso-precise +0900",
		line: "2026-12-05T04:46:52.999950+0900 mx postfix/qmgr[16879]: 6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 46, 52, 999950000).In(time.FixedZone("", 9*3600)), Host: "mx", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E"},
	},
	{
		name: "header RFC5424 full APP-NAME",
		line: "<22>1 2026-12-04T19:52:10+00:00 vm postfix/submission/smtpd 17540 - -  connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix/submission/smtpd", Daemon: "smtpd", PID: 17540, Text: "connect from unknown[127.0.0.1]"},
	},
	{
		name: "header RFC5424 bare postfix delivery",
		line: "<22>1 2026-12-04T19:52:10+00:00 vm postfix 16895 - -  6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0.03/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)",
		want: view{Kind: KindDelivery, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix", Daemon: "postfix", PID: 16895,
			QueueID: "6EFD4BE08E", To: "ok@docomo.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.1, Delays: [4]float64{0.02, 0.03, 0.05, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "250 2.0.0 Ok: 320 bytes queued as SINK850812", ReplyCode: 250},
	},
	{
		name: "header RFC5424 bare postfix qmgr",
		line: "<22>1 2026-12-04T19:52:10+00:00 vm postfix 16879 - -  7E996BE094: from=<tester@mx.example.com>, size=365, nrcpt=3 (queue active)",
		want: view{Kind: KindQueued, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix", Daemon: "postfix", PID: 16879,
			QueueID: "7E996BE094", From: "tester@mx.example.com", Size: 365, NRcpt: 3},
	},
	{
		name: "header RFC5424 bare postfix cleanup",
		line: "<22>1 2026-12-04T19:52:10+00:00 vm postfix 16888 - -  6EFD4BE08E: message-id=<1796413613434539117.16882@example.com>",
		want: view{Kind: KindMessageID, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix", Daemon: "postfix", PID: 16888,
			QueueID: "6EFD4BE08E", MessageID: "1796413613434539117.16882@example.com"},
	},
	{
		name: "header RFC5424 bare postfix smtpd",
		line: "<22>1 2026-12-04T19:52:10+00:00 vm postfix 17540 - -  connect from unknown[127.0.0.1]",
		want: view{Kind: KindOther, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix", Daemon: "postfix", PID: 17540},
	},
	{
		name: "header RFC5424 structured data and nil fields",
		line: `<20>1 - - postfix/qmgr - - [origin ip="192.0.2.1" x="a\]b"] warning: mail for [127.0.0.1]:2525 is using up 20000 of 20000 active queue entries`,
		want: view{Kind: KindDiagnostic, Program: "postfix/qmgr", Daemon: "qmgr", Severity: SeverityWarning},
	},
	{
		name: "header RFC5424 BOM before message",
		line: "<22>1 2026-12-04T19:52:10Z vm postfix/qmgr 16879 - - \xef\xbb\xbf6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E"},
	},
	{
		name: "header RFC3164 with PRI",
		line: "<22>Dec  4 19:52:10 vm postfix/qmgr[16879]: 6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E"},
	},
	{
		name: "header no colon after tag",
		line: "Dec  4 19:52:10 vm postfix-out/smtp[16936] 8E192BE08D: to=<a@outbound.example.net>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.12, delays=0.01/0.05/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 327 bytes queued as SINK996214)",
		want: view{Kind: KindDelivery, Time: at(19, 52, 10, 0), Host: "vm", Program: "postfix-out/smtp", Daemon: "smtp", PID: 16936,
			QueueID: "8E192BE08D", To: "a@outbound.example.net", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.12, Delays: [4]float64{0.01, 0.05, 0.05, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "250 2.0.0 Ok: 327 bytes queued as SINK996214", ReplyCode: 250},
	},
	{
		name: "header postfix command without slash",
		line: "Dec 04 19:46:15 mx postfix[15676]: fatal: chdir(/var/spool/postfix-mailtop): No such file or directory",
		want: view{Kind: KindDiagnostic, Time: at(19, 46, 15, 0), Host: "mx", Program: "postfix", Daemon: "postfix", PID: 15676,
			Severity: SeverityFatal, Text: "chdir(/var/spool/postfix-mailtop): No such file or directory"},
	},
	{
		name: "header tag without pid",
		line: "Dec 04 19:46:15 mx postfix/postsuper: fatal: use of this command is reserved for the superuser",
		want: view{Kind: KindDiagnostic, Time: at(19, 46, 15, 0), Host: "mx", Program: "postfix/postsuper", Daemon: "postsuper", Severity: SeverityFatal},
	},
	{
		name: "header nested syslog_name",
		line: "Dec 04 19:46:53 mx postfix/relay/smtp[16928]: 8595CBE095: to=<user@example.net>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.11, delays=0.02/0.02/0.06/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 321 bytes queued as SINK571478)",
		want: view{Kind: KindDelivery, Time: at(19, 46, 53, 0), Host: "mx", Program: "postfix/relay/smtp", Daemon: "smtp", PID: 16928,
			QueueID: "8595CBE095", To: "user@example.net", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.11, Delays: [4]float64{0.02, 0.02, 0.06, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "250 2.0.0 Ok: 321 bytes queued as SINK571478", ReplyCode: 250},
	},
	{
		name: "header custom instance name",
		line: "Dec 04 19:46:53 mx mta-out/qmgr[16879]: 6EFD4BE08E: removed",
		want: view{Kind: KindRemoved, Time: at(19, 46, 53, 0), Host: "mx", Program: "mta-out/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E"},
	},

	// Delivery agents.
	{
		name: "delivery smtp bounced in reply to RCPT",
		line: mx + "postfix/smtp[16895]: 7E996BE094: to=<reject2@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0.03/0.07/0, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <reject2@docomo.ne.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
		want: view{Kind: KindDelivery, QueueID: "7E996BE094", To: "reject2@docomo.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.1, Delays: [4]float64{0, 0.03, 0.07, 0},
			DSN: "5.1.1", Status: StatusBounced, ReplyCode: 550, Phase: PhaseRCPT,
			Reason: "host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <reject2@docomo.ne.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)"},
	},
	{
		name: "delivery smtp deferred 421",
		line: mx + "postfix/smtp[16918]: 7ABF4BE093: to=<shutdown@softbank.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.01/0.03/0.06/0, dsn=4.7.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command))",
		want: view{Kind: KindDelivery, QueueID: "7ABF4BE093", To: "shutdown@softbank.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.1, Delays: [4]float64{0.01, 0.03, 0.06, 0},
			DSN: "4.7.0", Status: StatusDeferred, ReplyCode: 421, Phase: PhaseRCPT,
			Reason: "host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command)"},
	},
	{
		name: "delivery smtp bounced end of DATA",
		line: mx + "postfix/smtp[16918]: B3590BE0C2: to=<datafail@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.05, delays=0/0/0.04/0, dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message content rejected (in reply to end of DATA command))",
		want: view{Kind: KindDelivery, QueueID: "B3590BE0C2", To: "datafail@docomo.ne.jp", Relay: "127.0.0.1[127.0.0.1]:2525", Delay: 0.05, Delays: [4]float64{0, 0, 0.04, 0},
			DSN: "5.7.1", Status: StatusBounced, ReplyCode: 554, Phase: PhaseEndOfDATA,
			Reason: "host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message content rejected (in reply to end of DATA command)"},
	},
	{
		name: "delivery connect refused",
		line: mx + "postfix/smtp[16912]: 9EFA9BE09F: to=<x@refused.example.org>, relay=none, delay=0, delays=0/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2598: Connection refused)",
		want: view{Kind: KindDelivery, QueueID: "9EFA9BE09F", To: "x@refused.example.org", Relay: "none",
			DSN: "4.4.1", Status: StatusDeferred, Phase: PhaseConnect, Reason: "connect to 127.0.0.1[127.0.0.1]:2598: Connection refused"},
	},
	{
		name: "delivery lost connection at greeting",
		line: mx + "postfix/smtp[16906]: 9B3A3BE0AD: to=<x@drop.example.org>, relay=127.0.0.1[127.0.0.1]:2527, delay=0.01, delays=0/0/0/0, dsn=4.4.2, status=deferred (lost connection with 127.0.0.1[127.0.0.1] while receiving the initial server greeting)",
		want: view{Kind: KindDelivery, QueueID: "9B3A3BE0AD", To: "x@drop.example.org", Relay: "127.0.0.1[127.0.0.1]:2527", Delay: 0.01,
			DSN: "4.4.2", Status: StatusDeferred, Phase: PhaseGreeting, Reason: "lost connection with 127.0.0.1[127.0.0.1] while receiving the initial server greeting"},
	},
	{
		name: "delivery conversation timed out",
		line: mx + "postfix/smtp[16920]: 974C0BE0A7: to=<x@slow.example.org>, relay=127.0.0.1[127.0.0.1]:2526, delay=5, delays=0.01/0/5/0, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting)",
		want: view{Kind: KindDelivery, QueueID: "974C0BE0A7", To: "x@slow.example.org", Relay: "127.0.0.1[127.0.0.1]:2526", Delay: 5, Delays: [4]float64{0.01, 0, 5, 0},
			DSN: "4.4.2", Status: StatusDeferred, Phase: PhaseGreeting, Reason: "conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server greeting"},
	},
	{
		name: "delivery lmtp",
		line: mx + "postfix/lmtp[16945]: 93B7CBE09F: to=<datafail@lmtp.example.org>, relay=127.0.0.1[127.0.0.1]:2528, delay=0.04, delays=0.01/0.02/0/0, dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message content rejected (in reply to end of DATA command))",
		want: view{Kind: KindDelivery, QueueID: "93B7CBE09F", To: "datafail@lmtp.example.org", Relay: "127.0.0.1[127.0.0.1]:2528", Delay: 0.04, Delays: [4]float64{0.01, 0.02, 0, 0},
			DSN: "5.7.1", Status: StatusBounced, ReplyCode: 554, Phase: PhaseEndOfDATA,
			Reason: "host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Message content rejected (in reply to end of DATA command)"},
	},
	{
		name: "delivery local with orig_to",
		line: mx + "postfix/local[17503]: B020ABE0BE: to=<tester@mx.example.com>, orig_to=<alias1@mx.example.com>, relay=local, delay=46, delays=46/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)",
		want: view{Kind: KindDelivery, QueueID: "B020ABE0BE", To: "tester@mx.example.com", OrigTo: "alias1@mx.example.com", Relay: "local", Delay: 46, Delays: [4]float64{46, 0.01, 0, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "delivered to mailbox"},
	},
	{
		name: "delivery local deferred",
		line: mx + "postfix/local[16930]: 8C3A3BE098: to=<tester@mx.example.com>, relay=local, delay=0.04, delays=0/0.04/0/0, dsn=4.3.0, status=deferred (alias database unavailable)",
		want: view{Kind: KindDelivery, QueueID: "8C3A3BE098", To: "tester@mx.example.com", Relay: "local", Delay: 0.04, Delays: [4]float64{0, 0.04, 0, 0},
			DSN: "4.3.0", Status: StatusDeferred, Reason: "alias database unavailable"},
	},
	{
		name: "delivery virtual",
		line: mx + "postfix/virtual[16984]: AC9EBBE0B8: to=<alice@virtual.example.com>, relay=virtual, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (delivered to maildir)",
		want: view{Kind: KindDelivery, QueueID: "AC9EBBE0B8", To: "alice@virtual.example.com", Relay: "virtual", Delay: 0.01, Delays: [4]float64{0, 0.01, 0, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "delivered to maildir"},
	},
	{
		name: "delivery pipe",
		line: mx + "postfix/pipe[16978]: A8FA9BE08D: to=<x@pipe.example.org>, relay=testpipe, delay=0.02, delays=0.01/0.01/0/0, dsn=2.0.0, status=sent (delivered via testpipe service)",
		want: view{Kind: KindDelivery, QueueID: "A8FA9BE08D", To: "x@pipe.example.org", Relay: "testpipe", Delay: 0.02, Delays: [4]float64{0.01, 0.01, 0, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "delivered via testpipe service"},
	},
	{
		name: "delivery discard",
		line: mx + "postfix/discard[16963]: A27F3BE0B1: to=<x@discard.example.org>, relay=none, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (dropped by test policy)",
		want: view{Kind: KindDelivery, QueueID: "A27F3BE0B1", To: "x@discard.example.org", Relay: "none", Delay: 0.01, Delays: [4]float64{0, 0.01, 0, 0},
			DSN: "2.0.0", Status: StatusSent, Reason: "dropped by test policy"},
	},
	{
		name: "delivery error",
		line: mx + "postfix/error[16969]: A63F3BE0B2: to=<x@error.example.org>, relay=none, delay=0.02, delays=0/0.01/0/0, dsn=5.1.2, status=bounced (test domain does not exist)",
		want: view{Kind: KindDelivery, QueueID: "A63F3BE0B2", To: "x@error.example.org", Relay: "none", Delay: 0.02, Delays: [4]float64{0, 0.01, 0, 0},
			DSN: "5.1.2", Status: StatusBounced, Reason: "test domain does not exist"},
	},
	{
		name: "delivery suspended keeps inner phase",
		line: mx + "postfix/error[17011]: 7ABF4BE093: to=<shutdown@softbank.ne.jp>, relay=none, delay=12, delays=11/1/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command))",
		want: view{Kind: KindDelivery, QueueID: "7ABF4BE093", To: "shutdown@softbank.ne.jp", Relay: "none", Delay: 12, Delays: [4]float64{11, 1, 0, 0},
			DSN: "4.7.0", Status: StatusDeferred, ReplyCode: 421, Phase: PhaseRCPT,
			Reason: "delivery temporarily suspended: host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command)"},
	},
	{
		name: "delivery suspended after connect failure",
		line: mx + "postfix/error[17012]: 9EFA9BE09F: to=<x@refused.example.org>, relay=none, delay=30, delays=30/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2598: Connection refused)",
		want: view{Kind: KindDelivery, QueueID: "9EFA9BE09F", To: "x@refused.example.org", Relay: "none", Delay: 30, Delays: [4]float64{30, 0, 0, 0},
			DSN: "4.4.1", Status: StatusDeferred, Phase: PhaseConnect,
			Reason: "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2598: Connection refused"},
	},
	{
		name: "delivery refused to talk",
		line: mx + "postfix/smtp[1]: 7ABF4BE093: to=<u@ezweb.ne.jp>, relay=lsean.ezweb.ne.jp[192.0.2.7]:25, delay=1.5, delays=0.1/0/1.4/0, dsn=5.0.0, status=bounced (host lsean.ezweb.ne.jp[192.0.2.7] refused to talk to me: 554 5.7.1 Rejected (example text))",
		want: view{Kind: KindDelivery, QueueID: "7ABF4BE093", To: "u@ezweb.ne.jp", Relay: "lsean.ezweb.ne.jp[192.0.2.7]:25", Delay: 1.5, Delays: [4]float64{0.1, 0, 1.4, 0},
			DSN: "5.0.0", Status: StatusBounced, ReplyCode: 554, Phase: PhaseGreeting,
			Reason: "host lsean.ezweb.ne.jp[192.0.2.7] refused to talk to me: 554 5.7.1 Rejected (example text)"},
	},
	{
		name: "delivery multi-line reply",
		line: mx + "postfix/smtp[1]: 7ABF4BE093: to=<u@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.8]:25, delay=2, delays=0/0/1/1, dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[192.0.2.8] said: 421-4.7.28 Gmail has detected an unusual rate 421-4.7.28 of mail (see https://support.google.com/mail/?p=UnsolicitedRateLimitError) 421 4.7.28 to learn more. (in reply to end of DATA command))",
		want: view{Kind: KindDelivery, QueueID: "7ABF4BE093", To: "u@gmail.com", Relay: "gmail-smtp-in.l.google.com[192.0.2.8]:25", Delay: 2, Delays: [4]float64{0, 0, 1, 1},
			DSN: "4.7.28", Status: StatusDeferred, ReplyCode: 421, Phase: PhaseEndOfDATA,
			Reason: "host gmail-smtp-in.l.google.com[192.0.2.8] said: 421-4.7.28 Gmail has detected an unusual rate 421-4.7.28 of mail (see https://support.google.com/mail/?p=UnsolicitedRateLimitError) 421 4.7.28 to learn more. (in reply to end of DATA command)"},
	},
	{
		name: "delivery conn_use and tls skipped",
		line: mx + "postfix/smtp[1]: 4jh2DZ3Cpzz5rBg: to=<ok@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[192.0.2.9]:25, conn_use=2, delay=0.35, delays=0.01/0/0.1/0.24, tls=may:encrypt, dsn=2.0.0, status=sent (250 ok)",
		want: view{Kind: KindDelivery, QueueID: "4jh2DZ3Cpzz5rBg", To: "ok@docomo.ne.jp", Relay: "mfsmax.docomo.ne.jp[192.0.2.9]:25", Delay: 0.35, Delays: [4]float64{0.01, 0, 0.1, 0.24},
			DSN: "2.0.0", Status: StatusSent, ReplyCode: 250, Reason: "250 ok"},
	},
	{
		name: "delivery quoted recipient with space",
		line: mx + `postfix/smtp[1]: 6EFD4BE08E: to=<"a b"@example.com>, relay=none, delay=0, delays=0/0/0/0, dsn=5.1.1, status=SOFTBOUNCE (unknown user: "a b")`,
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: `"a b"@example.com`, Relay: "none",
			DSN: "5.1.1", Status: StatusSoftBounce, Reason: `unknown user: "a b"`},
	},
	{
		name: "delivery quoted recipient with angle bracket",
		line: mx + `postfix/local[1]: 6EFD4BE08E: to=<"x>y, z"@example.com>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)`,
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: `"x>y, z"@example.com`, Relay: "local",
			DSN: "2.0.0", Status: StatusSent, Reason: "delivered to mailbox"},
	},
	{
		name: "delivery nested parentheses in reason",
		line: mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.7.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.7.1 Blocked (see (nested) policy) (in reply to MAIL FROM command))",
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: "u@example.com", Relay: "mx.example.com[192.0.2.1]:25", Delay: 1, Delays: [4]float64{0, 0, 0.5, 0.5},
			DSN: "5.7.1", Status: StatusBounced, ReplyCode: 550, Phase: PhaseMAIL,
			Reason: "host mx.example.com[192.0.2.1] said: 550 5.7.1 Blocked (see (nested) policy) (in reply to MAIL FROM command)"},
	},
	{
		name: "delivery verify probe",
		line: mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)",
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: "u@example.com", Relay: "mx.example.com[192.0.2.1]:25", Delay: 1, Delays: [4]float64{0, 0, 0.5, 0.5},
			DSN: "2.1.5", Status: StatusDeliverable, ReplyCode: 250, Reason: "250 2.1.5 Ok"},
	},
	{
		name: "delivery undeliverable probe",
		line: mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@example.com>, relay=none, delay=0, delays=0/0/0/0, dsn=5.1.1, status=undeliverable (host mx.example.com[192.0.2.1] said: 550 5.1.1 No such user (in reply to RCPT TO command))",
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: "u@example.com", Relay: "none",
			DSN: "5.1.1", Status: StatusUndeliverable, ReplyCode: 550, Phase: PhaseRCPT,
			Reason: "host mx.example.com[192.0.2.1] said: 550 5.1.1 No such user (in reply to RCPT TO command)"},
	},
	{
		name: "delivery unknown status word",
		line: mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@example.com>, relay=none, delay=0, delays=0/0/0/0, dsn=4.0.0, status=postponed (later)",
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: "u@example.com", Relay: "none",
			DSN: "4.0.0", Status: StatusUnknown, Reason: "later"},
	},
	{
		name: "delivery DNS failure has no phase",
		line: mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@nxdomain.example>, relay=none, delay=0.1, delays=0/0/0.1/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=nxdomain.example type=MX: Host not found, try again)",
		want: view{Kind: KindDelivery, QueueID: "6EFD4BE08E", To: "u@nxdomain.example", Relay: "none", Delay: 0.1, Delays: [4]float64{0, 0, 0.1, 0},
			DSN: "4.4.3", Status: StatusDeferred,
			Reason: "Host or domain name not found. Name service error for name=nxdomain.example type=MX: Host not found, try again"},
	},

	// qmgr.
	{
		name: "qmgr queued",
		line: mx + "postfix/qmgr[16879]: 7E996BE094: from=<tester@mx.example.com>, size=365, nrcpt=3 (queue active)",
		want: view{Kind: KindQueued, QueueID: "7E996BE094", From: "tester@mx.example.com", Size: 365, NRcpt: 3},
	},
	{
		name: "qmgr queued null sender",
		line: mx + "postfix/qmgr[16879]: 8C3A3BE098: from=<>, size=2430, nrcpt=1 (queue active)",
		want: view{Kind: KindQueued, QueueID: "8C3A3BE098", Size: 2430, NRcpt: 1},
	},
	{
		name: "qmgr expired",
		line: mx + "postfix/qmgr[17498]: 75D57BE091: from=<tester@mx.example.com>, status=expired, returned to sender",
		want: view{Kind: KindExpired, QueueID: "75D57BE091", From: "tester@mx.example.com", Status: StatusExpired},
	},
	{
		name: "qmgr force-expired",
		line: mx + "postfix/qmgr[17498]: 974C0BE0A7: from=<tester@mx.example.com>, status=force-expired, returned to sender",
		want: view{Kind: KindExpired, QueueID: "974C0BE0A7", From: "tester@mx.example.com", Status: StatusForceExpired},
	},
	{
		name: "qmgr skipped",
		line: mx + "postfix/qmgr[1]: 974C0BE0A7: skipped, still being delivered",
		want: view{Kind: KindOther, QueueID: "974C0BE0A7"},
	},
	{
		name: "qmgr warning",
		line: mx + "postfix/qmgr[1]: warning: mail for [127.0.0.1]:2525 is using up 20000 of 20000 active queue entries",
		want: view{Kind: KindDiagnostic, Severity: SeverityWarning, Text: "mail for [127.0.0.1]:2525 is using up 20000 of 20000 active queue entries"},
	},

	// cleanup.
	{
		name: "cleanup message-id",
		line: mx + "postfix/cleanup[18558]: 4jh2JZ4r1Fz5rFJ: message-id=<4jh2JZ4r1Fz5rFJ@mx.example.com>",
		want: view{Kind: KindMessageID, QueueID: "4jh2JZ4r1Fz5rFJ", MessageID: "4jh2JZ4r1Fz5rFJ@mx.example.com"},
	},
	{
		name: "cleanup empty message-id",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: message-id=<>",
		want: view{Kind: KindMessageID, QueueID: "6EFD4BE08E"},
	},
	{
		name: "cleanup resent-message-id",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: resent-message-id=<r1@example.com>",
		want: view{Kind: KindMessageID, QueueID: "6EFD4BE08E", MessageID: "r1@example.com"},
	},
	{
		name: "cleanup message-id without brackets",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: message-id=bare-id@example.com",
		want: view{Kind: KindMessageID, QueueID: "6EFD4BE08E", MessageID: "bare-id@example.com"},
	},
	{
		name: "cleanup header reject",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: reject: header Subject: buy now; from=<x@y> from mail.example.org[192.0.2.3]; from=<spam@example.org> to=<u@docomo.ne.jp> proto=ESMTP helo=<mail.example.org>: 5.7.1 Message content rejected",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "reject", Stage: "header", Client: "mail.example.org[192.0.2.3]",
			From: "spam@example.org", To: "u@docomo.ne.jp", DSN: "5.7.1", Reason: "Message content rejected"},
	},
	{
		name: "cleanup header warn",
		line: mx + "postfix/cleanup[1]: 3D770111AF50: warning: header Subject: Report from unknown[10.1.1.1]; from=<foo@example.com> to=<bar@example.com> proto=ESMTP helo=<client.example.com>",
		want: view{Kind: KindReject, QueueID: "3D770111AF50", Action: "warn", Stage: "header", Client: "unknown[10.1.1.1]",
			From: "foo@example.com", To: "bar@example.com"},
	},
	{
		name: "cleanup header warn with text",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: warning: header X-Mailer: bulk from unknown[192.0.2.3]; from=<a@example.org> to=<b@docomo.ne.jp> proto=SMTP helo=<h>: bulk mailer",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "warn", Stage: "header", Client: "unknown[192.0.2.3]",
			From: "a@example.org", To: "b@docomo.ne.jp", Reason: "bulk mailer", Text: "header X-Mailer: bulk from unknown[192.0.2.3]; from=<a@example.org> to=<b@docomo.ne.jp> proto=SMTP helo=<h>: bulk mailer"},
	},
	{
		name: "cleanup content info",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: info: content attachment.exe from unknown[192.0.2.3]; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "info", Stage: "content", Client: "unknown[192.0.2.3]",
			From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "cleanup body hold",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: hold: body click here from local; from=<tester@mx.example.com> to=<u@example.com>: held for review",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "hold", Stage: "body", Client: "local",
			From: "tester@mx.example.com", To: "u@example.com", Reason: "held for review"},
	},
	{
		name: "cleanup milter-reject",
		line: mx + "postfix/cleanup[1]: 6EFD4BE08E: milter-reject: END-OF-MESSAGE from localhost[127.0.0.1]: 5.7.1 Command rejected; from=<a@example.org> to=<b@docomo.ne.jp> proto=ESMTP helo=<client>",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "milter-reject", Stage: "END-OF-MESSAGE", Client: "localhost[127.0.0.1]",
			From: "a@example.org", To: "b@docomo.ne.jp", DSN: "5.7.1", Reason: "Command rejected"},
	},
	{
		name: "cleanup milter-reject at CONNECT",
		line: mx + "postfix/smtpd[1]: NOQUEUE: milter-reject: CONNECT from bad.example[192.0.2.4]: 5.7.1 Go away; proto=SMTP",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "milter-reject", Stage: "CONNECT", Client: "bad.example[192.0.2.4]",
			DSN: "5.7.1", Reason: "Go away"},
	},
	{
		name: "cleanup canceled",
		line: mx + "postfix/cleanup[1]: 64826BE0CA: canceled",
		want: view{Kind: KindCanceled, QueueID: "64826BE0CA"},
	},

	// pickup.
	{
		name: "pickup",
		line: mx + "postfix/pickup[16878]: 6EFD4BE08E: uid=0 from=<tester@mx.example.com>",
		want: view{Kind: KindPickup, QueueID: "6EFD4BE08E", From: "tester@mx.example.com"},
	},
	{
		name: "pickup after requeue",
		line: mx + "postfix/pickup[17497]: D355EBE0CD: uid=102 from=<tester@mx.example.com> orig_id=7ABF4BE093",
		want: view{Kind: KindPickup, QueueID: "D355EBE0CD", From: "tester@mx.example.com", UID: 102, OrigID: "7ABF4BE093"},
	},

	// smtpd.
	{
		name: "smtpd client",
		line: mx + "postfix/smtpd[20222]: 4jh2Jb6wWZz5rFL: client=localhost[127.0.0.1]",
		want: view{Kind: KindClient, QueueID: "4jh2Jb6wWZz5rFL", Client: "localhost[127.0.0.1]"},
	},
	{
		name: "smtpd client with SASL",
		line: mx + "postfix/submission/smtpd[1]: 92B99BE0C9: client=unknown[192.0.2.5], sasl_method=PLAIN, sasl_username=shop@example.com",
		want: view{Kind: KindClient, QueueID: "92B99BE0C9", Client: "unknown[192.0.2.5]", SASLUsername: "shop@example.com"},
	},
	{
		name: "smtpd client behind content filter",
		line: mx + "postfix/smtpd[1]: 92B99BE0C9: client=localhost[127.0.0.1], orig_queue_id=6EFD4BE08E, orig_client=mail.example.org[192.0.2.3]",
		want: view{Kind: KindClient, QueueID: "92B99BE0C9", Client: "localhost[127.0.0.1]", OrigID: "6EFD4BE08E"},
	},
	{
		name: "smtpd reject RCPT",
		line: mx + "postfix/smtpd[17533]: NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <nosuch@mx.example.com>: Recipient address rejected: User unknown in local recipient table; from=<sender@example.org> to=<nosuch@mx.example.com> proto=ESMTP helo=<client.example.org>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "reject", Stage: "RCPT", Client: "unknown[127.0.0.1]",
			ReplyCode: 550, DSN: "5.1.1", Reason: "<nosuch@mx.example.com>: Recipient address rejected: User unknown in local recipient table",
			From: "sender@example.org", To: "nosuch@mx.example.com"},
	},
	{
		name: "smtpd reject relay denied",
		line: mx + "postfix/smtpd[17533]: NOQUEUE: reject: RCPT from unknown[127.0.0.2]: 454 4.7.1 <victim@docomo.ne.jp>: Relay access denied; from=<spammer@example.org> to=<victim@docomo.ne.jp> proto=ESMTP helo=<outside.example.org>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "reject", Stage: "RCPT", Client: "unknown[127.0.0.2]",
			ReplyCode: 454, DSN: "4.7.1", Reason: "<victim@docomo.ne.jp>: Relay access denied",
			From: "spammer@example.org", To: "victim@docomo.ne.jp"},
	},
	{
		name: "smtpd reject CONNECT",
		line: mx + "postfix/smtpd[1]: NOQUEUE: reject: CONNECT from bad.example[192.0.2.4]: 554 5.7.1 <bad.example[192.0.2.4]>: Client host rejected: Access denied; proto=SMTP",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "reject", Stage: "CONNECT", Client: "bad.example[192.0.2.4]",
			ReplyCode: 554, DSN: "5.7.1", Reason: "<bad.example[192.0.2.4]>: Client host rejected: Access denied"},
	},
	{
		name: "smtpd reject DATA with queue ID and SASL",
		line: mx + "postfix/smtpd[1]: 6EFD4BE08E: reject: DATA from unknown[192.0.2.5]: 550 5.7.1 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<a@example.com> proto=ESMTP helo=<h> sasl_method=PLAIN sasl_username=shop",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "reject", Stage: "DATA", Client: "unknown[192.0.2.5]",
			ReplyCode: 550, DSN: "5.7.1", Reason: "<DATA>: Data command rejected: Multi-recipient bounce", To: "a@example.com", SASLUsername: "shop"},
	},
	{
		name: "smtpd warn",
		line: mx + "postfix/smtpd[1]: NOQUEUE: warn: RCPT from unknown[192.0.2.5]: Listed; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "warn", Stage: "RCPT", Client: "unknown[192.0.2.5]",
			Reason: "Listed", From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "smtpd hold",
		line: mx + "postfix/smtpd[1]: 6EFD4BE08E: hold: RCPT from unknown[192.0.2.5]: <b@example.com>: Recipient address triggers HOLD action; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "6EFD4BE08E", Action: "hold", Stage: "RCPT", Client: "unknown[192.0.2.5]",
			Reason: "<b@example.com>: Recipient address triggers HOLD action", From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "smtpd discard",
		line: mx + "postfix/smtpd[1]: NOQUEUE: discard: RCPT from unknown[192.0.2.5]: <b@example.com>: Recipient address triggers DISCARD action; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "discard", Stage: "RCPT", Client: "unknown[192.0.2.5]",
			Reason: "<b@example.com>: Recipient address triggers DISCARD action", From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "smtpd filter",
		line: mx + "postfix/smtpd[1]: NOQUEUE: filter: RCPT from unknown[192.0.2.5]: <b@example.com>: Recipient address triggers FILTER smtp:[127.0.0.1]:10025; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "filter", Stage: "RCPT", Client: "unknown[192.0.2.5]",
			Reason: "<b@example.com>: Recipient address triggers FILTER smtp:[127.0.0.1]:10025", From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "smtpd redirect",
		line: mx + "postfix/smtpd[1]: NOQUEUE: redirect: RCPT from unknown[192.0.2.5]: <b@example.com>: Recipient address triggers REDIRECT c@example.com; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<h>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "redirect", Stage: "RCPT", Client: "unknown[192.0.2.5]",
			Reason: "<b@example.com>: Recipient address triggers REDIRECT c@example.com", From: "a@example.org", To: "b@example.com"},
	},
	{
		name: "postscreen reject with port and commas",
		line: mx + "postfix/postscreen[1]: NOQUEUE: reject: RCPT from [192.0.2.6]:41234: 550 5.7.1 Service unavailable; client [192.0.2.6] blocked using zen.spamhaus.org; from=<a@example.org>, to=<b@example.com>, proto=ESMTP, helo=<h>",
		want: view{Kind: KindReject, QueueID: "NOQUEUE", Action: "reject", Stage: "RCPT", Client: "[192.0.2.6]",
			ReplyCode: 550, DSN: "5.7.1", Reason: "Service unavailable; client [192.0.2.6] blocked using zen.spamhaus.org",
			From: "a@example.org", To: "b@example.com"},
	},
	{name: "smtpd connect", line: mx + "postfix/smtpd[20222]: connect from localhost[127.0.0.1]", want: view{Kind: KindOther}},
	{name: "smtpd disconnect", line: mx + "postfix/smtpd[17533]: disconnect from unknown[127.0.0.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4", want: view{Kind: KindOther}},
	{name: "smtpd lost connection", line: mx + "postfix/smtpd[17533]: lost connection after RCPT from unknown[127.0.0.1]", want: view{Kind: KindOther}},
	{name: "smtpd timeout", line: mx + "postfix/smtpd[1]: timeout after DATA (0 bytes) from unknown[192.0.2.5]", want: view{Kind: KindOther}},
	{name: "smtpd too many errors", line: mx + "postfix/smtpd[1]: too many errors after RCPT from unknown[192.0.2.5]", want: view{Kind: KindOther}},
	{name: "smtpd 3.10 lost connection with ID", line: mx + "postfix/smtpd[1]: 6EFD4BE08E: lost connection after DATA (120 bytes) from unknown[192.0.2.5]", want: view{Kind: KindOther, QueueID: "6EFD4BE08E"}},
	{name: "smtpd 3.10 timeout with NOQUEUE", line: mx + "postfix/smtpd[1]: NOQUEUE: timeout after RCPT from unknown[192.0.2.5]", want: view{Kind: KindOther, QueueID: "NOQUEUE"}},
	{name: "smtpd TLS", line: mx + "postfix/smtpd[20222]: Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256", want: view{Kind: KindOther}},
	{name: "smtp TLS", line: mx + "postfix/smtp[16895]: Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:2525: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature ECDSA (prime256v1) server-digest SHA256", want: view{Kind: KindOther}},
	{name: "smtp verified TLS reused", line: mx + "postfix/smtp[1]: Verified TLS connection reused to mx.example.com[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)", want: view{Kind: KindOther}},
	{name: "smtp next MX after reply", line: mx + "postfix/smtp[1]: 6EFD4BE08E: host mx1.example.com[192.0.2.1] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)", want: view{Kind: KindOther, QueueID: "6EFD4BE08E"}},
	{name: "smtp next MX after lost connection", line: mx + "postfix/smtp[1]: 6EFD4BE08E: lost connection with mx1.example.com[192.0.2.1] while sending RCPT TO", want: view{Kind: KindOther, QueueID: "6EFD4BE08E"}},
	{name: "smtpd SSL_accept error", line: mx + "postfix/smtpd[1]: SSL_accept error from unknown[192.0.2.5]: lost connection", want: view{Kind: KindOther}},
	{name: "verify cache cleanup", line: mx + "postfix/verify[1]: cache /var/lib/postfix/verify_cache.db full cleanup: retained=12 dropped=3 entries", want: view{Kind: KindOther}},
	{name: "smtp connect refused", line: mx + "postfix/smtp[16912]: connect to 127.0.0.1[127.0.0.1]:2598: Connection refused", want: view{Kind: KindOther}},
	{name: "smtp passing to transport", line: mx + "postfix/smtp[1]: 6EFD4BE08E: passing <u@example.com> to transport=local", want: view{Kind: KindOther, QueueID: "6EFD4BE08E"}},

	// bounce.
	{
		name: "bounce sender non-delivery",
		line: mx + "postfix/bounce[16926]: 71908BE08D: sender non-delivery notification: 8C3A3BE098",
		want: view{Kind: KindNotification, QueueID: "71908BE08D", Notification: NotifySenderNonDelivery, NewID: "8C3A3BE098"},
	},
	{
		name: "bounce sender delay long IDs",
		line: mx + "postfix/bounce[18569]: 4jh2DZ3Cpzz5rBg: sender delay notification: 4jh2G40VHtz5rDP",
		want: view{Kind: KindNotification, QueueID: "4jh2DZ3Cpzz5rBg", Notification: NotifySenderDelay, NewID: "4jh2G40VHtz5rDP"},
	},
	{
		name: "bounce postmaster non-delivery",
		line: mx + "postfix/bounce[1]: 71908BE08D: postmaster non-delivery notification: 8C3A3BE098",
		want: view{Kind: KindNotification, QueueID: "71908BE08D", Notification: NotifyPostmasterNonDelivery, NewID: "8C3A3BE098"},
	},
	{
		name: "bounce postmaster delay",
		line: mx + "postfix/bounce[1]: 71908BE08D: postmaster delay notification: 8C3A3BE098",
		want: view{Kind: KindNotification, QueueID: "71908BE08D", Notification: NotifyPostmasterDelay, NewID: "8C3A3BE098"},
	},
	{
		name: "bounce success DSN",
		line: mx + "postfix/bounce[1]: 71908BE08D: sender delivery status notification: 8C3A3BE098",
		want: view{Kind: KindNotification, QueueID: "71908BE08D", Notification: NotifySenderDeliveryStatus, NewID: "8C3A3BE098"},
	},
	{
		name: "bounce delay template warning",
		line: mx + `postfix/bounce[17509]: warning: [built-in]: zero result in delay template conversion of parameter "delay_warning_time_hours"`,
		want: view{Kind: KindDiagnostic, Severity: SeverityWarning},
	},

	// postsuper.
	{name: "postsuper requeued", line: mx + "postfix/postsuper[17667]: 7ABF4BE093: requeued", want: view{Kind: KindRequeued, QueueID: "7ABF4BE093"}},
	{name: "postsuper placed on hold", line: mx + "postfix/postsuper[17649]: 75D57BE091: placed on hold", want: view{Kind: KindHeld, QueueID: "75D57BE091"}},
	{name: "postsuper released", line: mx + "postfix/postsuper[17664]: 75D57BE091: released from hold", want: view{Kind: KindReleased, QueueID: "75D57BE091"}},
	{name: "postsuper removed", line: mx + "postfix/postsuper[17670]: 9EFA9BE09F: removed", want: view{Kind: KindDeleted, QueueID: "9EFA9BE09F"}},
	{name: "postsuper expired", line: mx + "postfix/postsuper[17679]: 974C0BE0A7: expired", want: view{Kind: KindExpireMarked, QueueID: "974C0BE0A7"}},
	{name: "postsuper summary hold", line: mx + "postfix/postsuper[18389]: Placed on hold: 4 messages", want: view{Kind: KindOther}},
	{name: "postsuper summary deleted", line: mx + "postfix/postsuper[17673]: Deleted: 0 messages", want: view{Kind: KindOther}},
	{name: "postsuper invalid ID", line: mx + "postfix/postsuper[17676]: warning: invalid mail queue id: bad.id", want: view{Kind: KindDiagnostic, Severity: SeverityWarning}},

	// Other daemons.
	{name: "postqueue fatal", line: mx + `postfix/postqueue[17694]: fatal: Flush service is not configured for destination "refused.example.org"`, want: view{Kind: KindDiagnostic, Severity: SeverityFatal}},
	{name: "master started", line: mx + "postfix/master[16413]: daemon started -- version 3.7.11, configuration /etc/postfix-mailtop", want: view{Kind: KindOther}},
	{name: "master reload", line: mx + "postfix/master[16413]: reload -- version 3.7.11, configuration /etc/postfix-mailtop", want: view{Kind: KindOther}},
	{name: "master process warning", line: mx + "postfix/master[1]: warning: process /usr/lib/postfix/sbin/smtp pid 123 killed by signal 9", want: view{Kind: KindDiagnostic, Severity: SeverityWarning}},
	{name: "postfix-script starting", line: mx + "postfix/postfix-script[16411]: starting the Postfix mail system", want: view{Kind: KindOther}},
	{name: "postfix-script waiting", line: mx + "postfix/postfix-script[21280]: waiting for the Postfix mail system to terminate", want: view{Kind: KindOther}},
	{name: "scache statistics", line: mx + "postfix/scache[16922]: statistics: domain lookup hits=0 miss=1 success=0%", want: view{Kind: KindOther}},
	{name: "anvil statistics", line: mx + "postfix/anvil[17538]: statistics: max connection rate 1/60s for (127.0.0.1:2025:127.0.0.2) at Dec  4 19:47:51", want: view{Kind: KindOther}},
	{name: "tlsmgr info", line: mx + "postfix/tlsmgr[1]: prng_exch_update: cache cleanup", want: view{Kind: KindOther}},
	{name: "postscreen connect", line: mx + "postfix/postscreen[1]: CONNECT from [192.0.2.6]:41234 to [192.0.2.1]:25", want: view{Kind: KindOther}},
	{name: "local error", line: mx + "postfix/local[16930]: error: open database /etc/postfix-mailtop/aliases.db: No such file or directory", want: view{Kind: KindDiagnostic, Severity: SeverityError}},
	{name: "smtpd panic", line: mx + "postfix/smtpd[1]: panic: myfree: corrupt or unallocated memory block", want: view{Kind: KindDiagnostic, Severity: SeverityPanic}},
	{name: "warning with queue ID after severity", line: mx + "postfix/smtpd[1]: warning: 6EFD4BE08E: queue file size limit exceeded", want: view{Kind: KindDiagnostic, Severity: SeverityWarning, QueueID: "6EFD4BE08E"}},

	// Foreign programs.
	{name: "foreign dovecot", line: mx + "dovecot: imap-login: Login: user=<u>", want: view{Kind: KindForeign, Program: "dovecot", Daemon: "dovecot", Host: "mx", Time: at(19, 46, 53, 0)}},
	{name: "foreign opendkim", line: mx + "opendkim[812]: 6EFD4BE08E: DKIM-Signature field added (s=mail, d=example.com)", want: view{Kind: KindForeign, Program: "opendkim", Daemon: "opendkim", PID: 812, Host: "mx", Time: at(19, 46, 53, 0)}},
	{name: "foreign cron", line: mx + "CRON[4242]: (root) CMD (command -v debian-sa1 > /dev/null)", want: view{Kind: KindForeign, Program: "CRON", Daemon: "CRON", PID: 4242, Host: "mx", Time: at(19, 46, 53, 0)}},

	// Postfix lines of no known form, with the header still read.
	{name: "unknown postfix text", line: mx + "postfix/smtp[7]: something new", want: view{Kind: KindUnrecognized, Program: "postfix/smtp", Daemon: "smtp", PID: 7, Host: "mx", Time: at(19, 46, 53, 0)}},
	{name: "empty postfix text", line: mx + "postfix/smtp[7]: ", want: view{Kind: KindUnrecognized, Program: "postfix/smtp", Daemon: "smtp", PID: 7, Host: "mx", Time: at(19, 46, 53, 0)}},
	{name: "lowercase hex is no queue ID", line: mx + "postfix/qmgr[7]: 6efd4be08e: removed", want: view{Kind: KindUnrecognized, Program: "postfix/qmgr", Daemon: "qmgr", PID: 7, Host: "mx", Time: at(19, 46, 53, 0), Text: "6efd4be08e: removed"}},
	{name: "delivery without status", line: mx + "postfix/smtp[7]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=none, delay=0", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},
	{name: "delivery without relay", line: mx + "postfix/smtp[7]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, delay=0, dsn=2.0.0, status=sent (ok)", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},
	{name: "delivery bad DSN", line: mx + "postfix/smtp[7]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=none, dsn=9.9, status=sent (ok)", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},
	{name: "notification with bad new ID", line: mx + "postfix/bounce[7]: 6EFD4BE08E: sender delay notification: nope", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},
	{name: "message-id cut off", line: mx + "postfix/cleanup[7]: 6EFD4BE08E: message-id=<abc", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},
	{name: "qmgr cut before queue active", line: mx + "postfix/qmgr[7]: 6EFD4BE08E: from=<a@b>, size=1, nrcpt=1", want: view{Kind: KindUnrecognized, QueueID: "6EFD4BE08E"}},

	// Bad input.
	{name: "empty line", line: "", want: view{}},
	{name: "newline only", line: "\n", want: view{}},
	{name: "garbage", line: "this is not a log line", want: view{}},
	{name: "binary", line: "\x00\xff\x10<\x01>1 \x00", want: view{}},
	{name: "header only stamp", line: "Dec 04", want: view{}},
	{name: "header stamp and host", line: "Dec 04 19:46:53 mx", want: view{}},
	{name: "header bad month", line: "Foo 04 19:46:53 mx postfix/qmgr[1]: 6EFD4BE08E: removed", want: view{}},
	{name: "header bad day", line: "Dec 32 19:46:53 mx postfix/qmgr[1]: 6EFD4BE08E: removed", want: view{}},
	{name: "header bad hour", line: "Dec 04 25:46:53 mx postfix/qmgr[1]: 6EFD4BE08E: removed", want: view{}},
	{name: "header bad pid", line: "Dec 04 19:46:53 mx postfix/qmgr[1x]: 6EFD4BE08E: removed", want: view{}},
	{name: "header unclosed pid", line: "Dec 04 19:46:53 mx postfix/qmgr[123", want: view{}},
	{name: "header bad zone", line: "2026-12-04T19:52:10+0 vm postfix/qmgr[1]: 6EFD4BE08E: removed", want: view{}},
	{name: "header RFC5424 cut after APP-NAME", line: "<22>1 2026-12-04T19:52:10Z vm postfix", want: view{}},
	{name: "header RFC5424 unclosed structured data", line: "<22>1 2026-12-04T19:52:10Z vm postfix 1 - [a b=\"c\\]", want: view{}},
	{name: "header PRI out of range", line: "<999>1 2026-12-04T19:52:10Z vm postfix 1 - - 6EFD4BE08E: removed", want: view{}},
}

func TestParse(t *testing.T) {
	p := testParser()
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			var ev Event
			p.Parse([]byte(tc.line), &ev)
			got := viewOf(&ev)
			want := tc.want
			// A case without Program leaves the header to the header
			// cases, and a case without Text skips Text. An all-zero case
			// (bad input) checks that every field is zero.
			badInput := want == (view{})
			if want.Program == "" && !badInput {
				got.Time, got.Host, got.Program, got.Daemon, got.PID = want.Time, want.Host, want.Program, want.Daemon, want.PID
			}
			if want.Text == "" && !badInput {
				got.Text = ""
			}
			if d := diffViews(got, want); d != "" {
				t.Errorf("Parse(%q):%s", tc.line, d)
			}
		})
	}
}

func TestParseForeignLookalikes(t *testing.T) {
	lines := []string{
		mx + "postfixadmin[77]: 6EFD4BE08E: removed",
		mx + "smtp[77]: 6EFD4BE08E: removed",
		mx + "amavis[77]: (77-01) Passed CLEAN {RelayedInbound}",
	}
	p := testParser()
	for _, line := range lines {
		var ev Event
		p.Parse([]byte(line), &ev)
		if ev.Kind != KindForeign {
			t.Errorf("Parse(%q): kind %v, want foreign", line, ev.Kind)
		}
	}
}
