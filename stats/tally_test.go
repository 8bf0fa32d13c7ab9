package stats

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// randomOutcomes returns n random outcomes whose failures fall into the
// first classes reason classes.
func randomOutcomes(r *rand.Rand, n, classes int) []outcome {
	statuses := []parsers.Status{parsers.StatusSent, parsers.StatusDeferred, parsers.StatusBounced}
	out := make([]outcome, n)
	for i := range out {
		o := outcome{
			status:     statuses[r.IntN(len(statuses))],
			class:      diagnose.Class(1 + r.IntN(classes)),
			delay:      float64(r.IntN(1000)) / 4, // quarters add up exactly in any order
			expired:    r.IntN(10) == 0,
			nullSender: r.IntN(5) == 0,
		}
		o.suspended = o.status == parsers.StatusDeferred && r.IntN(3) == 0
		out[i] = o
	}
	return out
}

func TestTallyCountsAsCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, classes := range []int{1, 2, 5, int(diagnose.NumClasses) - 1} {
		for range 50 {
			outcomes := randomOutcomes(r, r.IntN(40), classes)
			var want Counts
			var got tally
			for i := range outcomes {
				want.apply(&outcomes[i])
				got.apply(&outcomes[i])
			}
			if c := got.counts(); c != want {
				t.Fatalf("%d classes: tally = %+v, want %+v", classes, c, want)
			}
			if n := got.failures(); n != want.Failures() {
				t.Fatalf("%d classes: failures %d, want %d", classes, n, want.Failures())
			}
		}
	}
}

func TestTallyMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a := randomOutcomes(r, r.IntN(20), 1+r.IntN(4))
		b := randomOutcomes(r, r.IntN(20), 1+r.IntN(4))
		var want Counts
		var ta, tb tally
		for i := range a {
			want.apply(&a[i])
			ta.apply(&a[i])
		}
		for i := range b {
			want.apply(&b[i])
			tb.apply(&b[i])
		}
		bBefore := tb.counts()
		ta.merge(&tb)
		if got := ta.counts(); got != want {
			t.Fatalf("merged = %+v, want %+v", got, want)
		}
		if got := tb.counts(); got != bBefore {
			t.Fatalf("merge changed its argument: %+v, was %+v", got, bBefore)
		}
	}
}

// A clone is counted on its own: a domain's counts become its first
// path's when a second path appears, and both go on counting.
func TestTallyCloneSharesNothing(t *testing.T) {
	var orig tally
	for c := diagnose.Class(1); c <= 3; c++ {
		orig.apply(&outcome{status: parsers.StatusDeferred, class: c})
	}
	want := orig.counts()
	copied := orig.clone()
	for c := diagnose.Class(1); c <= 4; c++ {
		copied.apply(&outcome{status: parsers.StatusBounced, class: c})
	}
	if got := orig.counts(); got != want {
		t.Fatalf("counting on a clone changed the original: %+v, want %+v", got, want)
	}
	got := copied.counts()
	if got.Attempts != 7 {
		t.Errorf("clone counts %d attempts, want 7", got.Attempts)
	}
	if got.Classes[1] != 2 {
		t.Errorf("clone counts %d failures of class 1, want 2", got.Classes[1])
	}
	if got.Classes[4] != 1 {
		t.Errorf("clone counts %d failures of class 4, want 1", got.Classes[4])
	}

	var s series
	for minute := int64(100); minute < 103; minute++ {
		for c := diagnose.Class(1); c <= 2; c++ {
			s.at(minute, 103).apply(&outcome{status: parsers.StatusDeferred, class: c})
		}
	}
	before := s.window(103, Window5m)
	sc := s.clone()
	sc.at(102, 103).apply(&outcome{status: parsers.StatusDeferred, class: 2})
	if got := s.window(103, Window5m); got != before {
		t.Fatalf("counting on a cloned series changed the original: %+v, want %+v", got, before)
	}
}

// TestTallySecondClassCost bounds the memory a tally allocates when a
// second class comes. On ten generated days, 51,273 of the 101,384
// domains failed for more than one reason.
func TestTallySecondClassCost(t *testing.T) {
	const n = 10000
	tallies := make([]tally, n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range tallies {
		tallies[i].addClass(diagnose.Greylisted, 1)
		tallies[i].addClass(diagnose.UserUnknown, 1)
	}
	runtime.ReadMemStats(&after)
	if perTally := (after.TotalAlloc - before.TotalAlloc) / n; perTally > 48 {
		t.Errorf("a second class allocates %d bytes per tally, want at most 48", perTally)
	}
	var c Counts
	tallies[n-1].addTo(&c)
	if c.Classes[diagnose.Greylisted] != 1 || c.Classes[diagnose.UserUnknown] != 1 {
		t.Errorf("classes counted %v, want one greylisted and one unknown user", c.Classes)
	}
}

// nearFull returns a tally whose counters sum to math.MaxUint32 - room,
// and the same counts as Counts.
func nearFull(room uint32) (tally, Counts) {
	t := tally{
		sent: math.MaxUint32 - 3_000_000_000 - room, deferred: 2_000_000_000, bounced: 500_000_000,
		expired: 500_000_000, suspended: 1_000_000_000, nullSender: 7,
		class: diagnose.Greylisted, classN: 2_000_000_000, delaySum: 12.5, delayMax: 3,
	}
	t.addClass(diagnose.UserUnknown, 500_000_000)
	return t, t.counts()
}

// The counts since the start of a busy server outgrow uint32: the tally
// then counts on in int64 without losing a count.
func TestTallyWidensBeforeOverflow(t *testing.T) {
	got, want := nearFull(2)
	if got.wideCounts() != nil {
		t.Fatal("tally widened with room left")
	}
	outcomes := []outcome{
		{status: parsers.StatusSent, delay: 1},
		{status: parsers.StatusDeferred, class: diagnose.Greylisted, suspended: true, nullSender: true},
		{status: parsers.StatusBounced, class: diagnose.UserUnknown, delay: 5},
		{expired: true, class: diagnose.Other},
		{status: parsers.StatusDeferred, class: diagnose.Suspended},
	}
	for i := range outcomes {
		want.apply(&outcomes[i])
		got.apply(&outcomes[i])
	}
	if got.wideCounts() == nil {
		t.Fatal("tally did not widen past math.MaxUint32 events")
	}
	if c := got.counts(); c != want {
		t.Fatalf("widened tally = %+v, want %+v", c, want)
	}
	if n := got.attempts(); n != want.Attempts {
		t.Errorf("attempts %d, want %d", n, want.Attempts)
	}
	if n := got.expiredCount(); n != want.Expired {
		t.Errorf("expired %d, want %d", n, want.Expired)
	}
	if n := got.failures(); n != want.Failures() {
		t.Errorf("failures %d, want %d", n, want.Failures())
	}
	if want.Sent+want.Deferred+want.Bounced+want.Expired <= math.MaxUint32 {
		t.Fatalf("test counts %d events, want more than math.MaxUint32", want.Sent+want.Deferred+want.Bounced+want.Expired)
	}

	copied := got.clone()
	copied.apply(&outcomes[0])
	if c := got.counts(); c != want {
		t.Fatalf("counting on a clone changed the widened original: %+v, want %+v", c, want)
	}
	if c := copied.counts(); c.Sent != want.Sent+1 {
		t.Errorf("clone counts %d sent, want %d", c.Sent, want.Sent+1)
	}
}

func TestTallyMergeWidens(t *testing.T) {
	a, want := nearFull(1000)
	b, bCounts := nearFull(1000)
	want.add(&bCounts)
	a.merge(&b)
	if a.wideCounts() == nil {
		t.Fatal("merge past math.MaxUint32 events did not widen")
	}
	if c := a.counts(); c != want {
		t.Fatalf("merged = %+v, want %+v", c, want)
	}
	if c := b.counts(); c != bCounts {
		t.Fatalf("merge changed its argument: %+v, was %+v", c, bCounts)
	}

	// A narrow tally merged into a wide one, and a wide one into a narrow.
	var small tally
	small.apply(&outcome{status: parsers.StatusBounced, class: diagnose.UserUnknown})
	smallCounts := small.counts()
	a.merge(&small)
	want.add(&smallCounts)
	if c := a.counts(); c != want {
		t.Fatalf("narrow merged into wide = %+v, want %+v", c, want)
	}
	small.merge(&a)
	want.add(&smallCounts)
	if c := small.counts(); c != want {
		t.Fatalf("wide merged into narrow = %+v, want %+v", c, want)
	}
}
