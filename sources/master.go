package sources

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// MasterState is whether the master process of a Postfix instance runs.
// While it does not, Postfix delivers nothing and retries nothing.
type MasterState int8

const (
	// MasterUnknown means the state is unknown: mailtop may not read the pid
	// file (Postfix 3.7 makes it mode 0600, owned by root) and postqueue
	// gave no result, or the listing is not of a live instance (a
	// --queue-dir copy, the demo).
	MasterUnknown MasterState = iota
	// MasterRunning means the master process runs.
	MasterRunning
	// MasterStopped means the master process does not run.
	MasterStopped
)

// String returns "running", "stopped" or "unknown".
func (s MasterState) String() string {
	switch s {
	case MasterRunning:
		return "running"
	case MasterStopped:
		return "stopped"
	}
	return "unknown"
}

// ErrMailSystemDown is wrapped by the error of a postqueue -j that failed
// because the instance's master process does not run, so that showq could
// not be reached.
var ErrMailSystemDown = errors.New("Postfix is not running (postqueue: mail system is down)")

// CheckMaster reports whether the master process of the instance whose
// queue_directory is queueDir runs. Postfix's master writes its process ID
// to pid/master.pid under queue_directory when it starts and leaves the
// file when it stops, so the process must still exist and be named
// "master" (/proc/PID/comm). It reads two small files and runs nothing,
// so it is cheap enough for every queue scan.
//
// It returns MasterUnknown when the pid file or /proc cannot be read: in
// Postfix 3.7 only root may read the pid file. A caller without root can
// learn the state from postqueue instead (see ScanQueue).
//
// NOTE: a mailtop in another PID namespace than Postfix (a container)
// sees another process under the same ID, or none.
func CheckMaster(queueDir string) MasterState {
	return postfixMaster.check(queueDir)
}

// postfixMaster is the probe of CheckMaster.
var postfixMaster = masterProbe{proc: "/proc", comm: "master"}

// masterProbe is CheckMaster with the /proc directory and the process
// name it expects, so that tests can name their own process.
type masterProbe struct {
	proc string
	comm string
}

func (p masterProbe) check(queueDir string) MasterState {
	data, err := os.ReadFile(filepath.Join(queueDir, "pid", "master.pid"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A queue directory without the pid file is of an instance never
		// started since postfix check created it (Postfix 3.7.11). When
		// the pid directory is missing too, the state is unknown.
		if _, statErr := os.Stat(filepath.Join(queueDir, "pid")); statErr == nil {
			return MasterStopped
		}
		return MasterUnknown
	case err != nil:
		return MasterUnknown
	}
	// Postfix pads the process ID with spaces on the left.
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return MasterUnknown
	}

	comm, err := os.ReadFile(filepath.Join(p.proc, strconv.Itoa(pid), "comm"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Without /proc/self, /proc is not mounted and a missing entry
		// proves nothing.
		if _, selfErr := os.Stat(filepath.Join(p.proc, "self")); selfErr != nil {
			return MasterUnknown
		}
		return MasterStopped
	case err != nil:
		return MasterUnknown
	}
	if strings.TrimSpace(string(comm)) != p.comm {
		// The master exited and another process got its ID.
		return MasterStopped
	}
	return MasterRunning
}
