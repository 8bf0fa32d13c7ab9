package stats

import (
	"encoding/binary"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// maxClassified bounds the cache of classifications. When it is full the
// cache is emptied and refilled with the replies that follow.
const maxClassified = 4096

// classified is a cached classification together with the reason string
// it was made from, which the attempts that share it also share.
type classified struct {
	reason     string
	class      diagnose.Class
	collateral bool
}

// classifyAttempt returns the class of a non-success delivery and its
// reason as a string. A mail server repeats the same replies many times,
// and diagnose.Classify matches each against dozens of substrings, so the
// result is cached under every input that Classify reads. The day is part
// of the key, so a rule that depends on the date is still applied per day.
// Classify reads the domain only to find its carrier, unless an override is
// limited to a domain, so the key holds the carrier instead when it can:
// then one reply repeated across thousands of domains is classified once.
func (c *Collector) classifyAttempt(ev *parsers.Event, dsn, relay, domain string, d *domainState) classified {
	key := c.classKey[:0]
	key = append(key, byte(ev.Status), byte(ev.Phase))
	key = binary.AppendVarint(key, int64(ev.ReplyCode))
	key = binary.AppendVarint(key, unixDay(ev.Time))
	key = appendField(key, ev.DSN)
	key = appendField(key, ev.Relay)
	if c.classByDomain {
		key = appendField(key, domain)
	} else {
		key = appendField(key, d.carrierOf(domain))
	}
	key = appendField(key, ev.Daemon)
	if collateralPossible(ev.Phase) {
		key = appendField(key, ev.To)
	}
	key = append(key, ev.Reason...)
	c.classKey = key

	if hit, ok := c.classes[string(key)]; ok {
		return hit
	}
	reason := string(ev.Reason)
	res := c.cfg.Overrides.Classify(diagnose.Input{
		Status:    ev.Status,
		DSN:       dsn,
		ReplyCode: ev.ReplyCode,
		Phase:     ev.Phase,
		Reason:    reason,
		Relay:     relay,
		Domain:    domain,
		Recipient: string(ev.To),
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	})
	out := classified{reason: reason, class: res.Class, collateral: res.Collateral}
	if len(c.classes) >= maxClassified {
		clear(c.classes)
	}
	c.classes[string(key)] = out
	return out
}

// collateralPossible reports whether the recipient address can change the
// classification of a failure in phase. diagnose.Result.Collateral is only
// set for a reject at DATA or later, so before DATA, and when no SMTP phase
// is known, the recipient is left out of the cache key.
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
