package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
)

// The skip lines of a queue action give the reason in the output's
// language, and in English for English output, and name the queue ID once.
func TestQueueActionSkippedReasonLanguages(t *testing.T) {
	// postqueue -j lists nothing, so the listed message left the queue.
	runner := actions.NewFakeRunner(actions.FakeReply{})
	res, _ := (&actions.Postfix{Runner: runner}).HoldMany(context.Background(),
		[]actions.Target{{ID: "7E996BE094", Queue: actions.QueueDeferred, Sender: "shop@example.jp"}})
	if len(res.Skipped) != 1 {
		t.Fatalf("skipped %+v, want the one target", res.Skipped)
	}

	cases := []struct {
		lang    string
		want    string
		english bool
	}{
		{l10n.English, "skipped: queue ID 7E996BE094 changed since it was listed: the message is not in the queue any more", true},
		{l10n.Japanese, "スキップ: queue ID 7E996BE094 のメッセージは、一覧を読んだあとでキューからなくなりました", false},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			var out bytes.Buffer
			writeSkipped(&queueWriter{w: &out}, l10n.New(tc.lang), res.Skipped)
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("skip line lacks %q:\n%s", tc.want, out.String())
			}
			if n := strings.Count(out.String(), "7E996BE094"); n != 1 {
				t.Errorf("skip line names the queue ID %d times, want once:\n%s", n, out.String())
			}
			if hasEnglish := strings.Contains(out.String(), "changed since it was listed"); hasEnglish != tc.english {
				t.Errorf("skip line has the English reason: %v, want %v:\n%s", hasEnglish, tc.english, out.String())
			}
		})
	}
}

// writeLongLineBounce writes a bounce whose original has a line of 1,200
// bytes, which resend cannot send, and returns its path.
func writeLongLineBounce(t *testing.T) string {
	t.Helper()
	body := "Subject: x\n\n" + strings.Repeat("<td>", 300) + "\n"
	report := "From: MAILER-DAEMON@example.jp\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n" + body + "--b--\n"
	path := filepath.Join(t.TempDir(), "bounce.eml")
	if err := os.WriteFile(path, []byte(report), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// With --lang ja, mailtop forward --dry-run gives in Japanese the reason
// that it would reject a message for, after the Japanese prefix.
func TestForwardDryRunReasonsInJapanese(t *testing.T) {
	to := []string{"user@docomo.ne.jp"}
	cases := []struct {
		name    string
		flags   forwardFlags
		ids     []string
		want    string
		english string // the English reason, which must not appear
		// corrupt is a path under the deferred queue where the case
		// writes a file that is not a queue file, "" for none.
		corrupt string
	}{
		{"not queued", forwardFlags{}, []string{"ABCDEF1234"},
			"送れば拒否されます: queue ID ABCDEF1234 のメッセージは", "not in the queue", ""},
		{"unreadable queue file", forwardFlags{}, []string{"A1B2C3D4E5"},
			"送れば拒否されます: キューファイル", "read queue file", "A/A1B2C3D4E5"},
		{"delete loses a recipient", forwardFlags{then: "delete", to: []string{"other@example.jp"}}, []string{"7E996BE094"},
			"送れば拒否されます: 削除すると、転送しない宛先 tempfail2@docomo.ne.jp へのメールが失われます", "would lose mail", ""},
		{"null sender", forwardFlags{bounce: "null", to: to}, nil,
			"送れば拒否されます: エンベロープの差出人がありません。バウンスの中の元のメッセージの Return-Path が <> か", "no envelope sender", ""},
		{"long line", forwardFlags{bounce: "long", to: to}, nil,
			"送れば拒否されます: メッセージに 998 バイトを超える行があり（1 行、最長 1200 バイト）", "longer than 998 bytes", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			setup.opts.lang = l10n.Japanese
			if tc.corrupt != "" {
				path := filepath.Join(setup.queueDir, "deferred", tc.corrupt)
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte("not a queue file\n"), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			flags := tc.flags
			flags.via = "smtp://127.0.0.1:1" // a dry run connects to nothing
			flags.dryRun = true
			switch flags.bounce {
			case "null":
				flags.bounce = writeNullSenderBounce(t)
			case "long":
				flags.bounce = writeLongLineBounce(t)
			}

			out, _ := setup.run(t, flags, tc.ids...)
			if !strings.Contains(out, tc.want) {
				t.Errorf("dry-run output lacks %q:\n%s", tc.want, out)
			}
			if strings.Contains(out, tc.english) {
				t.Errorf("dry-run output has the English reason %q:\n%s", tc.english, out)
			}
		})
	}
}

// With --lang ja, mailtop forward words a queue directory that it cannot
// walk in Japanese, in the dry run and in the real run, after the
// Japanese prefix of each.
func TestForwardQueueDirErrorInJapanese(t *testing.T) {
	cases := []struct {
		name   string
		dryRun bool
		prefix string
	}{
		{"dry run", true, "送れば拒否されます: "},
		{"real run", false, "転送できませんでした: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			setup.opts.lang = l10n.Japanese
			// A regular file in place of the queue directory, so that
			// walking the deferred queue fails with "not a directory".
			setup.queueDir = filepath.Join(t.TempDir(), "spool")
			if err := os.WriteFile(setup.queueDir, nil, 0o600); err != nil {
				t.Fatal(err)
			}

			out, err := setup.run(t, forwardFlags{via: "smtp://127.0.0.1:1", dryRun: tc.dryRun}, "7E996BE094")
			if err == nil {
				t.Fatalf("forward from a queue directory that is a file succeeded:\n%s", out)
			}
			want := tc.prefix + "deferred キューを読み取れませんでした（lstat " + filepath.Join(setup.queueDir, "deferred") + ": not a directory）"
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
			if strings.Contains(out, "read the deferred queue") {
				t.Errorf("output has the English reason:\n%s", out)
			}
			// The error line that printError writes stays in English.
			if want := "read the deferred queue: lstat "; !strings.Contains(err.Error(), want) {
				t.Errorf("error = %v, want the English text %q", err, want)
			}
		})
	}
}

// README.ja.md lists each reason class with the label that the screens
// and mailtop queue show in Japanese, as in `suspended`（配送見合わせ）.
func TestReadmeJapaneseClassLabels(t *testing.T) {
	readme, err := os.ReadFile("README.ja.md")
	if err != nil {
		t.Fatal(err)
	}
	ja := l10n.New(l10n.Japanese)
	for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
		want := "- `" + class.String() + "`（" + ja.T("class."+class.String()) + "）"
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.ja.md lacks %q", want)
		}
	}
}
