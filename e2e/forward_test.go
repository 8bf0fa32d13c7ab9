package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// relayPassword is the test relay's password. The tests check that it
// reaches neither the output nor the audit log.
const relayPassword = "e2e-relay-pass-5Kq9"

// startForwardInstance starts a Postfix instance that defers docomo.ne.jp
// mail to a Sink (tempfail* gets 450 at RCPT) and retries only after an
// hour, so a deferred message stays put while the test forwards it.
// routes adds more domains.
func startForwardInstance(t *testing.T, routes map[string]int) *postfixtest.Instance {
	t.Helper()
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]int{"docomo.ne.jp": port}
	for domain, p := range routes {
		all[domain] = p
	}
	return postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               all,
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		MaximalQueueLifetime: 2 * time.Hour,
	})
}

// submitContent queues content as it is with sendmail -C DIR -f from and
// extra sendmail options, and returns the queue ID. from must be unique
// to the message: the ID is found by the sender in pickup's log line.
func submitContent(t *testing.T, in *postfixtest.Instance, from, rcpt string, content []byte, options ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	args := append([]string{"-C", in.ConfigDir(), "-f", from, "-i"}, options...)
	args = append(args, "--", rcpt)
	cmd := exec.CommandContext(ctx, "sendmail", args...)
	cmd.Env = postfixtest.Env()
	cmd.Stdin = bytes.NewReader(content)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sendmail %v: %v\n%s", args, err, out)
	}
	// pickup logs "ID: uid=0 from=<FROM>" for each message sendmail queued.
	queueID := ""
	err := in.WaitLog(ctx, func(lines []string) bool {
		line := findLine(lines, "postfix/pickup[", " from=<"+from+">")
		if line == "" {
			return false
		}
		fields := strings.Fields(line[strings.Index(line, "postfix/pickup["):])
		queueID = strings.TrimSuffix(fields[1], ":")
		return true
	})
	if err != nil {
		t.Fatalf("message from %s was not picked up: %v", from, err)
	}
	return queueID
}

// waitQueueName waits until id is in queue ("" waits until it is gone).
func waitQueueName(t *testing.T, in *postfixtest.Instance, id, queue string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	last := ""
	for {
		last = queueNameOf(t, in, id)
		if last == queue {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("message %s is in %q, want %q", id, last, queue)
		}
		time.Sleep(pollInterval)
	}
}

// queueNameOf returns the queue postqueue -j lists id in, "" when none.
func queueNameOf(t *testing.T, in *postfixtest.Instance, id string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	listed, err := in.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range listed {
		if m.QueueID == id {
			return m.QueueName
		}
	}
	return ""
}

// notice returns a shipping notice in ISO-2022-JP, as Japanese shops
// send them, with body lines of body.
func notice(from, to string, body ...[]byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\nTo: %s\n", from, to)
	b.WriteString("Subject: =?ISO-2022-JP?B?GyRCSC9BdyROJCpDTiRpJDsbKEI=?=\n")
	b.WriteString("Message-ID: <" + strings.ReplaceAll(from, "@", ".") + "@e2e.mailtop.test>\n")
	b.WriteString("MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n")
	// "ご注文の商品を発送しました。" in ISO-2022-JP.
	b.WriteString("\x1b$B$4CmJ8$N>&IJ$rH/Aw$7$^$7$?!#\x1b(B\n")
	for _, line := range body {
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// forwardRun is one mailtop forward command's result.
type forwardRun struct {
	stdout, stderr string
	status         int
}

// runForwardCommand runs the built mailtop with args in English.
func runForwardCommand(t *testing.T, binary string, env []string, args ...string) forwardRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append(args, "--lang", "en")...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	status := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		status = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run mailtop %v: %v", args, err)
	}
	return forwardRun{stdout: stdout.String(), stderr: stderr.String(), status: status}
}

// auditEntry is the part of an audit log line the forward tests read.
type auditEntry struct {
	Action   string   `json:"action"`
	QueueIDs []string `json:"queue_ids"`
	Count    int      `json:"count"`
	Output   string   `json:"output"`
	Error    string   `json:"error"`
}

func readAuditLog(t *testing.T, path string) ([]auditEntry, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ""
	}
	if err != nil {
		t.Fatal(err)
	}
	var entries []auditEntry
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var entry auditEntry
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		entries = append(entries, entry)
	}
	return entries, string(data)
}

// relayTable returns a [[relay]] table for a relay on 127.0.0.1.
func relayTable(name string, port int, lines ...string) string {
	return fmt.Sprintf("[[relay]]\nname = %q\nhost = \"127.0.0.1\"\nport = %d\n%s\n\n", name, port, strings.Join(lines, "\n"))
}

// writeSecret writes a password file with mode 0600.
func writeSecret(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "relay.pass")
	if err := os.WriteFile(path, []byte(relayPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestForwardResendThroughTLSRelayOnRealPostfix forwards a deferred
// ISO-2022-JP notice through a relay that requires STARTTLS (with a CA
// made for the test) and AUTH, then deletes the original. Resend rejects a
// second message with a 1520-byte line before anything is sent, and
// --attach sends it encoded.
func TestForwardResendThroughTLSRelayOnRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in := startForwardInstance(t, nil)
	dir := t.TempDir()
	ca := smtptest.NewCA(t)
	caFile := ca.WriteFile(t, dir)
	relay := smtptest.StartRelay(t, &smtptest.Relay{Username: "shop", Password: relayPassword, RequireTLS: true, Certificate: &ca.Server})
	configFile := filepath.Join(dir, "config.toml")
	config := relayTable("provider", relay.Port, `tls = "starttls"`, fmt.Sprintf("ca_file = %q", caFile),
		`auth = "plain"`, `username = "shop"`, fmt.Sprintf("password_file = %q", writeSecret(t, dir)))
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	audit := filepath.Join(dir, "audit.log")
	common := []string{"-c", in.ConfigDir(), "--config", configFile, "--audit-log", audit}

	isoID := submitContent(t, in, "orders01@shop.example", "tempfail01@docomo.ne.jp", notice("orders01@shop.example", "tempfail01@docomo.ne.jp"))
	longLine := bytes.Repeat([]byte("<td>0123456789</td>"), 80) // 1520 bytes
	longID := submitContent(t, in, "orders02@shop.example", "tempfail02@docomo.ne.jp", notice("orders02@shop.example", "tempfail02@docomo.ne.jp", longLine))
	waitQueueName(t, in, isoID, "deferred")
	waitQueueName(t, in, longID, "deferred")
	queued, err := forward.ReadQueued(in.QueueDir(), isoID)
	if err != nil {
		t.Fatal(err)
	}

	run := runForwardCommand(t, binary, nil, append([]string{"forward", isoID, "--via", "provider", "--then", "delete"}, common...)...)
	if run.status != 0 {
		t.Fatalf("mailtop forward exited %d, want 0\nstdout:\n%s\nstderr:\n%s", run.status, run.stdout, run.stderr)
	}
	got := relay.Received()
	if len(got) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(got))
	}
	message := got[0]
	if !message.TLS || message.Auth != "shop" {
		t.Errorf("message arrived with tls=%v auth=%q, want TLS and AUTH as shop", message.TLS, message.Auth)
	}
	if message.From != "orders01@shop.example" || strings.Join(message.To, ",") != "tempfail01@docomo.ne.jp" {
		t.Errorf("envelope = %s -> %v, want the original's sender and pending recipient", message.From, message.To)
	}
	wantBody := bytes.ReplaceAll(queued.Content, []byte("\n"), []byte("\r\n"))
	if !bytes.HasSuffix(message.Data, wantBody) {
		t.Fatalf("the relay did not receive the queued content byte for byte:\ngot:\n%q\nwant suffix:\n%q", message.Data, wantBody)
	}
	head := string(message.Data[:len(message.Data)-len(wantBody)])
	for _, field := range []string{"Resent-From: orders01@shop.example\r\n", "Resent-To: tempfail01@docomo.ne.jp\r\n", "Resent-Date: ", "Resent-Message-ID: <"} {
		if !strings.HasPrefix(head, field) && !strings.Contains(head, "\r\n"+field) {
			t.Errorf("the forwarded message lacks %q before the original:\n%s", field, head)
		}
	}
	if !bytes.Contains(message.Data, []byte("\x1b$B$4CmJ8$N>&IJ$rH/Aw$7$^$7$?!#\x1b(B")) {
		t.Error("the ISO-2022-JP body line did not arrive intact")
	}
	waitQueueName(t, in, isoID, "")

	// Resend rejects the long line before connecting, and attach encodes it.
	run = runForwardCommand(t, binary, nil, append([]string{"forward", longID, "--via", "provider"}, common...)...)
	if run.status != 3 || !strings.Contains(run.stderr, "998") {
		t.Errorf("resend of a 1520-byte line: exit %d, stderr %q; want 3 and the 998-byte limit named", run.status, run.stderr)
	}
	if n := len(relay.Received()); n != 1 {
		t.Errorf("relay has %d messages after the rejected resend, want still 1", n)
	}
	run = runForwardCommand(t, binary, nil, append([]string{"forward", longID, "--via", "provider", "--attach"}, common...)...)
	if run.status != 0 {
		t.Fatalf("forward --attach exited %d\nstdout:\n%s\nstderr:\n%s", run.status, run.stdout, run.stderr)
	}
	got = relay.Received()
	if len(got) != 2 {
		t.Fatalf("relay received %d messages, want 2", len(got))
	}
	if content := forward.Inspect(got[1].Data); content.LongLines > 0 {
		t.Errorf("the attach message has %d lines over 998 bytes", content.LongLines)
	}
	if !bytes.Contains(got[1].Data, []byte("Content-Transfer-Encoding: base64")) {
		t.Error("the original with a long line was not attached base64-encoded")
	}
	if queueNameOf(t, in, longID) != "deferred" {
		t.Errorf("%s left the deferred queue, but --then defaults to keep", longID)
	}

	entries, raw := readAuditLog(t, audit)
	var actionsSeen []string
	for _, entry := range entries {
		actionsSeen = append(actionsSeen, entry.Action)
	}
	if strings.Join(actionsSeen, ",") != "forward,delete,forward,forward" {
		t.Errorf("audit actions = %v, want forward, delete, then the rejected and the attached forward", actionsSeen)
	}
	if strings.Contains(raw, relayPassword) || strings.Contains(run.stdout+run.stderr, relayPassword) {
		t.Error("the relay password reached the audit log or the output")
	}
}

// TestForwardFailuresKeepOriginalOnRealPostfix runs mailtop forward with
// --then delete on a deferred message through relays that fail in every
// way a relay can. After each, it checks that the message is still in the
// deferred queue and that the audit log has the failed attempt.
func TestForwardFailuresKeepOriginalOnRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in := startForwardInstance(t, nil)
	dir := t.TempDir()
	ca := smtptest.NewCA(t)
	caFile := ca.WriteFile(t, dir)

	tempfail := smtptest.StartRelay(t, &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary local problem"}})
	permfail := smtptest.StartRelay(t, &smtptest.Relay{DataReply: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message rejected as spam"}})
	refusing := smtptest.StartRelay(t, &smtptest.Relay{RejectRecipient: "tempfail01@docomo.ne.jp"})
	untrusted := smtptest.StartRelay(t, &smtptest.Relay{Certificate: &ca.Server})
	secure := smtptest.StartRelay(t, &smtptest.Relay{Username: "shop", Password: relayPassword, RequireTLS: true, Certificate: &ca.Server})
	silent := smtptest.StartScriptedRelay(t, &smtptest.ScriptedRelay{Silent: true})
	dropping := smtptest.StartScriptedRelay(t, &smtptest.ScriptedRelay{DropInData: true})
	sevenBit := smtptest.StartScriptedRelay(t, &smtptest.ScriptedRelay{})

	config := relayTable("tempfail", tempfail.Port, `tls = "none"`) +
		relayTable("permfail", permfail.Port, `tls = "none"`) +
		relayTable("refusing", refusing.Port, `tls = "none"`) +
		relayTable("untrusted", untrusted.Port, `tls = "starttls"`) +
		relayTable("badauth", secure.Port, `tls = "starttls"`, fmt.Sprintf("ca_file = %q", caFile),
			`auth = "plain"`, `username = "shop"`, `password_env = "MAILTOP_E2E_WRONG_PASSWORD"`) +
		relayTable("silent", silent.Port, `tls = "none"`) +
		relayTable("dropping", dropping.Port, `tls = "none"`) +
		relayTable("sevenbit", sevenBit.Port, `tls = "none"`)
	configFile := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	audit := filepath.Join(dir, "audit.log")
	env := []string{"MAILTOP_E2E_WRONG_PASSWORD=wrong-" + relayPassword}

	id := submitContent(t, in, "orders01@shop.example", "tempfail01@docomo.ne.jp", notice("orders01@shop.example", "tempfail01@docomo.ne.jp", []byte("発送番号 1234")))
	waitQueueName(t, in, id, "deferred")

	tests := []struct {
		name, via, want string
	}{
		{"4xx at end of DATA", "tempfail", "451"},
		{"5xx at end of DATA", "permfail", "554"},
		{"rejected recipient", "refusing", "550"},
		{"timeout", "silent", "timeout"},
		{"untrusted certificate", "untrusted", "certificate"},
		{"wrong password", "badauth", "535"},
		{"connection dropped during DATA", "dropping", "sent nothing"},
		{"8-bit content without 8BITMIME", "sevenbit", "8BITMIME"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := runForwardCommand(t, binary, env, "forward", id, "--via", tt.via, "--then", "delete", "--timeout", "3s",
				"-c", in.ConfigDir(), "--config", configFile, "--audit-log", audit)
			if run.status != 3 {
				t.Errorf("exit status %d, want 3 (none sent)\nstdout:\n%s\nstderr:\n%s", run.status, run.stdout, run.stderr)
			}
			if tt.want != "sent nothing" && !strings.Contains(run.stderr, tt.want) {
				t.Errorf("stderr does not name %q:\n%s", tt.want, run.stderr)
			}
			if !strings.Contains(run.stderr, "the original was not changed") {
				t.Errorf("stderr does not say the original was not changed:\n%s", run.stderr)
			}
			if queue := queueNameOf(t, in, id); queue != "deferred" {
				t.Fatalf("after the failure the message is in %q, want deferred", queue)
			}
			entries, raw := readAuditLog(t, audit)
			if len(entries) != i+1 {
				t.Fatalf("audit log has %d lines, want %d:\n%s", len(entries), i+1, raw)
			}
			last := entries[len(entries)-1]
			if last.Action != "forward" || last.Error == "" || last.Count != 0 {
				t.Errorf("audit line = %+v, want a forward with the error and count 0", last)
			}
			if strings.Contains(raw, relayPassword) || strings.Contains(run.stdout+run.stderr, relayPassword) {
				t.Error("the relay password reached the audit log or the output")
			}
		})
	}
	for _, relay := range []*smtptest.Relay{tempfail, permfail, refusing, untrusted, secure} {
		if n := len(relay.Received()); n != 0 {
			t.Errorf("relay on port %d accepted %d messages, want 0", relay.Port, n)
		}
	}
	if sevenBit.Saw("MAIL") {
		t.Error("the relay without 8BITMIME got MAIL FROM, want the rejection before it")
	}

	// Attach encodes the 8-bit original for the relay without 8BITMIME.
	run := runForwardCommand(t, binary, env, "forward", id, "--via", "sevenbit", "--attach",
		"-c", in.ConfigDir(), "--config", configFile, "--audit-log", audit)
	if run.status != 0 {
		t.Fatalf("forward --attach to the 7-bit relay exited %d\nstdout:\n%s\nstderr:\n%s", run.status, run.stdout, run.stderr)
	}
	got := sevenBit.Received()
	if len(got) != 1 {
		t.Fatalf("7-bit relay received %d messages, want 1", len(got))
	}
	if content := forward.Inspect(got[0]); content.EightBit || content.LongLines > 0 {
		t.Errorf("the attach message is not 7-bit with short lines: %+v", content)
	}
	if queueNameOf(t, in, id) != "deferred" {
		t.Error("the original left the deferred queue after a forward with --then keep")
	}
}
