package loggen

import (
	"fmt"
	"time"
)

// localDomain is myhostname's domain: senders live here, and bounce
// notices come back here through local(8).
const (
	localDomain  = "mx.example.com"
	mailboxHost  = "staff.example.com" // delivered by lmtp to a mailbox server
	minBackoff   = 300 * time.Second   // minimal_backoff_time default
	maxBackoff   = 4000 * time.Second  // maximal_backoff_time default
	delayWarning = 1 * time.Hour       // delay_warning_time, off by default in Postfix
)

// fate is the final outcome of a recipient once its planned deferrals are used up.
type fate uint8

const (
	fateSent fate = iota
	fateUnknownUser
	fateContentRejected
	fateNoDomain
	fateStuck // deferred until the message expires
)

// deferReason is the cause of a recipient's planned deferrals, which sets the reply text.
type deferReason uint8

const (
	deferGreylist deferReason = iota
	deferBusy
	deferTimeout
	deferRefused
	deferLost
	deferDNS
	deferMailboxFull
)

// deferReasons are drawn from uniformly, so a reason listed twice comes twice as often.
var deferReasons = [...]deferReason{
	deferGreylist, deferGreylist, deferGreylist, deferBusy, deferBusy, deferBusy,
	deferBusy, deferTimeout, deferRefused, deferLost, deferLost, deferLost,
	deferDNS, deferDNS, deferMailboxFull, deferMailboxFull,
}

type recipient struct {
	addr     string
	domain   string
	mx       string // "" for local and lmtp
	carrier  bool
	agent    string // smtp, lmtp, local, discard or error
	fate     fate
	defers   int // planned deferrals left before the fate applies
	reason   deferReason
	done     bool
	deferred bool // the last attempt was deferred
}

type message struct {
	id       string
	long     bool
	sender   string // "" is the null sender of a bounce notice
	size     int
	arrival  time.Time
	rcpts    []*recipient
	notice   bool
	warned   bool // a delay notice was sent
	expireOp bool // postsuper -e marked it
	msgID    string
}

func (m *message) pending() int {
	n := 0
	for _, r := range m.rcpts {
		if !r.done {
			n++
		}
	}
	return n
}

// newQueueID names a message created now, unique among live messages.
func (g *generator) newQueueID(long bool) string {
	for {
		usec := g.rng.IntN(1000000)
		var id string
		if long {
			id = longQueueID(g.at, usec, uint64(0x40000+g.rng.IntN(0x1c0000)))
		} else {
			id = shortQueueID(usec, uint64(0x40000+g.rng.IntN(0x1c0000)))
		}
		if _, inUse := g.live[id]; !inUse {
			return id
		}
	}
}

func (g *generator) newMessage(sender string, notice bool) *message {
	m := &message{
		long:    g.chance(g.opts.LongQueueIDs),
		sender:  sender,
		arrival: g.at,
		notice:  notice,
	}
	m.id = g.newQueueID(m.long)
	g.live[m.id] = m
	if notice {
		m.size = 2000 + g.rng.IntN(3000)
	} else {
		m.size = 900 + g.rng.IntN(40000)
		if g.chance(0.05) {
			m.size += g.rng.IntN(2000000)
		}
	}
	return m
}

func (g *generator) finish(m *message) { delete(g.live, m.id) }

// generatedMessageID is the Message-ID cleanup adds to mail without one.
func (g *generator) generatedMessageID(m *message) string {
	if m.long {
		return fmt.Sprintf("<%s@%s>", m.id, localDomain)
	}
	return fmt.Sprintf("<%s.%s@%s>", g.at.Format("20060102150405"), m.id, localDomain)
}

// arrivalStep submits one new message and schedules the next arrival.
func arrivalStep(g *generator) {
	g.schedule(g.at.Add(g.expDuration(g.arrivalMean)), arrivalStep)

	senders := [...]string{"noreply", "info", "order", "newsletter", "support", "campaign"}
	m := g.newMessage(senders[g.rng.IntN(len(senders))]+"@"+localDomain, false)
	g.addRecipients(m)

	viaSMTP := g.chance(0.14)
	if viaSMTP {
		client := fmt.Sprintf("app%d.example.com[%s]", 1+g.rng.IntN(4), documentationIP(uint64(g.rng.IntN(4))))
		pid := g.pids.pid(g.rng, "smtpd", 6)
		g.emit("postfix/smtpd", pid, []byte("connect from "+client))
		if g.chance(0.6) {
			g.emit("postfix/smtpd", pid, []byte("Anonymous TLS connection established from "+client+": TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256"))
		}
		g.emit("postfix/smtpd", pid, []byte(m.id+": client="+client))
		m.msgID = fmt.Sprintf("<%x.%x@shop.example.com>", g.rng.Uint64(), g.rng.Uint32())
		g.emit("postfix/cleanup", g.pids.pid(g.rng, "cleanup", 3), []byte(m.id+": message-id="+m.msgID))
		g.queueActive(m)
		g.emit("postfix/smtpd", pid, fmt.Appendf(nil, "disconnect from %s ehlo=1 mail=1 rcpt=%d data=1 quit=1 commands=%d", client, len(m.rcpts), 4+len(m.rcpts)))
	} else {
		g.emit("postfix/pickup", g.pids.pid(g.rng, "pickup", 1), []byte(m.id+": uid=33 from=<"+m.sender+">"))
		m.msgID = g.generatedMessageID(m)
		g.emit("postfix/cleanup", g.pids.pid(g.rng, "cleanup", 3), []byte(m.id+": message-id="+m.msgID))
		g.queueActive(m)
	}
	g.schedule(g.at.Add(time.Duration(g.rng.IntN(1500))*time.Millisecond), func(g *generator) { g.deliver(m) })
}

func (g *generator) queueActive(m *message) {
	g.emit("postfix/qmgr", g.pids.pid(g.rng, "qmgr", 1), fmt.Appendf(nil, "%s: from=<%s>, size=%d, nrcpt=%d (queue active)", m.id, m.sender, m.size, len(m.rcpts)))
}

// addRecipients gives a message one recipient, a few, or a small list,
// each with its planned deferrals and outcome.
func (g *generator) addRecipients(m *message) {
	n := 1
	switch x := g.rng.Float64(); {
	case x < 0.04:
		n = 2 + g.rng.IntN(3)
	case x < 0.045:
		n = 10 + g.rng.IntN(21)
	}
	seen := map[string]bool{}
	for len(m.rcpts) < n {
		r := g.newRecipient()
		if seen[r.addr] {
			continue
		}
		seen[r.addr] = true
		m.rcpts = append(m.rcpts, r)
	}
}

func (g *generator) newRecipient() *recipient {
	r := &recipient{agent: "smtp"}
	if g.chance(0.07) {
		r.domain, r.agent = mailboxHost, "lmtp"
		r.addr = localPart(g.rng) + "@" + r.domain
		r.fate = fateSent
		if g.chance(0.4) {
			r.fate = fateContentRejected
		}
		return r
	}
	switch x := g.rng.Float64(); {
	case x < 0.08:
		r.domain, r.agent, r.fate = "discard.example.com", "discard", fateSent
		r.addr = localPart(g.rng) + "@" + r.domain
		return r
	case x < 0.12:
		r.domain, r.agent, r.fate = "retired.example.com", "error", fateUnknownUser
		r.addr = localPart(g.rng) + "@" + r.domain
		return r
	}
	x := g.rng.Float64()
	if i := searchWeights(g.weights, x); i < len(namedDomains) {
		d := namedDomains[i]
		r.domain, r.mx, r.carrier = d.name, d.mx, d.carrier
	} else {
		var idx int
		if g.chance(0.5) {
			idx = int(g.zipf.Uint64())
		} else {
			idx = g.rng.IntN(g.opts.tailDomains())
		}
		r.domain = tailDomain(idx)
		r.mx = "mx" + fmt.Sprint(1+idx%3) + "." + r.domain
	}
	r.addr = localPart(g.rng) + "@" + r.domain

	// Outcomes: about half the recipients are delivered, most after a few
	// deferrals, one in eight bounces, and about two in five are deferred
	// until the message expires, as in the retry-heavy captured log.
	switch x := g.rng.Float64(); {
	case x < 0.07:
		r.fate = fateSent
	case x < 0.45:
		r.fate, r.defers = fateSent, 1+g.rng.IntN(4)
	case x < 0.51:
		r.fate = fateUnknownUser
	case x < 0.535:
		r.fate = fateContentRejected
	case x < 0.57:
		r.fate, r.defers = fateUnknownUser, 1+g.rng.IntN(3)
	case x < 0.59 && !r.carrier:
		r.fate = fateNoDomain
	default:
		r.fate = fateStuck
	}
	r.reason = deferReasons[g.rng.IntN(len(deferReasons))]
	if r.carrier && g.chance(0.6) {
		r.reason = deferGreylist
	}
	return r
}

func searchWeights(cum []float64, x float64) int {
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum)
}

// backoff is the wait before the next attempt: the message's age clamped
// to minimal_backoff_time and maximal_backoff_time, as qmgr sets it.
func (g *generator) backoff(m *message) time.Duration {
	age := g.at.Sub(m.arrival)
	d := min(max(age, minBackoff), maxBackoff)
	return d + time.Duration(g.rng.IntN(60))*time.Second
}
