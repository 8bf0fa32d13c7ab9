// Package report renders a stats snapshot as the output of `mailtop report`:
// a text summary for people and a stable JSON document for scripts.
package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
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
	sum := &stats.Summary{First: snap.First, Last: snap.Last, Lines: snap.Lines, Totals: snap.Totals[stats.WindowAll]}
	for _, d := range snap.Domains {
		sum.Domains = append(sum.Domains, stats.DomainTotal{Domain: d.Domain, All: d.Windows[stats.WindowAll]})
	}
	return BuildSummary(sum, loc)
}

// BuildSummary builds the document as Build does, but from the counts
// since the start alone, which cost far less memory than a snapshot when
// there are many domains.
func BuildSummary(sum *stats.Summary, loc *time.Location) Document {
	doc := Document{
		Lines: Lines{
			Read:         sum.Lines.Read,
			Postfix:      sum.Lines.Postfix,
			Unrecognized: sum.Lines.Unrecognized,
		},
		Domains: make([]DomainDoc, 0, len(sum.Domains)),
	}
	if !sum.First.IsZero() {
		doc.From = sum.First.In(loc).Format(time.RFC3339)
		doc.To = sum.Last.In(loc).Format(time.RFC3339)
	}
	all := sum.Totals
	doc.Totals = Totals{Sent: all.Sent, Deferred: all.Deferred, Bounced: all.Bounced, Expired: all.Expired}

	for _, domain := range sum.Domains {
		counts := &domain.All
		doc.Domains = append(doc.Domains, DomainDoc{
			Domain:   domain.Domain,
			Sent:     counts.Sent,
			Deferred: counts.Deferred,
			Bounced:  counts.Bounced,
			Expired:  counts.Expired,
			Classes:  classMap(counts),
		})
	}
	slices.SortStableFunc(doc.Domains, func(a, b DomainDoc) int {
		fa, fb := a.Deferred+a.Bounced+a.Expired, b.Deferred+b.Bounced+b.Expired
		if fa != fb {
			return cmp.Compare(fb, fa)
		}
		return strings.Compare(a.Domain, b.Domain)
	})
	return doc
}

func classMap(counts *stats.Counts) map[string]int64 {
	classes := map[string]int64{}
	for class, n := range counts.Classes {
		if n > 0 && diagnose.Class(class) != diagnose.ClassNone {
			classes[diagnose.Class(class).String()] = n
		}
	}
	return classes
}

// WriteJSON writes the document as indented JSON followed by a newline.
// The domains are encoded one at a time, so the JSON of a report of many
// domains is never held whole in memory. The bytes are those of an
// indenting json.Encoder.
func WriteJSON(w io.Writer, doc Document) error {
	bw := bufio.NewWriter(w)
	head := doc
	head.Domains = nil
	text, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	// The head ends with "domains": null and the closing brace, and the
	// domains go in place of the null.
	cut := bytes.LastIndex(text, []byte("null"))
	if cut < 0 {
		return fmt.Errorf("encode report: no domains field in %q", text)
	}
	bw.Write(text[:cut])
	if len(doc.Domains) == 0 {
		bw.WriteString("[]")
	} else {
		bw.WriteString("[\n")
		for i := range doc.Domains {
			if i > 0 {
				bw.WriteString(",\n")
			}
			row, err := json.MarshalIndent(&doc.Domains[i], "    ", "  ")
			if err != nil {
				return err
			}
			bw.WriteString("    ")
			bw.Write(row)
		}
		bw.WriteString("\n  ]")
	}
	bw.Write(text[cut+len("null"):])
	bw.WriteString("\n")
	return bw.Flush()
}

// FilterDomain returns a copy of sum that keeps only the named domain
// (case-insensitive), with that domain's counts as the totals.
func FilterDomain(sum *stats.Summary, domain string) *stats.Summary {
	domain = strings.ToLower(strings.TrimSpace(domain))
	out := *sum
	out.Domains = nil
	out.Totals = stats.Counts{}
	for _, d := range sum.Domains {
		if d.Domain == domain {
			out.Domains = append(out.Domains, d)
			out.Totals = d.All
		}
	}
	return &out
}
