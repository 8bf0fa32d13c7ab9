package stats

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The lines of one message repeat each other: a retry logs the same qmgr
// and delivery lines with another time, process ID and delay. So a kept
// line is stored either as it was logged or as its difference from one of
// the lineRefs lines before it. The line and the earlier one are each cut
// into a syslog header, up to the first ": ", and a body. Each part is
// stored as the length of the prefix and of the suffix it shares with the
// same part of the earlier line, and the bytes between them.
//
// A stored line starts with a tag byte: lineLiteral, followed by the line,
// or the distance back to the line it differs from, followed by
//
//	uvarint head prefix, uvarint head suffix, uvarint length, head middle,
//	uvarint body prefix, uvarint body suffix, body middle.
//
// The lines kept from a generated day of 300,000 lines (the day of
// BenchmarkCollectorGenerated) were stored in 52 % of their length.
const (
	lineLiteral = 0
	// lineRefs is how many lines back a line may refer to.
	lineRefs = 8
	// lineDepth bounds the chain of lines that decoding one line reads,
	// so that adding a line reads a bounded number of earlier ones.
	lineDepth = 4
	// lineMinSaving is the number of bytes a difference must save over
	// the line as logged to be stored instead, since decoding costs time.
	lineMinSaving = 8
	// lineGoodEnough stops the search at the first difference that is at
	// most this fraction of the line, as a retry's usually is, so that
	// most lines are compared with two or three lines only.
	lineGoodEnough = 4
)

// lineDecoder is the decoded lines of one message, kept so that add can
// compare a new line with the lines before it without decoding them again.
type lineDecoder struct {
	// owner is the message's lines, and count and textLen their count
	// and length as stored when the decoder last read or added a line.
	// Lines only change through add, except that trim moves their text
	// and dropFinishedLines empties them, which leaves count at 0. So a
	// decoder whose owner has count lines stored in textLen bytes still
	// decodes them right.
	owner          *messageLines
	count, textLen int

	buf []byte
	// spans holds, per line stored as a difference, where its decoded
	// text is in buf, or -1 before it is decoded. A line stored as logged
	// is read from the owner's text.
	spans [][2]int32
	// splits holds, per line, where the body of its decoded text starts
	// (see splitHeader), or -1 before it is known.
	splits []int32
	// depths holds, per line, what messageLines.depth returns, or -1
	// before it is known.
	depths []int8
}

// maxDecodedBytes is the capacity of a decoder's buffer that reset keeps
// for the next message; a larger one is freed. 64 lines of 1,024 bytes fit.
const maxDecodedBytes = 64 << 10

// reset prepares d to decode the lines of l.
func (d *lineDecoder) reset(l *messageLines) {
	d.owner = l
	d.buf = d.buf[:0]
	if cap(d.buf) > maxDecodedBytes {
		d.buf = nil
	}
	d.spans = d.spans[:0]
	d.splits = d.splits[:0]
	d.depths = d.depths[:0]
	for range l.count() {
		d.spans = append(d.spans, [2]int32{-1, -1})
		d.splits = append(d.splits, -1)
		d.depths = append(d.depths, -1)
	}
	d.count, d.textLen = l.count(), len(l.text)
}

// inStep reports whether d decodes the lines of l as they are stored now.
func (d *lineDecoder) inStep(l *messageLines) bool {
	return d.owner == l && d.count == l.count() && d.textLen == len(l.text)
}

// appended records line, split at split, as the line l just stored last.
func (d *lineDecoder) appended(l *messageLines, line []byte, split int) {
	span := [2]int32{-1, -1}
	if raw := l.raw(l.count() - 1); raw[0] != lineLiteral {
		start := len(d.buf)
		d.buf = append(d.buf, line...)
		span = [2]int32{int32(start), int32(len(d.buf))}
	}
	d.spans = append(d.spans, span)
	d.splits = append(d.splits, int32(split))
	d.depths = append(d.depths, -1)
	d.count, d.textLen = l.count(), len(l.text)
}

// depth returns what l.depth(i) returns, reading each line's tag once.
func (d *lineDecoder) depth(l *messageLines, i int) int {
	if known := d.depths[i]; known >= 0 {
		return int(known)
	}
	depth := 0
	if tag := l.text[l.start(i)]; tag != lineLiteral {
		depth = d.depth(l, i-int(tag)) + 1
	}
	d.depths[i] = int8(min(depth, 127))
	return depth
}

// line returns the text of line i of l as logged. The result is valid
// until the next change to l or d.
func (d *lineDecoder) line(l *messageLines, i int) []byte {
	raw := l.raw(i)
	if raw[0] == lineLiteral {
		return raw[1:]
	}
	if span := d.spans[i]; span[0] >= 0 {
		return d.buf[span[0]:span[1]:span[1]]
	}
	ref := d.line(l, i-int(raw[0]))
	start := len(d.buf)
	d.buf = appendDecoded(d.buf, ref, raw[1:])
	d.spans[i] = [2]int32{int32(start), int32(len(d.buf))}
	return d.buf[start:len(d.buf):len(d.buf)]
}

// split returns splitHeader of line i of l, whose text is line.
func (d *lineDecoder) split(i int, line []byte) int {
	if split := d.splits[i]; split >= 0 {
		return int(split)
	}
	split := splitHeader(line)
	d.splits[i] = int32(split)
	return split
}

// lineCacheSize is the number of messages whose lines a lineCache keeps
// decoded.
const lineCacheSize = 16

// lineCache keeps the lines of the messages that kept a line last
// decoded, so that adding a line to one of them decodes no earlier line
// again. A message logs most of its lines within seconds: on the 1 GB
// log of the dashboard benchmark (docs/benchmarks.md), 514,066 of 687,714
// kept lines found their message's lines decoded, and 64 or 256 decoders
// found barely more. A decoder's buffer contains each kept line of its
// message at most once. With the default bounds (64 lines of up to 2,048
// bytes) and append's doubling, the 16 buffers take at most about 4 MiB,
// and far less for lines of usual length. A Collector keeps one cache, so
// that its buffers are reused.
type lineCache struct {
	decoders [lineCacheSize]lineDecoder
	// used holds, per decoder, the value of tick when it was last used.
	used [lineCacheSize]uint64
	tick uint64
	// tail and tailEnds are scratch space for messageLines.dropLine.
	tail     []byte
	tailEnds []uint32
}

// decoder returns a decoder in step with l: the one that decoded l last
// when it still is, or else the least recently used one, reset for l.
func (c *lineCache) decoder(l *messageLines) *lineDecoder {
	c.tick++
	oldest := 0
	for i := range c.decoders {
		d := &c.decoders[i]
		if d.owner == l {
			if !d.inStep(l) {
				d.reset(l)
			}
			c.used[i] = c.tick
			return d
		}
		if c.used[i] < c.used[oldest] {
			oldest = i
		}
	}
	d := &c.decoders[oldest]
	d.reset(l)
	c.used[oldest] = c.tick
	return d
}

// depth returns the number of lines decoding line i of l reads before it.
func (l *messageLines) depth(i int) int {
	n := 0
	for tag := l.text[l.start(i)]; tag != lineLiteral; tag = l.text[l.start(i)] {
		i -= int(tag)
		n++
	}
	return n
}

// raw returns line i of l as stored, with its tag byte.
func (l *messageLines) raw(i int) []byte {
	return l.text[l.start(i):l.ends[i]]
}

// appendEncoded appends line as stored: as logged, or as its difference
// from the best of the lineRefs lines before it that is worth storing.
// It returns where the body of line starts (see splitHeader).
func (l *messageLines) appendEncoded(d *lineDecoder, line []byte) int {
	n := l.count()
	lineSplit := splitHeader(line)
	var best lineDifference
	bestBack, bestSize := 0, len(line)-lineMinSaving
	for back := 1; back <= min(lineRefs, n); back++ {
		if d.depth(l, n-back) >= lineDepth {
			continue
		}
		ref := d.line(l, n-back)
		diff := compareLines(line, lineSplit, ref, d.split(n-back, ref))
		if size := diff.size(); size < bestSize {
			best, bestBack, bestSize = diff, back, size
			if size <= len(line)/lineGoodEnough {
				break
			}
		}
	}
	if bestBack == 0 {
		l.text = append(l.text, lineLiteral)
		l.text = append(l.text, line...)
	} else {
		l.text = append(l.text, byte(bestBack))
		l.text = best.append(l.text)
	}
	l.ends = append(l.ends, uint32(len(l.text)))
	return lineSplit
}

// splitHeader returns where the body of a log line starts: after the first
// ": ", which ends the syslog header, or at its end when it has none.
func splitHeader(line []byte) int {
	if i := bytes.Index(line, headerEnd); i >= 0 {
		return i + len(headerEnd)
	}
	return len(line)
}

var headerEnd = []byte(": ")

// lineDifference is the difference of a line from an earlier one: the
// lengths of the prefix and suffix that their headers share, and of those
// that their bodies share.
type lineDifference struct {
	head, body             []byte // the line's
	headPrefix, headSuffix int
	bodyPrefix, bodySuffix int
}

// compareLines returns the difference of line, whose body starts at
// lineSplit, from ref, whose body starts at refSplit.
func compareLines(line []byte, lineSplit int, ref []byte, refSplit int) lineDifference {
	diff := lineDifference{head: line[:lineSplit], body: line[lineSplit:]}
	diff.headPrefix, diff.headSuffix = sharedEnds(diff.head, ref[:refSplit])
	diff.bodyPrefix, diff.bodySuffix = sharedEnds(diff.body, ref[refSplit:])
	return diff
}

// size returns the number of bytes append appends.
func (diff *lineDifference) size() int {
	headMiddle := len(diff.head) - diff.headPrefix - diff.headSuffix
	bodyMiddle := len(diff.body) - diff.bodyPrefix - diff.bodySuffix
	return uvarintLen(diff.headPrefix) + uvarintLen(diff.headSuffix) + uvarintLen(headMiddle) + headMiddle +
		uvarintLen(diff.bodyPrefix) + uvarintLen(diff.bodySuffix) + bodyMiddle
}

// append appends the difference as stored, without the tag byte.
func (diff *lineDifference) append(dst []byte) []byte {
	head, body := diff.head, diff.body
	dst = binary.AppendUvarint(dst, uint64(diff.headPrefix))
	dst = binary.AppendUvarint(dst, uint64(diff.headSuffix))
	dst = binary.AppendUvarint(dst, uint64(len(head)-diff.headPrefix-diff.headSuffix))
	dst = append(dst, head[diff.headPrefix:len(head)-diff.headSuffix]...)
	dst = binary.AppendUvarint(dst, uint64(diff.bodyPrefix))
	dst = binary.AppendUvarint(dst, uint64(diff.bodySuffix))
	return append(dst, body[diff.bodyPrefix:len(body)-diff.bodySuffix]...)
}

// appendDecoded appends the line that lineDifference.append stored as
// diff against ref.
func appendDecoded(dst, ref, diff []byte) []byte {
	refSplit := splitHeader(ref)
	refHead, refBody := ref[:refSplit], ref[refSplit:]

	prefix, diff := readUvarint(diff)
	suffix, diff := readUvarint(diff)
	middle, diff := readUvarint(diff)
	dst = append(dst, refHead[:prefix]...)
	dst = append(dst, diff[:middle]...)
	dst = append(dst, refHead[len(refHead)-suffix:]...)
	diff = diff[middle:]

	prefix, diff = readUvarint(diff)
	suffix, diff = readUvarint(diff)
	dst = append(dst, refBody[:prefix]...)
	dst = append(dst, diff...)
	return append(dst, refBody[len(refBody)-suffix:]...)
}

// readUvarint returns the uvarint at the start of b and the bytes after it.
// b was written by lineDifference.append, so it holds a valid one.
func readUvarint(b []byte) (int, []byte) {
	v, n := binary.Uvarint(b)
	return int(v), b[n:]
}

func uvarintLen(v int) int {
	return (bits.Len64(uint64(v)|1) + 6) / 7
}

// sharedEnds returns the lengths of the prefix and of the suffix that a and
// b share, the suffix not overlapping the prefix in either. It compares
// eight bytes at a time.
func sharedEnds(a, b []byte) (prefix, suffix int) {
	n := min(len(a), len(b))
	for prefix+8 <= n {
		x := binary.LittleEndian.Uint64(a[prefix:]) ^ binary.LittleEndian.Uint64(b[prefix:])
		if x != 0 {
			prefix += bits.TrailingZeros64(x) / 8
			return prefix, sharedSuffix(a[prefix:], b[prefix:])
		}
		prefix += 8
	}
	for prefix < n && a[prefix] == b[prefix] {
		prefix++
	}
	return prefix, sharedSuffix(a[prefix:], b[prefix:])
}

func sharedSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	suffix := 0
	for suffix+8 <= n {
		x := binary.BigEndian.Uint64(a[len(a)-suffix-8:]) ^ binary.BigEndian.Uint64(b[len(b)-suffix-8:])
		if x != 0 {
			return suffix + bits.TrailingZeros64(x)/8
		}
		suffix += 8
	}
	for suffix < n && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	return suffix
}
