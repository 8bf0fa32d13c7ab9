package sources

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"sync"
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

// readWholeFile reads the file at path into buf, growing it as needed,
// with bare open, read and close system calls and no fstat. A read that
// returns less than the space offered is taken as the end, as it is for
// regular files. A logfile appended to meanwhile is read as it was.
func readWholeFile(path string, buf []byte) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return buf, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		space := buf[len(buf):cap(buf)]
		n, err := syscall.Read(fd, space)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return buf, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		buf = buf[:len(buf)+n]
		if n < len(space) {
			return buf, nil
		}
	}
}

// direntPool recycles the buffers listDirectory reads directory entries
// into.
var direntPool = sync.Pool{New: func() any {
	buf := make([]byte, 32<<10)
	return &buf
}}

// Offsets in a struct linux_dirent64, as getdents64(2) returns it: d_ino
// (8 bytes), d_off (8), d_reclen (2), d_type (1), then the name ending in
// NUL.
const (
	direntReclen = 16
	direntType   = 18
	direntName   = 19
)

// listDirectory calls visit for each entry of dir but "." and "..", in
// the order of the directory, with getdents64 and no stat per entry unless
// the file system leaves the type unknown. It does not sort and makes no
// fs.DirEntry, which os.ReadDir does for every one of a queue's files.
func listDirectory(dir string, visit func(name string, kind entryKind)) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)

	bufp := direntPool.Get().(*[]byte)
	defer direntPool.Put(bufp)
	buf := *bufp
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for rec := buf[:n]; len(rec) > direntName; {
			reclen := int(binary.NativeEndian.Uint16(rec[direntReclen:]))
			if reclen <= direntName || reclen > len(rec) {
				return &fs.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
			}
			nameBytes := rec[direntName:reclen]
			if end := indexNUL(nameBytes); end >= 0 {
				nameBytes = nameBytes[:end]
			}
			typ := rec[direntType]
			rec = rec[reclen:]
			if string(nameBytes) == "." || string(nameBytes) == ".." {
				continue
			}
			name := string(nameBytes)
			kind := direntKind(typ)
			if kind == entryUnknown {
				kind = lstatKind(dir + "/" + name)
			}
			visit(name, kind)
		}
	}
}

func indexNUL(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

// direntKind maps a d_type to an entryKind.
func direntKind(typ byte) entryKind {
	switch typ {
	case syscall.DT_DIR:
		return entryDirectory
	case syscall.DT_REG:
		return entryRegular
	case syscall.DT_UNKNOWN:
		return entryUnknown
	}
	return entryOther
}

// lstatKind returns the kind of the file at path, entryOther when it
// cannot be read, for file systems whose directories give no type.
func lstatKind(path string) entryKind {
	var st syscall.Stat_t
	if err := syscall.Lstat(path, &st); err != nil {
		return entryOther
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return entryDirectory
	case syscall.S_IFREG:
		return entryRegular
	}
	return entryOther
}
