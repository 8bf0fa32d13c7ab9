package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/mailtop/mailtop/l10n"
)

// openPTY opens a new pseudo-terminal and returns its controlling side and
// its terminal side.
func openPTY(t *testing.T) (control, terminal *os.File) {
	t.Helper()
	control, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { control.Close() })
	if err := unix.IoctlSetPointerInt(int(control.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock the pseudo-terminal: %v", err)
	}
	number, err := unix.IoctlGetInt(int(control.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("get the pseudo-terminal number: %v", err)
	}
	terminal, err = os.OpenFile("/dev/pts/"+strconv.Itoa(number), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { terminal.Close() })
	return control, terminal
}

func TestConfirmDeleteTerminal(t *testing.T) {
	cases := []struct {
		name    string
		typed   string
		wantErr string
	}{
		{"count typed", "3\n", ""},
		{"other count", "2\n", `"2" is not 3`},
		{"nothing typed", "\n", `"" is not 3`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			control, terminal := openPTY(t)
			if _, err := control.WriteString(tc.typed); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err := confirmDelete(terminal, &out, 3, 0, l10n.New(l10n.English))
			if !strings.Contains(out.String(), "Type 3 to confirm") {
				t.Errorf("prompt = %q, want one asking for 3", out.String())
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("confirmDelete = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("confirmDelete = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestConfirmDeletePromptLanguage(t *testing.T) {
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{l10n.Japanese, 3, "3 件を完全に削除します。確認のため 3 と入力してください: "},
		{l10n.English, 1, "Delete 1 message for good? Type 1 to confirm: "},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			control, terminal := openPTY(t)
			if _, err := control.WriteString(strconv.Itoa(tc.count) + "\n"); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := confirmDelete(terminal, &out, tc.count, 0, l10n.New(tc.lang)); err != nil {
				t.Fatalf("confirmDelete = %v, want nil after the count was typed", err)
			}
			if out.String() != tc.want {
				t.Errorf("prompt = %q, want %q", out.String(), tc.want)
			}
		})
	}
}

func TestConfirmDeletePromptOutsideRecipients(t *testing.T) {
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{l10n.English, 3, "Delete 3 messages for good, 2 of them with recipients outside the filter? Type 3 to confirm: "},
		{l10n.English, 1, "Delete 1 message for good, with its recipients outside the filter? Type 1 to confirm: "},
		{l10n.Japanese, 3, "3 件を完全に削除します（うち 2 件は絞り込みの外の宛先も含みます）。確認のため 3 と入力してください: "},
	}
	for _, tc := range cases {
		t.Run(tc.lang+strconv.Itoa(tc.count), func(t *testing.T) {
			control, terminal := openPTY(t)
			if _, err := control.WriteString(strconv.Itoa(tc.count) + "\n"); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := confirmDelete(terminal, &out, tc.count, min(2, tc.count), l10n.New(tc.lang)); err != nil {
				t.Fatalf("confirmDelete = %v, want nil after the count was typed", err)
			}
			if out.String() != tc.want {
				t.Errorf("prompt = %q, want %q", out.String(), tc.want)
			}
		})
	}
}

func TestQueueTextWidthTerminal(t *testing.T) {
	_, terminal := openPTY(t)
	if err := unix.IoctlSetWinsize(int(terminal.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Col: 132, Row: 40}); err != nil {
		t.Fatalf("set the pseudo-terminal size: %v", err)
	}
	noColumns := func(string) string { return "" }
	if width := queueTextWidth(terminal, noColumns); width != 132 {
		t.Errorf("width of a 132-column terminal = %d, want 132", width)
	}
	columns := func(name string) string {
		if name == "COLUMNS" {
			return "100"
		}
		return ""
	}
	if width := queueTextWidth(terminal, columns); width != 100 {
		t.Errorf("width with COLUMNS=100 = %d, want 100", width)
	}
	invalidColumns := func(string) string { return "wide" }
	if width := queueTextWidth(terminal, invalidColumns); width != 132 {
		t.Errorf("width with COLUMNS=wide = %d, want the terminal's 132", width)
	}
}
