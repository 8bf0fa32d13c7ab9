package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nxadm/tail"
	"github.com/nxadm/tail/util"
)

// Following a file.
//
// nxadm/tail v1.4.11 reads the file while it grows, but its own rotation
// handling is not used. Upstream reports show that it can lose lines when a
// write and a rename come close and that it may open the new file before
// reading the renamed one to its end. It can also read the start of a file
// twice when it takes a write for a truncation.
//
// So the library is given /proc/self/fd/N, the descriptor this source
// holds. That name always points at the same inode and never looks renamed.
// The library starts at the source's own offset, and every line it returns
// must start where the previous one ended. Every checkInterval, and
// whenever a line does not fit, the source looks for rotation itself:
//
//   - A different file at the path with data in it (logrotate's create mode,
//     `postfix logrotate`, which renames to maillog_file_rotate_suffix): the
//     old descriptor is read to its end, then the new file from offset 0.
//     The switch waits for the new file to have data because the writer
//     keeps writing to the old file until it reopens the path.
//   - The file shorter than the offset, or the bytes before the offset
//     changed (logrotate's copytruncate): the lines written after the last
//     read are read from the copy (mail.log.1, mail.log-DATE and the like)
//     when one holds the same bytes up to the offset, then the file is read
//     again from offset 0. A file that grows back past the offset before
//     the truncation is seen is recognized by its changed bytes. They are
//     checked before each read of the file until it is followed, and after
//     each line nxadm/tail returns, whose lines from the old offset are
//     dropped and read again from the copy.

// startTail starts nxadm/tail on the live file at the live offset. Without
// /proc the library is not used, and the file is read every checkInterval.
func (f *fileSource) startTail() error {
	if f.ticker == nil {
		f.ticker = time.NewTicker(checkInterval)
	}
	if f.tailPaused {
		return nil
	}
	name := fmt.Sprintf("/proc/self/fd/%d", f.live.file.Fd())
	if _, err := os.Stat(name); err != nil {
		f.logger.Debug("no /proc/self/fd; following the log by polling it", "error", err)
		f.tailPaused = true
		return nil
	}
	t, err := tail.TailFile(name, tail.Config{
		Location:      &tail.SeekInfo{Offset: f.live.offset, Whence: io.SeekStart},
		Follow:        true,
		MustExist:     true,
		Poll:          true,
		CompleteLines: true,
		Logger:        log.New(slogWriter{logger: f.logger}, "", 0),
	})
	if err != nil {
		return fmt.Errorf("follow log %s: %w", f.path, err)
	}
	f.tail = t
	f.logger.Debug("following log with nxadm/tail", "offset", f.live.offset)
	return nil
}

// stopTail stops nxadm/tail. Lines it read but did not hand over are lost
// to it, not to the source, which reads again from its own offset.
func (f *fileSource) stopTail() {
	if f.tail == nil {
		return
	}
	if err := f.tail.Stop(); err != nil {
		f.logger.Debug("nxadm/tail stopped with an error", "error", err)
	}
	f.tail = nil
}

// waitLive adds lines from nxadm/tail to b, which is empty, as long as they
// are ready without waiting. Before the first line it also returns at the
// next check and when ctx ends.
func (f *fileSource) waitLive(ctx context.Context, b *batch) error {
	var lines <-chan *tail.Line
	if f.tail != nil {
		lines = f.tail.Lines
	}
	var before [markBytes]byte
	offsetBefore, markBefore := f.live.offset, append(before[:0], f.live.mark...)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-f.ticker.C:
		f.check()
		return nil
	case line, ok := <-lines:
		if f.acceptTailLine(line, ok, b) {
			f.gatherTailLines(lines, b)
		}
	}

	f.verifyTailLines(b, offsetBefore, markBefore)
	if f.tailMisplaced {
		f.tailMisplaced = false
		if f.tail != nil {
			f.stopTail()
			f.check()
			// Read without the library until the next check, so that a
			// library that keeps disagreeing is not restarted in a loop.
			f.tailPaused = true
		}
	}
	return nil
}

// gatherTailLines adds the lines nxadm/tail has ready to b.
func (f *fileSource) gatherTailLines(lines <-chan *tail.Line, b *batch) {
	for b.room() >= MaxLineBytes {
		select {
		case line, ok := <-lines:
			if !f.acceptTailLine(line, ok, b) {
				return
			}
		default:
			return
		}
	}
}

// acceptTailLine adds line to b when it starts at the live offset. It
// returns false when reading from nxadm/tail must stop for now. That
// happens when the library closed its channel (ok is false), when line
// starts elsewhere, which also sets tailMisplaced, and when line contains a
// NUL byte. In the last case the library is stopped until the next check,
// and readInto reads the line from the file.
func (f *fileSource) acceptTailLine(line *tail.Line, ok bool, b *batch) bool {
	if !ok {
		f.logger.Warn("nxadm/tail stopped following the log; polling it until the next check", "error", f.tail.Err())
		f.stopTail()
		f.tailPaused = true
		return false
	}
	if line.Err != nil {
		f.logger.Warn("nxadm/tail reported an error", "error", line.Err)
		return true
	}

	end := line.SeekInfo.Offset
	start := end - int64(len(line.Text)) - 1
	if start != f.live.offset {
		f.logger.Debug("nxadm/tail returned a line that does not start at the read offset; checking the log",
			"line_start", start, "offset", f.live.offset)
		f.tailMisplaced = true
		return false
	}
	if strings.IndexByte(line.Text, 0) >= 0 {
		// The line has padding, which can cut it into several lines,
		// more than b may have room for. readInto splits it with the
		// batch limits in mind.
		f.logger.Debug("nxadm/tail returned a line with NUL padding; reading it without the library until the next check",
			"offset", start)
		f.stopTail()
		f.tailPaused = true
		return false
	}
	// A file that was empty when the library started on it can get a
	// byte order mark before its first line, which readInto would skip.
	text := line.Text
	if start == 0 {
		text = strings.TrimPrefix(text, utf8BOM)
	}
	// An empty line right after padding that readInto skipped ends the
	// line that the padding is part of, and the rest of a line cut by
	// padding is dropped unless it starts with a timestamp (see padState).
	switch {
	case len(text) == 0 && f.live.pad.afterPadding:
		if _, emptyLine := f.live.pad.skipPadding([]byte{'\n'}); emptyLine {
			addText(b, text, f.path, f.opts.Now())
		}
	case !f.live.pad.cut || f.live.pad.keep([]byte(text)):
		addText(b, text, f.path, f.opts.Now())
	}
	f.live.pad.ended(false)
	f.live.offset = end
	setMark(f.live, line.Text)
	setMark(f.live, "\n")
	return true
}

// verifyTailLines drops the lines nxadm/tail returned for b when the bytes
// before offsetBefore are no longer those the source read there. Then the
// file was truncated and written again, and nxadm/tail may have read the
// new bytes from the old offset. The truncation is handled as check does,
// and the dropped lines are read again from the rotated copy.
func (f *fileSource) verifyTailLines(b *batch, offsetBefore int64, markBefore []byte) {
	if len(b.lines) == 0 || hasBytesBefore(f.live.file, offsetBefore, markBefore) {
		return
	}
	f.logger.Debug("log changed before the lines just read; dropping them and checking the log",
		"offset", offsetBefore, "lines", len(b.lines))
	b.reset()
	f.live.offset = offsetBefore
	f.live.mark = append(f.live.mark[:0], markBefore...)
	size := int64(-1)
	if info, err := f.live.file.Stat(); err == nil {
		size = info.Size()
	}
	f.truncated(size)
}

// lateWriteGrace is how long a file replaced by rotation is still read.
// A syslog daemon or postlogd writes to it until a signal or a reload makes
// it reopen the path, and another writer may create the new file first.
const lateWriteGrace = 10 * time.Second

// check looks for truncation and rotation of the followed file.
func (f *fileSource) check() {
	f.tailPaused = false
	f.checkRetired()
	info, err := f.live.file.Stat()
	if err != nil {
		f.logger.Warn("cannot stat the followed log", "error", err)
		return
	}
	if info.Size() < f.live.offset || !f.live.matchesMark(f.live.file, f.live.offset) {
		f.truncated(info.Size())
		return
	}

	pathInfo, err := os.Stat(f.path)
	if err != nil {
		// Between a rename and the first write to the new file there is no
		// file at the path; keep reading the old one.
		if !errors.Is(err, fs.ErrNotExist) {
			f.logger.Warn("cannot stat the log path", "error", err)
		}
		return
	}
	if os.SameFile(info, pathInfo) || pathInfo.Size() == 0 {
		return
	}
	f.rotated()
}

// truncated restarts the live file at offset 0 after a truncation, reading
// the lines written since the last read from the rotated copy first.
//
// NOTE: only the copy that holds the bytes before the offset is read. When
// the file was truncated twice since the last read, the lines of the copy
// made in between are lost.
func (f *fileSource) truncated(size int64) {
	f.stopTail()
	offset := f.live.offset
	if offset > 0 {
		if copyReader := f.findCopy(offset); copyReader != nil {
			f.logger.Info("log truncated; reading its last lines from the rotated copy",
				"copy", copyReader.file.Name(), "offset", offset)
			f.backlog = append(f.backlog, copyReader)
		} else {
			f.logger.Warn("log truncated and no rotated copy found with its end; lines written after the last read may be lost",
				"offset", offset, "size", size)
		}
	}
	f.live.offset = 0
	f.live.skipping = false
	f.live.pad = padState{}
	f.live.mark = f.live.mark[:0]
}

// rotated switches to the new file at the path after the old one is read
// to its end.
//
// NOTE: the new file is read from offset 0 as it is found. If it was itself
// rotated by copytruncate within one checkInterval of the first rotation,
// the lines it had before the truncation are lost.
func (f *fileSource) rotated() {
	file, err := os.Open(f.path)
	if err != nil {
		f.logger.Warn("log rotated but the new file cannot be opened; retrying", "error", err)
		return
	}
	f.stopTail()
	f.logger.Info("log rotated; reading the old file to its end, then the new one", "offset", f.live.offset)
	if f.retired != nil && !f.inBacklog(f.retired) {
		f.retired.file.Close()
	}
	f.backlog = append(f.backlog, f.live)
	f.retired, f.retiredUntil = f.live, time.Now().Add(lateWriteGrace)
	f.live = newFileReader(file, f.path, 0)
}

// checkRetired queues the lines added to the retired file since it was
// read, and closes it after lateWriteGrace. Such lines arrive after lines
// of the new file that were written before them.
func (f *fileSource) checkRetired() {
	if f.retired == nil || f.inBacklog(f.retired) {
		return
	}
	info, err := f.retired.file.Stat()
	grown := err == nil && info.Size() > f.retired.offset
	if time.Now().After(f.retiredUntil) {
		if grown {
			// The rest is an unfinished last line, read as it is.
			f.backlog = append(f.backlog, f.retired)
		} else {
			f.retired.file.Close()
		}
		f.retired = nil
		return
	}
	if !grown {
		return
	}
	f.logger.Debug("log written to after it was rotated; reading the new lines", "offset", f.retired.offset, "size", info.Size())
	f.backlog = append(f.backlog, f.retired)
}

func (f *fileSource) inBacklog(r *fileReader) bool {
	for _, queued := range f.backlog {
		if queued == r {
			return true
		}
	}
	return false
}

// compressedSuffixes mark rotated files that cannot be read at an offset.
var compressedSuffixes = []string{".gz", ".bz2", ".xz", ".zst", ".lz4", ".Z"}

// findCopy returns a reader at offset in the newest file next to the log,
// named after it (mail.log.1, mail.log-20261204), that holds the same bytes
// as the live file just before offset.
//
// NOTE: a copy compressed before this check (copytruncate with compress but
// without delaycompress) is not read, so its last lines are lost.
func (f *fileSource) findCopy(offset int64) *fileReader {
	dir, base := filepath.Split(f.path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.logger.Warn("cannot list the log directory to find the rotated copy", "error", err)
		return nil
	}
	var best *os.File
	var bestTime time.Time
	for _, entry := range entries {
		name := entry.Name()
		if name == base || !(strings.HasPrefix(name, base+".") || strings.HasPrefix(name, base+"-")) || hasCompressedSuffix(name) {
			continue
		}
		candidate, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		info, err := candidate.Stat()
		if err != nil || !info.Mode().IsRegular() || info.Size() < offset || !f.live.matchesMark(candidate, offset) ||
			(best != nil && !info.ModTime().After(bestTime)) {
			candidate.Close()
			continue
		}
		if best != nil {
			best.Close()
		}
		best, bestTime = candidate, info.ModTime()
	}
	if best == nil {
		return nil
	}
	return newFileReader(best, f.path, offset)
}

func hasCompressedSuffix(name string) bool {
	for _, suffix := range compressedSuffixes {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// slogWriter turns the lines a log.Logger writes into debug records.
type slogWriter struct{ logger *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.logger.Debug("nxadm/tail", "message", strings.TrimSpace(string(p)))
	return len(p), nil
}

var silenceTailOnce sync.Once

// silenceTailLibrary sends the output of the package-wide logger of
// nxadm/tail to logger, so that none of it reaches the terminal the
// dashboard draws on. That logger writes to stderr before the library exits
// the process on an unexpected stat error. It is set once, by the first
// OpenLogs.
func silenceTailLibrary(logger *slog.Logger) {
	silenceTailOnce.Do(func() {
		util.LOGGER = &util.Logger{Logger: log.New(slogWriter{logger: logger}, "", 0)}
	})
}
