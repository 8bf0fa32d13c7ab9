package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runOutputs runs cmd and returns its standard output, its standard error
// and its exit status.
func runOutputs(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		status = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("run %v: %v", cmd.Args, err)
	}
	return out.String(), errOut.String(), status
}

// writeInputFile writes content to a new file named name and returns its
// path.
func writeInputFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// printableGarbage returns n random bytes without NUL, so that a log
// reader takes them for text.
func printableGarbage(n int) []byte {
	random := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, n)
	for i := range garbage {
		garbage[i] = byte(1 + random.IntN(255))
	}
	return garbage
}

func TestBadInputNoPostfixLineWarning(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	mainCF := "queue_directory = /var/spool/postfix\nmyhostname = mx.example.jp\nsmtpd_banner = $myhostname ESMTP\n"
	inputs := []struct {
		name    string
		content []byte
		count   string // the start of the warning after "mailtop: warning: "
	}{
		{"random.bin", printableGarbage(4096), "none of the "},
		{"main.cf", []byte(mainCF), "none of the 3 lines read from "},
		{"notes.txt", []byte("first line\nsecond line\n"), "none of the 2 lines read from "},
		{"one.txt", []byte("only line\n"), "the one line read from "},
	}
	for _, input := range inputs {
		path := writeInputFile(t, input.name, input.content)
		commands := [][]string{
			{"report", "--config", noConfig, "--log", path},
			{"classify", "--config", noConfig, path},
		}
		for _, args := range commands {
			t.Run(input.name+"/"+args[0], func(t *testing.T) {
				_, stderr, status := runOutputs(t, englishCommand(bin, args...))
				if status != 0 {
					t.Errorf("exit status %d, want 0; stderr:\n%s", status, stderr)
				}
				if !strings.HasPrefix(stderr, "mailtop: warning: "+input.count) {
					t.Errorf("stderr does not start with the warning %q:\n%s", input.count, stderr)
				}
				if !strings.Contains(stderr, " "+path+" ") {
					t.Errorf("the warning does not name %s:\n%s", path, stderr)
				}
				if fix := logFixFor(args[0]); !strings.Contains(stderr, fix) {
					t.Errorf("the warning lacks the fix %q:\n%s", fix, stderr)
				}
			})
		}
	}

	t.Run("standard input", func(t *testing.T) {
		cmd := englishCommand(bin, "report", "--config", noConfig, "--log", "-")
		cmd.Stdin = strings.NewReader("root:x:0:0:root:/root:/bin/bash\n")
		stdout, stderr, status := runOutputs(t, cmd)
		if status != 0 {
			t.Errorf("exit status %d, want 0", status)
		}
		want := "mailtop: warning: the one line read from standard input is not from Postfix: "
		if !strings.HasPrefix(stderr, want) {
			t.Errorf("stderr does not start with %q:\n%s", want, stderr)
		}
		if !strings.Contains(stdout, "(1 line read, 0 from Postfix, 1 unrecognized)") {
			t.Errorf("the report does not count one line in the singular:\n%s", stdout)
		}
	})

	t.Run("Japanese", func(t *testing.T) {
		path := writeInputFile(t, "notes.txt", []byte("first line\nsecond line\n"))
		cmd := exec.Command(bin, "report", "--config", noConfig, "--log", path)
		cmd.Env = append(os.Environ(), japaneseLocale...)
		_, stderr, _ := runOutputs(t, cmd)
		want := "mailtop: warning: " + path + " から読んだ 2 行に Postfix の行が 1 行もありません"
		if !strings.HasPrefix(stderr, want) {
			t.Errorf("stderr does not start with the Japanese warning %q:\n%s", want, stderr)
		}
	})

	t.Run("Japanese standard input", func(t *testing.T) {
		cmd := exec.Command(bin, "report", "--config", noConfig, "--log", "-")
		cmd.Env = append(os.Environ(), japaneseLocale...)
		cmd.Stdin = strings.NewReader("first line\nsecond line\n")
		_, stderr, _ := runOutputs(t, cmd)
		want := "mailtop: warning: 標準入力から読んだ 2 行に Postfix の行が 1 行もありません"
		if !strings.HasPrefix(stderr, want) {
			t.Errorf("stderr does not start with the Japanese warning %q:\n%s", want, stderr)
		}
	})

	t.Run("real log has no warning", func(t *testing.T) {
		_, stderr, status := runOutputs(t, englishCommand(bin, "report", "--config", noConfig, "--log", capturedLog, "--year", "2026"))
		if status != 0 || stderr != "" {
			t.Errorf("report on a Postfix log: status %d, stderr:\n%s", status, stderr)
		}
	})
}

func TestBadInputBinaryLogRejected(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	random := append([]byte("\x00"), printableGarbage(1000)...)
	for _, path := range []string{bin, writeInputFile(t, "random.bin", random)} {
		for _, args := range [][]string{
			{"report", "--config", noConfig, "--log", path},
			{"classify", "--config", noConfig, path},
		} {
			t.Run(filepath.Base(path)+"/"+args[0], func(t *testing.T) {
				stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
				if status != 1 {
					t.Errorf("exit status %d, want 1", status)
				}
				if !strings.Contains(stderr, "cannot read log "+path+": binary file, not a text mail log") {
					t.Errorf("stderr lacks the binary file error:\n%s", stderr)
				}
				if fix := logFixFor(args[0]); !strings.Contains(stderr, fix) {
					t.Errorf("stderr lacks the fix %q:\n%s", fix, stderr)
				}
				if stdout != "" {
					t.Errorf("counted a binary file:\n%s", stdout)
				}
			})
		}
	}
}

func TestBadInputJapaneseHints(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		name string
		args []string
		hint string
	}{
		{"unknown config key", []string{"report", "--config", writeConfig(t, "wach = [\"a.jp\"]\n"), "--log", capturedLog}, "wach は mailtop の知らないキーです。つづりを README.ja.md の「設定ファイル」で確認してください。"},
		{"check with a missing -c", []string{"check", "-c", filepath.Join(t.TempDir(), "nonexist")}, "-c を付けた場合はそのディレクトリに main.cf があるか"},
		{"queue with the parent of -c", []string{"queue", "--config", writeConfig(t, "# defaults\n"), "-c", parentOfEtc(t)}, "/etc に main.cf があるので、-c "},
		{"binary log", []string{"report", "--config", writeConfig(t, "# defaults\n"), "--log", bin}, bin + " はバイナリファイル"},
		{"classify binary log", []string{"classify", "--config", writeConfig(t, "# defaults\n"), bin}, bin + " はバイナリファイルで、メールログではありません。mailtop classify /var/log/mail.log のように"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = append(os.Environ(), japaneseLocale...)
			_, stderr, status := runOutputs(t, cmd)
			if status == 0 {
				t.Fatalf("exit status 0, want an error")
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if len(lines) < 2 || !strings.HasPrefix(lines[0], "mailtop: ") || hasJapanese(lines[0]) {
				t.Errorf("the first line is not the English error:\n%s", stderr)
			}
			if !strings.Contains(stderr, tc.hint) {
				t.Errorf("stderr lacks the Japanese hint %q:\n%s", tc.hint, stderr)
			}
		})
	}
}

// parentOfEtc returns a directory whose etc subdirectory has a main.cf, as
// the parent of a private instance's configuration directory has.
func parentOfEtc(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "etc", "main.cf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Standard input has no path, so the Japanese hint names it in Japanese.
func TestBadInputBinaryStdinJapanese(t *testing.T) {
	bin := buildBinary(t, "test")
	cmd := exec.Command(bin, "report", "--config", writeConfig(t, "# defaults\n"), "--log", "-")
	cmd.Env = append(os.Environ(), japaneseLocale...)
	cmd.Stdin = bytes.NewReader(append([]byte("\x00"), printableGarbage(1000)...))
	_, stderr, status := runOutputs(t, cmd)
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	if want := "標準入力はバイナリファイルで、メールログではありません。"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}

func TestBadInputDomainFlagRejected(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	for _, command := range []string{"report", "classify", "report --unknown-recipients"} {
		t.Run(command, func(t *testing.T) {
			args := append(strings.Fields(command), "--config", noConfig, "--log", capturedLog, "--domain", "Bad Domain")
			stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
			if status != 2 {
				t.Errorf("exit status %d, want 2", status)
			}
			if !strings.Contains(stderr, `--domain: invalid domain "bad domain"`) {
				t.Errorf("stderr lacks the invalid domain:\n%s", stderr)
			}
			if stdout != "" {
				t.Errorf("printed output for an invalid --domain:\n%s", stdout)
			}
		})
	}
}

func TestBadInputEmptyFilterRejected(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	queueDir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"report", "--log", capturedLog, "--domain", ""}, "--domain is empty"},
		{[]string{"report", "--log", capturedLog, "--domain", "  "}, "--domain is empty"},
		{[]string{"report", "--log", capturedLog, "--domain="}, "--domain is empty"},
		{[]string{"report", "--unknown-recipients", "--log", capturedLog, "--domain", ""}, "--domain is empty"},
		{[]string{"classify", "--domain", "", capturedLog}, "--domain is empty"},
		{[]string{"--domain", "", "--log", capturedLog}, "--domain is empty"},
		{[]string{"queue", "--queue-dir", queueDir, "--domain", ""}, "--domain is empty"},
		{[]string{"queue", "delete", "--domain", "", "--yes"}, "--domain is empty"},
		{[]string{"queue", "hold", "--domain", "docomo.ne.jp", "--sender", ""}, "--sender is empty: give a value to match, or leave out --sender"},
		{[]string{"check", "--domain", ""}, "--domain is empty"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append([]string{"--config", noConfig}, tt.args...)
			stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
			if status != 2 {
				t.Errorf("exit status %d, want 2", status)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
			if tt.want == "--domain is empty" && !strings.Contains(stderr, "give a recipient domain such as docomo.ne.jp, or leave out --domain for every domain") {
				t.Errorf("stderr lacks the fix:\n%s", stderr)
			}
			if stdout != "" {
				t.Errorf("printed output for an empty filter:\n%s", stdout)
			}
		})
	}
}

// logFixFor returns the advice that command gives for a file that is not
// a mail log: classify takes the log as its FILE argument, the others as
// --log.
func logFixFor(command string) string {
	if command == "classify" {
		return "give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log"
	}
	return "pass --log the file that Postfix or syslog writes"
}

func TestBadInputBinaryStdinRejected(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	program, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", "--config", noConfig, "--log", "-"},
		{"report", "--config", noConfig, "--json", "--log", "-"},
		{"classify", "--config", noConfig, "-"},
	} {
		t.Run(strings.Join(args[3:], " ")+"/"+args[0], func(t *testing.T) {
			cmd := englishCommand(bin, args...)
			cmd.Stdin = bytes.NewReader(program)
			stdout, stderr, status := runOutputs(t, cmd)
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			if !strings.HasPrefix(stderr, "mailtop: cannot read log standard input: binary file, not a text mail log (") {
				t.Errorf("stderr lacks the binary input error, or wraps it:\n%s", stderr)
			}
			if fix := "): " + logFixFor(args[0]); !strings.Contains(stderr, fix) {
				t.Errorf("stderr lacks the fix %q:\n%s", fix, stderr)
			}
			if stdout != "" {
				t.Errorf("counted binary input:\n%s", stdout)
			}
		})
	}

	t.Run("Japanese", func(t *testing.T) {
		cmd := exec.Command(bin, "report", "--config", noConfig, "--log", "-")
		cmd.Env = append(os.Environ(), japaneseLocale...)
		cmd.Stdin = bytes.NewReader(program)
		_, stderr, status := runOutputs(t, cmd)
		if status != 1 {
			t.Errorf("exit status %d, want 1", status)
		}
		if !strings.Contains(stderr, "バイナリファイル") {
			t.Errorf("stderr lacks the Japanese hint:\n%s", stderr)
		}
	})
}

func TestBadInputBounceNotMessage(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	args := []string{"forward", "--config", noConfig, "--bounce", bin, "--via", "smtp://127.0.0.1:1", "--to", "user@docomo.ne.jp", "--dry-run"}
	stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
	if status != 2 {
		t.Errorf("exit status %d, want 2", status)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	want := "mailtop: bounce file " + bin + ` is not a mail message (RFC 5322): it does not start with header fields such as "From: ..." (its first bytes are "\x7fELF`
	if !strings.HasPrefix(lines[0], want) {
		t.Errorf("first line of stderr does not start with %q:\n%s", want, stderr)
	}
	if len(lines) != 2 || len(lines[0]) > 400 {
		t.Errorf("stderr is not one short error line and the usage line (%d bytes):\n%s", len(stderr), stderr)
	}
	if stdout != "" {
		t.Errorf("printed a plan for a program:\n%s", stdout)
	}

	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), japaneseLocale...)
	_, stderr, status = runOutputs(t, cmd)
	if status != 2 {
		t.Errorf("Japanese: exit status %d, want 2", status)
	}
	if !strings.Contains(stderr, "--bounce に指定したファイルは、元のメッセージを含むバウンス（不達通知）ではありません。") {
		t.Errorf("stderr lacks the Japanese hint:\n%s", stderr)
	}
}

func TestBadInputBOMLogCounted(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	content, err := os.ReadFile(capturedLog)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"report", "--config", noConfig, "--year", "2026", "--tz", "UTC", "--json", "--log"}
	want, stderr, status := runOutputs(t, englishCommand(bin, append(args, capturedLog)...))
	if status != 0 {
		t.Fatalf("report without a BOM: exit status %d\n%s", status, stderr)
	}
	if !strings.Contains(want, `"unrecognized": 0`) {
		t.Fatalf("report without a BOM has unrecognized lines:\n%s", want)
	}

	withBOM := append([]byte("\xef\xbb\xbf"), content...)
	got, stderr, status := runOutputs(t, englishCommand(bin, append(args, writeInputFile(t, "mail.log", withBOM))...))
	if status != 0 || got != want {
		t.Errorf("report on the log with a BOM (exit status %d) differs from the one without:\n%s%s", status, got, stderr)
	}

	cmd := englishCommand(bin, append(args, "-")...)
	cmd.Stdin = bytes.NewReader(withBOM)
	got, stderr, status = runOutputs(t, cmd)
	if status != 0 || got != want {
		t.Errorf("report on standard input with a BOM (exit status %d) differs from the one without:\n%s%s", status, got, stderr)
	}
}
