package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// japaneseLocale is the environment of a Japanese operator: LANG set, and
// LC_ALL and LC_MESSAGES empty so that LANG decides.
var japaneseLocale = []string{"LANG=ja_JP.UTF-8", "LC_ALL=", "LC_MESSAGES="}

// englishLocale selects English through the locale.
var englishLocale = []string{"LANG=C", "LC_ALL=", "LC_MESSAGES="}

// runWithLocale runs the built binary with env added to the test's
// environment and returns its standard output.
func runWithLocale(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mailtop %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// assertLabels checks that text contains every label of want and none of
// unwanted.
func assertLabels(t *testing.T, name, text string, want, unwanted []string) {
	t.Helper()
	for _, label := range want {
		if !strings.Contains(text, label) {
			t.Errorf("%s lacks %q:\n%s", name, label, text)
		}
	}
	for _, label := range unwanted {
		if strings.Contains(text, label) {
			t.Errorf("%s contains %q:\n%s", name, label, text)
		}
	}
}

var (
	reportEnglishLabels  = []string{"lines read", "Attempts ", "DOMAIN", "ATTEMPTS", "DEFERRED", "BOUNCED", "AVG DELAY", "TOP CLASSES"}
	reportJapaneseLabels = []string{"読み込み", "試行", "送信率", "遅延", "不達", "期限切れ", "平均遅延", "最大遅延", "主な原因"}
)

func TestReportTextLanguages(t *testing.T) {
	bin := buildBinary(t, "test")
	args := []string{"report", "--config", writeConfig(t, "# defaults\n"), "--log", capturedLog, "--year", "2026", "--tz", "UTC"}

	english := runWithLocale(t, bin, englishLocale, args...)
	assertLabels(t, "English report", english, reportEnglishLabels, reportJapaneseLabels)

	byLocale := runWithLocale(t, bin, japaneseLocale, args...)
	assertLabels(t, "report under LANG=ja_JP.UTF-8", byLocale, reportJapaneseLabels, reportEnglishLabels)

	byFlag := runWithLocale(t, bin, englishLocale, append(args, "--lang", "ja")...)
	if byFlag != byLocale {
		t.Errorf("report with --lang ja differs from the one under LANG=ja_JP.UTF-8:\n%s\n%s", byFlag, byLocale)
	}
	forcedEnglish := runWithLocale(t, bin, japaneseLocale, append(args, "--lang", "en")...)
	if forcedEnglish != english {
		t.Errorf("report with --lang en under a Japanese locale differs from the English one:\n%s\n%s", forcedEnglish, english)
	}
}
