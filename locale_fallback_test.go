package main

import (
	"strings"
	"testing"
)

// eucJPLocale is a Japanese locale whose terminal cannot show the UTF-8
// Japanese of the catalog.
var eucJPLocale = []string{"LANG=ja_JP.eucJP", "LC_ALL=", "LC_MESSAGES="}

func TestReportNonUTF8LocaleEnglish(t *testing.T) {
	bin := buildBinary(t, "test")
	args := []string{"report", "--config", writeConfig(t, "# defaults\n"), "--log", capturedLog, "--year", "2026", "--tz", "UTC"}

	out := runWithLocale(t, bin, eucJPLocale, args...)
	assertLabels(t, "report under LANG=ja_JP.eucJP", out, reportEnglishLabels, reportJapaneseLabels)
	if hasJapanese(out) {
		t.Errorf("report under LANG=ja_JP.eucJP contains Japanese:\n%s", out)
	}

	explicit := runWithLocale(t, bin, eucJPLocale, append(args, "--lang", "ja")...)
	assertLabels(t, "report under LANG=ja_JP.eucJP with --lang ja", explicit, reportJapaneseLabels, reportEnglishLabels)
}

func TestHelpNonUTF8LocaleEnglish(t *testing.T) {
	bin := buildBinary(t, "test")
	for _, args := range helpCommands {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := runHelp(t, bin, eucJPLocale, args...)
			if hasJapanese(out) || !strings.Contains(out, "Usage:") {
				t.Errorf("help under LANG=ja_JP.eucJP is not English:\n%s", out)
			}
		})
	}

	explicit := runHelp(t, bin, eucJPLocale, "--help", "--lang", "ja")
	if !strings.Contains(explicit, "使い方:") {
		t.Errorf("help under LANG=ja_JP.eucJP with --lang ja is not Japanese:\n%s", explicit)
	}
}
