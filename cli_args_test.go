package main

import (
	"strings"
	"testing"
)

func TestArgumentMistakesExplained(t *testing.T) {
	bin := buildBinary(t, "test")
	checkMistakes(t, bin, writeConfig(t, "# defaults\n"), []commandLineMistake{
		{
			"misspelled command", []string{"reprot"}, 2,
			`unknown command "reprot" for mailtop: did you mean mailtop report?`,
			"mailtop に「reprot」というコマンドはありません。mailtop report のことですか？",
		},
		{
			"ambiguous queue action", []string{"queue", "de"}, 2,
			`unknown command "de" for mailtop queue: did you mean mailtop queue delete or mailtop queue deliver?`,
			"mailtop queue delete または mailtop queue deliver のことですか？",
		},
		{
			"unknown command", []string{"frobnicate"}, 2,
			`unknown command "frobnicate" for mailtop: use one of check, classify, completion, forward, queue, report`,
			"使えるコマンドは check、classify、completion、forward、queue、report です。",
		},
		{
			"report argument", []string{"report", "extra-arg"}, 2,
			`mailtop report takes no arguments, but got "extra-arg": remove it`,
			"mailtop report は引数を取りません。「extra-arg」を取り除いてください。",
		},
		{
			"report log argument", []string{"report", "mail.log"}, 2,
			`mailtop report takes no arguments, but got "mail.log": to read the log mail.log, pass it with --log mail.log`,
			"ログ mail.log を読むには --log mail.log と指定してください。",
		},
		{
			"dashboard log argument", []string{"/var/log/mail.log"}, 2,
			`mailtop takes no arguments, but got "/var/log/mail.log": to read the log /var/log/mail.log, pass it with --log /var/log/mail.log`,
			"mailtop は引数を取りません。ログ /var/log/mail.log を読むには --log /var/log/mail.log と指定してください。",
		},
		{
			"check domain argument", []string{"check", "docomo.ne.jp"}, 2,
			`mailtop check takes no arguments, but got "docomo.ne.jp": to select the domain docomo.ne.jp, pass it with --domain docomo.ne.jp`,
			"ドメイン docomo.ne.jp に絞るには --domain docomo.ne.jp と指定してください。",
		},
		{
			"misspelled help topic", []string{"help", "reprot"}, 2,
			`unknown help topic "reprot": did you mean mailtop help report?`,
			"「reprot」というヘルプの項目はありません。mailtop help report のことですか？",
		},
		{
			"misspelled queue help topic", []string{"help", "queue", "hodl"}, 2,
			`unknown help topic "queue hodl": did you mean mailtop help queue hold?`,
			"mailtop help queue hold のことですか？",
		},
		{
			"unknown help topic", []string{"help", "frobnicate"}, 2,
			`unknown help topic "frobnicate": run mailtop help with one of check, classify, completion, forward, queue, report`,
			"mailtop help のあとに check、classify、completion、forward、queue、report のどれかを指定してください。",
		},
		{
			"help topic below report", []string{"help", "report", "extra"}, 2,
			`unknown help topic "report extra": mailtop report has no subcommands, so run mailtop help report`,
			"mailtop report にはサブコマンドがないので、mailtop help report と指定してください。",
		},
		{
			"unsupported completion shell", []string{"completion", "tcsh"}, 2,
			`unsupported shell "tcsh" for mailtop completion: use one of bash, fish, powershell, zsh`,
			"mailtop completion はシェル「tcsh」の補完スクリプトを作れません。対応するシェルは bash、fish、powershell、zsh です。",
		},
		{
			"completion script argument", []string{"completion", "bash", "extra"}, 2,
			`unknown command "extra" for "mailtop completion bash"`,
			"コマンドラインの指定に誤りがあります。使い方は 'mailtop completion bash --help' で表示できます。",
		},
		{
			"queue action arguments", []string{"queue", "hold", "a", "b"}, 2,
			`mailtop queue hold takes queue IDs as arguments, but "a" is not one: pass queue IDs as mailtop queue lists them`,
			"mailtop queue hold の引数は queue ID ですが、a は queue ID ではありません。",
		},
		{
			"lower-case queue ID", []string{"queue", "hold", "6b32b98a113"}, 2,
			`mailtop queue hold takes queue IDs as arguments, but "6b32b98a113" is not one: queue IDs are case-sensitive, and short ones are upper case: pass 6B32B98A113`,
			"queue ID は大文字と小文字を区別し、短い queue ID は大文字なので、6B32B98A113 を指定してください。",
		},
	})
}

// The error line of an unknown help topic names the command to run, so
// the generic "Run '... --help' for usage." line would only repeat it.
// Other usage errors keep that line.
func TestHelpTopicErrorLeavesOutUsageLine(t *testing.T) {
	bin := buildBinary(t, "test")
	config := writeConfig(t, "# defaults\n")
	for _, args := range [][]string{
		{"help", "nosuch"},
		{"help", "reprot"},
		{"help", "report", "extra"},
	} {
		_, stderr, status := runOutputs(t, englishCommand(bin, append([]string{"--config", config}, args...)...))
		if status != 2 {
			t.Errorf("mailtop %s: exit status %d, want 2", strings.Join(args, " "), status)
		}
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "mailtop: unknown help topic ") {
			t.Errorf("mailtop %s: standard error is not the error line alone:\n%s", strings.Join(args, " "), stderr)
		}
	}

	_, stderr, _ := runOutputs(t, englishCommand(bin, "--config", config, "report", "extra"))
	if !strings.HasSuffix(stderr, "\nRun 'mailtop report --help' for usage.\n") {
		t.Errorf("mailtop report extra: standard error lacks the usage line:\n%s", stderr)
	}
}

// Without a shell, mailtop completion prints its help and succeeds, and
// with a supported one it prints that shell's script.
func TestCompletionShells(t *testing.T) {
	bin := buildBinary(t, "test")

	stdout, stderr, status := runOutputs(t, englishCommand(bin, "completion"))
	if status != 0 {
		t.Errorf("mailtop completion: exit status %d, want 0\n%s", status, stderr)
	}
	if !strings.Contains(stdout, "Available Commands:") {
		t.Errorf("mailtop completion does not print its help:\n%s", stdout)
	}

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		stdout, stderr, status := runOutputs(t, englishCommand(bin, "completion", shell))
		if status != 0 {
			t.Errorf("mailtop completion %s: exit status %d, want 0\n%s", shell, status, stderr)
		}
		if !strings.Contains(stdout, "mailtop") || strings.Contains(stdout, "Available Commands:") {
			t.Errorf("mailtop completion %s does not print a script:\n%.200s", shell, stdout)
		}
	}
}
