package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// stoppedInstance returns a Postfix instance that was never started, with
// two deferred docomo.ne.jp messages copied in by root, as cp leaves
// them: Postfix 3.7's postqueue -j lists neither, and mailtop queue, which
// reads the files as root, lists both. It returns the instance and the
// paths of the two queue files.
func stoppedInstance(t *testing.T) (*postfixtest.Instance, []string) {
	t.Helper()
	instance := postfixtest.NewStopped(t, postfixtest.Config{})
	var paths []string
	for id, name := range map[string]string{"249A5BA093": "deferred-short-done-recipient", "3A839BA09B": "pointer-records"} {
		path, err := instance.CopyQueueFile(filepath.Join("testdata/queue/real", name), "deferred", id, false)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return instance, paths
}

// checkStillDeferred fails the test when a queue file left its place.
func checkStillDeferred(t *testing.T, paths []string) {
	t.Helper()
	for _, path := range paths {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("queue file moved: %v", err)
		}
	}
}

// runWithEnv runs the built binary with env added to the test's
// environment and returns its output and exit status.
func runWithEnv(t *testing.T, bin string, env []string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	return runOutputs(t, cmd)
}

func TestQueueHoldPostfixStopped(t *testing.T) {
	instance, paths := stoppedInstance(t)
	bin := buildBinary(t, "test")
	dir := instance.ConfigDir()
	args := []string{"queue", "hold", "--domain", "docomo.ne.jp", "-c", dir, "--audit-log", filepath.Join(t.TempDir(), "audit.log")}

	stdout, stderr, status := runWithEnv(t, bin, englishLocale, args...)
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	if strings.Contains(stdout, "skipped") || strings.Contains(stderr, "not in the queue any more") {
		t.Errorf("the messages were reported as gone:\n%s%s", stdout, stderr)
	}
	for _, want := range []string{"Postfix instance " + dir + " is not running", "queue IDs 249A5BA093, 3A839BA09B are still queued", "postfix -c " + dir + " start"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	stdout, stderr, status = runWithEnv(t, bin, japaneseLocale, args...)
	if status != 1 {
		t.Errorf("Japanese: exit status %d, want 1", status)
	}
	if strings.Contains(stdout, "スキップ") {
		t.Errorf("Japanese: the messages were skipped:\n%s", stdout)
	}
	if want := "Postfix が起動していないため、キューを確認できず、キューは変更していません。postfix -c " + dir + " start で Postfix を起動してから、もう一度実行してください。"; !strings.Contains(stderr, want) {
		t.Errorf("Japanese: stderr lacks the hint %q:\n%s", want, stderr)
	}
	checkStillDeferred(t, paths)
}

func TestForwardThenHoldPostfixStopped(t *testing.T) {
	instance, paths := stoppedInstance(t)
	bin := buildBinary(t, "test")
	relay := smtptest.StartRelay(t, &smtptest.Relay{})
	dir := instance.ConfigDir()
	args := []string{"forward", "249A5BA093", "--via", "smtp://127.0.0.1:" + strconv.Itoa(relay.Port), "--to", "ok@example.com",
		"--then", "hold", "-c", dir, "--audit-log", filepath.Join(t.TempDir(), "audit.log")}

	stdout, stderr, status := runWithEnv(t, bin, englishLocale, args...)
	if status != forwardExitPartial {
		t.Errorf("exit status %d, want %d", status, forwardExitPartial)
	}
	if len(relay.Received()) != 1 {
		t.Errorf("relay received %d messages, want 1", len(relay.Received()))
	}
	if strings.Contains(stdout, "Not forwarded") {
		t.Errorf("stdout says the accepted message was not forwarded:\n%s", stdout)
	}
	if want := "The hold of the original 249A5BA093 (--then hold) failed: Postfix instance " + dir + " is not running"; !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	if !strings.Contains(stderr, "postfix -c "+dir+" start") || strings.Contains(stderr, "not in the queue any more") {
		t.Errorf("stderr does not name the start command, or says the message left:\n%s", stderr)
	}

	stdout, stderr, status = runWithEnv(t, bin, japaneseLocale, args...)
	if status != forwardExitPartial {
		t.Errorf("Japanese: exit status %d, want %d", status, forwardExitPartial)
	}
	if strings.Contains(stdout, "転送できませんでした") {
		t.Errorf("Japanese: stdout says the accepted message was not forwarded:\n%s", stdout)
	}
	if want := "元のメッセージ 249A5BA093 の保留（--then hold）に失敗しました: Postfix（インスタンス " + dir + "）が起動していないため"; !strings.Contains(stdout, want) {
		t.Errorf("Japanese: stdout lacks %q:\n%s", want, stdout)
	}
	if want := "queue ID 249A5BA093 がまだキューにあるか確認できず、キューは変更していません。postfix -c " + dir + " start で Postfix を起動してから"; !strings.Contains(stdout, want) {
		t.Errorf("Japanese: stdout lacks %q:\n%s", want, stdout)
	}
	if strings.Contains(stdout, "is not running") {
		t.Errorf("Japanese: stdout gives the reason in English:\n%s", stdout)
	}
	if !strings.Contains(stderr, "Postfix が起動していないため") {
		t.Errorf("Japanese: stderr lacks the hint:\n%s", stderr)
	}
	checkStillDeferred(t, paths)
}

func TestQueueDeliverPostfixStopped(t *testing.T) {
	// The queue file belongs to the postfix user, so postqueue -j lists
	// it, and only postqueue -i finds the mail system down.
	instance := postfixtest.NewStopped(t, postfixtest.Config{})
	path, err := instance.CopyQueueFile("testdata/queue/real/deferred-short-done-recipient", "deferred", "249A5BA093", true)
	if err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t, "test")
	dir := instance.ConfigDir()
	args := []string{"queue", "deliver", "-c", dir, "--audit-log", filepath.Join(t.TempDir(), "audit.log"), "249A5BA093"}

	_, stderr, status := runWithEnv(t, bin, englishLocale, args...)
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	for _, want := range []string{"Postfix instance " + dir + " is not running", "queue ID 249A5BA093 is still queued", "start Postfix with postfix -c " + dir + " start"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	_, stderr, status = runWithEnv(t, bin, japaneseLocale, args...)
	if status != 1 {
		t.Errorf("Japanese: exit status %d, want 1", status)
	}
	if want := "Postfix が起動していないため、メッセージは配送されずキューに残っています。postfix -c " + dir + " start で Postfix を起動してから、もう一度実行してください。"; !strings.Contains(stderr, want) {
		t.Errorf("Japanese: stderr lacks the hint %q:\n%s", want, stderr)
	}
	for _, english := range []string{"Cannot flush", "exit status"} {
		if strings.Contains(stderr, english) {
			t.Errorf("Japanese: stderr contains the English %q:\n%s", english, stderr)
		}
	}
	checkStillDeferred(t, []string{path})
}

// postqueueDownFatal is the error of Postfix 3.7.11's postqueue -j run by
// a user other than root while Postfix is stopped.
const postqueueDownFatal = "postqueue: fatal: Queue report unavailable - mail system is down (Connect to the Postfix showq service: No such file or directory)"

// TestQueueListAsNobodyPostfixStopped runs mailtop queue as the nobody
// user on a stopped instance, whose queue directories only the postfix
// user may read. Postfix 3.7's postqueue accepts -c DIR from another user
// only when the default main.cf lists DIR, so a stand-in postqueue prints
// the error of a listed DIR.
func TestQueueListAsNobodyPostfixStopped(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a process as nobody")
	}
	instance, paths := stoppedInstance(t)
	dir := instance.ConfigDir()
	work := t.TempDir()
	bin := buildBinary(t, "test")
	fakeBin := filepath.Join(work, "bin")
	if err := os.Mkdir(fakeBin, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho '" + postqueueDownFatal + "' >&2\nexit 69\n"
	if err := os.WriteFile(filepath.Join(fakeBin, "postqueue"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fakeBin, filepath.Dir(bin)} {
		for ; path != "/" && path != os.TempDir(); path = filepath.Dir(path) {
			if err := os.Chmod(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}

	run := func(locale []string, args ...string) (stdout, stderr string, status int) {
		cmd := exec.Command(bin, append(args, "-c", dir)...)
		// nobody may not read root's home, where mailtop looks for its
		// config file.
		cmd.Env = append(append(os.Environ(), locale...), "HOME="+work, "XDG_CONFIG_HOME=", "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"))
		cmd.Dir = work
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		return runOutputs(t, cmd)
	}
	start := "postfix -c " + dir + " start"

	for _, args := range [][]string{{"queue"}, {"queue", "--json"}} {
		stdout, stderr, status := run(englishLocale, args...)
		if status != 1 {
			t.Errorf("%v: exit status %d, want 1", args, status)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", args, stdout)
		}
		for _, want := range []string{"Postfix instance " + dir + " is not running", "start Postfix with " + start, "run mailtop queue as root"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, stderr)
			}
		}
		if strings.Contains(stderr, "fatal:") {
			t.Errorf("%v: stderr gives postqueue's own error in place of mailtop's:\n%s", args, stderr)
		}
	}

	_, stderr, status := run(japaneseLocale, "queue")
	if status != 1 {
		t.Errorf("Japanese: exit status %d, want 1", status)
	}
	if want := "Postfix が起動していないため、キューの一覧を読めませんでした。root 以外のユーザーは postqueue -j で一覧を読むため、Postfix が動いている必要があります。" + start + " で Postfix を起動するか、キューファイルを直接読む root で mailtop queue を実行してください。"; !strings.Contains(stderr, want) {
		t.Errorf("Japanese: stderr lacks the hint %q:\n%s", want, stderr)
	}

	// An action lists the queue first, and reports that it changed nothing.
	_, stderr, status = run(englishLocale, "queue", "deliver", "--all", "--audit-log", filepath.Join(work, "audit.log"))
	if status != 1 {
		t.Errorf("deliver: exit status %d, want 1", status)
	}
	for _, want := range []string{"is not running", "the queue was not changed", start} {
		if !strings.Contains(stderr, want) {
			t.Errorf("deliver: stderr lacks %q:\n%s", want, stderr)
		}
	}
	checkStillDeferred(t, paths)
}
