package loggen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// reportDocument is the part of `mailtop report --json` this test reads.
type reportDocument struct {
	Lines struct {
		Read         int64 `json:"read"`
		Unrecognized int64 `json:"unrecognized"`
	} `json:"lines"`
	Totals  Counts `json:"totals"`
	Domains []struct {
		Domain string `json:"domain"`
		Counts
	} `json:"domains"`
}

// TestExpectedMatchesReport builds mailtop, runs `mailtop report --json` on
// a generated log of 50,000 lines, and compares its counts with the ones
// Generate returned.
func TestExpectedMatchesReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mailtop; skipped with -short")
	}
	dir := t.TempDir()
	binary := filepath.Join(dir, "bin", "mailtop")
	build := exec.Command("go", "build", "-o", binary, "github.com/mailtop/mailtop")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build mailtop: %v\n%s", err, out)
	}

	logPath := filepath.Join(dir, "mail.log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := Generate(f, Options{Lines: 50000, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(binary, "report", "--json", "--log", logPath, "--year", "2026", "--tz", "UTC")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mailtop report: %v\n%s", err, stderr.String())
	}
	var doc reportDocument
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decode report: %v\n%.500s", err, out)
	}

	if doc.Lines.Read != int64(exp.Lines) || doc.Lines.Unrecognized != 0 {
		t.Errorf("report read %d lines with %d unrecognized, want %d and 0", doc.Lines.Read, doc.Lines.Unrecognized, exp.Lines)
	}
	if doc.Totals != exp.Totals {
		t.Errorf("report totals %+v, want %+v", doc.Totals, exp.Totals)
	}
	reported := map[string]Counts{}
	for _, d := range doc.Domains {
		reported[d.Domain] = d.Counts
	}
	if len(reported) != len(exp.Domains) {
		t.Errorf("report has %d domains, want %d", len(reported), len(exp.Domains))
	}
	for domain, want := range exp.Domains {
		if got := reported[domain]; got != want {
			t.Errorf("%s: report %+v, want %+v", domain, got, want)
		}
	}
}
