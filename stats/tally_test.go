package stats

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// countOutcome adds o to c by the counting rule of Counts, written out
// plainly so that the compact tally can be checked against it.
func countOutcome(c *Counts, o *outcome) {
	if o.expired {
		c.Expired++
		return
	}
	c.Attempts++
	switch o.status {
	case parsers.StatusSent:
		c.Sent++
	case parsers.StatusDeferred:
		c.Deferred++
		if o.suspended {
			c.Suspended++
		}
	case parsers.StatusBounced:
		c.Bounced++
	}
	if o.status != parsers.StatusSent {
		c.Classes[o.class]++
	}
	if o.nullSender {
		c.NullSender++
	}
	c.DelaySum += o.delay
	c.DelayMax = max(c.DelayMax, o.delay)
}

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
			var wide tally[int64]
			var narrow tally[uint32]
			for i := range outcomes {
				countOutcome(&want, &outcomes[i])
				wide.apply(&outcomes[i])
				narrow.apply(&outcomes[i])
			}
			if got := wide.counts(); got != want {
				t.Fatalf("%d classes: tally[int64] = %+v, want %+v", classes, got, want)
			}
			if got := narrow.counts(); got != want {
				t.Fatalf("%d classes: tally[uint32] = %+v, want %+v", classes, got, want)
			}
			if got := wide.failures(); got != want.Failures() {
				t.Fatalf("%d classes: failures %d, want %d", classes, got, want.Failures())
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
		var ta, tb tally[uint32]
		for i := range a {
			countOutcome(&want, &a[i])
			ta.apply(&a[i])
		}
		for i := range b {
			countOutcome(&want, &b[i])
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
	var orig tally[int64]
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
	tallies := make([]tally[int64], n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range tallies {
		tallies[i].addClass(diagnose.Greylisted, 1)
		tallies[i].addClass(diagnose.UserUnknown, 1)
	}
	runtime.ReadMemStats(&after)
	if perTally := (after.TotalAlloc - before.TotalAlloc) / n; perTally > 64 {
		t.Errorf("a second class allocates %d bytes per tally, want at most 64", perTally)
	}
	var c Counts
	tallies[n-1].addTo(&c)
	if c.Classes[diagnose.Greylisted] != 1 || c.Classes[diagnose.UserUnknown] != 1 {
		t.Errorf("classes counted %v, want one greylisted and one unknown user", c.Classes)
	}
}
