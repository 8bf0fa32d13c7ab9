package parsers

import (
	"bytes"
	"strings"
	"testing"
)

// TestCutQueueIDMatchesValid checks that the one-pass scan in cutQueueID
// accepts exactly the IDs that validQueueID accepts, plus NOQUEUE.
func TestCutQueueIDMatchesValid(t *testing.T) {
	ids := []string{
		"7E996BE094", "6EFD4B", "6EFD4", "6efd4be08e", "",
		"4jh2DZ3Cpzz5rBg", "4jh2DZ3Cpzz5", "4jh2DZ3Cpz5", "4jh2DZ3Cpz5rBgz",
		"4jh2DZ3z5rBg", "4jh2DZ3Cpzz5rBa", "4jh2DZ3Cpzz5rB.", "bad.id", "-rf",
		"7E996BE094 ALL", "NOQUEUE", "NOQUEUEX", "warning",
		strings.Repeat("A", 32), strings.Repeat("A", 33),
		strings.Repeat("B", 20) + "z" + strings.Repeat("C", 11),
		strings.Repeat("B", 20) + "z" + strings.Repeat("C", 12),
	}
	for _, id := range ids {
		want := validQueueID(id) || id == noQueue
		_, rest, ok := cutQueueID([]byte(id + ": removed"))
		if ok != want {
			t.Errorf("cutQueueID(%q) ok = %v, want %v", id, ok, want)
			continue
		}
		if ok && string(rest) != "removed" {
			t.Errorf("cutQueueID(%q) rest = %q, want %q", id, rest, "removed")
		}
	}
}

// TestCutQueueIDSeparator checks the ": " rule: the ID ends at the first
// ":" and a space must follow it.
func TestCutQueueIDSeparator(t *testing.T) {
	tests := []struct {
		msg    string
		wantID string
		wantOK bool
	}{
		{msg: "6EFD4BE08E: removed", wantID: "6EFD4BE08E", wantOK: true},
		{msg: "6EFD4BE08E: ", wantID: "6EFD4BE08E", wantOK: true},
		{msg: "6EFD4BE08E:", wantOK: false},
		{msg: "6EFD4BE08E:removed", wantOK: false},
		{msg: "6EFD4BE08E removed", wantOK: false},
		{msg: "6EFD:4BE08E: removed", wantOK: false},
		{msg: "NOQUEUE: reject: RCPT from x[1.2.3.4]", wantID: "NOQUEUE", wantOK: true},
		{msg: "NOQUEUE: ", wantID: "NOQUEUE", wantOK: true},
		{msg: "NOQUEUE:", wantOK: false},
		{msg: strings.Repeat("A", 33) + ": removed", wantOK: false},
	}
	for _, tc := range tests {
		id, _, ok := cutQueueID([]byte(tc.msg))
		if ok != tc.wantOK {
			t.Errorf("cutQueueID(%q) ok = %v, want %v", tc.msg, ok, tc.wantOK)
		}
		if string(id) != tc.wantID {
			t.Errorf("cutQueueID(%q) id = %q, want %q", tc.msg, id, tc.wantID)
		}
	}
}

// TestParseDeliveryFieldDispatch covers delivery fields whose keys share a
// first byte with a known key, so they take the unknown-key path of the
// switch in parseDelivery, and lists that must not parse.
func TestParseDeliveryFieldDispatch(t *testing.T) {
	const head = mx + "postfix/smtp[7]: 6EFD4BE08E: to=<a@example.com>, "
	tests := []struct {
		name      string
		fields    string
		wantKind  Kind
		wantRelay string
		wantDSN   string
		wantDelay float64
	}{
		{name: "all known", fields: "relay=none, delay=1.5, delays=0/0/0/1.5, dsn=2.0.0, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "none", wantDSN: "2.0.0", wantDelay: 1.5},
		{name: "unknown d key", fields: "relay=none, dsn_ext=5, delay=2, dsn=2.0.0, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "none", wantDSN: "2.0.0", wantDelay: 2},
		{name: "unknown s key", fields: "relay=none, size=5, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "none"},
		{name: "unknown r key", fields: "relay_host=x, relay=none, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "none"},
		{name: "unknown o key", fields: "orig_rcpt=x, relay=none, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "none"},
		{name: "value with comma", fields: "relay=a,b, status=sent (ok)",
			wantKind: KindDelivery, wantRelay: "a,b"},
		{name: "status before relay", fields: "status=sent (ok), relay=none", wantKind: KindUnrecognized},
		{name: "empty relay", fields: "relay=, status=sent (ok)", wantKind: KindUnrecognized},
		{name: "field without key", fields: "relay=none, garbage, status=sent (ok)", wantKind: KindUnrecognized},
		{name: "empty field at end", fields: "relay=none, ", wantKind: KindUnrecognized},
		{name: "double space", fields: " relay=none, status=sent (ok)", wantKind: KindUnrecognized},
		{name: "bad delay", fields: "relay=none, delay=x, status=sent (ok)", wantKind: KindUnrecognized},
		{name: "bad delays", fields: "relay=none, delays=1/2/3, status=sent (ok)", wantKind: KindUnrecognized},
		{name: "bad orig_to", fields: "orig_to=x, relay=none, status=sent (ok)", wantKind: KindUnrecognized},
	}
	p := testParser()
	for _, tc := range tests {
		var ev Event
		p.Parse([]byte(head+tc.fields), &ev)
		if ev.Kind != tc.wantKind {
			t.Errorf("%s: Kind = %v, want %v", tc.name, ev.Kind, tc.wantKind)
		}
		if string(ev.Relay) != tc.wantRelay {
			t.Errorf("%s: Relay = %q, want %q", tc.name, ev.Relay, tc.wantRelay)
		}
		if string(ev.DSN) != tc.wantDSN {
			t.Errorf("%s: DSN = %q, want %q", tc.name, ev.DSN, tc.wantDSN)
		}
		if ev.Delay != tc.wantDelay {
			t.Errorf("%s: Delay = %v, want %v", tc.name, ev.Delay, tc.wantDelay)
		}
	}
}

// TestReplyCodeSeparators checks the reply code and phase when the reason
// holds both reply separators, in either order, or a ":" without either.
func TestReplyCodeSeparators(t *testing.T) {
	tests := []struct {
		reason    string
		wantCode  int
		wantPhase Phase
	}{
		{reason: "host a[192.0.2.1] refused to talk to me: 554 busy; host b[192.0.2.2] said: 450 later",
			wantCode: 450, wantPhase: PhaseGreeting},
		{reason: "host b[192.0.2.2] said: 450 later; host a[192.0.2.1] refused to talk to me: 554 busy",
			wantCode: 450, wantPhase: PhaseGreeting},
		{reason: "host a[192.0.2.1] refused to talk to me: 554 5.7.1 blocked",
			wantCode: 554, wantPhase: PhaseGreeting},
		{reason: "host a[192.0.2.1] said:450 no space after the colon", wantCode: 0},
		{reason: "said: 450 at the start", wantCode: 0},
		{reason: "Host or domain name not found. Name service error for name=x type=MX: Host not found, try again",
			wantCode: 0},
		{reason: "host a[192.0.2.1] said: 421 4.7.0 try later (in reply to MAIL FROM command)",
			wantCode: 421, wantPhase: PhaseMAIL},
	}
	for _, tc := range tests {
		reason := []byte(tc.reason)
		if got := replyCode(reason); got != tc.wantCode {
			t.Errorf("replyCode(%q) = %d, want %d", tc.reason, got, tc.wantCode)
		}
		if got := phaseOf(reason); got != tc.wantPhase {
			t.Errorf("phaseOf(%q) = %v, want %v", tc.reason, got, tc.wantPhase)
		}
	}
}

// TestLastIndexMatchesBytes checks the forward scan in lastIndex against
// bytes.LastIndex, with repeated and overlapping candidates.
func TestLastIndexMatchesBytes(t *testing.T) {
	texts := []string{
		"", "(", "((in reply to ", "x (in reply to A) (in reply to B)", "(in reply t",
		"while while while ", "awhile while", "w", "a; from=<b>; from=<c> x", ";;; from=<",
	}
	seps := []string{"(in reply to ", "while ", "; from=<", "; proto="}
	for _, text := range texts {
		for _, sep := range seps {
			want := bytes.LastIndex([]byte(text), []byte(sep))
			if got := lastIndex([]byte(text), sep); got != want {
				t.Errorf("lastIndex(%q, %q) = %d, want %d", text, sep, got, want)
			}
		}
	}
}

// TestParseTagForms covers tags around the "postfix/" shortcut in readTag:
// an empty daemon, nested names, a name that only starts like "postfix",
// and pids at the edges of what the header accepts.
func TestParseTagForms(t *testing.T) {
	tests := []struct {
		tag         string
		wantProgram string
		wantDaemon  string
		wantPID     int
		wantOK      bool
	}{
		{tag: "postfix/smtp[16895]:", wantProgram: "postfix/smtp", wantDaemon: "smtp", wantPID: 16895, wantOK: true},
		{tag: "postfix/[7]:", wantProgram: "postfix/", wantDaemon: "", wantPID: 7, wantOK: true},
		{tag: "postfix/:", wantProgram: "postfix/", wantDaemon: "", wantOK: true},
		{tag: "postfix/relay/smtp[1]:", wantProgram: "postfix/relay/smtp", wantDaemon: "smtp", wantPID: 1, wantOK: true},
		{tag: "postfixx/smtp[1]:", wantProgram: "postfixx/smtp", wantDaemon: "smtp", wantPID: 1, wantOK: true},
		{tag: "postfix[2]:", wantProgram: "postfix", wantDaemon: "postfix", wantPID: 2, wantOK: true},
		{tag: "postfix/smtp", wantProgram: "postfix/smtp", wantDaemon: "smtp", wantOK: true},
		{tag: "postfix/smtp[123456789]:", wantProgram: "postfix/smtp", wantDaemon: "smtp", wantPID: 123456789, wantOK: true},
		{tag: "postfix/smtp[1234567890]:", wantOK: false},
		{tag: "postfix/smtp[]:", wantOK: false},
		{tag: "postfix/smtp[12 ]:", wantOK: false},
		{tag: "postfix/smtp[12]x", wantOK: false},
	}
	p := testParser()
	for _, tc := range tests {
		var ev Event
		line := mx + tc.tag + " 6EFD4BE08E: removed"
		p.Parse([]byte(line), &ev)
		if ok := ev.Program != nil; ok != tc.wantOK {
			t.Errorf("%q: header read = %v, want %v", tc.tag, ok, tc.wantOK)
			continue
		}
		if string(ev.Program) != tc.wantProgram {
			t.Errorf("%q: Program = %q, want %q", tc.tag, ev.Program, tc.wantProgram)
		}
		if string(ev.Daemon) != tc.wantDaemon {
			t.Errorf("%q: Daemon = %q, want %q", tc.tag, ev.Daemon, tc.wantDaemon)
		}
		if ev.PID != tc.wantPID {
			t.Errorf("%q: PID = %d, want %d", tc.tag, ev.PID, tc.wantPID)
		}
	}
}

// TestHasPrefix covers the first-byte check in hasPrefix, including an
// empty literal and input shorter than the literal.
func TestHasPrefix(t *testing.T) {
	tests := []struct {
		b, lit string
		want   bool
	}{
		{b: "status=sent", lit: "status=", want: true},
		{b: "status=sent", lit: "s", want: true},
		{b: "status=sent", lit: "", want: true},
		{b: "", lit: "", want: true},
		{b: "", lit: "s", want: false},
		{b: "stat", lit: "status=", want: false},
		{b: "statuz=sent", lit: "status=", want: false},
		{b: "xtatus=sent", lit: "status=", want: false},
	}
	for _, tc := range tests {
		if got := hasPrefix([]byte(tc.b), tc.lit); got != tc.want {
			t.Errorf("hasPrefix(%q, %q) = %v, want %v", tc.b, tc.lit, got, tc.want)
		}
	}
}
