// Package alerts checks delivery rates against the operator's [[alert]]
// thresholds and runs a command when one is crossed.
//
// Evaluate is pure: it reads a stats.Snapshot and the previous State and
// returns the next State and the alerts that fired or cleared. RunHook, and
// the Monitor that calls it, are the package's only IO.
package alerts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/stats"
)

// Defaults and bounds of the [[alert]] keys.
const (
	// DefaultMinAttempts keeps a rule quiet until its window holds this many
	// attempts, so one failed delivery out of one is not an alert of 100%.
	// It is a starting point, not a measured figure.
	DefaultMinAttempts = 10
	// DefaultHookTimeout bounds a hook command when hook_timeout is not set.
	DefaultHookTimeout = 10 * time.Second
	// MaxHookTimeout is the largest hook_timeout accepted.
	MaxHookTimeout = 10 * time.Minute
	// ClearRatio sets the hysteresis: an alert that fired clears when the
	// rate, over at least min_attempts attempts, falls below ClearRatio times
	// the threshold, so a rate that hovers around the threshold does not fire
	// the hook again and again.
	ClearRatio = 0.8
)

// Rule is one [[alert]] table of the config file, as written:
//
//	[[alert]]
//	carrier      = "docomo"        # or domain = "example.com"; exactly one of the two
//	class        = "rate_limited"  # optional: count only this reason class
//	window       = "15m"           # 5m, 15m, 1h or 24h
//	rate         = 20              # percent, more than 0 and at most 100
//	min_attempts = 10              # optional, default 10
//	hook         = ["/usr/local/bin/page-oncall", "--mail"]  # optional argv, never run by a shell
//	hook_timeout = "10s"           # optional, default 10s
//	bell         = true            # optional, default true: ring the terminal bell when it fires
//
// Without class, the rate is deferred + bounced + expired over attempts +
// expired in the window. With class, it is the attempts of that class over
// attempts, because expired recipients have no class. A domain rule also
// matches the domain's subdomains.
type Rule struct {
	Domain      string   `toml:"domain"`
	Carrier     string   `toml:"carrier"`
	Class       string   `toml:"class"`
	Window      string   `toml:"window"`
	Rate        float64  `toml:"rate"`
	MinAttempts *int64   `toml:"min_attempts"`
	Hook        []string `toml:"hook"`
	HookTimeout string   `toml:"hook_timeout"`
	Bell        *bool    `toml:"bell"`
}

// Threshold is a checked Rule, ready for Evaluate.
type Threshold struct {
	// Index is the rule's position among the [[alert]] tables of the config
	// file, counted from 1.
	Index       int
	Domain      string // lowercase; "" when Carrier is set
	Carrier     string // one of the diagnose.Carrier* values; "" when Domain is set
	Class       diagnose.Class
	Window      stats.Window
	Rate        float64 // percent
	MinAttempts int64
	Hook        []string // nil when no command runs
	HookTimeout time.Duration
	Bell        bool
}

// windows are the windows a rule may name.
var windows = []stats.Window{stats.Window5m, stats.Window15m, stats.Window1h, stats.Window24h}

// carriers are the values of Rule.Carrier.
var carriers = []string{diagnose.CarrierDocomo, diagnose.CarrierAU, diagnose.CarrierSoftBank, diagnose.CarrierRakuten}

// Compile checks rules and returns them as Thresholds, in the same order.
// An error is an *l10n.Error, so that it can be worded in Japanese, and
// names the rule by its position in the file, counted from 1, and the
// value that is wrong.
func Compile(rules []Rule) ([]Threshold, error) {
	thresholds := make([]Threshold, 0, len(rules))
	for i, rule := range rules {
		t, err := compile(rule)
		if err != nil {
			return nil, l10n.NewError("config.alert.rule", map[string]any{"Index": i + 1, "Error": err}, err)
		}
		t.Index = i + 1
		thresholds = append(thresholds, t)
	}
	return thresholds, nil
}

// compile checks one rule. Each error is an *l10n.Error that quotes a
// text value at fault, as Go quotes strings.
func compile(rule Rule) (Threshold, error) {
	t := Threshold{
		Domain:      strings.TrimSuffix(strings.ToLower(strings.TrimSpace(rule.Domain)), "."),
		Carrier:     strings.ToLower(strings.TrimSpace(rule.Carrier)),
		Rate:        rule.Rate,
		MinAttempts: DefaultMinAttempts,
		HookTimeout: DefaultHookTimeout,
		Bell:        true,
	}

	switch {
	case t.Domain == "" && t.Carrier == "":
		return t, l10n.NewError("config.alert.targetMissing", map[string]any{"Carriers": l10n.List(carriers)})
	case t.Domain != "" && t.Carrier != "":
		return t, l10n.NewError("config.alert.targetBoth", map[string]any{"Domain": strconv.Quote(rule.Domain), "Carrier": strconv.Quote(rule.Carrier)})
	case t.Domain != "" && strings.ContainsAny(t.Domain, " \t@/*"):
		return t, l10n.NewError("config.alert.domain", map[string]any{"Value": strconv.Quote(rule.Domain)})
	case t.Carrier != "" && !slices.Contains(carriers, t.Carrier):
		return t, l10n.NewError("config.alert.carrier", map[string]any{"Value": strconv.Quote(rule.Carrier), "Carriers": l10n.List(carriers)})
	}

	if rule.Class != "" {
		class, ok := diagnose.ParseClass(rule.Class)
		if !ok {
			return t, l10n.NewError("config.alert.class", map[string]any{"Value": strconv.Quote(rule.Class), "Classes": l10n.List(diagnose.ClassNames())})
		}
		t.Class = class
	}

	if strings.TrimSpace(rule.Window) == "" {
		return t, l10n.NewError("config.alert.windowMissing", nil)
	}
	window, ok := parseWindow(rule.Window)
	if !ok {
		return t, l10n.NewError("config.alert.window", map[string]any{"Value": strconv.Quote(rule.Window)})
	}
	t.Window = window

	if !(rule.Rate > 0 && rule.Rate <= 100) {
		return t, l10n.NewError("config.alert.rate", map[string]any{"Value": strconv.FormatFloat(rule.Rate, 'g', -1, 64)})
	}
	if rule.MinAttempts != nil {
		if *rule.MinAttempts < 1 {
			return t, l10n.NewError("config.alert.minAttempts", map[string]any{"Value": *rule.MinAttempts})
		}
		t.MinAttempts = *rule.MinAttempts
	}

	if rule.Hook != nil {
		if len(rule.Hook) == 0 || strings.TrimSpace(rule.Hook[0]) == "" {
			return t, l10n.NewError("config.alert.hook", map[string]any{"Value": fmt.Sprintf("%q", rule.Hook)})
		}
		t.Hook = append([]string(nil), rule.Hook...)
	}
	if rule.HookTimeout != "" {
		timeout, err := time.ParseDuration(rule.HookTimeout)
		if err != nil || timeout <= 0 || timeout > MaxHookTimeout {
			return t, l10n.NewError("config.alert.hookTimeout", map[string]any{"Value": strconv.Quote(rule.HookTimeout), "Max": MaxHookTimeout.String()})
		}
		t.HookTimeout = timeout
	}
	if rule.Bell != nil {
		t.Bell = *rule.Bell
	}
	return t, nil
}

func parseWindow(name string) (stats.Window, bool) {
	for _, w := range windows {
		if w.String() == strings.TrimSpace(name) {
			return w, true
		}
	}
	return 0, false
}

// matches reports whether the rule applies to a recipient domain.
func (t *Threshold) matches(domain string) bool {
	if t.Carrier != "" {
		return diagnose.CarrierOf("", domain) == t.Carrier
	}
	return domain == t.Domain || strings.HasSuffix(domain, "."+t.Domain)
}

// measure returns the rule's numerator over the rule's window of c.
func (t *Threshold) measure(c *stats.Counts) int64 {
	if t.Class == diagnose.ClassNone {
		return c.Failures()
	}
	return c.Classes[t.Class]
}
