package tui

import (
	"context"
	"errors"
	"image/color"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// jst is the zone of the fixture shop's server.
var jst = time.FixedZone("JST", 9*3600)

// fixtureNow is the Now of the fixture snapshot.
var fixtureNow = time.Date(2026, 12, 4, 10, 30, 0, 0, jst)

// fixtureQueueID is the docomo message the drill-down fixtures describe.
const fixtureQueueID = "4jh2DZ3Cpzz5rBg"

// counts builds Counts from sent, deferred, bounced and expired numbers,
// with failure classes and an average delay in seconds.
func counts(sent, deferred, bounced, expired int64, delay float64, classes map[diagnose.Class]int64) stats.Counts {
	c := stats.Counts{
		Attempts: sent + deferred + bounced,
		Sent:     sent,
		Deferred: deferred,
		Bounced:  bounced,
		Expired:  expired,
	}
	c.DelaySum = delay * float64(c.Attempts)
	c.DelayMax = delay * 4
	for class, n := range classes {
		c.Classes[class] = n
	}
	return c
}

// windows returns the same counts for the 1h, 24h and all windows and a
// fifth of them (rounded down) for 5m and 15m.
func windows(c stats.Counts) [stats.NumWindows]stats.Counts {
	small := stats.Counts{
		Attempts: c.Attempts / 5, Sent: c.Sent / 5, Deferred: c.Deferred / 5,
		Bounced: c.Bounced / 5, Expired: c.Expired / 5, DelaySum: c.DelaySum / 5,
	}
	small.Attempts = small.Sent + small.Deferred + small.Bounced
	for i := range c.Classes {
		small.Classes[i] = c.Classes[i] / 5
	}
	var w [stats.NumWindows]stats.Counts
	w[stats.Window5m] = small
	w[stats.Window15m] = small
	w[stats.Window1h] = c
	w[stats.Window24h] = c
	w[stats.WindowAll] = c
	return w
}

// fixtureSnapshot returns a snapshot of a shop's server at 10:30 JST whose
// docomo.ne.jp mail is failing: rate limits, unknown users and a block.
func fixtureSnapshot() *stats.Snapshot {
	docomoTrend := make([]int64, 60)
	for i := 30; i < 60; i++ {
		docomoTrend[i] = int64(i % 4)
	}
	docomoTrend[59] = 6
	gmailTrend := make([]int64, 60)
	gmailTrend[10] = 1
	gmailTrend[45] = 1

	failure := func(minutesAgo int, id, rcpt, domain string, status parsers.Status, dsn string, class diagnose.Class, reason string) stats.Failure {
		return stats.Failure{
			Time:      fixtureNow.Add(-time.Duration(minutesAgo) * time.Minute),
			QueueID:   id,
			Sender:    "shop@example.com",
			Recipient: rcpt,
			Domain:    domain,
			Status:    status,
			DSN:       dsn,
			Class:     class,
			Phase:     parsers.PhaseRCPT,
			Relay:     "mfsmax.docomo.ne.jp[203.138.181.240]:25",
			Reason:    reason,
		}
	}

	return &stats.Snapshot{
		Now:   fixtureNow,
		First: fixtureNow.Add(-24 * time.Hour),
		Last:  fixtureNow.Add(-10 * time.Second),
		Lines: stats.LineCounts{Read: 52310, Postfix: 50112, Unrecognized: 3},
		Domains: []stats.DomainStats{
			{
				Domain: "docomo.ne.jp",
				Windows: windows(counts(28, 9, 3, 1, 2.4, map[diagnose.Class]int64{
					diagnose.RateLimited: 6, diagnose.UserUnknown: 3, diagnose.Blocked: 3, diagnose.Suspended: 1,
				})),
				Trend:         stats.FailureTrend{Step: time.Minute, Failures: docomoTrend},
				LastReply:     "421 4.7.0 Too many connections",
				LastReplyTime: fixtureNow.Add(-time.Minute),
				Pending:       6,
				OldestPending: fixtureNow.Add(-2*time.Hour - 15*time.Minute),
			},
			{
				Domain:  "example.co.jp",
				Windows: windows(counts(12, 0, 5, 0, 0.8, map[diagnose.Class]int64{diagnose.UserUnknown: 5})),
			},
			{
				Domain:        "gmail.com",
				Windows:       windows(counts(118, 2, 0, 0, 1.1, map[diagnose.Class]int64{diagnose.RateLimited: 2})),
				Trend:         stats.FailureTrend{Step: time.Minute, Failures: gmailTrend},
				Pending:       1,
				OldestPending: fixtureNow.Add(-20 * time.Minute),
			},
			{
				Domain:  "ezweb.ne.jp",
				Windows: windows(counts(15, 1, 0, 0, 3.2, map[diagnose.Class]int64{diagnose.Filtered: 1})),
			},
			{
				Domain:  "yahoo.co.jp",
				Windows: windows(counts(64, 0, 0, 0, 0.9, nil)),
			},
		},
		Failures: []stats.Failure{
			failure(1, fixtureQueueID, "taro@docomo.ne.jp", "docomo.ne.jp", parsers.StatusDeferred, "4.7.0", diagnose.RateLimited,
				"host mfsmax.docomo.ne.jp[203.138.181.240] said: 421 4.7.0 Too many connections (in reply to RCPT TO command)"),
			failure(3, "4jh2F01kLmz9xQb", "info@gmail.com", "gmail.com", parsers.StatusDeferred, "4.7.28", diagnose.RateLimited,
				"host gmail-smtp-in.l.google.com said: 421-4.7.28 rate limited\x1b[2J\x1b]52;c;ZWNobw==\x07"),
			failure(4, "4jh2C7Yq1Wz3pTb", "hanako@docomo.ne.jp", "docomo.ne.jp", parsers.StatusBounced, "5.1.1", diagnose.UserUnknown,
				"host mfsmax.docomo.ne.jp said: 550 5.1.1 <hanako@docomo.ne.jp>: Recipient address rejected: User unknown"),
			failure(6, "4jh2B2Tp0Rz8kVc", "jiro@ezweb.ne.jp", "ezweb.ne.jp", parsers.StatusDeferred, "4.2.0", diagnose.Filtered,
				"host lsean.ezweb.ne.jp said: 450 4.2.0 受信拒否設定により受け付けられません"),
			failure(9, "4jh29Lm3Nqz7sWd", "saburo@docomo.ne.jp", "docomo.ne.jp", parsers.StatusBounced, "5.7.1", diagnose.Blocked,
				"host mfsmax.docomo.ne.jp said: 550 5.7.1 Message rejected due to sender reputation"),
			failure(12, "4jh27Qw5Drz2tYF", "sales@example.co.jp", "example.co.jp", parsers.StatusBounced, "5.1.1", diagnose.UserUnknown,
				"host mx.example.co.jp said: 550 5.1.1 No such user"),
		},
	}
}

// fixtureSummaries are docomo.ne.jp's recent messages, newest first. Only
// the first, fixtureQueueID, is still queued.
func fixtureSummaries() []stats.MessageSummary {
	return []stats.MessageSummary{
		{Time: fixtureNow.Add(-time.Minute), QueueID: fixtureQueueID, Sender: "shop@example.com", Recipient: "taro@docomo.ne.jp",
			Status: parsers.StatusDeferred, Class: diagnose.RateLimited, DSN: "4.7.0", Reason: "421 4.7.0 Too many connections", Delay: 8100, Pending: true},
		{Time: fixtureNow.Add(-4 * time.Minute), QueueID: "4jh2C7Yq1Wz3pTb", Sender: "shop@example.com", Recipient: "hanako@docomo.ne.jp",
			Status: parsers.StatusBounced, Class: diagnose.UserUnknown, DSN: "5.1.1", Reason: "550 5.1.1 User unknown", Delay: 2.1, State: stats.StateRemoved},
		{Time: fixtureNow.Add(-7 * time.Minute), QueueID: "2A1BC2DE3F", Sender: "", Recipient: "shiro@docomo.ne.jp",
			Status: parsers.StatusSent, DSN: "2.0.0", Reason: "250 2.0.0 Ok: queued as ご注文\x1b[31m", Delay: 1.2, State: stats.StateRemoved},
		{Time: fixtureNow.Add(-26 * time.Hour), QueueID: "1F9E8D7C6B", Sender: "news@example.com", Recipient: "goro@docomo.ne.jp",
			Status: parsers.StatusSent, DSN: "2.0.0", Reason: "250 2.0.0 Ok", Delay: 0.7, State: stats.StateRemoved},
	}
}

// fixtureMessage is the life of fixtureQueueID: two deferrals to docomo,
// one delivery to gmail, still queued.
func fixtureMessage() stats.Message {
	arrival := fixtureNow.Add(-2*time.Hour - 15*time.Minute)
	return stats.Message{
		QueueID:     fixtureQueueID,
		FirstSeen:   arrival,
		LastSeen:    fixtureNow.Add(-time.Minute),
		Arrival:     arrival,
		Client:      "web01.example.com[192.0.2.10]",
		Sender:      "shop@example.com",
		SenderKnown: true,
		MessageID:   "<order-1234@shop.example.com>",
		Size:        4821,
		NRcpt:       2,
		OrigID:      "4jh1Qb2Ws3zd4Rf",
		Recipients: []stats.Recipient{
			{
				Address: "taro@docomo.ne.jp", Domain: "docomo.ne.jp", Status: parsers.StatusDeferred,
				Class: diagnose.RateLimited, Pending: true,
				Attempts: []stats.Attempt{
					{Time: arrival.Add(2 * time.Second), Status: parsers.StatusDeferred, DSN: "4.7.0", Relay: "mfsmax.docomo.ne.jp[203.138.181.240]:25",
						Delay: 2, Class: diagnose.RateLimited, Reason: "host mfsmax.docomo.ne.jp[203.138.181.240] said: 421 4.7.0 Too many connections (in reply to RCPT TO command)"},
					{Time: fixtureNow.Add(-time.Minute), Status: parsers.StatusDeferred, DSN: "4.7.0", Relay: "mfsmax.docomo.ne.jp[203.138.181.240]:25",
						Delay: 8040, Class: diagnose.RateLimited, Reason: "host mfsmax.docomo.ne.jp[203.138.181.240] said: 421 4.7.0 しばらくしてから再送してください"},
				},
			},
			{
				Address: "buyer@gmail.com", Domain: "gmail.com", Status: parsers.StatusSent,
				Attempts: []stats.Attempt{
					{Time: arrival.Add(3 * time.Second), Status: parsers.StatusSent, DSN: "2.0.0", Relay: "gmail-smtp-in.l.google.com[142.250.0.26]:25",
						Delay: 3, Reason: "250 2.0.0 OK"},
				},
			},
		},
		Notifications: []stats.Notification{
			{Kind: parsers.NotifySenderDelay, QueueID: "E5D76C7808", Time: fixtureNow.Add(-15 * time.Minute)},
		},
		Lines: []string{
			"Dec  4 08:15:00 mail01 postfix/pickup[1201]: 4jh2DZ3Cpzz5rBg: uid=33 from=<shop@example.com> orig_id=4jh1Qb2Ws3zd4Rf",
			"Dec  4 08:15:00 mail01 postfix/cleanup[1202]: 4jh2DZ3Cpzz5rBg: message-id=<order-1234@shop.example.com>",
			"Dec  4 08:15:00 mail01 postfix/qmgr[1100]: 4jh2DZ3Cpzz5rBg: from=<shop@example.com>, size=4821, nrcpt=2 (queue active)",
			"Dec  4 08:15:02 mail01 postfix/smtp[1300]: 4jh2DZ3Cpzz5rBg: to=<taro@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.181.240]:25, delay=2, dsn=4.7.0, status=deferred (host said: 421 4.7.0 Too many connections\x1b]0;owned\x07)",
		},
	}
}

// fakeSource serves the fixtures; unknown queue IDs are not found.
type fakeSource struct {
	domainCalls []string
}

func (s *fakeSource) DomainMessages(domain string, limit int) []stats.MessageSummary {
	s.domainCalls = append(s.domainCalls, domain)
	if domain == "docomo.ne.jp" {
		return fixtureSummaries()
	}
	return nil
}

func (s *fakeSource) Message(queueID string) (stats.Message, bool) {
	if queueID == fixtureQueueID {
		return fixtureMessage(), true
	}
	return stats.Message{}, false
}

// actorCall is one call the fake actor received.
type actorCall struct {
	action  string
	queueID string
	sender  string
	arrival time.Time
}

// fakeActor records calls and returns a result with output, or err.
type fakeActor struct {
	calls     []actorCall
	output    string
	err       error
	simulated bool
}

func (a *fakeActor) DeliverNow(ctx context.Context, queueID, sender string, arrival time.Time) (actions.Result, error) {
	a.calls = append(a.calls, actorCall{"deliver", queueID, sender, arrival})
	return a.result(actions.ActionDeliverNow, queueID, []string{"postqueue", "-c", "/etc/postfix", "-i", queueID}), a.err
}

func (a *fakeActor) Requeue(ctx context.Context, queueID, sender string, arrival time.Time) (actions.Result, error) {
	a.calls = append(a.calls, actorCall{"requeue", queueID, sender, arrival})
	return a.result(actions.ActionRequeue, queueID, []string{"postsuper", "-c", "/etc/postfix", "-r", "-"}), a.err
}

// result builds the Result an action on queueID returns.
func (a *fakeActor) result(action actions.Action, queueID string, argv []string) actions.Result {
	if a.err != nil {
		return actions.Result{}
	}
	return actions.Result{Action: action, QueueIDs: []string{queueID}, Argv: argv, Output: a.output, Count: 1, Simulated: a.simulated}
}

// errPostsuper is the error a failed requeue returns in tests.
var errPostsuper = errors.New("postsuper: fatal: queue ID 4jh2DZ3Cpzz5rBg: not found")

// testOptions returns the options of the golden screens.
func testOptions(lang string, source Source, actor Actor) Options {
	return Options{
		Host:       "mail01.example.com",
		Instance:   "/etc/postfix",
		Sources:    []string{"/var/log/mail.log"},
		ConfigPath: "/etc/mailtop/config.toml",
		Lang:       lang,
		NoColor:    true,
		Source:     source,
		Actor:      actor,
		Now:        func() time.Time { return fixtureNow },
	}
}

// lightGray is a light terminal background.
var lightGray = color.RGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}
