package sources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/parsers"
)

// queueFixtureDir holds the captured queue file 7E996BE094 and its defer
// logfile.
const queueFixtureDir = "../testdata/queue"

// encodeRecords writes queue file records: type, length in 7-bit groups
// low group first, data.
func encodeRecords(records ...[2]string) []byte {
	var out []byte
	for _, r := range records {
		out = append(out, r[0][0])
		n := len(r[1])
		for n >= 0x80 {
			out = append(out, byte(n&0x7f)|0x80)
			n >>= 7
		}
		out = append(out, byte(n))
		out = append(out, r[1]...)
	}
	return out
}

// simpleQueueFile is a queue file with no C record: arrival, sender,
// pending recipients and an empty content.
func simpleQueueFile(arrival int64, sender string, recipients ...string) []byte {
	records := [][2]string{{"T", fmt.Sprintf("%d 0", arrival)}, {"S", sender}}
	for _, r := range recipients {
		records = append(records, [2]string{"R", r})
	}
	records = append(records, [2]string{"M", ""}, [2]string{"N", "Subject: test"}, [2]string{"X", ""}, [2]string{"E", ""})
	return encodeRecords(records...)
}

func writeQueueFile(t *testing.T, path string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode passes through the umask; set it exactly.
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(queueFixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// retryTime is the mtime given to deferred files in the fixture tree.
var retryTime = time.Unix(1796413632, 0)

// buildQueueTree lays out a queue directory the way Postfix does, with
// one case of each kind ScanQueue must handle.
func buildQueueTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()

	// The captured, partially delivered message and its defer logfile,
	// hashed one level deep.
	captured := filepath.Join(dir, "deferred/7/7E996BE094")
	writeQueueFile(t, captured, readFixture(t, "7E996BE094"), 0o700)
	if err := os.Chtimes(captured, retryTime, retryTime); err != nil {
		t.Fatal(err)
	}
	writeQueueFile(t, filepath.Join(dir, "defer/7/7E996BE094"), readFixture(t, "defer-7E996BE094"), 0o600)

	// A long queue ID, hashed by its microseconds, whose defer logfile
	// quotes the local part and names one recipient the file lacks.
	long := filepath.Join(dir, "deferred/6/4jh2DZ3Cpzz5rBg")
	writeQueueFile(t, long, simpleQueueFile(1796413000, "shop@example.com", "a b@ezweb.ne.jp", "c@au.com"), 0o700)
	if err := os.Chtimes(long, retryTime, retryTime); err != nil {
		t.Fatal(err)
	}
	writeQueueFile(t, filepath.Join(dir, "defer/6/4jh2DZ3Cpzz5rBg"), []byte(
		"\n<\"a b\"@ezweb.ne.jp>: quoted reason\nrecipient=\"a b\"@ezweb.ne.jp\nstatus=4.7.0\nreason=quoted reason\n\n"+
			"\nrecipient=orphan@ezweb.ne.jp\nstatus=4.4.1\nreason=orphan reason\n\n"), 0o600)

	// A held bounce, marked for expiry with postsuper -e (group execute).
	writeQueueFile(t, filepath.Join(dir, "hold/75D57BE091"), simpleQueueFile(1796413500, "", "tester@mx.example.com"), 0o710)

	// cleanup still writing (0600), a temporary name, a symlink.
	writeQueueFile(t, filepath.Join(dir, "incoming/A1B2C3D4E5"), simpleQueueFile(1, "x@example.com", "y@example.com"), 0o600)
	writeQueueFile(t, filepath.Join(dir, "incoming/453803.12345"), []byte("partial"), 0o600)
	if err := os.Symlink(captured, filepath.Join(dir, "deferred/7/7E996BE095")); err != nil {
		t.Fatal(err)
	}

	// A damaged file moved aside by qmgr.
	writeQueueFile(t, filepath.Join(dir, "corrupt/BADBADBAD1"), []byte("\x00garbage"), 0o700)

	// Logfiles and flush lists are not messages.
	writeQueueFile(t, filepath.Join(dir, "flush/docomo_ne_jp"), []byte("7E996BE094\n"), 0o600)
	writeQueueFile(t, filepath.Join(dir, "trace/7E996BE094"), []byte("\n"), 0o600)
	for _, q := range []string{"active", "maildrop"} {
		if err := os.MkdirAll(filepath.Join(dir, q), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScanQueueTree(t *testing.T) {
	dir := buildQueueTree(t)
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			snap, err := ScanQueue(context.Background(), dir, QueueOptions{Workers: workers})
			if err != nil {
				t.Fatalf("ScanQueue: %v", err)
			}
			checkQueueTree(t, dir, snap)
		})
	}
}

func checkQueueTree(t *testing.T, dir string, snap QueueSnapshot) {
	t.Helper()
	if snap.Source != QueueFromDirectory || snap.Dir != dir {
		t.Errorf("Source, Dir = %q, %q", snap.Source, snap.Dir)
	}
	wantCounts := map[string]int{"maildrop": 0, "incoming": 0, "active": 0, "deferred": 2, "hold": 1, "corrupt": 1}
	if !reflect.DeepEqual(snap.Counts, wantCounts) {
		t.Errorf("Counts = %v, want %v", snap.Counts, wantCounts)
	}
	if snap.Incomplete != 1 {
		t.Errorf("Incomplete = %d, want 1 (incoming/A1B2C3D4E5 is 0600)", snap.Incomplete)
	}
	if snap.Skipped != 2 {
		t.Errorf("Skipped = %d, want 2 (a temporary name and a symlink)", snap.Skipped)
	}
	if snap.Vanished != 0 {
		t.Errorf("Vanished = %d, want 0", snap.Vanished)
	}
	if len(snap.Errors) != 1 || snap.Errors[0].QueueID != "BADBADBAD1" || snap.Errors[0].Queue != "corrupt" {
		t.Errorf("Errors = %v, want corrupt/BADBADBAD1", snap.Errors)
	}

	var ids []string
	for _, m := range snap.Messages {
		ids = append(ids, m.Queue+"/"+m.QueueID)
	}
	// Sorted by arrival time.
	wantIDs := []string{"deferred/4jh2DZ3Cpzz5rBg", "hold/75D57BE091", "deferred/7E996BE094"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Fatalf("messages = %q, want %q", ids, wantIDs)
	}

	long, held, captured := snap.Messages[0], snap.Messages[1], snap.Messages[2]

	if !captured.Arrival.Equal(time.Unix(1796413613, 517457000)) || captured.Size != 365 ||
		captured.Sender != "tester@mx.example.com" || !captured.NextRetry.Equal(retryTime) || captured.ForcedExpire {
		t.Errorf("captured message = %+v", captured)
	}
	const greylisted = "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"
	wantCaptured := []QueuedRecipient{
		{Address: "ok2@docomo.ne.jp", OrigAddress: "ok2@docomo.ne.jp", Done: true},
		{Address: "tempfail2@docomo.ne.jp", OrigAddress: "tempfail2@docomo.ne.jp", Status: "4.2.0", Reason: greylisted},
		{Address: "reject2@docomo.ne.jp", OrigAddress: "reject2@docomo.ne.jp", Done: true},
	}
	if !reflect.DeepEqual(captured.Recipients, wantCaptured) {
		t.Errorf("captured recipients =\n%+v\nwant\n%+v", captured.Recipients, wantCaptured)
	}
	if pending := captured.PendingRecipients(); len(pending) != 1 || pending[0].Address != "tempfail2@docomo.ne.jp" {
		t.Errorf("PendingRecipients = %+v", pending)
	}

	wantLong := []QueuedRecipient{
		{Address: "a b@ezweb.ne.jp", Status: "4.7.0", Reason: "quoted reason"},
		{Address: "c@au.com"},
		{Address: "orphan@ezweb.ne.jp", Status: "4.4.1", Reason: "orphan reason"},
	}
	if !reflect.DeepEqual(long.Recipients, wantLong) {
		t.Errorf("long-ID recipients =\n%+v\nwant\n%+v", long.Recipients, wantLong)
	}
	if info, err := os.Stat(filepath.Join(dir, "deferred/6/4jh2DZ3Cpzz5rBg")); err != nil || long.Size != info.Size() {
		t.Errorf("long-ID Size = %d, want the file size because the file has no C record", long.Size)
	}

	if !held.ForcedExpire || held.Sender != "" || !held.NextRetry.IsZero() {
		t.Errorf("held message = %+v, want forced expire, null sender, no retry time", held)
	}
}

func TestScanQueueVanishedFile(t *testing.T) {
	jobs := []queueJob{{queue: QueueActive, id: "ABCDEF1234", path: filepath.Join(t.TempDir(), "active/ABCDEF1234")}}
	_, results := readQueueJobs(context.Background(), jobs, queueLogs{}, 0)
	if len(results) != 1 || results[0].outcome != queueFileVanished || results[0].err != nil {
		t.Errorf("after a missing file: %+v, want one vanished file and no error", results)
	}
}

func TestScanQueueMissingDirectory(t *testing.T) {
	_, err := ScanQueue(context.Background(), filepath.Join(t.TempDir(), "nope"), QueueOptions{Runner: &fakeQueueRunner{}})
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "postconf -h queue_directory") {
		t.Errorf("err = %v, want not found with a hint", err)
	}
}

func TestScanQueueCanceled(t *testing.T) {
	dir := buildQueueTree(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ScanQueue(ctx, dir, QueueOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestScanQueueSelectedQueues(t *testing.T) {
	dir := buildQueueTree(t)
	snap, err := ScanQueue(context.Background(), dir, QueueOptions{Queues: []string{QueueHold}})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Messages) != 1 || snap.Messages[0].QueueID != "75D57BE091" {
		t.Errorf("messages = %+v, want only the held one", snap.Messages)
	}
	if !reflect.DeepEqual(snap.Counts, map[string]int{"hold": 1}) {
		t.Errorf("Counts = %v", snap.Counts)
	}
}

// fakeQueueRunner returns canned postqueue output and records the argv.
type fakeQueueRunner struct {
	stdout, stderr string
	err            error
	calls          [][]string
}

func (f *fakeQueueRunner) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	f.calls = append(f.calls, argv)
	return []byte(f.stdout), []byte(f.stderr), f.err
}

// capturedPostqueue is postqueue -j output: the first line as Postfix 3.7
// printed it, the second made up in the 3.11 shape, with orig_address,
// bounce_reason and a member mailtop does not know.
const capturedPostqueue = `{"queue_name": "deferred", "queue_id": "7E996BE094", "arrival_time": 1796413613, "message_size": 365, "forced_expire": false, "sender": "tester@mx.example.com", "recipients": [{"address": "tempfail2@docomo.ne.jp", "delay_reason": "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"}]}
{"queue_name": "hold", "queue_id": "75D57BE091", "arrival_time": 1796413500, "message_size": 328, "forced_expire": true, "sender": "MAILER-DAEMON", "recipients": [{"address": "tester@mx.example.com", "orig_address": "alias@mx.example.com", "bounce_reason": "gone", "future_member": 1}]}
`

func TestParsePostqueueJSON(t *testing.T) {
	snap, err := parsePostqueueJSON([]byte(capturedPostqueue), MessageQueues)
	if err != nil {
		t.Fatal(err)
	}
	want := []QueuedMessage{
		{Queue: "hold", QueueID: "75D57BE091", Arrival: time.Unix(1796413500, 0), Size: 328, ForcedExpire: true,
			Recipients: []QueuedRecipient{{Address: "tester@mx.example.com", OrigAddress: "alias@mx.example.com", BounceReason: "gone"}}},
		{Queue: "deferred", QueueID: "7E996BE094", Arrival: time.Unix(1796413613, 0), Size: 365, Sender: "tester@mx.example.com",
			Recipients: []QueuedRecipient{{Address: "tempfail2@docomo.ne.jp", Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 <tempfail2@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"}}},
	}
	if !reflect.DeepEqual(snap.Messages, want) {
		t.Errorf("Messages =\n%+v\nwant\n%+v", snap.Messages, want)
	}
	if snap.Counts["deferred"] != 1 || snap.Counts["hold"] != 1 || snap.Counts["active"] != 0 {
		t.Errorf("Counts = %v", snap.Counts)
	}

	empty, err := parsePostqueueJSON(nil, MessageQueues)
	if err != nil || len(empty.Messages) != 0 {
		t.Errorf("empty output: %+v, %v", empty, err)
	}
	for _, bad := range []string{"not json\n", `{"queue_id": "../etc"}` + "\n"} {
		if _, err := parsePostqueueJSON([]byte(bad), MessageQueues); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("output %q: err = %v, want an error naming line 1", bad, err)
		}
	}
}

func TestScanPostqueueArgv(t *testing.T) {
	runner := &fakeQueueRunner{stdout: capturedPostqueue}
	snap, err := scanPostqueue(context.Background(), runner, "/etc/postfix-out", "/var/spool/postfix-out", MessageQueues)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"postqueue", "-c", "/etc/postfix-out", "-j"}}; !reflect.DeepEqual(runner.calls, want) {
		t.Errorf("argv = %q, want %q", runner.calls, want)
	}
	if snap.Source != QueueFromPostqueue || snap.Dir != "/var/spool/postfix-out" || len(snap.Messages) != 2 {
		t.Errorf("snapshot = %+v", snap)
	}

	runner = &fakeQueueRunner{stderr: "postqueue: fatal: Queue report unavailable - mail system is down\n", err: errors.New("exit status 69")}
	_, err = scanPostqueue(context.Background(), runner, "", "/var/spool/postfix", MessageQueues)
	if err == nil || !strings.Contains(err.Error(), "mail system is down") || !reflect.DeepEqual(runner.calls, [][]string{{"postqueue", "-j"}}) {
		t.Errorf("err = %v, argv = %q; want the stderr text and postqueue -j", err, runner.calls)
	}
}

// TestScanQueueFallbackAsNobody runs the test binary as the nobody user
// against a queue directory only root may read, so ScanQueue must fall
// back to postqueue. Root cannot be denied access, hence the second process.
func TestScanQueueFallbackAsNobody(t *testing.T) {
	if os.Getenv("MAILTOP_QUEUE_FALLBACK_CHILD") != "" {
		runScanQueueFallbackChild(t)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a process as nobody")
	}
	work := t.TempDir()
	for path := work; path != "/" && path != os.TempDir(); path = filepath.Dir(path) {
		if err := os.Chmod(path, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	queueDir := filepath.Join(work, "spool")
	writeQueueFile(t, filepath.Join(queueDir, "deferred/7/7E996BE094"), readFixture(t, "7E996BE094"), 0o700)
	if err := os.Chmod(filepath.Join(queueDir, "deferred"), 0o700); err != nil {
		t.Fatal(err)
	}

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

	cmd := exec.Command(binary, "-test.run=^TestScanQueueFallbackAsNobody$", "-test.v")
	cmd.Env = append(os.Environ(), "MAILTOP_QUEUE_FALLBACK_CHILD="+queueDir)
	cmd.Dir = work
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as nobody failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "fallback ok") {
		t.Fatalf("child did not report the fallback:\n%s", out)
	}
}

func runScanQueueFallbackChild(t *testing.T) {
	queueDir := os.Getenv("MAILTOP_QUEUE_FALLBACK_CHILD")
	if os.Geteuid() == 0 {
		t.Fatal("child runs as root; the fallback cannot be tested")
	}
	_, err := ScanQueue(context.Background(), queueDir, QueueOptions{})
	if !errors.Is(err, ErrQueuePermission) {
		t.Fatalf("without a Runner: err = %v, want ErrQueuePermission", err)
	}
	runner := &fakeQueueRunner{stdout: capturedPostqueue}
	snap, err := ScanQueue(context.Background(), queueDir, QueueOptions{Runner: runner, ConfigDir: "/etc/postfix-x"})
	if err != nil {
		t.Fatalf("with a Runner: %v", err)
	}
	if snap.Source != QueueFromPostqueue || len(snap.Messages) != 2 || !strings.Contains(snap.FallbackReason, "permission denied") {
		t.Fatalf("snapshot = %+v, want 2 messages from postqueue and the reason", snap)
	}
	t.Log("fallback ok")
}

// BenchmarkScanQueue reads a deferred queue of 2000 messages, each with
// a defer logfile, hashed over 16 directories.
func BenchmarkScanQueue(b *testing.B) {
	dir := b.TempDir()
	file, err := os.ReadFile(filepath.Join(queueFixtureDir, "7E996BE094"))
	if err != nil {
		b.Fatal(err)
	}
	log, err := os.ReadFile(filepath.Join(queueFixtureDir, "defer-7E996BE094"))
	if err != nil {
		b.Fatal(err)
	}
	const hex = "0123456789ABCDEF"
	for i := range 2000 {
		id := fmt.Sprintf("%c%09X", hex[i%16], i)
		for _, p := range []string{"deferred", "defer"} {
			path := filepath.Join(dir, p, id[:1], id)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				b.Fatal(err)
			}
			data := file
			if p == "defer" {
				data = log
			}
			if err := os.WriteFile(path, data, 0o700); err != nil {
				b.Fatal(err)
			}
			if err := os.Chmod(path, 0o700); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		snap, err := ScanQueue(context.Background(), dir, QueueOptions{})
		if err != nil || len(snap.Messages) != 2000 {
			b.Fatalf("ScanQueue: %d messages, %v", len(snap.Messages), err)
		}
	}
}

// TestScanQueueRealPostfix queues messages in a private Postfix whose
// docomo.ne.jp route answers 450 to tempfail recipients, so they stay
// deferred, and compares ScanQueue with postqueue -j on the same queue.
// It runs with short and with long queue IDs. It needs root and Postfix.
func TestScanQueueRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	for _, longIDs := range []bool{false, true} {
		t.Run(fmt.Sprintf("long_ids=%v", longIDs), func(t *testing.T) {
			testScanQueueRealPostfix(t, longIDs)
		})
	}
}

func testScanQueueRealPostfix(t *testing.T, longIDs bool) {
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	cfg := postfixtest.Config{
		Routes: map[string]int{"docomo.ne.jp": port},
		// Long backoff and queue run times keep the deferred messages
		// where they are while the two listings are taken.
		MinimalBackoffTime:   5 * time.Minute,
		MaximalBackoffTime:   10 * time.Minute,
		QueueRunDelay:        5 * time.Minute,
		MaximalQueueLifetime: time.Hour,
		Settings:             map[string]string{"delay_warning_time": "0"},
	}
	if longIDs {
		cfg.Settings["enable_long_queue_ids"] = "yes"
	}
	instance := postfixtest.StartInstance(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	submissions := []struct {
		from       string
		recipients []string
	}{
		{"shop@example.com", []string{"ok1@docomo.ne.jp", "tempfail1@docomo.ne.jp"}},
		{"shop@example.com", []string{"tempfail2@docomo.ne.jp", "tempfail3@docomo.ne.jp"}},
		{"", []string{"tempfail4@docomo.ne.jp"}},
	}
	var ids []string
	for i, s := range submissions {
		id, err := instance.Submit(s.from, s.recipients, fmt.Sprintf("queue scan %d", i), "Thank you.\n")
		if err != nil {
			t.Fatalf("submit %d: %v", i, err)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		for _, rcpt := range submissions[i].recipients {
			if !strings.HasPrefix(rcpt, "tempfail") {
				continue
			}
			want := id + ": to=<" + rcpt + ">"
			err := instance.WaitLog(ctx, func(lines []string) bool {
				for _, line := range lines {
					if strings.Contains(line, want) && strings.Contains(line, "status=deferred") {
						return true
					}
				}
				return false
			})
			if err != nil {
				t.Fatalf("waiting for %q status=deferred: %v", want, err)
			}
		}
	}
	if out, err := instance.Postsuper(ctx, "-h", ids[1]); err != nil || !strings.Contains(out, "placed on hold") {
		t.Fatalf("postsuper -h %s: %q, %v", ids[1], out, err)
	}
	// The hold and the last deferral are logged before qmgr is done with
	// the files: wait until postqueue lists every message where expected.
	wantQueues := map[string]string{ids[0]: QueueDeferred, ids[1]: QueueHold, ids[2]: QueueDeferred}
	var listed QueueSnapshot
	for {
		listed, err = scanPostqueue(ctx, ExecRunner{}, instance.ConfigDir(), instance.QueueDir(), MessageQueues)
		if err != nil {
			t.Fatalf("postqueue -j: %v", err)
		}
		if queuesMatch(listed, wantQueues) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("postqueue never listed %v: %+v", wantQueues, listed.Messages)
		case <-time.After(200 * time.Millisecond):
		}
	}

	scanned, err := ScanQueue(ctx, instance.QueueDir(), QueueOptions{})
	if err != nil {
		t.Fatalf("ScanQueue: %v", err)
	}
	if scanned.Source != QueueFromDirectory || len(scanned.Errors) != 0 || scanned.Incomplete != 0 {
		t.Errorf("scan: Source %q, Errors %v, Incomplete %d", scanned.Source, scanned.Errors, scanned.Incomplete)
	}
	if !reflect.DeepEqual(scanned.Counts, listed.Counts) {
		t.Errorf("Counts = %v, postqueue %v", scanned.Counts, listed.Counts)
	}
	if len(scanned.Messages) != len(listed.Messages) {
		t.Fatalf("ScanQueue found %d messages, postqueue %d:\n%+v\n%+v", len(scanned.Messages), len(listed.Messages), scanned.Messages, listed.Messages)
	}
	hashed, _ := filepath.Glob(filepath.Join(instance.QueueDir(), "deferred", "*", "*"))
	if len(hashed) != 2 {
		t.Errorf("deferred files in hash subdirectories: %q, want 2", hashed)
	}
	byID := make(map[string]QueuedMessage)
	for _, m := range listed.Messages {
		byID[m.QueueID] = m
	}
	now := time.Now()
	for _, got := range scanned.Messages {
		want, ok := byID[got.QueueID]
		if !ok {
			t.Errorf("ScanQueue lists %s, postqueue does not", got.QueueID)
			continue
		}
		if longIDs && !parsers.IsLongQueueID(got.QueueID) {
			t.Errorf("queue ID %s is not in the long form", got.QueueID)
		}
		if got.Queue != want.Queue || got.Sender != want.Sender || got.Size != want.Size ||
			got.Arrival.Unix() != want.Arrival.Unix() || got.ForcedExpire != want.ForcedExpire {
			t.Errorf("%s: scanned queue %q sender %q size %d arrival %d expire %v; postqueue %q %q %d %d %v",
				got.QueueID, got.Queue, got.Sender, got.Size, got.Arrival.Unix(), got.ForcedExpire,
				want.Queue, want.Sender, want.Size, want.Arrival.Unix(), want.ForcedExpire)
		}
		if g, w := recipientSummary(got.PendingRecipients()), recipientSummary(want.Recipients); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: pending recipients\n%q\npostqueue\n%q", got.QueueID, g, w)
		}
		for _, r := range got.PendingRecipients() {
			if r.Status != "4.2.0" {
				t.Errorf("%s: %s status %q, want 4.2.0 from the defer logfile", got.QueueID, r.Address, r.Status)
			}
		}
		if got.Queue == QueueDeferred && !got.NextRetry.After(now.Add(4*time.Minute)) {
			t.Errorf("%s: NextRetry %v, want about 5 minutes from %v", got.QueueID, got.NextRetry, now)
		}
	}
	first := byID[ids[0]]
	for _, m := range scanned.Messages {
		if m.QueueID != ids[0] {
			continue
		}
		if len(m.Recipients) != 2 || !m.Recipients[0].Done || m.Recipients[0].Address != "ok1@docomo.ne.jp" {
			t.Errorf("%s: recipients %+v, want ok1 done and tempfail1 pending (postqueue: %+v)", m.QueueID, m.Recipients, first.Recipients)
		}
	}
}

func queuesMatch(snap QueueSnapshot, want map[string]string) bool {
	if len(snap.Messages) != len(want) {
		return false
	}
	for _, m := range snap.Messages {
		if want[m.QueueID] != m.Queue {
			return false
		}
		for _, r := range m.Recipients {
			if r.Reason == "" {
				return false
			}
		}
	}
	return true
}

// recipientSummary returns "address: reason" per recipient, sorted.
func recipientSummary(recipients []QueuedRecipient) []string {
	var out []string
	for _, r := range recipients {
		out = append(out, r.Address+": "+r.Reason)
	}
	slices.Sort(out)
	return out
}

// TestScanQueueRealMaildrop submits with sendmail to a private Postfix
// whose pickup service is disabled, so the files stay in maildrop/ as
// postdrop wrote them, and compares ScanQueue with postqueue -j. It needs
// root and Postfix.
func TestScanQueueRealMaildrop(t *testing.T) {
	postfixtest.Require(t)
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Settings: map[string]string{"master_service_disable": "pickup.unix"},
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	submissions := []struct {
		from       string
		recipients []string
	}{
		{"shop@example.com", []string{"a@docomo.ne.jp", "b@ezweb.ne.jp"}},
		{"", []string{"c@softbank.ne.jp"}},
	}
	for i, s := range submissions {
		args := append([]string{"-C", instance.ConfigDir(), "-f", s.from, "-i", "--"}, s.recipients...)
		cmd := exec.CommandContext(ctx, "sendmail", args...)
		cmd.Env = postfixtest.Env()
		cmd.Stdin = strings.NewReader(fmt.Sprintf("Subject: maildrop %d\n\nThank you.\n", i))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sendmail %q: %v\n%s", args, err, out)
		}
	}

	scanned, err := ScanQueue(ctx, instance.QueueDir(), QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	listed, err := scanPostqueue(ctx, ExecRunner{}, instance.ConfigDir(), instance.QueueDir(), MessageQueues)
	if err != nil {
		t.Fatal(err)
	}
	if scanned.Counts[QueueMaildrop] != 2 || !reflect.DeepEqual(scanned.Counts, listed.Counts) {
		t.Errorf("Counts = %v, postqueue %v, want maildrop 2", scanned.Counts, listed.Counts)
	}
	if len(scanned.Errors) != 0 || scanned.Incomplete != 0 {
		t.Errorf("Errors %v, Incomplete %d", scanned.Errors, scanned.Incomplete)
	}
	if len(scanned.Messages) != len(listed.Messages) {
		t.Fatalf("ScanQueue found %+v, postqueue %+v", scanned.Messages, listed.Messages)
	}
	for i, got := range scanned.Messages {
		want := listed.Messages[i]
		if got.QueueID != want.QueueID || got.Queue != QueueMaildrop || got.Sender != want.Sender ||
			got.Arrival.Unix() != want.Arrival.Unix() {
			t.Errorf("message %d: scanned %+v, postqueue %+v", i, got, want)
		}
		if g, w := recipientSummary(got.PendingRecipients()), recipientSummary(want.Recipients); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: recipients %q, postqueue %q", got.QueueID, g, w)
		}
		if got.Size != want.Size {
			t.Errorf("%s: size %d, postqueue %d", got.QueueID, got.Size, want.Size)
		}
	}
}
