package stats

import "slices"

// messageLines is the kept raw lines of one message, packed one after the
// other in a buffer of the message's own. An earlier version copied the
// lines of all messages into shared 16 KiB chunks, and a chunk stayed in
// memory while any one of its lines was kept. After ten generated days
// the chunks took 19.5 MB to hold 10.9 MB of lines, and each kept line
// cost a string header on top. A buffer of its own is freed with its
// message, and a finished message's buffer is cut to its length.
type messageLines struct {
	text []byte   // the lines one after the other, without line ends
	ends []uint32 // the offset in text where each line ends
}

// firstLinesBytes is the capacity of a message's buffer when its first
// line comes. Half of the messages of a generated day of 1 M lines log
// about 1,000 bytes of lines or less.
const firstLinesBytes = 1024

// firstLinesCap is the capacity of ends when the first line comes. A
// message delivered at once logs about five lines.
const firstLinesCap = 8

// count returns the number of lines.
func (l *messageLines) count() int {
	return len(l.ends)
}

// start returns the offset in text where line i starts.
func (l *messageLines) start(i int) int {
	if i == 0 {
		return 0
	}
	return int(l.ends[i-1])
}

// add appends line, keeping at most maxLines lines: when that many are kept, the
// line in the middle is dropped first, as appendCapped does. It returns
// the change in the length of the text and whether a line was dropped.
func (l *messageLines) add(line []byte, maxLines int) (added int, dropped bool) {
	if l.ends == nil {
		l.ends = make([]uint32, 0, min(firstLinesCap, maxLines))
		l.text = make([]byte, 0, max(firstLinesBytes, len(line)))
	}
	if len(l.ends) >= maxLines {
		mid := maxLines / 2
		from, to := l.start(mid), int(l.ends[mid])
		size := to - from
		l.text = l.text[:from+copy(l.text[from:], l.text[to:])]
		l.ends = append(l.ends[:mid], l.ends[mid+1:]...)
		for i := mid; i < len(l.ends); i++ {
			l.ends[i] -= uint32(size)
		}
		added, dropped = -size, true
	}
	l.text = append(l.text, line...)
	l.ends = append(l.ends, uint32(len(l.text)))
	return added + len(line), dropped
}

// trim cuts the capacity of the buffers to their length when more than an
// eighth of it, and at least 16 bytes, is unused, for a message that is
// not expected to log more. Go rounds an allocation up to its size class,
// and the small classes are 16 bytes apart, so a smaller cut would often
// return nothing.
func (l *messageLines) trim() {
	if unused := cap(l.text) - len(l.text); unused >= 16 && unused > cap(l.text)/8 {
		l.text = append([]byte(nil), l.text...)
	}
	if unused := cap(l.ends) - len(l.ends); unused >= 4 && unused > cap(l.ends)/8 {
		l.ends = append([]uint32(nil), l.ends...)
	}
}

// strings returns a copy of the lines, all in one string.
func (l *messageLines) strings() []string {
	if len(l.ends) == 0 {
		return nil
	}
	all := string(l.text)
	out := make([]string, len(l.ends))
	for i := range out {
		out[i] = all[l.start(i):l.ends[i]]
	}
	return out
}

// trimFinished trims the lines, recipients and attempts of the messages
// that finished since the last call to their length. sweep calls it once
// per minute of log time, after the lines Postfix logs just after
// "removed" were kept.
func (c *Collector) trimFinished() {
	c.trimNext = max(c.trimNext, c.finHead)
	for ; c.trimNext < len(c.finished); c.trimNext++ {
		m := c.finished[c.trimNext]
		m.lines.trim()
		if len(m.Recipients) < cap(m.Recipients) {
			m.Recipients = slices.Clip(slices.Clone(m.Recipients))
		}
		for i := range m.Recipients {
			r := &m.Recipients[i]
			if len(r.Attempts) < cap(r.Attempts) {
				r.Attempts = slices.Clip(slices.Clone(r.Attempts))
			}
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
		if m.lines.count() == 0 {
			continue
		}
		c.finishedLineBytes -= len(m.lines.text)
		m.LinesDropped += int32(m.lines.count())
		m.lines = messageLines{}
	}
}
