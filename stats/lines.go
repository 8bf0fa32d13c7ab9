package stats

import "slices"

// messageLines is the kept raw lines of one message, each stored as
// linecode.go describes, packed in a buffer of the message's own. The
// lines of all messages were once copied into shared 16 KiB chunks, and a
// chunk stayed in memory while any one of its lines was kept. After ten
// generated days, 19.5 MB of chunks held 10.9 MB of lines. A buffer of
// its own is freed with its message, and a finished message's buffer is
// cut to its length.
type messageLines struct {
	text []byte // the lines as stored, one after the other
	// ends holds the offset in text where each line ends.
	// NOTE: uint32 offsets assume a message's stored lines stay under
	// 4 GiB, as MaxLinesPerMessage times MaxLineBytes does by default
	// (64 lines of 2,048 bytes); Config does not check larger bounds.
	ends []uint32
	size int // the length of the lines as logged, without line ends
}

// firstLinesBytes is the capacity of a message's buffer when its first
// line comes. Half of the messages of a generated day of 1 M lines log
// about 1,000 bytes of lines or less, and store them in less.
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

// add appends line, keeping at most maxLines lines: when that many are
// kept, the line in the middle is dropped first, as appendCapped does. It
// returns the change in the length of the lines as logged and whether a
// line was dropped. c keeps the earlier lines decoded.
func (l *messageLines) add(c *lineCache, line []byte, maxLines int) (added int, dropped bool) {
	if l.ends == nil {
		l.ends = make([]uint32, 0, min(firstLinesCap, maxLines))
		l.text = make([]byte, 0, max(firstLinesBytes, len(line)+1))
	}
	d := c.decoder(l)
	if len(l.ends) >= maxLines {
		added, dropped = -l.dropLine(d, c, maxLines/2), true
		d.reset(l)
	}
	split := l.appendEncoded(d, line)
	d.appended(l, line, split)
	l.size += len(line)
	return added + len(line), dropped
}

// dropLine drops line i and returns its length as logged. A later line
// stored as its difference from a line before i refers one line less far
// back, and one stored as its difference from line i is stored as logged.
// So no line needs more than lineDepth lines to be decoded. d decodes l,
// and scratch lends its buffers.
func (l *messageLines) dropLine(d *lineDecoder, scratch *lineCache, i int) int {
	size := len(d.line(l, i))
	tail, tailEnds := scratch.tail[:0], scratch.tailEnds[:0]
	for j := i + 1; j < l.count(); j++ {
		raw := l.raw(j)
		switch ref := j - int(raw[0]); {
		case raw[0] == lineLiteral || ref > i:
			tail = append(tail, raw...)
		case ref == i:
			tail = append(tail, lineLiteral)
			tail = append(tail, d.line(l, j)...)
		default:
			tail = append(tail, raw[0]-1)
			tail = append(tail, raw[1:]...)
		}
		tailEnds = append(tailEnds, uint32(l.start(i)+len(tail)))
	}
	l.text = append(l.text[:l.start(i)], tail...)
	l.ends = append(l.ends[:i], tailEnds...)
	scratch.tail, scratch.tailEnds = tail, tailEnds
	l.size -= size
	return size
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

// strings returns a copy of the lines as logged, all in one string.
func (l *messageLines) strings() []string {
	if len(l.ends) == 0 {
		return nil
	}
	text := make([]byte, 0, l.size)
	spans := make([][2]int, len(l.ends))
	for i := range l.ends {
		raw := l.raw(i)
		start := len(text)
		if raw[0] == lineLiteral {
			text = append(text, raw[1:]...)
		} else {
			ref := spans[i-int(raw[0])]
			text = appendDecoded(text, text[ref[0]:ref[1]:ref[1]], raw[1:])
		}
		spans[i] = [2]int{start, len(text)}
	}
	all := string(text)
	out := make([]string, len(l.ends))
	for i, span := range spans {
		out[i] = all[span[0]:span[1]]
	}
	return out
}

// trimFinished cuts the buffers of the messages that finished since the
// last call to their length: lines, recipients and attempts. sweep calls
// it once per minute of log time, after the lines Postfix logs just after
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
		c.finishedLineBytes -= m.lines.size
		m.LinesDropped += int32(m.lines.count())
		m.lines = messageLines{}
	}
}
