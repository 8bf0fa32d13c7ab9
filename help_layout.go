package main

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailtop/mailtop/tui"
)

// helpWidth is the width in terminal cells that the command help is laid
// out for, that of a standard terminal. It is fixed rather than read from
// COLUMNS or the terminal, so the help reads the same in a pipe, a pager
// and a test.
const helpWidth = 80

// minHelpTextWidth is the narrowest column that help text is wrapped into.
// A left column wider than helpWidth-minHelpTextWidth makes lines overflow
// helpWidth rather than squeeze the text into a few cells.
const minHelpTextWidth = 24

func init() {
	cobra.AddTemplateFunc("helpUseLine", helpUseLine)
	cobra.AddTemplateFunc("helpCommandLine", helpCommandLine)
	cobra.AddTemplateFunc("englishFlagUsages", englishFlagUsages)
	cobra.AddTemplateFunc("wrapHelpText", wrapHelpText)
	cobra.AddTemplateFunc("acceptedInheritedFlags", acceptedInheritedFlags)
}

// installHelpLayout makes root and every command below it print their help
// wrapped to helpWidth cells. localizeHelp replaces the usage template with
// japaneseUsageTemplate, which wraps the same way.
func installHelpLayout(root *cobra.Command) {
	root.SetHelpTemplate(helpTemplate)
	root.SetUsageTemplate(englishUsageTemplate)
}

// helpTemplate prints the long text of a command, or else its short text,
// and then its usage, as cobra's default help does, but with lines wider
// than helpWidth wrapped.
const helpTemplate = `{{with (or .Long .Short)}}{{wrapHelpText (trimTrailingWhitespaces .)}}

{{end}}{{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}`

// englishUsageTemplate lays out the usage as cobra's default usage
// template does, with the usage line, the command list and the flags
// wrapped to helpWidth. Like japaneseUsageTemplate, it leaves out command
// groups and help topics, which mailtop does not use.
const englishUsageTemplate = `Usage:{{if .Runnable}}
{{helpUseLine .CommandPath .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Available Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
{{helpCommandLine .}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{englishFlagUsages .LocalFlags}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{englishFlagUsages (acceptedInheritedFlags .)}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}
`

// englishFlagUsages lays out flags as pflag does, with each description
// wrapped to helpWidth and its continuation lines indented to the
// description column. pflag counts bytes, which is right for the English
// text.
func englishFlagUsages(flags *pflag.FlagSet) string {
	return strings.TrimRightFunc(flags.FlagUsagesWrapped(helpWidth), unicode.IsSpace)
}

// helpUseLine lays out the usage line of the command at commandPath,
// indented by two spaces. A line wider than helpWidth continues under the
// first argument and breaks only between arguments (see usageArguments).
func helpUseLine(commandPath, useLine string) string {
	const margin = "  "
	args, ok := strings.CutPrefix(useLine, commandPath+" ")
	if !ok {
		return margin + useLine
	}
	indent := strings.Repeat(" ", len(margin)+ansi.StringWidth(commandPath)+1)
	lines := []string{margin + commandPath}
	for i, arg := range usageArguments(args) {
		last := &lines[len(lines)-1]
		if i > 0 && ansi.StringWidth(*last)+1+ansi.StringWidth(arg) > helpWidth {
			lines = append(lines, indent+arg)
			continue
		}
		*last += " " + arg
	}
	return strings.Join(lines, "\n")
}

// usageArguments splits the arguments of a usage line at the spaces that
// are outside brackets, and keeps a flag with the upper-case placeholder
// of its value, so that (QUEUE_ID... | --bounce FILE), [--to ADDRESS]...
// and --via RELAY each stay on one line.
func usageArguments(args string) []string {
	var words []string
	depth, start := 0, 0
	for i, r := range args {
		switch {
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
		case r == ' ' && depth == 0:
			words = appendUsageArgument(words, args[start:i])
			start = i + 1
		}
	}
	return appendUsageArgument(words, args[start:])
}

// appendUsageArgument appends word to words, or joins it to the last word
// when that is a flag and word is the placeholder of its value.
func appendUsageArgument(words []string, word string) []string {
	if word == "" {
		return words
	}
	last := len(words) - 1
	if last >= 0 && strings.HasPrefix(words[last], "-") && word[0] >= 'A' && word[0] <= 'Z' {
		words[last] += " " + word
		return words
	}
	return append(words, word)
}

// helpCommandLine lays out the line of c in its parent's command list: the
// name padded as cobra pads it, then the short text, whose continuation
// lines start under the text.
func helpCommandLine(c *cobra.Command) string {
	return hangingIndent(fmt.Sprintf("  %-*s ", c.NamePadding(), c.Name()), c.Short)
}

// wrapHelpText wraps each line of a command's long help that is wider than
// helpWidth, and indents its continuation lines as the line itself. The
// catalog texts are wrapped by hand, as TestLongHelpWrapped checks. So
// this wraps cobra's own texts, such as the help of mailtop completion
// bash, and the first line of a queue action's help, which is built from
// its short text and its command line.
//
// A tab that indents a line, as in cobra's completion help, becomes two
// spaces, the indentation of mailtop's own examples: a terminal shows a tab
// up to 8 cells wide, which would push a shell command over helpWidth.
func wrapHelpText(text string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		body := strings.TrimLeft(line, "\t")
		line = strings.Repeat("  ", len(line)-len(body)) + body
		if ansi.StringWidth(line) > helpWidth {
			body = strings.TrimLeft(line, " ")
			line = hangingIndent(line[:len(line)-len(body)], body)
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// hangingIndent returns left followed by text, wrapped to helpWidth cells
// with tui.WrapText, which keeps the Japanese line-break rules, and with
// every further line indented to where text starts.
func hangingIndent(left, text string) string {
	indent := ansi.StringWidth(left)
	lines := tui.WrapText(text, max(helpWidth-indent, minHelpTextWidth))
	return left + strings.Join(lines, "\n"+strings.Repeat(" ", indent))
}
