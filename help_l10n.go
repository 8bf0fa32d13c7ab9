package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailtop/mailtop/l10n"
)

// The help text of every command and flag lives twice: in English where the
// command is defined, and in the l10n catalog under the ids below, which
// TestHelpCatalogMatchesCommands keeps equal to the definitions. English help
// is printed as defined; for Japanese, localizeHelp swaps in the catalog text
// when help is printed.
//
// The language is chosen when help is printed, not when the commands are
// built, because cobra has parsed --lang by then (also when it comes after
// --help) and the same l10n.TextLanguage rule as the other text output applies.
//
// Catalog ids:
//
//	cli.root.short, cli.root.long                 the root command
//	cli.<path>.short, cli.<path>.long             a subcommand, path joined by dots
//	cli.queue.action.long                         the shared long text of mailtop queue hold, release…
//	cli.flag.<name>                               a flag of the root command
//	cli.<path>.flag.<name>                        a flag defined on a subcommand
//	cli.queue.action.flag.<name>                  a flag of every queue action
//	cli.flag.help, cli.flag.version               the flags cobra adds itself
//	cli.completion.shell.short                    cobra's completion bash, zsh…
const helpIDPrefix = "cli."

// helpEntry is one translatable piece of the command help: the catalog id
// with its template data, the text the command defines and how to replace it.
type helpEntry struct {
	id      string
	data    map[string]any
	defined string
	set     func(string)
}

// installHelpL10n makes root print its help, and that of every command below
// it, in the language l10n.TextLanguage picks from --lang and the locale:
// a Japanese locale that is not UTF-8 gets English unless --lang ja is given.
func installHelpL10n(root *cobra.Command) {
	printHelp := root.HelpFunc()
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		flagValue := ""
		if f := cmd.Flag("lang"); f != nil {
			flagValue = f.Value.String()
		}
		if l10n.TextLanguage(flagValue, os.Getenv) == l10n.Japanese {
			localizeHelp(cmd.Root(), l10n.New(l10n.Japanese))
		}
		printHelp(cmd, args)
	})
}

// localizeHelp replaces the Short and Long text of every command under root,
// the usage of every flag and the usage template with loc's catalog text.
// A piece that has no catalog entry keeps its English text.
func localizeHelp(root *cobra.Command, loc *l10n.Localizer) {
	initDefaultHelp(root)
	for _, entry := range helpEntries(root, loc) {
		if text := loc.T(entry.id, entry.data); text != entry.id {
			entry.set(text)
		}
	}
	root.SetUsageTemplate(japaneseUsageTemplate)
}

// initDefaultHelp adds the help and completion commands and the help and
// version flags that cobra otherwise adds only while executing, so that
// their text can be replaced too.
func initDefaultHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	walkCommands(root, func(c *cobra.Command) { c.InitDefaultHelpFlag() })
}

// walkCommands calls fn for c and every command below it, skipping hidden
// ones such as cobra's __complete.
func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	if c.Hidden {
		return
	}
	fn(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, fn)
	}
}

// helpEntries lists the translatable help of every command under root. loc
// fills the data of texts built from other texts (a queue action's long
// text starts with its short text).
func helpEntries(root *cobra.Command, loc *l10n.Localizer) []helpEntry {
	var entries []helpEntry
	walkCommands(root, func(c *cobra.Command) {
		entries = append(entries, commandEntries(c, loc)...)
	})
	return entries
}

// commandEntries lists the help of one command: its Short and Long text and
// the usage of the flags defined on it.
func commandEntries(c *cobra.Command, loc *l10n.Localizer) []helpEntry {
	path := commandIDPath(c)
	var entries []helpEntry
	shortID, longID, flagPrefix := path+".short", path+".long", path+".flag."
	var longData, shortData map[string]any
	switch {
	case isQueueAction(c):
		longID, flagPrefix = helpIDPrefix+"queue.action.long", helpIDPrefix+"queue.action.flag."
		spec := queueActionSpecOf(c.Name())
		longData = map[string]any{"Short": loc.T(shortID), "Command": spec.command, "PerMessage": spec.perMessage, "Requeue": spec.name == "requeue"}
	case c.HasParent() && c.Parent().Name() == "completion":
		shortID, flagPrefix = helpIDPrefix+"completion.shell.short", helpIDPrefix+"completion.shell.flag."
		shortData = map[string]any{"Shell": c.Name()}
		// NOTE: the long texts of the shell subcommands, cobra's install
		// instructions, stay in English.
		longID = ""
	}
	entries = append(entries, helpEntry{shortID, shortData, c.Short, func(s string) { c.Short = s }})
	if longID != "" && c.Long != "" {
		entries = append(entries, helpEntry{longID, longData, c.Long, func(s string) { c.Long = s }})
	}

	if c == c.Root() {
		flagPrefix = helpIDPrefix + "flag."
	}
	addFlag := func(f *pflag.Flag) {
		id, data := flagPrefix+f.Name, map[string]any(nil)
		switch f.Name {
		case "help":
			id, data = helpIDPrefix+"flag.help", map[string]any{"Command": c.Name()}
		case "version":
			id, data = helpIDPrefix+"flag.version", map[string]any{"Command": c.Name()}
		}
		entries = append(entries, helpEntry{id, data, f.Usage, func(s string) { f.Usage = s }})
	}
	c.PersistentFlags().VisitAll(addFlag)
	c.LocalNonPersistentFlags().VisitAll(addFlag)
	return entries
}

// commandIDPath returns the catalog id prefix of c: cli.root for the root
// command, else cli. and the command path below the root joined by dots.
func commandIDPath(c *cobra.Command) string {
	if !c.HasParent() {
		return helpIDPrefix + "root"
	}
	names := strings.Fields(c.CommandPath())[1:]
	return helpIDPrefix + strings.Join(names, ".")
}

// isQueueAction reports whether c is one of the subcommands of mailtop queue
// that change the queue.
func isQueueAction(c *cobra.Command) bool {
	return c.HasParent() && c.Parent().Name() == "queue" && queueActionSpecOf(c.Name()).command != ""
}

// queueActionSpecOf returns the queue action called name, or a zero spec
// for another name.
func queueActionSpecOf(name string) queueActionSpec {
	for _, spec := range queueActionSpecs {
		if spec.name == name {
			return spec
		}
	}
	return queueActionSpec{}
}

func init() {
	cobra.AddTemplateFunc("japaneseUseLine", japaneseUseLine)
	cobra.AddTemplateFunc("japaneseFlagUsages", japaneseFlagUsages)
}

// japaneseUsageTemplate is englishUsageTemplate with Japanese headings.
// It leaves out command groups, which mailtop does not use.
const japaneseUsageTemplate = `使い方:{{if .Runnable}}
{{helpUseLine .CommandPath (japaneseUseLine .UseLine)}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [コマンド]{{end}}{{if gt (len .Aliases) 0}}

別名:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

例:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

コマンド:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
{{helpCommandLine .}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

オプション:
{{japaneseFlagUsages .LocalFlags}}{{end}}{{if .HasAvailableInheritedFlags}}

共通オプション:
{{japaneseFlagUsages (acceptedInheritedFlags .)}}{{end}}{{if .HasAvailableSubCommands}}

各コマンドの詳しい使い方は "{{.CommandPath}} [コマンド] --help" で表示します。{{end}}
`

// japaneseUseLine translates the placeholders that cobra and mailtop put in
// a usage line.
func japaneseUseLine(line string) string {
	return strings.NewReplacer("[flags]", "[オプション]", "[filters]", "[絞り込み]").Replace(line)
}

// japaneseFlagUsages lays out flags the way pflag's FlagUsagesWrapped
// does, with the default value in Japanese and each description wrapped to
// helpWidth cells under the description column. The flag column is ASCII,
// so its byte length is its width on screen.
func japaneseFlagUsages(flags *pflag.FlagSet) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if name != "" && f.Value.Type() != "bool" {
			left += " " + name
		}
		if !isZeroDefault(f) {
			usage += fmt.Sprintf("（既定値 %q）", f.DefValue)
		}
		width = max(width, len(left))
		rows = append(rows, row{left, usage})
	})
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(hangingIndent(fmt.Sprintf("%-*s   ", width, r.left), r.usage))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// isZeroDefault reports whether f's default is its type's zero value, which
// the help leaves out.
func isZeroDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "0s", "[]":
		return true
	}
	return false
}
