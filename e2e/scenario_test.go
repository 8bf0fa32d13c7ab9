package e2e

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// The retry schedule of the scenario. With the minimal and maximal backoff
// equal, Postfix retries a deferred message exactly retryInterval after the
// attempt ended, at the next deferred-queue scan (queueRunDelay), so the
// attempts ("passes") of one message fall into separate time windows:
//
//	pass 1: 0–6 s after submission
//	pass 2: 40–51 s (5 s more when a silent server made pass 1 wait for its greeting)
//	pass 3: 80–102 s
//
// queueLifetime lies between the end of pass 2 and the start of pass 3, so a
// message that still has pending recipients after pass 3 expires then, and
// each of those recipients got exactly expiryPasses delivery lines.
const (
	retryInterval = 40 * time.Second
	queueRunDelay = 5 * time.Second
	queueLifetime = 68 * time.Second
	expiryPasses  = 3
	// docomoBusy is how long the docomo listener greets with 421 after the
	// first submission: through pass 2, so that the retries of pass 2 arrive
	// together and Postfix suspends the destination, and not into pass 3.
	docomoBusy = 62 * time.Second
)

// passOf returns which attempt of a message a reply belongs to, from the
// time between the message's submission and the reply. Pass k starts
// between (k-1)*40 s and (k-1)*(40+11) s, so dividing by 46 s and rounding
// separates the first three passes with several seconds to spare.
func passOf(sinceSubmission time.Duration) int {
	return 1 + int(math.Round(sinceSubmission.Seconds()/(retryInterval+6*time.Second).Seconds()))
}

// scenarioMessage is one message the test submits.
type scenarioMessage struct {
	sender    string // unique envelope sender, so sink records map back to the message
	rcpts     []string
	submitted time.Time
	queueID   string
}

// scenario returns the messages of the report test: a shop's notices to
// carrier and webmail domains, with every kind of reply the sink gives.
// Local parts are numbered so that every address is unique, because the
// greylist and burst rules remember addresses.
func scenario() []*scenarioMessage {
	n := 0
	addr := func(kind, domain string) string {
		n++
		return fmt.Sprintf("%s%02d@%s", kind, n, domain)
	}
	var lists [][]string
	single := func(count int, kind, domain string) {
		for range count {
			lists = append(lists, []string{addr(kind, domain)})
		}
	}
	multi := func(rcpts ...[2]string) {
		var list []string
		for _, r := range rcpts {
			list = append(list, addr(r[0], r[1]))
		}
		lists = append(lists, list)
	}
	const (
		docomo   = "docomo.ne.jp"
		ezweb    = "ezweb.ne.jp"
		softbank = "softbank.ne.jp"
		isoft    = "i.softbank.jp"
		au       = "au.com"
		gmail    = "gmail.example"
		yahoo    = "yahoo.example"
	)

	single(12, "ok", docomo)
	single(3, "reject", docomo)
	single(1, "unknown", docomo)
	single(2, "datafail", docomo)
	single(1, "filtered", docomo)
	single(2, "tempfail", docomo)
	single(2, "greylist", docomo)
	single(1, "shutdown", docomo)
	single(1, "full", docomo)
	single(1, "toolong", docomo)
	multi([2]string{"ok", docomo}, [2]string{"reject", docomo}, [2]string{"tempfail", docomo})
	multi([2]string{"ok", docomo}, [2]string{"datafail", docomo}, [2]string{"ok", docomo})
	multi([2]string{"ok", docomo}, [2]string{"ok", docomo}, [2]string{"ok", docomo})
	multi([2]string{"burst", docomo}, [2]string{"ok", docomo})

	single(6, "ok", ezweb)
	single(2, "reject", ezweb)
	single(1, "tempfail", ezweb)
	single(1, "datafail", ezweb)
	multi([2]string{"ok", ezweb}, [2]string{"ok", ezweb})
	multi([2]string{"ok", ezweb}, [2]string{"shutdown", ezweb}, [2]string{"ok", ezweb})

	single(4, "ok", softbank)
	single(1, "full", softbank)
	single(1, "greylist", softbank)
	multi([2]string{"ok", softbank}, [2]string{"reject", softbank})

	single(8, "ok", gmail)
	single(1, "tempfail", gmail)
	single(4, "ok", yahoo)
	single(1, "greylist", yahoo)

	single(2, "ok", au)
	single(2, "ok", isoft)

	multi([2]string{"ok", docomo}, [2]string{"ok", gmail}, [2]string{"ok", ezweb})
	multi([2]string{"ok", docomo}, [2]string{"ok", au})
	multi([2]string{"ok", gmail}, [2]string{"ok", isoft})
	multi([2]string{"reject", docomo}, [2]string{"ok", yahoo}, [2]string{"tempfail", gmail})

	messages := make([]*scenarioMessage, len(lists))
	for i, rcpts := range lists {
		messages[i] = &scenarioMessage{sender: fmt.Sprintf("shop+%d@shop.example", i+1), rcpts: rcpts}
	}
	return messages
}

// counts are the per-domain numbers of mailtop report --json.
type counts struct {
	Sent     int `json:"sent"`
	Deferred int `json:"deferred"`
	Bounced  int `json:"bounced"`
	Expired  int `json:"expired"`
}

// domainCounts are the counts of one domain with the reason classes the test
// can derive from the sink: user_unknown (550 Unknown user to RCPT) and
// filtered (550 Unknown user at end of DATA, docomo's reply when the
// recipient's own settings refuse the mail).
type domainCounts struct {
	counts
	Classes map[string]int
}

func domainOf(address string) string {
	return strings.ToLower(address[strings.LastIndexByte(address, '@')+1:])
}

// expectedCounts derives the report's numbers from the sink's records and the
// scenario, without reading Postfix's log. The rules:
//
//   - Postfix writes one delivery line per pending recipient per pass.
//   - A recipient's final reply is a 5xx to RCPT or the end-of-DATA reply.
//     It counts as sent (2xx) or bounced (5xx), and the passes before it,
//     found with passOf, each count one deferred.
//   - A recipient with no final reply was still pending when its message
//     expired after expiryPasses passes: that many deferred, and one expired.
//     Attempts that never reached a server (a refused port, a silent server,
//     a suspended destination, a connection closed by 421) fall here or
//     before a later final reply.
//   - Notifications to the shop (null sender) are delivered on their first
//     pass, because the shop's server accepts everything.
//
// It also returns problems found in the records, such as two final replies
// for one recipient.
func expectedCounts(messages []*scenarioMessage, records []postfixtest.Record) (map[string]*domainCounts, []string) {
	var problems []string
	bySender := map[string]*scenarioMessage{}
	for _, m := range messages {
		bySender[m.sender] = m
	}
	finals := map[[2]string]postfixtest.Record{}
	result := map[string]*domainCounts{}
	get := func(domain string) *domainCounts {
		if result[domain] == nil {
			result[domain] = &domainCounts{Classes: map[string]int{}}
		}
		return result[domain]
	}

	for _, r := range records {
		final := r.Phase == postfixtest.PhaseData || (r.Phase == postfixtest.PhaseRcpt && r.Code >= 500)
		if !final {
			continue
		}
		if r.From == "" {
			d := get(domainOf(r.To))
			if r.Code == 250 {
				d.Sent++
			} else {
				problems = append(problems, fmt.Sprintf("notification to %s got %q", r.To, r.Reply))
			}
			continue
		}
		key := [2]string{r.From, r.To}
		if prev, dup := finals[key]; dup {
			problems = append(problems, fmt.Sprintf("two final replies for %s from %s: %q then %q", r.To, r.From, prev.Reply, r.Reply))
			continue
		}
		finals[key] = r
	}

	for _, m := range messages {
		for _, rcpt := range m.rcpts {
			d := get(domainOf(rcpt))
			r, ok := finals[[2]string{m.sender, rcpt}]
			if !ok {
				d.Deferred += expiryPasses
				d.Expired++
				continue
			}
			pass := passOf(r.Time.Sub(m.submitted))
			if pass > expiryPasses {
				problems = append(problems, fmt.Sprintf("%s from %s got its final reply in pass %d, %v after submission, later than the message should have expired", rcpt, m.sender, pass, r.Time.Sub(m.submitted).Round(time.Second)))
			}
			d.Deferred += pass - 1
			if r.Code/100 == 2 {
				d.Sent++
				continue
			}
			d.Bounced++
			if strings.Contains(r.Reply, " Unknown user ") {
				if r.Phase == postfixtest.PhaseRcpt {
					d.Classes["user_unknown"]++
				} else {
					d.Classes["filtered"]++
				}
			}
		}
	}
	return result, problems
}

// checkSchedule tests the timing assumption behind expectedCounts with the
// sink alone: a tempfail recipient on a server that is never busy is refused
// once per pass, so the sink must have seen it exactly expiryPasses times.
func checkSchedule(messages []*scenarioMessage, records []postfixtest.Record, busyDomain string) []string {
	seen := map[[2]string]int{}
	for _, r := range records {
		if r.Phase == postfixtest.PhaseRcpt && r.Code == 450 && strings.HasPrefix(r.To, "tempfail") {
			seen[[2]string{r.From, r.To}]++
		}
	}
	var problems []string
	for _, m := range messages {
		for _, rcpt := range m.rcpts {
			if !strings.HasPrefix(rcpt, "tempfail") || domainOf(rcpt) == busyDomain {
				continue
			}
			if got := seen[[2]string{m.sender, rcpt}]; got != expiryPasses {
				problems = append(problems, fmt.Sprintf("the sink refused %s of %s %d times, want %d: the retry schedule did not hold", rcpt, m.queueID, got, expiryPasses))
			}
		}
	}
	return problems
}

// countFromLog counts the maillog's delivery and expiry lines per domain the
// way the report should. It is a debugging aid for a disagreement between
// the report and expectedCounts, never the expectation itself.
func countFromLog(lines []string) map[string]*counts {
	result := map[string]*counts{}
	get := func(domain string) *counts {
		if result[domain] == nil {
			result[domain] = &counts{}
		}
		return result[domain]
	}
	pending := map[string]map[string]bool{} // queue ID -> recipients whose last line was deferred
	for _, line := range lines {
		_, text, ok := strings.Cut(line, "]: ")
		if !ok {
			continue
		}
		id, rest, ok := strings.Cut(text, ": ")
		if !ok {
			continue
		}
		if strings.Contains(rest, "status=expired") || strings.Contains(rest, "status=force-expired") {
			for rcpt, deferred := range pending[id] {
				if deferred {
					get(domainOf(rcpt)).Expired++
				}
			}
			continue
		}
		if !strings.HasPrefix(rest, "to=<") {
			continue
		}
		rcpt := rest[len("to=<"):strings.IndexByte(rest, '>')]
		c := get(domainOf(rcpt))
		if pending[id] == nil {
			pending[id] = map[string]bool{}
		}
		switch {
		case strings.Contains(rest, "status=sent"):
			c.Sent++
			pending[id][rcpt] = false
		case strings.Contains(rest, "status=deferred"):
			c.Deferred++
			pending[id][rcpt] = true
		case strings.Contains(rest, "status=bounced"):
			c.Bounced++
			pending[id][rcpt] = false
		}
	}
	return result
}

// keysOf returns the keys of m.
func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// sortedUnion returns the distinct strings of all lists, sorted.
func sortedUnion(lists ...[]string) []string {
	set := map[string]bool{}
	for _, list := range lists {
		for _, s := range list {
			set[s] = true
		}
	}
	union := keysOf(set)
	sort.Strings(union)
	return union
}
