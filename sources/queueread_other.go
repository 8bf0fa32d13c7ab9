//go:build !linux

package sources

import (
	"io/fs"
	"os"
	"time"
)

// queueFileInfo is what readQueueFile needs from a queue file's inode.
type queueFileInfo struct {
	perm    fs.FileMode
	size    int64
	modTime time.Time
}

// openQueueFile opens path for reading.
func openQueueFile(path string) (*os.File, queueFileInfo, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, queueFileInfo{}, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, queueFileInfo{}, err
	}
	return file, queueFileInfo{perm: info.Mode().Perm(), size: info.Size(), modTime: info.ModTime()}, nil
}

// readSmallFile reads the whole file at path.
func readSmallFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}
