package stats

import "strings"

// Kept raw lines are copied into shared chunks of lineChunkSize bytes: one
// allocation per chunk instead of one per line. A chunk stays in memory
// while any line in it is kept. Messages mostly finish, and are dropped, in
// the order their lines came, so chunks are freed in that order too. The
// lines of a message that lives on for more than lineChunkWindow chunks are
// copied into a string of their own, when it finishes, logs again, or at
// the latest after a second window. A window is 4 MiB of lines: each pass
// over the live messages costs time, and a long window only lets a few
// more chunks stay in memory.
const (
	lineChunkSize   = 16 << 10
	lineChunkWindow = 256
)

// firstLinesCap is the capacity of a message's Lines when the first line
// comes. A message delivered at once logs about five lines.
const firstLinesCap = 8

// lineArena is the chunk that kept lines are copied into.
type lineArena struct {
	// chunk is filled by appending only, and never past the capacity that
	// Grow reserved, so the strings taken from it earlier stay valid.
	// NOTE: this relies on strings.Builder.String returning the buffer
	// without a copy, which Go has done since strings.Builder was added.
	chunk strings.Builder
	gen   uint64 // the current chunk's generation; the first chunk is 1
	// passGen is gen at the last pass over the live messages.
	passGen uint64
}

// store returns a copy of line and the generation of the chunk it is in,
// or 0 for a line larger than a chunk, which gets a string of its own.
func (a *lineArena) store(line []byte) (string, uint64) {
	if len(line) > lineChunkSize {
		return string(line), 0
	}
	if a.gen == 0 || a.chunk.Cap()-a.chunk.Len() < len(line) {
		a.chunk.Reset()
		a.chunk.Grow(lineChunkSize)
		a.gen++
	}
	start := a.chunk.Len()
	a.chunk.Write(line)
	return a.chunk.String()[start:], a.gen
}

// linesAged reports whether m's lines span more than lineChunkWindow chunks.
func (c *Collector) linesAged(m *tracked) bool {
	return m.lineGen != 0 && m.lineGen+lineChunkWindow <= c.arena.gen
}

// unshareLines copies m's lines that are still in shared chunks into one
// string of their own, so that they no longer keep those chunks in memory.
// The lines copied before stay where they are: a message retried for days
// would otherwise copy all of its lines again at every pass.
func unshareLines(m *tracked) {
	shared := m.Lines[m.ownLines:]
	size := 0
	for _, line := range shared {
		size += len(line)
	}
	var b strings.Builder
	b.Grow(size)
	for _, line := range shared {
		b.WriteString(line)
	}
	all := b.String()
	start := 0
	for i, line := range shared {
		shared[i] = all[start : start+len(line)]
		start += len(line)
	}
	m.ownLines = len(m.Lines)
	m.lineGen = 0
}

// unshareAgedLines copies out the lines of every live message that spans
// too many chunks. keepLine calls it once per lineChunkWindow chunks, so
// that a message that logs nothing more does not keep old chunks.
func (c *Collector) unshareAgedLines() {
	c.arena.passGen = c.arena.gen
	for _, m := range c.live {
		if c.linesAged(m) {
			unshareLines(m)
		}
	}
}

// dropFinishedLines drops the lines of the messages that finished first
// until the lines of finished messages fit Config.MaxFinishedLineBytes.
// A message whose lines were dropped keeps a line logged after that, such
// as a late delivery line, until the message itself is dropped.
func (c *Collector) dropFinishedLines() {
	c.lineDropNext = max(c.lineDropNext, c.finHead)
	for c.finishedLineBytes > c.cfg.MaxFinishedLineBytes && c.lineDropNext < len(c.finished) {
		m := c.finished[c.lineDropNext]
		c.lineDropNext++
		if m.lineBytes == 0 {
			continue
		}
		c.finishedLineBytes -= m.lineBytes
		m.LinesDropped += len(m.Lines)
		m.Lines = nil
		m.lineBytes, m.ownLines, m.lineGen = 0, 0, 0
	}
}
