package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	relayConfig := writeConfig(t, "[[relay]]\nname = \"sink\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nport = 2525\n\n"+
		"[[relay]]\nname = \"backup\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nport = 2526\n")
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
			"misspelled flag", []string{"report", "--yaer", "2026"}, 2,
			"unknown flag --yaer for mailtop report: did you mean --year?",
			"mailtop report に --yaer というオプションはありません。--year のことですか？",
		},
		{
			"misspelled flag with value", []string{"queue", "--sendr=shop@example.jp"}, 2,
			"unknown flag --sendr for mailtop queue: did you mean --sender?",
			"--sender のことですか？",
		},
		{
			"flag prefix", []string{"report", "--d"}, 2,
			"unknown flag --d for mailtop report: did you mean --debug or --domain?",
			"--debug または --domain のことですか？",
		},
		{
			"flag of another command", []string{"check", "--yaer", "2026"}, 2,
			"unknown flag --yaer for mailtop check",
			"mailtop check に --yaer というオプションはありません。使えるオプションは 'mailtop check --help' で表示できます。",
		},
		{
			"flag that another command takes", []string{"report", "--sender", "shop@example.jp"}, 2,
			"unknown flag --sender for mailtop report: it is a flag of mailtop queue",
			"mailtop report に --sender というオプションはありません。mailtop queue",
		},
		{
			"flag of another command near one of this", []string{"report", "--to", "a@example.jp"}, 2,
			"unknown flag --to for mailtop report: it is a flag of mailtop forward",
			"mailtop forward のオプションです。",
		},
		{
			"unknown flag", []string{"report", "--frobnicate"}, 2,
			"unknown flag --frobnicate for mailtop report",
			"使えるオプションは 'mailtop report --help' で表示できます。",
		},
		{
			"long flag with one dash", []string{"report", "-year", "2026"}, 2,
			"unknown flag -y in -year for mailtop report: did you mean --year?",
			"mailtop report に -year の -y というオプションはありません。--year のことですか？",
		},
		{
			"unknown shorthand", []string{"report", "-x"}, 2,
			"unknown flag -x for mailtop report",
			"mailtop report に -x というオプションはありません。使えるオプションは 'mailtop report --help' で表示できます。",
		},
		{
			"demo with log", []string{"--demo", "--log", capturedLog}, 2,
			"--demo cannot be combined with --log: the demo shows its embedded recording, not the log, so remove --demo to read the log, or --log to run the demo",
			"--demo と --log は同時に指定できません。デモは組み込みの録画を表示し、ログは読みません。ログを読むには --demo を、デモを見るには --log を外してください。",
		},
		{
			"demo with since", []string{"--demo", "--since", "1h"}, 2,
			"--demo cannot be combined with --since: the demo shows its embedded recording, not the log from that time, so remove --demo to read the log from that time, or --since to run the demo",
			"--demo と --since は同時に指定できません。",
		},
		{
			"demo with an instance", []string{"--demo", "-c", "/etc/postfix-out"}, 2,
			"--demo cannot be combined with -c: the demo shows its embedded recording, not that Postfix instance, so remove --demo to watch that Postfix instance, or -c to run the demo",
			"--demo と -c は同時に指定できません。",
		},
		{
			"demo with journal", []string{"--journal", "--demo"}, 2,
			"--demo cannot be combined with --journal: the demo shows its embedded recording, not the journal, so remove --demo to read the journal, or --journal to run the demo",
			"--demo と --journal は同時に指定できません。",
		},
		{
			"demo with year", []string{"--demo", "--year", "2020"}, 2,
			"--demo cannot be combined with --year: the demo shows its embedded recording at the dates and clock times it replays, whatever --year is set to, so remove --demo to read a log with --year, or --year to run the demo",
			"--demo と --year は同時に指定できません。デモは組み込みの録画に自分で日付を付けるため、--year は効きません。",
		},
		{
			"demo with time zone", []string{"--tz", "UTC", "--demo"}, 2,
			"--demo cannot be combined with --tz: the demo shows its embedded recording at the dates and clock times it replays, whatever --tz is set to",
			"--demo と --tz は同時に指定できません。",
		},
		{
			"since zero", []string{"report", "--log", capturedLog, "--since", "0"}, 2,
			`invalid --since "0": a zero duration starts now, so no line already in the log would be read; give how far back to start, such as 30m, 24h or 7d, or all for the whole log`,
			"--since の値「0」は長さ 0 の期間で、今この時点から読むことになるため、ログにすでにある行を 1 行も読みません。",
		},
		{
			"dashboard since zero days", []string{"--since", "0d"}, 2,
			`invalid --since "0d": a zero duration starts now`,
			"--since の値「0d」は長さ 0 の期間で",
		},
		{
			"classify since zero seconds", []string{"classify", "--since", "0s", capturedLog}, 2,
			`invalid --since "0s": a zero duration starts now`,
			"--since の値「0s」は長さ 0 の期間で",
		},
		{
			"journal with log", []string{"report", "--journal", "--log", capturedLog}, 2,
			"--journal and --log cannot be combined: pick one",
			"--journal と --log は同時に指定できません。mailtop が読むのは systemd journal かログファイルのどちらかです。journal を読むには --log を、ログファイルを読むには --journal を外してください。",
		},
		{
			"dashboard journal with log", []string{"--log", capturedLog, "--journal"}, 2,
			"--journal and --log cannot be combined: pick one",
			"--journal と --log は同時に指定できません。",
		},
		{
			"json with unknown recipients", []string{"report", "--json", "--unknown-recipients"}, 2,
			"--json and --unknown-recipients cannot be combined: --unknown-recipients prints CSV",
			"--json と --unknown-recipients は同時に指定できません。--unknown-recipients の出力は CSV です。宛先不明のアドレスを CSV で出すには --json を、レポートを JSON で出すには --unknown-recipients を外してください。",
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
			"since not a time", []string{"report", "--log", capturedLog, "--since", "yesterday"}, 2,
			`invalid --since "yesterday": use all, a duration such as 30m, 24h or 7d`,
			"--since の値「yesterday」は使えません。all、30m・24h・7d のような期間、または 2026-12-04T09:00 のような日時を指定してください。",
		},
		{
			"dashboard since not a time", []string{"--since", "yesterday"}, 2,
			`invalid --since "yesterday"`,
			"--since の値「yesterday」は使えません。",
		},
		{
			"domain empty", []string{"report", "--log", capturedLog, "--domain", ""}, 2,
			"--domain is empty: give a recipient domain such as docomo.ne.jp",
			"--domain の値が空です。docomo.ne.jp のように宛先ドメインを指定するか、すべてのドメインを対象にするなら --domain を外してください。",
		},
		{
			"queue class unknown", []string{"queue", "--class", "block"}, 2,
			`invalid --class "block"`,
			"--class の値「block」は失敗の分類名ではありません。user_unknown、filtered、",
		},
		{
			"queue name unknown", []string{"queue", "--queue", "hol"}, 2,
			`invalid --queue: unknown queue "hol"`,
			"--queue の値「hol」はキューの名前ではありません。maildrop、incoming、active、deferred、hold、corrupt のどれかを指定してください。",
		},
		{
			"flag without effect", []string{"forward", "--since", "1h"}, 2,
			"--since has no effect on mailtop forward",
			"--since は mailtop forward には効かないので、外してください。--since が効くのはダッシュボードと mailtop report、mailtop classify です。",
		},
		{
			"queue action without targets", []string{"queue", "hold"}, 2,
			"mailtop queue hold needs a filter",
			"mailtop queue hold には、queue ID、絞り込み",
		},
		{
			"classify with two files", []string{"classify", "a.log", "b.log"}, 2,
			"classify takes at most one FILE argument, but got 2",
			"classify が読むファイルは 1 つですが、2 個指定されています。",
		},
		{
			"domain with a space for a queue action", []string{"queue", "hold", "--domain", "docomo .ne.jp"}, 2,
			`--domain: invalid domain "docomo .ne.jp": it contains white space`,
			"--domain の値「docomo .ne.jp」はドメイン名ではありません。空白が含まれています。docomo.ne.jp のように、宛先アドレスの @ より後ろを指定してください。",
		},
		{
			"domain with @ for the dashboard", []string{"--domain", "@docomo.ne.jp"}, 2,
			`--domain: invalid domain "@docomo.ne.jp": it contains '@'`,
			"--domain の値「@docomo.ne.jp」はドメイン名ではありません。使えない文字 '@' が含まれています。docomo.ne.jp のように、",
		},
		{
			"domain only a dot", []string{"report", "--log", capturedLog, "--domain", "."}, 2,
			`--domain: invalid domain ".": it is empty`,
			"--domain の値「.」はドメイン名ではありません。末尾のドットのほかに名前がありません。docomo.ne.jp のように、",
		},
		{
			"domain with two dots", []string{"report", "--log", capturedLog, "--domain", "docomo..ne.jp"}, 2,
			`--domain: invalid domain "docomo..ne.jp": it has two dots in a row`,
			"--domain の値「docomo..ne.jp」はドメイン名ではありません。ドットが 2 つ続いています。docomo.ne.jp のように、",
		},
		{
			"domain with a leading dot", []string{"report", "--log", capturedLog, "--domain", ".docomo.ne.jp"}, 2,
			`--domain: invalid domain ".docomo.ne.jp": it starts with a dot`,
			"--domain の値「.docomo.ne.jp」はドメイン名ではありません。先頭がドットです。docomo.ne.jp のように、",
		},
		{
			"domain label with a hyphen", []string{"report", "--log", capturedLog, "--domain", "docomo-.ne.jp"}, 2,
			`--domain: invalid domain "docomo-.ne.jp": label "docomo-" starts or ends with a hyphen`,
			`--domain の値「docomo-.ne.jp」はドメイン名ではありません。ドットで区切られた部分 "docomo-" がハイフンで始まるか、ハイフンで終わっています。`,
		},
		{
			"domain not ASCII", []string{"report", "--log", capturedLog, "--domain", "ドコモ.jp"}, 2,
			`--domain: invalid domain "ドコモ.jp": it contains 'ド', which is not ASCII`,
			"--domain の値「ドコモ.jp」はドメイン名ではありません。ASCII でない文字 'ド' が含まれています。国際化ドメイン名は xn-- で始まる形で指定してください。docomo.ne.jp のように、",
		},
		{
			"domain with a colon", []string{"report", "--log", capturedLog, "--domain", "docomo.ne.jp:25"}, 2,
			`--domain: invalid domain "docomo.ne.jp:25": it contains ':'`,
			"--domain の値「docomo.ne.jp:25」はドメイン名ではありません。使えない文字 ':' が含まれています。",
		},
		{
			"time zone unknown", []string{"report", "--log", capturedLog, "--tz", "Mars/Olympus"}, 2,
			`invalid --tz "Mars/Olympus": unknown time zone Mars/Olympus`,
			"--tz の値「Mars/Olympus」は使えないタイムゾーンです。Asia/Tokyo や UTC のような IANA のタイムゾーン名を指定してください。",
		},
		{
			"forward invalid queue ID", []string{"forward", "--via", "smtp://127.0.0.1:2525", "ZZZ!"}, 2,
			`invalid queue ID "ZZZ!": give one as mailtop queue lists it, such as 7E996BE094`,
			"「ZZZ!」は queue ID ではありません。7E996BE094 のように、mailtop queue が表示する queue ID を指定してください。",
		},
		{
			"forward relay without relays", []string{"forward", "--via", "nosuch", "7E996BE094"}, 2,
			`relay "nosuch" not found: the config file /`,
			"に nosuch という [[relay]] はありません（[[relay]] が 1 つもありません）",
		},
		{
			"forward relay unknown", []string{"forward", "--config", relayConfig, "--via", "nosuch", "7E996BE094"}, 2,
			`relay "nosuch" not found: the config file defines sink, backup`,
			"設定ファイルに nosuch という [[relay]] はありません。--via には sink、backup のどれか、または smtp://ホスト:ポート か smtps://ホスト:ポート を指定してください。",
		},
		{
			"classify directory argument", []string{"classify", dir}, 1,
			"cannot read log " + dir + ", a directory: name the log file inside it",
			"ログに指定した " + dir + " はディレクトリです。",
		},
	})
}

// TestMissingFlagValueExplained checks a value-taking flag given as the
// last argument. The Japanese run puts --lang ja first, because the flag
// would take a --lang after it as its value.
func TestMissingFlagValueExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	tests := []struct {
		name     string
		args     []string
		english  string
		japanese string
	}{
		{"year", []string{"report", "--year"},
			"--year needs a value: give a year from 1970 to 9999, such as --year 2026\n",
			"--year には値が必要です。--year 2026 のように、1970～9999 の年を指定してください。"},
		{"log", []string{"report", "--log"},
			"--log needs a value: give it as --log FILE\n",
			"--log には値が必要です。--log FILE の形で指定してください。"},
		{"shorthand", []string{"-c"},
			"-c needs a value: give it as -c DIR\n",
			"-c には値が必要です。-c DIR の形で指定してください。"},
		{"subcommand flag", []string{"forward", "--timeout"},
			"--timeout needs a value: give it as --timeout DURATION\n",
			"--timeout には値が必要です。--timeout DURATION の形で指定してください。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runOutputs(t, englishCommand(bin, append([]string{"--config", noConfig}, tc.args...)...))
			if status != 2 {
				t.Errorf("exit status %d, want 2\n%s", status, stderr)
			}
			if !strings.HasPrefix(stderr, "mailtop: "+tc.english) {
				t.Errorf("standard error does not start with %q:\n%s", "mailtop: "+tc.english, stderr)
			}
		})
		t.Run(tc.name+"/Japanese", func(t *testing.T) {
			args := append([]string{"--config", noConfig, "--lang", "ja"}, tc.args...)
			_, stderr, status := runOutputs(t, englishCommand(bin, args...))
			if status != 2 {
				t.Errorf("exit status %d, want 2\n%s", status, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 || lines[0]+"\n" != "mailtop: "+tc.english {
				t.Fatalf("standard error is not the English error line and a hint:\n%s", stderr)
			}
			if lines[1] != tc.japanese {
				t.Errorf("hint line = %q, want %q", lines[1], tc.japanese)
			}
		})
	}
}

func TestFlagSuggestions(t *testing.T) {
	root := newRootCommand()
	tests := []struct {
		path  []string
		typed string
		want  []string
	}{
		{nil, "yaer", []string{"year"}},
		{nil, "read-onyl", []string{"read-only"}},
		{nil, "YEAR", []string{"year"}},
		{[]string{"report"}, "jsn", []string{"json"}},
		{[]string{"report"}, "d", []string{"debug", "domain"}},
		{[]string{"report"}, "frobnicate", []string{}},
		// check and forward reject --year and --domain, so neither is
		// suggested there.
		{[]string{"check"}, "yaer", []string{}},
		{[]string{"forward"}, "domian", []string{}},
		{[]string{"check"}, "domian", []string{"domain"}},
		{[]string{"queue", "delete"}, "ye", []string{"yes"}},
		{[]string{"queue", "hold"}, "ye", []string{}},
	}
	for _, tc := range tests {
		cmd, _, err := root.Find(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		// cobra adds --help and the parents' persistent flags while
		// executing. Parsing no arguments adds them here, as the
		// command has them when pflag reports an unknown flag.
		cmd.InitDefaultHelpFlag()
		if err := cmd.ParseFlags(nil); err != nil {
			t.Fatal(err)
		}
		got := flagSuggestions(cmd, tc.typed)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: flagSuggestions(%q) = %q, want %q", cmd.CommandPath(), tc.typed, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"year", "year", 0},
		{"yaer", "year", 2},
		{"jsn", "json", 1},
		{"", "tz", 2},
		{"queue-dr", "queue-dir", 1},
		{"日本", "日本語", 1},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
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

// TestLangFlagAnyCase checks that --lang takes en and ja in any letter
// case, for the output and for the hint line of an error.
func TestLangFlagAnyCase(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		name     string
		env      []string
		args     []string
		status   int
		japanese bool
	}{
		{"report JA", englishLocale, []string{"report", "--log", capturedLog, "--lang", "JA"}, 0, true},
		{"report Ja", englishLocale, []string{"report", "--log", capturedLog, "--lang=Ja"}, 0, true},
		{"report EN under a Japanese locale", japaneseLocale, []string{"report", "--log", capturedLog, "--lang", "EN"}, 0, false},
		{"error hint JA", englishLocale, []string{"report", "--log", capturedLog, "--since", "yesterday", "--lang", "JA"}, 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := runWithEnv(t, bin, tc.env, tc.args...)
			if status != tc.status {
				t.Fatalf("exit status %d, want %d\n%s", status, tc.status, stderr)
			}
			output := stdout
			if tc.status != 0 {
				output = stderr
			}
			if got := hasJapanese(output); got != tc.japanese {
				t.Errorf("output in Japanese = %v, want %v:\n%s", got, tc.japanese, output)
			}
			if strings.Contains(stderr, "invalid --lang") {
				t.Errorf("--lang was rejected:\n%s", stderr)
			}
		})
	}
}
