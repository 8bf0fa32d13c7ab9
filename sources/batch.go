package sources

import (
	"bytes"
	"io"
	"os"
	"time"
)

// batch is the storage behind one result of Next: every Text is a sub-slice
// of buf, which never grows past its capacity, so earlier lines stay valid
// while more are added. Lines split in place leave their newlines, padding
// and cut-off tails in buf between them.
type batch struct {
	buf   []byte
	lines []Line
}

func newBatch() *batch {
	return &batch{
		buf:   make([]byte, 0, MaxBatchBytes),
		lines: make([]Line, 0, MaxBatchLines),
	}
}

func (b *batch) reset() {
	b.buf = b.buf[:0]
	b.lines = b.lines[:0]
}

// room returns how many more bytes buf takes, zero when the batch has
// MaxBatchLines lines.
func (b *batch) room() int {
	if len(b.lines) >= MaxBatchLines {
		return 0
	}
	return cap(b.buf) - len(b.buf)
}

// addText copies text into b, cut to MaxLineBytes. It returns false and
// adds nothing when b has no room for it.
func addText[T ~string | ~[]byte](b *batch, text T, origin string, reference time.Time) bool {
	if len(text) > MaxLineBytes {
		text = text[:MaxLineBytes]
	}
	if len(text) > b.room() || len(b.lines) >= MaxBatchLines {
		return false
	}
	start := len(b.buf)
	b.buf = append(b.buf, text...)
	b.lines = append(b.lines, Line{Text: b.buf[start:len(b.buf):len(b.buf)], Origin: origin, Reference: reference})
	return true
}

// splitLines adds the whole lines at the start of chunk to b without
// copying them, and returns how many bytes of chunk they used. chunk lies
// in b's spare capacity right after buf, which grows over the bytes used,
// and has no NUL byte.
func (b *batch) splitLines(chunk []byte, origin string, reference time.Time) int {
	used := 0
	for len(b.lines) < MaxBatchLines {
		newline := bytes.IndexByte(chunk[used:], '\n')
		if newline < 0 {
			break
		}
		b.addInPlace(chunk[used:used+newline], origin, reference)
		used += newline + 1
	}
	b.buf = b.buf[:len(b.buf)+used]
	return used
}

// splitPaddedLines is splitLines for a chunk that has NUL bytes, or whose
// first line follows a line cut by padding: it also ends lines at padding,
// skips the padding and drops the rest of a cut line (see padState). state
// carries the padding state from one chunk to the next. buf grows only up
// to the end of the last line, so that padding after it takes no room.
func (b *batch) splitPaddedLines(chunk []byte, state *padState, origin string, reference time.Time) int {
	lines := newPaddedLines(chunk, state)
	linesEnd := 0
	for len(b.lines) < MaxBatchLines {
		start, end, ok := lines.next()
		if !ok {
			break
		}
		b.addInPlace(chunk[start:end], origin, reference)
		linesEnd = end
	}
	b.buf = b.buf[:len(b.buf)+linesEnd]
	return lines.pos
}

// addInPlace adds text, which lies in b's spare capacity, to b as it is,
// cut to MaxLineBytes.
func (b *batch) addInPlace(text []byte, origin string, reference time.Time) {
	if len(text) > MaxLineBytes {
		text = text[:MaxLineBytes]
	}
	b.lines = append(b.lines, Line{Text: text[:len(text):len(text)], Origin: origin, Reference: reference})
}

// markBytes is how much of the text before a reader's offset it keeps, to
// recognize the same bytes in a rotated copy or after a truncation.
const markBytes = 64

// fileReader reads whole lines from a file at an offset that it keeps
// itself, with pread, so the file's own offset does not matter and other
// readers may share the descriptor.
type fileReader struct {
	file   *os.File
	origin string
	// offset is the start of the next unread line.
	offset int64
	// skipping is set inside an overlong line whose head was delivered; the
	// bytes up to the next newline are dropped.
	skipping bool
	// mark holds up to markBytes of the bytes just before offset, when they
	// are known.
	mark []byte
	// pad is the padding state at offset. A reader that starts past the
	// start of the file has started.
	pad padState
}

func newFileReader(file *os.File, origin string, offset int64) *fileReader {
	return &fileReader{file: file, origin: origin, offset: offset, mark: make([]byte, 0, markBytes), pad: padState{started: offset > 0}}
}

// readInto reads whole lines at the reader's offset into b until b is full
// or the file ends, and returns true in the second case. A last line
// without a newline is delivered only with final set. Otherwise it waits
// for a later read, because its writer may not have finished it.
func (r *fileReader) readInto(b *batch, final bool, reference time.Time) (bool, error) {
	for {
		room := b.room()
		if room == 0 {
			return false, nil
		}
		space := b.buf[len(b.buf) : len(b.buf)+room]
		n, err := r.file.ReadAt(space, r.offset)
		if err != nil && err != io.EOF {
			return false, err
		}
		if n == 0 {
			return true, nil
		}
		chunk := space[:n]
		if r.offset == 0 && hasBOM(chunk) {
			// A byte order mark at the start of the file is not part of
			// its first line.
			r.offset = int64(len(utf8BOM))
			setMark(r, chunk[:len(utf8BOM)])
			continue
		}
		atEOF := err == io.EOF || n < len(space)
		// One search per read keeps the split at padding off the path of
		// chunks without it.
		nul := bytes.IndexByte(chunk, 0)

		if r.skipping {
			newline := bytes.IndexByte(chunk, '\n')
			if nul >= 0 && (newline < 0 || nul < newline) {
				// Padding ends the overlong line as a newline does.
				r.offset += int64(nul)
				r.skipping = false
				r.pad.ended(true)
				continue
			}
			if newline < 0 {
				r.offset += int64(n)
				continue
			}
			r.offset += int64(newline + 1)
			r.skipping = false
			r.pad.ended(false)
			continue
		}

		if chunk[0] == 0 || (r.pad.afterPadding && chunk[0] == '\n') {
			skipped, emptyLine := r.pad.skipPadding(chunk)
			if emptyLine {
				r.appendLine(b, chunk[:0], reference)
			}
			r.offset += int64(skipped)
			setMark(r, chunk[:skipped])
			continue
		}
		r.pad.afterPadding = false

		var used int
		if nul < 0 && !r.pad.cut {
			used = b.splitLines(chunk, r.origin, reference)
			if used > 0 {
				r.pad.ended(false)
			}
		} else {
			used = b.splitPaddedLines(chunk, &r.pad, r.origin, reference)
		}
		if used > 0 {
			r.offset += int64(used)
			setMark(r, chunk[:used])
			continue
		}

		// No newline or NUL byte in what was read.
		switch {
		case n >= MaxLineBytes:
			// An overlong line: deliver its head, skip the rest.
			if r.pad.keep(chunk[:MaxLineBytes]) {
				r.appendLine(b, chunk[:MaxLineBytes], reference)
			}
			r.offset += int64(n)
			r.skipping = true
			r.mark = r.mark[:0]
		case atEOF && final:
			if r.pad.keep(chunk) {
				r.appendLine(b, chunk, reference)
			}
			r.pad.ended(false)
			r.offset += int64(n)
			setMark(r, chunk)
			return true, nil
		case atEOF:
			return true, nil
		default:
			// The batch is too full for the rest of this line.
			return false, nil
		}
	}
}

// appendLine adds text, which lies in b's spare capacity at or after the
// end of b.buf, to b.
func (r *fileReader) appendLine(b *batch, text []byte, reference time.Time) {
	if len(text) > MaxLineBytes {
		text = text[:MaxLineBytes]
	}
	start := len(b.buf)
	b.buf = append(b.buf, text...)
	b.lines = append(b.lines, Line{Text: b.buf[start:len(b.buf):len(b.buf)], Origin: r.origin, Reference: reference})
}

// setMark records the last bytes of consumed, which ends at r.offset.
func setMark[T ~string | ~[]byte](r *fileReader, consumed T) {
	if len(consumed) > markBytes {
		consumed = consumed[len(consumed)-markBytes:]
	}
	keep := min(markBytes-len(consumed), len(r.mark))
	r.mark = append(r.mark[:0], r.mark[len(r.mark)-keep:]...)
	r.mark = append(r.mark, consumed...)
}

// matchesMark reports whether file holds r.mark just before offset, which
// means it has the same bytes that r consumed up to there.
func (r *fileReader) matchesMark(file *os.File, offset int64) bool {
	return hasBytesBefore(file, offset, r.mark)
}

// hasBytesBefore reports whether file holds mark just before offset. An
// empty mark matches.
func hasBytesBefore(file *os.File, offset int64, mark []byte) bool {
	if len(mark) == 0 {
		return true
	}
	if offset < int64(len(mark)) {
		return false
	}
	var scratch [markBytes]byte
	got := scratch[:len(mark)]
	n, err := file.ReadAt(got, offset-int64(len(mark)))
	return n == len(got) && (err == nil || err == io.EOF) && bytes.Equal(got, mark)
}

// loadMark reads the bytes just before r.offset into the mark, for a reader
// that starts in the middle of a file.
func (r *fileReader) loadMark() error {
	size := min(int64(markBytes), r.offset)
	r.mark = r.mark[:size]
	_, err := r.file.ReadAt(r.mark, r.offset-size)
	if err != nil {
		r.mark = r.mark[:0]
	}
	return err
}
