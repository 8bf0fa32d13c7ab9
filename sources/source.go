// Package sources turns the outside world into streams of log lines: log
// files, their rotations, standard input, and the Postfix instance that
// names them. It owns all file and process IO of the read path.
package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"
)

// Batch limits. A batch is delivered as soon as it has at least one line,
// so these only bound it. When a backlog is read, the parser and the
// collector hand each batch from one goroutine to the other, and each
// hand-off may wake a sleeping thread. With 64 KiB batches, `report` on 5 M
// generated lines ran about 10 % longer than with 256 KiB ones.
const (
	// MaxBatchLines is the largest number of lines Next returns at once.
	MaxBatchLines = 8192
	// MaxBatchBytes is the largest total length of the Text of one batch.
	MaxBatchBytes = 256 << 10
	// MaxLineBytes is the longest Text a Line carries. A longer line is cut
	// to its first MaxLineBytes bytes and the rest of it is skipped; Postfix
	// itself cuts its text at 2000 bytes.
	MaxLineBytes = 16 << 10
)

// Line is one log line.
type Line struct {
	// Text is the line without its trailing newline. It may contain any
	// bytes, including invalid UTF-8. In a file or a stream, a run of NUL
	// bytes ends a line as a newline does and is removed. An unclean
	// shutdown can leave such padding in a log, often right after a line
	// that it cut short. So only a line from the journal contains NUL
	// bytes. The rest of a cut line after the padding is dropped unless it
	// starts with a timestamp, and a line of nothing but NUL bytes is
	// delivered empty, so that each damaged line counts once (see
	// padding.go).
	Text []byte
	// Origin is the path the line was read from as it was passed to
	// OpenLogs, or "-" for standard input. A followed file keeps its path
	// across rotations.
	Origin string
	// Reference places the line's yearless timestamp in a year, as
	// parsers.Options.Reference does. It is the file's modification time at
	// OpenLogs for lines read before the end of the file was reached, and
	// the current time for lines read while following or from standard
	// input.
	Reference time.Time
}

// LogSource is a stream of log lines read in batches.
//
// Next blocks until at least one line is available and returns up to
// MaxBatchLines lines with no more than MaxBatchBytes of Text in total. A
// live source returns what it has at once instead of waiting for a full
// batch. Next returns io.EOF when a source that does not follow has
// delivered every line. It returns ctx.Err() when ctx ends first, and a
// later call continues where the stream stopped.
//
// The returned slice and the bytes of every Text belong to the source and
// stay valid only until the next call to Next or Close. Callers copy what
// they keep. A LogSource is not safe for concurrent use.
type LogSource interface {
	Next(ctx context.Context) ([]Line, error)
	Close() error
}

// Options controls OpenLogs.
type Options struct {
	// Since skips the lines stamped before it. The zero value reads the
	// files from their start (--since all). Plain files are positioned by a
	// binary search on their timestamps, without reading what comes before.
	Since time.Time
	// Follow keeps reading the last file as it grows and across rotations,
	// or standard input until it closes. Next then never returns io.EOF
	// for a file.
	Follow bool
	// Logger receives the source's own diagnostics: rotations, recovered
	// and lost lines, errors it works around. Nil discards them.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Location is the zone of timestamps that carry no offset, used to
	// compare them with Since and to order files; nil means time.Local.
	Location *time.Location
	// Year is the year of yearless timestamps when it is not zero;
	// otherwise a file's modification time supplies it.
	Year int
	// AtEnd starts every file at its end, as tail -f -n 0 does, so that a
	// followed file returns only the lines written after OpenLogs. Since
	// is then ignored.
	AtEnd bool
}

// stdinPath is the path that names standard input.
const stdinPath = "-"

// OpenLogs opens the logs at paths and returns one stream of their lines.
//
// Files are read one after the other in the order of their first
// timestamps, so mail.log.1 comes before mail.log. A file without any
// readable timestamp is placed by its modification time. When opts.Follow
// is set, the last file is followed after its end, across rotations. The
// path "-" is standard input. It may be given once and is read after the
// files, which are then not followed. A path ending in ".gz" is read
// through gzip from its start and never followed.
//
// Every file is opened before OpenLogs returns, so an unreadable path is
// reported here and not by Next.
//
// A log file whose first 64 KiB look binary is rejected with an error
// wrapping ErrBinaryLog, which OpenLogs returns. Standard input is checked
// only without opts.Follow. Next returns the error for it once the bytes
// that decide arrive, after the lines before them, because classify prints
// the lines of a pipe as they come and must not wait for 64 KiB.
func OpenLogs(paths []string, opts Options) (LogSource, error) {
	if len(paths) == 0 {
		return nil, errors.New("no log path given: pass --log PATH")
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
	silenceTailLibrary(opts.Logger)

	var logs []openedLog
	closeAll := func() {
		for _, log := range logs {
			log.part.close()
		}
	}
	useStdin := false
	for _, path := range paths {
		if path == stdinPath {
			if useStdin {
				closeAll()
				return nil, errors.New(`log path "-" (standard input) given more than once`)
			}
			useStdin = true
			continue
		}
		log, err := openLog(path, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		logs = append(logs, log)
	}

	sort.SliceStable(logs, func(i, j int) bool { return logs[i].orderKey.Before(logs[j].orderKey) })
	s := &multiSource{batch: newBatch()}
	for i, log := range logs {
		if log.file != nil {
			log.file.follow = opts.Follow && !useStdin && i == len(logs)-1
			seek := func() error { return log.file.seekSince(opts.Since) }
			if opts.AtEnd {
				seek = log.file.seekEnd
			}
			if err := seek(); err != nil {
				closeAll()
				return nil, err
			}
		}
		s.parts = append(s.parts, log.part)
	}
	if useStdin {
		stdin := newStreamSource(os.Stdin, stdinPath, opts, time.Time{}, nil)
		if !opts.Follow {
			stdin.probe = newTextProbe(StandardInputName)
		}
		s.parts = append(s.parts, stdin)
	}
	return s, nil
}

// openedLog is one file named to OpenLogs, opened and not yet ordered.
type openedLog struct {
	part part
	// orderKey places the file among several: its first timestamp, or
	// its modification time when it has none.
	orderKey time.Time
	// file is set for a plain file, which can be positioned and followed.
	file *fileSource
}

// openLog opens a plain or a gzip-compressed log.
func openLog(path string, opts Options) (openedLog, error) {
	if strings.HasSuffix(path, ".gz") {
		return openGzipLog(path, opts)
	}
	f, err := openFileSource(path, opts)
	if err != nil {
		return openedLog{}, err
	}
	return openedLog{part: f, orderKey: f.orderKey, file: f}, nil
}

// part is one input of a multiSource.
type part interface {
	// fill appends lines to b. It returns io.EOF once the part has nothing
	// more to give, possibly together with lines.
	fill(ctx context.Context, b *batch) error
	close() error
	// progress returns how much of the part's history has been read. It
	// is called from other goroutines while another one reads the part.
	progress() Progress
}

// sinceSkipper is a part that can count the lines that Options.Since
// skipped.
type sinceSkipper interface {
	skippedBeforeSince() (int64, error)
}

// SkippedBeforeSince returns the number of lines that Options.Since
// skipped in every part read so far. For a plain file it reads the part
// of the file before the position that --since chose, so a caller asks
// only when it shows the count.
func (s *multiSource) SkippedBeforeSince() (int64, error) {
	var total int64
	for _, p := range s.parts {
		skipper, ok := p.(sinceSkipper)
		if !ok {
			continue
		}
		n, err := skipper.skippedBeforeSince()
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// multiSource reads its parts one after the other.
type multiSource struct {
	parts  []part
	next   int // index of the part being read
	batch  *batch
	closed bool
}

func (s *multiSource) Next(ctx context.Context) ([]Line, error) {
	if s.closed {
		return nil, errors.New("next on a closed log source")
	}
	b := s.batch
	b.reset()
	for s.next < len(s.parts) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		err := s.parts[s.next].fill(ctx, b)
		if errors.Is(err, io.EOF) {
			s.parts[s.next].close()
			s.next++
			if len(b.lines) > 0 {
				return b.lines, nil
			}
			continue
		}
		if err != nil {
			return b.lines, err
		}
		if len(b.lines) > 0 {
			return b.lines, nil
		}
	}
	return nil, io.EOF
}

func (s *multiSource) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	for ; s.next < len(s.parts); s.next++ {
		errs = append(errs, s.parts[s.next].close())
	}
	return errors.Join(errs...)
}

// errNotRegular is wrapped by the error for a log path that is not a
// regular file.
var errNotRegular = errors.New("not a regular file")

// openRegular opens the log file at path for reading. A path that is not
// a regular file is rejected before it is opened, because opening a named
// pipe waits until some process writes to it. The file is checked again
// once open, in case it was replaced in between. Errors come from
// openError.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, nil, openError(path, fmt.Errorf("%w but %s", errNotRegular, describeFileType(info.Mode())))
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, openError(path, err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, openError(path, err)
	}
	if !info.Mode().IsRegular() {
		file.Close()
		return nil, nil, openError(path, fmt.Errorf("%w but %s", errNotRegular, describeFileType(info.Mode())))
	}
	return file, info, nil
}

// openError builds the error for a log that cannot be opened or read.
func openError(path string, err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err
	}
	var hint string
	switch {
	case path == "":
		return fmt.Errorf("cannot read log: the path is empty (give --log a file name, or - for standard input)")
	case errors.Is(err, fs.ErrNotExist):
		hint = "check the path: no file has that name"
	case errors.Is(err, fs.ErrPermission) && os.Geteuid() != 0:
		hint = "run mailtop as root, or as a user in the group that can read the log"
	case errors.Is(err, errNotRegular) && strings.HasSuffix(err.Error(), describeFileType(fs.ModeNamedPipe)):
		hint = "to read the output of a command, pipe it into mailtop with --log -, as in: zcat mail.log.2.gz | mailtop report --log -"
	default:
		hint = "pass --log PATH to name a readable log"
	}
	return fmt.Errorf("cannot read log %s: %w (%s)", path, err, hint)
}

// describeFileType names what a path is when it is not a regular file.
func describeFileType(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
