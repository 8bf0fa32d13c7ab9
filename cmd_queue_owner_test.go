package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestQueueListMarksFilesPostfixCannotRead lists a stopped instance whose
// two deferred files root copied in, so that they belong to root and
// Postfix, running as postfix, cannot read them.
func TestQueueListMarksFilesPostfixCannotRead(t *testing.T) {
	instance, paths := stoppedInstance(t)
	bin := buildBinary(t, "test")
	dir := instance.ConfigDir()
	command := "postfix -c " + dir + " set-permissions"

	stdout, stderr, status := runWithEnv(t, bin, englishLocale, "queue", "-c", dir)
	if status != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", status, stderr)
	}
	warning := "    warning: Postfix cannot read this queue file, which belongs to uid 0, not to postfix (mail_owner): run " + command + ", or chown postfix the file\n"
	if got := strings.Count(stdout, warning); got != 2 {
		t.Errorf("warning %q appears %d times, want under each of the 2 messages:\n%s", warning, got, stdout)
	}
	if want := `2 messages, marked "warning:" above, will not be delivered, because postfix (mail_owner) cannot read their queue files.`; !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}

	stdout, _, status = runWithEnv(t, bin, japaneseLocale, "queue", "-c", dir)
	if status != 0 {
		t.Fatalf("Japanese: exit status %d", status)
	}
	warning = "    警告: Postfix はこのキューファイルを読めません。所有者が postfix（mail_owner）ではなく uid 0 です。" + command + " を実行するか、chown postfix でファイルの所有者を戻してください。\n"
	if got := strings.Count(stdout, warning); got != 2 {
		t.Errorf("Japanese: warning %q appears %d times, want 2:\n%s", warning, got, stdout)
	}

	// Given back to the owner of the queue directory, postfix, one file
	// loses its warning.
	owner, err := os.Stat(filepath.Dir(filepath.Dir(paths[0])))
	if err != nil {
		t.Fatal(err)
	}
	st := owner.Sys().(*syscall.Stat_t)
	if err := os.Chown(paths[0], int(st.Uid), int(st.Gid)); err != nil {
		t.Fatal(err)
	}
	stdout, _, status = runWithEnv(t, bin, englishLocale, "queue", "-c", dir, "--json")
	if status != 0 {
		t.Fatalf("--json: exit status %d", status)
	}
	var doc struct {
		MailOwner string `json:"mail_owner"`
		Messages  []struct {
			QueueID     string  `json:"queue_id"`
			FileProblem string  `json:"file_problem"`
			FileUID     *uint32 `json:"file_uid"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	if doc.MailOwner != "postfix" {
		t.Errorf("mail_owner = %q, want postfix", doc.MailOwner)
	}
	problems := map[string]string{}
	for _, m := range doc.Messages {
		problems[m.QueueID] = m.FileProblem
		if (m.FileProblem == "") != (m.FileUID == nil) {
			t.Errorf("%s: file_problem %q with file_uid %v, want both set or neither", m.QueueID, m.FileProblem, m.FileUID)
		}
	}
	fixed, copied := filepath.Base(paths[0]), filepath.Base(paths[1])
	if problems[fixed] != "" || problems[copied] != "not_owned_by_mail_owner" {
		t.Errorf("file_problem = %v, want none for %s and not_owned_by_mail_owner for %s", problems, fixed, copied)
	}
}

// TestQueueListAsNobodyExplainsDenied runs mailtop queue as the nobody
// user on a copy of a queue whose directories anyone may list but whose
// files only root may read.
func TestQueueListAsNobodyExplainsDenied(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a process as nobody")
	}
	work := t.TempDir()
	queueDir := filepath.Join(work, "spool")
	for name, path := range map[string]string{
		"deferred-short-done-recipient": "deferred/2/249A5BA093",
		"hold":                          "hold/3/3F673BA09F",
	} {
		data, err := os.ReadFile(filepath.Join("testdata/queue/real", name))
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(queueDir, path)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	bin := buildBinary(t, "test")
	for _, path := range []string{work, queueDir, filepath.Join(queueDir, "deferred"), filepath.Join(queueDir, "hold"), filepath.Dir(bin)} {
		for ; path != "/" && path != os.TempDir(); path = filepath.Dir(path) {
			if err := os.Chmod(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}

	cases := []struct {
		env  []string
		want []string
	}{
		{englishLocale, []string{
			"No queued message can be listed, because no queue file could be read.\n",
			"0 messages (deferred 1, hold 1) in " + queueDir + "; 2 could not be read.\n",
			"2 queue files in " + queueDir + " could not be opened (permission denied), so their messages are not listed: run mailtop as root, such as sudo mailtop queue.\n",
		}},
		{japaneseLocale, []string{
			queueDir + " のキューファイル 2 個を開けなかった（permission denied）ため、それらのメッセージは一覧にありません。root で実行してください（例: sudo mailtop queue）。\n",
		}},
	}
	for _, tc := range cases {
		cmd := exec.Command(bin, "queue", "--queue-dir", queueDir)
		// nobody may not read root's home, where mailtop looks for its
		// config file.
		cmd.Env = append(append(os.Environ(), tc.env...), "HOME="+work, "XDG_CONFIG_HOME=")
		cmd.Dir = work
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		stdout, stderr, status := runOutputs(t, cmd)
		if status != 0 {
			t.Fatalf("%s: exit status %d, stderr:\n%s", tc.env[0], status, stderr)
		}
		for _, want := range tc.want {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: stdout lacks %q:\n%s", tc.env[0], want, stdout)
			}
		}
	}
}
