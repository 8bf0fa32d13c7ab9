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
	perm       fs.FileMode
	size       int64
	modTime    time.Time
	uid, gid   uint32
	ownerKnown bool // uid and gid are set
}

// openQueueFile opens path for reading with bare system calls: os.Open
// would also register every file with the network poller, which a scan of
// 100,000 files pays for twice.
func openQueueFile(path string) (*rawFile, queueFileInfo, error) {
	return openQueueFileAt(atCurrentDir, path, path)
}

// openQueueFileAt opens name, relative to the directory dirFD, and reads
// its inode. path names the file in errors.
func openQueueFileAt(dirFD int, name, path string) (*rawFile, queueFileInfo, error) {
	fd, err := openNoATime(dirFD, name, syscall.O_RDONLY)
	if err != nil {
		return nil, queueFileInfo{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, queueFileInfo{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	info := queueFileInfo{
		perm:       fs.FileMode(st.Mode) & fs.ModePerm,
		size:       st.Size,
		modTime:    time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
		uid:        st.Uid,
		gid:        st.Gid,
		ownerKnown: true,
	}
	return &rawFile{fd: fd, path: path}, info, nil
}

// atCurrentDir is AT_FDCWD: openat resolves a relative name against the
// working directory, and an absolute one as it is.
const atCurrentDir = -0x64

// openNoATime opens name relative to dirFD with O_NOATIME, so that reading
// a queue file leaves its access time alone. qmgr sets a deferred file's
// modification time to its next retry, in the future, so with relatime
// every read would otherwise write the inode. O_NOATIME needs the file's
// owner or CAP_FOWNER; without them the open is retried without it.
func openNoATime(dirFD int, name string, mode int) (int, error) {
	flags := mode | syscall.O_CLOEXEC | syscall.O_NOATIME
	for {
		fd, err := syscall.Openat(dirFD, name, flags, 0)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EPERM) && flags&syscall.O_NOATIME != 0:
			flags &^= syscall.O_NOATIME
			continue
		}
		return fd, err
	}
}

// rawFile is a file opened by openQueueFile.
type rawFile struct {
	fd   int
	path string
}

// ReadAt reads like os.File.ReadAt, except that a read shorter than
// requested is taken as the end of the file, as it is for regular files.
// That saves the second pread that would only return 0 at the end of
// nearly every queue file.
func (f *rawFile) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Pread(f.fd, p, off)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		}
		if n < len(p) {
			return n, io.EOF
		}
		return n, nil
	}
}

// Close closes the file.
func (f *rawFile) Close() error {
	return syscall.Close(f.fd)
}

// readWholeFile reads the file at path into buf, growing it as needed.
func readWholeFile(path string, buf []byte) ([]byte, error) {
	return readWholeFileAt(atCurrentDir, path, path, buf)
}

// readWholeFileAt reads the file name, relative to the directory dirFD,
// into buf, with bare open, read and close system calls and no fstat. A
// read that returns less than the space offered is taken as the end, as
// it is for regular files. A logfile appended to meanwhile is read as it
// was. path names the file in errors.
func readWholeFileAt(dirFD int, name, path string, buf []byte) ([]byte, error) {
	fd, err := openNoATime(dirFD, name, syscall.O_RDONLY)
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

// scanDir is a directory of the queue, kept open while a scan reads its
// files, so that each open resolves one name instead of the whole path.
type scanDir struct {
	path string
	fd   int
}

// openScanDir opens the directory at path.
func openScanDir(path string) (*scanDir, error) {
	fd, err := openNoATime(atCurrentDir, path, syscall.O_RDONLY|syscall.O_DIRECTORY)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return &scanDir{path: path, fd: fd}, nil
}

// Close closes the directory.
func (d *scanDir) Close() error {
	return syscall.Close(d.fd)
}

// openFile opens the queue file name in d.
func (d *scanDir) openFile(name string) (*rawFile, queueFileInfo, error) {
	return openQueueFileAt(d.fd, name, d.path+"/"+name)
}

// readFile reads the logfile name in d into buf.
func (d *scanDir) readFile(name string, buf []byte) ([]byte, error) {
	return readWholeFileAt(d.fd, name, d.path+"/"+name, buf)
}

// direntPool recycles the buffers scanDir.list reads directory entries
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

// list calls visit for each entry of d but "." and "..", in the order of
// the directory, with getdents64 and no stat per entry unless the file
// system leaves the type unknown. It does not sort and makes no
// fs.DirEntry, which os.ReadDir does for every one of a queue's files.
func (d *scanDir) list(visit func(name string, kind entryKind)) error {
	bufp := direntPool.Get().(*[]byte)
	defer direntPool.Put(bufp)
	buf := *bufp
	for {
		n, err := syscall.ReadDirent(d.fd, buf)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: d.path, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for rec := buf[:n]; len(rec) > direntName; {
			reclen := int(binary.NativeEndian.Uint16(rec[direntReclen:]))
			if reclen <= direntName || reclen > len(rec) {
				return &fs.PathError{Op: "readdirent", Path: d.path, Err: syscall.EIO}
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
				kind = lstatKind(d.path + "/" + name)
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
