package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestQueueDirFlagErrors(t *testing.T) {
	bin := buildBinary(t, "test")
	notQueue := t.TempDir()
	fileQueue := t.TempDir()
	if err := os.WriteFile(filepath.Join(fileQueue, "maildrop"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	plainFile := writeInputFile(t, "file", []byte("x"))
	missing := filepath.Join(t.TempDir(), "nonexist-q")

	cases := []struct {
		name, dir string
		want      []string
		wantJa    string // a part of the Japanese hint line
	}{
		{"missing", missing, []string{"--queue-dir " + missing + ": directory does not exist", "check the path"}, "--queue-dir に指定したディレクトリ " + missing + " はありません。パスを確認するか"},
		{"plain file", plainFile, []string{"--queue-dir " + plainFile + " is not a directory", "postconf -h queue_directory"}, "ディレクトリではありません"},
		{"no queues", notQueue, []string{"has none of the queues maildrop", "postconf -h queue_directory"}, "Postfix のキューディレクトリではありません"},
		{"queue name is a file", fileQueue, []string{"its maildrop is a file"}, "Postfix のキューディレクトリではありません"},
		{"queue files without queues", "testdata/queue/real", []string{"its maildrop is a file"}, "Postfix のキューディレクトリではありません"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runOutputs(t, englishCommand(bin, "queue", "--queue-dir", tc.dir))
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			// The user named the directory, so postconf's
			// queue_directory is not the thing to check, and the
			// message names the directory once.
			if strings.Contains(stderr, "check queue_directory") || strings.Count(stderr, tc.dir) != 1 {
				t.Errorf("stderr points the wrong way or repeats itself:\n%s", stderr)
			}
		})
		t.Run(tc.name+"/Japanese", func(t *testing.T) {
			_, stderr, status := runOutputs(t, englishCommand(bin, "queue", "--queue-dir", tc.dir, "--lang", "ja"))
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("standard error is not the English error line and a hint:\n%s", stderr)
			}
			if !strings.Contains(lines[1], tc.wantJa) {
				t.Errorf("hint line = %q, want it to contain %q", lines[1], tc.wantJa)
			}
		})
	}
}

func TestQueueNoInstanceHint(t *testing.T) {
	bin := buildBinary(t, "test")
	_, stderr, status := runOutputs(t, englishCommand(bin, "queue", "-c", filepath.Join(t.TempDir(), "nonexist")))
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	if strings.Contains(stderr, "--log") {
		t.Errorf("the queue error suggests --log:\n%s", stderr)
	}
	if !strings.Contains(stderr, "pass --queue-dir DIR") {
		t.Errorf("the queue error does not suggest --queue-dir:\n%s", stderr)
	}
}

func TestQueueTextSaysSkipped(t *testing.T) {
	bin := buildBinary(t, "test")
	dir := t.TempDir()
	for _, queue := range []string{"deferred", "active"} {
		if err := os.MkdirAll(filepath.Join(dir, queue), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "deferred", "README.txt"), []byte("not a queue file"), 0o600); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, status := runOutputs(t, englishCommand(bin, "queue", "--queue-dir", dir))
	if status != 0 {
		t.Fatalf("exit status %d: %s", status, stderr)
	}
	if !strings.Contains(stdout, "1 other file skipped because its name is not a queue ID") {
		t.Errorf("the listing does not say that a file was skipped:\n%s", stdout)
	}
}

// A copy of a queue made without keeping file modes loses the owner
// execute bit that marks a finished queue file, so every file reads as
// still being written. The listing then explains why and how to copy again.
func TestQueueDirCopyWithoutModes(t *testing.T) {
	bin := buildBinary(t, "test")
	dir := copyCapturedQueue(t)
	if err := os.Chmod(filepath.Join(dir, "deferred/7/7E996BE094"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"1 queue file in " + dir + " lacks the owner execute bit", "cp -a or rsync -a"}},
		{"ja", []string{"キューファイル 1 個に", "cp -a や rsync -a"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			stdout, stderr, status := runOutputs(t, englishCommand(bin, "queue", "--queue-dir", dir, "--lang", tc.lang))
			if status != 0 {
				t.Errorf("exit status %d, want 0", status)
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stdout, "7E996BE094") {
				t.Errorf("the incomplete file was listed:\n%s", stdout)
			}
		})
	}

	// A copy that kept its modes gets no warning.
	if err := os.Chmod(filepath.Join(dir, "deferred/7/7E996BE094"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, stderr, _ := runOutputs(t, englishCommand(bin, "queue", "--queue-dir", dir)); strings.Contains(stderr, "execute bit") {
		t.Errorf("warning for a complete copy:\n%s", stderr)
	}
}
