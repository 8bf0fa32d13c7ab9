package sources

import (
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// probeBytes is how far a probe reads for a line with a readable timestamp.
const probeBytes = 64 << 10

// sinceSlack widens the binary search for --since. Lines from different
// processes reach a log out of order by a few milliseconds, so the search
// stops this much before Since and a linear scan finds the exact line.
const sinceSlack = 2 * time.Second

// firstStamp returns the timestamp of the first line within the first
// probeBytes of file that has a readable one.
func firstStamp(file *os.File, stamps stampReader) (time.Time, bool, error) {
	buf := make([]byte, probeBytes)
	_, stamp, ok, err := probeStamp(file, 0, buf, stamps)
	return stamp, ok, err
}

// probeStamp looks for the first line that starts at or after offset (at
// offset itself only when offset is 0 or follows a newline or padding) and
// has a readable timestamp, within len(buf) bytes. It returns the line's
// start.
func probeStamp(file *os.File, offset int64, buf []byte, stamps stampReader) (int64, time.Time, bool, error) {
	n, err := file.ReadAt(buf, offset)
	if err != nil && err != io.EOF {
		return 0, time.Time{}, false, err
	}
	lines := newPaddedLines(buf[:n], &padState{})
	if offset > 0 {
		// Start after the end of the line offset falls in, unless the
		// byte before offset ends a line.
		var before [1]byte
		if _, err := file.ReadAt(before[:], offset-1); err != nil {
			return 0, time.Time{}, false, err
		}
		if before[0] != '\n' && before[0] != 0 {
			if _, complete := lines.finishLine(); !complete {
				return 0, time.Time{}, false, nil
			}
		}
	}
	start, stamp, ok := stampedLine(lines, stamps)
	if !ok {
		return 0, time.Time{}, false, nil
	}
	return offset + int64(start), stamp, true, nil
}

// firstStampIn returns the timestamp of the first line in chunk that has a
// readable one.
func firstStampIn(chunk []byte, stamps stampReader) (time.Time, bool) {
	_, stamp, ok := stampedLine(newPaddedLines(chunk, &padState{}), stamps)
	return stamp, ok
}

// stampedLine returns the start and the timestamp of the next line of
// lines that has a readable one. A line cut by the end of the chunk counts
// when its stamp is whole.
func stampedLine(lines *paddedLines, stamps stampReader) (int, time.Time, bool) {
	for {
		start, end, ok := lines.next()
		if !ok {
			break
		}
		if stamp, ok := stamps.read(lines.data[start:end]); ok {
			return start, stamp, true
		}
	}
	if stamp, ok := stamps.read(lines.data[lines.pos:]); ok {
		return lines.pos, stamp, true
	}
	return 0, time.Time{}, false
}

// findSince returns the offset of the first line stamped at or after since
// among the complete lines of file's first size bytes, or the end of the
// last complete line when there is none. Lines without a readable stamp
// before that line are skipped with the lines before them.
//
// It assumes the stamps grow along the file apart from small jitter: a
// binary search narrows the range to probeBytes, stopping sinceSlack early,
// and a linear scan finishes.
func findSince(file *os.File, size int64, since time.Time, stamps stampReader) (int64, error) {
	buf := make([]byte, probeBytes)
	early := since.Add(-sinceSlack)

	// Every line that starts before low is stamped before early.
	low, high := int64(0), size
	for high-low > probeBytes {
		mid := low + (high-low)/2
		start, stamp, ok, err := probeStamp(file, mid, buf, stamps)
		if err != nil {
			return 0, err
		}
		if ok && start < high && stamp.Before(early) {
			low = start
		} else {
			high = mid
		}
	}
	return scanSince(file, low, size, since, buf, stamps)
}

// scanSince reads lines from offset on and returns the start of the first
// one stamped at or after since.
func scanSince(file *os.File, offset, size int64, since time.Time, buf []byte, stamps stampReader) (int64, error) {
	for offset < size {
		n, err := file.ReadAt(buf, offset)
		if err != nil && err != io.EOF {
			return 0, err
		}
		chunk := buf[:n]
		if int64(n) > size-offset {
			chunk = chunk[:size-offset]
		}
		lines := newPaddedLines(chunk, &padState{})
		for {
			start, end, ok := lines.next()
			if !ok {
				break
			}
			if stamp, ok := stamps.read(chunk[start:end]); ok && !stamp.Before(since) {
				return offset + int64(start), nil
			}
		}
		if lines.pos == 0 {
			if len(chunk) < len(buf) {
				// An unfinished last line: start there.
				return offset, nil
			}
			// A line longer than the buffer has no stamp worth reading
			// past its head: skip to its end.
			next, err := nextLineStart(file, offset+int64(len(chunk)), size, buf)
			if err != nil {
				return 0, err
			}
			if stamp, ok := stamps.read(chunk); ok && !stamp.Before(since) {
				return offset, nil
			}
			offset = next
			continue
		}
		offset += int64(lines.pos)
	}
	return offset, nil
}

// nextLineStart returns the offset where the line after the one that
// offset falls in starts: just after the first newline at or after offset,
// or at the first NUL byte when that comes first, or size when there is
// neither.
func nextLineStart(file *os.File, offset, size int64, buf []byte) (int64, error) {
	for offset < size {
		n, err := file.ReadAt(buf, offset)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if n == 0 {
			break
		}
		lines := newPaddedLines(buf[:n], &padState{})
		if _, complete := lines.finishLine(); complete {
			return offset + int64(lines.pos), nil
		}
		offset += int64(n)
	}
	return size, nil
}

// LastStamp returns the timestamp of the last line of the file at path that
// has a readable one, looking at its last 64 KiB only. It returns false
// when none of those lines has one or the file is not a regular file. opts
// gives yearless stamps their year and zone, as OpenLogs does. A dashboard
// reading days of history calls it to find where the log ends before
// reading it.
func LastStamp(path string, opts Options) (time.Time, bool, error) {
	end, err := ReadLogEnd(path, opts)
	return end.Stamp, end.Found, err
}

// LogEnd describes the end of a log file: the stamp of its last line that
// has one, and when the file was last modified.
type LogEnd struct {
	// Stamp is the timestamp of the last line with a readable one, and
	// Found is false when no line in the part read has one.
	Stamp time.Time
	Found bool
	// Offset is true when Stamp carried its own UTC offset (RFC 3339 or
	// RFC 5424), and false when it was read in Options.Location.
	Offset bool
	// ModTime is the file's modification time when it was read.
	ModTime time.Time
}

// ReadLogEnd returns the end of the file at path as LastStamp reads it,
// with the file's modification time and whether the stamp carried an
// offset. A file that is not a regular file gives a zero LogEnd, and a
// compressed one (mail.log.2.gz) only its modification time, because its
// last bytes are no text.
func ReadLogEnd(path string, opts Options) (LogEnd, error) {
	file, err := os.Open(path)
	if err != nil {
		return LogEnd{}, err
	}
	defer file.Close()

	info, err := file.Stat()
	if err != nil {
		return LogEnd{}, err
	}
	if !info.Mode().IsRegular() {
		return LogEnd{}, nil
	}
	end := LogEnd{ModTime: info.ModTime()}
	if slices.ContainsFunc(compressedSuffixes, func(suffix string) bool { return strings.HasSuffix(path, suffix) }) {
		return end, nil
	}

	start := max(info.Size()-probeBytes, 0)
	buf := make([]byte, info.Size()-start)
	n, err := file.ReadAt(buf, start)
	if err != nil && err != io.EOF {
		return LogEnd{}, err
	}
	lines := newPaddedLines(buf[:n], &padState{})
	if start > 0 {
		// The first line may be cut, so start after its end.
		if _, complete := lines.finishLine(); !complete {
			return end, nil
		}
	}

	// Lines are split as the readers split them, which only a forward
	// scan does: text after padding can be a line of its own.
	stamps := stampReader{year: opts.Year, reference: info.ModTime(), location: opts.Location}
	last := lines.data[:0]
	for {
		lineStart, lineEnd, ok := lines.next()
		if !ok {
			break
		}
		if _, ok := stamps.read(lines.data[lineStart:lineEnd]); ok {
			last = lines.data[lineStart:lineEnd]
		}
	}
	if _, ok := stamps.read(lines.data[lines.pos:]); ok {
		last = lines.data[lines.pos:]
	}
	end.Stamp, end.Found = stamps.read(last)
	end.Offset = end.Found && stamps.hasOffset(last)
	return end, nil
}
