package main

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Years that --year accepts. Zero is the flag's default and means "not
// given": the year then comes from the log file's modification time.
const (
	minYear = 1970
	maxYear = 9999
)

// flagError turns pflag's error for a flag value it cannot parse, such as
// `invalid argument "abc" for "--year" flag: strconv.ParseInt: ...`, into
// a usage error that names the flag, the value and the form that the flag
// takes. An unknown flag and a missing value get their own errors (see
// unknownFlagError and missingValueError). Other flag errors keep pflag's
// text.
func flagError(cmd *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	if errors.As(err, &notExist) {
		return unknownFlagError(cmd, notExist)
	}
	var required *pflag.ValueRequiredError
	if errors.As(err, &required) {
		return missingValueError(required)
	}
	var invalid *pflag.InvalidValueError
	if !errors.As(err, &invalid) {
		return usageError{err}
	}
	flag, value := invalid.GetFlag(), invalid.GetValue()
	name := "--" + flag.Name
	data := map[string]any{"Flag": name, "Value": value}
	switch {
	case flag.Name == "year":
		return yearError(value)
	case flag.Value.Type() == "bool":
		return usageError{hintedError{
			fmt.Errorf("invalid %s value %q: give true or false, or %s alone for true", name, value, name),
			"cli.error.flagBool", data,
		}}
	case flag.Value.Type() == "duration":
		return usageError{hintedError{
			fmt.Errorf("invalid %s %q: give a duration with a unit, such as 30s or 2m", name, value),
			"cli.error.flagDuration", data,
		}}
	}
	return usageError{err}
}

// yearError returns the usage error for a --year value that is not a year
// from minYear to maxYear.
func yearError(value string) error {
	return usageError{hintedError{
		fmt.Errorf("invalid --year %q: give a year from %d to %d, such as 2026", value, minYear, maxYear),
		"cli.error.flagYear", map[string]any{"Value": value},
	}}
}

// checkYearFlag returns a usage error when cmd got --year with a value
// outside minYear to maxYear. That includes 0: it is also the default,
// which means that --year was not given, so --year 0 would be ignored.
func checkYearFlag(cmd *cobra.Command, year int) error {
	flag := cmd.Flags().Lookup("year")
	if flag == nil || !flag.Changed || year >= minYear && year <= maxYear {
		return nil
	}
	return yearError(flag.Value.String())
}

// unknownFlagError returns the usage error for a flag that cmd does not
// take. It names the flag as it was typed and suggests the flags of cmd
// with a name near it (see flagSuggestions). A group of shorthands such as
// -year, which pflag reads as -y -e -a -r, gets --year suggested when cmd
// has a flag of that name.
func unknownFlagError(cmd *cobra.Command, notExist *pflag.NotExistError) error {
	command := cmd.CommandPath()
	name, group := notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames()
	// The Japanese hint names a flag in a group as "-year の -y".
	typed, typedJapanese := "--"+name, "--"+name
	var suggestions []string
	if group != "" {
		typed, typedJapanese = "-"+name, "-"+name
		if long, _, _ := strings.Cut(group, "="); long != name {
			typed += " in -" + group
			typedJapanese = "-" + group + " の -" + name
			if slices.Contains(flagSuggestions(cmd, long), long) {
				suggestions = []string{long}
			}
		}
	} else {
		suggestions = flagSuggestions(cmd, name)
	}

	data := map[string]any{"Flag": typedJapanese}
	// A flag that another command takes by that very name is likelier
	// than a misspelling of one of cmd's.
	if group == "" {
		if owners := commandsWithFlag(cmd.Root(), cmd, name); len(owners) > 0 {
			data["Owners"] = strings.Join(owners, "、")
			return usageError{hintedError{
				fmt.Errorf("unknown flag %s for %s: it is a flag of %s", typed, command, joinOr(owners)),
				"cli.error.unknownFlagElsewhere", data,
			}}
		}
	}
	if len(suggestions) == 0 {
		return usageError{hintedError{
			fmt.Errorf("unknown flag %s for %s", typed, command),
			"cli.error.unknownFlag", data,
		}}
	}
	for i, suggestion := range suggestions {
		suggestions[i] = "--" + suggestion
	}
	data["Suggestion"] = strings.Join(suggestions, " または ")
	return usageError{hintedError{
		fmt.Errorf("unknown flag %s for %s: did you mean %s?", typed, command, joinOr(suggestions)),
		"cli.error.unknownFlagSuggestion", data,
	}}
}

// commandsWithFlag returns the paths of the visible commands under root,
// other than cmd, that define a flag called name themselves, so that a
// flag given to the wrong command points to the one that takes it.
func commandsWithFlag(root, cmd *cobra.Command, name string) []string {
	var owners []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		if flag := c.NonInheritedFlags().Lookup(name); c != cmd && c != root && flag != nil && !flag.Hidden {
			owners = append(owners, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return owners
}

// maxFlagDistance is the largest edit distance between a typed flag name
// and a flag that is suggested for it, the default distance that cobra
// uses to suggest a command.
const maxFlagDistance = 2

// flagSuggestions returns the names of the flags of cmd that name may be
// a misspelling of: those within maxFlagDistance edits of it, but fewer
// edits than it has letters, and those that start with it, nearest first. Hidden and deprecated flags are left
// out, and so are the scoped flags that cmd rejects (see checkFlagScope).
func flagSuggestions(cmd *cobra.Command, name string) []string {
	typed := strings.ToLower(name)
	distances := map[string]int{}
	cmd.Flags().VisitAll(func(flag *pflag.Flag) {
		if flag.Hidden || flag.Deprecated != "" {
			return
		}
		if slices.Contains(scopedFlags, flag.Name) && !takesScopedFlag(cmd, flag.Name) {
			return
		}
		// A distance as large as the typed name would suggest flags
		// that share no letter with it, such as --tz for --d.
		distance := editDistance(typed, flag.Name)
		if distance <= maxFlagDistance && distance < len([]rune(typed)) || strings.HasPrefix(flag.Name, typed) {
			distances[flag.Name] = distance
		}
	})
	names := make([]string, 0, len(distances))
	for flagName := range distances {
		names = append(names, flagName)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(distances[a], distances[b]), strings.Compare(a, b))
	})
	return names
}

// editDistance returns the Levenshtein distance between a and b: the
// number of runes to insert, delete or replace to turn a into b.
func editDistance(a, b string) int {
	source, target := []rune(a), []rune(b)
	// previous and current are two rows of the distance matrix: the
	// distances from a prefix of source to every prefix of target.
	previous := make([]int, len(target)+1)
	current := make([]int, len(target)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(source); i++ {
		current[0] = i
		for j := 1; j <= len(target); j++ {
			replace := previous[j-1]
			if source[i-1] != target[j-1] {
				replace++
			}
			current[j] = min(previous[j]+1, current[j-1]+1, replace)
		}
		previous, current = current, previous
	}
	return previous[len(target)]
}

// missingValueError returns the usage error for a flag given without its
// value, as the last argument. It names the flag as it was typed and the
// form it takes, with the placeholder of its help, such as --log FILE.
func missingValueError(required *pflag.ValueRequiredError) error {
	flag := required.GetFlag()
	typed := "--" + required.GetSpecifiedName()
	if required.GetSpecifiedShortnames() != "" {
		typed = "-" + required.GetSpecifiedName()
	}
	if flag.Name == "year" {
		return usageError{hintedError{
			fmt.Errorf("%s needs a value: give a year from %d to %d, such as %s 2026", typed, minYear, maxYear, typed),
			"cli.error.flagYearMissing", map[string]any{"Flag": typed},
		}}
	}
	placeholder, _ := pflag.UnquoteUsage(flag)
	form := typed + " " + placeholder
	return usageError{hintedError{
		fmt.Errorf("%s needs a value: give it as %s", typed, form),
		"cli.error.flagMissingValue", map[string]any{"Flag": typed, "Form": form},
	}}
}
