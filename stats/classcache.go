package stats

import (
	"bytes"
	"encoding/binary"
	"time"
	"unsafe"

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
	// lineReason is set, with reason empty, in a classification that
	// classify found cached for a reply of its own: the attempt's reason
	// is the line's, which the collector copies unless the recipient's
	// last attempt has it. A retry given the same reply so costs no copy.
	lineReason bool
}

// Classifier classifies failed deliveries as diagnose.Classify does,
// with a cache. A Collector has one for the lines it is given
// unclassified. A pipeline may make another with NewClassifier and
// classify each batch on the goroutine that parses it, taking that work off
// the goroutine that adds the lines. A Classifier is not safe for
// concurrent use.
type Classifier struct {
	overrides   *diagnose.Overrides
	summaryOnly bool // leave reason strings empty, as Config.SummaryOnly does
	// byDomain is set when an override is limited to a domain, so the
	// domain itself is part of the key.
	byDomain     bool
	hasOverrides bool // the operator gave reason rules

	classes      map[string]classified
	olderClasses map[string]classified // the generation before classes
	misses       int64                 // the classifications not found in the cache
	key          []byte                // scratch space for the key of classes
	masks        []replyMask           // scratch space for the reply masks

	lower []byte // scratch space for lowercasing domains
	// attemptStrings shares the DSNs and relays of the attempts that
	// Classify prepares, as the collector's own table does.
	attemptStrings internTable
}

func newClassifier(cfg Config) Classifier {
	return Classifier{
		overrides:    cfg.Overrides,
		summaryOnly:  cfg.SummaryOnly,
		byDomain:     cfg.Overrides.UsesDomain(),
		hasOverrides: cfg.Overrides.Len() > 0,
		classes:      map[string]classified{},
		olderClasses: map[string]classified{},
	}
}

// NewClassifier returns a Classifier set up as c's own, for
// AddBatchClassified.
func (c *Collector) NewClassifier() *Classifier {
	k := newClassifier(c.cfg)
	return &k
}

// Classification is the class of one failed delivery line, found before
// the line is added, and the strings of the attempt that any delivery
// line records. The zero value means the line was not classified.
type Classification struct {
	result classified
	set    bool // result is the class of a failed delivery
	// dsn and relay are the attempt's, and reason that of a successful
	// delivery, when prepared is set.
	dsn, relay, reason string
	prepared           bool
}

// Classify returns the classification of ev when it is a delivery line:
// the strings of its attempt and, when it did not succeed, its class. It
// returns the zero Classification for other lines. The result is what
// the collector would find itself when it adds the line.
func (k *Classifier) Classify(ev *parsers.Event) Classification {
	if ev.Kind != parsers.KindDelivery {
		return Classification{}
	}
	var out Classification
	if !k.summaryOnly {
		// The collector's goroutine is the busier one in the dashboard,
		// so this goroutine makes the attempt's strings for it.
		if k.attemptStrings.current == nil {
			k.attemptStrings = newInternTable()
		}
		out.dsn = k.attemptStrings.intern(ev.DSN)
		out.relay = k.attemptStrings.intern(ev.Relay)
		out.prepared = true
	}
	if ev.Status == parsers.StatusSent || ev.Status == parsers.StatusDeliverable {
		if out.prepared {
			out.reason = string(ev.Reason)
		}
		return out
	}
	name := string(domainOf(ev.To, &k.lower))
	out.result, out.set = k.classify(ev, name, k.carrier(name, ev.Relay)), true
	return out
}

// carrier returns diagnose.CarrierOf for a delivery to domain through
// relay, which is the relay host's carrier or else the domain's. It is
// not cached: two maps of the last 4,096 relay hosts and domains took
// longer to read than CarrierOf's comparisons with a dozen suffixes,
// because with a long tail of domains they were seldom in the
// processor's cache.
func (k *Classifier) carrier(domain string, relay []byte) string {
	// CarrierOf keeps no part of its arguments, so relay is not copied.
	return diagnose.CarrierOf(unsafe.String(unsafe.SliceData(relay), len(relay)), domain)
}

// classifyAttempt returns the class of a non-success delivery to domain
// and its reason as a string: the one AddBatchClassified was given for the
// line, or else the collector's own.
func (c *Collector) classifyAttempt(ev *parsers.Event, domain string, d *domainState) classified {
	if pre := c.preclassified; pre != nil && pre.set {
		return pre.result
	}
	return c.classifier.classify(ev, domain, c.carrierFor(d, domain, ev.Relay))
}

// classify returns the class of a non-success delivery to domain, whose
// carrier is carrier, and its reason as a string. A mail server repeats the
// same replies many times, and diagnose.Classify matches each against
// dozens of substrings, so the result is cached under every input that
// Classify reads. The day is part of the key, so a rule that depends on
// the date is still applied per day. Classify reads the relay and the
// domain only to find the carrier, unless an override is limited to a
// domain. So the key contains the carrier instead where it can, and one
// reply repeated across thousands of domains and relay addresses is
// classified once.
//
// Replies before DATA often quote the recipient ("550 5.1.1
// <taro@example.jp>: Unknown user"), and Postfix names the remote host
// before the reply, which would make every key unique. Without override
// rules, which may match any text, these parts are replaced by marks that
// no rule matches (see replymask.go).
//
// With Config.SummaryOnly the reason string is left empty: nothing shows it.
func (k *Classifier) classify(ev *parsers.Event, domain, carrier string) classified {
	reason := ev.Reason
	masks := k.masks[:0]
	if !k.hasOverrides {
		masks = maskReply(masks, reason, ev.To, !collateralPossible(ev.Phase))
		k.masks = masks
	}

	key := k.key[:0]
	key = append(key, byte(ev.Status), byte(ev.Phase))
	key = binary.AppendVarint(key, int64(ev.ReplyCode))
	key = binary.AppendVarint(key, unixDay(ev.Time))
	key = appendField(key, ev.DSN)
	key = appendField(key, carrier)
	if k.byDomain {
		key = appendField(key, domain)
	}
	key = appendField(key, ev.Daemon)
	if collateralPossible(ev.Phase) && bytes.IndexByte(reason, '@') >= 0 {
		key = appendField(key, ev.To)
	}
	key = appendMasked(key, reason, masks)
	k.key = key

	hit, ok := k.classes[string(key)]
	if !ok {
		if hit, ok = k.olderClasses[string(key)]; ok {
			k.cacheClass(key, hit)
		}
	}
	if ok {
		if hit.perRecipient && !k.summaryOnly {
			hit.reason, hit.lineReason = "", true
		}
		return hit
	}
	k.misses++
	text := string(reason)
	if len(masks) > 0 {
		text = string(appendMasked(nil, reason, masks))
	}
	res := k.overrides.Classify(diagnose.Input{
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
	if !k.summaryOnly {
		out.reason = string(reason)
	}
	k.cacheClass(key, out)
	return out
}

// cacheClass adds a classification to the newer generation of the cache,
// first making it the older one when it is full.
func (k *Classifier) cacheClass(key []byte, v classified) {
	if len(k.classes) >= maxClassified {
		k.olderClasses, k.classes = k.classes, k.olderClasses
		clear(k.classes)
	}
	k.classes[string(key)] = v
}

// carrierFor returns the carrier Classify finds for a delivery to domain
// through relay: the relay host's carrier, or else the domain's. The
// collector keeps, for each domain d, the result for the last relay host
// seen, because a domain's mail goes through the same few hosts. The address and port after the host name
// do not change the carrier.
func (c *Collector) carrierFor(d *domainState, domain string, relay []byte) string {
	if i := bytes.IndexByte(relay, '['); i >= 0 {
		relay = relay[:i]
	}
	if d.name != domain {
		return diagnose.CarrierOf(string(relay), domain) // the overflow state
	}
	last, ok := c.relayCarriers[d]
	if ok && string(relay) == last.host {
		return last.carrier
	}
	if c.relayCarriers == nil {
		c.relayCarriers = map[*domainState]relayCarrier{}
	}
	last.host = string(relay)
	last.carrier = diagnose.CarrierOf(last.host, domain)
	c.relayCarriers[d] = last
	return last.carrier
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
