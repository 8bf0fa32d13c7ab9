package sources

import (
	"errors"
	"io"
)

// utf8BOM is the UTF-8 encoding of U+FEFF, the byte order mark that some
// Windows editors and tools write at the start of a text file. A log file
// copied through one of them starts with it, and its first line would then
// not start with a timestamp.
const utf8BOM = "\xef\xbb\xbf"

// hasBOM reports whether data starts with utf8BOM.
func hasBOM(data []byte) bool {
	return len(data) >= len(utf8BOM) && string(data[:len(utf8BOM)]) == utf8BOM
}

// bomSkipper reads r without the byte order mark at its start, when r has
// one. Its first Read waits for at least three bytes, or the end of r, so
// it belongs on the goroutine that reads r.
type bomSkipper struct {
	r       io.Reader
	started bool
	// skipped is set to the length of the mark when it was dropped.
	skipped int
}

func (s *bomSkipper) Read(p []byte) (int, error) {
	if s.started || len(p) < len(utf8BOM) {
		return s.r.Read(p)
	}
	s.started = true
	// The first read fills p as a plain read would, so that the stream's
	// binary probe gets a full first chunk to check.
	n, err := io.ReadAtLeast(s.r, p, len(utf8BOM))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	if hasBOM(p[:n]) {
		n = copy(p, p[len(utf8BOM):n])
		s.skipped = len(utf8BOM)
	}
	return n, err
}
