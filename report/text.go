package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/stats"
)

// maxTextClasses is how many reason classes the text report names per domain.
const maxTextClasses = 3

// WriteText writes the summary for people in English: the time range and
// line counts, then one row per domain with the watch-list domains first
// (in the order given, even with no traffic), then the other domains by
// failures and name. When no delivery was counted it writes one line
// stating that, in place of the totals and of rows that would show the
// watched domains with zero counts.
func WriteText(w io.Writer, sum *stats.Summary, watch []string, loc *time.Location) error {
	return WriteTextIn(w, sum, watch, loc, l10n.New(l10n.English))
}

// WriteTextIn writes the summary of WriteText with the labels of tr. The
// reason classes have the dashboard's labels in tr's language. The numbers
// and delays are the same in every language.
func WriteTextIn(w io.Writer, sum *stats.Summary, watch []string, loc *time.Location, tr *l10n.Localizer) error {
	lines := map[string]any{"Read": sum.Lines.Read, "Postfix": sum.Lines.Postfix, "Unrecognized": sum.Lines.Unrecognized}
	// The catalog has a singular form for one line read, and the general
	// form for every other count.
	singular := ""
	if sum.Lines.Read == 1 {
		singular = "One"
	}
	if sum.First.IsZero() {
		// The line already states that no delivery was found.
		_, err := fmt.Fprintln(w, tr.T("out.report.empty"+singular, lines))
		return err
	}
	lines["From"], lines["To"] = sum.First.In(loc).Format(time.RFC3339), sum.Last.In(loc).Format(time.RFC3339)
	fmt.Fprintln(w, tr.T("out.report.range"+singular, lines))
	if len(sum.Domains) == 0 {
		_, err := fmt.Fprintln(w, tr.T("out.report.noDeliveries"))
		return err
	}

	all := sum.Totals
	fmt.Fprintf(w, "%s\n\n", tr.T("out.report.totals", map[string]any{
		"Attempts": all.Attempts, "Sent": all.Sent, "Percent": percent(all.Sent, all.Attempts),
		"Deferred": all.Deferred, "Suspended": all.Suspended, "Bounced": all.Bounced, "Expired": all.Expired,
	}))

	rows := [][]string{{
		tr.T("out.report.col.domain"), tr.T("out.report.col.attempts"), tr.T("out.report.col.sent"),
		tr.T("out.report.col.sentPercent"), tr.T("out.report.col.deferred"), tr.T("out.report.col.bounced"),
		tr.T("out.report.col.expired"), tr.T("out.report.col.avgDelay"), tr.T("out.report.col.maxDelay"),
		tr.T("out.report.col.classes"),
	}}
	for _, domain := range orderForText(sum.Domains, watch) {
		c := &domain.All
		rows = append(rows, []string{
			domain.Domain, count(c.Attempts), count(c.Sent), percent(c.Sent, c.Attempts),
			count(c.Deferred), count(c.Bounced), count(c.Expired),
			seconds(averageDelay(*c)), seconds(maxDelay(*c)), topClasses(*c, tr),
		})
	}
	return writeColumns(w, rows, 2)
}

// writeColumns writes rows as left-aligned columns separated by at least
// gap spaces, measuring text in terminal cells, so a column holding
// double-width Japanese text still lines up. The last column is not padded.
// For ASCII text the layout is the one text/tabwriter gives with the same
// padding. The rows are written as they are laid out, so a report of many
// domains is not held twice in memory.
func writeColumns(w io.Writer, rows [][]string, gap int) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	b := bufio.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]+gap-ansi.StringWidth(cell)))
			}
		}
		b.WriteByte('\n')
	}
	return b.Flush()
}

func count(n int64) string {
	return strconv.FormatInt(n, 10)
}

// orderForText puts the watch-list domains first, in watch order, adding
// empty rows for watched domains with no traffic, then the others by
// failures (deferred, bounced and expired) and name.
func orderForText(domains []stats.DomainTotal, watch []string) []stats.DomainTotal {
	byName := make(map[string]int, len(domains))
	for i, d := range domains {
		byName[d.Domain] = i
	}
	out := make([]stats.DomainTotal, 0, len(domains)+len(watch))
	watched := make(map[string]bool, len(watch))
	for _, name := range watch {
		if watched[name] {
			continue
		}
		watched[name] = true
		if i, ok := byName[name]; ok {
			out = append(out, domains[i])
		} else {
			out = append(out, stats.DomainTotal{Domain: name})
		}
	}
	rest := len(out)
	for _, d := range domains {
		if !watched[d.Domain] {
			out = append(out, d)
		}
	}
	slices.SortFunc(out[rest:], func(a, b stats.DomainTotal) int {
		if n := cmp.Compare(b.All.Failures(), a.All.Failures()); n != 0 {
			return n
		}
		return strings.Compare(a.Domain, b.Domain)
	})
	return out
}

// percent shows part/whole as the dashboard's sent% column does: "-"
// without a whole, "100%" when part is all of it, else one decimal, such
// as "12.9%".
func percent(part, whole int64) string {
	if whole <= 0 {
		return "-"
	}
	p := 100 * float64(part) / float64(whole)
	if p == 100 {
		return "100%"
	}
	// A part short of the whole never rounds to 100 or 0: 9,999 sent of
	// 10,000 must not read as if nothing failed.
	if part > 0 {
		p = min(max(p, 0.1), 99.9)
	}
	return fmt.Sprintf("%.1f%%", p)
}

func averageDelay(c stats.Counts) float64 {
	if c.Attempts == 0 {
		return -1
	}
	return c.DelaySum / float64(c.Attempts)
}

func maxDelay(c stats.Counts) float64 {
	if c.Attempts == 0 {
		return -1
	}
	return c.DelayMax
}

// seconds formats a delay in seconds: two decimals under 10 s, else
// rounded to the nearest second, as the dashboard rounds it.
func seconds(s float64) string {
	if s < 0 {
		return "-"
	}
	if s < 10 {
		return fmt.Sprintf("%.2fs", s)
	}
	return (time.Duration(math.Round(s)) * time.Second).String()
}

// topClasses names the most frequent reason classes with their counts,
// with the labels of tr, for example "filtered 12, user_unknown 3" in
// English and "受信拒否 12、宛先不明 3" in Japanese.
func topClasses(c stats.Counts, tr *l10n.Localizer) string {
	type classCount struct {
		class diagnose.Class
		n     int64
	}
	var found []classCount
	for class, n := range c.Classes {
		if n > 0 && diagnose.Class(class) != diagnose.ClassNone {
			found = append(found, classCount{diagnose.Class(class), n})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].n != found[j].n {
			return found[i].n > found[j].n
		}
		return found[i].class < found[j].class
	})
	if len(found) > maxTextClasses {
		found = found[:maxTextClasses]
	}
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = fmt.Sprintf("%s %d", tr.T("class."+f.class.String()), f.n)
	}
	if len(parts) == 0 {
		return "-"
	}
	if tr.Lang() == l10n.Japanese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}
