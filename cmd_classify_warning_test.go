package main

import (
	"strings"
	"testing"
)

// TestClassifyWarnsAboutInput checks the warnings of classify for input
// that yields no record: an empty file, a text file that is not a mail
// log, and a log older than --since. Their advice names the FILE argument
// that classify takes, where report's names --log.
func TestClassifyWarnsAboutInput(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	empty := writeInputFile(t, "empty.log", nil)
	text := writeInputFile(t, "notes.txt", []byte("first line\nsecond line\n"))
	delivery := "Dec  4 10:00:00 mx postfix/smtp[1]: 7E996BE094: to=<a@docomo.ne.jp>, relay=none, delay=1, " +
		"delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to mx.docomo.ne.jp[192.0.2.1]:25: Connection timed out)\n"
	damaged := writeInputFile(t, "damaged.log", []byte(delivery+"Dec  4 10:00:01 mx postfix/smtp[1]: 7E99\n"+"ne.jp, status=sent\n"))
	oneDamaged := writeInputFile(t, "one-damaged.log", []byte(delivery+"garbage\n"))
	cases := []struct {
		name     string
		env      []string
		args     []string
		want     []string
		dontWant []string
	}{
		{"classify empty file", englishLocale, []string{"classify", empty},
			[]string{"mailtop: warning: no line was read from " + empty + ", because the input is empty", "mailtop classify /var/log/mail.log"},
			[]string{"--log"}},
		{"classify empty standard input", englishLocale, []string{"classify", "-"},
			[]string{"mailtop: warning: no line was read from standard input, because the input is empty"},
			[]string{"--log"}},
		{"classify empty file in Japanese", japaneseLocale, []string{"classify", empty},
			[]string{"mailtop: warning: " + empty + " は空で、1 行も読めませんでした。mailtop classify /var/log/mail.log のように"},
			[]string{"--log"}},
		{"classify text file", englishLocale, []string{"classify", text},
			[]string{"none of the 2 lines read from " + text + " is from Postfix", "give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log"},
			[]string{"pass --log"}},
		{"classify text file in Japanese", japaneseLocale, []string{"classify", text},
			[]string{"mailtop classify /var/log/mail.log のように、Postfix か syslog が書くファイルを指定してください"},
			[]string{"--log"}},
		{"classify log older than since", englishLocale, []string{"classify", "--since", "1h", capturedLog},
			[]string{"mailtop: warning: every line of the log is older than --since 1h"},
			[]string{"no line was read"}},
		{"classify domain that no delivery is to", englishLocale, []string{"classify", "--domain", "docomo.ne.jpp", capturedLog},
			[]string{"mailtop: warning: none of the 209 delivery lines read is to docomo.ne.jpp, so nothing was printed: check the domain given to --domain"},
			nil},
		{"classify domain that no delivery is to, in Japanese", japaneseLocale, []string{"classify", "--domain", "docomo.ne.jpp", capturedLog},
			[]string{"mailtop: warning: 読んだ配送行 209 行に docomo.ne.jpp 宛てのものはなく、何も出力していません。"},
			nil},
		{"classify domain with deliveries", englishLocale, []string{"classify", "--domain", "softbank.ne.jp", capturedLog},
			nil,
			[]string{"warning"}},
		{"classify unrecognized lines", englishLocale, []string{"classify", damaged},
			[]string{"mailtop: warning: 2 of the 3 lines read could not be parsed, so any delivery in them is missing from the output.",
				`check that the log's lines look like "Dec  4 10:00:00 mx postfix/smtp[123]: ..."`},
			nil},
		{"classify unrecognized lines in Japanese", japaneseLocale, []string{"classify", damaged},
			[]string{"mailtop: warning: 読んだ 3 行のうち 2 行は解析できず、その中の配送は出力にありません。"},
			nil},
		{"classify one unrecognized line", englishLocale, []string{"classify", oneDamaged},
			[]string{"mailtop: warning: 1 of the 2 lines read could not be parsed, so any delivery in it is missing from the output."},
			nil},
		{"report empty file", englishLocale, []string{"report", "--log", empty},
			[]string{"mailtop: warning: no line was read from " + empty + ", because the input is empty: pass --log the file"},
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--config", noConfig}, tc.args...)
			_, stderr, status := runWithEnv(t, bin, tc.env, args...)
			if status != 0 {
				t.Errorf("exit status %d, want 0: a warning leaves it unchanged", status)
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			for _, unwanted := range tc.dontWant {
				if strings.Contains(stderr, unwanted) {
					t.Errorf("stderr has %q:\n%s", unwanted, stderr)
				}
			}
		})
	}
}
