package sources

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/mailtop/mailtop/parsers"
)

type queueFileOutcome uint8

const (
	queueFileRead queueFileOutcome = iota
	queueFileVanished
	queueFileIncomplete
)

// listingOptions parses the fields a QueuedMessage contains: the envelope,
// with the attributes that name the submitting client.
var listingOptions = parsers.QueueFileOptions{
	Attributes: []string{"sasl_username", "log_client_name", "log_client_address"},
}

// headSize is how much of a queue file a queueFileReader reads at once.
// The envelope of a message with a few recipients takes well under 1 KiB,
// so this covers the whole file of most messages.
const headSize = 16 << 10

// maxKeptLogBuffer bounds the logfile buffer a queueFileReader keeps
// between files, so one huge logfile does not stay in memory.
const maxKeptLogBuffer = 1 << 20

// queueFileReader reads queue files and their logfiles into buffers it
// reuses from file to file. One goroutine uses it at a time.
type queueFileReader struct {
	head    []byte
	log     []byte
	entries []parsers.DeferEntry
	matched []bool
}

func newQueueFileReader() *queueFileReader {
	return &queueFileReader{head: make([]byte, headSize), log: make([]byte, 0, 4096)}
}

// readerPool contains queueFileReaders for readQueueFile and attachLog,
// which the QueueWatcher calls one file at a time.
var readerPool = sync.Pool{New: func() any { return newQueueFileReader() }}

// readQueueFile opens and parses one queue file, without its logfiles.
func readQueueFile(job queueJob) (QueuedMessage, queueFileOutcome, error) {
	reader := readerPool.Get().(*queueFileReader)
	defer readerPool.Put(reader)
	return reader.read(job)
}

// attachLog adds the entries of a defer or bounce logfile to the
// recipients they name; see queueFileReader.attachLog.
func attachLog(msg *QueuedMessage, path string, bounce bool) {
	reader := readerPool.Get().(*queueFileReader)
	defer readerPool.Put(reader)
	reader.attachLog(msg, path, bounce)
}

// readWithLogs reads one queue file and attaches its defer and bounce
// logfiles.
func (r *queueFileReader) readWithLogs(job queueJob, logs queueLogs) (QueuedMessage, readResult) {
	msg, outcome, err := r.read(job)
	if outcome != queueFileRead || err != nil {
		return QueuedMessage{}, readResult{outcome: outcome, err: err}
	}
	if dir, ok := logs.deferred[job.id]; ok {
		r.attachLogIn(&msg, dir, job.id, false)
	}
	if dir, ok := logs.bounced[job.id]; ok {
		r.attachLogIn(&msg, dir, job.id, true)
	}
	return msg, readResult{}
}

// read opens and parses one queue file. A parse error is retried once,
// because qmgr may be rewriting a record in place.
func (r *queueFileReader) read(job queueJob) (QueuedMessage, queueFileOutcome, error) {
	file, info, err := openJob(job)
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

	// One read fetches the whole envelope of most files. The parser reads
	// the rest, such as the extracted segment past a large content, from
	// the file.
	head := &headReader{file: file}
	if err := head.load(r.head, info.size); err != nil {
		return QueuedMessage{}, queueFileRead, err
	}
	parsed, err := parsers.ParseQueueFile(head, listingOptions)
	if err != nil {
		if err := head.load(r.head, info.size); err != nil {
			return QueuedMessage{}, queueFileRead, err
		}
		parsed, err = parsers.ParseQueueFile(head, listingOptions)
	}
	if err != nil {
		return QueuedMessage{}, queueFileRead, err
	}
	msg := QueuedMessage{
		Queue:        job.queue,
		QueueID:      job.id,
		Arrival:      parsed.Arrival,
		Size:         parsed.ContentSize,
		Sender:       parsed.Sender,
		ForcedExpire: info.perm&0o010 != 0,
		FileProblem:  job.owner.fileProblem(job.queue, info),
		SASLUsername: parsed.Attributes["sasl_username"],
	}
	if msg.FileProblem != QueueFileOK {
		msg.FileUID = info.uid
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
	for _, rcpt := range parsed.Recipients {
		msg.Recipients = append(msg.Recipients, QueuedRecipient{
			Address:     rcpt.Address,
			OrigAddress: rcpt.OrigAddress,
			Done:        rcpt.Done,
		})
	}
	return msg, queueFileRead, nil
}

// queueFile is an open queue file: a *rawFile on Linux, an *os.File
// elsewhere.
type queueFile interface {
	io.ReaderAt
	io.Closer
}

// openJob opens the job's file, relative to its directory when a full scan
// keeps that open, and by its path otherwise.
func openJob(job queueJob) (queueFile, queueFileInfo, error) {
	if job.dir != nil {
		file, info, err := job.dir.openFile(job.id)
		if err != nil {
			return nil, info, err
		}
		return file, info, nil
	}
	file, info, err := openQueueFile(job.path)
	if err != nil {
		return nil, info, err
	}
	return file, info, nil
}

// headReader serves reads from the first bytes of a file, read at once,
// and reads the file itself beyond them.
type headReader struct {
	file  io.ReaderAt
	head  []byte
	whole bool // head contains the whole file
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
// recipients they name, the newest entry of each address. An entry that
// matches no recipient is added as a recipient of its own, as showq lists
// it. A logfile that vanished or cannot be read adds nothing, because qmgr
// deletes defer logfiles at each attempt.
//
// NOTE: postsuper -r leaves the old ID's defer logfile behind, so when
// Postfix later reuses that ID, its entries may be attached to an unrelated
// message until the next delivery attempt deletes them.
func (r *queueFileReader) attachLog(msg *QueuedMessage, path string, bounce bool) {
	data, err := readWholeFile(path, r.log[:0])
	r.attachData(msg, data, err, bounce)
}

// attachLogIn is attachLog for the logfile name in dir.
func (r *queueFileReader) attachLogIn(msg *QueuedMessage, dir *scanDir, name string, bounce bool) {
	data, err := dir.readFile(name, r.log[:0])
	r.attachData(msg, data, err, bounce)
}

// attachData attaches the logfile data that attachLog or attachLogIn read,
// unless reading it failed.
func (r *queueFileReader) attachData(msg *QueuedMessage, data []byte, err error, bounce bool) {
	if cap(data) <= maxKeptLogBuffer {
		r.log = data[:0]
	}
	if err != nil {
		return
	}
	all := parsers.AppendDeferEntries(r.entries[:0], data)
	entries := keepLastEntries(all)
	r.matched = resetFlags(r.matched, len(entries))

	index := newEntryIndex(entries)
	for i := range msg.Recipients {
		rcpt := &msg.Recipients[i]
		at := index.find(entries, rcpt.Address)
		if at < 0 {
			if quoted := quoteLocalPart(rcpt.Address); quoted != rcpt.Address {
				at = index.find(entries, quoted)
			}
		}
		if at < 0 {
			continue
		}
		r.matched[at] = true
		applyLogEntry(rcpt, entries[at], bounce)
	}

	for i, entry := range entries {
		if r.matched[i] {
			continue
		}
		rcpt := QueuedRecipient{Address: entry.Recipient, OrigAddress: entry.OrigRecipient}
		applyLogEntry(&rcpt, entry, bounce)
		msg.Recipients = append(msg.Recipients, rcpt)
	}
	// Drop the strings, so that the reused slice does not keep them alive.
	clear(all)
	r.entries = all[:0]
}

// resetFlags returns flags with length n, all false, reusing its array
// when large enough.
func resetFlags(flags []bool, n int) []bool {
	if cap(flags) < n {
		return make([]bool, n)
	}
	flags = flags[:n]
	clear(flags)
	return flags
}

// smallLog is the maximum number of logfile entries searched one by one.
// A longer logfile, such as one for a message to hundreds of recipients, gets a map.
const smallLog = 16

// keepLastEntries removes every entry that a later entry of the same
// address replaces, in place, and returns the shortened slice in the order
// of the entries kept.
func keepLastEntries(entries []parsers.DeferEntry) []parsers.DeferEntry {
	kept := entries[:0]
	if len(entries) <= smallLog {
		for i, entry := range entries {
			replaced := false
			for _, later := range entries[i+1:] {
				if later.Recipient == entry.Recipient {
					replaced = true
					break
				}
			}
			// kept is never longer than i, so this writes only to
			// entries already read.
			if !replaced {
				kept = append(kept, entry)
			}
		}
		return kept
	}
	last := make(map[string]int, len(entries))
	for i, entry := range entries {
		last[entry.Recipient] = i
	}
	for i, entry := range entries {
		if last[entry.Recipient] == i {
			kept = append(kept, entry)
		}
	}
	return kept
}

// entryIndex finds the entry of an address among entries with distinct
// addresses: by a map for long logfiles, one by one otherwise.
type entryIndex struct {
	byAddress map[string]int
}

func newEntryIndex(entries []parsers.DeferEntry) entryIndex {
	if len(entries) <= smallLog {
		return entryIndex{}
	}
	index := entryIndex{byAddress: make(map[string]int, len(entries))}
	for i, entry := range entries {
		index.byAddress[entry.Recipient] = i
	}
	return index
}

// find returns the index of the entry for address, or -1.
func (x entryIndex) find(entries []parsers.DeferEntry, address string) int {
	if x.byAddress != nil {
		if i, ok := x.byAddress[address]; ok {
			return i
		}
		return -1
	}
	for i := range entries {
		if entries[i].Recipient == address {
			return i
		}
	}
	return -1
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
