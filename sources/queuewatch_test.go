package sources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// startWatcher runs a watcher of dir with short periods until the test
// ends, and waits for Run to return.
func startWatcher(t *testing.T, dir string, opts QueueWatchOptions) *QueueWatcher {
	t.Helper()
	if opts.MinInterval == 0 {
		opts.MinInterval = 20 * time.Millisecond
	}
	w := NewQueueWatcher(dir, opts)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := w.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return w
}

// waitScan reads snapshots until done accepts one, and returns it.
func waitScan(t *testing.T, w *QueueWatcher, what string, done func(QueueScan) bool) QueueScan {
	t.Helper()
	deadline := time.After(10 * time.Second)
	var last QueueScan
	for {
		select {
		case scan, ok := <-w.Updates():
			if !ok {
				t.Fatalf("Updates closed while waiting for %s", what)
			}
			last = scan
			if done(scan) {
				return scan
			}
		case <-deadline:
			t.Fatalf("no snapshot with %s; last: %+v", what, last)
		}
	}
}

// queueOf returns the queue id is listed in, or "".
func queueOf(snap QueueSnapshot, id string) string {
	for _, m := range snap.Messages {
		if m.QueueID == id {
			return m.Queue
		}
	}
	return ""
}

func TestQueueWatcherFirstScan(t *testing.T) {
	dir := buildQueueTree(t)
	w := startWatcher(t, dir, QueueWatchOptions{})
	scan := waitScan(t, w, "the first scan", func(QueueScan) bool { return true })
	if scan.Err != nil {
		t.Fatal(scan.Err)
	}
	checkQueueTree(t, dir, scan.Snapshot)
}

func TestQueueWatcherFollowsChanges(t *testing.T) {
	dir := buildQueueTree(t)
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour})
	waitScan(t, w, "the first scan", func(QueueScan) bool { return true })

	// cleanup writes a new message with mode 0600, then marks it complete.
	path := filepath.Join(dir, "incoming/B1B2C3D4E5")
	writeQueueFile(t, path, simpleQueueFile(1796413900, "shop@example.com", "new@docomo.ne.jp"), 0o600)
	if err := os.Chmod(path, 0o700); err != nil {
		t.Fatal(err)
	}
	waitScan(t, w, "the new incoming message", func(s QueueScan) bool { return queueOf(s.Snapshot, "B1B2C3D4E5") == "incoming" })

	// qmgr moves it to deferred, into a hash directory that does not exist yet.
	if err := os.MkdirAll(filepath.Join(dir, "deferred/B"), 0o700); err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(dir, "deferred/B/B1B2C3D4E5")
	if err := os.Rename(path, moved); err != nil {
		t.Fatal(err)
	}
	scan := waitScan(t, w, "the message in deferred", func(s QueueScan) bool { return queueOf(s.Snapshot, "B1B2C3D4E5") == "deferred" })
	if scan.Snapshot.Counts["incoming"] != 0 {
		t.Errorf("incoming count after the move = %d, want 0 because the only other incoming file is still being written", scan.Snapshot.Counts["incoming"])
	}

	// A defer logfile gives the recipient its reason.
	if err := os.MkdirAll(filepath.Join(dir, "defer/B"), 0o700); err != nil {
		t.Fatal(err)
	}
	logfile := "\nrecipient=new@docomo.ne.jp\nstatus=4.7.0\nreason=host mfsmax.docomo.ne.jp said: 421 try later\n\n"
	writeQueueFile(t, filepath.Join(dir, "defer/B/B1B2C3D4E5"), []byte(logfile), 0o600)
	waitScan(t, w, "the defer reason", func(s QueueScan) bool {
		for _, m := range s.Snapshot.Messages {
			if m.QueueID == "B1B2C3D4E5" && len(m.Recipients) == 1 && strings.Contains(m.Recipients[0].Reason, "421 try later") {
				return true
			}
		}
		return false
	})

	// Delivered: the file goes.
	if err := os.Remove(moved); err != nil {
		t.Fatal(err)
	}
	waitScan(t, w, "the message gone", func(s QueueScan) bool { return queueOf(s.Snapshot, "B1B2C3D4E5") == "" })
}

func TestQueueWatcherRescanFindsMissedChange(t *testing.T) {
	dir := buildQueueTree(t)
	// The queue directory itself is not watched, so a queue created after
	// the start is found only by the periodic rescan.
	if err := os.RemoveAll(filepath.Join(dir, "hold")); err != nil {
		t.Fatal(err)
	}
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: 200 * time.Millisecond})
	waitScan(t, w, "the first scan", func(QueueScan) bool { return true })
	writeQueueFile(t, filepath.Join(dir, "hold/C1C2C3C4C5"), simpleQueueFile(1796413900, "a@example.com", "b@docomo.ne.jp"), 0o700)
	waitScan(t, w, "the held message", func(s QueueScan) bool { return queueOf(s.Snapshot, "C1C2C3C4C5") == "hold" })

	// After the rescan the new queue is watched too.
	writeQueueFile(t, filepath.Join(dir, "hold/C1C2C3C4C6"), simpleQueueFile(1796413900, "a@example.com", "c@docomo.ne.jp"), 0o700)
	waitScan(t, w, "the second held message", func(s QueueScan) bool { return queueOf(s.Snapshot, "C1C2C3C4C6") == "hold" })
}

func TestQueueWatcherBoundedRate(t *testing.T) {
	dir := buildQueueTree(t)
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour, MinInterval: 200 * time.Millisecond})
	waitScan(t, w, "the first scan", func(QueueScan) bool { return true })

	for i := range 300 {
		name := "D" + strings.Repeat("0", 8-len(itoa(i))) + itoa(i) + "1"
		writeQueueFile(t, filepath.Join(dir, "active", name), simpleQueueFile(1796413900, "a@example.com", "b@docomo.ne.jp"), 0o700)
	}
	start := time.Now()
	scans := 0
	scan := waitScan(t, w, "all 300 active messages", func(s QueueScan) bool {
		scans++
		return s.Snapshot.Counts["active"] == 300
	})
	elapsed := time.Since(start)
	if limit := int(elapsed/(200*time.Millisecond)) + 2; scans > limit {
		t.Errorf("%d snapshots in %v, want at most %d at one per 200ms", scans, elapsed, limit)
	}
	if len(scan.Snapshot.Messages) < 300 {
		t.Errorf("snapshot has %d messages", len(scan.Snapshot.Messages))
	}
}

func TestQueueWatcherMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-such-queue")
	w := startWatcher(t, dir, QueueWatchOptions{Poll: 50 * time.Millisecond})
	scan := waitScan(t, w, "the error", func(QueueScan) bool { return true })
	if scan.Err == nil || !strings.Contains(scan.Err.Error(), "not found") {
		t.Fatalf("scan of a missing directory = %+v, want a not found error", scan)
	}

	// Polling, not spinning: about one scan per Poll.
	time.Sleep(300 * time.Millisecond)
	scans := 0
	deadline := time.After(300 * time.Millisecond)
	for done := false; !done; {
		select {
		case <-w.Updates():
			scans++
		case <-deadline:
			done = true
		}
	}
	if scans > 10 {
		t.Errorf("%d scans in 300ms with a 50ms poll: the watcher spins", scans)
	}

	// The directory appears: the next poll reads it.
	if err := os.MkdirAll(filepath.Join(dir, "deferred"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeQueueFile(t, filepath.Join(dir, "deferred/E1E2E3E4E5"), simpleQueueFile(1796413900, "a@example.com", "b@docomo.ne.jp"), 0o700)
	waitScan(t, w, "the message after the directory appeared", func(s QueueScan) bool { return queueOf(s.Snapshot, "E1E2E3E4E5") == "deferred" })
}

// A queue directory read while it held no queue yet is watched itself, so
// a queue created after that is read at once, not at the next full scan.
func TestQueueWatcherQueueCreatedLater(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "queue")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour})
	waitScan(t, w, "the empty queue", func(s QueueScan) bool { return s.Err == nil })

	if err := os.Mkdir(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "deferred"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeQueueFile(t, filepath.Join(dir, "deferred/E1E2E3E4E5"), simpleQueueFile(1796413900, "a@example.com", "b@docomo.ne.jp"), 0o700)
	waitScan(t, w, "the message in the new queue", func(s QueueScan) bool { return queueOf(s.Snapshot, "E1E2E3E4E5") == "deferred" })
}

func TestQueueWatcherStopsOnCancel(t *testing.T) {
	dir := buildQueueTree(t)
	w := NewQueueWatcher(dir, QueueWatchOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	<-w.Updates()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	for range w.Updates() {
	}
}

// TestQueueWatcherRealPostfix follows a private Postfix's queue while a
// docomo message is deferred, held and released. It needs root and
// Postfix.
func TestQueueWatcherRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:             map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime: 10 * time.Minute,
		MaximalBackoffTime: 20 * time.Minute,
		QueueRunDelay:      10 * time.Minute,
	})
	w := startWatcher(t, instance.QueueDir(), QueueWatchOptions{Rescan: time.Hour, MinInterval: 50 * time.Millisecond})
	waitScan(t, w, "the first scan", func(QueueScan) bool { return true })

	id, err := instance.Submit("shop@example.com", []string{"tempfail@docomo.ne.jp"}, "Your order", "Thank you.\n")
	if err != nil {
		t.Fatal(err)
	}
	waitScan(t, w, "the deferred message with its reason", func(s QueueScan) bool {
		for _, m := range s.Snapshot.Messages {
			if m.QueueID == id && m.Queue == QueueDeferred && len(m.Recipients) == 1 && strings.Contains(m.Recipients[0].Reason, "450") {
				return true
			}
		}
		return false
	})

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := instance.Postsuper(ctx, "-h", id); err != nil || !strings.Contains(out, "placed on hold") {
		t.Fatalf("postsuper -h: %v %s", err, out)
	}
	waitScan(t, w, "the held message", func(s QueueScan) bool { return queueOf(s.Snapshot, id) == QueueHold })
	if out, err := instance.Postsuper(ctx, "-H", id); err != nil || !strings.Contains(out, "released") {
		t.Fatalf("postsuper -H: %v %s", err, out)
	}
	scan := waitScan(t, w, "the released message", func(s QueueScan) bool { return queueOf(s.Snapshot, id) == QueueDeferred })
	listed, err := instance.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, m := range listed {
		want = append(want, m.QueueID+" "+m.QueueName)
	}
	for _, m := range scan.Snapshot.Messages {
		got = append(got, m.QueueID+" "+m.Queue)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("watcher lists %v, postqueue -j lists %v", got, want)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var digits []byte
	for ; n > 0; n /= 10 {
		digits = append([]byte{byte('0' + n%10)}, digits...)
	}
	return string(digits)
}

// TestQueueWatcherPatchesMatchFullScan changes many files in one burst, in
// every way the watcher patches its sorted list (new, rewritten, moved,
// removed, turned unreadable, given a logfile) and checks that the
// snapshot then lists what a full scan does.
func TestQueueWatcherPatchesMatchFullScan(t *testing.T) {
	dir := t.TempDir()
	path := func(queue, id string) string { return filepath.Join(dir, queue, id[:1], id) }
	id := func(i int) string { return fmt.Sprintf("%X%05X", 10+i%6, i) }
	for i := range 60 {
		writeQueueFile(t, path(QueueDeferred, id(i)), simpleQueueFile(int64(1700000000+i%7), "a@example.com", "r@example.jp"), 0o700)
	}
	// Postfix makes the queue directories at start; the watcher watches
	// only those that exist.
	for _, queue := range []string{QueueHold, QueueActive, "defer"} {
		if err := os.MkdirAll(filepath.Join(dir, queue), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour})
	waitScan(t, w, "the first scan", func(s QueueScan) bool { return len(s.Snapshot.Messages) == 60 })

	for i := range 60 {
		switch i % 6 {
		case 0: // rewritten with another arrival time
			writeQueueFile(t, path(QueueDeferred, id(i)), simpleQueueFile(1600000000, "b@example.com", "r@example.jp"), 0o700)
		case 1: // moved to hold
			if err := os.MkdirAll(filepath.Dir(path(QueueHold, id(i))), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path(QueueDeferred, id(i)), path(QueueHold, id(i))); err != nil {
				t.Fatal(err)
			}
		case 2: // removed
			if err := os.Remove(path(QueueDeferred, id(i))); err != nil {
				t.Fatal(err)
			}
		case 3: // truncated
			writeQueueFile(t, path(QueueDeferred, id(i)), []byte("T"), 0o700)
		case 4: // given a defer logfile
			writeQueueFile(t, path("defer", id(i)), []byte("recipient=r@example.jp\nstatus=4.2.0\nreason=busy\n\n"), 0o600)
		case 5: // new message
			writeQueueFile(t, path(QueueActive, id(i+100)), simpleQueueFile(1700000003, "c@example.com", "s@example.jp"), 0o700)
		}
	}

	want, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := waitScan(t, w, "a snapshot like the full scan", func(s QueueScan) bool {
		return s.Err == nil && slices.EqualFunc(s.Snapshot.Messages, want.Messages, sameMessage) &&
			len(s.Snapshot.Errors) == len(want.Errors) && maps.Equal(s.Snapshot.Counts, want.Counts)
	})
	if !slices.IsSortedFunc(got.Snapshot.Messages, compareQueued) {
		t.Error("messages are not sorted")
	}
}

// sameMessage compares the members of two messages that a snapshot lists.
func sameMessage(a, b QueuedMessage) bool {
	return a.Queue == b.Queue && a.QueueID == b.QueueID && a.Arrival.Equal(b.Arrival) && a.Sender == b.Sender &&
		slices.Equal(a.Recipients, b.Recipients)
}

// switchingRunner is a Runner whose postqueue -j prints capturedPostqueue
// or fails, as set while a watcher runs.
type switchingRunner struct {
	mu    sync.Mutex
	down  bool
	calls int
}

func (r *switchingRunner) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.down {
		return nil, []byte("postqueue: fatal: Queue report unavailable - mail system is down\n"), errors.New("exit status 69")
	}
	return []byte(capturedPostqueue), nil, nil
}

func (r *switchingRunner) setDown(down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = down
}

func (r *switchingRunner) callCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}

// TestQueueWatcherDeniedFilesUsePostqueue runs the test binary as the
// nobody user on a queue whose files it may not open, with postqueue -j
// at hand, and stops and starts Postfix's showq under the watcher.
func TestQueueWatcherDeniedFilesUsePostqueue(t *testing.T) {
	if queueDir := os.Getenv("MAILTOP_WATCH_DENIED_CHILD"); queueDir != "" {
		runWatcherDeniedChild(t, queueDir)
		return
	}
	work, queueDir := deniedQueueTree(t)
	runTestAsNobody(t, work, "TestQueueWatcherDeniedFilesUsePostqueue", "MAILTOP_WATCH_DENIED_CHILD="+queueDir, "watcher ok")
}

func runWatcherDeniedChild(t *testing.T, queueDir string) {
	if os.Geteuid() == 0 {
		t.Fatal("child runs as root, which may read every file")
	}
	runner := &switchingRunner{}
	w := startWatcher(t, queueDir, QueueWatchOptions{Poll: 20 * time.Millisecond, Queue: QueueOptions{Runner: runner}})
	first := waitScan(t, w, "the first scan", func(QueueScan) bool { return true })
	if first.Err != nil {
		t.Fatalf("first scan: %v", first.Err)
	}
	if first.Snapshot.Source != QueueFromPostqueue || len(first.Snapshot.Messages) != 2 {
		t.Fatalf("first scan: source %q with %d messages, want the 2 messages from postqueue", first.Snapshot.Source, len(first.Snapshot.Messages))
	}
	if !strings.Contains(first.Snapshot.FallbackReason, "2 queue files") {
		t.Errorf("fallback reason %q does not count the 2 queue files", first.Snapshot.FallbackReason)
	}

	// The listing is polled.
	calls := runner.callCount()
	later := waitScan(t, w, "a later poll", func(QueueScan) bool { return runner.callCount() >= calls+2 })
	if later.Snapshot.Source != QueueFromPostqueue || later.Snapshot.FallbackReason != first.Snapshot.FallbackReason {
		t.Errorf("later poll: source %q, reason %q; want postqueue with the first reason", later.Snapshot.Source, later.Snapshot.FallbackReason)
	}

	// Postfix stops: the directory scan counts the files that need root.
	runner.setDown(true)
	stopped := waitScan(t, w, "the directory scan", func(s QueueScan) bool { return s.Snapshot.Source == QueueFromDirectory })
	if stopped.Err != nil {
		t.Errorf("with postqueue failing: %v", stopped.Err)
	}
	if got := stopped.Snapshot.PermissionDenied(); got != 2 {
		t.Errorf("with postqueue failing: PermissionDenied() = %d, want 2", got)
	}
	if want := "postqueue: fatal: Queue report unavailable - mail system is down"; stopped.Snapshot.PostqueueError != want {
		t.Errorf("with postqueue failing: PostqueueError = %q, want %q", stopped.Snapshot.PostqueueError, want)
	}

	// Postfix starts again: the next poll lists the queue again.
	runner.setDown(false)
	waitScan(t, w, "postqueue's listing again", func(s QueueScan) bool {
		return s.Snapshot.Source == QueueFromPostqueue && len(s.Snapshot.Messages) == 2
	})
	t.Log("watcher ok")
}

// A queue removed under the watcher, as by rm -rf on a running instance,
// makes the next snapshot a failed scan naming it, not an empty queue,
// at once and without waiting for the periodic full scan. Once the queue
// is back, the scans succeed again.
func TestQueueWatcherQueueRemoved(t *testing.T) {
	dir := buildQueueTree(t)
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour, Poll: 50 * time.Millisecond})
	waitScan(t, w, "the first scan", func(s QueueScan) bool { return s.Err == nil })

	deferred := filepath.Join(dir, "deferred")
	if err := os.RemoveAll(deferred); err != nil {
		t.Fatal(err)
	}
	scan := waitScan(t, w, "a failed scan", func(s QueueScan) bool { return s.Err != nil })
	if !errors.Is(scan.Err, fs.ErrNotExist) {
		t.Errorf("error %v, want fs.ErrNotExist", scan.Err)
	}
	if want := "queue directory " + deferred + " was removed while mailtop was running"; !strings.Contains(scan.Err.Error(), want) {
		t.Errorf("error %q lacks %q", scan.Err, want)
	}

	if err := os.MkdirAll(deferred, 0o700); err != nil {
		t.Fatal(err)
	}
	waitScan(t, w, "a good scan after the queue is back", func(s QueueScan) bool { return s.Err == nil })
}

// The whole queue directory renamed away fails the next scan at once.
func TestQueueWatcherQueueDirRenamed(t *testing.T) {
	dir := buildQueueTree(t)
	w := startWatcher(t, dir, QueueWatchOptions{Rescan: time.Hour})
	waitScan(t, w, "the first scan", func(s QueueScan) bool { return s.Err == nil })

	if err := os.Rename(dir, dir+".gone"); err != nil {
		t.Fatal(err)
	}
	scan := waitScan(t, w, "a failed scan", func(s QueueScan) bool { return s.Err != nil })
	if !errors.Is(scan.Err, fs.ErrNotExist) || !strings.Contains(scan.Err.Error(), dir) {
		t.Errorf("error %v, want one that names %s as missing", scan.Err, dir)
	}
}
