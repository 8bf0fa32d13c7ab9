package sources

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ErrBinaryLog means a log file contains NUL bytes near its start, so it is
// a program, an archive or another binary file rather than a text mail log.
// Reading it anyway would count any strings in it that look like log lines.
var ErrBinaryLog = errors.New("binary file, not a text mail log")

// binaryProbeBytes is how much of the start of a log is checked for NUL
// bytes.
const binaryProbeBytes = 64 << 10

// checkText returns an error wrapping ErrBinaryLog when head, the start of
// the log at path, contains a NUL byte and the log is read once. A log
// that is followed (opts.Follow) is never rejected: the dashboard keeps
// running on any input and counts only the lines it recognizes.
//
// NOTE: syslog files on some file systems get a run of NUL bytes after an
// unclean shutdown. report and classify reject a log with such a run in
// its first 64 KiB as well. Its other lines can still be read after
// `tr -d '\000'`.
func checkText(path string, head []byte, opts Options) error {
	if opts.Follow {
		return nil
	}
	offset := bytes.IndexByte(head, 0)
	if offset < 0 {
		return nil
	}
	return fmt.Errorf("cannot read log %s: %w (NUL byte at offset %d): pass --log the file that Postfix or syslog writes, such as /var/log/mail.log", path, ErrBinaryLog, offset)
}

// readHead returns up to binaryProbeBytes from the start of r.
func readHead(r io.ReaderAt) ([]byte, error) {
	buf := make([]byte, binaryProbeBytes)
	n, err := r.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}
