package loggen

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// outcome is one delivery line to write.
type outcome struct {
	status string // sent, deferred or bounced
	dsn    string
	relay  string
	reason string
	agent  string // the program's daemon: smtp, lmtp, local, discard or error
}

// retryStep is a later attempt from the deferred queue.
func (g *generator) retryStep(m *message) func(*generator) {
	return func(g *generator) {
		if m.expireOp {
			g.forceExpire(m)
			return
		}
		g.queueActive(m)
		g.deliver(m)
	}
}

// deliver makes one attempt at every pending recipient and then ends the
// message, returns it to the sender, or defers it.
func (g *generator) deliver(m *message) {
	bounced := false
	tlsDone := map[string]bool{}
	for _, r := range m.rcpts {
		if r.done || g.full() {
			continue
		}
		o := g.attempt(m, r)
		pid := g.pids.pid(g.rng, o.agent, 12)
		program := "postfix/" + o.agent
		if o.agent == "smtp" && o.relay != "none" && !tlsDone[r.domain] && g.chance(0.65) {
			tlsDone[r.domain] = true
			trust := "Untrusted"
			if !r.carrier {
				trust = "Trusted"
			}
			g.emit(program, pid, []byte(trust+" TLS connection established to "+o.relay+": TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256"))
		}
		if o.agent == "smtp" && o.dsn == "4.4.1" {
			g.emit(program, pid, []byte(o.reason))
		}
		if o.agent == "local" && o.status == "deferred" {
			g.emit(program, pid, []byte("warning: hash:/etc/postfix/aliases is unavailable. open database /etc/postfix/aliases.db: No such file or directory"))
			g.emit(program, pid, []byte("warning: hash:/etc/postfix/aliases: lookup of '"+r.addr[:len(r.addr)-len(r.domain)-1]+"' failed"))
		}
		if o.dsn == "4.4.2" && g.chance(0.5) {
			g.emit(program, pid, []byte("warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:"))
		}
		if !g.emit(program, pid, g.deliveryLine(m, r, o)) {
			return
		}
		switch o.status {
		case "sent":
			r.done, r.deferred = true, false
			g.count(r.domain, func(c *Counts) { c.Sent++ })
		case "bounced":
			r.done, r.deferred = true, false
			bounced = true
			g.count(r.domain, func(c *Counts) { c.Bounced++ })
		default:
			r.deferred = true
			g.count(r.domain, func(c *Counts) { c.Deferred++ })
		}
	}
	if g.full() {
		return
	}

	if m.pending() > 0 && g.at.Sub(m.arrival) >= g.opts.QueueLifetime {
		g.expire(m, "expired")
		return
	}
	if bounced && !m.notice {
		g.notify(m, "sender non-delivery notification")
	}
	if m.pending() == 0 {
		g.emit("postfix/qmgr", g.pids.pid(g.rng, "qmgr", 1), []byte(m.id+": removed"))
		g.finish(m)
		return
	}
	if !m.warned && !m.notice && g.at.Sub(m.arrival) >= delayWarning {
		m.warned = true
		g.notify(m, "sender delay notification")
	}
	next := g.at.Add(g.backoff(m))
	if !m.notice && g.chance(0.07) {
		g.scheduleOperator(m, next)
		return
	}
	g.schedule(next, g.retryStep(m))
}

// attempt decides one recipient's outcome at the running step's time.
func (g *generator) attempt(m *message, r *recipient) outcome {
	switch r.agent {
	case "local":
		// NOTE: half the local attempts fail for want of aliases.db, as on
		// the captured test instance; a production server rarely does.
		if g.chance(0.5) {
			return outcome{"deferred", "4.3.0", "local", "alias database unavailable", "local"}
		}
		return outcome{"sent", "2.0.0", "local", "delivered to mailbox", "local"}
	case "discard":
		return outcome{"sent", "2.0.0", "none", "discarded by transport map", "discard"}
	case "error":
		return outcome{"bounced", "5.1.2", "none", "this domain no longer accepts mail", "error"}
	case "lmtp":
		relay := "mail." + "example.com[private/dovecot-lmtp]"
		if r.fate == fateContentRejected {
			return outcome{"bounced", "5.7.1", relay, "host mail.example.com[private/dovecot-lmtp] said: 554 5.7.1 Message content rejected (in reply to end of DATA command)", "lmtp"}
		}
		return outcome{"sent", "2.0.0", relay, "250 2.0.0 <" + r.addr + "> Saved", "lmtp"}
	}

	host := r.mx + "[" + documentationIP(hashString(r.mx)) + "]"
	relay := host + ":25"
	if r.domain == "docomo.ne.jp" && g.at.Before(g.burstUntil) {
		if o, ok := g.burstOutcome(r, host, relay); ok {
			return o
		}
	}
	if r.defers > 0 || r.fate == fateStuck {
		if r.defers > 0 {
			r.defers--
		}
		return g.deferral(r, host, relay)
	}
	switch r.fate {
	case fateUnknownUser:
		return outcome{"bounced", "5.1.1", relay, "host " + host + " said: 550 5.1.1 <" + r.addr + ">: Unknown user (in reply to RCPT TO command)", "smtp"}
	case fateContentRejected:
		return outcome{"bounced", "5.7.1", relay, "host " + host + " said: 550 5.7.1 Message rejected due to content restrictions (in reply to end of DATA command)", "smtp"}
	case fateNoDomain:
		return outcome{"bounced", "5.4.4", "none", "Host or domain name not found. Name service error for name=" + r.domain + " type=A: Host not found", "smtp"}
	}
	return outcome{"sent", "2.0.0", relay, fmt.Sprintf("250 2.0.0 Ok: queued as %X", g.rng.Uint32()), "smtp"}
}

func (g *generator) deferral(r *recipient, host, relay string) outcome {
	switch r.reason {
	case deferGreylist:
		return outcome{"deferred", "4.7.1", relay, "host " + host + " said: 450 4.7.1 <" + r.addr + ">: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)", "smtp"}
	case deferBusy:
		return outcome{"deferred", "4.7.0", relay, "host " + host + " said: 421 4.7.0 Too many connections, try again later (in reply to MAIL FROM command)", "smtp"}
	case deferTimeout:
		return outcome{"deferred", "4.4.1", "none", "connect to " + relay + ": Connection timed out", "smtp"}
	case deferRefused:
		return outcome{"deferred", "4.4.1", "none", "connect to " + relay + ": Connection refused", "smtp"}
	case deferLost:
		return outcome{"deferred", "4.4.2", relay, "lost connection with " + host + " while receiving the initial server greeting", "smtp"}
	case deferDNS:
		return outcome{"deferred", "4.4.3", "none", "Host or domain name not found. Name service error for name=" + r.domain + " type=MX: Host not found, try again", "smtp"}
	}
	return outcome{"deferred", "4.2.2", relay, "host " + host + " said: 452 4.2.2 <" + r.addr + ">: Mailbox full (in reply to RCPT TO command)", "smtp"}
}

// delays formats "delay=D, delays=a/b/c/d" for an attempt now.
func (g *generator) delays(m *message) string {
	total := g.at.Sub(m.arrival).Seconds() + 0.05 + g.rng.Float64()*0.3
	c := 0.01 + g.rng.Float64()*0.1
	d := g.rng.Float64() * 0.2
	b := g.rng.Float64() * 0.05
	a := max(total-b-c-d, 0)
	return "delay=" + postfixSeconds(total) + ", delays=" + postfixSeconds(a) + "/" + postfixSeconds(b) + "/" + postfixSeconds(c) + "/" + postfixSeconds(d)
}

// postfixSeconds formats seconds as the captured log shows them: whole
// seconds from 10 s up, otherwise at most two significant digits.
func postfixSeconds(s float64) string {
	switch {
	case s >= 10:
		return strconv.FormatInt(int64(s), 10)
	case s < 0.01:
		return "0"
	}
	// delay_logging_resolution_limit (default 2) caps the decimals.
	return strconv.FormatFloat(math.Round(s*100)/100, 'g', 2, 64)
}

func (g *generator) deliveryLine(m *message, r *recipient, o outcome) []byte {
	return fmt.Appendf(nil, "%s: to=<%s>, relay=%s, %s, dsn=%s, status=%s (%s)", m.id, r.addr, o.relay, g.delays(m), o.dsn, o.status, o.reason)
}

// expire returns a message that outlived the queue lifetime, or that an
// operator expired, to its sender. Every recipient still deferred counts
// as expired.
func (g *generator) expire(m *message, status string) {
	if !g.emit("postfix/qmgr", g.pids.pid(g.rng, "qmgr", 1), []byte(m.id+": from=<"+m.sender+">, status="+status+", returned to sender")) {
		return
	}
	for _, r := range m.rcpts {
		if !r.done && r.deferred {
			g.count(r.domain, func(c *Counts) { c.Expired++ })
		}
		r.done = true
	}
	if !m.notice {
		g.notify(m, "sender non-delivery notification")
	}
	g.emit("postfix/qmgr", g.pids.pid(g.rng, "qmgr", 1), []byte(m.id+": removed"))
	g.finish(m)
}

func (g *generator) forceExpire(m *message) {
	g.queueActive(m)
	g.expire(m, "force-expired")
}

// notify writes bounce(8)'s notice about m and queues the notice itself,
// which local(8) delivers to the sender a moment later.
func (g *generator) notify(m *message, kind string) {
	n := g.newMessage("", true)
	n.rcpts = []*recipient{{addr: m.sender, domain: localDomain, agent: "local"}}
	n.msgID = g.generatedMessageID(n)
	g.emit("postfix/cleanup", g.pids.pid(g.rng, "cleanup", 3), []byte(n.id+": message-id="+n.msgID))
	g.emit("postfix/bounce", g.pids.pid(g.rng, "bounce", 2), []byte(m.id+": "+kind+": "+n.id))
	g.queueActive(n)
	g.schedule(g.at.Add(time.Duration(g.rng.IntN(800))*time.Millisecond), func(g *generator) { g.deliver(n) })
}

// scheduleOperator has an operator act on a deferred message at time at:
// hold and release it, requeue it, delete it or expire it with postsuper.
func (g *generator) scheduleOperator(m *message, at time.Time) {
	g.schedule(at, func(g *generator) {
		pid := g.pids.pid(g.rng, "postsuper", 1)
		g.pids.pools["postsuper"] = nil // every postsuper run is a new process
		switch x := g.rng.Float64(); {
		case x < 0.35:
			g.emit("postfix/postsuper", pid, []byte(m.id+": placed on hold"))
			g.emit("postfix/postsuper", pid, []byte("Placed on hold: 1 message"))
			g.schedule(g.at.Add(5*time.Minute+g.expDuration(20*time.Minute)), func(g *generator) {
				pid := g.pids.pid(g.rng, "postsuper", 1)
				g.pids.pools["postsuper"] = nil
				g.emit("postfix/postsuper", pid, []byte(m.id+": released from hold"))
				g.emit("postfix/postsuper", pid, []byte("Released from hold: 1 message"))
				g.schedule(g.at.Add(time.Duration(1+g.rng.IntN(30))*time.Second), g.retryStep(m))
			})
		case x < 0.65:
			g.emit("postfix/postsuper", pid, []byte(m.id+": requeued"))
			g.emit("postfix/postsuper", pid, []byte("Requeued: 1 message"))
			g.schedule(g.at.Add(time.Duration(1+g.rng.IntN(60))*time.Second), func(g *generator) { g.requeue(m) })
		case x < 0.8:
			g.emit("postfix/postsuper", pid, []byte(m.id+": removed"))
			g.emit("postfix/postsuper", pid, []byte("Deleted: 1 message"))
			g.finish(m)
		default:
			g.emit("postfix/postsuper", pid, []byte(m.id+": expired"))
			g.emit("postfix/postsuper", pid, []byte("Force-expired: 1 message"))
			m.expireOp = true
			g.schedule(g.at.Add(time.Duration(1+g.rng.IntN(300))*time.Second), g.retryStep(m))
		}
	})
}

// requeue is pickup taking back a message that postsuper -r moved to the
// maildrop: a new queue ID with orig_id=, the same Message-ID and arrival.
func (g *generator) requeue(m *message) {
	old := m.id
	g.finish(m)
	m.id = g.newQueueID(m.long)
	g.live[m.id] = m
	m.size += 111
	g.emit("postfix/pickup", g.pids.pid(g.rng, "pickup", 1), []byte(m.id+": uid=107 from=<"+m.sender+"> orig_id="+old))
	g.emit("postfix/cleanup", g.pids.pid(g.rng, "cleanup", 3), []byte(m.id+": message-id="+m.msgID))
	g.queueActive(m)
	g.deliver(m)
}

// burstKind is a spell of trouble at docomo.ne.jp.
type burstKind uint8

const (
	// burstOutage: every session ends in 421, and qmgr suspends the site.
	burstOutage burstKind = iota
	// burstGreylist: most recipients are greylisted with 450 at RCPT.
	burstGreylist
	// burstUnknownUsers: a stale list, so half the recipients bounce
	// with 550 Unknown user at RCPT.
	burstUnknownUsers
	// burstContent: the carrier's filter rejects the mail with 550 at
	// the end of DATA.
	burstContent
	numBurstKinds
)

// burstStep starts the next spell of trouble at docomo.ne.jp. The kinds
// take turns, so even a short log has each of them.
func burstStep(g *generator) {
	replies := [...]string{
		"421 4.7.0 mfsmax.docomo.ne.jp Service not available, closing transmission channel",
		"421 4.7.0 Temporary System Problem. Try again later",
	}
	g.burstReply = replies[g.rng.IntN(len(replies))]
	g.burst = g.nextBurst
	g.nextBurst = (g.nextBurst + 1) % numBurstKinds
	g.burstUntil = g.at.Add(10*time.Minute + g.expDuration(25*time.Minute))
	g.schedule(g.burstUntil.Add(g.expDuration(2*time.Hour)), burstStep)
}

// burstOutcome returns the outcome of an attempt at docomo.ne.jp during a
// burst, and false when the burst spares this attempt.
func (g *generator) burstOutcome(r *recipient, host, relay string) (outcome, bool) {
	switch g.burst {
	case burstOutage:
		// qmgr throttles a site after a failed session and hands its
		// other recipients to the retry service until the site recovers.
		if g.chance(0.25) {
			return outcome{"deferred", "4.7.0", relay, "host " + host + " said: " + g.burstReply + " (in reply to RCPT TO command)", "smtp"}, true
		}
		return outcome{"deferred", "4.7.0", "none", "delivery temporarily suspended: host " + host + " said: " + g.burstReply + " (in reply to RCPT TO command)", "error"}, true
	case burstGreylist:
		if g.chance(0.8) {
			return g.deferral(&recipient{addr: r.addr, domain: r.domain, reason: deferGreylist}, host, relay), true
		}
	case burstUnknownUsers:
		if g.chance(0.5) {
			return outcome{"bounced", "5.1.1", relay, "host " + host + " said: 550 5.1.1 <" + r.addr + ">: Unknown user (in reply to RCPT TO command)", "smtp"}, true
		}
	case burstContent:
		if g.chance(0.7) {
			return outcome{"bounced", "5.7.1", relay, "host " + host + " said: 550 5.7.1 Message rejected due to content restrictions (in reply to end of DATA command)", "smtp"}, true
		}
	}
	return outcome{}, false
}

// housekeepingStep writes the lines that come with no message: reloads and
// the statistics of anvil and scache.
func housekeepingStep(g *generator) {
	g.schedule(g.at.Add(g.expDuration(g.arrivalMean*3)), housekeepingStep)
	switch g.rng.IntN(5) {
	case 0, 1, 2:
		g.emit("postfix/postfix-script", g.pids.pid(g.rng, "postfix-script", 1), []byte("refreshing the Postfix mail system"))
		g.pids.pools["postfix-script"] = nil
		g.emit("postfix/master", g.pids.pid(g.rng, "master", 1), []byte("reload -- version 3.7.11, configuration /etc/postfix"))
		// A map edited without postmap: every daemon that opens it warns.
		for _, daemon := range [...]string{"trivial-rewrite", "smtpd", "cleanup", "qmgr"} {
			if g.chance(0.8) {
				g.emit("postfix/"+daemon, g.pids.pid(g.rng, daemon, 2), []byte("warning: database /etc/postfix/transport.db is older than source file /etc/postfix/transport"))
			}
		}
	case 3:
		ip := documentationIP(uint64(g.rng.IntN(4)))
		pid := g.pids.pid(g.rng, "anvil", 1)
		stamp := g.at.Format("Jan _2 15:04:05")
		g.emit("postfix/anvil", pid, []byte("statistics: max connection rate 3/60s for (smtp:"+ip+") at "+stamp))
		g.emit("postfix/anvil", pid, []byte("statistics: max connection count 2 for (smtp:"+ip+") at "+stamp))
	default:
		g.emit("postfix/scache", g.pids.pid(g.rng, "scache", 1), []byte("statistics: start interval "+g.at.Format("Jan _2 15:04:05")))
	}
}

// strayStep is an smtpd session that queues nothing: a client probing for
// a relay or for mailboxes, or one that hangs up.
func strayStep(g *generator) {
	g.schedule(g.at.Add(g.expDuration(g.arrivalMean*6)), strayStep)
	ip := documentationIP(g.rng.Uint64())
	client := "unknown[" + ip + "]"
	pid := g.pids.pid(g.rng, "smtpd", 6)
	if g.chance(0.8) {
		g.emit("postfix/smtpd", pid, []byte("warning: hostname client"+strconv.Itoa(g.rng.IntN(900))+".example.net does not resolve to address "+ip+": Name or service not known"))
	}
	g.emit("postfix/smtpd", pid, []byte("connect from "+client))
	switch g.rng.IntN(6) {
	case 0:
		g.emit("postfix/smtpd", pid, []byte("lost connection after RCPT from "+client))
	case 1, 4, 5:
		to := localPart(g.rng) + "@" + namedDomains[g.rng.IntN(len(namedDomains))].name
		g.emit("postfix/smtpd", pid, []byte("NOQUEUE: reject: RCPT from "+client+": 454 4.7.1 <"+to+">: Relay access denied; from=<spam@example.org> to=<"+to+"> proto=ESMTP helo=<"+ip+">"))
		g.emit("postfix/smtpd", pid, []byte("disconnect from "+client+" ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"))
	case 2, 3:
		to := localPart(g.rng) + "@" + localDomain
		g.emit("postfix/smtpd", pid, []byte("NOQUEUE: reject: RCPT from "+client+": 550 5.1.1 <"+to+">: Recipient address rejected: User unknown in local recipient table; from=<probe@example.org> to=<"+to+"> proto=ESMTP helo=<"+ip+">"))
		g.emit("postfix/smtpd", pid, []byte("disconnect from "+client+" ehlo=1 mail=1 rcpt=0/1 rset=1 quit=1 commands=4/5"))
	}
}
