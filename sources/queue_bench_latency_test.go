package sources

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The latency measurements below run only on a filled queue of a private
// Postfix instance, named by these variables, because they move real
// messages with postsuper. scripts/bench-queue.sh sets them.
const (
	benchQueueDirEnv  = "MAILTOP_BENCH_QUEUE_DIR"
	benchConfigDirEnv = "MAILTOP_BENCH_CONFIG_DIR"
)

// benchRounds is how many messages are held and released, one at a time.
const benchRounds = 20

// benchQueue returns the queue and config directories of the instance to
// measure, or skips the test when they are not set.
func benchQueue(t *testing.T) (queueDir, configDir string) {
	t.Helper()
	queueDir, configDir = os.Getenv(benchQueueDirEnv), os.Getenv(benchConfigDirEnv)
	if queueDir == "" || configDir == "" {
		t.Skipf("set %s and %s to a filled private Postfix instance to measure it", benchQueueDirEnv, benchConfigDirEnv)
	}
	return queueDir, configDir
}

// postsuper runs postsuper -c configDir with args and fails the test when
// it does not report the change.
func postsuper(t *testing.T, configDir string, want string, args ...string) {
	t.Helper()
	out, err := exec.Command("postsuper", append([]string{"-c", configDir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("postsuper %v: %v: %s", args, err, out)
	}
	if !strings.Contains(string(out), want) {
		t.Fatalf("postsuper %v printed %q, expected %q", args, out, want)
	}
}

// deferredIDs returns up to n queue IDs of deferred messages in snap.
func deferredIDs(snap QueueSnapshot, n int) []string {
	var ids []string
	for _, msg := range snap.Messages {
		if msg.Queue == QueueDeferred && len(ids) < n {
			ids = append(ids, msg.QueueID)
		}
	}
	return ids
}

// inQueue reports whether snap lists the message id in queue.
func inQueue(snap QueueSnapshot, id, queue string) bool {
	return slices.ContainsFunc(snap.Messages, func(msg QueuedMessage) bool {
		return msg.QueueID == id && msg.Queue == queue
	})
}

// durations summarizes measured times as their median and maximum.
type durations []time.Duration

func (d durations) String() string {
	if len(d) == 0 {
		return "no samples"
	}
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	return fmt.Sprintf("median %v, max %v, n %d", sorted[len(sorted)/2].Round(10*time.Microsecond),
		sorted[len(sorted)-1].Round(10*time.Microsecond), len(sorted))
}

// TestQueueUpdateLatency measures the time from postsuper holding or
// releasing one message to the QueueWatcher's snapshot that shows it. It
// runs with the default MinInterval and with 10 ms, where the wait is
// mostly the watcher's work, each change following the previous snapshot
// at once: a burst, which the watcher holds back for MinInterval. The
// quiet case waits MinInterval before each change, which the watcher
// sends at once.
func TestQueueUpdateLatency(t *testing.T) {
	queueDir, configDir := benchQueue(t)
	cases := []struct {
		interval time.Duration
		quiet    bool
	}{
		{DefaultQueueMinInterval, false},
		{DefaultQueueMinInterval, true},
		{10 * time.Millisecond, false},
	}
	for _, c := range cases {
		interval := c.interval
		name := "MinInterval=" + interval.String()
		if c.quiet {
			name += ",quiet"
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := NewQueueWatcher(queueDir, QueueWatchOptions{Rescan: time.Hour, MinInterval: interval})
			done := make(chan error, 1)
			start := time.Now()
			go func() { done <- w.Run(ctx) }()
			defer func() {
				cancel()
				<-done
			}()

			first := <-w.Updates()
			if first.Err != nil {
				t.Fatalf("first scan: %v", first.Err)
			}
			t.Logf("first scan: %d messages in %v", len(first.Snapshot.Messages), time.Since(start).Round(time.Millisecond))
			ids := deferredIDs(first.Snapshot, benchRounds)
			if len(ids) < benchRounds {
				t.Fatalf("found %d deferred messages, expected at least %d: fill the queue first", len(ids), benchRounds)
			}

			var latencies, commands durations
			for _, id := range ids {
				for _, step := range []struct{ flag, printed, queue string }{
					{"-h", "placed on hold", QueueHold},
					{"-H", "released from hold", QueueDeferred},
				} {
					if c.quiet {
						time.Sleep(interval + 10*time.Millisecond)
					}
					began := time.Now()
					postsuper(t, configDir, step.printed, step.flag, id)
					commands = append(commands, time.Since(began))
					for {
						scan, ok := <-w.Updates()
						arrived := time.Since(began)
						if !ok {
							t.Fatal("the watcher stopped")
						}
						if scan.Err != nil {
							t.Fatalf("update: %v", scan.Err)
						}
						if inQueue(scan.Snapshot, id, step.queue) {
							latencies = append(latencies, arrived)
							break
						}
					}
				}
			}
			t.Logf("postsuper to snapshot: %v", latencies)
			t.Logf("postsuper itself: %v", commands)
		})
	}
}

// TestQueueIncrementalCost measures the watcher's own work for one changed
// message, without inotify or the MinInterval wait: re-reading the changed
// paths, then building the snapshot of the whole queue.
func TestQueueIncrementalCost(t *testing.T) {
	queueDir, configDir := benchQueue(t)
	w := NewQueueWatcher(queueDir, QueueWatchOptions{})
	start := time.Now()
	first := w.fullScan(context.Background(), nil)
	if first.Err != nil {
		t.Fatalf("full scan: %v", first.Err)
	}
	t.Logf("full scan: %d messages in %v", len(first.Snapshot.Messages), time.Since(start).Round(time.Millisecond))
	ids := deferredIDs(first.Snapshot, benchRounds)
	if len(ids) < benchRounds {
		t.Fatalf("found %d deferred messages, expected at least %d: fill the queue first", len(ids), benchRounds)
	}

	var reads, snapshots, totals durations
	measure := func(id, queue string, paths ...string) {
		began := time.Now()
		for _, path := range paths {
			w.pending[path] = true
		}
		w.applyPending()
		read := time.Since(began)
		snap := w.snapshot()
		total := time.Since(began)
		if !inQueue(snap, id, queue) {
			t.Fatalf("the snapshot does not list %s in %s", id, queue)
		}
		reads = append(reads, read)
		snapshots = append(snapshots, total-read)
		totals = append(totals, total)
	}
	for _, id := range ids {
		deferredPath := w.messages[QueueDeferred+"/"+id].job.path
		holdPath := filepath.Join(queueDir, QueueHold, id)
		postsuper(t, configDir, "placed on hold", "-h", id)
		measure(id, QueueHold, deferredPath, holdPath)
		postsuper(t, configDir, "released from hold", "-H", id)
		measure(id, QueueDeferred, holdPath, deferredPath)
	}
	t.Logf("re-read changed files: %v", reads)
	t.Logf("build snapshot: %v", snapshots)
	t.Logf("total: %v", totals)
}
