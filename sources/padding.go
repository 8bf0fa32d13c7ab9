package sources

import "bytes"

// NUL padding
//
// After an unclean shutdown a file system can leave a run of NUL bytes in a
// log in place of the data written last, and the syslog daemon appends its
// next line right after the run. The run starts where the lost data
// started, which is often inside a line that the shutdown cut short. So the
// readers end a line at a run of NUL bytes as at a newline: the text before
// the run, if any, is one line, and the text after it starts the next. A
// newline right after a run adds no line, so a line of nothing but padding
// is dropped.
//
// NUL bytes are rare in a log. The file and stream readers look for one
// once in each chunk they read, and only a chunk that has one is split with
// paddedLines. Other chunks go through the plain newline split.

// trimPadding removes the run of NUL bytes that starts text.
func trimPadding[T ~string | ~[]byte](text T) T {
	i := 0
	for i < len(text) && text[i] == 0 {
		i++
	}
	return text[i:]
}

// measurePadding returns how many bytes to skip at the start of data,
// which starts a line: the NUL bytes there, and the newline after them,
// because a line of nothing but padding is dropped. afterPadding is false
// when that newline was skipped, and true when the line goes on.
func measurePadding(data []byte) (skipped int, afterPadding bool) {
	skipped = len(data) - len(trimPadding(data))
	if skipped < len(data) && data[skipped] == '\n' {
		return skipped + 1, false
	}
	return skipped, true
}

// paddedLines is a splitter of data, a chunk of a log, into lines at
// newlines and at runs of NUL bytes. It searches each byte at most once for
// a newline and once for a NUL byte (see nul and newline), so a chunk full
// of either takes time linear in its length.
type paddedLines struct {
	data []byte
	// pos is the offset of the next line, or of the padding before it.
	pos int
	// afterPadding is set when padding ends just before pos, so that a
	// newline at pos adds no line.
	afterPadding bool
	// newline is the offset of the first newline at or after pos, or
	// len(data) when there is none. nul is the offset of the first NUL
	// byte at or after pos when one comes before newline, or else newline.
	// Both are looked for again only once pos has passed them.
	nul, newline int
}

// newPaddedLines returns a splitter at the start of data. afterPadding is
// set when the bytes before data ended with padding.
func newPaddedLines(data []byte, afterPadding bool) *paddedLines {
	return &paddedLines{data: data, afterPadding: afterPadding, nul: -1, newline: -1}
}

// next returns the bounds in data of the next complete line, without the
// newline or padding that ends it, and moves pos past the line and its
// newline. It skips padding and a newline right after padding on the way.
// ok is false when no complete line is left: pos is then where an
// unfinished line starts, or len(data).
func (p *paddedLines) next() (start, end int, ok bool) {
	for p.pos < len(p.data) {
		if p.data[p.pos] == 0 || (p.afterPadding && p.data[p.pos] == '\n') {
			skipped, afterPadding := measurePadding(p.data[p.pos:])
			p.pos += skipped
			p.afterPadding = afterPadding
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
		p.afterPadding = false
		return start, end, true
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
	p.afterPadding = false
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
