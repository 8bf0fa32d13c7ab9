package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
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
// with Source QueueFromPostqueue.
func ScanQueue(ctx context.Context, queueDir string, opts QueueOptions) (QueueSnapshot, error) {
	queues := opts.Queues
	if len(queues) == 0 {
		queues = MessageQueues
	}
	snap, err := scanDirectory(ctx, queueDir, queues, opts.Workers)
	if err == nil || !errors.Is(err, ErrQueuePermission) || opts.Runner == nil {
		return snap, err
	}
	fallback, postqueueErr := scanPostqueue(ctx, opts.Runner, opts.ConfigDir, queueDir, queues)
	if postqueueErr != nil {
		return QueueSnapshot{}, fmt.Errorf("%w, and the fallback failed: %w", err, postqueueErr)
	}
	fallback.FallbackReason = err.Error()
	return fallback, nil
}

// queueJob is one file found in a queue directory.
type queueJob struct {
	queue string
	id    string
	path  string
}

// queueScan collects what the workers find.
type queueScan struct {
	mu   sync.Mutex
	snap QueueSnapshot
	logs map[string]string // "defer/ID" or "bounce/ID" to the logfile's path
}

func scanDirectory(ctx context.Context, queueDir string, queues []string, workers int) (QueueSnapshot, error) {
	scan := &queueScan{
		snap: QueueSnapshot{Dir: queueDir, Source: QueueFromDirectory, Counts: make(map[string]int)},
		logs: make(map[string]string),
	}
	for _, q := range queues {
		scan.snap.Counts[q] = 0
	}
	if _, err := os.Stat(queueDir); err != nil {
		return scan.snap, queueDirError(queueDir, err)
	}

	// The defer and bounce logfiles are listed first, so each worker can
	// find a message's logfile without knowing the hash depth.
	for _, dir := range []string{"defer", "bounce"} {
		err := walkQueueDir(ctx, filepath.Join(queueDir, dir), 0, func(name, path string, _ fs.DirEntry) {
			if parsers.ValidQueueID(name) {
				scan.logs[dir+"/"+name] = path
			}
		})
		if err != nil {
			return scan.snap, err
		}
	}

	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan queueJob, 64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for job := range jobs {
				if ctx.Err() != nil {
					continue
				}
				scan.read(job)
			}
		})
	}

	var walkErr error
	for _, q := range queues {
		walkErr = walkQueueDir(ctx, filepath.Join(queueDir, q), 0, func(name, path string, entry fs.DirEntry) {
			if !parsers.ValidQueueID(name) || !entry.Type().IsRegular() {
				scan.count(func(s *QueueSnapshot) { s.Skipped++ })
				return
			}
			jobs <- queueJob{queue: q, id: name, path: path}
		})
		if walkErr != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return scan.snap, walkErr
	}
	if err := ctx.Err(); err != nil {
		return scan.snap, fmt.Errorf("scan queue %s: %w", queueDir, err)
	}

	slices.SortFunc(scan.snap.Messages, compareQueued)
	slices.SortFunc(scan.snap.Errors, func(a, b QueueFileError) int { return strings.Compare(a.Path, b.Path) })
	return scan.snap, nil
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

func (s *queueScan) count(update func(*QueueSnapshot)) {
	s.mu.Lock()
	update(&s.snap)
	s.mu.Unlock()
}

// read reads one queue file and its logfiles into the snapshot.
func (s *queueScan) read(job queueJob) {
	msg, outcome, err := readQueueFile(job)
	if outcome == queueFileVanished {
		s.count(func(snap *QueueSnapshot) { snap.Vanished++ })
		return
	}
	if outcome == queueFileIncomplete {
		s.count(func(snap *QueueSnapshot) { snap.Incomplete++ })
		return
	}
	if err != nil {
		s.count(func(snap *QueueSnapshot) {
			snap.Counts[job.queue]++
			snap.Errors = append(snap.Errors, QueueFileError{Queue: job.queue, QueueID: job.id, Path: job.path, Err: err})
		})
		return
	}

	if path, ok := s.logs["defer/"+job.id]; ok {
		attachLog(&msg, path, false)
	}
	if path, ok := s.logs["bounce/"+job.id]; ok {
		attachLog(&msg, path, true)
	}
	s.count(func(snap *QueueSnapshot) {
		snap.Counts[job.queue]++
		snap.Messages = append(snap.Messages, msg)
	})
}

type queueFileOutcome uint8

const (
	queueFileRead queueFileOutcome = iota
	queueFileVanished
	queueFileIncomplete
)

// readQueueFile opens and parses one queue file. A parse error is retried
// once, because qmgr may be rewriting a record in place.
func readQueueFile(job queueJob) (QueuedMessage, queueFileOutcome, error) {
	file, info, err := openQueueFile(job.path)
	if errors.Is(err, fs.ErrNotExist) {
		return QueuedMessage{}, queueFileVanished, nil
	}
	if err != nil {
		return QueuedMessage{}, queueFileRead, err
	}
	defer file.Close()

	if info.perm&0o700 != 0o700 {
		return QueuedMessage{}, queueFileIncomplete, nil
	}

	// One read fetches the whole envelope of most files; the parser reads
	// the rest, such as the extracted segment past a large content, from
	// the file.
	buf := headPool.Get().(*[]byte)
	defer headPool.Put(buf)
	reader := &headReader{file: file}
	if err := reader.load(*buf, info.size); err != nil {
		return QueuedMessage{}, queueFileRead, err
	}
	parsed, err := parsers.ParseQueueFile(reader, parsers.QueueFileOptions{})
	if err != nil {
		if err := reader.load(*buf, info.size); err != nil {
			return QueuedMessage{}, queueFileRead, err
		}
		parsed, err = parsers.ParseQueueFile(reader, parsers.QueueFileOptions{})
	}
	if err != nil {
		return QueuedMessage{}, queueFileRead, err
	}
	mode := info.perm
	msg := QueuedMessage{
		Queue:        job.queue,
		QueueID:      job.id,
		Arrival:      parsed.Arrival,
		Size:         parsed.ContentSize,
		Sender:       parsed.Sender,
		ForcedExpire: mode.Perm()&0o010 != 0,
		SASLUsername: parsed.Attributes["sasl_username"],
	}
	// Like showq, fall back to the file's time and size where the file
	// does not say (maildrop files may lack T and C).
	if msg.Arrival.IsZero() {
		msg.Arrival = info.modTime
	}
	if msg.Size <= 0 {
		msg.Size = info.size
	}
	if job.queue == QueueDeferred {
		msg.NextRetry = info.modTime
	}
	if name := parsed.Attributes["log_client_name"]; name != "" {
		msg.Client = name + "[" + parsed.Attributes["log_client_address"] + "]"
	}
	msg.Recipients = make([]QueuedRecipient, 0, len(parsed.Recipients))
	for _, r := range parsed.Recipients {
		msg.Recipients = append(msg.Recipients, QueuedRecipient{
			Address:     r.Address,
			OrigAddress: r.OrigAddress,
			Done:        r.Done,
		})
	}
	return msg, queueFileRead, nil
}

// headSize is how much of a queue file readQueueFile reads at once. The
// envelope of a message with a few recipients takes well under 1 KiB, so
// this holds the whole file of most messages.
const headSize = 16 << 10

// headPool recycles the buffers readQueueFile reads into.
var headPool = sync.Pool{New: func() any {
	buf := make([]byte, headSize)
	return &buf
}}

// headReader serves reads from the first bytes of a file, read at once,
// and reads the file itself beyond them.
type headReader struct {
	file  io.ReaderAt
	head  []byte
	whole bool // head holds the whole file
}

// load reads the first bytes of the file, up to len(buf) or size.
func (h *headReader) load(buf []byte, size int64) error {
	want := buf
	if size >= 0 && size < int64(len(buf)) {
		// One byte more than the size, so that a file that grew since
		// it was stat'ed is not taken for whole.
		want = buf[:size+1]
	}
	n, err := h.file.ReadAt(want, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	h.head = want[:n]
	h.whole = n < len(want)
	return nil
}

// ReadAt reads like io.ReaderAt.
func (h *headReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("read at negative offset %d", off)
	}
	if off+int64(len(p)) <= int64(len(h.head)) {
		return copy(p, h.head[off:]), nil
	}
	if !h.whole {
		return h.file.ReadAt(p, off)
	}
	if off >= int64(len(h.head)) {
		return 0, io.EOF
	}
	return copy(p, h.head[off:]), io.EOF
}

// attachLog adds the entries of a defer or bounce logfile to the
// recipients they name. An entry that matches no recipient is added as a
// recipient of its own, as showq lists it. A logfile that vanished or
// cannot be read adds nothing: qmgr deletes defer logfiles at each attempt.
//
// NOTE: postsuper -r leaves the old ID's defer logfile behind, so when
// Postfix later reuses that ID, its entries may be attached to an unrelated
// message until the next delivery attempt deletes them.
func attachLog(msg *QueuedMessage, path string, bounce bool) {
	data, err := readSmallFile(path)
	if err != nil {
		return
	}
	entries := parsers.ParseDeferLog(data)
	matched := make(map[string]bool, len(entries))
	for i := range msg.Recipients {
		r := &msg.Recipients[i]
		entry, ok := entries[r.Address]
		if !ok {
			entry, ok = entries[quoteLocalPart(r.Address)]
		}
		if !ok {
			continue
		}
		matched[entry.Recipient] = true
		applyLogEntry(r, entry, bounce)
	}
	for address, entry := range entries {
		if matched[address] {
			continue
		}
		r := QueuedRecipient{Address: address, OrigAddress: entry.OrigRecipient}
		applyLogEntry(&r, entry, bounce)
		msg.Recipients = append(msg.Recipients, r)
	}
}

func applyLogEntry(r *QueuedRecipient, entry parsers.DeferEntry, bounce bool) {
	if bounce {
		r.BounceReason = entry.Reason
		return
	}
	r.Status = entry.Status
	r.Reason = entry.Reason
	if r.OrigAddress == "" {
		r.OrigAddress = entry.OrigRecipient
	}
}

// quoteLocalPart returns address in the quoted external form logfiles use
// when its local part needs quoting, such as "a b"@example.com, and
// address unchanged otherwise.
func quoteLocalPart(address string) string {
	at := strings.LastIndexByte(address, '@')
	if at <= 0 {
		return address
	}
	local := address[:at]
	if !strings.ContainsAny(local, " \"\\(),:;<>@[]") {
		return address
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(local); i++ {
		if local[i] == '"' || local[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(local[i])
	}
	b.WriteByte('"')
	b.WriteString(address[at:])
	return b.String()
}

// compareQueued orders messages by arrival time, then queue ID and queue.
func compareQueued(a, b QueuedMessage) int {
	if c := a.Arrival.Compare(b.Arrival); c != 0 {
		return c
	}
	if c := strings.Compare(a.QueueID, b.QueueID); c != 0 {
		return c
	}
	return strings.Compare(a.Queue, b.Queue)
}
