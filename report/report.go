// Package report renders a stats snapshot as the output of `mailtop report`:
// a text summary for people and a stable JSON document for scripts.
package report

import (
	"encoding/json"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// Document is the JSON form of a report. Fields may be added; none are
// renamed or removed without a version bump, because scripts read them.
type Document struct {
	From    string      `json:"from"` // RFC 3339 time of the first event counted; "" if none
	To      string      `json:"to"`
	Lines   Lines       `json:"lines"`
	Totals  Totals      `json:"totals"`
	Domains []DomainDoc `json:"domains"`
}

// Lines counts the log lines read.
type Lines struct {
	Read         int64 `json:"read"`
	Postfix      int64 `json:"postfix"`
	Unrecognized int64 `json:"unrecognized"`
}

// Totals are the delivery counts over all domains.
type Totals struct {
	Sent     int64 `json:"sent"`
	Deferred int64 `json:"deferred"`
	Bounced  int64 `json:"bounced"`
	Expired  int64 `json:"expired"`
}

// DomainDoc is one recipient domain's counts and failure classes.
type DomainDoc struct {
	Domain   string           `json:"domain"`
	Sent     int64            `json:"sent"`
	Deferred int64            `json:"deferred"`
	Bounced  int64            `json:"bounced"`
	Expired  int64            `json:"expired"`
	Classes  map[string]int64 `json:"classes"`
}

// Build turns a snapshot into a Document over WindowAll, with times shown in
// loc. Domains are sorted by failures (deferred + bounced + expired), then
// by name.
func Build(snap *stats.Snapshot, loc *time.Location) Document {
	doc := Document{
		Lines: Lines{
			Read:         snap.Lines.Read,
			Postfix:      snap.Lines.Postfix,
			Unrecognized: snap.Lines.Unrecognized,
		},
		Domains: []DomainDoc{},
	}
	if !snap.First.IsZero() {
		doc.From = snap.First.In(loc).Format(time.RFC3339)
		doc.To = snap.Last.In(loc).Format(time.RFC3339)
	}
	all := snap.Totals[stats.WindowAll]
	doc.Totals = Totals{Sent: all.Sent, Deferred: all.Deferred, Bounced: all.Bounced, Expired: all.Expired}

	for _, domain := range snap.Domains {
		counts := domain.Windows[stats.WindowAll]
		doc.Domains = append(doc.Domains, DomainDoc{
			Domain:   domain.Domain,
			Sent:     counts.Sent,
			Deferred: counts.Deferred,
			Bounced:  counts.Bounced,
			Expired:  counts.Expired,
			Classes:  classMap(counts),
		})
	}
	sort.SliceStable(doc.Domains, func(i, j int) bool {
		a, b := doc.Domains[i], doc.Domains[j]
		fa, fb := a.Deferred+a.Bounced+a.Expired, b.Deferred+b.Bounced+b.Expired
		if fa != fb {
			return fa > fb
		}
		return a.Domain < b.Domain
	})
	return doc
}

func classMap(counts stats.Counts) map[string]int64 {
	classes := map[string]int64{}
	for class, n := range counts.Classes {
		if n > 0 && diagnose.Class(class) != diagnose.ClassNone {
			classes[diagnose.Class(class).String()] = n
		}
	}
	return classes
}

// WriteJSON writes the document as indented JSON followed by a newline.
func WriteJSON(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// FilterDomain returns a copy of snap that keeps only the named domain
// (case-insensitive) and whose totals and failures are that domain's.
func FilterDomain(snap *stats.Snapshot, domain string) *stats.Snapshot {
	domain = strings.ToLower(strings.TrimSpace(domain))
	out := *snap
	out.Domains = nil
	out.Totals = [stats.NumWindows]stats.Counts{}
	for _, d := range snap.Domains {
		if d.Domain == domain {
			out.Domains = append(out.Domains, d)
			out.Totals = d.Windows
		}
	}
	out.Failures = nil
	for _, f := range snap.Failures {
		if f.Domain == domain {
			out.Failures = append(out.Failures, f)
		}
	}
	return &out
}
