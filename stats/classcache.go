package stats

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// maxClassified bounds each of the two generations of the cache of
// classifications. When the newer one is full it becomes the older one and
// the oldest is dropped, so the replies that keep coming stay cached while
// the rare ones, such as each small domain's own host name, pass through.
const maxClassified = 4096

// classified is a cached classification together with the reason string
// it was made from, which the attempts that share it also share.
type classified struct {
	reason     string
	class      diagnose.Class
	collateral bool
	// perRecipient is set when the key left a recipient, host or domain
	// out of the reason (see replymask.go): reason is then only the first
	// such reply, and each attempt needs its own.
	perRecipient bool
}

// classifyAttempt returns the class of a non-success delivery and its
// reason as a string. A mail server repeats the same replies many times,
// and diagnose.Classify matches each against dozens of substrings, so the
// result is cached under every input that Classify reads. The day is part
// of the key, so a rule that depends on the date is still applied per day.
// Classify reads the relay and the domain only to find the carrier, unless
// an override is limited to a domain. So the key contains the carrier
// instead where it can, and one reply repeated across thousands of domains
// and relay addresses is classified once.
//
// Replies before DATA often quote the recipient ("550 5.1.1
// <taro@example.jp>: Unknown user"), and Postfix names the remote host
// before the reply, which would make every key unique. Without override
// rules, which may match any text, these parts are replaced by marks that
// no rule matches (see replymask.go).
//
// With Config.SummaryOnly the reason string is left empty: nothing shows it.
func (c *Collector) classifyAttempt(ev *parsers.Event, domain string, d *domainState) classified {
	reason := ev.Reason
	masks := c.replyMasks[:0]
	if !c.hasOverrides {
		masks = maskReply(masks, reason, ev.To, !collateralPossible(ev.Phase))
		c.replyMasks = masks
	}

	key := c.classKey[:0]
	key = append(key, byte(ev.Status), byte(ev.Phase))
	key = binary.AppendVarint(key, int64(ev.ReplyCode))
	key = binary.AppendVarint(key, unixDay(ev.Time))
	key = appendField(key, ev.DSN)
	key = appendField(key, c.carrierFor(d, domain, ev.Relay))
	if c.classByDomain {
		key = appendField(key, domain)
	}
	key = appendField(key, ev.Daemon)
	if collateralPossible(ev.Phase) && bytes.IndexByte(reason, '@') >= 0 {
		key = appendField(key, ev.To)
	}
	key = appendMasked(key, reason, masks)
	c.classKey = key

	hit, ok := c.classes[string(key)]
	if !ok {
		if hit, ok = c.olderClasses[string(key)]; ok {
			c.cacheClass(key, hit)
		}
	}
	if ok {
		if hit.perRecipient && !c.cfg.SummaryOnly {
			hit.reason = string(reason)
		}
		return hit
	}
	c.classMisses++
	text := string(reason)
	if len(masks) > 0 {
		text = string(appendMasked(nil, reason, masks))
	}
	res := c.cfg.Overrides.Classify(diagnose.Input{
		Status:    ev.Status,
		DSN:       string(ev.DSN),
		ReplyCode: ev.ReplyCode,
		Phase:     ev.Phase,
		Reason:    text,
		Relay:     string(ev.Relay),
		Domain:    domain,
		Recipient: string(ev.To),
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	})
	out := classified{class: res.Class, collateral: res.Collateral, perRecipient: len(masks) > 0}
	if !c.cfg.SummaryOnly {
		out.reason = string(reason)
	}
	c.cacheClass(key, out)
	return out
}

// cacheClass adds a classification to the newer generation of the cache,
// first making it the older one when it is full.
func (c *Collector) cacheClass(key []byte, v classified) {
	if len(c.classes) >= maxClassified {
		c.olderClasses, c.classes = c.classes, c.olderClasses
		clear(c.classes)
	}
	c.classes[string(key)] = v
}

// carrierFor returns the carrier Classify finds for a delivery to domain
// through relay: the relay host's carrier, or else the domain's. d caches
// the result for the last relay host seen, because a domain's mail goes
// through the same few hosts. The address and port after the host name
// do not change the carrier.
func (c *Collector) carrierFor(d *domainState, domain string, relay []byte) string {
	if i := bytes.IndexByte(relay, '['); i >= 0 {
		relay = relay[:i]
	}
	if d.name != domain {
		return diagnose.CarrierOf(string(relay), domain) // the overflow state
	}
	if !d.relaySet || string(relay) != d.relayHost {
		d.relayHost, d.relaySet = string(relay), true
		d.relayCarrier = diagnose.CarrierOf(d.relayHost, domain)
	}
	return d.relayCarrier
}

// quotedAddress returns where addr starts in reason when reason quotes it
// in angle brackets, or -1.
func quotedAddress(reason, addr []byte) int {
	if len(addr) == 0 {
		return -1
	}
	i := bytes.Index(reason, addr)
	if i < 1 || reason[i-1] != '<' || i+len(addr) >= len(reason) || reason[i+len(addr)] != '>' {
		return -1
	}
	return i
}

// collateralPossible reports whether the recipient address can change the
// classification of a failure in phase. diagnose.Result.Collateral is only
// set for a reject at DATA or later that names an address, so before DATA,
// when no SMTP phase is known, and when the reply has no "@", the
// recipient is left out of the cache key.
func collateralPossible(phase parsers.Phase) bool {
	switch phase {
	case parsers.PhaseNone, parsers.PhaseConnect, parsers.PhaseGreeting, parsers.PhaseHELO,
		parsers.PhaseSTARTTLS, parsers.PhaseMAIL, parsers.PhaseRCPT:
		return false
	}
	return true
}

// appendField appends b and its length, so that no two different field
// lists give the same key.
func appendField[T string | []byte](key []byte, b T) []byte {
	key = binary.AppendUvarint(key, uint64(len(b)))
	return append(key, b...)
}

// unixDay returns the number of whole days since the Unix epoch in UTC.
func unixDay(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// carrierOf returns the carrier of the recipient domain name, which is d's
// own name except for the overflow state, whose domains vary.
func (d *domainState) carrierOf(name string) string {
	if d.name != name {
		return diagnose.CarrierOf("", name)
	}
	if !d.carrierSet {
		d.carrier, d.carrierSet = diagnose.CarrierOf("", name), true
	}
	return d.carrier
}
