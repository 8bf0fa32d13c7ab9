package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// buildBinary builds mailtop into a temporary directory with the version
// stamped the way release builds stamp it.
func buildBinary(t *testing.T, version string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mailtop")
	cmd := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version="+version, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// englishCommand returns a command for the built binary that runs in the
// C locale, so the tests that read its English output also pass on a
// machine whose own locale is Japanese.
func englishCommand(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LC_MESSAGES=")
	return cmd
}

func TestVersionFlagOnBuiltBinary(t *testing.T) {
	bin := buildBinary(t, "9.8.7-test")
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("mailtop --version: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) != "mailtop 9.8.7-test" {
		t.Errorf("--version printed %q, want %q", out, "mailtop 9.8.7-test")
	}
}

func TestVersionFlagOnDevBuild(t *testing.T) {
	if err := exec.Command("git", "rev-parse", "--git-dir").Run(); err != nil {
		t.Skipf("not in a Git checkout (%v), so the build records no commit", err)
	}
	bin := filepath.Join(t.TempDir(), "mailtop")
	// -buildvcs=true overrides a GOFLAGS=-buildvcs=false in the environment
	// or in go env, which would leave the commit out.
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	info, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, info)
	}
	if !strings.Contains(string(info), "vcs.revision=") {
		// A Git worktree or a checkout owned by another user can make the
		// go command leave the commit out without failing the build.
		t.Skipf("the go command recorded no commit in this checkout:\n%s", info)
	}

	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("mailtop --version: %v\n%s", err, out)
	}
	text := strings.TrimSpace(string(out))
	pattern := regexp.MustCompile(`^mailtop dev \(commit ([0-9a-f]{12})(, modified)?, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$`)
	match := pattern.FindStringSubmatch(text)
	if match == nil {
		t.Fatalf("--version printed %q, want it to match %s", text, pattern)
	}
	// A commit made while the test runs moves HEAD, so the test checks
	// that the commit exists instead of comparing it with HEAD.
	if err := exec.Command("git", "cat-file", "-e", match[1]+"^{commit}").Run(); err != nil {
		t.Errorf("--version names commit %s, which git cat-file does not find: %v", match[1], err)
	}
}

func TestDescribeDevBuild(t *testing.T) {
	revision := debug.BuildSetting{Key: "vcs.revision", Value: "a35402a7f267999a3a1f759f92037b0ece2a0db7"}
	commitTime := debug.BuildSetting{Key: "vcs.time", Value: "2026-12-05T00:42:47Z"}
	cases := []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"no build settings", nil, "dev"},
		{"no revision", []debug.BuildSetting{{Key: "vcs", Value: "git"}, commitTime}, "dev"},
		{"clean checkout", []debug.BuildSetting{revision, {Key: "vcs.modified", Value: "false"}, commitTime},
			"dev (commit a35402a7f267, 2026-12-05T00:42:47Z)"},
		{"uncommitted changes", []debug.BuildSetting{revision, {Key: "vcs.modified", Value: "true"}, commitTime},
			"dev (commit a35402a7f267, modified, 2026-12-05T00:42:47Z)"},
		{"no time", []debug.BuildSetting{revision}, "dev (commit a35402a7f267)"},
		{"short revision", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc1234"}}, "dev (commit abc1234)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeDevBuild(tc.settings); got != tc.want {
				t.Errorf("describeDevBuild = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCommandLineErrors(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		name     string
		args     []string
		exitCode int
		message  string
	}{
		{"unknown flag", []string{"--no-such-flag"}, 2, "unknown flag --no-such-flag for mailtop"},
		{"bad since", []string{"report", "--since", "yesterday"}, 2, `invalid --since "yesterday"`},
		{"bad tz", []string{"report", "--tz", "Mars/Olympus"}, 2, `invalid --tz "Mars/Olympus"`},
		{"bad lang", []string{"report", "--lang", "fr"}, 2, `invalid --lang "fr": use en or ja`},
		{"missing log", []string{"report", "--log", "/nonexistent/mail.log"}, 1, "/nonexistent/mail.log"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := englishCommand(bin, tc.args...)
			out, err := cmd.CombinedOutput()
			exitErr, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatalf("want exit %d, got err=%v\n%s", tc.exitCode, err, out)
			}
			if exitErr.ExitCode() != tc.exitCode {
				t.Errorf("exit code %d, want %d\n%s", exitErr.ExitCode(), tc.exitCode, out)
			}
			if !strings.Contains(string(out), tc.message) {
				t.Errorf("output lacks %q:\n%s", tc.message, out)
			}
		})
	}
}

func TestReportOnCapturedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	out, err := englishCommand(bin, "report", "--log", "testdata/postfix-3.7-maillog.txt", "--year", "2026", "--tz", "UTC").CombinedOutput()
	if err != nil {
		t.Fatalf("mailtop report: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"docomo.ne.jp", "softbank.ne.jp", "938 lines read"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	jst := time.FixedZone("JST", 9*3600)
	cases := []struct {
		value string
		want  time.Time
	}{
		{"all", time.Time{}},
		{"24h", now.Add(-24 * time.Hour)},
		{"30m", now.Add(-30 * time.Minute)},
		{"7d", now.AddDate(0, 0, -7)},
		{"2026-12-04T09:00", time.Date(2026, 12, 4, 9, 0, 0, 0, jst)},
		{"2026-12-04", time.Date(2026, 12, 4, 0, 0, 0, 0, jst)},
		{"2026-12-04T09:00:00Z", time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		got, err := parseSince(tc.value, now, jst)
		if err != nil {
			t.Errorf("parseSince(%q): %v", tc.value, err)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, want %v", tc.value, got, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "-5m", "5x", "d"} {
		if _, err := parseSince(bad, now, jst); err == nil {
			t.Errorf("parseSince(%q) accepted a bad value", bad)
		}
	}
}

// A date or time in the right form with an impossible field names the
// field, in both languages.
func TestParseSinceOutOfRange(t *testing.T) {
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	ja := l10n.New(l10n.Japanese)
	cases := []struct {
		value, want, wantJa string
	}{
		{"2026-13-01T00:00", "the month is out of range", "月が範囲外"},
		{"2026-02-30", "the day is out of range", "日が範囲外"},
		{"2026-12-01T25:00", "the hour is out of range", "時が範囲外"},
		{"2026-12-01 10:61", "the minute is out of range", "分が範囲外"},
	}
	for _, tc := range cases {
		_, err := parseSince(tc.value, now, time.UTC)
		if err == nil {
			t.Errorf("parseSince(%q) accepted an impossible time", tc.value)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseSince(%q) = %v, want %q", tc.value, err, tc.want)
		}
		id, data := errorHint(err, 2)
		if hint := ja.T(id, data); !strings.Contains(hint, tc.wantJa) {
			t.Errorf("Japanese hint for %q = %q, want %q", tc.value, hint, tc.wantJa)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		args []string
		help string
	}{
		{[]string{"bogus"}, "Run 'mailtop --help'"},
		{[]string{"report", "extra"}, "Run 'mailtop report --help'"},
		{[]string{"report", "--json", "--since"}, "Run 'mailtop report --help'"},
	}
	for _, tc := range cases {
		out, err := englishCommand(bin, tc.args...).CombinedOutput()
		exitErr, ok := err.(*exec.ExitError)
		if !ok || exitErr.ExitCode() != 2 {
			t.Errorf("mailtop %v: err = %v, want exit status 2\n%s", tc.args, err, out)
			continue
		}
		if !strings.Contains(string(out), tc.help) {
			t.Errorf("mailtop %v: output lacks %q:\n%s", tc.args, tc.help, out)
		}
	}
}

func TestErrorsExplainedInJapanese(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		args []string
		hint string
	}{
		{[]string{"forward"}, "転送するメッセージとリレーが指定されていません。"},
		{[]string{"forward"}, "使い方は 'mailtop forward --help' で表示できます。"},
		{[]string{"report", "--since", "yesterday"}, "--since の値「yesterday」は使えません。"},
		{[]string{"report", "--log", "/nonexistent/mail.log"}, "パスを確認してください"},
		{[]string{"--lang", "ja", "report", "--log", "/nonexistent/mail.log"}, "パスを確認してください"},
		// An invalid --lang leaves the hint to the locale.
		{[]string{"report", "--lang", "jp"}, "--lang の値「jp」は使えません。--lang には en か ja を指定してください"},
		{[]string{"--lang=xx", "queue"}, "--lang の値「xx」は使えません。--lang には en か ja を指定してください"},
	}
	for _, tc := range cases {
		cmd := exec.Command(bin, tc.args...)
		cmd.Env = append(os.Environ(), "LANG=ja_JP.UTF-8", "LC_ALL=", "LC_MESSAGES=")
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.hint) {
			t.Errorf("mailtop %v in Japanese: output lacks %q:\n%s", tc.args, tc.hint, out)
		}
		if !strings.Contains(string(out), "mailtop: ") {
			t.Errorf("mailtop %v in Japanese: the English error line is missing:\n%s", tc.args, out)
		}
	}
}

func TestDashboardRefusesNonUTF8JapaneseLocale(t *testing.T) {
	bin := buildBinary(t, "test")
	cmd := exec.Command(bin, "--demo")
	cmd.Env = append(os.Environ(), "LANG=ja_JP.eucJP", "LC_ALL=", "LC_MESSAGES=")
	out, err := cmd.CombinedOutput()
	exitErr, ok := err.(*exec.ExitError)
	if !ok || exitErr.ExitCode() != 1 {
		t.Fatalf("err = %v, want exit status 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "set LANG=ja_JP.UTF-8") {
		t.Errorf("the error does not say what to set:\n%s", out)
	}
	if strings.Contains(string(out), "コマンド") {
		t.Errorf("Japanese UTF-8 text was written to an EUC-JP terminal:\n%s", out)
	}
}
