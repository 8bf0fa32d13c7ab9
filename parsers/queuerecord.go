package parsers

import (
	"errors"
	"fmt"
	"io"
)

// This file reads the records of a queue file, whose layout the comment at
// the top of queuefile.go gives.

// record is one record as read. data may alias the reader's buffer and is
// valid until the next read.
type record struct {
	kind   byte
	offset int64
	next   int64 // offset of the record that follows in the file
	data   []byte
}

// maxLengthBytes is the most length bytes ParseQueueFile accepts: 5 groups
// of 7 bits cover every int32 length Postfix can write.
const maxLengthBytes = 5

// maxQueueFileOffset bounds the offsets recordReader reads at, far above
// any real queue file, so that offset arithmetic on a damaged pointer or
// size field cannot overflow.
const maxQueueFileOffset = 1 << 48

// chunkSize is how much recordReader reads at once. Most envelopes fit in
// one chunk.
const chunkSize = 4096

// recordReader reads records at given offsets through a buffer.
type recordReader struct {
	r     io.ReaderAt
	buf   []byte
	start int64 // file offset of buf[0]
}

// record reads the record at offset.
func (rr *recordReader) record(offset int64) (record, error) {
	head, err := rr.bytesAt(offset, 1)
	if err != nil {
		return record{}, fmt.Errorf("record at offset %d: %w", offset, err)
	}
	kind := head[0]
	if kind < 0x20 || kind > 0x7e {
		return record{}, fmt.Errorf("%w: type byte 0x%02x at offset %d is not a record type",
			ErrMalformedRecord, kind, offset)
	}

	var length int64
	pos := offset + 1
	for i := 0; ; i++ {
		if i == maxLengthBytes {
			return record{}, fmt.Errorf("%w: length of record %q at offset %d has more than %d bytes",
				ErrMalformedRecord, kind, offset, maxLengthBytes)
		}
		b, err := rr.bytesAt(pos, 1)
		if err != nil {
			return record{}, fmt.Errorf("length of record %q at offset %d: %w", kind, offset, err)
		}
		pos++
		length |= int64(b[0]&0x7f) << (7 * i)
		if b[0]&0x80 == 0 {
			break
		}
	}
	if length > MaxQueueRecordLength {
		return record{}, fmt.Errorf("%w: record %q at offset %d claims %d bytes, more than %d",
			ErrRecordTooLong, kind, offset, length, MaxQueueRecordLength)
	}

	data, err := rr.bytesAt(pos, int(length))
	if err != nil {
		return record{}, fmt.Errorf("data of record %q at offset %d: %w", kind, offset, err)
	}
	return record{kind: kind, offset: offset, next: pos + length, data: data}, nil
}

// bytesAt returns n bytes at offset, from the buffer when it holds them.
// A short read means the file ends there: ErrTruncated.
func (rr *recordReader) bytesAt(offset int64, n int) ([]byte, error) {
	if offset < 0 || offset > maxQueueFileOffset {
		return nil, fmt.Errorf("%w: offset %d is outside any queue file", ErrMalformedRecord, offset)
	}
	if n == 0 {
		return nil, nil
	}
	if offset >= rr.start && offset+int64(n) <= rr.start+int64(len(rr.buf)) {
		from := offset - rr.start
		return rr.buf[from : from+int64(n)], nil
	}

	size := max(n, chunkSize)
	var target []byte
	if n <= chunkSize {
		if cap(rr.buf) < chunkSize {
			rr.buf = make([]byte, chunkSize)
		}
		target = rr.buf[:size]
	} else {
		// Larger than a chunk: read it into its own slice and leave the
		// buffer alone.
		target = make([]byte, n)
		size = n
	}
	got, err := rr.r.ReadAt(target[:size], offset)
	if got < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = ErrTruncated
		}
		if n <= chunkSize {
			rr.buf = rr.buf[:0]
		}
		return nil, err
	}
	if n > chunkSize {
		return target, nil
	}
	rr.buf = target[:got]
	rr.start = offset
	return rr.buf[:n], nil
}
