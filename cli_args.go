package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/postfixconf"
)

// rejectArguments is the Args check of a command that takes no positional
// arguments. The error names what to do instead: pass a log file with
// --log or a domain with --domain, pick the subcommand that cobra suggests
// for a misspelled one, or remove the argument.
func rejectArguments(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	arg := args[0]
	command := cmd.CommandPath()
	// data fills the hint line, which only Japanese output prints (see
	// printError), so the lists in it are joined the Japanese way.
	data := map[string]any{"Argument": arg}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	problem := fmt.Sprintf("%s takes no arguments, but got %s", command, strings.Join(quoted, " "))

	switch {
	case takesScopedFlag(cmd, "log") && looksLikeLogPath(arg):
		return hintedError{
			fmt.Errorf("%s: to read the log %s, pass it with --log %s", problem, arg, arg),
			"cli.error.argumentLog", data,
		}
	case takesScopedFlag(cmd, "domain") && looksLikeDomain(arg):
		return hintedError{
			fmt.Errorf("%s: to select the domain %s, pass it with --domain %s", problem, arg, arg),
			"cli.error.argumentDomain", data,
		}
	case !cmd.HasAvailableSubCommands():
		return hintedError{fmt.Errorf("%s: remove %s", problem, pronoun(len(args))), "cli.error.noArguments", data}
	}
	return unknownCommandError(cmd, arg, data)
}

// unknownCommandError returns the error for an argument of cmd that names
// none of its subcommands, with cobra's suggestions when it has any, else
// the list of the subcommands. data is the hint data to add to.
func unknownCommandError(cmd *cobra.Command, arg string, data map[string]any) error {
	command := cmd.CommandPath()
	if suggestions := subcommandSuggestions(cmd, arg); len(suggestions) > 0 {
		for i, name := range suggestions {
			suggestions[i] = command + " " + name
		}
		data["Suggestion"] = strings.Join(suggestions, " または ")
		return hintedError{
			fmt.Errorf("unknown command %q for %s: did you mean %s?", arg, command, joinOr(suggestions)),
			"cli.error.unknownCommandSuggestion", data,
		}
	}
	names := availableSubcommands(cmd)
	data["Commands"] = strings.Join(names, "、")
	return hintedError{
		fmt.Errorf("unknown command %q for %s: use one of %s", arg, command, strings.Join(names, ", ")),
		"cli.error.unknownCommand", data,
	}
}

// subcommandSuggestions returns the names of the subcommands of cmd that
// cobra suggests for the misspelled name arg.
func subcommandSuggestions(cmd *cobra.Command, arg string) []string {
	// cobra sets its default distance of 2 only on the way to its own
	// "unknown command" error, which an Args check replaces.
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	return cmd.SuggestionsFor(arg)
}

// availableSubcommands returns the names of the subcommands of cmd that
// its help lists, without help itself.
func availableSubcommands(cmd *cobra.Command) []string {
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return names
}

// checkHelpTopics makes the help command of root reject a topic that names
// no command, as in mailtop help reprot, with a usage error that suggests
// the nearest command. cobra's own help command prints the root help for
// it instead, with exit status 0, because the root command has an Args
// check.
func checkHelpTopics(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	help, _, err := root.Find([]string{"help"})
	if err != nil || help == root {
		return
	}
	help.Args = func(help *cobra.Command, args []string) error {
		if err := helpTopicError(help.Root(), args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// helpTopicError returns nil when args, the arguments of mailtop help, name
// a command below root, and otherwise an error that names the topic and
// the help command to run instead.
func helpTopicError(root *cobra.Command, args []string) error {
	found, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return nil
	}
	topic := strings.Join(args, " ")
	// helpPath is the help command for found: mailtop help queue for
	// mailtop queue.
	below := strings.Fields(strings.TrimPrefix(found.CommandPath(), root.Name()))
	helpPath := strings.Join(append([]string{root.Name(), "help"}, below...), " ")
	data := map[string]any{"Topic": topic, "Parent": found.CommandPath(), "Help": helpPath}

	if !found.HasAvailableSubCommands() {
		return namedCommandError{hintedError{
			fmt.Errorf("unknown help topic %q: %s has no subcommands, so run %s", topic, found.CommandPath(), helpPath),
			"cli.error.helpNoSubcommands", data,
		}}
	}
	if suggestions := subcommandSuggestions(found, rest[0]); len(suggestions) > 0 {
		for i, name := range suggestions {
			suggestions[i] = helpPath + " " + name
		}
		data["Suggestion"] = strings.Join(suggestions, " または ")
		return namedCommandError{hintedError{
			fmt.Errorf("unknown help topic %q: did you mean %s?", topic, joinOr(suggestions)),
			"cli.error.helpTopicSuggestion", data,
		}}
	}
	names := availableSubcommands(found)
	data["Commands"] = strings.Join(names, "、")
	return namedCommandError{hintedError{
		fmt.Errorf("unknown help topic %q: run %s with one of %s", topic, helpPath, strings.Join(names, ", ")),
		"cli.error.helpTopic", data,
	}}
}

// checkCompletionShells makes mailtop completion reject a shell it has no
// script for, as in mailtop completion tcsh, with a usage error that names
// the shells it supports. cobra's own completion command has no Run
// function, so cobra prints its help with exit status 0 whatever the
// argument. Without an argument it still prints its help.
func checkCompletionShells(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	completion, _, err := root.Find([]string{"completion"})
	if err != nil || completion == root {
		return
	}
	completion.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		return usageError{unsupportedShellError(cmd, args[0])}
	}
	completion.RunE = func(cmd *cobra.Command, args []string) error {
		return cmd.Help()
	}
}

// unsupportedShellError returns the error for mailtop completion given the
// argument shell, which names none of its subcommands.
func unsupportedShellError(cmd *cobra.Command, shell string) error {
	shells := availableSubcommands(cmd)
	data := map[string]any{"Shell": shell, "Shells": strings.Join(shells, "、")}
	return hintedError{
		fmt.Errorf("unsupported shell %q for %s: use one of %s", shell, cmd.CommandPath(), strings.Join(shells, ", ")),
		"cli.error.completionShell", data,
	}
}

// joinOr joins words into "a", "a or b", or "a, b or c".
func joinOr(words []string) string {
	last := len(words) - 1
	if last <= 0 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:last], ", ") + " or " + words[last]
}

// pronoun returns "it" for one argument and "them" for more.
func pronoun(count int) string {
	if count == 1 {
		return "it"
	}
	return "them"
}

// takesScopedFlag reports whether cmd takes the scoped flag name (see
// subcommandFlags). The dashboard, the root command, takes all of them.
func takesScopedFlag(cmd *cobra.Command, name string) bool {
	if !cmd.HasParent() {
		return slices.Contains(scopedFlags, name)
	}
	path := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	i := slices.IndexFunc(subcommandFlags, func(sub subcommandScope) bool { return sub.path == path })
	return i >= 0 && slices.Contains(subcommandFlags[i].flags, name)
}

// looksLikeLogPath reports whether a positional argument is more likely a
// log file than a misspelled subcommand: standard input (-), a path with a
// slash, a name ending in .log or .gz, or an existing file.
func looksLikeLogPath(arg string) bool {
	if arg == "-" || strings.ContainsRune(arg, '/') || strings.HasSuffix(arg, ".log") || strings.HasSuffix(arg, ".gz") {
		return true
	}
	info, err := os.Stat(arg)
	return err == nil && !info.IsDir()
}

// looksLikeDomain reports whether a positional argument is a domain name
// with at least one dot, such as docomo.ne.jp.
func looksLikeDomain(arg string) bool {
	return strings.Contains(arg, ".") && postfixconf.ValidateDomain(strings.ToLower(arg)) == nil
}
