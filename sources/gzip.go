package sources

import (
	"compress/gzip"
	"fmt"
	"io"
)

// openGzipLog opens a rotated log compressed with gzip (mail.log.2.gz). It
// is read from its start, since a compressed file cannot be positioned, and
// --since drops lines until the first one at or after Since. It is never
// followed.
func openGzipLog(path string, opts Options) (openedLog, error) {
	file, info, err := openRegular(path)
	if err != nil {
		return openedLog{}, err
	}
	stamps := stampReader{year: opts.Year, reference: info.ModTime(), location: opts.Location}

	// Read the head once to order the file, then start again for the lines.
	head, err := gzip.NewReader(file)
	if err != nil {
		file.Close()
		return openedLog{}, openError(path, fmt.Errorf("invalid gzip data: %w", err))
	}
	buf := make([]byte, probeBytes)
	n, err := io.ReadFull(head, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		file.Close()
		return openedLog{}, openError(path, fmt.Errorf("invalid gzip data: %w", err))
	}
	if err := checkText(path, buf[:n]); err != nil {
		file.Close()
		return openedLog{}, err
	}
	orderKey := info.ModTime()
	if stamp, ok := firstStampIn(buf[:n], stamps); ok {
		orderKey = stamp
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		file.Close()
		return openedLog{}, openError(path, err)
	}
	// Progress follows the compressed bytes, the only size known
	// before the file is read.
	history := &historyBytes{total: info.Size()}
	body, err := gzip.NewReader(&countingReader{r: file, bytes: history})
	if err != nil {
		file.Close()
		return openedLog{}, openError(path, fmt.Errorf("invalid gzip data: %w", err))
	}

	stream := newStreamSource(body, path, opts, info.ModTime(), file)
	stream.history = history
	return openedLog{part: stream, orderKey: orderKey}, nil
}
