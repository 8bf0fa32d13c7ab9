package stats

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unique"
)

// MaxPathsPerDomain bounds the sending paths counted apart for one recipient
// domain. Deliveries on further paths are counted together under one
// PathStats with Other set. Each path keeps a sparse per-minute series like
// its domain does, so a domain costs at most MaxPathsPerDomain+1 times the
// memory of its own series.
const MaxPathsPerDomain = 16

// PathStats are the counts of one sending path to one recipient domain: the
// envelope sender's domain, the client that submitted the message and the
// host Postfix handed it to.
type PathStats struct {
	// SenderDomain is the envelope sender's domain, lowercase; "<>" for
	// the null sender and "" when the sender was not logged.
	SenderDomain string
	// Client is smtpd's "name[addr]", or "pickup uid=N" for mail submitted
	// with sendmail or requeued; "" when the submission was not logged.
	Client       string
	SASLUsername string // the SMTP AUTH user, when smtpd logged one
	// Relay is the delivery's relay= without the port: "host[addr]", or
	// "none" when Postfix made no connection.
	Relay string
	// Other is set on the one entry that folds the paths beyond
	// MaxPathsPerDomain; its other fields are empty.
	Other  bool
	Counts Counts
}

// pathKey identifies a sending path within a domain.
type pathKey struct {
	sender, client, sasl, relay string
}

// pathID is the key of a pathState. The sender domain, client and SASL
// user are canonical copies from package unique, so the paths of all
// domains share one copy of each and no path keeps a message's strings in
// memory. The relay is left a string: nearly every domain has relays of
// its own, and package unique would keep a larger entry for each.
type pathID struct {
	sender, client, sasl unique.Handle[string]
	relay                string
}

// makePathID returns the pathID of k.
func makePathID(k pathKey) pathID {
	return pathID{
		sender: unique.Make(k.sender),
		client: unique.Make(k.client),
		sasl:   unique.Make(k.sasl),
		relay:  k.relay,
	}
}

// is reports whether id is the pathID of k.
func (id *pathID) is(k *pathKey) bool {
	return id.relay == k.relay && id.sender.Value() == k.sender &&
		id.client.Value() == k.client && id.sasl.Value() == k.sasl
}

// pathState is one path. Its counts are nil while the path is the
// domain's only one and reads the domain's counts (see paths), which is
// so for about half of the domains of a long log.
type pathState struct {
	id     pathID
	counts *pathCounts
}

// pathCounts are the counts of a path that does not share its domain's.
type pathCounts struct {
	all    tally
	series series
}

// newPathState returns a path with counts of its own.
func newPathState(id pathID) *pathState {
	return &pathState{id: id, counts: new(pathCounts)}
}

// paths are the sending paths of one domain. A domain has a few paths and
// at most MaxPathsPerDomain, so a list searched in order costs less than
// a map, whose smallest size is several times that of one path.
//
// Most domains are only ever reached by one path, whose counts are then
// the domain's own: while shared is set, the one path keeps no counts of
// its own and reads the domain's. A second path gives the first a copy.
type paths struct {
	list   []*pathState // most recently used first
	other  *pathState
	shared bool
}

// pathOf returns the sending path of an attempt relayed through relay on
// message m.
func pathOf(m *tracked, relay string) pathKey {
	k := pathKey{sasl: m.SASLUsername, relay: relayHost(relay), client: m.Client}
	switch {
	case m.NullSender():
		k.sender = "<>"
	case m.SenderKnown:
		k.sender = senderDomain(m.Sender)
	}
	if m.Pickup {
		if m.pickupClient == "" {
			m.pickupClient = "pickup uid=" + strconv.Itoa(m.UID)
		}
		k.client = m.pickupClient
	}
	return k
}

// senderDomain returns the lowercase domain of an envelope sender: the
// text after the last "@", or "" without one. It allocates only when the
// domain has uppercase letters.
func senderDomain(sender string) string {
	i := strings.LastIndexByte(sender, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(sender[i+1:])
}

// relayHost cuts the port from "host[addr]:port"; other values pass unchanged.
func relayHost(relay string) string {
	if i := strings.LastIndexByte(relay, ']'); i >= 0 {
		return relay[:i+1]
	}
	return relay
}

// state returns the counts of path k, or the folded entry once the domain
// counts MaxPathsPerDomain paths. d is the domain, whose counts so far
// become the first path's when a second one appears.
func (p *paths) state(k pathKey, d *domainState) *pathState {
	for i, s := range p.list {
		if s.id.is(&k) {
			if i > 0 {
				// Keep the busiest paths near the front.
				copy(p.list[1:i+1], p.list[:i])
				p.list[0] = s
			}
			return s
		}
	}
	if len(p.list) >= MaxPathsPerDomain {
		if p.other == nil {
			p.other = newPathState(pathID{})
		}
		return p.other
	}
	p.unshare(d)
	// A domain that counted deliveries before its first path, as the
	// overflow state does after it absorbed a folded domain, cannot share.
	p.shared = len(p.list) == 0 && d.all.attempts() == 0 && d.all.expiredCount() == 0
	s := &pathState{id: makePathID(k)}
	if !p.shared {
		s.counts = new(pathCounts)
	}
	p.list = append(p.list, s)
	return s
}

// unshare gives the one path that reads the domain d's counts a copy of
// them.
func (p *paths) unshare(d *domainState) {
	if !p.shared {
		return
	}
	p.list[0].counts = &pathCounts{all: d.all.clone(), series: d.series.clone()}
	p.shared = false
}

// find returns the path id without sharing the domain's counts: an
// existing one, a new one, or the folded entry once the domain counts
// MaxPathsPerDomain paths. The paths must not be shared.
func (p *paths) find(id pathID) *pathState {
	for _, s := range p.list {
		if s.id == id {
			return s
		}
	}
	if len(p.list) >= MaxPathsPerDomain {
		if p.other == nil {
			p.other = newPathState(pathID{})
		}
		return p.other
	}
	s := newPathState(id)
	p.list = append(p.list, s)
	return s
}

// countPath adds o to the path of message m through relay within domain d.
func (c *Collector) countPath(d *domainState, m *tracked, relay string, t time.Time, o *outcome) {
	s := d.paths.state(pathOf(m, relay), d)
	if d.paths.shared {
		return // counted by count, which must come after
	}
	s.counts.all.apply(o)
	if t.IsZero() || t.Before(c.cfg.BucketsFrom) {
		return
	}
	minute := unixMinute(t)
	if b := s.counts.series.at(minute, c.newest); b != nil {
		b.apply(o)
		d.noteBucket(minute)
	}
}

// Paths returns the sending paths of deliveries to domain over window w
// ending at now, most failures first, then most attempts, then by sender
// domain, client and relay. Paths with nothing in the window are left out,
// and the folded entry of paths beyond MaxPathsPerDomain comes last. The
// counting rule is that of Counts. domain is compared without regard to
// case; OverflowDomain returns the paths of the domains not counted apart.
func (c *Collector) Paths(domain string, w Window, now time.Time) []PathStats {
	c.mu.Lock()
	defer c.mu.Unlock()

	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	var d *domainState
	if domain == OverflowDomain {
		d = c.overflow
	} else {
		d = c.domains[domain]
	}
	if d == nil {
		return nil
	}

	nowMinute := unixMinute(now)
	windowCounts := func(s *pathState) Counts {
		all, sr := &d.all, &d.series
		if !d.paths.shared {
			all, sr = &s.counts.all, &s.counts.series
		}
		if w == WindowAll {
			return all.counts()
		}
		return sr.window(nowMinute, w)
	}

	out := make([]PathStats, 0, len(d.paths.list)+1)
	for _, s := range d.paths.list {
		counts := windowCounts(s)
		if counts.Attempts == 0 && counts.Expired == 0 {
			continue
		}
		out = append(out, PathStats{
			SenderDomain: s.id.sender.Value(),
			Client:       s.id.client.Value(),
			SASLUsername: s.id.sasl.Value(),
			Relay:        s.id.relay,
			Counts:       counts,
		})
	}
	slices.SortFunc(out, comparePaths)
	if d.paths.other != nil {
		counts := windowCounts(d.paths.other)
		if counts.Attempts > 0 || counts.Expired > 0 {
			out = append(out, PathStats{Other: true, Counts: counts})
		}
	}
	return out
}

func comparePaths(a, b PathStats) int {
	if n := cmp.Compare(b.Counts.Failures(), a.Counts.Failures()); n != 0 {
		return n
	}
	if n := cmp.Compare(b.Counts.Attempts, a.Counts.Attempts); n != 0 {
		return n
	}
	if n := strings.Compare(a.SenderDomain, b.SenderDomain); n != 0 {
		return n
	}
	if n := strings.Compare(a.Client, b.Client); n != 0 {
		return n
	}
	if n := strings.Compare(a.SASLUsername, b.SASLUsername); n != 0 {
		return n
	}
	return strings.Compare(a.Relay, b.Relay)
}

// prune folds and drops the buckets of the domain and of its paths that
// prune of series would, and sets pruneDue to the first minute at which
// one of them has a bucket to fold or drop again.
func (d *domainState) prune(newest int64) {
	d.series.prune(newest)
	due := d.series.pruneDue()
	for _, s := range d.paths.list {
		if s.counts != nil {
			s.counts.series.prune(newest)
			due = min(due, s.counts.series.pruneDue())
		}
	}
	if d.paths.other != nil {
		d.paths.other.counts.series.prune(newest)
		due = min(due, d.paths.other.counts.series.pruneDue())
	}
	d.pruneDue = due
}

// noteBucket lowers the domain's pruneDue for a bucket added at minute to
// its series or to one of its paths'. minute+minutesFine is when a minute
// bucket folds, and an hour bucket is dropped later than that, so the
// sweep never skips a domain with work to do.
func (d *domainState) noteBucket(minute int64) {
	d.pruneDue = min(d.pruneDue, minute+minutesFine)
}
