package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

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
	fmt.Fprintf(w, "mailtop: %v\n", err)
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
	l := l10n.New(l10n.TextLanguage(langFlag(cmd), os.Getenv))
	if l.Lang() != "ja" {
		if status == 2 {
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
		return status
	}
	fmt.Fprintln(w, l.T(errorHintID(err, status), map[string]any{"Command": cmd.CommandPath()}))
	return status
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

// langFlag returns the --lang value, or "" when the command line did not
// get as far as parsing it.
func langFlag(cmd *cobra.Command) string {
	if cmd == nil {
		return ""
	}
	if flag := cmd.Flags().Lookup("lang"); flag != nil {
		return flag.Value.String()
	}
	return ""
}
