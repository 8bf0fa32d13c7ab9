package sources

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrNoJournal means the systemd journal cannot be read: journalctl is not
// installed, or the machine keeps no journal files.
var ErrNoJournal = errors.New("no systemd journal found")

// MailFacilityMatch is the journalctl match for syslog's mail facility,
// which every Postfix program logs to unless syslog_facility is changed.
const MailFacilityMatch = "SYSLOG_FACILITY=2"

// Restart delays of a followed journalctl that exited: the first wait, and
// the most it grows to while journalctl keeps exiting without output.
const (
	defaultRestartDelay = time.Second
	maxRestartDelay     = 30 * time.Second
)

// maxJournalRecordBytes bounds one JSON line from journalctl. A record is
// several times the size of its MESSAGE, because a MESSAGE with bytes that
// are not printable UTF-8 is printed as an array of numbers, up to four
// bytes of JSON for each byte. Longer records are skipped.
const maxJournalRecordBytes = 1 << 20

// journalStampLayout is the RFC 3339 header of the lines made from journal
// entries: what rsyslog writes by default on Debian, which the parser reads.
const journalStampLayout = "2006-01-02T15:04:05.000000-07:00"

// journalOrigin is the Origin of the lines read from the journal.
const journalOrigin = "journal"

// journalDirs are the directories of journald's files: persistent, then
// volatile.
var journalDirs = []string{"/var/log/journal", "/run/log/journal"}

// JournalDirectories returns the directories where journald keeps its
// files, which FindJournal looks in: the persistent one, then the volatile
// one.
func JournalDirectories() []string {
	return slices.Clone(journalDirs)
}

// JournalOptions controls OpenJournal.
type JournalOptions struct {
	// Command is the journalctl to run, a path or a name looked up in PATH.
	// Empty means "journalctl".
	Command string
	// Files are journal files to read instead of the system journal
	// (journalctl --file), and Directory a directory of them
	// (--directory). Both empty read the system journal.
	Files     []string
	Directory string
	// Matches select the entries, as journalctl arguments such as
	// "SYSLOG_IDENTIFIER=postfix/smtp". Nil means MailFacilityMatch.
	Matches []string
	// Since skips the entries stamped before it. The zero value reads the
	// whole journal.
	Since time.Time
	// Follow keeps reading new entries (journalctl --follow) and restarts
	// journalctl when it exits. Next then never returns io.EOF.
	Follow bool
	// Logger receives restarts, skipped entries and what journalctl writes
	// to stderr. Nil discards them.
	Logger *slog.Logger
	// Now returns the current time, the Reference of every line; nil means
	// time.Now.
	Now func() time.Time
	// Location is the zone of the timestamps written into the lines; nil
	// means time.Local.
	Location *time.Location
	// RestartDelay is the first wait before a followed journalctl that
	// exited is started again. It doubles while journalctl keeps exiting
	// without output, up to 30 seconds. Zero means one second.
	RestartDelay time.Duration
}

// FindJournalctl returns the path of journalctl in PATH. The error wraps
// ErrNoJournal.
func FindJournalctl() (string, error) {
	path, err := exec.LookPath("journalctl")
	if err != nil {
		return "", fmt.Errorf("%w: journalctl not found: %w", ErrNoJournal, err)
	}
	return path, nil
}

// FindJournal returns the path of journalctl when the machine also keeps
// journal files for it to read, in /var/log/journal or /run/log/journal.
// The error wraps ErrNoJournal and names what is missing.
func FindJournal() (string, error) {
	path, err := FindJournalctl()
	if err != nil {
		return "", err
	}
	for _, dir := range journalDirs {
		if hasJournalFiles(dir) {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: no journal files in %s", ErrNoJournal, strings.Join(journalDirs, " or "))
}

// hasJournalFiles reports whether dir or one of its subdirectories (one per
// machine ID) holds a journal file. Listing the directories needs no
// permission to read the files themselves.
func hasJournalFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, entry := range entries {
		if entry.IsDir() {
			if hasJournalFiles(filepath.Join(dir, entry.Name())) {
				return true
			}
			continue
		}
		name := entry.Name()
		if strings.HasSuffix(name, ".journal") || strings.HasSuffix(name, ".journal~") {
			return true
		}
	}
	return false
}

// OpenJournal starts journalctl to read the journal's mail entries as JSON
// and returns them as log lines. Each entry becomes one line in the format
// rsyslog writes, so the parser reads it like any other:
//
//	2026-12-04T19:46:52.999950+00:00 HOST IDENT[PID]: MESSAGE
//
// The stamp is _SOURCE_REALTIME_TIMESTAMP, else __REALTIME_TIMESTAMP, in
// opts.Location. HOST is _HOSTNAME, IDENT is SYSLOG_IDENTIFIER else _COMM,
// PID is SYSLOG_PID else _PID; a missing HOST or IDENT is written "-" and a
// missing PID drops the brackets. Newlines in MESSAGE become spaces. A
// field journalctl prints as an array of byte values (not printable UTF-8)
// is decoded to those bytes. A field that occurs more than once in an entry
// is printed as an array of values, of which the line takes the first. An
// entry without a MESSAGE is skipped. Every line has the Origin "journal"
// and the current time as its Reference.
//
// ctx bounds the life of journalctl: when it ends, or at Close, journalctl
// is stopped. When opts.Follow is set and journalctl exits, it is started
// again after a delay with --after-cursor and the cursor of the last entry
// returned, so no entry is lost or returned twice. A journalctl that fails
// on its first start without any output, or exits with an error while not
// following, makes Next return the error with what journalctl wrote to
// stderr. A later run that fails is started again like one that exits.
func OpenJournal(ctx context.Context, opts JournalOptions) (LogSource, error) {
	if opts.Command == "" {
		opts.Command = "journalctl"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Matches == nil {
		opts.Matches = []string{MailFacilityMatch}
	}
	if opts.RestartDelay <= 0 {
		opts.RestartDelay = defaultRestartDelay
	}
	command, err := exec.LookPath(opts.Command)
	if err != nil {
		return nil, fmt.Errorf("%w: %s not found: %w; install systemd's journalctl or pass --log PATH", ErrNoJournal, opts.Command, err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	s := &journalSource{
		opts:    opts,
		command: command,
		logger:  opts.Logger.With("log", journalOrigin),
		ctx:     runCtx,
		cancel:  cancel,
		batch:   newBatch(),
		delay:   opts.RestartDelay,
		started: opts.Since.IsZero(),
	}
	child, err := s.start()
	if err != nil {
		cancel()
		return nil, err
	}
	s.child = child
	return s, nil
}

// journalSource reads the entries one journalctl prints, and starts the
// next journalctl when it exits while following.
type journalSource struct {
	opts    JournalOptions
	command string
	logger  *slog.Logger
	// ctx is the context journalctl runs under; cancel stops it.
	ctx    context.Context
	cancel context.CancelFunc

	child *journalChild
	// restartAt is when the next journalctl starts, while child is nil.
	restartAt time.Time
	delay     time.Duration
	// cursor is the __CURSOR of the last entry added to a batch.
	cursor string
	// runs counts the journalctl processes started.
	runs int
	// started is set once an entry at or after Since was seen.
	started bool

	batch *batch
	// pending is a record read but not yet added, because the batch was
	// full.
	pending []byte
	// text is the scratch space a line is built in.
	text []byte
	// endErr is returned by Next once the last lines were returned: io.EOF,
	// or why journalctl failed.
	endErr error
	closed bool
}

// journalChild is one run of journalctl.
type journalChild struct {
	cmd *exec.Cmd
	// records carries the JSON lines of stdout, each its own copy. It is
	// closed after the process has exited and been waited for.
	records chan []byte
	// stop ends the reading goroutine early, at Close.
	stop chan struct{}
	// err is the error of cmd.Wait, valid once records is closed: nil for
	// a zero exit status.
	err error
	// output is set once stdout held a record.
	output bool

	stderrMu   sync.Mutex
	stderrTail []string
}

// journalStderrLines is how many of the last stderr lines of journalctl an
// error quotes.
const journalStderrLines = 3

// args returns the arguments of the next journalctl run.
func (s *journalSource) args() []string {
	args := []string{"--output=json", "--no-pager", "--all"}
	for _, file := range s.opts.Files {
		args = append(args, "--file="+file)
	}
	if s.opts.Directory != "" {
		args = append(args, "--directory="+s.opts.Directory)
	}
	switch {
	case s.cursor != "":
		args = append(args, "--after-cursor="+s.cursor)
	case !s.opts.Since.IsZero():
		// journalctl takes whole seconds; the entries of the second before
		// Since are dropped when they are read.
		args = append(args, "--since=@"+strconv.FormatInt(s.opts.Since.Unix(), 10))
	}
	if s.opts.Follow {
		// --no-tail, or journalctl --follow would start ten entries back
		// when no --since is given.
		args = append(args, "--follow", "--no-tail")
	}
	return append(args, s.opts.Matches...)
}

// start runs journalctl and a goroutine that reads its output.
func (s *journalSource) start() (*journalChild, error) {
	args := s.args()
	cmd := exec.CommandContext(s.ctx, s.command, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 2 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", s.command, err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", s.command, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: start %s: %w; install systemd's journalctl or pass --log PATH", ErrNoJournal, s.command, err)
	}
	s.runs++
	s.logger.Debug("started journalctl", "pid", cmd.Process.Pid, "args", args)

	child := &journalChild{
		cmd:     cmd,
		records: make(chan []byte, 256),
		stop:    make(chan struct{}),
	}
	stderrDone := make(chan struct{})
	go func() {
		defer close(stderrDone)
		child.readStderr(stderr, s.logger)
	}()
	go func() {
		child.readRecords(stdout, s.logger)
		<-stderrDone
		child.err = cmd.Wait()
		close(child.records)
	}()
	return child, nil
}

// readRecords sends each line of stdout to records until stdout ends or
// stop is closed. A line longer than maxJournalRecordBytes is skipped.
func (c *journalChild) readRecords(stdout io.Reader, logger *slog.Logger) {
	reader := bufio.NewReaderSize(stdout, 64<<10)
	var record []byte
	tooLong := false
	for {
		chunk, err := reader.ReadSlice('\n')
		switch {
		case tooLong:
		case len(record)+len(chunk) > maxJournalRecordBytes:
			logger.Warn("skipped a journal entry longer than the limit", "limit_bytes", maxJournalRecordBytes)
			tooLong = true
			record = nil
		default:
			record = append(record, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if !tooLong && len(bytes.TrimSpace(record)) > 0 {
			c.output = true
			select {
			case c.records <- record:
			case <-c.stop:
				io.Copy(io.Discard, stdout)
				return
			}
		}
		record = nil
		tooLong = false
		if err != nil {
			return
		}
	}
}

// readStderr logs what journalctl writes to stderr and keeps its last
// lines for the error that ends the run.
func (c *journalChild) readStderr(stderr io.Reader, logger *slog.Logger) {
	scanner := bufio.NewScanner(stderr)
	logged := 0
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		if logged < 20 {
			logger.Warn("journalctl wrote to stderr", "text", line)
			logged++
		}
		c.stderrMu.Lock()
		c.stderrTail = append(c.stderrTail, line)
		if len(c.stderrTail) > journalStderrLines {
			c.stderrTail = c.stderrTail[1:]
		}
		c.stderrMu.Unlock()
	}
	io.Copy(io.Discard, stderr)
}

// exitError describes why a run ended, with the end of its stderr.
func (c *journalChild) exitError(command string) error {
	c.stderrMu.Lock()
	tail := strings.Join(c.stderrTail, "; ")
	c.stderrMu.Unlock()
	err := c.err
	if err == nil {
		err = errors.New("exited")
	}
	if tail != "" {
		return fmt.Errorf("%s failed: %w: %s", command, err, tail)
	}
	return fmt.Errorf("%s failed: %w", command, err)
}

func (s *journalSource) Next(ctx context.Context) ([]Line, error) {
	if s.closed {
		return nil, errors.New("next on a closed log source")
	}
	b := s.batch
	b.reset()
	if s.pending != nil {
		record := s.pending
		s.pending = nil
		if !s.addRecord(b, record) {
			return nil, errors.New("journal entry does not fit an empty batch")
		}
	}
	for {
		if s.endErr != nil {
			if len(b.lines) > 0 {
				return b.lines, nil
			}
			return nil, s.endErr
		}
		if err := ctx.Err(); err != nil {
			return b.lines, err
		}
		if s.child == nil {
			if len(b.lines) > 0 {
				return b.lines, nil
			}
			if err := s.restart(ctx); err != nil {
				return nil, err
			}
			continue
		}

		var record []byte
		var open bool
		if len(b.lines) > 0 {
			select {
			case record, open = <-s.child.records:
			default:
				return b.lines, nil
			}
		} else {
			select {
			case record, open = <-s.child.records:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if !open {
			s.childEnded()
			continue
		}
		if !s.addRecord(b, record) {
			s.pending = record
			return b.lines, nil
		}
	}
}

// childEnded handles the exit of journalctl: the end of the stream when
// not following, or a restart after a delay.
func (s *journalSource) childEnded() {
	child := s.child
	s.child = nil
	if err := s.ctx.Err(); err != nil {
		s.endErr = fmt.Errorf("journalctl stopped: %w", err)
		return
	}
	if !s.opts.Follow {
		if child.err != nil {
			s.endErr = child.exitError(s.command)
		} else {
			s.endErr = io.EOF
		}
		return
	}
	if s.runs == 1 && !child.output && child.err != nil {
		// The first run failed before printing anything: a bad option, an
		// unreadable journal file. Starting it again would not help.
		s.endErr = child.exitError(s.command)
		return
	}
	if child.output {
		s.delay = s.opts.RestartDelay
	}
	s.restartAt = time.Now().Add(s.delay)
	s.logger.Warn("journalctl exited; starting it again", "err", child.exitError(s.command), "after", s.delay, "cursor", s.cursor)
	s.delay = min(2*s.delay, maxRestartDelay)
}

// restart waits until restartAt and starts journalctl again.
func (s *journalSource) restart(ctx context.Context) error {
	if wait := time.Until(s.restartAt); wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			s.endErr = fmt.Errorf("journalctl stopped: %w", s.ctx.Err())
			return s.endErr
		}
	}
	child, err := s.start()
	if err != nil {
		// The command was there at OpenJournal; try again later.
		s.restartAt = time.Now().Add(s.delay)
		s.logger.Warn("journalctl did not start; trying again", "err", err, "after", s.delay)
		s.delay = min(2*s.delay, maxRestartDelay)
		return nil
	}
	s.child = child
	return nil
}

// addRecord turns one JSON record into a line and adds it to b. It returns
// false when b has no room for the line. A record that is not a usable
// entry is logged, skipped, and reported as added.
func (s *journalSource) addRecord(b *batch, record []byte) bool {
	entry, err := decodeJournalEntry(record)
	if err != nil {
		s.logger.Warn("skipped a journal record that is not valid JSON", "err", err, "bytes", len(record))
		return true
	}
	if entry.message == nil {
		if entry.cursor != "" {
			s.cursor = entry.cursor
		}
		s.logger.Debug("skipped a journal entry without MESSAGE", "cursor", entry.cursor)
		return true
	}
	stamp := entry.stamp
	if stamp.IsZero() {
		stamp = s.opts.Now()
	}
	if !s.started {
		if stamp.Before(s.opts.Since) {
			if entry.cursor != "" {
				s.cursor = entry.cursor
			}
			return true
		}
		s.started = true
	}

	s.text = entry.appendLine(s.text[:0], stamp.In(s.opts.Location))
	if !addText(b, s.text, journalOrigin, s.opts.Now()) {
		return false
	}
	if entry.cursor != "" {
		s.cursor = entry.cursor
	}
	return true
}

func (s *journalSource) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.cancel()
	if s.child != nil {
		close(s.child.stop)
		for range s.child.records {
		}
		s.child = nil
	}
	return nil
}
