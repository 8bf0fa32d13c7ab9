package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const capturedLog = "testdata/postfix-3.7-maillog.txt"

// classifyKeys are the keys of every classify output line, sorted.
var classifyKeys = []string{"basis", "carrier", "class", "collateral", "domain", "dsn", "phase", "queue_id", "recipient", "status", "suspended"}

// runClassifyBinary runs the built binary with args and stdin, and returns
// its standard output, its standard error and its exit code.
func runClassifyBinary(t *testing.T, bin string, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("run %s: %v", bin, err)
	}
	if strings.Contains(stderr.String(), `unknown command "classify"`) {
		t.Fatal("mailtop has no classify subcommand: add root.AddCommand(newClassifyCommand(opts)) in newRootCommand")
	}
	return stdout.String(), stderr.String(), code
}

// decodeRecords decodes classify output, checking that each line is one
// JSON object with exactly classifyKeys.
func decodeRecords(t *testing.T, out string) []classifyRecord {
	t.Helper()
	var records []classifyRecord
	sc := bufio.NewScanner(strings.NewReader(out))
	for n := 1; sc.Scan(); n++ {
		var fields map[string]any
		if err := json.Unmarshal(sc.Bytes(), &fields); err != nil {
			t.Fatalf("output line %d is not a JSON object: %v\n%s", n, err, sc.Text())
		}
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, classifyKeys) {
			t.Fatalf("output line %d has keys %v, want %v", n, keys, classifyKeys)
		}
		var rec classifyRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("output line %d: %v", n, err)
		}
		records = append(records, rec)
	}
	return records
}

func findRecord(records []classifyRecord, queueID, recipient string) (classifyRecord, bool) {
	for _, r := range records {
		if r.QueueID == queueID && r.Recipient == recipient {
			return r, true
		}
	}
	return classifyRecord{}, false
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClassifyCommand(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	if out, err := exec.Command(bin, "classify", "--config", noConfig, "-").CombinedOutput(); err != nil {
		t.Fatalf("mailtop classify on empty input: %v\n%s\nIs root.AddCommand(newClassifyCommand(opts)) in newRootCommand?", err, out)
	}
	base := []string{"classify", "--config", noConfig, "--year", "2026", "--tz", "UTC"}

	t.Run("captured log", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, append(base, capturedLog)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		if len(records) != 209 {
			t.Errorf("%d records, want 209 (one per to=<...> line)", len(records))
		}
		cases := []struct {
			queueID, recipient string
			want               classifyRecord
		}{
			{"7E996BE094", "reject2@docomo.ne.jp", classifyRecord{Status: "bounced", DSN: "5.1.1", Phase: "rcpt", Carrier: "docomo", Class: "user_unknown", Basis: "text"}},
			{"7E996BE094", "tempfail2@docomo.ne.jp", classifyRecord{Status: "deferred", DSN: "4.2.0", Phase: "rcpt", Carrier: "docomo", Class: "greylisted", Basis: "text"}},
			{"B3590BE0C2", "datafail@docomo.ne.jp", classifyRecord{Status: "bounced", DSN: "5.7.1", Phase: "end_of_data", Carrier: "docomo", Class: "spam_content", Basis: "text"}},
			{"8C3A3BE098", "tester@mx.example.com", classifyRecord{Status: "deferred", DSN: "4.3.0", Class: "local_config", Basis: "text"}},
			{"A63F3BE0B2", "x@error.example.org", classifyRecord{Status: "bounced", DSN: "5.1.2", Class: "dns", Basis: "code"}},
			{"9EFA9BE09F", "x@refused.example.org", classifyRecord{Status: "deferred", DSN: "4.4.1", Phase: "connect", Class: "network", Basis: "text"}},
			{"8595CBE095", "user@example.net", classifyRecord{Status: "sent", DSN: "2.0.0"}},
		}
		for _, tc := range cases {
			got, ok := findRecord(records, tc.queueID, tc.recipient)
			if !ok {
				t.Errorf("no record for %s %s", tc.queueID, tc.recipient)
				continue
			}
			tc.want.QueueID, tc.want.Recipient = tc.queueID, tc.recipient
			tc.want.Domain = tc.recipient[strings.LastIndexByte(tc.recipient, '@')+1:]
			if got != tc.want {
				t.Errorf("%s %s:\n got  %+v\n want %+v", tc.queueID, tc.recipient, got, tc.want)
			}
		}
	})

	t.Run("log flag equals file argument", func(t *testing.T) {
		fromArg, _, _ := runClassifyBinary(t, bin, nil, append(base, capturedLog)...)
		fromFlag, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--log", capturedLog)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if fromArg != fromFlag {
			t.Error("classify --log FILE printed other records than classify FILE")
		}
	})

	t.Run("standard input with garbage", func(t *testing.T) {
		input := strings.Join([]string{
			"Dec 04 19:46:53 mx postfix/smtp[16895]: 7E996BE094: to=<reject2@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0.03/0.07/0, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <reject2@docomo.ne.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
			"not a log line at all",
			// Control bytes without NUL bytes pass the binary check.
			"\x01\xff\xfe binary \x1b[31m",
			"Dec 04 19:46:53 mx postfix/smtp[16895]: 7E996BE094: to=<trunc@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:25",
			"Dec 04 19:46:53 mx dovecot[100]: imap(user): Logged out",
			"",
			"Dec 04 19:46:53 mx postfix/smtp[16895]: 7E996BE094: to=<Mixed@DoCoMo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user other@docomo.ne.jp (in reply to end of DATA command))",
		}, "\n") + "\n"
		stdout, stderr, code := runClassifyBinary(t, bin, []byte(input), append(base, "-")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		if len(records) != 2 {
			t.Fatalf("%d records, want 2 (garbage, truncated and foreign lines skipped):\n%s", len(records), stdout)
		}
		want := classifyRecord{QueueID: "7E996BE094", Recipient: "Mixed@DoCoMo.ne.jp", Domain: "docomo.ne.jp",
			Status: "bounced", DSN: "5.0.0", Phase: "end_of_data", Carrier: "docomo", Class: "filtered", Collateral: true, Basis: "text"}
		if records[1] != want {
			t.Errorf("collateral record:\n got  %+v\n want %+v", records[1], want)
		}
	})

	t.Run("suspended line", func(t *testing.T) {
		input := "Dec 05 10:00:00 mx postfix/error[104]: 3A2B3C4D5E: to=<u@docomo.ne.jp>, relay=none, delay=300, delays=300/0/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: 421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01)\n"
		stdout, stderr, code := runClassifyBinary(t, bin, []byte(input), append(base, "-")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		if len(records) != 1 {
			t.Fatalf("%d records, want 1:\n%s", len(records), stdout)
		}
		want := classifyRecord{QueueID: "3A2B3C4D5E", Recipient: "u@docomo.ne.jp", Domain: "docomo.ne.jp",
			Status: "deferred", DSN: "4.7.0", Phase: "greeting", Carrier: "docomo", Class: "rate_limited", Suspended: true, Basis: "text"}
		if records[0] != want {
			t.Errorf("suspended record:\n got  %+v\n want %+v", records[0], want)
		}
	})

	t.Run("reply naming the sender", func(t *testing.T) {
		// Both messages are from shop@shop.example. The first reply names
		// the sender, the second another recipient of the message.
		input := strings.Join([]string{
			"Dec 05 10:00:00 mx postfix/qmgr[102]: 1A2B3C4D5E: from=<shop@shop.example>, size=1000, nrcpt=1 (queue active)",
			"Dec 05 10:00:01 mx postfix/smtp[103]: 1A2B3C4D5E: to=<u@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.181.112]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.7.1, status=bounced (host mfsmax.docomo.ne.jp[203.138.181.112] said: 550 5.7.1 <shop@shop.example>: Message rejected as spam (in reply to end of DATA command))",
			"Dec 05 10:00:01 mx postfix/qmgr[102]: 1A2B3C4D5E: removed",
			"Dec 05 10:00:02 mx postfix/qmgr[102]: 2A2B3C4D5E: from=<shop@shop.example>, size=1000, nrcpt=2 (queue active)",
			"Dec 05 10:00:03 mx postfix/smtp[103]: 2A2B3C4D5E: to=<u@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.181.112]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.7.1, status=bounced (host mfsmax.docomo.ne.jp[203.138.181.112] said: 550 5.7.1 <v@docomo.ne.jp>: Message rejected as spam (in reply to end of DATA command))",
		}, "\n") + "\n"
		stdout, stderr, code := runClassifyBinary(t, bin, []byte(input), append(base, "-")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		if len(records) != 2 {
			t.Fatalf("%d records, want 2:\n%s", len(records), stdout)
		}
		if records[0].Collateral {
			t.Errorf("reply naming the sender is collateral: %+v", records[0])
		}
		if !records[1].Collateral {
			t.Errorf("reply naming another recipient is not collateral: %+v", records[1])
		}
	})

	t.Run("streams standard input", func(t *testing.T) {
		cmd := exec.Command(bin, append(base, "-")...)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Wait()
		defer stdin.Close()

		line := "Dec 04 19:46:53 mx postfix/smtp[16895]: 7E996BE094: to=<reject2@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0.03/0.07/0, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <reject2@docomo.ne.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))\n"
		if _, err := io.WriteString(stdin, line); err != nil {
			t.Fatal(err)
		}
		first := make(chan string, 1)
		go func() {
			text, _ := bufio.NewReader(stdout).ReadString('\n')
			first <- text
		}()
		// Standard input stays open: the record must come before its end.
		select {
		case text := <-first:
			if !strings.Contains(text, `"class":"user_unknown"`) {
				t.Errorf("first record = %q, want the user_unknown line", text)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatal("no record within 20 s while standard input stayed open")
		}
	})

	t.Run("empty standard input", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, append(base, "-")...)
		if code != 0 || stdout != "" {
			t.Errorf("exit %d, output %q, want 0 and nothing\n%s", code, stdout, stderr)
		}
	})

	t.Run("domain filter", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--domain", "SoftBank.ne.jp", capturedLog)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		if len(records) == 0 {
			t.Fatal("no softbank.ne.jp records")
		}
		for _, r := range records {
			if r.Domain != "softbank.ne.jp" {
				t.Errorf("record for domain %q passed --domain softbank.ne.jp", r.Domain)
			}
		}
	})

	t.Run("since", func(t *testing.T) {
		all, _, _ := runClassifyBinary(t, bin, nil, append(base, capturedLog)...)
		later, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--since", "2026-12-04T19:50:00Z", capturedLog)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		n, total := len(decodeRecords(t, later)), len(decodeRecords(t, all))
		if n == 0 || n >= total {
			t.Errorf("--since kept %d of %d records, want some but not all", n, total)
		}
	})

	t.Run("override from config", func(t *testing.T) {
		config := writeConfig(t, `
[[override]]
pattern = 'Greylisted'
domain = "softbank.ne.jp"
class = "blocked"

[[override]]
pattern = 'Greylisted'
class = "other"
`)
		args := []string{"classify", "--config", config, "--year", "2026", "--tz", "UTC", capturedLog}
		stdout, stderr, code := runClassifyBinary(t, bin, nil, args...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		records := decodeRecords(t, stdout)
		softbank, _ := findRecord(records, "75D57BE091", "tempfail@softbank.ne.jp")
		docomo, _ := findRecord(records, "7E996BE094", "tempfail2@docomo.ne.jp")
		if softbank.Class != "blocked" || softbank.Basis != "override" {
			t.Errorf("softbank greylisting: class %q basis %q, want blocked by override (first rule)", softbank.Class, softbank.Basis)
		}
		if docomo.Class != "other" || docomo.Basis != "override" {
			t.Errorf("docomo greylisting: class %q basis %q, want other by override (second rule)", docomo.Class, docomo.Basis)
		}
	})

	t.Run("invalid override", func(t *testing.T) {
		config := writeConfig(t, "[[override]]\npattern = 'ok'\nclass = 'filtered'\n\n[[override]]\npattern = '(unclosed'\nclass = 'filtered'\n")
		_, stderr, code := runClassifyBinary(t, bin, nil, "classify", "--config", config, capturedLog)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		for _, want := range []string{config, "override rule 2", `"(unclosed"`} {
			if !strings.Contains(stderr, want) {
				t.Errorf("error lacks %q:\n%s", want, stderr)
			}
		}
	})

	t.Run("unknown override class", func(t *testing.T) {
		config := writeConfig(t, "[[override]]\npattern = 'x'\nclass = 'spam'\n")
		_, stderr, code := runClassifyBinary(t, bin, nil, "classify", "--config", config, capturedLog)
		if code != 1 || !strings.Contains(stderr, `override rule 1: invalid class "spam"`) || !strings.Contains(stderr, "spam_content") {
			t.Errorf("exit %d, want 1 and an error naming the class and the valid ones:\n%s", code, stderr)
		}
	})

	t.Run("misspelt override key", func(t *testing.T) {
		config := writeConfig(t, "[[override]]\npatern = 'x'\nclass = 'other'\n")
		_, stderr, code := runClassifyBinary(t, bin, nil, "classify", "--config", config, capturedLog)
		if code != 1 || !strings.Contains(stderr, "override rule 1: unknown key patern") {
			t.Errorf("exit %d, want 1 and an error naming patern in override rule 1:\n%s", code, stderr)
		}
	})

	t.Run("missing file", func(t *testing.T) {
		_, stderr, code := runClassifyBinary(t, bin, nil, append(base, "/nonexistent/mail.log")...)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if !strings.Contains(stderr, "/nonexistent/mail.log") || !strings.Contains(stderr, "check the path") {
			t.Errorf("error does not name the file and the fix:\n%s", stderr)
		}
	})

	t.Run("directory as file", func(t *testing.T) {
		dir := t.TempDir()
		_, stderr, code := runClassifyBinary(t, bin, nil, append(base, dir)...)
		if code != 1 || !strings.Contains(stderr, dir) {
			t.Errorf("exit %d, want 1 and an error naming %s:\n%s", code, dir, stderr)
		}
	})

	t.Run("two files", func(t *testing.T) {
		_, stderr, code := runClassifyBinary(t, bin, nil, append(base, capturedLog, capturedLog)...)
		if code != 2 || !strings.Contains(stderr, "give one log file") {
			t.Errorf("exit %d, want 2 and a usage error:\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "got 2") || !strings.Contains(stderr, "--log") {
			t.Errorf("error does not count the files or name --log:\n%s", stderr)
		}
	})
}
