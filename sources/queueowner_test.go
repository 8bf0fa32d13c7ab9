package sources

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestMailOwnerFileProblem(t *testing.T) {
	owner := &MailOwner{Name: "postfix", UID: 102, GID: 105}
	cases := []struct {
		name  string
		queue string
		info  queueFileInfo
		want  QueueFileProblem
	}{
		{"deferred owned by postfix", QueueDeferred, queueFileInfo{uid: 102, gid: 0, perm: 0o700, ownerKnown: true}, QueueFileOK},
		{"deferred owned by root", QueueDeferred, queueFileInfo{uid: 0, gid: 0, perm: 0o700, ownerKnown: true}, QueueFileNotOwned},
		{"hold owned by root, world-readable", QueueHold, queueFileInfo{uid: 0, gid: 0, perm: 0o744, ownerKnown: true}, QueueFileNotOwned},
		{"deferred without owner read", QueueDeferred, queueFileInfo{uid: 102, gid: 0, perm: 0o300, ownerKnown: true}, QueueFileNotReadable},
		{"maildrop as postdrop leaves it", QueueMaildrop, queueFileInfo{uid: 1000, gid: 106, perm: 0o744, ownerKnown: true}, QueueFileOK},
		{"maildrop readable by the group", QueueMaildrop, queueFileInfo{uid: 0, gid: 105, perm: 0o740, ownerKnown: true}, QueueFileOK},
		{"maildrop readable by no one else", QueueMaildrop, queueFileInfo{uid: 0, gid: 0, perm: 0o700, ownerKnown: true}, QueueFileNotReadable},
		{"owner unknown", QueueDeferred, queueFileInfo{perm: 0o700}, QueueFileOK},
	}
	for _, tc := range cases {
		if got := owner.fileProblem(tc.queue, tc.info); got != tc.want {
			t.Errorf("%s: problem %d, want %d", tc.name, got, tc.want)
		}
	}
	var unchecked *MailOwner
	if got := unchecked.fileProblem(QueueDeferred, queueFileInfo{uid: 0, perm: 0o700, ownerKnown: true}); got != QueueFileOK {
		t.Errorf("nil owner: problem %d, want none", got)
	}
}

// ownerQueueTree writes a deferred and a maildrop message owned by the
// user the test runs as, a maildrop message only that user may read, and
// an empty hold queue.
func ownerQueueTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeQueueFile(t, filepath.Join(dir, "deferred/7/7E996BE094"), readFixture(t, "7E996BE094"), 0o700)
	writeQueueFile(t, filepath.Join(dir, "maildrop/75D57BE091"), simpleQueueFile(1796413500, "shop@example.com", "a@docomo.ne.jp"), 0o744)
	writeQueueFile(t, filepath.Join(dir, "maildrop/75D57BE092"), simpleQueueFile(1796413501, "shop@example.com", "b@docomo.ne.jp"), 0o700)
	if err := os.MkdirAll(filepath.Join(dir, QueueHold), 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkOwnerProblems checks the snapshot of ownerQueueTree made with a
// mail owner that is neither the test's user nor in its group.
func checkOwnerProblems(t *testing.T, snap QueueSnapshot, owner *MailOwner) {
	t.Helper()
	if snap.MailOwner != owner.Name {
		t.Errorf("snapshot MailOwner = %q, want %q", snap.MailOwner, owner.Name)
	}
	want := map[string]QueueFileProblem{"7E996BE094": QueueFileNotOwned, "75D57BE091": QueueFileOK, "75D57BE092": QueueFileNotReadable}
	if len(snap.Messages) != len(want) {
		t.Fatalf("messages = %d, want %d", len(snap.Messages), len(want))
	}
	for _, m := range snap.Messages {
		if m.FileProblem != want[m.QueueID] {
			t.Errorf("%s: problem %d, want %d", m.QueueID, m.FileProblem, want[m.QueueID])
		}
		if m.FileProblem != QueueFileOK && m.FileUID != uint32(os.Getuid()) {
			t.Errorf("%s: FileUID %d, want the file's owner %d", m.QueueID, m.FileUID, os.Getuid())
		}
	}
	if got := snap.FileProblems(); got != 2 {
		t.Errorf("FileProblems() = %d, want 2", got)
	}
}

// otherMailOwner returns a mail owner whose uid and gid are not the test's.
func otherMailOwner() *MailOwner {
	return &MailOwner{Name: "postfix", UID: uint32(os.Getuid()) + 1, GID: uint32(os.Getgid()) + 1}
}

func TestScanQueueMarksFilesMailOwnerCannotRead(t *testing.T) {
	dir := ownerQueueTree(t)
	owner := otherMailOwner()
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{MailOwner: owner})
	if err != nil {
		t.Fatal(err)
	}
	checkOwnerProblems(t, snap, owner)

	self := &MailOwner{Name: "self", UID: uint32(os.Getuid()), GID: uint32(os.Getgid())}
	snap, err = ScanQueue(context.Background(), dir, QueueOptions{MailOwner: self})
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.FileProblems(); got != 0 {
		t.Errorf("checked against the files' owner: FileProblems() = %d, want 0", got)
	}

	snap, err = ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if snap.MailOwner != "" || snap.FileProblems() != 0 {
		t.Errorf("without a mail owner: MailOwner %q, FileProblems() %d, want neither", snap.MailOwner, snap.FileProblems())
	}
}

func TestQueueWatcherMarksFilesMailOwnerCannotRead(t *testing.T) {
	dir := ownerQueueTree(t)
	owner := otherMailOwner()
	w := startWatcher(t, dir, QueueWatchOptions{Queue: QueueOptions{MailOwner: owner}, Rescan: time.Hour})
	scan := waitScan(t, w, "the first scan", func(QueueScan) bool { return true })
	if scan.Err != nil {
		t.Fatal(scan.Err)
	}
	checkOwnerProblems(t, scan.Snapshot, owner)

	// A file that arrives after the first scan is checked too.
	writeQueueFile(t, filepath.Join(dir, "hold/B1B2C3D4E5"), simpleQueueFile(1796413900, "shop@example.com", "c@docomo.ne.jp"), 0o700)
	scan = waitScan(t, w, "the new held message", func(s QueueScan) bool { return queueOf(s.Snapshot, "B1B2C3D4E5") == QueueHold })
	for _, m := range scan.Snapshot.Messages {
		if m.QueueID == "B1B2C3D4E5" && m.FileProblem != QueueFileNotOwned {
			t.Errorf("new held message: problem %d, want QueueFileNotOwned", m.FileProblem)
		}
	}
}

func TestQueueSnapshotPermissionDenied(t *testing.T) {
	snap := QueueSnapshot{Errors: []QueueFileError{
		{Queue: QueueDeferred, QueueID: "7E996BE094", Err: &fs.PathError{Op: "open", Path: "deferred/7/7E996BE094", Err: syscall.EACCES}},
		{Queue: QueueHold, QueueID: "75D57BE091", Err: &fs.PathError{Op: "open", Path: "hold/75D57BE091", Err: syscall.EPERM}},
		{Queue: QueueCorrupt, QueueID: "BADBADBAD1", Err: errors.New("invalid record type")},
	}}
	if got := snap.PermissionDenied(); got != 2 {
		t.Errorf("PermissionDenied() = %d, want 2", got)
	}
}

// TestScanQueueFilesDeniedAsNobody runs the test binary as the nobody
// user on a queue whose directories anyone may list but whose files only
// root may read. The files are counted, and each is a permission error.
func TestScanQueueFilesDeniedAsNobody(t *testing.T) {
	if queueDir := os.Getenv("MAILTOP_QUEUE_DENIED_CHILD"); queueDir != "" {
		runScanQueueDeniedChild(t, queueDir)
		return
	}
	work, queueDir := deniedQueueTree(t)
	runTestAsNobody(t, work, "TestScanQueueFilesDeniedAsNobody", "MAILTOP_QUEUE_DENIED_CHILD="+queueDir, "denied ok")
}

// deniedQueueTree returns a work directory that anyone may enter and, in
// it, a queue directory whose directories anyone may list but whose two
// files, a deferred and a held message, only root may read. It skips the
// test when not root, because only root can then start a process as
// nobody.
func deniedQueueTree(t *testing.T) (work, queueDir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a process as nobody")
	}
	work = t.TempDir()
	for path := work; path != "/" && path != os.TempDir(); path = filepath.Dir(path) {
		if err := os.Chmod(path, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	queueDir = filepath.Join(work, "spool")
	writeQueueFile(t, filepath.Join(queueDir, "deferred/7/7E996BE094"), readFixture(t, "7E996BE094"), 0o700)
	writeQueueFile(t, filepath.Join(queueDir, "hold/75D57BE091"), simpleQueueFile(1796413500, "", "a@docomo.ne.jp"), 0o700)
	err := filepath.WalkDir(queueDir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil || !entry.IsDir() {
			return err
		}
		return os.Chmod(path, 0o755)
	})
	if err != nil {
		t.Fatal(err)
	}
	return work, queueDir
}

// runTestAsNobody runs the test named test from a copy of the test binary
// in work, as the nobody user, with env added to the environment, and
// fails t unless the child passes and logs marker. Root cannot be denied
// access to a file, hence the second process.
func runTestAsNobody(t *testing.T, work, test, env, marker string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(work, "sources.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env)
	cmd.Dir = work
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as nobody failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), marker) {
		t.Fatalf("child did not log %q:\n%s", marker, out)
	}
}

func runScanQueueDeniedChild(t *testing.T, queueDir string) {
	if os.Geteuid() == 0 {
		t.Fatal("child runs as root, which may read every file")
	}
	snap, err := ScanQueue(context.Background(), queueDir, QueueOptions{})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if len(snap.Messages) != 0 {
		t.Errorf("messages = %d, want none readable", len(snap.Messages))
	}
	if snap.Counts[QueueDeferred] != 1 || snap.Counts[QueueHold] != 1 {
		t.Errorf("counts = %v, want the deferred and the held file counted", snap.Counts)
	}
	if got := snap.PermissionDenied(); got != 2 {
		t.Fatalf("PermissionDenied() = %d, want 2; errors %v", got, snap.Errors)
	}
	t.Log("denied ok")
}

// TestScanQueueDeniedFilesUsePostqueue runs the test binary as the nobody
// user on a queue whose files it may not open, with postqueue -j at hand.
func TestScanQueueDeniedFilesUsePostqueue(t *testing.T) {
	if queueDir := os.Getenv("MAILTOP_QUEUE_DENIED_POSTQUEUE_CHILD"); queueDir != "" {
		runDeniedPostqueueChild(t, queueDir)
		return
	}
	work, queueDir := deniedQueueTree(t)
	runTestAsNobody(t, work, "TestScanQueueDeniedFilesUsePostqueue", "MAILTOP_QUEUE_DENIED_POSTQUEUE_CHILD="+queueDir, "postqueue ok")
}

func runDeniedPostqueueChild(t *testing.T, queueDir string) {
	if os.Geteuid() == 0 {
		t.Fatal("child runs as root, which may read every file")
	}
	ctx := context.Background()
	runner := &fakeQueueRunner{stdout: capturedPostqueue}
	snap, err := ScanQueue(ctx, queueDir, QueueOptions{Runner: runner, ConfigDir: "/etc/postfix-x"})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if want := [][]string{{"postqueue", "-c", "/etc/postfix-x", "-j"}}; !reflect.DeepEqual(runner.calls, want) {
		t.Errorf("commands run: %q, want %q", runner.calls, want)
	}
	if snap.Source != QueueFromPostqueue {
		t.Errorf("source %q, want %q", snap.Source, QueueFromPostqueue)
	}
	if len(snap.Messages) != 2 {
		t.Errorf("messages = %d, want the 2 that postqueue lists", len(snap.Messages))
	}
	if len(snap.Errors) != 0 {
		t.Errorf("errors = %v, want none in a postqueue listing", snap.Errors)
	}
	wantReason := "permission denied reading the Postfix queue: 2 queue files in " + queueDir + " could not be opened: run mailtop as root or the postfix user"
	if snap.FallbackReason != wantReason {
		t.Errorf("fallback reason %q, want %q", snap.FallbackReason, wantReason)
	}
	if snap.ConfigDir != "/etc/postfix-x" || snap.Dir != queueDir {
		t.Errorf("config dir %q and dir %q, want /etc/postfix-x and %s", snap.ConfigDir, snap.Dir, queueDir)
	}

	// postqueue fails as it does for this user while Postfix is stopped:
	// the files that need root are still counted.
	down := &fakeQueueRunner{stderr: "postqueue: fatal: Queue report unavailable - mail system is down\nsecond line\n", err: errors.New("exit status 69")}
	snap, err = ScanQueue(ctx, queueDir, QueueOptions{Runner: down})
	if err != nil {
		t.Fatalf("scan with postqueue failing: %v", err)
	}
	if snap.Source != QueueFromDirectory {
		t.Errorf("with postqueue failing: source %q, want %q", snap.Source, QueueFromDirectory)
	}
	if got := snap.PermissionDenied(); got != 2 {
		t.Errorf("with postqueue failing: PermissionDenied() = %d, want 2", got)
	}
	if want := "postqueue: fatal: Queue report unavailable - mail system is down"; snap.PostqueueError != want {
		t.Errorf("with postqueue failing: PostqueueError = %q, want its first line %q", snap.PostqueueError, want)
	}

	// showq runs as mail_owner, so as mail_owner postqueue would list no
	// more than the scan read.
	self := &MailOwner{Name: "nobody", UID: uint32(os.Geteuid()), GID: uint32(os.Getegid())}
	unused := &fakeQueueRunner{stdout: capturedPostqueue}
	snap, err = ScanQueue(ctx, queueDir, QueueOptions{Runner: unused, MailOwner: self})
	if err != nil {
		t.Fatalf("scan as mail_owner: %v", err)
	}
	if len(unused.calls) != 0 {
		t.Errorf("as mail_owner: ran %q, want no postqueue", unused.calls)
	}
	if got := snap.PermissionDenied(); got != 2 {
		t.Errorf("as mail_owner: PermissionDenied() = %d, want 2", got)
	}
	t.Log("postqueue ok")
}

func TestSetPermissionsCommand(t *testing.T) {
	dir := ownerQueueTree(t)
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{ConfigDir: "/etc/postfix-out"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := snap.SetPermissionsCommand(), "postfix -c /etc/postfix-out set-permissions"; got != want {
		t.Errorf("instance -c /etc/postfix-out: command %q, want %q", got, want)
	}
	snap, err = ScanQueue(context.Background(), dir, QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := snap.SetPermissionsCommand(), "postfix set-permissions"; got != want {
		t.Errorf("default instance: command %q, want %q", got, want)
	}
}
