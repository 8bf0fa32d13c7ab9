package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailtop/mailtop/l10n"
)

// TestHelpCatalogMatchesCommands checks that every command and flag has a
// catalog id and that its English catalog text equals the text the command
// defines, so a changed help text cannot leave a stale translation behind
// unnoticed. TestJapaneseCatalogComplete in l10n checks that each id has
// Japanese text.
func TestHelpCatalogMatchesCommands(t *testing.T) {
	root := newRootCommand()
	initDefaultHelp(root)
	en := l10n.New(l10n.English)
	for _, entry := range helpEntries(root, en) {
		got := en.T(entry.id, entry.data)
		if got == entry.id {
			t.Errorf("help id %q is missing from the English catalog; add it with the text %q", entry.id, entry.defined)
			continue
		}
		if got != entry.defined {
			t.Errorf("help id %q: catalog text differs from the command's\ncatalog: %q\ncommand: %q", entry.id, got, entry.defined)
		}
	}
}

// TestLongHelpWrapped checks that each line of a command's long help fits
// an 80-column terminal, in English and in Japanese, examples (command
// lines, JSON) included. The help would wrap a longer line when printed,
// but an example wrapped that way is hard to read.
func TestLongHelpWrapped(t *testing.T) {
	limits := []struct {
		lang  string
		cells int // maximum terminal cells of a line
	}{
		{l10n.English, 80},
		{l10n.Japanese, 80},
	}
	for _, limit := range limits {
		root := newRootCommand()
		initDefaultHelp(root)
		loc := l10n.New(limit.lang)
		for _, entry := range helpEntries(root, loc) {
			if !strings.HasSuffix(entry.id, ".long") {
				continue
			}
			for i, line := range strings.Split(loc.T(entry.id, entry.data), "\n") {
				// The first line of a queue action's help is built from
				// its short text and command line, so wrapHelpText wraps
				// it when the help is printed.
				if entry.id == "cli.queue.action.long" && i == 0 {
					continue
				}
				if width := ansi.StringWidth(line); width > limit.cells {
					t.Errorf("%s %s line %d is %d cells wide, want at most %d: %q", limit.lang, entry.id, i+1, width, limit.cells, line)
				}
			}
		}
	}
}

// helpCommands are the command lines whose help the built-binary tests print.
var helpCommands = [][]string{
	{"--help"},
	{"report", "--help"},
	{"queue", "--help"},
	{"queue", "hold", "--help"},
	{"queue", "delete", "--help"},
	{"classify", "--help"},
	{"check", "--help"},
	{"help", "report"},
}

// runHelp runs the built binary with args and a clean locale plus env.
func runHelp(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mailtop %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// englishHelpTexts returns every Short text and flag usage of the English
// commands, the strings a Japanese help must not contain.
func englishHelpTexts(t *testing.T) []string {
	t.Helper()
	root := newRootCommand()
	initDefaultHelp(root)
	var texts []string
	for _, entry := range helpEntries(root, l10n.New(l10n.English)) {
		if strings.HasSuffix(entry.id, ".long") {
			continue
		}
		// The usage line shows `file` as the value name, so the
		// printed usage has no backquotes.
		texts = append(texts, strings.ReplaceAll(entry.defined, "`", ""))
	}
	return texts
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

func TestJapaneseHelpOnBuiltBinary(t *testing.T) {
	bin := buildBinary(t, "test")
	english := englishHelpTexts(t)
	cobraWords := []string{"Usage:", "Flags:", "Global Flags:", "Available Commands:", "(default", "[flags]", "[command]", "help for ", "for more information"}
	selections := []struct {
		name string
		env  []string
		flag []string
	}{
		{"LANG", []string{"LANG=ja_JP.UTF-8"}, nil},
		{"LC_ALL over LANG", []string{"LC_ALL=ja_JP.UTF-8", "LANG=en_US.UTF-8"}, nil},
		{"--lang ja", nil, []string{"--lang", "ja"}},
		{"--lang=ja", nil, []string{"--lang=ja"}},
	}
	for _, sel := range selections {
		for _, args := range helpCommands {
			name := sel.name + "/" + strings.Join(args, " ")
			t.Run(name, func(t *testing.T) {
				out := runHelp(t, bin, sel.env, append(append([]string{}, args...), sel.flag...)...)
				if !strings.Contains(out, "使い方:") || !hasJapanese(out) {
					t.Fatalf("help is not in Japanese:\n%s", out)
				}
				for _, word := range cobraWords {
					if strings.Contains(out, word) {
						t.Errorf("Japanese help contains cobra's English %q:\n%s", word, out)
					}
				}
				// The help wraps long texts, so compare them with the
				// line breaks and indentation as single spaces.
				flat := strings.Join(strings.Fields(out), " ")
				for _, text := range english {
					if strings.Contains(flat, strings.Join(strings.Fields(text), " ")) {
						t.Errorf("Japanese help contains the untranslated text %q", text)
					}
				}
			})
		}
	}
}

func TestEnglishHelpOnBuiltBinary(t *testing.T) {
	bin := buildBinary(t, "test")
	selections := []struct {
		name string
		env  []string
		flag []string
	}{
		{"C locale", nil, nil},
		{"en_US", []string{"LANG=en_US.UTF-8"}, nil},
		{"--lang en over ja locale", []string{"LANG=ja_JP.UTF-8"}, []string{"--lang", "en"}},
		{"invalid --lang", nil, []string{"--lang", "fr"}},
	}
	for _, sel := range selections {
		for _, args := range helpCommands {
			if sel.name == "invalid --lang" && args[0] == "help" {
				// The help command runs the shared flag checks,
				// which reject --lang fr with exit status 2.
				continue
			}
			name := sel.name + "/" + strings.Join(args, " ")
			t.Run(name, func(t *testing.T) {
				out := runHelp(t, bin, sel.env, append(append([]string{}, args...), sel.flag...)...)
				if hasJapanese(out) {
					t.Errorf("English help contains Japanese:\n%s", out)
				}
				if !strings.Contains(out, "Usage:") || !strings.Contains(out, "help for ") {
					t.Errorf("English help lacks cobra's usage section:\n%s", out)
				}
			})
		}
	}
}

// TestEnglishHelpUnchanged checks that the English help is the one cobra
// prints without localization, byte for byte.
func TestEnglishHelpUnchanged(t *testing.T) {
	for _, args := range helpCommands {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", "C")
			localized := newRootCommand()
			plain := newRootCommand()
			plain.SetHelpFunc(nil)
			var gotOut, wantOut strings.Builder
			localized.SetArgs(args)
			localized.SetOut(&gotOut)
			plain.SetArgs(args)
			plain.SetOut(&wantOut)
			if err := localized.Execute(); err != nil {
				t.Fatalf("execute: %v", err)
			}
			if err := plain.Execute(); err != nil {
				t.Fatalf("execute without localization: %v", err)
			}
			if gotOut.String() != wantOut.String() {
				t.Errorf("English help changed:\ngot:\n%s\nwant:\n%s", gotOut.String(), wantOut.String())
			}
		})
	}
}

// TestFlagPlaceholdersNamed checks that the help names the value of every
// flag with a back-quoted word of its usage (--log FILE), not with pflag's
// type name (--log stringArray). The Japanese help must show the same word.
func TestFlagPlaceholdersNamed(t *testing.T) {
	root := newRootCommand()
	initDefaultHelp(root)
	ja := l10n.New(l10n.Japanese)
	walkCommands(root, func(c *cobra.Command) {
		visit := func(f *pflag.Flag) {
			if f.Hidden || f.Value.Type() == "bool" {
				return
			}
			name, _ := pflag.UnquoteUsage(f)
			if name == f.Value.Type() || name == "" || name != strings.ToUpper(name) {
				t.Errorf("%s --%s shows %q in the help: put an upper-case placeholder such as `FILE` in its usage %q", c.CommandPath(), f.Name, name, f.Usage)
			}
		}
		c.LocalFlags().VisitAll(visit)
	})
	for _, entry := range helpEntries(root, l10n.New(l10n.English)) {
		if !strings.Contains(entry.id, ".flag.") {
			continue
		}
		english := backQuoted(entry.defined)
		japanese := backQuoted(ja.T(entry.id, entry.data))
		if english != japanese {
			t.Errorf("%s: the English help shows the placeholder %q, the Japanese one %q", entry.id, english, japanese)
		}
	}
}

// backQuoted returns the first back-quoted word of a flag usage, the
// placeholder pflag shows after the flag name, or "" for none.
func backQuoted(usage string) string {
	_, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return ""
	}
	word, _, ok := strings.Cut(rest, "`")
	if !ok {
		return ""
	}
	return word
}

// TestReadmeFlagPlaceholders checks that README.md and README.ja.md write
// a flag of mailtop itself with a value, such as `--year YEAR`, with the
// placeholder that mailtop --help shows for it, and give the range of
// years that --year takes.
func TestReadmeFlagPlaceholders(t *testing.T) {
	root := newRootCommand()
	// placeholders are the help placeholders by flag, as "--year" and "-c".
	placeholders := map[string]string{}
	root.LocalFlags().VisitAll(func(f *pflag.Flag) {
		name, _ := pflag.UnquoteUsage(f)
		if name == "" {
			return
		}
		placeholders["--"+f.Name] = name
		if f.Shorthand != "" {
			placeholders["-"+f.Shorthand] = name
		}
	})
	// flagWithValue matches a flag and an upper-case value in one code
	// span, such as `--year YEAR` or `-c DIR`.
	flagWithValue := regexp.MustCompile("`(--?[a-z][a-z-]*) ([A-Z][A-Z_]*)")
	for _, file := range []string{"README.md", "README.ja.md"} {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, match := range flagWithValue.FindAllStringSubmatch(string(text), -1) {
			flag, value := match[1], match[2]
			if want, ok := placeholders[flag]; ok && value != want {
				t.Errorf("%s writes %s %s, but mailtop --help shows %s %s", file, flag, value, flag, want)
			}
		}
	}

	yearRanges := map[string]string{"README.md": "`--year YEAR` (1970 to 9999)", "README.ja.md": "`--year YEAR`（1970～9999 の年）"}
	for file, want := range yearRanges {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), want) {
			t.Errorf("%s lacks %q, the range of years that --year takes", file, want)
		}
	}
}

// The help of mailtop queue deliver states in the reader's language that
// postqueue -i runs once per message, and shows the command alone.
func TestQueueDeliverHelpPerMessage(t *testing.T) {
	bin := buildBinary(t, "test")

	// Japanese lines break between any two characters, so compare
	// without white space.
	japanese := strings.Join(strings.Fields(runHelp(t, bin, nil, "queue", "deliver", "--help", "--lang", "ja")), "")
	if !strings.Contains(japanese, "postqueue-iIDです（メッセージごとに1回）") {
		t.Errorf("Japanese help does not say that postqueue -i ID runs once per message:\n%s", japanese)
	}
	if strings.Contains(japanese, "oncepermessage") {
		t.Errorf("Japanese help contains the English words once per message:\n%s", japanese)
	}

	english := strings.Join(strings.Fields(runHelp(t, bin, nil, "queue", "deliver", "--help")), " ")
	if !strings.Contains(english, "with postqueue -i ID, once per message.") {
		t.Errorf("English help does not say that postqueue -i ID runs once per message:\n%s", english)
	}

	hold := strings.Join(strings.Fields(runHelp(t, bin, nil, "queue", "hold", "--help")), " ")
	if strings.Contains(hold, "once per message") {
		t.Errorf("help of queue hold contains once per message, but postsuper -h - runs once:\n%s", hold)
	}
}

// --tz sets the zone of the log timestamps that carry no UTC offset, which
// is not the same set as the timestamps without a year that --year covers.
func TestTZHelpNamesTimestampsWithoutOffset(t *testing.T) {
	english := newRootCommand().PersistentFlags().Lookup("tz").Usage
	if !strings.Contains(english, "log timestamps without a UTC offset") {
		t.Errorf("English help of --tz does not name timestamps without a UTC offset: %q", english)
	}

	japanese := l10n.New(l10n.Japanese).T("cli.flag.tz")
	if !strings.Contains(japanese, "タイムゾーンの入っていないログ時刻") {
		t.Errorf("Japanese help of --tz does not name timestamps without a time zone: %q", japanese)
	}
	if strings.Contains(japanese, "年の入っていない") {
		t.Errorf("Japanese help of --tz names timestamps without a year: %q", japanese)
	}
}

// The top-level help names the queue actions, so that a reader of
// mailtop --help learns that mailtop queue changes the queue too.
func TestRootHelpNamesQueueActions(t *testing.T) {
	bin := buildBinary(t, "test")

	english := strings.Join(strings.Fields(runHelp(t, bin, nil, "--help")), " ")
	if want := "queue List the Postfix queue, or hold, release, requeue, deliver, expire or delete messages in it"; !strings.Contains(english, want) {
		t.Errorf("English help lacks %q:\n%s", want, english)
	}

	japanese := strings.Join(strings.Fields(runHelp(t, bin, nil, "--help", "--lang", "ja")), "")
	if want := "保留・保留解除・再キュー・即時配送・期限切れ・削除"; !strings.Contains(japanese, want) {
		t.Errorf("Japanese help lacks %q:\n%s", want, japanese)
	}
	if strings.Contains(japanese, "一覧表示して終了する") {
		t.Errorf("Japanese help still says that queue only lists:\n%s", japanese)
	}
}

// The help of mailtop report says in both languages that the report reads
// the log alone, so that no one takes it for a count of the queue, whose
// maildrop messages no log line names until pickup takes them.
func TestReportHelpSaysLogOnly(t *testing.T) {
	bin := buildBinary(t, "test")

	english := strings.Join(strings.Fields(runHelp(t, bin, nil, "report", "--help")), " ")
	if !strings.Contains(english, "The report reads the log alone, not the queue") {
		t.Errorf("English help of report does not say that it reads the log alone:\n%s", english)
	}
	if !strings.Contains(english, "the messages in the maildrop queue included") {
		t.Errorf("English help of report does not name the maildrop queue:\n%s", english)
	}

	// Japanese lines break between any two characters, so compare
	// without white space.
	japanese := strings.Join(strings.Fields(runHelp(t, bin, nil, "report", "--help", "--lang", "ja")), "")
	if !strings.Contains(japanese, "集計はログだけから作り、キューは読みません。") {
		t.Errorf("Japanese help of report does not say that it reads the log alone:\n%s", japanese)
	}
}
