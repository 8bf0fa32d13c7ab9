package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailtop/mailtop/l10n"
)

// TestHelpFitsTerminalWidth prints the help of the root command and of
// every command below it with the built binary, in English and in
// Japanese, and checks that no line is wider than an 80-column terminal.
func TestHelpFitsTerminalWidth(t *testing.T) {
	const maxCells = 80
	bin := buildBinary(t, "test")
	root := newRootCommand()
	initDefaultHelp(root)
	var commands [][]string
	walkCommands(root, func(c *cobra.Command) {
		commands = append(commands, strings.Fields(c.CommandPath())[1:])
	})
	languages := []struct {
		name string
		env  []string
	}{
		{"en", nil},
		{"ja", []string{"LANG=ja_JP.UTF-8"}},
	}
	for _, lang := range languages {
		for _, path := range commands {
			args := append(append([]string{}, path...), "--help")
			t.Run(lang.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				out := runHelp(t, bin, lang.env, args...)
				for i, line := range strings.Split(out, "\n") {
					if strings.Contains(line, "\t") {
						t.Errorf("line %d has a tab, which a terminal shows up to 8 cells wide: %q", i+1, line)
					}
					if width := ansi.StringWidth(line); width > maxCells {
						t.Errorf("line %d is %d cells wide, want at most %d: %q", i+1, width, maxCells, line)
					}
				}
			})
		}
	}
}

// TestFlagUsagesIndentContinuation checks that the flag descriptions of
// every command, in English and in Japanese, start in one column and that
// their continuation lines are indented to it.
func TestFlagUsagesIndentContinuation(t *testing.T) {
	english := newRootCommand()
	initDefaultHelp(english)
	japanese := newRootCommand()
	localizeHelp(japanese, l10n.New(l10n.Japanese))
	layouts := []struct {
		lang       string
		root       *cobra.Command
		flagUsages func(*pflag.FlagSet) string
	}{
		{l10n.English, english, englishFlagUsages},
		{l10n.Japanese, japanese, japaneseFlagUsages},
	}
	for _, layout := range layouts {
		walkCommands(layout.root, func(c *cobra.Command) {
			sections := map[string]*pflag.FlagSet{"local": c.LocalFlags(), "inherited": c.InheritedFlags()}
			for name, flags := range sections {
				where := layout.lang + " " + c.CommandPath() + " " + name + " flags"
				checkFlagUsagesIndent(t, where, layout.flagUsages(flags))
			}
		})
	}
}

// checkFlagUsagesIndent checks one flag section laid out by englishFlagUsages
// or japaneseFlagUsages.
func checkFlagUsagesIndent(t *testing.T, where, usages string) {
	t.Helper()
	column := -1
	for i, line := range strings.Split(usages, "\n") {
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "      --") {
			indent := len(line) - len(strings.TrimLeft(line, " "))
			if indent != column {
				t.Errorf("%s: line %d is indented %d spaces, want %d, the description column: %q", where, i+1, indent, column, line)
			}
			continue
		}
		start := descriptionColumn(line)
		if column == -1 {
			column = start
		}
		if start != column {
			t.Errorf("%s: line %d has its description at column %d, want %d: %q", where, i+1, start, column, line)
		}
	}
}

// descriptionColumn returns the byte offset where the description of a
// flag line starts: after the flag, its placeholder and the padding of at
// least three spaces.
func descriptionColumn(line string) int {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	flagEnd := indent + strings.Index(line[indent:], "   ")
	rest := line[flagEnd:]
	return flagEnd + len(rest) - len(strings.TrimLeft(rest, " "))
}

func TestHelpUseLineBreaksBetweenArguments(t *testing.T) {
	useLine := "mailtop forward (QUEUE_ID... | --bounce FILE) --via RELAY [--to ADDRESS]... [--from ADDRESS] [--attach] [--then keep|hold|delete] [flags]"
	want := "  mailtop forward (QUEUE_ID... | --bounce FILE) --via RELAY [--to ADDRESS]...\n" +
		"                  [--from ADDRESS] [--attach] [--then keep|hold|delete] [flags]"
	if got := helpUseLine("mailtop forward", useLine); got != want {
		t.Errorf("helpUseLine:\ngot:\n%s\nwant:\n%s", got, want)
	}

	// A flag stays with its placeholder: --via would fit on the first
	// line, --via RELAY does not, so it moves to the next line whole.
	narrow := "mailtop forward QUEUE_ID... [--from-address-of-the-original ADDRESS] --via RELAY"
	wantNarrow := "  mailtop forward QUEUE_ID... [--from-address-of-the-original ADDRESS]\n" +
		"                  --via RELAY"
	if got := helpUseLine("mailtop forward", narrow); got != wantNarrow {
		t.Errorf("helpUseLine:\ngot:\n%s\nwant:\n%s", got, wantNarrow)
	}

	short := "mailtop report [flags]"
	if got := helpUseLine("mailtop report", short); got != "  "+short {
		t.Errorf("helpUseLine(%q) = %q, want it unchanged and indented", short, got)
	}
}

func TestWrapHelpTextIndentsTabsWithSpaces(t *testing.T) {
	got := wrapHelpText("Run:\n\n\tsource <(mailtop completion bash)\n\t\tnested")
	want := "Run:\n\n  source <(mailtop completion bash)\n    nested"
	if got != want {
		t.Errorf("wrapHelpText = %q, want %q", got, want)
	}
}

func TestWrapHelpTextKeepsIndent(t *testing.T) {
	long := "  " + strings.Repeat("word ", 20) + "end"
	got := strings.Split(wrapHelpText("short line\n"+long), "\n")
	if got[0] != "short line" {
		t.Errorf("line 1 = %q, want it unchanged", got[0])
	}
	if len(got) < 3 {
		t.Fatalf("wrapHelpText left the %d-cell line unwrapped: %q", len(long), got)
	}
	for i, line := range got[1:] {
		if !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "   ") {
			t.Errorf("line %d = %q, want the two-space indent of the line it continues", i+2, line)
		}
		if width := ansi.StringWidth(line); width > helpWidth {
			t.Errorf("line %d is %d cells wide, want at most %d", i+2, width, helpWidth)
		}
	}
}
