package stats

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unique"
	"unsafe"
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
// user are one canonical copy from package unique. A mail server has few
// such combinations, so the paths of all domains share one copy of each,
// and no path keeps a message's strings in memory.
//
// The relay is left a string: nearly every domain has relays of its own,
// and package unique would keep a larger entry for each. Most relay
// hosts name their domain ("mx1.example.jp[192.0.2.1]"), so such a relay
// is kept without the domain's name (see pathRelay).
type pathID struct {
	origin unique.Handle[pathOrigin]
	relay  string
}

// pathRelay returns relay as a path of the domain called domain keeps it.
// A relay that names the domain, or that starts with a NUL byte, is kept
// as a NUL byte and the relay as appendNamePart writes it. Any other is
// kept as it is, so that the paths of the domains one relay serves share
// its string.
func pathRelay(relay, domain string) string {
	if b, whole := appendPathRelay(nil, relay, domain); !whole {
		return string(b)
	}
	return relay
}

// appendPathRelay appends relay as pathRelay returns it to dst, or returns
// dst and true when relay is kept as it is.
func appendPathRelay(dst []byte, relay, domain string) ([]byte, bool) {
	if !strings.HasPrefix(relay, "\x00") && (domain == "" || !strings.Contains(relay, domain)) {
		return dst, true
	}
	return appendNamePart(append(dst, 0), relay, domain), false
}

// relayText returns the relay that a path of the domain called domain
// stores as stored (see pathRelay).
func relayText(stored, domain string) string {
	encoded, ok := strings.CutPrefix(stored, "\x00")
	if !ok {
		return stored
	}
	part, _ := cutNamePart(encoded)
	var b strings.Builder
	b.Grow(part.len(domain))
	part.writeTo(&b, domain)
	return b.String()
}

// pathOrigin is the origin of the messages of a path: the sender domain,
// the client that submitted them and the SASL user.
type pathOrigin struct {
	sender, client, sasl string
}

// makePathID returns the pathID of k, whose relay is kept as relay.
func makePathID(k pathKey, relay string) pathID {
	return pathID{
		origin: unique.Make(pathOrigin{sender: k.sender, client: k.client, sasl: k.sasl}),
		relay:  relay,
	}
}

// is reports whether id is the pathID of k, whose relay a path keeps as
// relay (see pathRelay).
func (id *pathID) is(k *pathKey, relay string) bool {
	// The origins are few and shared by all domains, so they are compared
	// first: the relay is a string of the path's own.
	o := id.origin.Value()
	return o.sender == k.sender && o.client == k.client && o.sasl == k.sasl && id.relay == relay
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

// paths are the sending paths of one domain. A domain has a few paths and
// at most MaxPathsPerDomain, so a list searched in order costs less than
// a map, whose smallest size is several times that of one path. The list
// holds the paths themselves rather than pointers to them, so a path
// costs no allocation of its own.
//
// The first MaxPathsPerDomain entries are the paths counted apart, most
// recently used first. The entry after them, with a zero id, folds the
// further paths (see other).
//
// Most domains are only ever reached by one path, whose counts are then
// the domain's own: while the list holds one path with nil counts, the
// path keeps no counts of its own and reads the domain's (see shared). A
// second path gives the first a copy.
type paths struct {
	list []pathState
}

// named returns the paths counted apart.
func (p *paths) named() []pathState {
	return p.list[:min(len(p.list), MaxPathsPerDomain)]
}

// other returns the entry that folds the paths beyond MaxPathsPerDomain,
// or nil before there is one.
func (p *paths) other() *pathState {
	if len(p.list) <= MaxPathsPerDomain {
		return nil
	}
	return &p.list[MaxPathsPerDomain]
}

// otherState returns the entry that folds the paths beyond
// MaxPathsPerDomain, adding it when missing. The domain must count
// MaxPathsPerDomain paths.
func (p *paths) otherState() *pathState {
	if len(p.list) == MaxPathsPerDomain {
		p.list = append(p.list, pathState{counts: new(pathCounts)})
	}
	return p.other()
}

// shared reports whether the domain's one path reads the domain's counts.
func (p *paths) shared() bool {
	return len(p.list) == 1 && p.list[0].counts == nil
}

// pathOf returns the sending path of an attempt relayed through relay on
// message m.
func (c *Collector) pathOf(m *tracked, relay string) pathKey {
	k := pathKey{sasl: m.SASLUsername, relay: relayHost(relay), client: m.Client}
	switch {
	case m.NullSender():
		k.sender = "<>"
	case m.SenderKnown:
		k.sender = senderDomain(m.Sender)
	}
	if m.Pickup {
		k.client = c.pickupClient(m.UID)
	}
	return k
}

// pickupClient returns "pickup uid=N", the client of a path of mail that
// pickup took from uid N. Mail is mostly submitted by one or two users,
// so the string of the last uid is kept rather than one per message.
func (c *Collector) pickupClient(uid int) string {
	if c.lastPickup.client == "" || c.lastPickup.uid != uid {
		c.lastPickup.uid, c.lastPickup.client = uid, "pickup uid="+strconv.Itoa(uid)
	}
	return c.lastPickup.client
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
// become the first path's when a second one appears. scratch is space for
// the relay as a path keeps it. The result points into the list, so it is
// valid until the next call.
func (p *paths) state(k pathKey, d *domainState, scratch *[]byte) *pathState {
	relay := k.relay
	b, whole := appendPathRelay((*scratch)[:0], k.relay, d.name)
	if !whole {
		// relay is a view of the scratch space, copied before a path
		// keeps it.
		*scratch = b
		relay = unsafe.String(unsafe.SliceData(b), len(b))
	}
	named := p.named()
	for i := range named {
		if named[i].id.is(&k, relay) {
			if i > 0 {
				// Keep the busiest paths near the front.
				s := named[i]
				copy(named[1:i+1], named[:i])
				named[0] = s
			}
			return &named[0]
		}
	}
	if len(named) >= MaxPathsPerDomain {
		return p.otherState()
	}
	p.unshare(d)
	// A domain's paths from several senders often share a relay, so an
	// earlier path's string is shared rather than copied again.
	kept := ""
	for i := range named {
		if named[i].id.relay == relay {
			kept = named[i].id.relay
			break
		}
	}
	if kept == "" {
		kept = relay
		if !whole {
			kept = strings.Clone(relay)
		}
	}
	s := pathState{id: makePathID(k, kept)}
	// A domain that counted deliveries before its first path, as the
	// overflow state does after it absorbed a folded domain, cannot share.
	if len(p.list) > 0 || d.all.attempts() != 0 || d.all.expiredCount() != 0 {
		s.counts = new(pathCounts)
	}
	p.list = append(p.list, s)
	return &p.list[len(p.list)-1]
}

// unshare gives the one path that reads the domain d's counts a copy of
// them.
func (p *paths) unshare(d *domainState) {
	if !p.shared() {
		return
	}
	p.list[0].counts = &pathCounts{all: d.all.clone(), series: d.series.clone()}
}

// find returns the path id without sharing the domain's counts: an
// existing one, a new one, or the folded entry once the domain counts
// MaxPathsPerDomain paths. The paths must not be shared. The result
// points into the list, so it is valid until the next call.
func (p *paths) find(id pathID) *pathState {
	named := p.named()
	for i := range named {
		if named[i].id == id {
			return &named[i]
		}
	}
	if len(named) >= MaxPathsPerDomain {
		return p.otherState()
	}
	p.list = append(p.list, pathState{id: id, counts: new(pathCounts)})
	return &p.list[len(p.list)-1]
}

// countPath adds o to the path of message m through relay within domain d.
func (c *Collector) countPath(d *domainState, m *tracked, relay string, t time.Time, o *outcome) {
	s := d.paths.state(c.pathOf(m, relay), d, &c.relayScratch)
	if d.paths.shared() {
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
		if !d.paths.shared() {
			all, sr = &s.counts.all, &s.counts.series
		}
		if w == WindowAll {
			return all.counts()
		}
		return sr.window(nowMinute, w)
	}

	out := make([]PathStats, 0, len(d.paths.list))
	named := d.paths.named()
	for i := range named {
		s := &named[i]
		counts := windowCounts(s)
		if counts.Attempts == 0 && counts.Expired == 0 {
			continue
		}
		origin := s.id.origin.Value()
		out = append(out, PathStats{
			SenderDomain: origin.sender,
			Client:       origin.client,
			SASLUsername: origin.sasl,
			Relay:        relayText(s.id.relay, d.name),
			Counts:       counts,
		})
	}
	slices.SortFunc(out, comparePaths)
	if other := d.paths.other(); other != nil {
		counts := windowCounts(other)
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
// prune of series would, shrinks their lists, and sets pruneDue to the
// first minute at which one of them has a bucket to fold or drop again.
func (d *domainState) prune(newest int64) {
	d.series.prune(newest)
	d.series.shrink()
	due := d.series.pruneDue()
	for i := range d.paths.list {
		if s := &d.paths.list[i]; s.counts != nil {
			s.counts.series.prune(newest)
			s.counts.series.shrink()
			due = min(due, s.counts.series.pruneDue())
		}
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
