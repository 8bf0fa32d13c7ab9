package sources

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// writePidFile makes a fake queue directory whose pid/master.pid names
// pid, padded on the left as Postfix 3.7 writes it.
func writePidFile(t *testing.T, pid int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "pid"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat(" ", 27) + strconv.Itoa(pid) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "pid", "master.pid"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ownComm returns the name /proc gives the test process.
func ownComm(t *testing.T) string {
	t.Helper()
	comm, err := os.ReadFile("/proc/self/comm")
	if err != nil {
		t.Skipf("no /proc on this system: %v", err)
	}
	return strings.TrimSpace(string(comm))
}

// deadPID returns the ID of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run true: %v", err)
	}
	return cmd.Process.Pid
}

func TestCheckMasterLiveProcess(t *testing.T) {
	dir := writePidFile(t, os.Getpid())
	probe := masterProbe{proc: "/proc", comm: ownComm(t)}
	if got := probe.check(dir); got != MasterRunning {
		t.Errorf("check = %v, want running", got)
	}
}

func TestCheckMasterDeadProcess(t *testing.T) {
	dir := writePidFile(t, deadPID(t))
	ownComm(t)
	if got := CheckMaster(dir); got != MasterStopped {
		t.Errorf("CheckMaster = %v, want stopped", got)
	}
}

func TestCheckMasterReusedPID(t *testing.T) {
	// The test process is alive but is not named master, as when the
	// master exited and another process got its ID.
	dir := writePidFile(t, os.Getpid())
	ownComm(t)
	if got := CheckMaster(dir); got != MasterStopped {
		t.Errorf("CheckMaster = %v, want stopped", got)
	}
}

func TestCheckMasterNoPidFile(t *testing.T) {
	dir := t.TempDir()
	if got := CheckMaster(dir); got != MasterUnknown {
		t.Errorf("without pid directory: CheckMaster = %v, want unknown", got)
	}
	if err := os.Mkdir(filepath.Join(dir, "pid"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := CheckMaster(dir); got != MasterStopped {
		t.Errorf("empty pid directory: CheckMaster = %v, want stopped", got)
	}
}

func TestCheckMasterBadPidFile(t *testing.T) {
	for _, text := range []string{"", "abc\n", "-5\n", "0\n"} {
		dir := t.TempDir()
		os.Mkdir(filepath.Join(dir, "pid"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "pid", "master.pid"), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := CheckMaster(dir); got != MasterUnknown {
			t.Errorf("pid file %q: CheckMaster = %v, want unknown", text, got)
		}
	}
}

func TestCheckMasterUnreadablePidFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a file of mode 0")
	}
	dir := writePidFile(t, os.Getpid())
	if err := os.Chmod(filepath.Join(dir, "pid", "master.pid"), 0); err != nil {
		t.Fatal(err)
	}
	if got := CheckMaster(dir); got != MasterUnknown {
		t.Errorf("CheckMaster = %v, want unknown", got)
	}
}

func TestCheckMasterWithoutProc(t *testing.T) {
	dir := writePidFile(t, os.Getpid())
	probe := masterProbe{proc: t.TempDir(), comm: "master"}
	if got := probe.check(dir); got != MasterUnknown {
		t.Errorf("check = %v, want unknown", got)
	}
}

func TestScanQueueMasterFromPidFile(t *testing.T) {
	dir := writePidFile(t, deadPID(t))
	ownComm(t)
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{CheckMaster: true})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Master != MasterStopped {
		t.Errorf("Master = %v, want stopped", snap.Master)
	}

	copied, err := ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if copied.Master != MasterUnknown {
		t.Errorf("without CheckMaster: Master = %v, want unknown", copied.Master)
	}
}

func TestScanPostqueueMaster(t *testing.T) {
	running := &fakeQueueRunner{stdout: capturedPostqueue}
	snap, err := scanPostqueue(context.Background(), running, "", "/var/spool/postfix", MessageQueues)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Master != MasterRunning {
		t.Errorf("listing without warning: Master = %v, want running", snap.Master)
	}

	// Postfix 3.7.11 postqueue run by root while the master is stopped.
	direct := &fakeQueueRunner{stdout: capturedPostqueue,
		stderr: "postqueue: warning: Mail system is down -- accessing queue directly (Connect to the Postfix showq service: Connection refused)\n"}
	snap, err = scanPostqueue(context.Background(), direct, "", "/var/spool/postfix", MessageQueues)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Master != MasterStopped {
		t.Errorf("listing with warning: Master = %v, want stopped", snap.Master)
	}

	// The same for another user, who gets no listing.
	failed := &fakeQueueRunner{stderr: "postqueue: fatal: Queue report unavailable - mail system is down\n", err: errors.New("exit status 69")}
	_, err = scanPostqueue(context.Background(), failed, "", "/var/spool/postfix", MessageQueues)
	if !errors.Is(err, ErrMailSystemDown) {
		t.Errorf("err = %v, want ErrMailSystemDown", err)
	}

	other := &fakeQueueRunner{stderr: "postqueue: fatal: open file /etc/postfix/main.cf: No such file or directory\n", err: errors.New("exit status 69")}
	_, err = scanPostqueue(context.Background(), other, "", "/var/spool/postfix", MessageQueues)
	if err == nil || errors.Is(err, ErrMailSystemDown) {
		t.Errorf("err = %v, want an error other than ErrMailSystemDown", err)
	}
}

func TestQueueWatcherSendsMasterChange(t *testing.T) {
	dir := writePidFile(t, deadPID(t))
	w := NewQueueWatcher(dir, QueueWatchOptions{
		Queue:       QueueOptions{CheckMaster: true},
		MinInterval: 20 * time.Millisecond,
		MasterPoll:  20 * time.Millisecond,
	})
	// The test process plays the master once the pid file names it.
	w.master = masterProbe{proc: "/proc", comm: ownComm(t)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})

	waitScan(t, w, "the master stopped", func(scan QueueScan) bool { return scan.Snapshot.Master == MasterStopped })

	// Starting the master changes no queue file, so only the pid file
	// check can send the next snapshot.
	pid := strings.Repeat(" ", 27) + strconv.Itoa(os.Getpid()) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "pid", "master.pid"), []byte(pid), 0o600); err != nil {
		t.Fatal(err)
	}
	waitScan(t, w, "the master running", func(scan QueueScan) bool { return scan.Snapshot.Master == MasterRunning })
}
