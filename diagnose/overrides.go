package diagnose

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/mailtop/mailtop/l10n"
)

// OverrideRule is one [[override]] table of the config file. The first rule
// that matches a failed attempt decides its class, before any built-in rule.
//
//	[[override]]
//	pattern = '(?i)550 Unknown user'   # Go regular expression on the reason text
//	domain  = "docomo.ne.jp"           # optional: the recipient domain or a parent of it
//	dsn     = "5.0.0"                  # optional: the DSN, or its start ("5", "5.7")
//	phase   = "end_of_data"            # optional: see PhaseName
//	class   = "filtered"               # a class name, see Class.String
type OverrideRule struct {
	Pattern string `toml:"pattern"`
	Domain  string `toml:"domain"`
	DSN     string `toml:"dsn"`
	Phase   string `toml:"phase"`
	Class   string `toml:"class"`
}

// Overrides are the operator's compiled override rules. A nil *Overrides
// has none. It is safe for concurrent use.
type Overrides struct {
	rules []override
}

type override struct {
	pattern *regexp.Regexp
	domain  string // lowercase, without a trailing dot
	dsn     string
	phase   string // a PhaseName, "" for any
	class   Class
}

// CompileOverrides checks and compiles rules. An error is an *l10n.Error,
// so that it can be worded in Japanese, and names the rule by its
// position in the file, counted from 1, and the value that is wrong.
func CompileOverrides(rules []OverrideRule) (*Overrides, error) {
	o := &Overrides{rules: make([]override, 0, len(rules))}
	for i, rule := range rules {
		compiled, err := compileOverride(rule)
		if err != nil {
			return nil, l10n.NewError("config.override.rule", map[string]any{"Index": i + 1, "Error": err}, err)
		}
		o.rules = append(o.rules, compiled)
	}
	return o, nil
}

// compileOverride checks and compiles one rule. Each error is an
// *l10n.Error that quotes the value at fault, as Go quotes strings.
func compileOverride(rule OverrideRule) (override, error) {
	if rule.Pattern == "" {
		return override{}, l10n.NewError("config.override.patternMissing", nil)
	}
	re, err := regexp.Compile(rule.Pattern)
	if err != nil {
		return override{}, l10n.NewError("config.override.pattern", map[string]any{"Value": strconv.Quote(rule.Pattern), "Error": err}, err)
	}
	if rule.Class == "" {
		return override{}, l10n.NewError("config.override.classMissing", map[string]any{"Classes": l10n.List(ClassNames())})
	}
	class, ok := ParseClass(rule.Class)
	if !ok {
		return override{}, l10n.NewError("config.override.class", map[string]any{"Value": strconv.Quote(rule.Class), "Classes": l10n.List(ClassNames())})
	}
	if rule.Phase != "" {
		if _, ok := ParsePhase(rule.Phase); !ok {
			return override{}, l10n.NewError("config.override.phase", map[string]any{"Value": strconv.Quote(rule.Phase), "Phases": l10n.List(phaseNames[1:])})
		}
	}
	if rule.DSN != "" && !validDSNPrefix(rule.DSN) {
		return override{}, l10n.NewError("config.override.dsn", map[string]any{"Value": strconv.Quote(rule.DSN)})
	}
	domain := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(rule.Domain)), ".")
	if rule.Domain != "" && (domain == "" || strings.ContainsAny(domain, " @/")) {
		return override{}, l10n.NewError("config.override.domain", map[string]any{"Value": strconv.Quote(rule.Domain)})
	}
	return override{pattern: re, domain: domain, dsn: rule.DSN, phase: rule.Phase, class: class}, nil
}

// Len returns the number of rules.
func (o *Overrides) Len() int {
	if o == nil {
		return 0
	}
	return len(o.rules)
}

// match returns the class of the first rule that matches in.
func (o *Overrides) match(in Input) (Class, bool) {
	if o == nil {
		return ClassNone, false
	}
	for i := range o.rules {
		r := &o.rules[i]
		if r.domain != "" && !domainWithin(in.Domain, r.domain) {
			continue
		}
		if r.dsn != "" && in.DSN != r.dsn && !strings.HasPrefix(in.DSN, r.dsn+".") {
			continue
		}
		if r.phase != "" && PhaseName(in.Phase) != r.phase {
			continue
		}
		if r.pattern.MatchString(in.Reason) {
			return r.class, true
		}
	}
	return ClassNone, false
}

// domainWithin reports whether domain is parent or a name below it,
// without regard to case. parent is lowercase.
func domainWithin(domain, parent string) bool {
	domain = strings.TrimSuffix(domain, ".")
	if len(domain) < len(parent) || !strings.EqualFold(domain[len(domain)-len(parent):], parent) {
		return false
	}
	return len(domain) == len(parent) || domain[len(domain)-len(parent)-1] == '.'
}

// validDSNPrefix reports whether s is an enhanced status code or its start:
// "5", "5.7" or "5.7.1", with a class digit of 2, 4 or 5.
func validDSNPrefix(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) > 3 || (parts[0] != "2" && parts[0] != "4" && parts[0] != "5") {
		return false
	}
	for _, p := range parts[1:] {
		if p == "" || len(p) > 3 || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// UsesDomain reports whether a rule is limited to a domain, so that two
// failures alike in everything but the recipient domain may be classified
// differently. Without such a rule only the domain's carrier matters.
func (o *Overrides) UsesDomain() bool {
	if o == nil {
		return false
	}
	for i := range o.rules {
		if o.rules[i].domain != "" {
			return true
		}
	}
	return false
}
