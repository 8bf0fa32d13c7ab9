package postfixconf

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

// exitStatus1 is a real *exec.ExitError with status 1, the status postmap
// exits with when a key is not found.
var exitStatus1 = sync.OnceValue(func() error {
	return exec.Command("false").Run()
})

// fakePostfix imitates postconf and postmap of Postfix 3.7, from
// an in-memory configuration, and records every argv.
type fakePostfix struct {
	t         *testing.T
	configDir string
	// params are main.cf parameters with their expanded values.
	params map[string]string
	// services are master.cf entries by "name/type", as postconf -M prints them.
	services map[string]string
	// overrides are postconf -P lines by "name/type".
	overrides map[string][]string
	// tables are transport tables by "type:path", each a map of keys.
	tables map[string]map[string]string
	// broken makes postconf fail as it does without a main.cf.
	broken bool

	calls [][]string
}

// qmgrDefaults are Postfix 3.7's defaults of the parameters Check reads.
var qmgrDefaults = map[string]string{
	"default_destination_concurrency_limit":   "20",
	"default_destination_recipient_limit":     "50",
	"default_destination_rate_delay":          "0s",
	"default_transport_rate_delay":            "0s",
	"default_process_limit":                   "100",
	"default_transport":                       "smtp",
	"relay_transport":                         "relay",
	"relay_domains":                           "",
	"relayhost":                               "",
	"sender_dependent_default_transport_maps": "",
	"sender_dependent_relayhost_maps":         "",
	"transport_maps":                          "",
	"parent_domain_matches_subdomains":        "debug_peer_list,fast_flush_domains,mynetworks,permit_mx_backup_networks,qmqpd_authorized_clients,relay_domains,smtpd_access_maps",
}

// newFakePostfix returns a Postfix with the default parameters and the
// smtp and relay services of Debian's master.cf.
func newFakePostfix(t *testing.T, configDir string) *fakePostfix {
	f := &fakePostfix{
		t:         t,
		configDir: configDir,
		params:    map[string]string{},
		services: map[string]string{
			"smtp/unix":  "smtp       unix  -       -       y       -       -       smtp",
			"relay/unix": "relay      unix  -       -       y       -       -       smtp -o syslog_name=postfix/$service_name",
		},
		overrides: map[string][]string{"relay/unix": {"relay/unix/syslog_name = postfix/$service_name"}},
		tables:    map[string]map[string]string{},
	}
	for k, v := range qmgrDefaults {
		f.params[k] = v
	}
	return f
}

func (f *fakePostfix) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	f.calls = append(f.calls, slices.Clone(argv))
	if len(argv) == 0 {
		return nil, nil, errors.New("empty argv")
	}
	name, args := argv[0], argv[1:]
	if f.configDir != "" {
		if len(args) < 2 || args[0] != "-c" || args[1] != f.configDir {
			f.t.Errorf("%q lacks -c %s", argv, f.configDir)
			return nil, []byte("fatal: wrong instance"), exitStatus1()
		}
		args = args[2:]
	}
	switch name {
	case "postconf":
		return f.postconf(args)
	case "postmap":
		return f.postmap(args)
	}
	f.t.Errorf("unexpected command %q", argv)
	return nil, nil, exec.ErrNotFound
}

func (f *fakePostfix) postconf(args []string) ([]byte, []byte, error) {
	if f.broken {
		return nil, []byte("postconf: fatal: open /etc/postfix-x/main.cf: No such file or directory\n"), exitStatus1()
	}
	var out, warn strings.Builder
	switch {
	case len(args) == 2 && args[0] == "-M":
		if line, ok := f.services[args[1]]; ok {
			out.WriteString(line + "\n")
		} else {
			fmt.Fprintf(&warn, "postconf: warning: unmatched request: %q\n", args[1])
		}
	case len(args) == 2 && args[0] == "-P":
		for _, line := range f.overrides[args[1]] {
			out.WriteString(line + "\n")
		}
		if len(f.overrides[args[1]]) == 0 {
			fmt.Fprintf(&warn, "postconf: warning: unmatched request: %q\n", args[1])
		}
	case len(args) >= 1 && args[0] == "-x":
		for _, name := range args[1:] {
			value, ok := f.param(name)
			if !ok {
				fmt.Fprintf(&warn, "postconf: warning: %s: unknown parameter\n", name)
				continue
			}
			writeParameter(&out, name, value)
		}
	case len(args) >= 2 && args[0] == "-n" && args[1] == "-x":
		for _, name := range args[2:] {
			value, set := f.explicit(name)
			if !set {
				continue
			}
			if _, known := f.param(name); known {
				writeParameter(&out, name, value)
			} else {
				fmt.Fprintf(&warn, "postconf: warning: %s: unknown parameter\n", name)
			}
		}
		// postconf warns about every unused main.cf parameter, asked
		// for or not.
		for name, value := range f.params {
			if _, known := f.param(name); !known {
				fmt.Fprintf(&warn, "postconf: warning: %s/main.cf: unused parameter: %s=%s\n", f.configDir, name, value)
			}
		}
	default:
		f.t.Errorf("unexpected postconf arguments %q", args)
	}
	return []byte(out.String()), []byte(warn.String()), nil
}

func writeParameter(out *strings.Builder, name, value string) {
	if value == "" {
		fmt.Fprintf(out, "%s =\n", name)
	} else {
		fmt.Fprintf(out, "%s = %s\n", name, value)
	}
}

// param returns a parameter as postconf -x does: a TRANSPORT_* parameter
// exists only for a service in master.cf and defaults to its default_* one.
func (f *fakePostfix) param(name string) (string, bool) {
	for _, limit := range qmgrLimits {
		transport, ok := strings.CutSuffix(name, "_"+limit)
		if ok && transport != "default" {
			if _, defined := f.services[transport+"/unix"]; !defined {
				return "", false
			}
			if value, set := f.params[name]; set {
				return value, true
			}
			return f.params["default_"+limit], true
		}
	}
	value, ok := f.params[name]
	return value, ok
}

// explicit returns a parameter as main.cf sets it. The fake takes every
// parameter that differs from Postfix's default as set in main.cf.
func (f *fakePostfix) explicit(name string) (string, bool) {
	value, ok := f.params[name]
	if !ok || value == qmgrDefaults[name] {
		return "", false
	}
	return value, true
}

func (f *fakePostfix) postmap(args []string) ([]byte, []byte, error) {
	if len(args) != 3 || args[0] != "-q" {
		f.t.Errorf("unexpected postmap arguments %q", args)
		return nil, nil, exitStatus1()
	}
	key, table := args[1], args[2]
	entries, ok := f.tables[table]
	if !ok {
		_, path, _ := strings.Cut(table, ":")
		return nil, []byte("postmap: fatal: open database " + path + ".db: No such file or directory\n"), exitStatus1()
	}
	value, ok := entries[key]
	if !ok {
		return nil, nil, exitStatus1()
	}
	return []byte(value + "\n"), nil, nil
}

// postmapQueries returns the keys and tables postmap was asked for, as "KEY TABLE".
func (f *fakePostfix) postmapQueries() []string {
	var queries []string
	for _, argv := range f.calls {
		if argv[0] == "postmap" {
			queries = append(queries, argv[len(argv)-2]+" "+argv[len(argv)-1])
		}
	}
	return queries
}
