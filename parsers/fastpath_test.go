package parsers

import (
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
