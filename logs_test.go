package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// writePostfixConfig writes a main.cf that names maillog as the instance's
// log, for postconf -c DIR, and returns DIR. It skips the test when
// postconf is not installed.
func writePostfixConfig(t *testing.T, maillog string) string {
	t.Helper()
	if _, err := exec.LookPath("postconf"); err != nil {
		t.Skip("skipping: postconf is not installed (Debian package postfix)")
	}
	dir := t.TempDir()
	mainCF := fmt.Sprintf("queue_directory = %s\nmaillog_file = %s\n", filepath.Join(dir, "queue"), maillog)
	if err := os.WriteFile(filepath.Join(dir, "main.cf"), []byte(mainCF), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "master.cf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeRotatedPostfixLog writes postfix.log in dir with two copies that
// postfix logrotate made, one hour of lines each, and returns every line.
func writeRotatedPostfixLog(t *testing.T, dir string, start time.Time) []string {
	t.Helper()
	var all []string
	names := []string{
		"postfix.log." + start.Add(time.Hour).Format("20060102-150405") + ".gz",
		"postfix.log." + start.Add(2*time.Hour).Format("20060102-150405"),
		"postfix.log",
	}
	for i, name := range names {
		var content bytes.Buffer
		for minute := range 60 {
			stamp := start.Add(time.Duration(i)*time.Hour + time.Duration(minute)*time.Minute)
			line := fmt.Sprintf("%s mx postfix/qmgr[%d]: ID%d%02d: removed", stamp.Format("Jan 02 15:04:05"), 10+i, i, minute)
			content.WriteString(line + "\n")
			all = append(all, line)
		}
		data := content.Bytes()
		if strings.HasSuffix(name, ".gz") {
			var compressed bytes.Buffer
			zw := gzip.NewWriter(&compressed)
			zw.Write(data)
			zw.Close()
			data = compressed.Bytes()
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		modTime := start.Add(time.Duration(i+1) * time.Hour)
		if err := os.Chtimes(path, modTime, modTime); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

func testLogOptions() *options {
	return &options{location: time.UTC, year: 2026, logger: slog.New(slog.DiscardHandler)}
}

func readLogLines(t *testing.T, src sources.LogSource) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var lines []string
	for {
		batch, err := src.Next(ctx)
		for _, line := range batch {
			lines = append(lines, string(line.Text))
		}
		if errors.Is(err, io.EOF) {
			return lines
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
	}
}

func TestOpenLogsReadsRotatedCopies(t *testing.T) {
	logDir := t.TempDir()
	start := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	all := writeRotatedPostfixLog(t, logDir, start)
	opts := testLogOptions()
	opts.configDir = writePostfixConfig(t, filepath.Join(logDir, "postfix.log"))

	since := start.Add(90 * time.Minute)
	src, setup, err := openLogs(context.Background(), opts, since, false)
	if err != nil {
		t.Fatalf("openLogs: %v", err)
	}
	defer src.Close()
	want := []string{filepath.Join(logDir, "postfix.log."+start.Add(2*time.Hour).Format("20060102-150405")), filepath.Join(logDir, "postfix.log")}
	if !slices.Equal(setup.paths, want) {
		t.Errorf("paths = %q, want %q", setup.paths, want)
	}
	if got := readLogLines(t, src); !slices.Equal(got, all[90:]) {
		t.Errorf("read %d lines, want the %d from %v on", len(got), len(all)-90, since)
	}

	// From the start, the compressed copy is read too. So it is with
	// --since all, the report's default, which gives the zero time: it
	// never reads less than a --since duration.
	sinceAll, err := parseSince("all", time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, from := range []time.Time{start, sinceAll} {
		src, setup, err = openLogs(context.Background(), opts, from, false)
		if err != nil {
			t.Fatalf("openLogs from %v: %v", from, err)
		}
		defer src.Close()
		if len(setup.paths) != 3 {
			t.Errorf("paths from %v = %q, want both copies and the log", from, setup.paths)
		}
		if got := readLogLines(t, src); !slices.Equal(got, all) {
			t.Errorf("read %d lines from %v, want all %d", len(got), from, len(all))
		}
	}
}

func TestOpenLogsExplicitLogWithoutCopies(t *testing.T) {
	logDir := t.TempDir()
	start := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	all := writeRotatedPostfixLog(t, logDir, start)
	opts := testLogOptions()
	opts.logPaths = []string{filepath.Join(logDir, "postfix.log")}

	src, setup, err := openLogs(context.Background(), opts, start, false)
	if err != nil {
		t.Fatalf("openLogs: %v", err)
	}
	defer src.Close()
	if !slices.Equal(setup.paths, opts.logPaths) {
		t.Errorf("paths = %q, want exactly --log %q", setup.paths, opts.logPaths)
	}
	if got := readLogLines(t, src); !slices.Equal(got, all[120:]) {
		t.Errorf("read %d lines, want the %d of the named file", len(got), 60)
	}
}

func TestFindLogsFallsBackToJournal(t *testing.T) {
	for _, path := range []string{"/var/log/mail.log", "/var/log/maillog"} {
		if _, err := os.Stat(path); err == nil {
			t.Skipf("skipping: %s exists, so mailtop would read it", path)
		}
	}
	opts := testLogOptions()
	opts.configDir = writePostfixConfig(t, filepath.Join(t.TempDir(), "missing.log"))

	setup, err := findLogs(context.Background(), opts, time.Time{})
	if _, journalErr := sources.FindJournal(); journalErr != nil {
		if !errors.Is(err, sources.ErrNoLog) || !errors.Is(err, sources.ErrNoJournal) {
			t.Errorf("findLogs without log or journal = %v, want ErrNoLog and ErrNoJournal", err)
		}
		if err != nil && !strings.Contains(err.Error(), "missing.log") {
			t.Errorf("findLogs error %q does not name the maillog_file tried", err)
		}
		return
	}
	if err != nil || !setup.journal {
		t.Errorf("findLogs with a readable journal = %+v, %v, want the journal", setup, err)
	}
}

// writeFakePostconf puts a postconf script first on PATH that prints
// output and exits with code, standing in for the default instance.
func writeFakePostconf(t *testing.T, output string, code int) {
	t.Helper()
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nprintf '%%s' '%s'\nexit %d\n", output, code)
	if err := os.WriteFile(filepath.Join(dir, "postconf"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestFindQueueDirInEveryMode(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(logPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("log with -c", func(t *testing.T) {
		dir := writePostfixConfig(t, logPath)
		opts := testLogOptions()
		opts.configDir = dir
		opts.logPaths = []string{logPath}
		setup, err := findLogs(context.Background(), opts, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := findQueueDir(context.Background(), opts, setup)
		if want := filepath.Join(dir, "queue"); err != nil || got != want {
			t.Errorf("findQueueDir = %q, %v; want %q", got, err, want)
		}
	})
	t.Run("journal with -c", func(t *testing.T) {
		dir := writePostfixConfig(t, logPath)
		opts := testLogOptions()
		opts.configDir = dir
		opts.journal = true
		got, err := findQueueDir(context.Background(), opts, logSetup{journal: true, paths: []string{journalLabel}})
		if want := filepath.Join(dir, "queue"); err != nil || got != want {
			t.Errorf("findQueueDir = %q, %v; want %q", got, err, want)
		}
	})
	t.Run("log without -c asks the default instance", func(t *testing.T) {
		writeFakePostconf(t, "/var/spool/postfix-default\n\n/etc/postfix\n", 0)
		opts := testLogOptions()
		opts.logPaths = []string{logPath}
		setup, err := findLogs(context.Background(), opts, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := findQueueDir(context.Background(), opts, setup)
		if err != nil || got != "/var/spool/postfix-default" {
			t.Errorf("findQueueDir = %q, %v; want /var/spool/postfix-default", got, err)
		}
	})
	t.Run("journal without an instance", func(t *testing.T) {
		writeFakePostconf(t, "postconf: fatal: open /etc/postfix/main.cf: No such file or directory\n", 1)
		opts := testLogOptions()
		opts.journal = true
		got, err := findQueueDir(context.Background(), opts, logSetup{journal: true, paths: []string{journalLabel}})
		if got != "" || !errors.Is(err, sources.ErrNoPostfix) {
			t.Errorf("findQueueDir = %q, %v; want no directory and ErrNoPostfix", got, err)
		}
	})
	t.Run("empty queue_directory", func(t *testing.T) {
		writeFakePostconf(t, "\n\n/etc/postfix\n", 0)
		opts := testLogOptions()
		opts.logPaths = []string{logPath}
		got, err := findQueueDir(context.Background(), opts, logSetup{paths: opts.logPaths})
		if got != "" || !errors.Is(err, sources.ErrNoPostfix) || !strings.Contains(err.Error(), "-c DIR") {
			t.Errorf("findQueueDir = %q, %v; want ErrNoPostfix naming -c DIR", got, err)
		}
	})
}
