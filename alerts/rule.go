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
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
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
//	rate         = 20              # percent of attempts, more than 0 and at most 100
//	min_attempts = 10              # optional, default 10
//	hook         = ["/usr/local/bin/page-oncall", "--mail"]  # optional argv, never run by a shell
//	hook_timeout = "10s"           # optional, default 10s
//	bell         = true            # optional, default true: ring the terminal bell when it fires
//
// Without class, the rate is deferred + bounced + expired over attempts in
// the window. With class, it is the attempts and expired recipients of that
// class over attempts. A domain rule also matches the domain's subdomains.
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
// An error names the rule by its position in the file, counted from 1, and
// the value that is wrong.
func Compile(rules []Rule) ([]Threshold, error) {
	thresholds := make([]Threshold, 0, len(rules))
	for i, rule := range rules {
		t, err := compile(rule)
		if err != nil {
			return nil, fmt.Errorf("alert rule %d: %w", i+1, err)
		}
		t.Index = i + 1
		thresholds = append(thresholds, t)
	}
	return thresholds, nil
}

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
		return t, fmt.Errorf("set domain (such as docomo.ne.jp) or carrier (one of %s)", strings.Join(carriers, ", "))
	case t.Domain != "" && t.Carrier != "":
		return t, fmt.Errorf("domain %q and carrier %q are both set: keep one of them", rule.Domain, rule.Carrier)
	case t.Domain != "" && strings.ContainsAny(t.Domain, " \t@/*"):
		return t, fmt.Errorf("domain %q is not a domain name such as docomo.ne.jp", rule.Domain)
	case t.Carrier != "" && !slices.Contains(carriers, t.Carrier):
		return t, fmt.Errorf("unknown carrier %q: use one of %s", rule.Carrier, strings.Join(carriers, ", "))
	}

	if rule.Class != "" {
		class, ok := diagnose.ParseClass(rule.Class)
		if !ok {
			return t, fmt.Errorf("unknown class %q: use a class name such as rate_limited or user_unknown", rule.Class)
		}
		t.Class = class
	}

	window, ok := parseWindow(rule.Window)
	if !ok {
		return t, fmt.Errorf("window %q is invalid: use 5m, 15m, 1h or 24h", rule.Window)
	}
	t.Window = window

	if !(rule.Rate > 0 && rule.Rate <= 100) {
		return t, fmt.Errorf("rate %v is invalid: give a percentage more than 0 and at most 100", rule.Rate)
	}
	if rule.MinAttempts != nil {
		if *rule.MinAttempts < 1 {
			return t, fmt.Errorf("min_attempts %d is invalid: give 1 or more", *rule.MinAttempts)
		}
		t.MinAttempts = *rule.MinAttempts
	}

	if rule.Hook != nil {
		if len(rule.Hook) == 0 || strings.TrimSpace(rule.Hook[0]) == "" {
			return t, fmt.Errorf("hook %q has no command: give an argv such as [\"/usr/local/bin/notify\", \"--urgent\"]", rule.Hook)
		}
		t.Hook = append([]string(nil), rule.Hook...)
	}
	if rule.HookTimeout != "" {
		timeout, err := time.ParseDuration(rule.HookTimeout)
		if err != nil || timeout <= 0 || timeout > MaxHookTimeout {
			return t, fmt.Errorf("hook_timeout %q is invalid: give a duration such as 10s, at most %s", rule.HookTimeout, MaxHookTimeout)
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
