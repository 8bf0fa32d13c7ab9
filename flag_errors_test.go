package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// commandLineMistake is a command line that mailtop rejects, with the
// error it must print in English and the hint line it must add in Japanese.
type commandLineMistake struct {
	name     string
	args     []string
	status   int
	english  string // the start of the error line after "mailtop: "
	japanese string // a part of the Japanese hint line
}

// checkMistakes runs bin with the arguments of each case after --config
// noConfig, once in the C locale and once with --lang ja at the end, and
// checks the exit status, the English error line and the Japanese hint.
func checkMistakes(t *testing.T, bin, noConfig string, cases []commandLineMistake) {
	t.Helper()
	for _, tc := range cases {
		args := append([]string{"--config", noConfig}, tc.args...)
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runOutputs(t, englishCommand(bin, args...))
			if status != tc.status {
				t.Errorf("exit status %d, want %d\n%s", status, tc.status, stderr)
			}
			if !strings.HasPrefix(stderr, "mailtop: "+tc.english) {
				t.Errorf("standard error does not start with %q:\n%s", "mailtop: "+tc.english, stderr)
			}
			if stdout != "" {
				t.Errorf("printed output for a mistake:\n%s", stdout)
			}
		})
		t.Run(tc.name+"/Japanese", func(t *testing.T) {
			// --lang ja comes last, after the mistake, which pflag
			// stops parsing at.
			cmd := exec.Command(bin, append(args, "--lang", "ja")...)
			cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=")
			_, stderr, status := runOutputs(t, cmd)
			if status != tc.status {
				t.Errorf("exit status %d, want %d\n%s", status, tc.status, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "mailtop: "+tc.english) {
				t.Fatalf("standard error is not the English error line and a hint:\n%s", stderr)
			}
			if !strings.Contains(lines[1], tc.japanese) || !hasJapanese(lines[1]) {
				t.Errorf("the hint line lacks %q:\n%s", tc.japanese, lines[1])
			}
		})
	}
}

func TestFlagMistakesExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	dir := t.TempDir()
	checkMistakes(t, bin, writeConfig(t, "# defaults\n"), []commandLineMistake{
		{
			"year not a number", []string{"report", "--year", "abc"}, 2,
			`invalid --year "abc": give a year from 1970 to 9999, such as 2026`,
			"--year の値「abc」は使えません。2026 のように、1970～9999 の年を指定してください。",
		},
		{
			"year zero", []string{"report", "--log", capturedLog, "--year", "0"}, 2,
			`invalid --year "0": give a year from 1970 to 9999, such as 2026`,
			"--year の値「0」は使えません。",
		},
		{
			"year negative", []string{"classify", "--year=-5", capturedLog}, 2,
			`invalid --year "-5": give a year from 1970 to 9999, such as 2026`,
			"--year の値「-5」は使えません。",
		},
		{
			"year too large", []string{"--year", "10000", "--demo"}, 2,
			`invalid --year "10000": give a year from 1970 to 9999, such as 2026`,
			"--year の値「10000」は使えません。",
		},
		{
			"bool not true or false", []string{"report", "--json=maybe"}, 2,
			`invalid --json value "maybe": give true or false, or --json alone for true`,
			"--json の値「maybe」は使えません。true か false を指定するか、値を付けずに --json だけを指定してください。",
		},
		{
			"duration without unit", []string{"forward", "--timeout", "5"}, 2,
			`invalid --timeout "5": give a duration with a unit, such as 30s or 2m`,
			"--timeout の値「5」は使えません。30s や 2m のように、単位を付けた時間を指定してください。",
		},
		{
			"debug directory", []string{"report", "--log", capturedLog, "--debug", dir}, 1,
			"--debug " + dir + " is a directory: give the path of a file to write, such as " + filepath.Join(dir, "mailtop-debug.log"),
			"--debug に指定した " + dir + " はディレクトリです。" + filepath.Join(dir, "mailtop-debug.log") + " のように、書き込むファイルのパスを指定してください。",
		},
		{
			"config directory", []string{"report", "--log", capturedLog, "--config", dir}, 1,
			"--config " + dir + " is a directory: give the path of a TOML file, such as " + filepath.Join(dir, "config.toml"),
			"--config に指定した " + dir + " はディレクトリです。" + filepath.Join(dir, "config.toml") + " のように、TOML ファイルのパスを指定してください。",
		},
		{
			"dashboard config directory", []string{"--demo", "--config", dir}, 1,
			"--config " + dir + " is a directory: give the path of a TOML file",
			"--config に指定した " + dir + " はディレクトリです。",
		},
		{
			"log directory", []string{"report", "--log", dir}, 1,
			"cannot read log " + dir + ", a directory: name the log file inside it, such as " + filepath.Join(dir, "mail.log"),
			"ログに指定した " + dir + " はディレクトリです。" + filepath.Join(dir, "mail.log") + " のように、その中のログファイルを指定してください。",
		},
		{
			"classify directory argument", []string{"classify", dir}, 1,
			"cannot read log " + dir + ", a directory: name the log file inside it",
			"ログに指定した " + dir + " はディレクトリです。",
		},
	})
}

func TestLangArgument(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"report", "--lang", "ja"}, "ja"},
		{[]string{"report", "--lang=ja"}, "ja"},
		{[]string{"--lang", "ja", "report", "--lang", "en"}, "en"},
		{[]string{"report", "--lang"}, ""},
		{[]string{"forward", "--", "--lang", "ja"}, ""},
	}
	for _, tc := range cases {
		if got := langArgument(tc.args); got != tc.want {
			t.Errorf("langArgument(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
