package sources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// Queue names: the subdirectories of queue_directory that hold messages.
const (
	QueueMaildrop = "maildrop"
	QueueIncoming = "incoming"
	QueueActive   = "active"
	QueueDeferred = "deferred"
	QueueHold     = "hold"
	QueueCorrupt  = "corrupt"
)

// MessageQueues are the queues ScanQueue reads by default, in the order
// showq lists them, then corrupt. The defer, bounce, trace and flush
// directories hold logfiles named after messages, not messages.
var MessageQueues = []string{QueueMaildrop, QueueIncoming, QueueActive, QueueDeferred, QueueHold, QueueCorrupt}

// QueueSource is the way a QueueSnapshot was made.
type QueueSource string

const (
	// QueueFromDirectory is a snapshot read from the queue files, which
	// needs root or the postfix user.
	QueueFromDirectory QueueSource = "directory"
	// QueueFromPostqueue is a snapshot from postqueue -j, which any user
	// may run. It lacks next retry times, done recipients, original
	// recipients before Postfix 3.11, and DSN status codes.
	QueueFromPostqueue QueueSource = "postqueue"
)

// ErrQueuePermission means the queue directory cannot be read, usually
// because mailtop does not run as root or the postfix user.
var ErrQueuePermission = errors.New("permission denied reading the Postfix queue")

// maxHashDepth bounds how deep ScanQueue descends into a queue's hash
// subdirectories. hash_queue_depth is 1 by default; deeper trees than this
// are not Postfix's.
const maxHashDepth = 8

// QueueOptions controls ScanQueue.
type QueueOptions struct {
	// Queues restricts the scan to these queue names. Empty means
	// MessageQueues.
	Queues []string
	// Workers is how many files are read at once. 0 means GOMAXPROCS.
	Workers int
	// Runner runs postqueue -j when the directory cannot be read. Nil
	// turns the fallback off, so ScanQueue returns ErrQueuePermission.
	Runner Runner
	// ConfigDir is passed to postqueue as -c DIR when not empty.
	ConfigDir string
	// MailOwner, when set, is the user each queue file read is checked
	// against: a message whose file that user cannot read gets a
	// QueuedMessage.FileProblem. Listings from postqueue are not checked.
	MailOwner *MailOwner
	// CheckMaster sets QueueSnapshot.Master from the pid file of the
	// instance (see CheckMaster). Set it for an instance's own
	// queue_directory only: the pid file of a copy names a process of
	// another machine or time.
	CheckMaster bool
}

// QueueSnapshot is the queue as one scan saw it. Postfix keeps working
// during the scan, so a message may be missed or listed twice when it moves
// between queues meanwhile.
type QueueSnapshot struct {
	// Dir is the queue_directory scanned.
	Dir string
	// Source is the origin of the listing: the queue files or postqueue -j.
	Source QueueSource
	// FallbackReason is the error reading Dir that made ScanQueue use
	// postqueue, empty otherwise.
	FallbackReason string
	// PostqueueError is the first line of postqueue's own error, such as
	// "postqueue: fatal: Queue report unavailable - mail system is down",
	// when this user may not open some queue files and postqueue -j,
	// run to list them instead, failed. It is empty otherwise.
	PostqueueError string
	// Messages are sorted by arrival time, then queue ID.
	Messages []QueuedMessage
	// Counts are the messages found per queue name, every scanned queue
	// present, files that could not be parsed included.
	Counts map[string]int
	// Incomplete counts files skipped because their owner permission was
	// not rwx: cleanup or postdrop was still writing them.
	Incomplete int
	// Vanished counts files that were gone between listing a directory and
	// opening them: delivered, deleted or moved to another queue.
	Vanished int
	// Skipped counts names in queue directories that are not queue IDs,
	// such as cleanup's temporary files, and entries that are not regular
	// files.
	Skipped int
	// Errors are the queue files that could not be opened or parsed.
	Errors []QueueFileError
	// MailOwner is the name of the user the queue files were checked
	// against (QueueOptions.MailOwner), empty when they were not checked.
	MailOwner string
	// ConfigDir is QueueOptions.ConfigDir: the instance's -c DIR, empty
	// for the default instance and for a directory read on its own.
	ConfigDir string
	// Master is whether the instance's master process ran at the scan:
	// from its pid file with QueueOptions.CheckMaster, else from what
	// postqueue -j reported, else MasterUnknown.
	Master MasterState
}

// QueuedMessage is one message in the queue.
type QueuedMessage struct {
	// Queue is the queue name, such as deferred or hold.
	Queue   string
	QueueID string
	// Arrival is when the message entered Postfix. A requeue keeps it.
	Arrival time.Time
	// Size is the content size in bytes, as postqueue reports it.
	Size int64
	// Sender is the envelope sender, "" for the null sender of bounces.
	Sender     string
	Recipients []QueuedRecipient
	// NextRetry is when qmgr will next try a deferred message: the file's
	// modification time. Zero outside the deferred queue and for snapshots
	// from postqueue.
	NextRetry time.Time
	// ForcedExpire is set by postsuper -e or -f: the next attempt returns
	// the message to the sender.
	ForcedExpire bool
	// FileProblem is the reason Postfix's daemons cannot read the queue
	// file, checked when the scan had a QueueOptions.MailOwner. FileUID is
	// the file's owner, set along with FileProblem.
	FileProblem QueueFileProblem
	FileUID     uint32
	// SASLUsername and Client (name[address]) identify who submitted the
	// message over SMTP. Both are empty for local submissions and from
	// postqueue.
	SASLUsername string
	Client       string
}

// PendingRecipients returns the recipients still to be delivered.
func (m *QueuedMessage) PendingRecipients() []QueuedRecipient {
	var pending []QueuedRecipient
	for _, r := range m.Recipients {
		if !r.Done {
			pending = append(pending, r)
		}
	}
	return pending
}

// QueuedRecipient is one recipient of a queued message.
type QueuedRecipient struct {
	Address string
	// OrigAddress is the address before aliasing or rewriting, empty when
	// unknown.
	OrigAddress string
	// Done means delivered or bounced already. Only the queue files list
	// such recipients, postqueue does not.
	Done bool
	// Status is the DSN status of the last failed attempt, such as 4.2.0,
	// from the defer logfile.
	Status string
	// Reason is the reason of the last failed attempt, empty before any
	// attempt failed and while the message is being delivered.
	Reason string
	// BounceReason is the reason the recipient bounced, present while the
	// non-delivery notification is still pending.
	BounceReason string
}

// QueueFileError is a queue file ScanQueue could not read.
type QueueFileError struct {
	Queue   string
	QueueID string
	Path    string
	Err     error
}

func (e QueueFileError) Error() string {
	return fmt.Sprintf("queue file %s: %v", e.Path, e.Err)
}

// ScanQueue reads the message queues under queueDir: every file named by
// a queue ID, in hash subdirectories too, with the defer and bounce
// logfiles of its recipients. Files still being written and files that
// vanish during the scan are counted and skipped. Several files are read
// at once (QueueOptions.Workers).
//
// When queueDir cannot be read for lack of permission and opts.Runner is
// set, ScanQueue runs postqueue [-c DIR] -j instead and returns a snapshot
// with Source QueueFromPostqueue. It does the same when the directories
// could be read but some queue files could not be opened for lack of
// permission (see listDeniedWithPostqueue).
func ScanQueue(ctx context.Context, queueDir string, opts QueueOptions) (QueueSnapshot, error) {
	queues := opts.Queues
	if len(queues) == 0 {
		queues = MessageQueues
	}
	snap, err := scanDirectory(ctx, queueDir, queues, opts.Workers, opts.MailOwner)
	snap.ConfigDir = opts.ConfigDir
	if err == nil {
		snap, _ = listDeniedWithPostqueue(ctx, snap, opts, queues)
		return withMaster(snap, opts, postfixMaster), nil
	}
	if !errors.Is(err, ErrQueuePermission) || opts.Runner == nil {
		return snap, err
	}
	fallback, postqueueErr := scanPostqueue(ctx, opts.Runner, opts.ConfigDir, queueDir, queues)
	if postqueueErr != nil {
		return QueueSnapshot{}, fallbackError(queueDir, err, postqueueErr)
	}
	fallback.FallbackReason = err.Error()
	fallback.ConfigDir = opts.ConfigDir
	return withMaster(fallback, opts, postfixMaster), nil
}

// withMaster sets snap.Master from the pid file when opts.CheckMaster is
// set and the file settles it, and keeps what postqueue reported otherwise.
func withMaster(snap QueueSnapshot, opts QueueOptions, probe masterProbe) QueueSnapshot {
	if !opts.CheckMaster {
		return snap
	}
	if state := probe.check(snap.Dir); state != MasterUnknown {
		snap.Master = state
	}
	return snap
}

// listDeniedWithPostqueue lists the queue with postqueue [-c DIR] -j when
// snap, read from the queue directory, counts queue files that this user
// may not open, as when the directories are world-readable but the files
// belong to the postfix user. showq, which runs as that user, reads the
// files for postqueue, so its listing has the messages the scan could not
// read. It returns snap and false, keeping the permission errors that say
// what needs root, when opts has no Runner, when postqueue fails (as it
// does for a user other than root while Postfix is stopped), and when
// mailtop runs as opts.MailOwner, the user showq runs as. When postqueue
// fails, snap's PostqueueError is the first line of its error.
func listDeniedWithPostqueue(ctx context.Context, snap QueueSnapshot, opts QueueOptions, queues []string) (QueueSnapshot, bool) {
	denied := snap.PermissionDenied()
	if denied == 0 || opts.Runner == nil || opts.MailOwner.isProcessUser() {
		return snap, false
	}
	fallback, err := scanPostqueue(ctx, opts.Runner, opts.ConfigDir, snap.Dir, queues)
	var failed *postqueueError
	if errors.As(err, &failed) {
		snap.PostqueueError = failed.firstLine
		if failed.down {
			snap.Master = MasterStopped
		}
	}
	if err != nil {
		return snap, false
	}
	fallback.FallbackReason = deniedFilesReason(denied, snap.Dir)
	fallback.ConfigDir = opts.ConfigDir
	return fallback, true
}

// deniedFilesReason returns the FallbackReason of a listing that replaced
// a scan of dir in which denied queue files could not be opened.
func deniedFilesReason(denied int, dir string) string {
	files := "queue files"
	if denied == 1 {
		files = "queue file"
	}
	return fmt.Sprintf("%s: %d %s in %s could not be opened: run mailtop as root or the postfix user", ErrQueuePermission, denied, files, dir)
}

// queueJob is one file found in a queue directory.
type queueJob struct {
	queue string
	id    string
	// path is the file's path. A full scan leaves it empty and sets dir,
	// the open directory the file is in; filePath works for both.
	path string
	dir  *scanDir
	// owner is QueueOptions.MailOwner, nil when the owner is not checked.
	owner *MailOwner
}

// filePath returns the path of the job's file.
func (j queueJob) filePath() string {
	if j.dir != nil {
		return j.dir.path + "/" + j.id
	}
	return j.path
}

// queueLogs are the directories of the defer and bounce logfiles, by
// queue ID.
type queueLogs struct {
	deferred, bounced map[string]*scanDir
}

// readResult is the outcome of reading one queue file, apart from the
// message itself.
type readResult struct {
	outcome queueFileOutcome
	err     error
}

func scanDirectory(ctx context.Context, queueDir string, queues []string, workers int, owner *MailOwner) (QueueSnapshot, error) {
	snap := QueueSnapshot{Dir: queueDir, Source: QueueFromDirectory, Counts: make(map[string]int)}
	if owner != nil {
		snap.MailOwner = owner.Name
	}
	for _, q := range queues {
		snap.Counts[q] = 0
	}
	if _, err := os.Stat(queueDir); err != nil {
		return snap, queueDirError(queueDir, err)
	}

	// The defer and bounce logfiles are listed before any file is read,
	// so each worker can find a message's logfile without knowing the hash
	// depth. Listing every queue first, too, lets the results go to one
	// slice sized once, with no lock. The two listings run at once.
	logs := queueLogs{deferred: make(map[string]*scanDir), bounced: make(map[string]*scanDir)}
	dirs := &scanDirs{}
	defer dirs.closeAll()
	var logsErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, kind := range []struct {
			dir  string
			byID map[string]*scanDir
		}{{"defer", logs.deferred}, {"bounce", logs.bounced}} {
			logsErr = listQueueTree(ctx, filepath.Join(queueDir, kind.dir), 0, dirs, func(dir *scanDir, name string, _ entryKind) {
				if parsers.ValidQueueID(name) {
					kind.byID[name] = dir
				}
			})
			if logsErr != nil {
				return
			}
		}
	})
	var jobs []queueJob
	var listErr error
	for _, q := range queues {
		listErr = listQueueTree(ctx, filepath.Join(queueDir, q), 0, dirs, func(dir *scanDir, name string, kind entryKind) {
			if !parsers.ValidQueueID(name) || kind != entryRegular {
				snap.Skipped++
				return
			}
			jobs = append(jobs, queueJob{queue: q, id: name, dir: dir, owner: owner})
		})
		if listErr != nil {
			break
		}
	}
	wg.Wait()
	if logsErr != nil {
		return snap, logsErr
	}
	if listErr != nil {
		return snap, listErr
	}

	messages, results := readQueueJobs(ctx, jobs, logs, workers)
	if err := ctx.Err(); err != nil {
		return snap, fmt.Errorf("scan queue %s: %w", queueDir, err)
	}

	// The messages read move to the front of their slice, in place.
	kept := 0
	for i, result := range results {
		job := jobs[i]
		switch {
		case result.outcome == queueFileVanished:
			snap.Vanished++
		case result.outcome == queueFileIncomplete:
			snap.Incomplete++
		case result.err != nil:
			snap.Counts[job.queue]++
			snap.Errors = append(snap.Errors, QueueFileError{Queue: job.queue, QueueID: job.id, Path: job.filePath(), Err: result.err})
		default:
			snap.Counts[job.queue]++
			messages[kept] = messages[i]
			kept++
		}
	}
	clear(messages[kept:])
	snap.Messages = messages[:kept]
	sortQueued(snap.Messages)
	slices.SortFunc(snap.Errors, func(a, b QueueFileError) int { return strings.Compare(a.Path, b.Path) })
	return snap, nil
}

// readQueueJobs reads the queue files of jobs with their logfiles,
// several at once (workers, 0 meaning GOMAXPROCS). It returns the messages
// and the outcomes in the order of jobs; a message is zero where its
// outcome is not a file read. After ctx is canceled the remaining files
// are left unread.
func readQueueJobs(ctx context.Context, jobs []queueJob, logs queueLogs, workers int) ([]QueuedMessage, []readResult) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	messages := make([]QueuedMessage, len(jobs))
	results := make([]readResult, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(len(jobs), 1)) {
		wg.Go(func() {
			reader := newQueueFileReader()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				if ctx.Err() != nil {
					return
				}
				messages[i], results[i] = reader.readWithLogs(jobs[i], logs)
			}
		})
	}
	wg.Wait()
	return messages, results
}

// queueDirError describes why a queue directory cannot be read.
func queueDirError(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%w: %s: run mailtop as root or the postfix user", ErrQueuePermission, dir)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("queue directory %s not found: %w; check queue_directory with postconf -h queue_directory", dir, err)
	}
	return fmt.Errorf("read queue directory %s: %w", dir, err)
}

// walkQueueDir calls visit for every entry of dir that is not a directory,
// descending into subdirectories up to maxHashDepth. A missing dir is
// empty: a queue may not exist yet, and a hash subdirectory may be removed
// while the scan runs.
func walkQueueDir(ctx context.Context, dir string, depth int, visit func(name, path string, entry fs.DirEntry)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return queueDirError(dir, err)
	}
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		if entry.IsDir() {
			if depth+1 >= maxHashDepth {
				continue
			}
			if err := walkQueueDir(ctx, path, depth+1, visit); err != nil {
				return err
			}
			continue
		}
		visit(entry.Name(), path, entry)
	}
	return nil
}

// entryKind is the type of a directory entry, as scanDir.list reports it.
type entryKind uint8

const (
	entryOther entryKind = iota
	entryRegular
	entryDirectory
	entryUnknown // the file system gave no type; scanDir.list resolves it
)

// scanDirs are the directories a scan keeps open while it reads their
// files. Several goroutines add to it.
type scanDirs struct {
	mu   sync.Mutex
	open []*scanDir
}

func (s *scanDirs) add(dir *scanDir) {
	s.mu.Lock()
	s.open = append(s.open, dir)
	s.mu.Unlock()
}

// closeAll closes every directory added.
func (s *scanDirs) closeAll() {
	for _, dir := range s.open {
		dir.Close()
	}
	s.open = nil
}

// listQueueTree is walkQueueDir for a full scan: visit gets the directory,
// opened and added to dirs, and the entry's name and kind. Entries come in
// directory order, unsorted.
func listQueueTree(ctx context.Context, path string, depth int, dirs *scanDirs, visit func(dir *scanDir, name string, kind entryKind)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", path, err)
	}
	dir, err := openScanDir(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return queueDirError(path, err)
	}
	dirs.add(dir)

	var subdirs []string
	err = dir.list(func(name string, kind entryKind) {
		if kind == entryDirectory {
			if depth+1 < maxHashDepth {
				subdirs = append(subdirs, name)
			}
			return
		}
		visit(dir, name, kind)
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return queueDirError(path, err)
	}
	for _, name := range subdirs {
		if err := listQueueTree(ctx, path+"/"+name, depth+1, dirs, visit); err != nil {
			return err
		}
	}
	return nil
}

// sortQueued sorts messages in compareQueued order. It sorts indexes and
// then moves each message once, along the cycles of the permutation,
// because a QueuedMessage is about 200 bytes and a sort swaps elements
// many times.
func sortQueued(messages []QueuedMessage) {
	order := make([]int32, len(messages))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return compareQueuedAt(&messages[a], &messages[b]) })
	// order[i] is the index of the message that belongs at i; -1 marks a
	// place already filled.
	for start := range order {
		if order[start] < 0 {
			continue
		}
		first := messages[start]
		at := start
		for {
			from := int(order[at])
			order[at] = -1
			if from == start {
				messages[at] = first
				break
			}
			messages[at] = messages[from]
			at = from
		}
	}
}

// compareQueued orders messages by arrival time, then queue ID and queue.
func compareQueued(a, b QueuedMessage) int {
	return compareQueuedAt(&a, &b)
}

// compareQueuedAt is compareQueued without copying the messages.
func compareQueuedAt(a, b *QueuedMessage) int {
	if c := a.Arrival.Compare(b.Arrival); c != 0 {
		return c
	}
	if c := strings.Compare(a.QueueID, b.QueueID); c != 0 {
		return c
	}
	return strings.Compare(a.Queue, b.Queue)
}
