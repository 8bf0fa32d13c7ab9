package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/postfixconf"
	"github.com/mailtop/mailtop/sources"
)

// printError writes err for the operator and returns the exit status: 2
// for a command-line error, the error's own ExitStatus when it has one
// (mailtop forward), 1 for anything else.
//
// The error line itself stays in English, as the code, the operating
// system and Postfix word it, so that it can be searched for. In Japanese
// (--lang ja or a Japanese locale) a second line says in Japanese what
// kind of failure it is and what to do.
func printError(w io.Writer, cmd *cobra.Command, err error) int {
	if wrapped := (wrappedError{}); errors.As(err, &wrapped) {
		writeWrappedText(w, "mailtop: ", err.Error(), wrapped.whole)
	} else {
		fmt.Fprintf(w, "mailtop: %v\n", err)
	}
	status := 1
	var usage usageError
	var coded interface{ ExitStatus() int }
	switch {
	case errors.As(err, &usage):
		status = 2
	case errors.As(err, &coded):
		status = coded.ExitStatus()
	}

	// A Japanese locale that is not UTF-8 gets English: the catalog's
	// UTF-8 Japanese would come out garbled on that terminal.
	l := l10n.New(l10n.TextLanguage(validLang(langFlag(cmd)), os.Getenv))
	if l.Lang() != "ja" {
		var named namedCommandError
		if status == 2 && !errors.As(err, &named) {
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
		return status
	}
	id, data := errorHint(err, status)
	data["Command"] = cmd.CommandPath()
	// ErrorText words the errors in data, such as a [[relay]] error, in
	// the hint's language.
	fmt.Fprintln(w, l.ErrorText(l10n.NewError(id, data)))
	return status
}

// wrappedError is an error whose line printError writes wrapped at
// checkLineWidth, as mailtop check wraps its text, such as the failure of
// postconf with its command line and paths. Each text in whole, such as
// that command line, stays whole on one line even when it is wider. The
// Japanese hint line after it stays one line, as after every error.
type wrappedError struct {
	error
	whole []string
}

func (e wrappedError) Unwrap() error { return e.error }

// writeWrappedText writes text after prefix, wrapped at the spaces to
// checkLineWidth cells, and indents the lines after the first to the end
// of prefix. It never breaks a word, so a path stays whole, nor a text of
// whole, which goes on a line of its own when it does not fit. A line
// break in text, as between the lines of postconf's standard error, is
// kept.
func writeWrappedText(w io.Writer, prefix, text string, whole []string) {
	// A no-break space holds the words of each whole text together
	// until the line is written.
	const noBreakSpace = "\u00a0"
	for _, keep := range whole {
		if keep != "" {
			text = strings.ReplaceAll(text, keep, strings.ReplaceAll(keep, " ", noBreakSpace))
		}
	}
	indent := strings.Repeat(" ", ansi.StringWidth(prefix))
	width := max(checkLineWidth-len(indent), 20)
	var lines []string
	for _, paragraph := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Split(paragraph, " ") {
			switch {
			case word == "":
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	for i, line := range lines {
		lead := indent
		if i == 0 {
			lead = prefix
		}
		fmt.Fprintf(w, "%s%s\n", lead, strings.ReplaceAll(line, noBreakSpace, " "))
	}
}

// hintedError is an error with its own hint line: the catalog text hint,
// filled with data, so that the Japanese line can name the values that
// the English error line names.
type hintedError struct {
	err  error
	hint string
	data map[string]any
}

func (e hintedError) Error() string { return e.err.Error() }
func (e hintedError) Unwrap() error { return e.err }

// namedCommandError is a usage error whose line already names the command
// to run instead, as in "did you mean mailtop help report?". printError
// leaves out the generic "Run '... --help' for usage." line after it in
// English. The Japanese hint line still follows it.
type namedCommandError struct{ error }

func (e namedCommandError) Unwrap() error { return e.error }

// errorHint returns the catalog id and template data of the hint line
// for err: a hintedError's own, else errorHintID's, with no data.
func errorHint(err error, status int) (string, map[string]any) {
	data := map[string]any{}
	var hinted hintedError
	if errors.As(err, &hinted) {
		maps.Copy(data, hinted.data)
		return hinted.hint, data
	}
	var notRunning *actions.NotRunningError
	if errors.As(err, &notRunning) {
		data["Start"] = notRunning.StartCommand()
		switch {
		case notRunning.Undelivered:
			return "cli.error.postfixNotRunningUndelivered", data
		case notRunning.Listing:
			return "cli.error.postfixNotRunningListing", data
		}
		return "cli.error.postfixNotRunning", data
	}
	// An error about a [[relay]] table is a catalog error, and the hint
	// repeats it in the hint's language, with the config file's path when
	// the error has it.
	var relay *l10n.Error
	if errors.Is(err, config.ErrRelay) && errors.As(err, &relay) {
		data["Error"] = relay
		return "cli.error.configRelay", data
	}
	// The other errors that config.Load returns are catalog errors too,
	// which name the value and the fix, so the hint is that error in the
	// hint's language.
	var configFile *l10n.Error
	if (errors.Is(err, config.ErrInvalid) || errors.Is(err, config.ErrRead)) && errors.As(err, &configFile) {
		data["Error"] = configFile
		return "cli.error.configFile", data
	}
	// The error names the fix, so the hint is its text in the hint's
	// language.
	var missing *sources.MainCFMissingError
	if errors.As(err, &missing) {
		data["Error"] = missing
		return "cli.error.mainCFMissing", data
	}
	// The rejection names the fix, so the hint is its text in the hint's
	// language.
	var rejected *sources.ConfigDirRejectedError
	if errors.As(err, &rejected) {
		data["Error"] = rejected
		return "cli.error.configDirRejected", data
	}
	var logFile *actions.LogFileError
	if errors.As(err, &logFile) {
		data["Start"] = logFile.StartCommand()
		data["Path"] = logFile.Path
		return "cli.error.postsuperLogFile", data
	}
	var binary *sources.BinaryLogError
	if errors.As(err, &binary) {
		data["Path"] = binaryLogName(binary)
	}
	return errorHintID(err, status), data
}

// binaryLogName returns the log that err names, for a hint's template
// data: its path, or standard input in the hint's language.
func binaryLogName(err *sources.BinaryLogError) any {
	if err.Name == sources.StandardInputName {
		return l10n.NewError("log.stdin", nil)
	}
	return err.Name
}

// warningPrefix starts every warning on standard error. Like the
// "mailtop: " of an error it stays in English, so that a script can tell a
// warning from an error in any language. The text after it follows the
// chosen language.
const warningPrefix = "mailtop: warning: "

// printWarning writes the catalog text id to w as one warning line. A
// warning leaves the exit status unchanged.
func printWarning(w io.Writer, tr *l10n.Localizer, id string, data map[string]any) {
	fmt.Fprintf(w, "%s%s\n", warningPrefix, tr.T(id, data))
}

// errorHintID picks the catalog text that explains err.
func errorHintID(err error, status int) string {
	switch {
	case errors.Is(err, forward.ErrNotMessage), errors.Is(err, forward.ErrNotReport), errors.Is(err, forward.ErrHeadersOnly):
		return "cli.error.bounce"
	case status == 2:
		return "cli.error.usage"
	case errors.Is(err, sources.ErrNoLog):
		return "cli.error.noLog"
	case errors.Is(err, sources.ErrNoJournal):
		return "cli.error.noJournal"
	case errors.Is(err, sources.ErrNoPostfix):
		return "cli.error.noPostfix"
	case errors.Is(err, sources.ErrBinaryLog):
		return "cli.error.binaryLog"
	case errors.Is(err, postfixconf.ErrPostconf):
		return "cli.error.postconf"
	case errors.Is(err, fs.ErrPermission):
		return "cli.error.permission"
	case errors.Is(err, fs.ErrNotExist):
		return "cli.error.notExist"
	case errors.Is(err, config.ErrInvalid):
		return "cli.error.config"
	}
	return "cli.error.other"
}

// langFlag returns the --lang value. When the command line failed before
// pflag parsed --lang, as in mailtop report --year abc --lang ja, it
// returns the value that the arguments give --lang, if any.
func langFlag(cmd *cobra.Command) string {
	if cmd != nil {
		if flag := cmd.Flags().Lookup("lang"); flag != nil && flag.Changed {
			return flag.Value.String()
		}
	}
	return langArgument(os.Args[1:])
}

// validLang returns lang when --lang accepts it, and "" otherwise, so
// that the hint for an invalid --lang, such as jp typed for ja, follows
// the locale instead of falling back to English.
func validLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if lang == l10n.English || lang == l10n.Japanese {
		return lang
	}
	return ""
}

// langArgument returns the value of the last --lang in args, in the form
// --lang VALUE or --lang=VALUE, or "" when there is none. Arguments after
// "--" are not flags.
func langArgument(args []string) string {
	lang := ""
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if value, ok := strings.CutPrefix(arg, "--lang="); ok {
			lang = value
		} else if arg == "--lang" && i+1 < len(args) {
			lang = args[i+1]
		}
	}
	return lang
}
