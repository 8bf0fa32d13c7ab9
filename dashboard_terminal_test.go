package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestDashboardWithoutTerminalHint starts the demo dashboard in a new
// session with standard input from /dev/null, so that it has no terminal
// to open, as under cron or from a script.
func TestDashboardWithoutTerminalHint(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		name     string
		env      []string
		args     []string
		wantHint string
	}{
		{"Japanese EUC-JP locale with --lang ja", []string{"LANG=ja_JP.eucJP", "LC_ALL=", "LC_MESSAGES="}, []string{"--demo", "--lang", "ja"},
			"ダッシュボードには対話型の端末が必要ですが、端末を開けませんでした。端末から実行するか、端末がなくても集計を出せる mailtop report を使ってください。"},
		{"Japanese UTF-8 locale", japaneseLocale, []string{"--demo"},
			"ダッシュボードには対話型の端末が必要ですが、端末を開けませんでした。"},
		{"English", englishLocale, []string{"--demo"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = append(os.Environ(), tc.env...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			_, stderr, status := runOutputs(t, cmd)
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if !strings.HasPrefix(lines[0], "mailtop: run the dashboard: ") || !strings.Contains(lines[0], "it needs an interactive terminal") {
				t.Errorf("first line = %q, want the English error", lines[0])
			}
			if tc.wantHint == "" {
				if len(lines) != 1 {
					t.Errorf("stderr has %d lines, want only the error:\n%s", len(lines), stderr)
				}
				return
			}
			if len(lines) != 2 || !strings.HasPrefix(lines[1], tc.wantHint) {
				t.Errorf("stderr = %q, want the hint %q on the second line", stderr, tc.wantHint)
			}
		})
	}
}
