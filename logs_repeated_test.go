package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDropRepeatedLogs(t *testing.T) {
	dir := t.TempDir()
	mail := filepath.Join(dir, "mail.log")
	other := filepath.Join(dir, "other.log")
	for _, path := range []string{mail, other} {
		if err := os.WriteFile(path, []byte("line\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := filepath.Join(dir, "link.log")
	if err := os.Symlink(mail, symlink); err != nil {
		t.Fatal(err)
	}
	hardlink := filepath.Join(dir, "hard.log")
	if err := os.Link(mail, hardlink); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.log")

	cases := []struct {
		name    string
		paths   []string
		kept    []string
		dropped []repeatedLog
	}{
		{"distinct files", []string{mail, other}, []string{mail, other}, nil},
		{"same path twice", []string{mail, mail}, []string{mail}, []repeatedLog{{mail, mail, 1}}},
		{"unclean path", []string{mail, dir + "/./mail.log"}, []string{mail}, []repeatedLog{{dir + "/./mail.log", mail, 1}}},
		{"symbolic link", []string{symlink, mail}, []string{symlink}, []repeatedLog{{mail, symlink, 1}}},
		{"hard link", []string{mail, other, hardlink}, []string{mail, other}, []repeatedLog{{hardlink, mail, 2}}},
		{"standard input twice", []string{"-", "-"}, []string{"-", "-"}, nil},
		{"missing file kept", []string{missing, mail}, []string{missing, mail}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kept, dropped := dropRepeatedLogs(tc.paths)
			if !reflect.DeepEqual(kept, tc.kept) {
				t.Errorf("kept = %q, want %q", kept, tc.kept)
			}
			if !reflect.DeepEqual(dropped, tc.dropped) {
				t.Errorf("dropped = %v, want %v", dropped, tc.dropped)
			}
		})
	}
}

func TestReportRepeatedLogCountedOnce(t *testing.T) {
	bin := buildBinary(t, "test")
	args := []string{"report", "--json", "--config", writeConfig(t, "# defaults\n"), "--log", capturedLog, "--year", "2026", "--tz", "UTC"}

	once, err := englishCommand(bin, args...).Output()
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	cmd := englishCommand(bin, append(args, "--log", "./"+filepath.Clean(capturedLog))...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	twice, err := cmd.Output()
	if err != nil {
		t.Fatalf("report with the log given twice: %v\n%s", err, stderr.String())
	}
	if string(twice) != string(once) {
		t.Errorf("report with the log given twice differs from the one with it once:\n%s\n%s", twice, once)
	}
	if !strings.Contains(stderr.String(), "same file") {
		t.Errorf("no warning about the repeated --log on standard error: %q", stderr.String())
	}
}

func TestReportWarnsOfRepeatedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	stdout, stderr, status := runOutputs(t, englishCommand(bin, "report", "--config", noConfig, "--year", "2026", "--log", capturedLog, "--log", "./"+capturedLog))
	if status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
	want := "mailtop: warning: --log ./" + capturedLog + " names the same file as --log " + capturedLog + ": reading it once\n"
	if stderr != want {
		t.Errorf("standard error = %q, want %q", stderr, want)
	}
	if !strings.Contains(stdout, "938 lines read") {
		t.Errorf("report does not count the log once:\n%s", stdout)
	}
}

func TestClassifyWarnsOfRepeatedArgument(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	args := []string{"classify", "--config", noConfig, "--year", "2026", "--log", capturedLog, capturedLog}
	once, err := englishCommand(bin, "classify", "--config", noConfig, "--year", "2026", capturedLog).Output()
	if err != nil {
		t.Fatalf("classify: %v", err)
	}

	stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
	if status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
	want := "mailtop: warning: the FILE argument " + capturedLog + " names the same file as --log " + capturedLog + ": reading it once\n"
	if stderr != want {
		t.Errorf("standard error = %q, want %q", stderr, want)
	}
	if stdout != string(once) {
		t.Errorf("classify with the log given twice differs from classify with it once")
	}

	cmd := exec.Command(bin, append(args, "--lang", "ja")...)
	_, stderr, _ = runOutputs(t, cmd)
	want = "mailtop: warning: 引数の FILE " + capturedLog + " は --log " + capturedLog + " と同じファイルです。1 回だけ読みます。\n"
	if stderr != want {
		t.Errorf("Japanese standard error = %q, want %q", stderr, want)
	}
}
