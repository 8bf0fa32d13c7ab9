package demo

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// Throughout the recorded day, sampled each minute, each deferred message
// shows a next retry that Postfix's backoff allows: at most
// maximal_backoff_time ahead, and due for less than the queue_run_delay
// that qmgr takes to scan the deferred queue again.
func TestBuildQueueRetryTimesCountDown(t *testing.T) {
	coll, now := recordedUntil(t, "09:00:00")
	dueSince := map[string]time.Time{}
	checked := 0
	for now.Hour() < 22 {
		next := now.Add(time.Minute)
		now = recordFrom(t, coll, now.Format(time.TimeOnly), next.Format(time.TimeOnly))
		for _, m := range BuildQueue(coll, now).Messages {
			if m.Queue != sources.QueueDeferred {
				continue
			}
			checked++
			if m.NextRetry.IsZero() {
				t.Errorf("at %s, %s has no next retry", now.Format(time.TimeOnly), m.QueueID)
				continue
			}
			if ahead := m.NextRetry.Sub(now); ahead > maximalBackoff {
				t.Errorf("at %s, %s retries in %v, more than maximal_backoff_time %v", now.Format(time.TimeOnly), m.QueueID, ahead, maximalBackoff)
			}
			if m.NextRetry.After(now) {
				delete(dueSince, m.QueueID)
				continue
			}
			since, ok := dueSince[m.QueueID]
			if !ok {
				dueSince[m.QueueID] = now
				continue
			}
			if due := now.Sub(since); due >= queueRunDelay {
				t.Errorf("at %s, %s has read due since %s, want a new retry time within queue_run_delay (300 s)", now.Format(time.TimeOnly), m.QueueID, since.Format(time.TimeOnly))
				dueSince[m.QueueID] = now
			}
		}
	}
	if checked == 0 {
		t.Fatal("no deferred message in the recorded day")
	}
}

// A retry time counts down as the replay's clock moves, reads due when
// reached, and after qmgr's next scan moves on by the message's age,
// within minimal_backoff_time and maximal_backoff_time.
func TestNextRetryBackoff(t *testing.T) {
	at := func(clock string) time.Time {
		t.Helper()
		parsed, err := time.Parse(time.DateTime, "2026-12-04 "+clock)
		if err != nil {
			t.Fatal(err)
		}
		return parsed
	}
	arrival := at("10:01:00")
	cases := []struct {
		name      string
		last, now string
		want      string
	}{
		{"first attempt", "10:01:00", "10:02:00", "10:06:00"},
		{"due until the scan", "10:01:00", "10:09:59", "10:06:00"},
		// The scan at 10:10 tries the message, 540 s old.
		{"after the scan", "10:01:00", "10:10:00", "10:19:00"},
		// Scans at 10:10, 10:20 and 10:40 try it when it is 540, 1140
		// and 2340 s old.
		{"doubling", "10:01:00", "11:00:00", "11:19:00"},
		{"at most maximal_backoff_time", "15:01:00", "15:02:00", "16:07:40"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := nextRetry(arrival, at(tc.last), at(tc.now)); !got.Equal(at(tc.want)) {
				t.Errorf("nextRetry(last %s, now %s) = %s, want %s", tc.last, tc.now, got.Format(time.TimeOnly), tc.want)
			}
		})
	}
}

// When the recording tries a message again sooner than the backoff
// would, the message's retry time is the recording's attempt, so it reads
// due when the log shows the attempt.
func TestRetryAtRecordedAttempt(t *testing.T) {
	d := startDemoRun(t)
	// 2DD29BA024, deferred at 10:02:11 and tried again at 11:16:35,
	// counts down by the backoff to 10:28:45. After the scan at 10:30
	// the recording's attempt is sooner than the next backoff.
	// E07ACBA083, deferred at 19:15:05, is tried again at 21:01:29.
	for _, tc := range []struct{ now, id, want string }{
		{"10:10:00", "2DD29BA024", "10:28:45"},
		{"10:40:00", "2DD29BA024", "11:16:35"},
		{"20:44:00", "E07ACBA083", "21:01:29"},
	} {
		snap := d.playUntil(d.at(tc.now))
		m, ok := listed(snap, tc.id)
		if !ok {
			t.Errorf("%s is not listed at %s", tc.id, tc.now)
			continue
		}
		if !m.NextRetry.Equal(d.at(tc.want)) {
			t.Errorf("next retry of %s at %s = %v, want %s", tc.id, tc.now, m.NextRetry, tc.want)
		}
	}
}
