// Package loggen writes synthetic Postfix 3.7 logs for tests and
// benchmarks.
//
// A log is a simulation of one outbound mail server. Applications submit
// mail through pickup and smtpd, and the queue manager hands each recipient
// to smtp, lmtp or local. Deferred recipients are retried with backoff
// until they are delivered, bounced or expired, and bounce(8) returns
// notices to the sender. The same Options always give the same bytes. The
// mix of line kinds is tuned to the captured Postfix 3.7.11 test log in
// testdata/postfix-3.7-maillog.txt, which is heavy in deferrals and
// retries, and Generate returns the per-domain counts that a correct
// reader of the log must report.
package loggen

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// HeaderFormat is the timestamp and host prefix of each line.
type HeaderFormat uint8

const (
	// HeaderMaillog is Postfix's own maillog_file format: "Dec 04 19:46:53 mx".
	HeaderMaillog HeaderFormat = iota
	// HeaderSyslog is traditional syslog with a space-padded day: "Dec  4 19:46:53 mx".
	HeaderSyslog
	// HeaderRFC3339 is rsyslog's RSYSLOG_FileFormat:
	// "2026-12-04T19:46:53.123456+00:00 mx".
	HeaderRFC3339
)

// ParseHeaderFormat reads the names used on the command line: maillog,
// syslog and rfc3339.
func ParseHeaderFormat(name string) (HeaderFormat, error) {
	switch name {
	case "maillog":
		return HeaderMaillog, nil
	case "syslog":
		return HeaderSyslog, nil
	case "rfc3339":
		return HeaderRFC3339, nil
	}
	return 0, fmt.Errorf("invalid header format %q: use maillog, syslog or rfc3339", name)
}

// Options set what Generate writes. Zero fields take the defaults named on
// each field.
type Options struct {
	// Lines is the number of lines to write; it must be positive.
	Lines int
	// Seed selects the log; equal Options give equal bytes.
	Seed uint64
	// Start is the time of the first line; zero means 2026-12-04 06:00:00
	// UTC. Its location is the zone of the timestamps.
	Start time.Time
	// Span is the log time that Lines should cover; zero means one day
	// per million lines and at least one day. The span reached is an
	// estimate that may differ by about 10%, because arrivals are random
	// and the lines per message depend on the outcomes drawn.
	Span time.Duration
	// Header is the timestamp format.
	Header HeaderFormat
	// Host is the host field; empty means "mx".
	Host string
	// LongQueueIDs is the share of messages named with long queue IDs;
	// zero means 0.25 and a negative value means none.
	LongQueueIDs float64
	// QueueLifetime is maximal_queue_lifetime: a message still deferred
	// at this age expires. Zero means 6 hours, shorter than Postfix's 5
	// days so that expiries appear in a log of one day.
	QueueLifetime time.Duration
	// TailDomains is the number of distinct long-tail recipient domains
	// the log draws from besides the named providers; zero means 40,000.
	// Half of the tail recipients go to a few frequent domains and half
	// are spread evenly, so a long log reaches nearly every one.
	TailDomains int
	// TailShare is the share of remote recipients sent to the long tail,
	// from 0 to 1; zero keeps the captured log's share, about 28%. A
	// larger share reaches more distinct domains in the same lines.
	TailShare float64
}

// defaultStart is the time of the captured log, early enough in December
// that a log of several days does not cross into a new year.
var defaultStart = time.Date(2026, time.December, 4, 6, 0, 0, 0, time.UTC)

// Counts are the delivery outcomes of one recipient domain, counted as
// mailtop's stats package counts them: one per delivery line, plus one
// Expired per recipient still deferred when its message expired.
type Counts struct {
	Sent     int64 `json:"sent"`
	Deferred int64 `json:"deferred"` // includes "delivery temporarily suspended"
	Bounced  int64 `json:"bounced"`
	Expired  int64 `json:"expired"`
}

// Expected is the set of counts a correct reader of a generated log reports.
type Expected struct {
	Lines   int               `json:"lines"`
	First   time.Time         `json:"first"`
	Last    time.Time         `json:"last"`
	Totals  Counts            `json:"totals"`
	Domains map[string]Counts `json:"domains"`
}

// Generate writes opts.Lines lines to w and returns the counts they carry.
func Generate(w io.Writer, opts Options) (*Expected, error) {
	if opts.Lines <= 0 {
		return nil, fmt.Errorf("invalid line count %d: give a positive number", opts.Lines)
	}
	if opts.TailShare < 0 || opts.TailShare > 1 {
		return nil, fmt.Errorf("invalid tail share %v: give a share from 0 to 1", opts.TailShare)
	}
	g := newGenerator(w, opts)
	for !g.full() {
		s := heap.Pop(&g.queue).(*step)
		g.at = s.at
		s.run(g)
	}
	if err := g.out.Flush(); err != nil {
		return nil, fmt.Errorf("write generated log: %w", err)
	}
	if g.err != nil {
		return nil, fmt.Errorf("write generated log: %w", g.err)
	}
	return g.expected, nil
}

type generator struct {
	opts     Options
	rng      *rand.Rand
	out      *bufio.Writer
	err      error
	expected *Expected

	written  int
	at       time.Time // the running step's time
	lastLine time.Time // every line is at or after this
	header   headerCache
	line     []byte

	queue   stepQueue
	seq     uint64
	live    map[string]*message // queue IDs in use
	pids    pidPool
	zipf    *rand.Zipf
	weights []float64 // cumulative weights of namedDomains

	// arrivalMean is the mean time between new messages.
	arrivalMean time.Duration
	// burst is the kind of the last spell of trouble at docomo.ne.jp,
	// which lasts until burstUntil. burstReply is the 421 reply of an
	// outage, and nextBurst the kind of the next spell.
	burst      burstKind
	nextBurst  burstKind
	burstUntil time.Time
	burstReply string
}

func newGenerator(w io.Writer, opts Options) *generator {
	if opts.Start.IsZero() {
		opts.Start = defaultStart
	}
	if opts.Span <= 0 {
		opts.Span = time.Duration(float64(24*time.Hour) * float64(opts.Lines) / 1e6)
		opts.Span = max(opts.Span, 24*time.Hour)
	}
	if opts.Host == "" {
		opts.Host = "mx"
	}
	if opts.LongQueueIDs == 0 {
		opts.LongQueueIDs = 0.25
	}
	if opts.QueueLifetime <= 0 {
		opts.QueueLifetime = 6 * time.Hour
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x706f737466697833))
	g := &generator{
		opts:     opts,
		rng:      rng,
		out:      bufio.NewWriterSize(w, 256*1024),
		expected: &Expected{Domains: map[string]Counts{}},
		at:       opts.Start,
		lastLine: opts.Start,
		live:     map[string]*message{},
		zipf:     rand.NewZipf(rng, 1.1, 4, uint64(opts.tailDomains()-1)),
	}
	g.pids.next = 1000 + rng.IntN(20000)
	sum := 0.0
	for _, d := range namedDomains {
		sum += d.weight
		g.weights = append(g.weights, sum)
	}
	if opts.TailShare > 0 {
		scale := (1 - opts.TailShare) / sum
		for i := range g.weights {
			g.weights[i] *= scale
		}
	}
	// linesPerMessage is measured on generated logs; it only sets the
	// arrival rate, so the span comes out near opts.Span.
	const linesPerMessage = 25
	g.arrivalMean = time.Duration(float64(opts.Span) * linesPerMessage / float64(opts.Lines))

	g.schedule(opts.Start, arrivalStep)
	g.schedule(opts.Start.Add(g.expDuration(20*time.Minute)), housekeepingStep)
	g.schedule(opts.Start.Add(g.expDuration(2*time.Hour)), burstStep)
	g.schedule(opts.Start.Add(g.expDuration(g.arrivalMean*6)), strayStep)
	return g
}

func (g *generator) full() bool { return g.written >= g.opts.Lines || g.err != nil }

// expDuration returns an exponentially distributed duration with the given mean.
func (g *generator) expDuration(mean time.Duration) time.Duration {
	return time.Duration(g.rng.ExpFloat64() * float64(mean))
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// emit writes one line from program[pid] at the running step's time. It
// returns false, and writes nothing, once the line count is reached, so a
// caller counts an outcome only when its line was written.
func (g *generator) emit(program string, pid int, text []byte) bool {
	if g.full() {
		return false
	}
	t := g.at
	if !t.After(g.lastLine) {
		t = g.lastLine
	}
	t = t.Add(time.Duration(g.rng.IntN(3000)) * time.Microsecond)
	g.lastLine = t
	if g.written == 0 {
		g.expected.First = t.Truncate(time.Second)
	}
	g.expected.Last = t.Truncate(time.Second)

	g.line = g.header.appendHeader(g.line[:0], t, g.opts)
	g.line = append(g.line, g.opts.Host...)
	g.line = append(g.line, ' ')
	g.line = append(g.line, program...)
	g.line = fmt.Appendf(g.line, "[%d]: ", pid)
	g.line = append(g.line, text...)
	g.line = append(g.line, '\n')
	if _, err := g.out.Write(g.line); err != nil {
		g.err = err
		return false
	}
	g.written++
	g.expected.Lines = g.written
	return true
}

func (g *generator) count(domain string, add func(*Counts)) {
	c := g.expected.Domains[domain]
	add(&c)
	g.expected.Domains[domain] = c
	add(&g.expected.Totals)
}

// headerCache is the formatted second of the last line, kept because most
// lines share it with the line before.
type headerCache struct {
	unix   int64
	format HeaderFormat
	text   []byte
}

func (h *headerCache) appendHeader(b []byte, t time.Time, opts Options) []byte {
	t = t.In(opts.Start.Location())
	if opts.Header == HeaderRFC3339 {
		return append(t.AppendFormat(b, "2006-01-02T15:04:05.000000-07:00"), ' ')
	}
	if t.Unix() != h.unix || h.text == nil || h.format != opts.Header {
		layout := "Jan 02 15:04:05 "
		if opts.Header == HeaderSyslog {
			layout = "Jan _2 15:04:05 "
		}
		h.unix, h.format = t.Unix(), opts.Header
		h.text = t.AppendFormat(h.text[:0], layout)
	}
	return append(b, h.text...)
}

// pidPool hands out process IDs per daemon. A daemon keeps a few processes
// and replaces one now and then, as Postfix's max_use and max_idle do.
type pidPool struct {
	next  int
	pools map[string][]int
}

func (p *pidPool) pid(r *rand.Rand, daemon string, size int) int {
	if p.pools == nil {
		p.pools = map[string][]int{}
	}
	pool := p.pools[daemon]
	if len(pool) < size {
		p.next += 1 + r.IntN(7)
		p.pools[daemon] = append(pool, p.next)
		return p.next
	}
	i := r.IntN(len(pool))
	if r.IntN(200) == 0 {
		p.next += 1 + r.IntN(7)
		pool[i] = p.next
	}
	return pool[i]
}

// step is one scheduled piece of the simulation.
type step struct {
	at  time.Time
	seq uint64 // breaks ties in scheduling order, so the output is deterministic
	run func(*generator)
}

type stepQueue []*step

func (q stepQueue) Len() int { return len(q) }
func (q stepQueue) Less(i, j int) bool {
	if q[i].at.Equal(q[j].at) {
		return q[i].seq < q[j].seq
	}
	return q[i].at.Before(q[j].at)
}
func (q stepQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *stepQueue) Push(x any)   { *q = append(*q, x.(*step)) }
func (q *stepQueue) Pop() any {
	old := *q
	s := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return s
}

func (g *generator) schedule(at time.Time, run func(*generator)) {
	g.seq++
	heap.Push(&g.queue, &step{at: at, seq: g.seq, run: run})
}

func (o Options) tailDomains() int {
	if o.TailDomains > 0 {
		return o.TailDomains
	}
	return defaultTailDomains
}
