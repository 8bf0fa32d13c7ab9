// Package config loads mailtop's TOML configuration file.
package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/postfixconf"
)

// DefaultWatch is the watch list used when the config file names none: the
// Japanese mobile carriers' mail domains, pinned on top of the domain table.
var DefaultWatch = []string{
	"docomo.ne.jp",
	"ezweb.ne.jp",
	"au.com",
	"softbank.ne.jp",
	"i.softbank.jp",
	"ymobile.ne.jp",
	"rakumail.jp",
}

// Config is the content of config.toml. Every field is optional.
type Config struct {
	// Watch lists the recipient domains pinned on top of the screen and
	// listed first in reports, in display order.
	Watch []string `toml:"watch"`
	// Overrides are the [[override]] tables: reason-class rules tried in
	// file order before the built-in ones. Load checks that each compiles
	// with diagnose.CompileOverrides.
	Overrides []diagnose.OverrideRule `toml:"override"`
	// Alerts are the [[alert]] tables: rate thresholds per domain or
	// carrier, with an optional hook command (see alerts.Rule). Load checks
	// them with alerts.Compile.
	Alerts []alerts.Rule `toml:"alert"`
	// Relays are the [[relay]] tables: the SMTP servers mailtop forward may
	// send a message through (see Relay). Load checks them.
	Relays []Relay `toml:"relay"`
}

// File is a loaded configuration and where it came from.
type File struct {
	Config
	// Path is the file that was read, or "" when none was found and the
	// defaults apply.
	Path string
	// Thresholds are the checked Alerts, in file order, for alerts.Evaluate.
	Thresholds []alerts.Threshold
}

// SearchPaths returns the files tried, in order, when --config is not
// given: /etc/mailtop/config.toml, then $XDG_CONFIG_HOME/mailtop/config.toml
// (or ~/.config/mailtop/config.toml).
func SearchPaths(getenv func(string) string) []string {
	paths := []string{"/etc/mailtop/config.toml"}
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
		paths = append(paths, filepath.Join(dir, "mailtop", "config.toml"))
	} else if home := getenv("HOME"); home != "" {
		paths = append(paths, filepath.Join(home, ".config", "mailtop", "config.toml"))
	}
	return paths
}

// Load reads the file at explicit when it is not empty; a missing explicit
// file is an error. Otherwise it reads the first of SearchPaths that exists,
// and returns the defaults when none does.
func Load(explicit string, getenv func(string) string) (File, error) {
	if explicit != "" {
		return loadFile(explicit)
	}
	for _, path := range SearchPaths(getenv) {
		f, err := loadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return f, err
	}
	return File{Config: Config{Watch: DefaultWatch}}, nil
}

// ErrInvalid matches, with errors.Is, every error about the content of a
// config file: invalid TOML, an unknown key or an invalid value. An error
// reading the file does not match.
var ErrInvalid = errors.New("invalid config file")

// ErrRead matches, with errors.Is, an error reading a config file, such as
// a missing --config file or one that this user may not read. The error
// also matches the error of the file system, such as fs.ErrNotExist.
var ErrRead = errors.New("cannot read config file")

// invalidError marks an error about the content of a config file without
// changing its text.
type invalidError struct{ err error }

func (e invalidError) Error() string        { return e.err.Error() }
func (e invalidError) Unwrap() error        { return e.err }
func (e invalidError) Is(target error) bool { return target == ErrInvalid }

// fileError returns err, an error about the content of the config file at
// path, with the path in front of it. The result matches ErrInvalid and
// has a catalog text, so that it can be worded in Japanese.
func fileError(path string, err error) error {
	return invalidError{l10n.NewError("config.file", map[string]any{"Path": path, "Error": err}, err)}
}

// readError returns the error for a config file that os.ReadFile could not
// read. Its text names the path and the fix for the usual causes.
func readError(path string, err error) error {
	id := "config.read"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		id = "config.readMissing"
	case errors.Is(err, fs.ErrPermission):
		id = "config.readPermission"
	}
	return l10n.NewError(id, map[string]any{"Path": path, "Error": err}, ErrRead, err)
}

func loadFile(path string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, readError(path, err)
	}
	var cfg Config
	meta, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return File{}, invalidError{l10n.NewError("config.syntax", map[string]any{"Path": path, "Error": err}, err)}
	}
	if len(meta.Undecoded()) > 0 {
		return File{}, fileError(path, unknownKeysError(string(data), meta, cfg))
	}
	if cfg.Watch == nil {
		cfg.Watch = DefaultWatch
	}
	for i, domain := range cfg.Watch {
		domain = strings.ToLower(strings.TrimSpace(domain))
		if err := checkWatchEntry(cfg.Watch[i], domain); err != nil {
			return File{}, fileError(path, err)
		}
		cfg.Watch[i] = domain
	}
	if _, err := diagnose.CompileOverrides(cfg.Overrides); err != nil {
		return File{}, fileError(path, err)
	}

	if err := checkRelays(cfg.Relays); err != nil {
		return File{}, fileError(path, err)
	}

	thresholds, err := alerts.Compile(cfg.Alerts)
	if err != nil {
		return File{}, fileError(path, err)
	}
	return File{Config: cfg, Path: path, Thresholds: thresholds}, nil
}

// checkWatchEntry returns an error when domain, the watch entry value
// lowercased and trimmed, is not a domain name by the rule of --domain and
// mailtop check. A typo is then reported when the file is loaded, not
// when check looks the domain up.
func checkWatchEntry(value, domain string) error {
	quoted := strconv.Quote(value)
	if domain == "" {
		return l10n.NewError("config.watch", map[string]any{"Value": quoted})
	}
	var invalid *postfixconf.DomainError
	if err := postfixconf.ValidateDomain(domain); errors.As(err, &invalid) {
		return l10n.NewError("config.watchReason", map[string]any{"Value": quoted, "Reason": invalid.Reason}, err)
	}
	return nil
}
