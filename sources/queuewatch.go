package sources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/mailtop/mailtop/parsers"
)

// QueueScan is one queue snapshot from a QueueWatcher, or the error of a
// scan that failed.
type QueueScan struct {
	Snapshot QueueSnapshot
	Err      error
}

// Defaults for QueueWatchOptions.
const (
	// DefaultQueueRescan is how often the watcher reads the whole queue
	// again, in case it missed a change: inotify drops events when its
	// queue overflows.
	DefaultQueueRescan = 30 * time.Second
	// DefaultQueueMinInterval is the shortest time between two snapshots.
	// A busy queue changes hundreds of times a second; the screen needs
	// no more than one snapshot a second.
	DefaultQueueMinInterval = time.Second
	// DefaultQueuePoll is how often the queue is listed with postqueue -j
	// when the queue directory cannot be read, so nothing can be watched.
	DefaultQueuePoll = 5 * time.Second
	// DefaultMasterPoll is how often the watcher reads the master's pid
	// file (QueueOptions.CheckMaster), because stopping or starting
	// Postfix changes no queue file that inotify would report.
	DefaultMasterPoll = 2 * time.Second
)

// QueueWatchOptions controls a QueueWatcher.
type QueueWatchOptions struct {
	// Queue controls the full scans: the queues, the workers and the
	// postqueue -j fallback for a user who cannot read the queue.
	Queue QueueOptions
	// Rescan is the period of the full scan. Zero means
	// DefaultQueueRescan.
	Rescan time.Duration
	// MinInterval is the shortest time between two snapshots. Zero means
	// DefaultQueueMinInterval.
	MinInterval time.Duration
	// Poll is the period of the postqueue -j listing when the directory
	// cannot be read. Zero means DefaultQueuePoll.
	Poll time.Duration
	// MasterPoll is the period of the master check with
	// Queue.CheckMaster. Zero means DefaultMasterPoll.
	MasterPoll time.Duration
}

// QueueWatcher follows a Postfix queue directory. It reads the whole queue
// once, then watches every queue directory, their hash subdirectories and
// the defer and bounce logfile directories with inotify, and re-reads only
// the files that changed. A full scan runs every Rescan as a safety net.
// Snapshots go to Updates only after a change: the first change after a
// quiet MinInterval within a few milliseconds, then at most one snapshot
// per MinInterval while changes keep coming.
//
// When the directory cannot be read, or its queue files cannot be opened
// (mailtop is not root), the watcher lists the queue with postqueue -j
// every Poll instead, if the options name a Runner.
type QueueWatcher struct {
	dir     string
	opts    QueueWatchOptions
	queues  []string
	updates chan QueueScan

	// The state between full scans, owned by Run's goroutine.
	messages map[string]watchedFile // "queue/ID"
	logs     map[string]string      // "defer/ID" or "bounce/ID" to the logfile's path
	counts   QueueSnapshot          // Skipped from the last full scan
	pending  map[string]bool        // paths changed since the last snapshot
	watched  map[string]bool        // directories added to the inotify watch
	// deniedReason is the FallbackReason of the postqueue listings that
	// replace the directory scan after it found queue files this user may
	// not open. While it is set, each full scan runs postqueue alone,
	// which spares opening every file again only to be denied.
	deniedReason string

	// The next snapshot, kept up to date file by file, so that a change
	// to one message costs a binary search instead of a sort of the queue.
	sorted     []QueuedMessage           // readable messages, in compareQueued order
	queueCount map[string]int            // messages per queue, unreadable files included
	incomplete int                       // files still being written
	fileErrors map[string]QueueFileError // "queue/ID" of an unreadable file

	// removed holds the queue directory and the queues under it that
	// inotify reported removed or renamed while they were watched. Their
	// files then vanish without a delivery, so the next snapshot is a full
	// scan, which fails while one of them is still missing.
	removed map[string]bool

	// last is the scan sent last, sent again with a new Master when the
	// master starts or stops between two scans.
	last QueueScan
	// master checks the pid file; tests replace its process name.
	master masterProbe
}

// watchedFile is one queue file and what reading it gave.
type watchedFile struct {
	job     queueJob
	msg     QueuedMessage // without the logfiles' reasons
	outcome queueFileOutcome
	err     error
	// withLogs is msg with its defer and bounce logfiles attached, valid
	// while attached is set. A change to the file or a logfile clears it,
	// so each snapshot reads only the logfiles that changed.
	withLogs QueuedMessage
	attached bool
}

// NewQueueWatcher returns a watcher of the queue directory dir. Call Run to
// start it.
func NewQueueWatcher(dir string, opts QueueWatchOptions) *QueueWatcher {
	if opts.Rescan <= 0 {
		opts.Rescan = DefaultQueueRescan
	}
	if opts.MinInterval <= 0 {
		opts.MinInterval = DefaultQueueMinInterval
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultQueuePoll
	}
	if opts.MasterPoll <= 0 {
		opts.MasterPoll = DefaultMasterPoll
	}
	queues := opts.Queue.Queues
	if len(queues) == 0 {
		queues = MessageQueues
	}
	return &QueueWatcher{
		dir:     dir,
		opts:    opts,
		queues:  queues,
		updates: make(chan QueueScan, 1),
		master:  postfixMaster,
	}
}

// Updates returns the channel of snapshots. It holds at most one waiting
// snapshot: a newer one replaces it, so a slow reader sees the latest
// queue. Run closes it when it returns.
func (w *QueueWatcher) Updates() <-chan QueueScan {
	return w.updates
}

// Run scans and watches the queue until ctx ends, then closes Updates and
// returns nil. The first snapshot is sent at once.
func (w *QueueWatcher) Run(ctx context.Context) error {
	defer close(w.updates)
	watcher, watchErr := fsnotify.NewWatcher()
	if watchErr == nil {
		defer watcher.Close()
	}

	scan := w.fullScan(ctx, watcher)
	w.send(scan)
	if ctx.Err() != nil {
		return nil
	}

	// listen starts or stops following the inotify events after each full
	// scan. Only a directory read whole is followed. The fallback listing,
	// a failing directory and files this user may not open are polled.
	var events <-chan fsnotify.Event
	var errs <-chan error
	watcherClosed := watcher == nil
	rescan := time.NewTicker(w.opts.Rescan)
	defer rescan.Stop()
	period := w.opts.Rescan
	listen := func(scan QueueScan) {
		events, errs = nil, nil
		next := min(w.opts.Poll, w.opts.Rescan)
		if !watcherClosed && scan.Err == nil && scan.Snapshot.Source == QueueFromDirectory && scan.Snapshot.PermissionDenied() == 0 {
			events, errs = watcher.Events, watcher.Errors
			next = w.opts.Rescan
		}
		if next != period {
			period = next
			rescan.Reset(period)
		}
	}
	listen(scan)
	// The first change after a quiet MinInterval is sent after
	// queueSettle, which gathers the few events of one postsuper or
	// delivery; later changes wait until MinInterval has passed since the
	// last snapshot.
	flush := time.NewTimer(time.Hour)
	flush.Stop()
	defer flush.Stop()
	flushArmed := false
	lastSent := time.Now()
	var masterTicks <-chan time.Time
	if w.opts.Queue.CheckMaster {
		masterTicker := time.NewTicker(w.opts.MasterPoll)
		defer masterTicker.Stop()
		masterTicks = masterTicker.C
	}

	for {
		select {
		case <-ctx.Done():
			return nil
		case <-masterTicks:
			w.sendMasterChange()
		case event, ok := <-events:
			if !ok {
				// The watcher was closed: keep going on full scans alone.
				events, watcherClosed = nil, true
				continue
			}
			w.noteEvent(watcher, event)
			if !flushArmed && len(w.pending) > 0 {
				flush.Reset(max(queueSettle, time.Until(lastSent.Add(w.opts.MinInterval))))
				flushArmed = true
			}
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// An overflow or read error means events were lost.
			scan := w.fullScan(ctx, watcher)
			w.send(scan)
			listen(scan)
		case <-rescan.C:
			scan := w.fullScan(ctx, watcher)
			w.send(scan)
			listen(scan)
		case <-flush.C:
			flushArmed = false
			if len(w.removed) > 0 {
				scan := w.fullScan(ctx, watcher)
				w.send(scan)
				listen(scan)
				lastSent = time.Now()
				continue
			}
			if len(w.pending) > 0 {
				w.applyPending()
				w.send(QueueScan{Snapshot: w.snapshot()})
				lastSent = time.Now()
			}
		}
	}
}

// queueSettle is how long the watcher waits after the first event of a
// change before it sends the snapshot: long enough for the rename and the
// logfile of one postsuper to arrive together, short against the update
// latency a user notices.
const queueSettle = 5 * time.Millisecond

// send replaces any snapshot still waiting in Updates with scan, after
// setting its Master when Queue.CheckMaster is set.
func (w *QueueWatcher) send(scan QueueScan) {
	if scan.Err == nil {
		scan.Snapshot = withMaster(scan.Snapshot, w.opts.Queue, w.master)
	}
	w.last = scan
	select {
	case <-w.updates:
	default:
	}
	w.updates <- scan
}

// sendMasterChange sends the last scan again when the pid file shows
// that the master started or stopped since then. A failed scan is not
// sent again, because its error carries no state of the master.
func (w *QueueWatcher) sendMasterChange() {
	if w.last.Err != nil {
		return
	}
	state := w.master.check(w.dir)
	if state == MasterUnknown || state == w.last.Snapshot.Master {
		return
	}
	w.send(w.last)
}

// fullScan reads the whole queue again and, when it can be read, adds
// every directory to the inotify watch.
func (w *QueueWatcher) fullScan(ctx context.Context, watcher *fsnotify.Watcher) QueueScan {
	w.messages = map[string]watchedFile{}
	w.logs = map[string]string{}
	w.pending = map[string]bool{}
	w.counts = QueueSnapshot{}
	w.rebuild()
	if w.watched == nil {
		w.watched = map[string]bool{}
	}

	if w.deniedReason != "" {
		snap, err := scanPostqueue(ctx, w.opts.Queue.Runner, w.opts.Queue.ConfigDir, w.dir, w.queues)
		if err == nil {
			snap.FallbackReason = w.deniedReason
			snap.ConfigDir = w.opts.Queue.ConfigDir
			return QueueScan{Snapshot: snap}
		}
		// The directory scan below counts the files that need root.
		w.deniedReason = ""
	}

	scan, err := w.scanDirectory(ctx, watcher)
	if errors.Is(err, ErrQueuePermission) && w.opts.Queue.Runner != nil {
		// Not root: list the queue with postqueue -j instead.
		snap, err := ScanQueue(ctx, w.dir, w.opts.Queue)
		return QueueScan{Snapshot: snap, Err: err}
	}
	if err != nil {
		return QueueScan{Err: err}
	}
	scan, listed := listDeniedWithPostqueue(ctx, scan, w.opts.Queue, w.queues)
	if listed {
		w.deniedReason = scan.FallbackReason
		w.unwatchAll(watcher)
	}
	return QueueScan{Snapshot: scan}
}

// scanDirectory reads every queue file and notes every logfile, adding each
// directory to the inotify watch.
func (w *QueueWatcher) scanDirectory(ctx context.Context, watcher *fsnotify.Watcher) (QueueSnapshot, error) {
	if _, err := os.ReadDir(w.dir); err != nil {
		return QueueSnapshot{}, queueDirError(w.dir, err)
	}
	if err := w.checkRemoved(); err != nil {
		return QueueSnapshot{}, err
	}
	// The queue directory itself is watched too, so that a queue created
	// after this scan, as in an instance being set up, is noticed.
	if watcher != nil && !w.watched[w.dir] {
		if err := watcher.Add(w.dir); err == nil {
			w.watched[w.dir] = true
		}
	}
	for _, dir := range append([]string{"defer", "bounce"}, w.queues...) {
		w.watchTree(watcher, filepath.Join(w.dir, dir))
	}
	for _, dir := range []string{"defer", "bounce"} {
		err := walkQueueDir(ctx, filepath.Join(w.dir, dir), 0, func(name, path string, _ fs.DirEntry) {
			if parsers.ValidQueueID(name) {
				w.logs[dir+"/"+name] = path
			}
		})
		if err != nil {
			return QueueSnapshot{}, err
		}
	}
	var jobs []queueJob
	for _, q := range w.queues {
		err := walkQueueDir(ctx, filepath.Join(w.dir, q), 0, func(name, path string, entry fs.DirEntry) {
			if !parsers.ValidQueueID(name) || !entry.Type().IsRegular() {
				w.counts.Skipped++
				return
			}
			jobs = append(jobs, queueJob{queue: q, id: name, path: path, owner: w.opts.Queue.MailOwner})
		})
		if err != nil {
			return QueueSnapshot{}, err
		}
	}
	for _, file := range readQueueFiles(ctx, jobs, w.opts.Queue.Workers) {
		if file.outcome != queueFileVanished {
			w.messages[file.job.queue+"/"+file.job.id] = file
		}
	}
	if err := ctx.Err(); err != nil {
		return QueueSnapshot{}, fmt.Errorf("scan queue %s: %w", w.dir, err)
	}
	w.rebuild()
	return w.snapshot(), nil
}

// checkRemoved returns an error naming a queue directory that was removed
// while it was watched and is still missing. A missing queue is otherwise
// read as empty, as in an instance being set up, which would show a queue
// removed under a running Postfix as an empty one. A directory that is
// back is forgotten.
func (w *QueueWatcher) checkRemoved() error {
	for _, dir := range slices.Sorted(maps.Keys(w.removed)) {
		if _, err := os.Stat(dir); err == nil {
			delete(w.removed, dir)
			continue
		}
		return queueRemovedError{dir: dir}
	}
	return nil
}

// queueRemovedError is the error of a scan after a queue directory was
// removed while it was watched. It matches fs.ErrNotExist.
type queueRemovedError struct{ dir string }

func (e queueRemovedError) Error() string {
	return "queue directory " + e.dir + " was removed while mailtop was running"
}

func (e queueRemovedError) Unwrap() error { return fs.ErrNotExist }

// readQueueFiles reads the queue files of jobs, several at once (workers,
// 0 meaning GOMAXPROCS), and returns them in the order of jobs.
func readQueueFiles(ctx context.Context, jobs []queueJob, workers int) []watchedFile {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	files := make([]watchedFile, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(jobs), 1)) {
		wg.Go(func() {
			for i := range next {
				msg, outcome, err := readQueueFile(jobs[i])
				files[i] = watchedFile{job: jobs[i], msg: msg, outcome: outcome, err: err}
			}
		})
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return files
}

// readFile reads one queue file into the state.
func (w *QueueWatcher) readFile(job queueJob) {
	msg, outcome, err := readQueueFile(job)
	key := job.queue + "/" + job.id
	w.unaccount(key)
	if outcome == queueFileVanished {
		delete(w.messages, key)
		return
	}
	w.messages[key] = watchedFile{job: job, msg: msg, outcome: outcome, err: err}
	w.account(key)
}

// rebuild makes the next snapshot from the whole state, attaching each
// message's logfiles as they are now.
func (w *QueueWatcher) rebuild() {
	w.sorted = w.sorted[:0]
	w.queueCount = make(map[string]int, len(w.queues))
	w.incomplete = 0
	w.fileErrors = map[string]QueueFileError{}
	for key := range w.messages {
		w.count(key, false)
	}
	slices.SortFunc(w.sorted, compareQueued)
}

// account adds the file of key to the next snapshot.
func (w *QueueWatcher) account(key string) {
	w.count(key, true)
}

// count adds the file of key to the counts, the errors and the messages,
// into their sorted place when insert is set and at the end otherwise.
func (w *QueueWatcher) count(key string, insert bool) {
	file, ok := w.messages[key]
	if !ok {
		return
	}
	switch {
	case file.outcome == queueFileIncomplete:
		w.incomplete++
		return
	case file.err != nil:
		w.queueCount[file.job.queue]++
		w.fileErrors[key] = QueueFileError{Queue: file.job.queue, QueueID: file.job.id, Path: file.job.path, Err: file.err}
		return
	}
	if !file.attached {
		file.withLogs = w.attachLogs(file.msg)
		file.attached = true
		w.messages[key] = file
	}
	w.queueCount[file.job.queue]++
	if !insert {
		w.sorted = append(w.sorted, file.withLogs)
		return
	}
	at, _ := slices.BinarySearchFunc(w.sorted, file.withLogs, compareQueued)
	w.sorted = slices.Insert(w.sorted, at, file.withLogs)
}

// unaccount takes the file of key out of the next snapshot, as account
// added it.
func (w *QueueWatcher) unaccount(key string) {
	file, ok := w.messages[key]
	if !ok {
		return
	}
	switch {
	case file.outcome == queueFileIncomplete:
		w.incomplete--
		return
	case file.err != nil:
		w.queueCount[file.job.queue]--
		delete(w.fileErrors, key)
		return
	}
	w.queueCount[file.job.queue]--
	if at, found := slices.BinarySearchFunc(w.sorted, file.withLogs, compareQueued); found {
		w.sorted = slices.Delete(w.sorted, at, at+1)
	}
}

// snapshot returns a copy of the next snapshot. The watcher changes its
// own copy later, never the one returned.
func (w *QueueWatcher) snapshot() QueueSnapshot {
	snap := QueueSnapshot{
		Dir:        w.dir,
		ConfigDir:  w.opts.Queue.ConfigDir,
		Source:     QueueFromDirectory,
		Counts:     make(map[string]int, len(w.queues)),
		Skipped:    w.counts.Skipped,
		Incomplete: w.incomplete,
		Messages:   slices.Clone(w.sorted),
	}
	if w.opts.Queue.MailOwner != nil {
		snap.MailOwner = w.opts.Queue.MailOwner.Name
	}
	for _, q := range w.queues {
		snap.Counts[q] = w.queueCount[q]
	}
	for _, fileErr := range w.fileErrors {
		snap.Errors = append(snap.Errors, fileErr)
	}
	slices.SortFunc(snap.Errors, func(a, b QueueFileError) int { return strings.Compare(a.Path, b.Path) })
	return snap
}

// attachLogs returns a copy of msg with the defer and bounce logfiles of its
// queue ID attached. Snapshots share the recipients of the copy, which is
// never changed afterwards.
func (w *QueueWatcher) attachLogs(msg QueuedMessage) QueuedMessage {
	msg.Recipients = slices.Clone(msg.Recipients)
	if path, ok := w.logs["defer/"+msg.QueueID]; ok {
		attachLog(&msg, path, false)
	}
	if path, ok := w.logs["bounce/"+msg.QueueID]; ok {
		attachLog(&msg, path, true)
	}
	return msg
}
