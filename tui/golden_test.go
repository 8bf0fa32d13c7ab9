package tui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// send runs msgs through Update in order. Each command an Update returns is
// run at once and its message sent too, as the program would, except quit.
func send(t *testing.T, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		m = step(t, m, msg, 0)
	}
	return m
}

// step sends one message and follows the commands it causes.
func step(t *testing.T, m Model, msg tea.Msg, depth int) Model {
	t.Helper()
	if depth > 5 {
		t.Fatalf("commands loop: still running after %d rounds at %T", depth, msg)
	}
	next, cmd := m.Update(msg)
	return runCmd(t, next.(Model), cmd, depth)
}

// runCmd runs cmd and sends its message, except quit. The commands of a
// tea.Batch or tea.Sequence run one after another, in order, each message
// sent before the next command runs. The program runs a batch's commands
// at once, so a test must not rely on that order.
func runCmd(t *testing.T, m Model, cmd tea.Cmd, depth int) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	out := cmd()
	if _, quit := out.(tea.QuitMsg); quit || out == nil {
		return m
	}
	if cmds, ok := commandList(out); ok {
		for _, c := range cmds {
			m = runCmd(t, m, c, depth+1)
		}
		return m
	}
	return step(t, m, out, depth+1)
}

// commandList returns the commands of a message from tea.Batch
// (tea.BatchMsg) or tea.Sequence, whose message type is not exported and
// is recognized as a slice of tea.Cmd.
func commandList(msg tea.Msg) ([]tea.Cmd, bool) {
	if batch, ok := msg.(tea.BatchMsg); ok {
		return batch, true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// keyPress returns the message of one key; names follow msg.String().
func keyPress(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("keyPress: unknown key " + name)
	}
	if r[0] >= 'A' && r[0] <= 'Z' {
		return tea.KeyPressMsg{Code: r[0] + ('a' - 'A'), ShiftedCode: r[0], Mod: tea.ModShift, Text: name}
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// keys returns the messages of several keys.
func keys(names ...string) []tea.Msg {
	msgs := make([]tea.Msg, len(names))
	for i, name := range names {
		msgs[i] = keyPress(name)
	}
	return msgs
}

// newScreen returns a model of the given size showing the fixture snapshot.
func newScreen(t *testing.T, opts Options, width, height int) Model {
	t.Helper()
	return send(t, New(opts),
		tea.WindowSizeMsg{Width: width, Height: height},
		SnapshotMsg{Snapshot: fixtureSnapshot(), LinesPerSecond: 42.5})
}

// screenText returns the screen as plain text, escape sequences removed.
func screenText(m Model) string {
	return ansi.Strip(m.View().Content)
}

// checkGolden compares got with testdata/name.golden, or rewrites the file
// with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("write %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./tui -update to create it)", path, err)
	}
	if got != string(want) {
		t.Errorf("screen differs from %s (run go test ./tui -update and review the diff)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// checkScreenShape checks that text is exactly height lines of width cells.
func checkScreenShape(t *testing.T, text string, width, height int) {
	t.Helper()
	lines := strings.Split(text, "\n")
	if len(lines) != height {
		t.Errorf("screen has %d lines, want %d", len(lines), height)
	}
	for i, line := range lines {
		if w := ansi.StringWidth(line); w != width {
			t.Errorf("line %d is %d cells wide, want %d: %q", i+1, w, width, line)
		}
	}
	if strings.ContainsAny(text, "\x1b\a\r\u009b") {
		t.Errorf("screen text has a control character: %q", text)
	}
}

func TestGoldenScreens(t *testing.T) {
	scenes := []struct {
		name string
		keys []string
	}{
		{"main", nil},
		{"domain", []string{"enter"}},
		{"message", []string{"enter", "enter"}},
		{"help", []string{"?"}},
		{"confirm", []string{"enter", "i"}},
		{"feed", []string{"tab", "down"}},
		{"filter", []string{"/", "c", "o"}},
	}
	sizes := []struct{ width, height int }{{80, 24}, {132, 40}}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range sizes {
			for _, scene := range scenes {
				name := scene.name + "-" + lang + "-" + itoa(size.width) + "x" + itoa(size.height)
				t.Run(name, func(t *testing.T) {
					opts := testOptions(lang, &fakeSource{}, &fakeActor{})
					if scene.name == "help" {
						// The help lists only the keys that work: give
						// every key something to do.
						opts.QueueActor = &fakeBatch{}
						opts.ExportUnknown = func(context.Context) (string, int, error) { return "", 0, nil }
					}
					m := newScreen(t, opts, size.width, size.height)
					m = send(t, m, keys(scene.keys...)...)
					text := screenText(m)
					checkScreenShape(t, text, size.width, size.height)
					checkGolden(t, name, text)
				})
			}
		}
	}
}

// itoa formats a small non-negative int.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var digits []byte
	for ; n > 0; n /= 10 {
		digits = append([]byte{byte('0' + n%10)}, digits...)
	}
	return string(digits)
}
