package main

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestScopedFlagRejected(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1", "--since", "1h"},
			"--since has no effect on mailtop forward: remove it (it applies to the dashboard, mailtop report and mailtop classify)"},
		{[]string{"--domain", "docomo.ne.jp", "forward", "7E996BE094", "--via", "smtp://127.0.0.1:1"},
			"--domain has no effect on mailtop forward: remove it (it applies to the dashboard, mailtop report, mailtop classify, mailtop queue and mailtop check)"},
		{[]string{"forward", "--bounce", "x.eml", "--via", "smtp://127.0.0.1:1", "--to", "a@example.jp", "--log", "mail.log"},
			"--log has no effect on mailtop forward"},
		{[]string{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1", "--journal"}, "--journal has no effect on mailtop forward"},
		{[]string{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1", "--tz", "UTC"}, "--tz has no effect on mailtop forward"},
		{[]string{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1", "--year", "2026"}, "--year has no effect on mailtop forward"},
		{[]string{"queue", "--since", "1h"}, "--since has no effect on mailtop queue:"},
		{[]string{"queue", "--log", "mail.log"}, "--log has no effect on mailtop queue:"},
		{[]string{"queue", "hold", "--all", "--tz", "UTC"},
			"--tz has no effect on mailtop queue hold: remove it (it applies to the dashboard, mailtop report, mailtop classify and mailtop queue)"},
		{[]string{"check", "--year", "2026"}, "--year has no effect on mailtop check"},
		{[]string{"check", "--tz", "UTC"}, "--tz has no effect on mailtop check"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			root := newRootCommand()
			root.SetArgs(tt.args)
			_, err := root.ExecuteC()
			var usage usageError
			if !errors.As(err, &usage) {
				t.Fatalf("error = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestScopedFlagAccepted(t *testing.T) {
	tests := [][]string{
		{"report", "--log", "mail.log", "--since", "1h", "--year", "2026", "--tz", "UTC", "--domain", "docomo.ne.jp"},
		{"report", "--journal"},
		{"classify", "--log", "mail.log", "--since", "1h", "--year", "2026", "--tz", "UTC", "--domain", "docomo.ne.jp"},
		{"queue", "--tz", "UTC", "--domain", "docomo.ne.jp"},
		{"queue", "delete", "--domain", "docomo.ne.jp"},
		{"check", "--domain", "docomo.ne.jp"},
		{"forward", "7E996BE094", "--via", "smtp://127.0.0.1:1", "-c", "/etc/postfix", "--config", "c.toml", "--lang", "ja", "--debug", "d.log"},
		{"--log", "mail.log", "--since", "1h", "--year", "2026", "--tz", "UTC", "--domain", "docomo.ne.jp"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd, flags, err := newRootCommand().Find(args)
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.ParseFlags(flags); err != nil {
				t.Fatal(err)
			}
			if err := checkFlagScope(cmd); err != nil {
				t.Errorf("checkFlagScope = %v, want nil", err)
			}
		})
	}
}

func TestScopedFlagsCoverSubcommands(t *testing.T) {
	root := newRootCommand()
	walkCommands(root, func(cmd *cobra.Command) {
		if !cmd.HasParent() || cmd.Name() == "help" || cmd.Name() == "completion" || cmd.Parent().Name() == "completion" {
			return
		}
		path := strings.TrimPrefix(cmd.CommandPath(), "mailtop ")
		if !slices.ContainsFunc(subcommandFlags, func(sub subcommandScope) bool { return sub.path == path }) {
			t.Errorf("mailtop %s has no entry in subcommandFlags: list the root flags that change what it does", path)
		}
	})
}

// A subcommand's help lists the scoped flags it takes and none of those
// it rejects, in English and in Japanese, so the help never offers a flag
// that fails.
func TestHelpListsOnlyAcceptedFlags(t *testing.T) {
	bin := buildBinary(t, "test")
	for _, scope := range subcommandFlags {
		for _, lang := range []string{"en", "ja"} {
			args := append(strings.Fields(scope.path), "--help", "--lang", lang)
			out, err := englishCommand(bin, args...).CombinedOutput()
			if err != nil {
				t.Fatalf("mailtop %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			for _, name := range scopedFlags {
				// A flag is listed where a line starts with it. The help
				// of another flag may name it, as that of --tz names
				// --since.
				flagLine := regexp.MustCompile(`(?m)^ +(-[a-z], )?--` + name + `( |$)`)
				listed := flagLine.MatchString(string(out))
				if want := slices.Contains(scope.flags, name); listed != want {
					t.Errorf("mailtop %s --help --lang %s lists --%s: %v, want %v", scope.path, lang, name, listed, want)
				}
			}
		}
	}
}
