// Package postfixconf reads how a Postfix instance routes and paces mail to
// a destination domain, with postconf and postmap, and suggests the
// settings of a dedicated slow transport when nothing holds the domain back.
//
// It only reads: no function here changes main.cf, master.cf or any table.
// Every command runs as argv through a Runner, never through a shell.
package postfixconf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	argv := in.command("postconf", args...)
	stdout, stderr, err := in.Runner.Run(ctx, argv)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w%s; check that Postfix is installed and the instance's main.cf is readable (pick one with -c DIR)",
			ErrPostconf, strings.Join(argv, " "), err, stderrSuffix(stderr))
	}
	return string(stdout), nil
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
	return values, nil
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
