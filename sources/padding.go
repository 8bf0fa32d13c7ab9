package sources

import "bytes"

// NUL padding
//
// After an unclean shutdown a file system can leave a run of NUL bytes in a
// log in place of the data written last, and the syslog daemon appends its
// next line right after the run. The run starts where the lost data
// started, which is often inside a line that the shutdown cut short. So the
// readers end a line at a run of NUL bytes as at a newline, and what
// follows the run depends on where the run started:
//
//   - After text on the same line: that text is the damaged line, one line.
//     The text after the run is a new line when it starts with a timestamp
//     (see stampReader), as the line the syslog daemon appends after the
//     crash does. Otherwise it is the rest of the damaged line, and it is
//     dropped up to the next newline, so that the damaged line counts once.
//   - At the start of a line: the text after the run is a line. A run that
//     a newline ends is a line of its own, an empty one, so that the parser
//     counts it as unrecognized.
//   - At the very start of the file: copytruncate rotation leaves a hole of
//     NUL bytes there when the writer keeps its offset. No line of the file
//     was lost, so a newline right after the run adds no line. textProbe
//     skips the same leading run.
//
// A run at the end of the file adds no line until what follows it is
// written.
//
// NUL bytes are rare in a log. The file and stream readers look for one
// once in each chunk they read, and only a chunk that has one, or whose
// first line follows a cut line, is split with paddedLines. Other chunks
// go through the plain newline split.

// padState is a reader's state at the padding before its offset, kept from
// one chunk to the next.
type padState struct {
	// afterPadding is set when padding ends just before the offset, so
	// that a newline there ends the line that the padding is part of.
	afterPadding bool
	// cut is set when the last line ended at padding, so that the text
	// after the padding up to the next newline continues that line unless
	// it starts with a timestamp.
	cut bool
	// started is set once a byte other than NUL was read: padding before
	// it is at the start of the file.
	started bool
}

// trimPadding removes the run of NUL bytes that starts text.
func trimPadding[T ~string | ~[]byte](text T) T {
	i := 0
	for i < len(text) && text[i] == 0 {
		i++
	}
	return text[i:]
}

// skipPadding returns how many bytes to skip at the start of data, which
// starts with NUL bytes, or with a newline right after padding: the NUL
// bytes, and the newline after them. emptyLine is true when that newline
// ends a line that held only padding, which the reader delivers as an empty
// line.
func (s *padState) skipPadding(data []byte) (skipped int, emptyLine bool) {
	skipped = len(data) - len(trimPadding(data))
	if skipped > 0 {
		s.afterPadding = true
	}
	if skipped < len(data) && data[skipped] == '\n' && s.afterPadding {
		emptyLine = s.started && !s.cut
		s.ended(false)
		return skipped + 1, emptyLine
	}
	return skipped, false
}

// keep reports whether the line text, which has just ended, is delivered:
// every line is, but the rest of a line cut by padding that does not start
// with a timestamp.
//
// NOTE: the part of a cut line before the padding is parsed as it is, so
// when it happens to form a whole line, such as a delivery cut after its
// status, the damaged line is counted as that line and not as unrecognized.
func (s *padState) keep(text []byte) bool {
	if !s.cut {
		return true
	}
	_, stamped := stampReader{}.read(text)
	return stamped
}

// ended records the end of a line, at padding or at a newline.
func (s *padState) ended(atPadding bool) {
	s.afterPadding = false
	s.cut = atPadding
	s.started = true
}

// paddedLines is a splitter of data, a chunk of a log, into lines at
// newlines and at runs of NUL bytes. It searches each byte at most once for
// a newline and once for a NUL byte (see nul and newline), so a chunk full
// of either takes time linear in its length.
type paddedLines struct {
	data []byte
	// pos is the offset of the next line, or of the padding before it.
	pos int
	// state is the padding state at pos, which the reader keeps.
	state *padState
	// newline is the offset of the first newline at or after pos, or
	// len(data) when there is none. nul is the offset of the first NUL
	// byte at or after pos when one comes before newline, or else newline.
	// Both are looked for again only once pos has passed them.
	nul, newline int
}

// newPaddedLines returns a splitter at the start of data, where the
// padding state is state. The splitter updates state as it goes.
func newPaddedLines(data []byte, state *padState) *paddedLines {
	return &paddedLines{data: data, state: state, nul: -1, newline: -1}
}

// next returns the bounds in data of the next line that is delivered,
// without the newline or padding that ends it, and moves pos past the line
// and its newline. It skips padding, the rest of a cut line (see
// padState.keep) and a newline right after padding on the way. A line of
// nothing but padding is returned empty. ok is false when no complete line
// is left: pos is then where an unfinished line starts, or len(data).
func (p *paddedLines) next() (start, end int, ok bool) {
	for p.pos < len(p.data) {
		if p.data[p.pos] == 0 || (p.state.afterPadding && p.data[p.pos] == '\n') {
			skipped, emptyLine := p.state.skipPadding(p.data[p.pos:])
			p.pos += skipped
			if emptyLine {
				return p.pos - 1, p.pos - 1, true
			}
			continue
		}
		end = p.lineEnd()
		if end == len(p.data) {
			return 0, 0, false
		}
		start = p.pos
		p.pos = end
		if p.data[end] == '\n' {
			p.pos++
		}
		keep := p.state.keep(p.data[start:end])
		p.state.ended(p.data[end] == 0)
		if keep {
			return start, end, true
		}
	}
	return 0, 0, false
}

// finishLine returns the bytes from pos to the end of their line, for a
// line that started before data, and moves pos past them and the newline
// after them. complete is true when a newline or a NUL byte ends the line
// within data.
func (p *paddedLines) finishLine() (text []byte, complete bool) {
	end := p.lineEnd()
	text = p.data[p.pos:end]
	p.pos = end
	if end == len(p.data) {
		return text, false
	}
	if p.data[end] == '\n' {
		p.pos++
	}
	p.state.ended(p.data[end] == 0)
	return text, true
}

// lineEnd returns the offset of the first newline or NUL byte at or after
// pos, or len(data) when there is neither.
func (p *paddedLines) lineEnd() int {
	if p.newline < p.pos {
		p.newline = indexFrom(p.data, p.pos, '\n')
	}
	if p.nul < p.pos {
		// Only the rest of the line is searched, so that finding one
		// line does not cost a search of the whole chunk.
		p.nul = indexFrom(p.data[:p.newline], p.pos, 0)
	}
	return p.nul
}

// indexFrom returns the offset of the first c in data at or after from, or
// len(data) when there is none.
func indexFrom(data []byte, from int, c byte) int {
	i := bytes.IndexByte(data[from:], c)
	if i < 0 {
		return len(data)
	}
	return from + i
}
