package sources

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"
)

// streamChunkBytes is the size of one read from a stream.
const streamChunkBytes = 64 << 10

// streamChunk is one read from a stream and the error that came with it.
type streamChunk struct {
	data []byte
	// hasNUL is set when data contains a NUL byte.
	hasNUL bool
	// skipped is the number of bytes of the stream dropped just before
	// data: the byte order mark, before the first chunk.
	skipped int
	err     error
}

// streamSource reads lines from a stream that cannot seek, such as standard
// input or a gzip-compressed file, until it ends. A goroutine does the reads so that Next can return when
// its context ends.
//
// NOTE: Close cannot interrupt a read that is blocked; the goroutine ends
// when that read returns.
type streamSource struct {
	origin string
	// reference returns the Reference of lines read now.
	reference func() time.Time
	// closer is closed with the source; nil for standard input.
	closer io.Closer

	chunks chan streamChunk
	free   chan []byte
	done   chan struct{}

	// rest is the unread part of the current chunk, held in restBuf.
	// restHasNUL is set when the chunk had a NUL byte.
	rest       []byte
	restBuf    []byte
	restHasNUL bool
	// carry is the start of a line that continues in a later chunk, up to
	// MaxLineBytes of it.
	carry []byte
	// pad is the padding state at the start of rest, or of the line that
	// carry starts.
	pad     padState
	ended   bool
	readErr error
	// probe checks the start of the stream for binary data as it arrives,
	// so that lines are not held back. It is nil when the stream is not
	// checked or its start has passed.
	probe *textProbe
	// rejected is the error from probe, returned by every later fill.
	rejected error

	// since drops lines until the first one stamped at or after it.
	since   time.Time
	started bool
	stamps  stampReader
	// dropped counts the lines that since dropped.
	dropped int64

	// history counts the bytes read of a compressed file; nil for
	// standard input, whose size is not known.
	history *historyBytes
}

// newStreamSource returns a source that reads r, which closer (if not nil)
// closes. Lines take modTime as their Reference, or the current time when
// modTime is zero.
func newStreamSource(r io.Reader, origin string, opts Options, modTime time.Time, closer io.Closer) *streamSource {
	s := &streamSource{
		origin:    origin,
		reference: opts.Now,
		closer:    closer,
		chunks:    make(chan streamChunk),
		free:      make(chan []byte, 2),
		done:      make(chan struct{}),
		carry:     make([]byte, 0, MaxLineBytes),
		since:     opts.Since,
		started:   opts.Since.IsZero(),
		stamps:    stampReader{year: opts.Year, reference: opts.Now(), location: opts.Location},
	}
	if !modTime.IsZero() {
		s.reference = func() time.Time { return modTime }
		s.stamps.reference = modTime
	}
	s.free <- make([]byte, streamChunkBytes)
	s.free <- make([]byte, streamChunkBytes)
	go s.read(r)
	return s
}

// read runs in its own goroutine and hands chunks to fill. A byte order
// mark at the start of the stream is dropped.
func (s *streamSource) read(r io.Reader) {
	skipper := &bomSkipper{r: r}
	r = skipper
	for {
		var buf []byte
		select {
		case buf = <-s.free:
		case <-s.done:
			return
		}
		n, err := r.Read(buf[:cap(buf)])
		// The search for padding runs here, beside the goroutine that
		// splits the previous chunk.
		hasNUL := bytes.IndexByte(buf[:n], 0) >= 0
		skipped := skipper.skipped
		skipper.skipped = 0
		select {
		case s.chunks <- streamChunk{data: buf[:n], hasNUL: hasNUL, skipped: skipped, err: err}:
		case <-s.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (s *streamSource) fill(ctx context.Context, b *batch) error {
	if s.rejected != nil {
		return s.rejected
	}
	reference := s.reference()
	for {
		if !s.takeLines(b, reference) {
			return nil
		}
		if s.restBuf != nil {
			s.free <- s.restBuf
			s.restBuf = nil
		}

		if s.ended {
			if len(s.carry) > 0 {
				if b.room() < MaxLineBytes {
					return nil
				}
				if s.pad.keep(s.carry) {
					s.addLine(b, s.carry, reference)
				}
				s.pad.ended(false)
				s.carry = s.carry[:0]
			}
			if s.readErr != nil {
				return fmt.Errorf("read log %s: %w", s.origin, s.readErr)
			}
			return io.EOF
		}

		var chunk streamChunk
		if len(b.lines) > 0 {
			select {
			case chunk = <-s.chunks:
			default:
				return nil
			}
		} else {
			select {
			case chunk = <-s.chunks:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		s.rest, s.restBuf, s.restHasNUL = chunk.data, chunk.data, chunk.hasNUL
		if s.probe != nil {
			// The probe's offsets count the byte order mark, as a file's do.
			s.probe.checked += int64(chunk.skipped)
			err := s.probe.add(chunk.data)
			if err == nil && chunk.err != nil {
				// The input ended before the probe did.
				// NOTE: the verdict of end comes after the lines of the
				// earlier chunks were delivered, so a command may have
				// printed some before it stops with the error.
				err = s.probe.end()
			}
			if err != nil {
				s.rest = nil
				s.rejected = err
				return err
			}
			if s.probe.done() {
				s.probe = nil
			}
		}
		if chunk.err != nil {
			s.ended = true
			if chunk.err != io.EOF {
				s.readErr = chunk.err
			}
		}
	}
}

// takeLines adds the lines of s.rest to b. It returns false when b may not
// have room for one more line.
func (s *streamSource) takeLines(b *batch, reference time.Time) bool {
	for len(s.rest) > 0 {
		if b.room() < MaxLineBytes {
			return false
		}
		if len(s.carry) > 0 {
			s.finishCarry(b, reference)
			continue
		}
		if s.rest[0] == 0 || (s.pad.afterPadding && s.rest[0] == '\n') {
			// Padding at the start of a line is skipped here, so that it
			// is not copied to b.
			skipped, emptyLine := s.pad.skipPadding(s.rest)
			s.rest = s.rest[skipped:]
			if emptyLine {
				s.addLine(b, nil, reference)
			}
			continue
		}
		s.pad.afterPadding = false

		// Copy as much of rest as b takes with one copy, and split the
		// whole lines in it in place.
		region := s.rest[:min(len(s.rest), b.room())]
		bufEnd, first := len(b.buf), len(b.lines)
		space := b.buf[bufEnd : bufEnd+len(region)]
		copy(space, region)
		var used int
		if s.restHasNUL || s.pad.cut {
			used = b.splitPaddedLines(space, &s.pad, s.origin, reference)
		} else {
			used = b.splitLines(space, s.origin, reference)
			if used > 0 {
				s.pad.ended(false)
			}
		}
		if !s.started {
			s.dropBeforeSince(b, first, bufEnd)
		}
		if used == 0 {
			// No newline or padding in region: a line that continues in
			// the next chunk, or one longer than the room in b.
			s.keep(region)
			used = len(region)
		}
		s.rest = s.rest[used:]
	}
	return true
}

// finishCarry adds the line that carry starts, with the rest of it from
// s.rest, to b when a newline or padding ends it in s.rest. Otherwise it
// adds all of s.rest to carry.
func (s *streamSource) finishCarry(b *batch, reference time.Time) {
	end := bytes.IndexByte(s.rest, '\n')
	if s.restHasNUL {
		line := s.rest
		if end >= 0 {
			line = s.rest[:end]
		}
		if nul := bytes.IndexByte(line, 0); nul >= 0 {
			end = nul
		}
	}
	if end < 0 {
		s.keep(s.rest)
		s.rest = nil
		return
	}
	s.keep(s.rest[:end])
	if s.pad.keep(s.carry) {
		s.addLine(b, s.carry, reference)
	}
	s.pad.ended(s.rest[end] == 0)
	s.carry = s.carry[:0]
	if s.rest[end] == '\n' {
		end++
	}
	s.rest = s.rest[end:]
}

// dropBeforeSince removes the lines from b.lines[first:] that come before
// the first one stamped at or after s.since, and marks the source started
// when there is one. Without one, it also gives back the bytes of buf from
// bufEnd, where those lines were copied.
func (s *streamSource) dropBeforeSince(b *batch, first, bufEnd int) {
	for i := first; i < len(b.lines); i++ {
		if stamp, ok := s.stamps.read(b.lines[i].Text); ok && !stamp.Before(s.since) {
			s.started = true
			s.dropped += int64(i - first)
			b.lines = append(b.lines[:first], b.lines[i:]...)
			return
		}
	}
	s.dropped += int64(len(b.lines) - first)
	b.lines = b.lines[:first]
	b.buf = b.buf[:bufEnd]
}

// keep adds part of an unfinished line to carry. Beyond MaxLineBytes the
// line is dropped, so a line is cut as the files cut it.
func (s *streamSource) keep(part []byte) {
	s.carry = append(s.carry, part[:min(len(part), MaxLineBytes-len(s.carry))]...)
}

// addLine adds one line to b unless --since still drops it. The caller
// makes sure that b has room for it.
func (s *streamSource) addLine(b *batch, text []byte, reference time.Time) {
	if !s.started {
		if stamp, ok := s.stamps.read(text); !ok || stamp.Before(s.since) {
			s.dropped++
			return
		}
		s.started = true
	}
	addText(b, text, s.origin, reference)
}

func (s *streamSource) close() error {
	close(s.done)
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

// skippedBeforeSince returns the number of lines that --since dropped.
func (s *streamSource) skippedBeforeSince() (int64, error) {
	return s.dropped, nil
}
