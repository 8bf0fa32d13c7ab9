package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// writeFakeJournalctl puts a journalctl script first on PATH that prints
// no entry and exits 0, standing in for a journal without mail entries,
// and returns its path.
func writeFakeJournalctl(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "journalctl")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return path
}

// replaceFindJournal makes findJournal return err for the rest of the test.
func replaceFindJournal(t *testing.T, err error) {
	t.Helper()
	saved := findJournal
	findJournal = func() (string, error) { return "/usr/bin/journalctl", err }
	t.Cleanup(func() { findJournal = saved })
}

func TestDashboardJournalWithoutFiles(t *testing.T) {
	writeFakeJournalctl(t)
	writeFakePostconf(t, "postconf: fatal: open /etc/postfix/main.cf: No such file or directory\n", 1)
	replaceFindJournal(t, fmt.Errorf("%w: no journal files in /var/log/journal or /run/log/journal", sources.ErrNoJournal))
	opts := testLogOptions()
	opts.journal = true
	opts.auditFile = filepath.Join(t.TempDir(), "audit.log")

	in, err := openLiveFeed(context.Background(), opts)
	if err == nil {
		in.close()
		t.Fatal("openLiveFeed with --journal and no journal files started the dashboard")
	}
	if !errors.Is(err, sources.ErrNoJournal) {
		t.Errorf("error %q does not wrap ErrNoJournal", err)
	}
	if want := "no journal files in /var/log/journal or /run/log/journal"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if id := errorHintID(err, 1); id != "cli.error.noJournal" {
		t.Errorf("hint of the error = %q, want cli.error.noJournal", id)
	}
}

func TestDashboardEmptyJournalWarns(t *testing.T) {
	command := writeFakeJournalctl(t)
	src, err := sources.OpenJournal(context.Background(), sources.JournalOptions{Command: command})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out lockedBuffer
	reading := &historyLogger{LogSource: src, logger: slog.New(slog.NewTextHandler(&out, nil)), start: time.Now(), journal: true}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		if _, err := reading.Next(ctx); err != nil {
			break
		}
	}
	text := out.String()
	if !strings.Contains(text, `msg="log history read" lines=0 `) {
		t.Errorf("debug log = %q, want the history read with 0 lines", text)
	}
	if !strings.Contains(text, "level=WARN") || !strings.Contains(text, "the systemd journal gave no lines") {
		t.Errorf("debug log = %q, want a warning that the journal gave no lines", text)
	}
	if !strings.Contains(text, `match="`+sources.MailFacilityMatch+`"`) {
		t.Errorf("debug log = %q, want the match %s", text, sources.MailFacilityMatch)
	}
}
