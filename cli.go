package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/postfixconf"
)

// options are the flags shared by every mode.
type options struct {
	logPaths   []string
	configDir  string // Postfix config_directory, passed to every Postfix command as -c DIR
	configFile string // mailtop's own TOML file
	since      string
	year       int
	tz         string
	lang       string
	debugFile  string
	domain     string
	readOnly   bool
	demo       bool
	auditFile  string
	journal    bool // read the systemd journal instead of a log file

	// logArguments are the FILE arguments of mailtop classify, read after
	// the --log files. findLogs moves them to logPaths.
	logArguments []string

	// Resolved by prepare.
	location *time.Location
	logger   *slog.Logger
	closeLog func() error
}

func newRootCommand() *cobra.Command {
	opts := &options{}
	root := &cobra.Command{
		Use:   "mailtop",
		Short: "Live per-domain delivery rates and rescue keys for a Postfix server",
		Long: `mailtop is top for a Postfix mail server. It follows the mail log and shows,
per recipient domain, how many deliveries were sent, deferred, bounced and
expired, and why, with the Japanese mobile carriers pinned on top.

Run without a subcommand for the live dashboard, usually as root:
  sudo mailtop                 the default Postfix instance
  sudo mailtop -c /etc/postfix-out
  mailtop --demo               a recorded shop's day, actions simulated`,
		Version:       versionText(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          rejectArguments,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return opts.prepareCommand(cmd)
		},
		PersistentPostRunE: func(cmd *cobra.Command, args []string) error {
			if opts.closeLog != nil {
				return opts.closeLog()
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDashboard(cmd.Context(), opts)
		},
	}
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate("mailtop {{.Version}}\n")

	flags := root.PersistentFlags()
	flags.StringArrayVar(&opts.logPaths, "log", nil, "read the mail log `FILE` (repeatable; - reads standard input) instead of the one Postfix names")
	flags.BoolVar(&opts.journal, "journal", false, "read Postfix's lines from the systemd journal (journalctl, mail facility) instead of a log file")
	flags.StringVarP(&opts.configDir, "config-directory", "c", "", "use the Postfix instance whose main.cf is in `DIR`; passed to every Postfix command as -c DIR")
	flags.StringVar(&opts.configFile, "config", "", "read mailtop settings from this TOML `FILE` (default /etc/mailtop/config.toml, then $XDG_CONFIG_HOME/mailtop/config.toml)")
	flags.StringVar(&opts.since, "since", "", "start this far back: `VALUE` is a duration above zero such as 30m, 24h or 7d, a time such as 2026-12-04T09:00, or all (dashboard default 24h, report default all)")
	flags.IntVar(&opts.year, "year", 0, "the `YEAR` of log timestamps that carry none, from 1970 to 9999 (default: from the log file's modification time)")
	flags.StringVar(&opts.tz, "tz", "", "time zone `ZONE` of log timestamps without a UTC offset, of --since times and of the times that report and queue print, such as Asia/Tokyo or UTC (default: the local zone)")
	flags.StringVar(&opts.lang, "lang", "", "the screen and message language `LANG`: en or ja (default: from LC_ALL, LC_MESSAGES, LANG)")
	flags.StringVar(&opts.debugFile, "debug", "", "write mailtop's own debug log to this `FILE`")
	flags.StringVar(&opts.domain, "domain", "", "show only this recipient `DOMAIN`, such as docomo.ne.jp")

	root.Flags().BoolVar(&opts.readOnly, "read-only", false, "disable every key that changes the queue or sends mail: deliver now, requeue, hold, release, return to sender, delete, flush and forward")
	root.Flags().StringVar(&opts.auditFile, "audit-log", actions.DefaultAuditPath(), "append a JSON line for every action to this `FILE`")
	root.Flags().BoolVar(&opts.demo, "demo", false, "run the dashboard on an embedded recording of a shop's day; actions are simulated")

	root.AddCommand(newReportCommand(opts))
	root.AddCommand(newQueueCommand(opts))
	root.AddCommand(newClassifyCommand(opts))
	root.AddCommand(newCheckCommand(opts))
	root.AddCommand(newForwardCommand(opts))
	// The completion command is added before markArgumentErrors, so that
	// an argument its shell subcommands do not take is a usage error too.
	checkCompletionShells(root)
	markArgumentErrors(root)
	checkHelpTopics(root)
	installHelpLayout(root)
	installHelpL10n(root)
	return root
}

// markArgumentErrors makes a wrong number or kind of arguments, an unknown
// subcommand included, a usage error (exit status 2) in cmd and every
// command below it.
func markArgumentErrors(cmd *cobra.Command) {
	if validate := cmd.Args; validate != nil {
		cmd.Args = func(cmd *cobra.Command, args []string) error {
			if err := validate(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		markArgumentErrors(sub)
	}
}

// scopedFlags are the root flags that choose which log lines are read and
// what is shown. The dashboard takes all of them; subcommandFlags lists
// the ones each subcommand takes.
var scopedFlags = []string{"log", "journal", "since", "year", "tz", "domain"}

// subcommandScope is a subcommand's path below the root and the
// scopedFlags it takes.
type subcommandScope struct {
	path  string
	flags []string
}

// subcommandFlags lists, for each subcommand by its path below the root,
// the scopedFlags that change what it does. Another scoped flag is
// rejected, so that mailtop forward --domain docomo.ne.jp fails instead of
// forwarding messages to every domain. The flags that are not scoped (-c,
// --config, --lang, --debug) are taken by every command.
var subcommandFlags = []subcommandScope{
	{"report", []string{"log", "journal", "since", "year", "tz", "domain"}},
	{"classify", []string{"log", "journal", "since", "year", "tz", "domain"}},
	// The text listing shows times in --tz, and --json in UTC.
	{"queue", []string{"tz", "domain"}},
	{"queue hold", []string{"domain"}},
	{"queue release", []string{"domain"}},
	// requeue reads the log for the new queue IDs.
	{"queue requeue", []string{"domain", "log", "journal"}},
	{"queue deliver", []string{"domain"}},
	{"queue expire", []string{"domain"}},
	{"queue delete", []string{"domain"}},
	{"check", []string{"domain"}},
	{"forward", nil},
}

// checkFlagScope returns a usage error for a scoped flag given to a
// subcommand that it has no effect on. Commands outside subcommandFlags,
// such as help and completion, are not checked.
func checkFlagScope(cmd *cobra.Command) error {
	scope, ok := scopeOf(cmd)
	if !ok {
		return nil
	}
	for _, name := range scopedFlags {
		flag := cmd.Flags().Lookup(name)
		if flag == nil || !flag.Changed || slices.Contains(scope.flags, name) {
			continue
		}
		return usageError{hintedError{
			fmt.Errorf("--%s has no effect on mailtop %s: remove it (it applies to %s)", name, scope.path, flagCommands(name)),
			"cli.error.flagScope", map[string]any{"Flag": name, "Subcommand": scope.path, "Commands": flagSubcommands(name)},
		}}
	}
	return nil
}

// scopeOf returns the entry of subcommandFlags for cmd, or false for a
// command that is not listed there.
func scopeOf(cmd *cobra.Command) (subcommandScope, bool) {
	path := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	i := slices.IndexFunc(subcommandFlags, func(sub subcommandScope) bool { return sub.path == path })
	if i < 0 {
		return subcommandScope{}, false
	}
	return subcommandFlags[i], true
}

// acceptedInheritedFlags returns the flags cmd inherits from the root
// without the scoped flags that checkFlagScope rejects for it, so that its
// help lists only the flags it takes.
func acceptedInheritedFlags(cmd *cobra.Command) *pflag.FlagSet {
	inherited := cmd.InheritedFlags()
	scope, ok := scopeOf(cmd)
	if !ok {
		return inherited
	}
	accepted := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	inherited.VisitAll(func(f *pflag.Flag) {
		if slices.Contains(scopedFlags, f.Name) && !slices.Contains(scope.flags, f.Name) {
			return
		}
		accepted.AddFlag(f)
	})
	return accepted
}

// flagSubcommands returns the subcommands besides the dashboard that take
// the flag name, each as "mailtop report", for a hint that a Localizer
// joins in its language. A queue action is named only when mailtop queue
// itself does not take the flag, as --log, which only requeue takes, for
// brevity.
func flagSubcommands(name string) l10n.List {
	var commands l10n.List
	for _, sub := range subcommandFlags {
		if !slices.Contains(sub.flags, name) {
			continue
		}
		if parent, _, nested := strings.Cut(sub.path, " "); nested && subcommandTakes(parent, name) {
			continue
		}
		commands = append(commands, "mailtop "+sub.path)
	}
	return commands
}

// subcommandTakes reports whether the subcommand at path takes the scoped
// flag name.
func subcommandTakes(path, name string) bool {
	i := slices.IndexFunc(subcommandFlags, func(sub subcommandScope) bool { return sub.path == path })
	return i >= 0 && slices.Contains(subcommandFlags[i].flags, name)
}

// flagCommands returns the commands that take the scoped flag name, for
// an error message, such as "the dashboard, mailtop report and mailtop
// classify".
func flagCommands(name string) string {
	commands := append([]string{"the dashboard"}, flagSubcommands(name)...)
	last := len(commands) - 1
	if last == 0 {
		return commands[0]
	}
	return strings.Join(commands[:last], ", ") + " and " + commands[last]
}

// prepareCommand checks the scoped flags and the filters for cmd, then
// runs prepare.
func (o *options) prepareCommand(cmd *cobra.Command) error {
	if err := checkFlagScope(cmd); err != nil {
		return err
	}
	if err := checkEmptyFilters(cmd); err != nil {
		return err
	}
	if err := checkYearFlag(cmd, o.year); err != nil {
		return err
	}
	if err := checkDemoSource(o); err != nil {
		return err
	}
	return o.prepare()
}

// checkDemoSource returns a usage error when --demo comes with --log,
// --journal, --since, -c, --year or --tz. The demo replays its embedded
// recording and reads no log and no queue, so the screen would show the
// recording while the operator expects what the flag names.
func checkDemoSource(o *options) error {
	if !o.demo {
		return nil
	}
	if err := checkDemoClock(o); err != nil {
		return err
	}
	flag, source, hint, verb := "", "", "", "read"
	switch {
	case len(o.logPaths) > 0:
		flag, source, hint = "--log", "the log", "cli.error.demoLog"
	case o.journal:
		flag, source, hint = "--journal", "the journal", "cli.error.demoJournal"
	case o.since != "":
		flag, source, hint = "--since", "the log from that time", "cli.error.demoSince"
	case o.configDir != "":
		flag, source, hint, verb = "-c", "that Postfix instance", "cli.error.demoInstance", "watch"
	default:
		return nil
	}
	return usageError{hintedError{
		fmt.Errorf("--demo cannot be combined with %s: the demo shows its embedded recording, not %s, so remove --demo to %s %s, or %s to run the demo",
			flag, source, verb, source, flag),
		hint, map[string]any{},
	}}
}

// checkDemoClock returns a usage error when --demo comes with --year or
// --tz. The replay dates the recording's lines itself, and it reads their
// clock times in the zone that it shows them in, so that neither flag
// changes what the demo shows.
func checkDemoClock(o *options) error {
	var flag, hint string
	switch {
	case o.year != 0:
		flag, hint = "--year", "cli.error.demoYear"
	case o.tz != "":
		flag, hint = "--tz", "cli.error.demoTZ"
	default:
		return nil
	}
	return usageError{hintedError{
		fmt.Errorf("--demo cannot be combined with %s: the demo shows its embedded recording at the dates and clock times it replays, whatever %s is set to, so remove --demo to read a log with %s, or %s to run the demo",
			flag, flag, flag, flag),
		hint, map[string]any{},
	}}
}

// filterFlags are the flags that narrow what a command shows or acts on:
// --domain everywhere, and the filters of mailtop queue and its actions.
var filterFlags = []string{"domain", "sender", "recipient", "queue", "class", "reason"}

// checkEmptyFilters returns a usage error for a filter flag given with an
// empty value. An empty filter is no filter. A script that passes an
// unset variable, as in --domain "$DOMAIN", would otherwise get the report
// of every domain, or act on more queued messages than it meant to.
func checkEmptyFilters(cmd *cobra.Command) error {
	for _, name := range filterFlags {
		flag := cmd.Flags().Lookup(name)
		if flag == nil || !flag.Changed || strings.TrimSpace(flag.Value.String()) != "" {
			continue
		}
		if name == "domain" {
			return usageError{hintedError{
				errors.New("--domain is empty: give a recipient domain such as docomo.ne.jp, or leave out --domain for every domain"),
				"cli.error.domainEmpty", nil,
			}}
		}
		return usageError{hintedError{
			fmt.Errorf("--%s is empty: give a value to match, or leave out --%s", name, name),
			"cli.error.filterEmpty", map[string]any{"Flag": name},
		}}
	}
	return nil
}

// prepare checks and resolves the shared flags before any mode runs.
func (o *options) prepare() error {
	o.location = time.Local
	if o.tz != "" {
		loc, err := time.LoadLocation(o.tz)
		if err != nil {
			return usageError{hintedError{
				fmt.Errorf("invalid --tz %q: %w (use an IANA zone name such as Asia/Tokyo or UTC)", o.tz, err),
				"cli.error.flagTZ", map[string]any{"Value": o.tz},
			}}
		}
		o.location = loc
	}
	if o.year != 0 && (o.year < minYear || o.year > maxYear) {
		return yearError(strconv.Itoa(o.year))
	}
	// --lang JA means ja, as DetectLanguage reads the locale in any case.
	o.lang = strings.ToLower(strings.TrimSpace(o.lang))
	if o.lang != "" && o.lang != "en" && o.lang != "ja" {
		return usageError{hintedError{
			fmt.Errorf("invalid --lang %q: use en or ja", o.lang),
			"cli.error.flagLang", map[string]any{"Value": o.lang},
		}}
	}
	if o.since != "" {
		if _, err := parseSince(o.since, time.Now(), o.location); err != nil {
			return usageError{err}
		}
	}
	// Every command that takes --domain compares it with recipient
	// domains, so a value that cannot be one would match nothing.
	if o.domain != "" {
		if err := postfixconf.ValidateDomain(strings.ToLower(strings.TrimSpace(o.domain))); err != nil {
			data := map[string]any{"Value": o.domain, "Reason": err}
			var domainErr *postfixconf.DomainError
			if errors.As(err, &domainErr) {
				data["Reason"] = domainErr.Reason
			}
			return usageError{hintedError{fmt.Errorf("--domain: %w", err), "cli.error.flagDomain", data}}
		}
	}

	if err := checkConfigPath(o.configFile); err != nil {
		return err
	}

	o.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.debugFile != "" {
		if err := checkDebugPath(o.debugFile); err != nil {
			return err
		}
		f, err := os.OpenFile(o.debugFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("open --debug file: %w (create the directory %s first, or name a file in an existing one)", err, filepath.Dir(o.debugFile))
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("open --debug file: %w (name a file you can write, such as one in /tmp)", err)
		case err != nil:
			return fmt.Errorf("open --debug file: %w", err)
		}
		o.logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
		o.closeLog = f.Close
	}
	return nil
}

// zeroSinceError returns the error for a --since value that is a zero
// duration, such as 0 or 0d.
func zeroSinceError(value string) error {
	return hintedError{
		fmt.Errorf("invalid --since %q: a zero duration starts now, so no line already in the log would be read; give how far back to start, such as 30m, 24h or 7d, or all for the whole log", value),
		"cli.error.sinceZero", map[string]any{"Value": value},
	}
}

// checkDebugPath returns an error naming the fix, a file path, when the
// --debug path is a directory. os.OpenFile would only report "is a
// directory".
func checkDebugPath(path string) error {
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		return nil
	}
	example := filepath.Join(path, "mailtop-debug.log")
	return hintedError{
		fmt.Errorf("--debug %s is a directory: give the path of a file to write, such as %s", path, example),
		"cli.error.debugDirectory", map[string]any{"Path": path, "Example": example},
	}
}

// checkConfigPath returns an error when the --config path is a directory.
// The error names the path and a TOML file in it as an example, where
// reading the directory would only report "is a directory".
func checkConfigPath(path string) error {
	if path == "" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		return nil
	}
	example := filepath.Join(path, "config.toml")
	return hintedError{
		fmt.Errorf("--config %s is a directory: give the path of a TOML file, such as %s", path, example),
		"cli.error.configDirectory", map[string]any{"Path": path, "Example": example},
	}
}

// parseSince turns a --since value into the earliest time to read. The zero
// time means "all". Accepted: all, a Go duration (90s, 30m, 24h), a number
// of days (7d), an RFC 3339 time, or a local date and time in loc
// (2026-12-04, 2026-12-04T09:00, 2026-12-04 09:00:00). A zero duration
// (0, 0s, 0d) is rejected, because it starts at now and so reads no line
// already logged.
func parseSince(value string, now time.Time, loc *time.Location) (time.Time, error) {
	value = strings.TrimSpace(value)
	if value == "all" {
		return time.Time{}, nil
	}
	if days, ok := strings.CutSuffix(value, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n == 0 {
			return time.Time{}, zeroSinceError(value)
		} else if err == nil && n > 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(value); err == nil && d == 0 {
		return time.Time{}, zeroSinceError(value)
	} else if err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t, nil
	}
	var outOfRange string // the field of a date or time in the right form but with an impossible value
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		t, err := time.ParseInLocation(layout, value, loc)
		if err == nil {
			return t, nil
		}
		var parseErr *time.ParseError
		if errors.As(err, &parseErr) && outOfRange == "" {
			if field, ok := strings.CutSuffix(strings.TrimPrefix(parseErr.Message, ": "), " out of range"); ok {
				outOfRange = field
			}
		}
	}
	switch outOfRange {
	case "month", "day", "hour", "minute", "second":
		return time.Time{}, hintedError{
			fmt.Errorf("invalid --since %q: the %s is out of range: give a real date and time, such as 2026-12-04T09:00", value, outOfRange),
			"cli.error.flagSince" + strings.ToUpper(outOfRange[:1]) + outOfRange[1:], map[string]any{"Value": value},
		}
	}
	return time.Time{}, hintedError{
		fmt.Errorf("invalid --since %q: use all, a duration such as 30m, 24h or 7d, or a time such as 2026-12-04T09:00", value),
		"cli.error.flagSince", map[string]any{"Value": value},
	}
}
