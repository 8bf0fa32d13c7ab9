package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/nxadm/tail"
)

// checkInterval is how often a followed file is checked for rotation and
// truncation. nxadm/tail polls at the same interval (its POLL_DURATION).
const checkInterval = 250 * time.Millisecond

// fileSource reads one log file, and follows it when it is the last one.
//
// Until the end of the file is reached, lines are read in batches with
// pread. After that, nxadm/tail follows the open descriptor while the
// source keeps the offset itself: every line the library returns must start
// exactly where the previous one ended, or the library is stopped and the
// file checked. Rotation is handled here and not in the library, which
// loses and repeats lines around it (see follow.go).
type fileSource struct {
	path   string
	opts   Options
	logger *slog.Logger

	// live is the file being read. The readers in backlog, oldest first,
	// are read to their end before it: a file renamed by rotation, or the
	// copy made by copytruncate.
	live    *fileReader
	backlog []*fileReader
	// retired is the file that rotation replaced, watched until
	// retiredUntil for lines its writer adds before it reopens the path.
	retired      *fileReader
	retiredUntil time.Time

	// modTime is the file's modification time at open, the Reference of
	// the lines that were in it then.
	modTime time.Time
	// orderKey places the file among several: its first timestamp, or its
	// modification time.
	orderKey time.Time
	stamps   stampReader

	follow bool
	// following is set once the end of the file was reached with follow
	// set; lines read after that take the current time as Reference.
	following bool
	tail      *tail.Tail
	// tailMisplaced is set when nxadm/tail returned a line that does not
	// start at the live offset.
	tailMisplaced bool
	// tailPaused keeps nxadm/tail stopped until the next check, after it
	// failed or when /proc is missing; the file is polled meanwhile.
	tailPaused bool
	ticker     *time.Ticker

	// history counts the bytes read of those the file held at open, from
	// where --since placed the start.
	history historyBytes
	// start is the offset reading started at.
	start int64
}

func openFileSource(path string, opts Options) (*fileSource, error) {
	file, info, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	// Read the head now, so that a file that opens but cannot be read (a
	// directory on some systems, an unreadable device) fails here, and a
	// binary file read once is rejected before its strings are counted.
	head, err := readHead(file)
	if err != nil {
		file.Close()
		return nil, openError(path, err)
	}
	if err := checkText(path, head); err != nil {
		file.Close()
		return nil, err
	}

	f := &fileSource{
		path:    path,
		opts:    opts,
		logger:  opts.Logger.With("log", path),
		live:    newFileReader(file, path, 0),
		modTime: info.ModTime(),
		stamps:  stampReader{year: opts.Year, reference: info.ModTime(), location: opts.Location},
	}
	f.orderKey = f.modTime
	f.history.total = info.Size()
	if stamp, ok, err := firstStamp(file, f.stamps); err != nil {
		file.Close()
		return nil, openError(path, err)
	} else if ok {
		f.orderKey = stamp
	}
	return f, nil
}

// seekSince moves the start of reading to the first line at or after since.
func (f *fileSource) seekSince(since time.Time) error {
	if since.IsZero() {
		return nil
	}
	info, err := f.live.file.Stat()
	if err != nil {
		return openError(f.path, err)
	}
	offset, err := findSince(f.live.file, info.Size(), since, f.stamps)
	if err != nil {
		return openError(f.path, err)
	}
	if err := f.startAt(offset, info.Size()); err != nil {
		return err
	}
	f.logger.Debug("positioned log for --since", "since", since, "offset", offset, "size", info.Size())
	return nil
}

// seekEnd moves the start of reading to the end of the file, so that only
// the lines written after it are read.
func (f *fileSource) seekEnd() error {
	info, err := f.live.file.Stat()
	if err != nil {
		return openError(f.path, err)
	}
	if err := f.startAt(info.Size(), info.Size()); err != nil {
		return err
	}
	f.logger.Debug("positioned log at its end", "offset", info.Size())
	return nil
}

// startAt makes reading start at offset in the file of size bytes.
func (f *fileSource) startAt(offset, size int64) error {
	f.live.offset = offset
	f.start = offset
	f.history.total = max(size-offset, 0)
	if err := f.live.loadMark(); err != nil {
		return openError(f.path, err)
	}
	return nil
}

func (f *fileSource) fill(ctx context.Context, b *batch) error {
	for {
		if err := f.readBacklog(b); err != nil || b.room() == 0 {
			return err
		}
		if len(f.backlog) > 0 {
			return nil
		}

		if f.tail == nil {
			if f.follow && !f.live.matchesMark(f.live.file, f.live.offset) {
				// Truncated and written again since the last read, as
				// copytruncate does: the old offset is inside new text.
				f.truncatedBeforeRead(b)
				continue
			}
			atEnd, err := f.live.readInto(b, !f.follow, f.reference())
			if err != nil {
				return fmt.Errorf("read log %s: %w", f.path, err)
			}
			f.history.set(f.live.offset - f.start)
			if atEnd {
				f.history.set(f.history.total)
			}
			if atEnd && !f.follow {
				return io.EOF
			}
			if !atEnd || len(b.lines) > 0 {
				return nil
			}
			f.following = true
			if err := f.startTail(); err != nil {
				return err
			}
		}

		if err := f.waitLive(ctx, b); err != nil || len(b.lines) > 0 {
			return err
		}
	}
}

// truncatedBeforeRead handles a truncation found before a read of the
// live file, as check does for one found while following.
func (f *fileSource) truncatedBeforeRead(b *batch) {
	size := int64(-1)
	if info, err := f.live.file.Stat(); err == nil {
		size = info.Size()
	}
	f.logger.Debug("log changed before the offset while reading it", "offset", f.live.offset, "size", size, "lines_in_batch", len(b.lines))
	f.truncated(size)
}

// readBacklog reads the readers queued before the live file to their ends.
func (f *fileSource) readBacklog(b *batch) error {
	for len(f.backlog) > 0 {
		r := f.backlog[0]
		// An unfinished last line of the retired file may still be
		// finished by its writer.
		atEnd, err := r.readInto(b, r != f.retired, f.opts.Now())
		if err != nil {
			f.logger.Warn("reading the rest of a rotated log failed; its remaining lines are lost",
				"file", r.file.Name(), "offset", r.offset, "error", err)
			atEnd = true
		}
		if !atEnd {
			return nil
		}
		if r != f.live && r != f.retired {
			r.file.Close()
		}
		f.backlog = f.backlog[1:]
	}
	return nil
}

// reference returns the Reference for lines read now.
func (f *fileSource) reference() time.Time {
	if f.following {
		return f.opts.Now()
	}
	return f.modTime
}

func (f *fileSource) progress() Progress {
	return f.history.progress()
}

func (f *fileSource) close() error {
	f.stopTail()
	if f.ticker != nil {
		f.ticker.Stop()
		f.ticker = nil
	}
	var errs []error
	for _, r := range f.backlog {
		if r != f.live && r != f.retired {
			errs = append(errs, r.file.Close())
		}
	}
	f.backlog = nil
	if f.retired != nil {
		errs = append(errs, f.retired.file.Close())
		f.retired = nil
	}
	if f.live != nil {
		errs = append(errs, f.live.file.Close())
		f.live = nil
	}
	return errors.Join(errs...)
}

// skippedBeforeSince returns the number of lines before the offset that
// seekSince chose. It counts them by opening the path again and reading
// that part of the file, which seekSince itself does not read, because
// the file read is closed once it ends.
func (f *fileSource) skippedBeforeSince() (int64, error) {
	if f.start == 0 {
		return 0, nil
	}
	file, err := os.Open(f.path)
	if err != nil {
		return 0, fmt.Errorf("count the lines of %s before --since: %w", f.path, err)
	}
	defer file.Close()
	section := io.NewSectionReader(file, 0, f.start)
	buf := make([]byte, 64*1024)
	var lines int64
	for {
		n, err := section.Read(buf)
		lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return lines, fmt.Errorf("count the lines of %s before --since: %w", f.path, err)
		}
	}
}
