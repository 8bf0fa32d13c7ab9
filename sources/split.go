package sources

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// minSplitBytes is the smallest amount of plain log text that
// OpenLogsSplit divides. Below it, starting a second reader and merging
// what the two count costs more than it saves.
const minSplitBytes = 8 << 20

// gzipRatio estimates how many bytes of text one compressed byte of a
// rotated log holds, to weigh a .gz file against plain ones. gzip -6
// compresses a generated Postfix log about 9 times and the captured one 13
// times. A low estimate only moves the cut towards the start.
const gzipRatio = 6

// maxCutSearch is how far past the middle OpenLogsSplit looks for a line
// start to cut at before it gives up and reads the logs as one.
const maxCutSearch = 1 << 20

// OpenLogsSplit opens the logs at paths as OpenLogs does, without
// following, and divides their lines into two consecutive sources of
// about equal size. Every line of the first comes before every line of the
// second in the order OpenLogs reads them. Together they deliver exactly
// the lines OpenLogs would. A caller reads them at once, on
// separate cores, and merges what it counts in order.
//
// It returns a single source when the logs are not worth dividing or
// cannot be: with standard input, or with less than minSplitBytes of text.
// A plain file is cut at the start of a line; a compressed one is never
// cut, so the division may fall between two files.
func OpenLogsSplit(paths []string, opts Options) ([]LogSource, error) {
	opts.Follow = false
	logs, useStdin, err := openOrdered(paths, &opts)
	if err != nil {
		return nil, err
	}
	whole := func() []LogSource {
		s := &multiSource{batch: newBatch()}
		for _, log := range logs {
			s.parts = append(s.parts, log.part)
		}
		if useStdin {
			s.parts = append(s.parts, stdinPart(opts))
		}
		return []LogSource{s}
	}
	if useStdin {
		return whole(), nil
	}

	weights := make([]int64, len(logs))
	var total, plain int64
	for i, log := range logs {
		weights[i] = logWeight(log)
		total += weights[i]
		if log.file != nil {
			plain += weights[i]
		}
	}
	if plain < minSplitBytes {
		return whole(), nil
	}

	// Find the log that holds the middle of the text.
	half := total / 2
	at := 0
	for ; at < len(logs)-1 && half >= weights[at]; at++ {
		half -= weights[at]
	}

	first := &multiSource{batch: newBatch()}
	second := &multiSource{batch: newBatch()}
	for _, log := range logs[:at] {
		first.parts = append(first.parts, log.part)
	}
	middle := logs[at]
	switch {
	case middle.file != nil:
		tail, ok := middle.file.cutAt(middle.file.live.offset + half)
		if !ok {
			return whole(), nil
		}
		first.parts = append(first.parts, middle.file)
		second.parts = append(second.parts, tail)
	case at+1 < len(logs):
		first.parts = append(first.parts, middle.part)
	default:
		// The middle falls in the last file, compressed: cut before it.
		if at == 0 {
			return whole(), nil
		}
		second.parts = append(second.parts, middle.part)
	}
	for _, log := range logs[at+1:] {
		second.parts = append(second.parts, log.part)
	}
	if len(first.parts) == 0 || len(second.parts) == 0 {
		return whole(), nil
	}
	return []LogSource{first, second}, nil
}

// logWeight estimates the bytes of text left to read in log.
func logWeight(log openedLog) int64 {
	if log.file != nil {
		info, err := log.file.live.file.Stat()
		if err != nil {
			return 0
		}
		return max(0, info.Size()-log.file.live.offset)
	}
	return log.compressedSize * gzipRatio
}

// cutAt divides f at the first line start at or after offset. f then ends
// there, and the returned source reads the rest of the file. The two share
// the descriptor, which closes when both are closed. It returns false when
// no line starts within maxCutSearch bytes of offset.
func (f *fileSource) cutAt(offset int64) (*fileSource, bool) {
	cut, ok := findLineStart(f.live.file, max(offset, f.live.offset+1))
	if !ok {
		return nil, false
	}
	tail := &fileSource{
		path:     f.path,
		opts:     f.opts,
		logger:   f.logger,
		live:     newFileReader(f.live.file, f.path, cut),
		modTime:  f.modTime,
		orderKey: f.orderKey,
		stamps:   f.stamps,
	}
	if err := tail.live.loadMark(); err != nil {
		return nil, false
	}
	f.live.limit = cut

	var once sync.Mutex
	open := 2
	file := f.live.file
	release := func() error {
		once.Lock()
		defer once.Unlock()
		open--
		if open == 0 {
			return file.Close()
		}
		return nil
	}
	f.release, tail.release = release, release
	return tail, true
}

// findLineStart returns the offset just after the first newline at or
// after from that lies between two bytes of text. A newline next to a NUL
// byte is part of padding, whose handling depends on what came before, so
// the cut does not fall there. It returns false at the end of the file or
// after maxCutSearch bytes without such a newline.
func findLineStart(file *os.File, from int64) (int64, bool) {
	buf := make([]byte, 64<<10)
	// Read one byte before from, to see what precedes a newline at from.
	start := from - 1
	for start < from+maxCutSearch {
		n, err := file.ReadAt(buf, start)
		if n < 2 {
			return 0, false
		}
		chunk := buf[:n]
		for i := 1; i < len(chunk)-1; i++ {
			next := bytes.IndexByte(chunk[i:len(chunk)-1], '\n')
			if next < 0 {
				break
			}
			i += next
			if chunk[i-1] != 0 && chunk[i+1] != 0 {
				return start + int64(i) + 1, true
			}
		}
		if err == io.EOF || n < len(buf) {
			return 0, false
		}
		// Overlap by two bytes so a newline at the edge is seen with both
		// neighbours.
		start += int64(n) - 2
	}
	return 0, false
}
