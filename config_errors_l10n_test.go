package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigMistakesExplained checks that an invalid config file gets a
// Japanese hint line that names the value at fault and the fix, for the
// file, its TOML, its keys and each kind of table.
func TestConfigMistakesExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	missing := filepath.Join(t.TempDir(), "missing.toml")
	syntax := writeConfig(t, "watch = [\"docomo.ne.jp\"\n")
	unknownKey := writeConfig(t, "wach = [\"docomo.ne.jp\"]\n")
	watch := writeConfig(t, "watch = [\"shop@docomo.ne.jp\"]\n")
	watchDots := writeConfig(t, "watch = [\"docomo.ne.jp\", \"a..jp\"]\n")
	pattern := writeConfig(t, "[[override]]\npattern = '(?i)unknown user'\nclass = 'user_unknown'\n\n[[override]]\npattern = '(unclosed'\nclass = 'filtered'\n")
	overrideClass := writeConfig(t, "[[override]]\npattern = 'frozen'\nclass = 'full'\n")
	alertCarrier := writeConfig(t, "[[alert]]\ncarrier = \"willcom\"\nwindow = \"15m\"\nrate = 20\n")
	alertTimeout := writeConfig(t, "[[alert]]\ndomain = \"example.jp\"\nwindow = \"1h\"\nrate = 5\nhook = [\"/bin/true\"]\nhook_timeout = \"1h\"\n")
	report := func(config string) []string {
		return []string{"report", "--log", capturedLog, "--year", "2026", "--tz", "UTC", "--config", config}
	}
	mistakes := []commandLineMistake{
		{
			"missing file", report(missing), 1,
			"read config file " + missing + ": file does not exist (check the path; without --config mailtop uses its defaults)",
			"設定ファイル " + missing + " がありません。パスを確認してください。--config を付けなければ既定の設定を使います。",
		},
		{
			"TOML syntax", report(syntax), 1,
			"parse config file " + syntax + ": toml: line 1 (last key \"watch\")",
			"設定ファイル " + syntax + " を TOML として読めません: toml: line 1 (last key \"watch\")",
		},
		{
			"unknown key", report(unknownKey), 1,
			"config file " + unknownKey + ": unknown key wach: check the spelling",
			"設定ファイル " + unknownKey + ": wach は mailtop の知らないキーです。つづりを README.ja.md の「設定ファイル」で確認してください。",
		},
		{
			"watch entry", report(watch), 1,
			"config file " + watch + `: watch entry "shop@docomo.ne.jp" is not a domain name`,
			`watch の "shop@docomo.ne.jp" はドメイン名ではありません。使えない文字 '@' が含まれています。docomo.ne.jp のように、`,
		},
		{
			"watch entry with two dots", report(watchDots), 1,
			"config file " + watchDots + `: watch entry "a..jp" is not a domain name, because it has two dots in a row: give one such as docomo.ne.jp`,
			`watch の "a..jp" はドメイン名ではありません。ドットが 2 つ続いています。docomo.ne.jp のように、`,
		},
		{
			"watch entry with two dots in check", []string{"check", "--config", watchDots}, 1,
			"config file " + watchDots + `: watch entry "a..jp" is not a domain name, because it has two dots in a row`,
			`watch の "a..jp" はドメイン名ではありません。ドットが 2 つ続いています。`,
		},
		{
			"override pattern", report(pattern), 1,
			"config file " + pattern + `: override rule 2: invalid pattern "(unclosed": error parsing regexp: missing closing )`,
			`2 番目の [[override]]: pattern "(unclosed" は正規表現として読めません: error parsing regexp: missing closing ): ` + "`(unclosed`。Go の正規表現の構文で書いてください。",
		},
		{
			"override class", report(overrideClass), 1,
			"config file " + overrideClass + `: override rule 1: invalid class "full": use one of user_unknown`,
			`1 番目の [[override]]: class "full" は使えません。user_unknown、filtered、mailbox_full、`,
		},
		{
			"alert carrier", []string{"--demo", "--config", alertCarrier}, 1,
			"config file " + alertCarrier + `: alert rule 1: unknown carrier "willcom": use one of docomo, au, softbank, rakuten`,
			`1 番目の [[alert]]: carrier "willcom" は使えません。docomo、au、softbank、rakuten のどれかを指定してください。`,
		},
		{
			"alert hook_timeout", report(alertTimeout), 1,
			"config file " + alertTimeout + `: alert rule 1: hook_timeout "1h" is invalid`,
			`1 番目の [[alert]]: hook_timeout "1h" は使えません。10s のように、10m0s 以下の時間を指定してください。`,
		},
	}
	checkMistakes(t, bin, writeConfig(t, "# defaults\n"), mistakes)

	// The hint line is the error in Japanese, so it names README.ja.md at
	// most once and leaves out the generic hint about the line above.
	for _, tc := range mistakes {
		t.Run(tc.name+"/hint once", func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = append(os.Environ(), "LANG=ja_JP.UTF-8", "LC_ALL=", "LC_MESSAGES=")
			_, stderr, _ := runOutputs(t, cmd)
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("standard error is not the error line and a hint:\n%s", stderr)
			}
			if strings.Count(lines[1], "README.ja.md") > 1 || strings.Contains(lines[1], "上の行") {
				t.Errorf("the hint line repeats itself or points at the English line:\n%s", lines[1])
			}
			if strings.Contains(lines[1], "。。") {
				t.Errorf("the hint line ends a sentence twice:\n%s", lines[1])
			}
		})
	}
}
