// Package postfixconf reads how a Postfix instance routes and paces mail to
// a destination domain, with postconf and postmap, and suggests the
// settings of a dedicated slow transport when nothing holds a Japanese
// mobile carrier's domain back.
//
// It only reads: no function here changes main.cf, master.cf or any table.
// Every command runs as argv through a Runner, never through a shell.
package postfixconf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Runner runs a command from its argv, without a shell. sources.ExecRunner
// satisfies it.
type Runner interface {
	// Run runs argv[0] with the arguments argv[1:] and returns what it
	// wrote to stdout and stderr. err is an *exec.ExitError when the
	// command ran and exited with a non-zero status, and another error
	// when it could not run at all.
	Run(ctx context.Context, argv []string) (stdout, stderr []byte, err error)
}

// Inspector reads the configuration of one Postfix instance.
type Inspector struct {
	Runner Runner
	// ConfigDir is the instance's config_directory, passed to postconf
	// and postmap as -c DIR. Empty means the default instance.
	ConfigDir string
}

// ErrPostconf means postconf could not read the instance's configuration:
// Postfix is not installed, or main.cf is missing or unreadable.
var ErrPostconf = errors.New("postconf failed")

// CommandError is a failure of postconf or postmap. Its text, that of Err,
// contains Command, the command line that failed, so that a caller that
// wraps the text can keep the command line on one line.
type CommandError struct {
	Command string
	Err     error
}

func (e *CommandError) Error() string { return e.Err.Error() }
func (e *CommandError) Unwrap() error { return e.Err }

// command returns argv for a Postfix command, with -c DIR when the
// inspector names an instance.
func (in *Inspector) command(name string, args ...string) []string {
	argv := []string{name}
	if in.ConfigDir != "" {
		argv = append(argv, "-c", in.ConfigDir)
	}
	return append(argv, args...)
}

// postconf runs postconf with args and returns its stdout. Warnings on
// stderr with a zero exit status ("unknown parameter", "unmatched
// request") are not errors: the caller sees the missing lines instead.
func (in *Inspector) postconf(ctx context.Context, args ...string) (string, error) {
	stdout, _, err := in.postconfOutput(ctx, args...)
	return stdout, err
}

// postconfOutput runs postconf with args and returns its stdout and its
// stderr, where it writes warnings.
func (in *Inspector) postconfOutput(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	argv := in.command("postconf", args...)
	out, warnings, err := in.Runner.Run(ctx, argv)
	if err != nil {
		hint := "check that Postfix is installed and the instance's main.cf is readable (pick one with -c DIR)"
		if in.ConfigDir != "" {
			hint = fmt.Sprintf("check that Postfix is installed and that %s is the directory of a readable main.cf, or leave out -c for the default instance", in.ConfigDir)
		}
		command := strings.Join(argv, " ")
		return "", "", &CommandError{Command: command, Err: fmt.Errorf("%w: %s: %w%s; %s",
			ErrPostconf, command, err, stderrSuffix(warnings), hint)}
	}
	return string(out), string(warnings), nil
}

// parameters returns the values of the named main.cf parameters with
// $name references expanded (postconf -x). A name postconf does not know
// is missing from the map.
func (in *Inspector) parameters(ctx context.Context, names ...string) (map[string]string, error) {
	out, err := in.postconf(ctx, append([]string{"-x"}, names...)...)
	if err != nil {
		return nil, err
	}
	values := make(map[string]string, len(names))
	parseParameters(out, values)
	return values, nil
}

// explicitParameters returns the values that main.cf itself sets for the
// named parameters (postconf -n -x), leaving out those it does not set.
//
// postconf prints only the parameters it recognizes, and it does not
// recognize the TRANSPORT_* parameters of a transport that master.cf
// lacks, such as au_destination_concurrency_limit. Postfix 3.7 writes
// those to stderr instead, as "warning: /etc/postfix/main.cf: unused
// parameter: NAME=VALUE", so their values come from there, unexpanded.
func (in *Inspector) explicitParameters(ctx context.Context, names ...string) (map[string]string, error) {
	out, warnings, err := in.postconfOutput(ctx, append([]string{"-n", "-x"}, names...)...)
	if err != nil {
		return nil, err
	}
	values := make(map[string]string, len(names))
	for _, line := range strings.Split(warnings, "\n") {
		_, setting, found := strings.Cut(line, ": unused parameter: ")
		name, value, ok := strings.Cut(setting, "=")
		if found && ok && slices.Contains(names, strings.TrimSpace(name)) {
			values[strings.TrimSpace(name)] = strings.TrimSpace(value)
		}
	}
	parseParameters(out, values)
	return values, nil
}

// parseParameters adds the "name = value" lines of postconf's output to
// values.
func parseParameters(out string, values map[string]string) {
	for _, line := range strings.Split(out, "\n") {
		name, value, ok := strings.Cut(line, " = ")
		if !ok {
			// "name =" with an empty value has no space after '='.
			name, ok = strings.CutSuffix(line, " =")
			value = ""
		}
		if ok {
			values[strings.TrimSpace(name)] = strings.TrimSpace(value)
		}
	}
}

func stderrSuffix(stderr []byte) string {
	text := strings.TrimSpace(string(bytes.ToValidUTF8(stderr, []byte("?"))))
	if text == "" {
		return ""
	}
	return ": " + text
}

// splitList splits a Postfix list value ("a, b c") at commas and white
// space, as main.cf lists are written. Separators inside braces belong to
// the element, so "inline:{ a=b, c=d }" stays whole.
func splitList(value string) []string {
	var items []string
	depth, start := 0, -1
	for i, r := range value {
		separator := depth == 0 && (r == ',' || r == ' ' || r == '\t' || r == '\n')
		switch {
		case separator && start >= 0:
			items = append(items, value[start:i])
			start = -1
		case separator:
		case start < 0:
			start = i
		}
		switch r {
		case '{':
			depth++
		case '}':
			depth = max(depth-1, 0)
		}
	}
	if start >= 0 {
		items = append(items, value[start:])
	}
	return items
}
