//go:build !linux

package sources

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// queueFileInfo is what readQueueFile needs from a queue file's inode.
type queueFileInfo struct {
	perm       fs.FileMode
	size       int64
	modTime    time.Time
	uid, gid   uint32
	ownerKnown bool // uid and gid are set
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
	fileInfo := queueFileInfo{perm: info.Mode().Perm(), size: info.Size(), modTime: info.ModTime()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		fileInfo.uid, fileInfo.gid, fileInfo.ownerKnown = st.Uid, st.Gid, true
	}
	return file, fileInfo, nil
}

// readWholeFile reads the file at path into buf, growing it as needed.
func readWholeFile(path string, buf []byte) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return buf, err
	}
	defer file.Close()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := file.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// scanDir is a directory of the queue that a scan reads files from.
type scanDir struct {
	path string
}

// openScanDir checks that path is a directory.
func openScanDir(path string) (*scanDir, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: errors.New("not a directory")}
	}
	return &scanDir{path: path}, nil
}

// Close does nothing: no descriptor is kept.
func (d *scanDir) Close() error {
	return nil
}

// openFile opens the queue file name in d.
func (d *scanDir) openFile(name string) (*os.File, queueFileInfo, error) {
	return openQueueFile(d.path + "/" + name)
}

// readFile reads the logfile name in d into buf.
func (d *scanDir) readFile(name string, buf []byte) ([]byte, error) {
	return readWholeFile(d.path+"/"+name, buf)
}

// list calls visit for each entry of d, unsorted.
func (d *scanDir) list(visit func(name string, kind entryKind)) error {
	file, err := os.Open(d.path)
	if err != nil {
		return err
	}
	defer file.Close()
	entries, err := file.ReadDir(-1)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		kind := entryOther
		switch {
		case entry.IsDir():
			kind = entryDirectory
		case entry.Type().IsRegular():
			kind = entryRegular
		}
		visit(entry.Name(), kind)
	}
	return nil
}
