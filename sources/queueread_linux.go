package sources

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
	"time"
)

// queueFileInfo is what readQueueFile needs from a queue file's inode.
type queueFileInfo struct {
	perm    fs.FileMode
	size    int64
	modTime time.Time
}

// openQueueFile opens path for reading with bare system calls: os.Open
// would also register every file with the network poller, which a scan of
// 100,000 files pays for twice.
func openQueueFile(path string) (*rawFile, queueFileInfo, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, queueFileInfo{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, queueFileInfo{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	info := queueFileInfo{
		perm:    fs.FileMode(st.Mode) & fs.ModePerm,
		size:    st.Size,
		modTime: time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
	}
	return &rawFile{fd: fd, path: path}, info, nil
}

// rawFile is a file opened by openQueueFile.
type rawFile struct {
	fd   int
	path string
}

// ReadAt reads like os.File.ReadAt.
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	read := 0
	for read < len(p) {
		n, err := syscall.Pread(f.fd, p[read:], off+int64(read))
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return read, &fs.PathError{Op: "read", Path: f.path, Err: err}
		}
		if n == 0 {
			return read, io.EOF
		}
		read += n
	}
	return read, nil
}

// Close closes the file.
func (f *rawFile) Close() error {
	return syscall.Close(f.fd)
}

// readSmallFile reads the whole file at path, like os.ReadFile, with bare
// system calls.
func readSmallFile(path string) ([]byte, error) {
	file, info, err := openQueueFile(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data := make([]byte, info.size)
	n, err := file.ReadAt(data, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return data[:n], nil
}
