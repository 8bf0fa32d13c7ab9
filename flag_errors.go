package main

import (
	"errors"
	"fmt"

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
// takes. Other flag errors (an unknown flag, a missing value) keep
// pflag's text.
func flagError(cmd *cobra.Command, err error) error {
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
