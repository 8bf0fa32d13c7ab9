package tui

import (
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain ASCII", "550 5.1.1 user unknown", "550 5.1.1 user unknown"},
		{"empty", "", ""},
		{"Japanese kept", "宛先不明です（docomo）", "宛先不明です（docomo）"},
		{"clear screen CSI", "a\x1b[2Jb", "ab"},
		{"SGR colour", "\x1b[31mred\x1b[0m", "red"},
		{"cursor move with params", "x\x1b[10;20Hy", "xy"},
		{"OSC 52 clipboard with BEL", "ok\x1b]52;c;ZWNobyBoaQ==\x07done", "okdone"},
		{"OSC title with ST", "\x1b]0;pwned\x1b\\after", "after"},
		{"unterminated OSC", "before\x1b]52;c;AAAA", "before"},
		{"DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"raw byte 0x9b CSI", "a\x9b2Jb", "a2Jb"},
		{"C1 CSI rune", "a\u009b2Jb", "ab"},
		{"C1 OSC rune with ST", "a\u009d0;t\u009cb", "ab"},
		{"C1 NEL", "a\u0085b", "ab"},
		{"carriage return", "fake\rreal", "fake real"},
		{"newline", "line1\nline2", "line1 line2"},
		{"CRLF", "550-5.1.1 first\r\n550 5.1.1 second", "550-5.1.1 first 550 5.1.1 second"},
		{"bell", "ding\a\a", "ding"},
		{"backspace", "ab\bc", "abc"},
		{"DEL", "a\x7fb", "ab"},
		{"NUL", "a\x00b", "ab"},
		{"tab becomes space", "a\tb", "a b"},
		{"charset escape", "\x1b(Bx", "x"},
		{"reset escape", "\x1bcx", "x"},
		{"lone ESC at end", "x\x1b", "x"},
		{"invalid UTF-8", "a\xff\xfeb", "ab"},
		{"bidi override", "abc\u202edcba", "abcdcba"},
		{"Japanese around escape", "受信\x1b[2J拒否", "受信拒否"},
		{"emoji kept", "ok 👍", "ok 👍"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeOutputHasNoControls(t *testing.T) {
	var all []byte
	for b := 0; b < 256; b++ {
		all = append(all, byte(b), 'x')
	}
	all = append(all, []byte("\u0085\u009b\u009d\u009f")...)
	got := Sanitize(string(all))
	if !utf8.ValidString(got) {
		t.Fatalf("Sanitize output is not valid UTF-8: %q", got)
	}
	for _, r := range got {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			t.Errorf("Sanitize output has control %U: %q", r, got)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	f.Add("a\x1b[2Jb")
	f.Add("\x1b]52;c;AA\x07")
	f.Add("受信拒否")
	f.Fuzz(func(t *testing.T, in string) {
		got := Sanitize(in)
		if !utf8.ValidString(got) {
			t.Fatalf("Sanitize(%q) = %q, not valid UTF-8", in, got)
		}
		for _, r := range got {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || isBidiControl(r) {
				t.Fatalf("Sanitize(%q) = %q, has control %U", in, got, r)
			}
		}
	})
}

func TestFooterLineJoinsOutputLines(t *testing.T) {
	got := footerLine("postsuper: 0CE97BA350: requeued\npostsuper: Requeued: 1 message\n")
	want := "postsuper: 0CE97BA350: requeued; postsuper: Requeued: 1 message"
	if got != want {
		t.Errorf("footerLine = %q, want %q", got, want)
	}
	if got := footerLine("\r\n\x1b[2J\n"); got != "" {
		t.Errorf("footerLine of blank lines = %q, want empty", got)
	}
}
