package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// fakeExport is an Options.ExportUnknown that returns fixed values and
// counts its calls.
type fakeExport struct {
	path  string
	rows  int
	err   error
	calls int
}

func (f *fakeExport) export(ctx context.Context) (string, int, error) {
	f.calls++
	return f.path, f.rows, f.err
}

// exportScreen returns an 80x24 main screen in lang whose export key runs
// export.
func exportScreen(t *testing.T, lang string, export func(context.Context) (string, int, error)) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.ExportUnknown = export
	return newScreen(t, opts, 80, 24)
}

// footerText returns the footer's result line as drawn, without styles.
func footerText(m Model) string {
	lines := m.footerTopLines()
	if len(lines) == 0 {
		return ""
	}
	return strings.TrimSpace(ansi.Strip(lines[len(lines)-1]))
}

func TestExportKeyWritesFooter(t *testing.T) {
	cases := []struct {
		lang string
		rows int
		want string
	}{
		{"en", 12, "exported 12 unknown recipients to out.csv"},
		{"en", 1, "exported 1 unknown recipient to out.csv"},
		{"en", 0, "no unknown recipients found; wrote the header row to out.csv"},
		{"ja", 12, "宛先不明 12 件を出力しました。出力先: out.csv"},
		{"ja", 0, "宛先不明のアドレスはないため、見出し行だけを出力しました。出力先: out.csv"},
	}
	for _, tc := range cases {
		export := &fakeExport{path: "out.csv", rows: tc.rows}
		m := exportScreen(t, tc.lang, export.export)
		m = send(t, m, keys("E")...)
		if export.calls != 1 {
			t.Errorf("%s, %d rows: export ran %d times, want 1", tc.lang, tc.rows, export.calls)
		}
		if m.exporting {
			t.Errorf("%s, %d rows: still exporting after the result", tc.lang, tc.rows)
		}
		if m.resultKind != resultOK {
			t.Errorf("%s, %d rows: result kind %v, want resultOK", tc.lang, tc.rows, m.resultKind)
		}
		if got := footerText(m); got != tc.want {
			t.Errorf("%s, %d rows: footer %q, want %q", tc.lang, tc.rows, got, tc.want)
		}
	}
}

func TestExportKeyRunsInCommand(t *testing.T) {
	export := &fakeExport{path: "out.csv", rows: 3}
	m := exportScreen(t, "en", export.export)

	next, cmd := m.Update(keyPress("E"))
	m = next.(Model)
	if export.calls != 0 {
		t.Fatalf("Update ran the export itself; it must run from the command")
	}
	if cmd == nil {
		t.Fatal("the export key returned no command")
	}
	if got := footerText(m); got != "exporting unknown recipients…" {
		t.Errorf("footer while running %q, want the running notice", got)
	}

	// A second press while the first runs starts nothing.
	next, second := m.Update(keyPress("E"))
	m = next.(Model)
	if second != nil {
		t.Errorf("a second press while exporting returned a command")
	}
	if got := footerText(m); got != "an export of unknown recipients is already running" {
		t.Errorf("footer after a second press %q", got)
	}

	msg := cmd()
	if _, ok := msg.(exportResultMsg); !ok {
		t.Fatalf("the command returned %T, want exportResultMsg", msg)
	}
	m = send(t, m, msg)
	if got := footerText(m); got != "exported 3 unknown recipients to out.csv" {
		t.Errorf("footer after the result %q", got)
	}
	if export.calls != 1 {
		t.Errorf("export ran %d times, want 1", export.calls)
	}
}

func TestExportKeyError(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "export of unknown recipients failed: open mail log: permission denied; run with sudo"},
		{"ja", "宛先不明アドレスの書き出しに失敗しました: open mail log: permission denied; run with sudo"},
	}
	for _, tc := range cases {
		// A multi-line error with a control character becomes one safe line.
		export := &fakeExport{err: errors.New("open mail log: permission denied\nrun with \x1b[31msudo")}
		m := exportScreen(t, tc.lang, export.export)
		m = send(t, m, keys("E")...)
		if m.resultKind != resultError {
			t.Errorf("%s: result kind %v, want resultError", tc.lang, m.resultKind)
		}
		// The result, not the drawn line, which an 80-column footer cuts.
		if m.result != tc.want {
			t.Errorf("%s: result %q, want %q", tc.lang, m.result, tc.want)
		}
		if m.exporting {
			t.Errorf("%s: still exporting after the error", tc.lang)
		}
	}
}

func TestExportKeyUnavailable(t *testing.T) {
	cases := []struct {
		lang string
		want string
	}{
		{"en", "exporting unknown recipients is not available in this mode"},
		{"ja", "このモードでは宛先不明アドレスを書き出せません。"},
	}
	for _, tc := range cases {
		m := exportScreen(t, tc.lang, nil)
		next, cmd := m.Update(keyPress("E"))
		m = next.(Model)
		if cmd != nil {
			t.Errorf("%s: the key returned a command without an export function", tc.lang)
		}
		if m.resultKind != resultError {
			t.Errorf("%s: result kind %v, want resultError", tc.lang, m.resultKind)
		}
		if got := footerText(m); got != tc.want {
			t.Errorf("%s: footer %q, want %q", tc.lang, got, tc.want)
		}
	}
}

func TestExportKeyPathSanitized(t *testing.T) {
	export := &fakeExport{path: "/tmp/\x1b]0;title\x07evil.csv", rows: 2}
	m := exportScreen(t, "en", export.export)
	m = send(t, m, keys("E")...)
	if strings.ContainsAny(m.result, "\x1b\x07") {
		t.Errorf("footer keeps control characters from the path: %q", m.result)
	}
}

func TestExportKeyOtherScreens(t *testing.T) {
	export := &fakeExport{path: "out.csv", rows: 2}
	m := exportScreen(t, "en", export.export)
	m = send(t, m, keys("Q")...)
	if m.screen != screenQueue {
		t.Fatalf("screen after Q = %v, want the queue screen", m.screen)
	}
	m = send(t, m, keys("E")...)
	if export.calls != 1 {
		t.Errorf("export on the queue screen ran %d times, want 1", export.calls)
	}

	// While the filter is typed, E is text.
	m = exportScreen(t, "en", export.export)
	m = send(t, m, keys("/", "E")...)
	if export.calls != 1 {
		t.Errorf("E while typing the filter ran the export")
	}
	if m.filter != "E" {
		t.Errorf("filter %q after typing E, want E", m.filter)
	}
}

// At 80 columns the footer shows the whole absolute path of the export,
// wrapped onto a second line, so that the operator can find the file.
func TestExportFooterShowsWholePathAt80(t *testing.T) {
	path := "/home/operator/shop-mail/mailtop-unknown-recipients-20261205-203825.csv"
	// Both lines wrap at the space before the path.
	cases := []struct{ lang, want, join string }{
		{"en", "exported 2 unknown recipients to " + path, " "},
		{"ja", "宛先不明 2 件を出力しました。出力先: " + path, " "},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			export := &fakeExport{path: path, rows: 2}
			m := exportScreen(t, tc.lang, export.export)
			m = send(t, m, keys("E")...)
			lines, _ := resultLines(m)
			if got := strings.Join(lines, tc.join); got != tc.want {
				t.Errorf("footer %q, want %q", lines, tc.want)
			}
			for _, line := range lines {
				if width := ansi.StringWidth(line); width > 80 {
					t.Errorf("footer line %q is %d columns wide, want at most 80", line, width)
				}
			}
		})
	}
}
