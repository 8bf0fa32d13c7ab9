package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/internal/loggen"
)

func TestRunWritesLogAndExpected(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "mail.log")
	expPath := filepath.Join(dir, "mail.expected.json")
	err := run([]string{"-lines", "5000", "-seed", "9", "-header", "syslog", "-o", logPath, "-expected", expPath}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("\n")); n != 5000 {
		t.Errorf("log has %d lines, want 5000", n)
	}
	if !bytes.HasPrefix(data, []byte("Dec  4 06:00:")) {
		t.Errorf("first line %.40q, want a syslog header with a space-padded day", data)
	}
	var exp loggen.Expected
	raw, err := os.ReadFile(expPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatalf("decode %s: %v", expPath, err)
	}
	if exp.Lines != 5000 || len(exp.Domains) == 0 || exp.Totals.Sent == 0 {
		t.Errorf("expected counts %+v, want 5000 lines and some deliveries", exp)
	}
}

func TestRunWritesStandardOutput(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-lines", "10", "-header", "rfc3339", "-start", "2026-06-01T09:00:00+09:00"}, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 10 {
		t.Errorf("%d lines on standard output, want 10", n)
	}
	if !strings.HasPrefix(out.String(), "2026-06-01T09:00:00.") || !strings.Contains(firstLine(out.String()), "+09:00 mx ") {
		t.Errorf("first line %q, want an RFC 3339 stamp in +09:00", firstLine(out.String()))
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-lines", "0"},
		{"-lines", "ten"},
		{"-header", "json"},
		{"-start", "yesterday"},
		{"-long-ids", "1.5"},
		{"extra"},
		{"-lines", "10", "-o", filepath.Join(t.TempDir(), "missing", "mail.log")},
	} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("run(%q): no error", args)
		}
	}
}

func TestRunHelpExitsZero(t *testing.T) {
	for _, flagName := range []string{"-help", "-h", "--help"} {
		err := run([]string{flagName}, &bytes.Buffer{})
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("run(%s) = %v, want flag.ErrHelp", flagName, err)
		}
		if status := exitStatus(err); status != 0 {
			t.Errorf("exit status for %s = %d, want 0", flagName, status)
		}
	}
	if status := exitStatus(run([]string{"-lines", "ten"}, &bytes.Buffer{})); status != 1 {
		t.Errorf("exit status for an invalid flag value = %d, want 1", status)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
