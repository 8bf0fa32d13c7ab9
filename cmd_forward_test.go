package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/internal/smtptest"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// startSMTPSink starts sink on 127.0.0.1 and returns its URL for --via.
func startSMTPSink(t *testing.T, sink *smtptest.Relay) string {
	t.Helper()
	return "smtp://127.0.0.1:" + strconv.Itoa(smtptest.StartRelay(t, sink).Port)
}

// forwardSetup is a copy of the captured queue, an empty config file and
// an audit log path in a temporary directory.
type forwardSetup struct {
	opts     *options
	queueDir string
	audit    string
}

func newForwardSetup(t *testing.T) forwardSetup {
	t.Helper()
	dir := t.TempDir()
	configFile := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(configFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	audit := filepath.Join(dir, "audit.jsonl")
	return forwardSetup{
		// The config directory is empty, so that --then fails the same way
		// whether or not this machine runs a Postfix of its own, and never
		// acts on that one.
		opts:     &options{configDir: t.TempDir(), configFile: configFile, auditFile: audit, lang: "en"},
		queueDir: copyCapturedQueue(t),
		audit:    audit,
	}
}

func (s forwardSetup) run(t *testing.T, flags forwardFlags, args ...string) (string, error) {
	t.Helper()
	if flags.then == "" {
		flags.then = "keep"
	}
	flags.queueDir = s.queueDir
	flags.now = func() time.Time { return time.Date(2026, 12, 4, 21, 0, 0, 0, time.UTC) }
	var out bytes.Buffer
	err := runForward(context.Background(), s.opts, &flags, args, &out)
	return out.String(), err
}

func TestForwardQueuedResend(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)

	out, err := setup.run(t, forwardFlags{via: via}, "7E996BE094")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := sink.Received()
	if len(got) != 1 {
		t.Fatalf("sink received %d messages, want 1\n%s", len(got), out)
	}
	if got[0].From != "tester@mx.example.com" {
		t.Errorf("MAIL FROM = %q, want the original sender", got[0].From)
	}
	if strings.Join(got[0].To, ",") != "tempfail2@docomo.ne.jp" {
		t.Errorf("RCPT TO = %v, want only the pending recipient", got[0].To)
	}
	data := strings.ReplaceAll(string(got[0].Data), "\r\n", "\n")
	if !strings.HasPrefix(data, "Resent-From: tester@mx.example.com\nResent-To: tempfail2@docomo.ne.jp\nResent-Date: Fri, 04 Dec 2026 21:00:00 +0000\nResent-Message-ID: <") {
		t.Errorf("message does not start with the Resent- fields:\n%s", data)
	}
	if !strings.HasSuffix(data, "Subject: three fates................................\nMessage-Id: <20261204194653.7E996BE094@mx.example.com>\nDate: Fri,  4 Dec 2026 19:46:53 +0000 (UTC)\n\nSent by the mailtop e2e suite\n") {
		t.Errorf("original content changed:\n%s", data)
	}

	line, err := os.ReadFile(setup.audit)
	if err != nil {
		t.Fatal(err)
	}
	var entry map[string]any
	if err := json.Unmarshal(line, &entry); err != nil {
		t.Fatalf("audit line %q: %v", line, err)
	}
	if entry["action"] != "forward" {
		t.Errorf("audit action = %v, want forward", entry["action"])
	}
	if _, ok := entry["error"]; ok {
		t.Errorf("audit line has an error: %v", entry["error"])
	}
}

func TestForwardTemporaryFailureChangesNothing(t *testing.T) {
	sink := &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)

	out, err := setup.run(t, forwardFlags{via: via, then: "delete"}, "7E996BE094")
	if err == nil {
		t.Fatalf("forward succeeded after 451 at DATA\n%s", out)
	}
	if !strings.Contains(err.Error(), "451") || !strings.Contains(err.Error(), "original was not changed") {
		t.Errorf("error = %v, want the 451 reply and that the original was not changed", err)
	}
	if _, statErr := os.Stat(filepath.Join(setup.queueDir, "deferred/7/7E996BE094")); statErr != nil {
		t.Errorf("queue file after a failed forward: %v", statErr)
	}
	audit, _ := os.ReadFile(setup.audit)
	if !bytes.Contains(audit, []byte(`"error"`)) {
		t.Errorf("audit log %q does not record the failure", audit)
	}
}

func TestForwardDeleteNeedsEveryPendingRecipient(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)

	_, err := setup.run(t, forwardFlags{via: via, then: "delete", to: []string{"other@example.jp"}}, "7E996BE094")
	var exit forwardExitError
	if !errors.As(err, &exit) || exit.status != forwardExitNone {
		t.Fatalf("error = %#v, want exit status %d (none sent)", err, forwardExitNone)
	}
	if !strings.Contains(err.Error(), "tempfail2@docomo.ne.jp") {
		t.Errorf("error = %v, want it to name tempfail2@docomo.ne.jp", err)
	}
	if n := len(sink.Received()); n != 0 {
		t.Errorf("sink received %d messages, want 0", n)
	}
}

func TestForwardDryRun(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)

	out, err := setup.run(t, forwardFlags{via: via, dryRun: true, attach: true}, "7E996BE094")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Dry run") || !strings.Contains(out, "tempfail2@docomo.ne.jp") {
		t.Errorf("dry-run output:\n%s", out)
	}
	if n := len(sink.Received()); n != 0 {
		t.Errorf("sink received %d messages on a dry run, want 0", n)
	}
}

// A dry run for a queue ID that names no queued message prints the
// refusal alone, not an empty description of a message it could not read.
func TestForwardDryRunUnknownQueueID(t *testing.T) {
	setup := newForwardSetup(t)
	out, err := setup.run(t, forwardFlags{via: "smtp://127.0.0.1:1", dryRun: true}, "1A2B3C4D5E")
	if err == nil {
		t.Fatalf("dry run for an unknown queue ID succeeded:\n%s", out)
	}
	if !strings.Contains(out, "Would be refused: queue ID 1A2B3C4D5E") {
		t.Errorf("dry-run output lacks the refusal:\n%s", out)
	}
	for _, unwanted := range []string{"Message:", "From:", "0 bytes"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("dry-run output describes a message it could not read (%q):\n%s", unwanted, out)
		}
	}
}

// A forward of a queue ID that it could not read prints the failure
// alone, as the dry run does, in English and in Japanese, and still exits
// with the status that none or only some messages were sent. A message
// that was read is described as before.
func TestForwardUnreadQueueIDNoDescription(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	tests := []struct {
		name       string
		lang       string
		ids        []string
		want       string   // the failure line
		unwanted   []string // the labels of an empty description
		described  string   // the label of a description that must appear, "" for none
		wantStatus int
	}{
		{"unknown queue ID", l10n.English, []string{"1A2B3C4D5E"},
			"Not forwarded: queue ID 1A2B3C4D5E", []string{"Message:", "From:", "To:", "0 bytes"}, "", forwardExitNone},
		{"unparsable queue file", l10n.English, []string{"A1B2C3D4E5"},
			"Not forwarded: read queue file ", []string{"Message:", "From:", "To:", "0 bytes"}, "", forwardExitNone},
		{"unparsable queue file in Japanese", l10n.Japanese, []string{"A1B2C3D4E5"},
			"転送できませんでした: キューファイル ", []string{"メッセージ:", "差出人:", "宛先:", "0 バイト"}, "", forwardExitNone},
		{"one read and one not", l10n.English, []string{"7E996BE094", "A1B2C3D4E5"},
			"Not forwarded: read queue file ", []string{"A1B2C3D4E5, 0 bytes", "From:    -"}, "Message: 7E996BE094", forwardExitPartial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			setup.opts.lang = tt.lang
			corrupt := filepath.Join(setup.queueDir, "deferred", "A", "A1B2C3D4E5")
			if err := os.MkdirAll(filepath.Dir(corrupt), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(corrupt, []byte("not a queue file\n"), 0o700); err != nil {
				t.Fatal(err)
			}

			out, err := setup.run(t, forwardFlags{via: via}, tt.ids...)
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			for _, unwanted := range tt.unwanted {
				if strings.Contains(out, unwanted) {
					t.Errorf("output describes a message it could not read (%q):\n%s", unwanted, out)
				}
			}
			if tt.described != "" && !strings.Contains(out, tt.described) {
				t.Errorf("output lacks the description %q of the message it read:\n%s", tt.described, out)
			}
			var exit forwardExitError
			if !errors.As(err, &exit) || exit.status != tt.wantStatus {
				t.Errorf("error = %#v, want exit status %d", err, tt.wantStatus)
			}
		})
	}
}

func TestForwardBounce(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	report := "forward/testdata/bounce-docomo.eml"

	// A URL relay has no envelope_sender, so the original's Return-Path
	// is the envelope sender.
	out, err := setup.run(t, forwardFlags{via: via, bounce: report, to: []string{"user@docomo.ne.jp"}})
	if err != nil {
		t.Fatalf("forward of a bounce through a URL relay: %v\n%s", err, out)
	}
	got := sink.Received()
	if len(got) != 1 || got[0].From != "shop@example.jp" {
		t.Fatalf("sink received %+v, want one message from shop@example.jp, the original's Return-Path", got)
	}

	// The relay's envelope_sender wins over the original's sender.
	if err := os.WriteFile(setup.opts.configFile, []byte("[[relay]]\nname = \"sink\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nport = "+strings.TrimPrefix(via, "smtp://127.0.0.1:")+"\nenvelope_sender = \"relay@example.jp\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = setup.run(t, forwardFlags{via: "sink", bounce: report, to: []string{"user@docomo.ne.jp"}})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got = sink.Received()
	if len(got) != 2 || got[1].From != "relay@example.jp" {
		t.Fatalf("sink received %+v, want a second message from relay@example.jp", got)
	}

	// --from wins over both.
	out, err = setup.run(t, forwardFlags{via: "sink", from: "ops@example.jp", bounce: report, to: []string{"user@docomo.ne.jp"}})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got = sink.Received()
	if len(got) != 3 || got[2].From != "ops@example.jp" {
		t.Fatalf("sink received %+v, want a third message from ops@example.jp", got)
	}
	if data := strings.ReplaceAll(string(got[2].Data), "\r\n", "\n"); !strings.HasPrefix(data, "Resent-From: ops@example.jp\n") {
		t.Errorf("message sent with --from does not start with its Resent-From:\n%s", data)
	}
	original, err := os.ReadFile("forward/testdata/iso2022jp.eml")
	if err != nil {
		t.Fatal(err)
	}
	// Byte for byte apart from the Resent fields and the removed
	// Return-Path, which RFC 5321 section 4.4 keeps out of a message
	// being sent.
	data := strings.ReplaceAll(string(got[0].Data), "\r\n", "\n")
	sent, found := strings.CutPrefix(string(original), "Return-Path: <shop@example.jp>\n")
	if !found {
		t.Fatal("iso2022jp.eml does not start with its Return-Path")
	}
	if !strings.HasPrefix(data, "Resent-From: shop@example.jp\n") || !strings.HasSuffix(data, sent) {
		t.Errorf("forwarded bounce original:\n%s", data)
	}
	if strings.Contains(data, "Return-Path:") {
		t.Errorf("forwarded bounce original keeps its Return-Path:\n%s", data)
	}

	// A bounce has no queued original for --then to act on.
	if !strings.Contains(out, "resend (no queued original)") || strings.Contains(out, "then keep") {
		t.Errorf("the summary of a bounce forward speaks of --then:\n%s", out)
	}
}

func TestForwardBounceAttachNoteFrom(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	// The original's Return-Path is a bounce-handling address, as mass
	// mailers set it, which the recipient of the note does not know.
	content, err := os.ReadFile("forward/testdata/bounce-docomo.eml")
	if err != nil {
		t.Fatal(err)
	}
	content = bytes.Replace(content, []byte("Return-Path: <shop@example.jp>"), []byte("Return-Path: <bounces+77@mailer.example.jp>"), 1)
	report := filepath.Join(t.TempDir(), "bounce.eml")
	if err := os.WriteFile(report, content, 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := setup.run(t, forwardFlags{via: via, bounce: report, to: []string{"user@docomo.ne.jp"}, attach: true})
	if err != nil {
		t.Fatalf("forward of a bounce with --attach: %v\n%s", err, out)
	}
	got := sink.Received()
	if len(got) != 1 {
		t.Fatalf("sink received %d messages, want 1", len(got))
	}
	if got[0].From != "bounces+77@mailer.example.jp" {
		t.Errorf("envelope sender = %q, want the original's Return-Path", got[0].From)
	}
	data := strings.ReplaceAll(string(got[0].Data), "\r\n", "\n")
	if !strings.HasPrefix(data, "From: shop@example.jp\n") {
		t.Errorf("the note's From is not the original's From:\n%s", data[:min(len(data), 200)])
	}
	if strings.Contains(data, "Return-Path:") {
		t.Errorf("the attached original keeps its Return-Path:\n%s", data)
	}
}

// writeNullSenderBounce writes a copy of the docomo bounce whose original
// has Return-Path <>, as a bounce of a notification has, and returns its
// path.
func writeNullSenderBounce(t *testing.T) string {
	t.Helper()
	report, err := os.ReadFile("forward/testdata/bounce-docomo.eml")
	if err != nil {
		t.Fatal(err)
	}
	report = bytes.Replace(report, []byte("Return-Path: <shop@example.jp>"), []byte("Return-Path: <>"), 1)
	path := filepath.Join(t.TempDir(), "null-sender.eml")
	if err := os.WriteFile(path, report, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestForwardBounceNullSender(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	report := writeNullSenderBounce(t)

	out, err := setup.run(t, forwardFlags{via: via, bounce: report, to: []string{"user@docomo.ne.jp"}})
	if err == nil {
		t.Fatalf("forward of an original with the null sender succeeded\n%s", out)
	}
	if !errors.Is(err, forward.ErrNoSender) {
		t.Errorf("error = %v, want forward.ErrNoSender", err)
	}
	if !strings.Contains(err.Error(), "--from ADDRESS") {
		t.Errorf("error = %v, want the --from fix, which works for a URL relay", err)
	}
	if n := len(sink.Received()); n != 0 {
		t.Errorf("sink received %d messages, want 0", n)
	}

	out, err = setup.run(t, forwardFlags{via: via, from: "ops@example.jp", bounce: report, to: []string{"user@docomo.ne.jp"}})
	if err != nil {
		t.Fatalf("forward with --from: %v\n%s", err, out)
	}
	if got := sink.Received(); len(got) != 1 || got[0].From != "ops@example.jp" {
		t.Errorf("sink received %+v, want one message from ops@example.jp", got)
	}
}

func TestForwardBounceHeadersOnly(t *testing.T) {
	setup := newForwardSetup(t)
	_, err := setup.run(t, forwardFlags{via: "smtp://127.0.0.1:1", bounce: "forward/testdata/bounce-docomo-headers-only.eml", to: []string{"user@docomo.ne.jp"}})
	if err == nil || !strings.Contains(err.Error(), "text/rfc822-headers") {
		t.Fatalf("error = %v, want one naming text/rfc822-headers", err)
	}
	var stderr bytes.Buffer
	if status := printError(&stderr, newForwardCommand(&options{}), err); status != 2 {
		t.Errorf("exit status = %d, want 2 for a --bounce file without the original", status)
	}
}

func TestForwardBounceNotMessage(t *testing.T) {
	dir := t.TempDir()
	program := filepath.Join(dir, "program")
	if err := os.WriteFile(program, append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 8192)...), 0o600); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.eml")
	if err := os.WriteFile(plain, []byte("From: shop@example.jp\nSubject: hello\n\nhello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"program", program, "bounce file " + program + ` is not a mail message (RFC 5322): it does not start with header fields such as "From: ..." (its first bytes are "\x7fELF\x02`},
		{"message that is not a bounce", plain, "bounce file " + plain + " is not a bounce with the original message in it: it has no Content-Type field"},
	}
	for _, tt := range tests {
		for _, dryRun := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/dry run %v", tt.name, dryRun), func(t *testing.T) {
				setup := newForwardSetup(t)
				out, err := setup.run(t, forwardFlags{via: "smtp://127.0.0.1:1", bounce: tt.path, to: []string{"user@docomo.ne.jp"}, dryRun: dryRun})
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error = %v, want one containing %q", err, tt.want)
				}
				if !strings.Contains(err.Error(), "give the non-delivery report as it arrived, saved with its header") {
					t.Errorf("error = %v, want one that says what to give", err)
				}
				if len(err.Error()) > 400 {
					t.Errorf("error is %d bytes long, want a short one: %v", len(err.Error()), err)
				}
				var stderr bytes.Buffer
				if status := printError(&stderr, newForwardCommand(&options{}), err); status != 2 {
					t.Errorf("exit status = %d, want 2", status)
				}
				if out != "" {
					t.Errorf("printed a plan for a file that is not a bounce:\n%s", out)
				}
			})
		}
	}
}

func TestForwardToAddresses(t *testing.T) {
	flags := forwardFlags{via: "x", to: []string{`"john.doe"@example.jp, a@example.jp`, "b@example.jp"}}
	plan, err := flags.check([]string{"7E996BE094"})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	want := []string{`"john.doe"@example.jp`, "a@example.jp", "b@example.jp"}
	if !slices.Equal(plan.to, want) {
		t.Errorf("plan.to = %q, want %q", plan.to, want)
	}
}

// TestForwardToFlagParsing runs command lines that stop while the flags
// are checked, so the error shows how --to was taken.
func TestForwardToFlagParsing(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		// Without --via, the check after --to fails.
		{"quoted local part", []string{"--to", `"john.doe"@example.jp,a@example.jp`}, "--via is required"},
		{"empty", []string{"--via", "x", "--to", ""}, `invalid --to address ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runMailtop(t, context.Background(), append([]string{"forward", "7E996BE094"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q\n%s", err, tt.want, out)
			}
		})
	}
}

func TestForwardUsageErrors(t *testing.T) {
	setup := newForwardSetup(t)
	tests := []struct {
		name  string
		flags forwardFlags
		args  []string
		want  string
	}{
		{"nothing given", forwardFlags{}, nil, "give queue IDs (or --bounce FILE --to ADDRESS) and --via RELAY, such as: mailtop forward 7E996BE094 --via "},
		{"no via", forwardFlags{}, []string{"7E996BE094"}, "--via is required"},
		{"bounce without via", forwardFlags{bounce: "f", to: []string{"a@b.jp"}}, nil, "--via is required"},
		{"bad mode", forwardFlags{via: "x", mode: "copy"}, []string{"7E996BE094"}, `invalid --mode "copy"`},
		{"bad then", forwardFlags{via: "x", then: "drop"}, []string{"7E996BE094"}, `invalid --then "drop"`},
		{"bad after", forwardFlags{via: "x", after: "drop"}, []string{"7E996BE094"}, `invalid --then "drop"`},
		{"attach and mode resend", forwardFlags{via: "x", attach: true, mode: "resend"}, []string{"7E996BE094"}, "--attach contradicts"},
		{"same ID twice", forwardFlags{via: "x"}, []string{"7E996BE094", "7E996BE094"}, "given twice"},
		{"bounce and then", forwardFlags{via: "x", bounce: "f", to: []string{"a@b.jp"}, then: "hold"}, nil, "--then hold applies to a queued message"},
		{"bad queue ID", forwardFlags{via: "x"}, []string{"../etc"}, "invalid queue ID"},
		{"no ID", forwardFlags{via: "x"}, nil, "give the queue ID"},
		{"bounce without to", forwardFlags{via: "x", bounce: "f"}, nil, "--bounce needs --to"},
		{"bad to", forwardFlags{via: "x", to: []string{"nobody"}}, []string{"7E996BE094"}, `invalid --to address "nobody"`},
		{"empty to", forwardFlags{via: "x", to: []string{""}}, []string{"7E996BE094"}, `invalid --to address ""`},
		{"quoted to with a space", forwardFlags{via: "x", to: []string{`"john doe"@example.jp`}}, []string{"7E996BE094"}, `invalid --to address "\"john doe\"@example.jp"`},
		{"to of several words", forwardFlags{via: "x", to: []string{"not an address"}}, []string{"7E996BE094"}, `invalid --to address "not an address"`},
		{"one bad address of two", forwardFlags{via: "x", to: []string{"a@example.jp bad"}}, []string{"7E996BE094"}, `invalid --to address "bad"`},
		{"bad from", forwardFlags{via: "x", from: "<shop@example.jp>"}, []string{"7E996BE094"}, `invalid --from address "<shop@example.jp>"`},
		{"missing bounce file", forwardFlags{via: "smtp://127.0.0.1:1", bounce: "testdata/no-such.eml", to: []string{"a@b.jp"}}, nil, "bounce file testdata/no-such.eml not found"},
		{"bounce file is a directory", forwardFlags{via: "smtp://127.0.0.1:1", bounce: "testdata", to: []string{"a@b.jp"}}, nil, "bounce file testdata is a directory"},
		{"unknown relay", forwardFlags{via: "provider"}, []string{"7E996BE094"}, `relay "provider" not found`},
		{"bad URL", forwardFlags{via: "smtp://host"}, []string{"7E996BE094"}, "invalid relay URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := setup.run(t, tt.flags, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			var stderr bytes.Buffer
			if status := printError(&stderr, newForwardCommand(&options{}), err); status != 2 {
				t.Errorf("exit status = %d, want 2 for a command-line error", status)
			}
		})
	}
}

func TestForwardDryRunExitStatus(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	tests := []struct {
		name      string
		flags     forwardFlags
		ids       []string
		want      int
		wantError string
	}{
		{"nothing refused", forwardFlags{}, []string{"7E996BE094"}, 0, ""},
		{"some refused", forwardFlags{}, []string{"7E996BE094", "ABCDEF1234"}, forwardExitPartial, "1 of 2 messages would be refused"},
		{"all refused", forwardFlags{}, []string{"ABCDEF1234"}, forwardExitNone, "ABCDEF1234 would be refused"},
		{"bounce with the null sender", forwardFlags{bounce: "null", to: []string{"user@docomo.ne.jp"}}, nil, forwardExitNone, "the original would be refused: no envelope sender"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			flags := tt.flags
			flags.via = via
			flags.dryRun = true
			if flags.bounce == "null" {
				flags.bounce = writeNullSenderBounce(t)
			}
			out, err := setup.run(t, flags, tt.ids...)
			status := 0
			if err != nil {
				var stderr bytes.Buffer
				status = printError(&stderr, newForwardCommand(&options{}), err)
			}
			if status != tt.want {
				t.Errorf("exit status = %d, want %d; error %v\n%s", status, tt.want, err, out)
			}
			if tt.wantError != "" && (err == nil || !strings.Contains(err.Error(), tt.wantError)) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantError)
			}
			if !strings.Contains(out, "Dry run") {
				t.Errorf("dry-run output lacks the dry-run line:\n%s", out)
			}
			if n := len(sink.Received()); n != 0 {
				t.Errorf("sink received %d messages on a dry run, want 0", n)
			}
		})
	}
}

func TestForwardResendLongLineRefused(t *testing.T) {
	setup := newForwardSetup(t)
	dir := t.TempDir()
	body := "Subject: x\n\n" + strings.Repeat("<td>", 300) + "\n"
	report := "From: MAILER-DAEMON@example.jp\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n" + body + "--b--\n"
	path := filepath.Join(dir, "bounce.eml")
	if err := os.WriteFile(path, []byte(report), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := setup.run(t, forwardFlags{via: "smtp://127.0.0.1:1", bounce: path, to: []string{"user@docomo.ne.jp"}})
	if err == nil || !strings.Contains(err.Error(), "--attach") {
		t.Fatalf("error = %v, want a refusal that suggests --attach", err)
	}
}

func TestForwardCommandHelp(t *testing.T) {
	cmd := newForwardCommand(&options{})
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--via", "--to", "--attach", "--then", "--bounce", "--dry-run", "--audit-log", "Exit status"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("help lacks %s", flag)
		}
	}
}

func TestForwardSetupFailureExitsNone(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name string
		args []string
		want string // in standard error
	}{
		{"debug log not writable", []string{"--config", noConfig, "--debug", filepath.Join(missing, "debug.log")}, "open --debug file"},
		{"debug log directory missing", []string{"--config", noConfig, "--debug", filepath.Join(missing, "debug.log")}, "create the directory " + missing + " first"},
		{"invalid config file", []string{"--config", writeConfig(t, "bogus = 1\n")}, "unknown key bogus"},
		{"no Postfix instance", []string{"--config", noConfig, "-c", missing}, "no Postfix instance found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1"}, tt.args...)
			_, stderr, status := runOutputs(t, englishCommand(bin, args...))
			if status != forwardExitNone {
				t.Errorf("exit status %d, want %d (none forwarded)", status, forwardExitNone)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
		})
	}
}

func TestForwardExitStatus(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	tests := []struct {
		name string
		ids  []string
		want int
	}{
		{"all sent", []string{"7E996BE094"}, 0},
		{"some sent", []string{"7E996BE094", "ABCDEF1234"}, forwardExitPartial},
		{"none sent", []string{"ABCDEF1234"}, forwardExitNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			out, err := setup.run(t, forwardFlags{via: via}, tt.ids...)
			status := 0
			if err != nil {
				var stderr bytes.Buffer
				status = printError(&stderr, newForwardCommand(&options{}), err)
			}
			if status != tt.want {
				t.Errorf("exit status = %d, want %d; error %v\n%s", status, tt.want, err, out)
			}
			if len(tt.ids) > 1 && !strings.Contains(out, "1 of 2 messages forwarded.") {
				t.Errorf("output lacks the count:\n%s", out)
			}
			// The count is for several messages, so "1 of 1 messages"
			// never appears.
			if len(tt.ids) == 1 && strings.Contains(out, " of 1 ") {
				t.Errorf("output has a count for one message:\n%s", out)
			}
		})
	}

	setup := newForwardSetup(t)
	_, err := setup.run(t, forwardFlags{}, "7E996BE094")
	var stderr bytes.Buffer
	if status := printError(&stderr, newForwardCommand(&options{}), err); status != 2 {
		t.Errorf("exit status without --via = %d, want 2", status)
	}
}

func TestForwardAuditWriteFailureWarns(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full to make the audit write fail: %v", err)
	}
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	setup.opts.auditFile = "/dev/full"
	var stderr bytes.Buffer

	out, err := setup.run(t, forwardFlags{via: via, stderr: &stderr}, "7E996BE094")
	if err != nil {
		t.Errorf("error = %v, want exit status 0: the relay accepted the message", err)
	}
	if n := len(sink.Received()); n != 1 {
		t.Errorf("sink received %d messages, want 1", n)
	}
	if strings.Contains(out, "warning") || strings.Contains(out, "audit") {
		t.Errorf("standard output has the audit warning:\n%s", out)
	}
	warning := stderr.String()
	if !strings.HasPrefix(warning, "mailtop: warning: write audit log /dev/full: ") {
		t.Errorf("stderr = %q, want a mailtop: warning: line naming /dev/full", warning)
	}
	if !strings.Contains(warning, "--audit-log FILE") || !strings.Contains(warning, "permissions") {
		t.Errorf("stderr = %q, want the fix: permissions or --audit-log FILE", warning)
	}
	if strings.Count(warning, "\n") != 1 {
		t.Errorf("stderr = %q, want one line", warning)
	}
}

// auditEnvelopeSender returns the envelope_sender member of the only line
// in the audit log at path, and whether the line has that member.
func auditEnvelopeSender(t *testing.T, path string) (string, bool) {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(content), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("audit log has %d lines, want 1:\n%s", len(lines), content)
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
		t.Fatalf("audit line %q: %v", lines[0], err)
	}
	value, ok := entry["envelope_sender"]
	if !ok {
		return "", false
	}
	sender, isString := value.(string)
	if !isString {
		t.Fatalf("audit envelope_sender = %#v, want a string", value)
	}
	return sender, true
}

func TestForwardAuditEnvelopeSender(t *testing.T) {
	tests := []struct {
		name   string
		flags  forwardFlags
		relay  bool // name a [[relay]] with envelope_sender relay@example.jp
		bounce bool // forward a bounce whose original has the null sender
		want   string
		failed bool
	}{
		{name: "original sender", want: "tester@mx.example.com"},
		{name: "from flag", flags: forwardFlags{from: "ops@example.jp"}, want: "ops@example.jp"},
		{name: "relay envelope_sender", relay: true, want: "relay@example.jp"},
		{name: "from over relay", flags: forwardFlags{from: "ops@example.jp"}, relay: true, want: "ops@example.jp"},
		{name: "null sender", bounce: true, want: "", failed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &smtptest.Relay{}
			via := startSMTPSink(t, sink)
			setup := newForwardSetup(t)
			flags := tt.flags
			flags.via = via
			if tt.relay {
				port := strings.TrimPrefix(via, "smtp://127.0.0.1:")
				relay := "[[relay]]\nname = \"sink\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nport = " + port + "\nenvelope_sender = \"relay@example.jp\"\n"
				if err := os.WriteFile(setup.opts.configFile, []byte(relay), 0o600); err != nil {
					t.Fatal(err)
				}
				flags.via = "sink"
			}
			var args []string
			if tt.bounce {
				flags.bounce = writeNullSenderBounce(t)
				flags.to = []string{"user@docomo.ne.jp"}
			} else {
				args = []string{"7E996BE094"}
			}

			out, err := setup.run(t, flags, args...)
			if (err != nil) != tt.failed {
				t.Fatalf("error = %v, want failure %v\n%s", err, tt.failed, out)
			}
			got, ok := auditEnvelopeSender(t, setup.audit)
			if !ok {
				t.Fatalf("audit line has no envelope_sender")
			}
			if got != tt.want {
				t.Errorf("audit envelope_sender = %q, want %q", got, tt.want)
			}
			if received := sink.Received(); !tt.failed && (len(received) != 1 || received[0].From != tt.want) {
				t.Errorf("sink received %+v, want one message with MAIL FROM %s", received, tt.want)
			}
		})
	}
}

func TestForwardRelayRefusalJapanese(t *testing.T) {
	sink := &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "refused by policy"}}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)
	setup.opts.lang = "ja"

	out, err := setup.run(t, forwardFlags{via: via}, "7E996BE094")
	if err == nil {
		t.Fatalf("forward succeeded after 554 at DATA\n%s", out)
	}
	if !strings.Contains(out, "はメッセージを受け付けませんでした: 554 5.7.1 refused by policy") {
		t.Errorf("output does not give the reason in Japanese with the relay's reply unchanged:\n%s", out)
	}
	if strings.Contains(out, "did not accept") {
		t.Errorf("output gives the reason in English:\n%s", out)
	}
	if !strings.Contains(err.Error(), "did not accept the message: 554 5.7.1 refused by policy") {
		t.Errorf("error = %v, want the English reason on the mailtop: line", err)
	}
	if n := strings.Count(err.Error(), "127.0.0.1:"); n != 1 {
		t.Errorf("error = %v names the relay %d times, want once", err, n)
	}
}

func TestForwardFailureHint(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	ja := l10n.New(l10n.Japanese)
	tests := []struct {
		name   string
		ids    []string
		then   string
		dryRun bool
		wantID string
		wantJa string
	}{
		{"dry run refusal", []string{"7E996BE094", "ABCDEF1234"}, "keep", true, "cli.error.forwardDryRun", "何も送っていません"},
		{"some sent", []string{"7E996BE094", "ABCDEF1234"}, "keep", false, "cli.error.forwardPartial", "2 件のうち 1 件を転送し、1 件は転送できませんでした"},
		{"none queued", []string{"ABCDEF1234"}, "keep", false, "cli.error.forwardNotQueued", "mailtop queue --recipient ADDRESS"},
		{"then failed", []string{"7E996BE094"}, "hold", false, "cli.error.forwardThen", "mailtop queue hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setup := newForwardSetup(t)
			out, err := setup.run(t, forwardFlags{via: via, then: tt.then, dryRun: tt.dryRun}, tt.ids...)
			if err == nil {
				t.Fatalf("forward succeeded\n%s", out)
			}
			var coded interface{ ExitStatus() int }
			if !errors.As(err, &coded) {
				t.Fatalf("error %v has no exit status", err)
			}
			id, data := errorHint(err, coded.ExitStatus())
			if id != tt.wantID {
				t.Errorf("hint = %s, want %s; error %v", id, tt.wantID, err)
			}
			if hint := ja.T(id, data); !strings.Contains(hint, tt.wantJa) {
				t.Errorf("Japanese hint = %q, want it to contain %q", hint, tt.wantJa)
			}
		})
	}
}

func TestForwardNoneSentHint(t *testing.T) {
	notQueued := fmt.Errorf("ABCDEF1234: %w", forward.ErrNotQueued)
	reused := fmt.Errorf("7E996BE094: %w", sources.ErrQueueIDReused)
	refused := errors.New("7E996BE094: the relay did not accept the message: 554 5.7.1 refused by policy")
	tests := []struct {
		name     string
		failures []error
		wantID   string
	}{
		{"not queued", []error{notQueued}, "cli.error.forwardNotQueued"},
		{"not queued or reused", []error{notQueued, reused}, "cli.error.forwardNotQueued"},
		{"relay refused", []error{refused}, "cli.error.forwardNone"},
		{"not queued and refused", []error{notQueued, refused}, "cli.error.forwardNone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := forwardOutcome(&queueWriter{w: io.Discard}, l10n.New(l10n.Japanese), len(tt.failures), 0, tt.failures)
			if id, _ := errorHint(err, forwardExitNone); id != tt.wantID {
				t.Errorf("hint = %s, want %s", id, tt.wantID)
			}
		})
	}

	// The hint for IDs not in the queue does not suggest a retry.
	hint := l10n.New(l10n.Japanese).T("cli.error.forwardNotQueued", nil)
	if strings.Contains(hint, "もう一度実行してください") {
		t.Errorf("Japanese hint = %q asks to run the command again", hint)
	}
}

func TestForwardThenNotRunningHint(t *testing.T) {
	notRunning := &actions.NotRunningError{ConfigDir: "/etc/postfix-out", QueueIDs: []string{"7E996BE094"}}
	failure := fmt.Errorf("the relay accepted 7E996BE094, but --then hold failed: %w", notRunning)
	err := forwardOutcome(&queueWriter{w: io.Discard}, l10n.New(l10n.Japanese), 1, 1, []error{failure})

	id, data := errorHint(err, forwardExitPartial)
	if id != "cli.error.forwardThenNotRunning" {
		t.Fatalf("hint = %s, want cli.error.forwardThenNotRunning", id)
	}
	hint := l10n.New(l10n.Japanese).T(id, data)
	for _, want := range []string{"Postfix が起動していないため", "postfix -c /etc/postfix-out start", "mailtop queue hold"} {
		if !strings.Contains(hint, want) {
			t.Errorf("Japanese hint = %q, want it to contain %q", hint, want)
		}
	}
}

// The plan names both sizes of a queued message, so that an operator sees
// why mailtop queue lists another size than the one forward sends.
func TestForwardPlanNamesBothSizes(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	tests := []struct {
		lang    string
		pattern string
	}{
		{"en", `message of (\d+) bytes \((\d+) bytes in the queue file, as mailtop queue lists it\)`},
		{"ja", `メッセージ (\d+) バイト（mailtop queue が示すキューファイル上のサイズは (\d+) バイト）`},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			setup := newForwardSetup(t)
			setup.opts.lang = tt.lang
			out, err := setup.run(t, forwardFlags{via: via, dryRun: true}, "7E996BE094")
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			match := regexp.MustCompile(tt.pattern).FindStringSubmatch(out)
			if match == nil {
				t.Fatalf("plan lacks %q:\n%s", tt.pattern, out)
			}
			message, _ := strconv.Atoi(match[1])
			queueFile, _ := strconv.Atoi(match[2])
			if queueFile <= message {
				t.Errorf("queue file size %d, want it larger than the message's %d", queueFile, message)
			}
		})
	}
}
