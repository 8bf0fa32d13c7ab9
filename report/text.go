package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// maxTextClasses is how many reason classes the text report names per domain.
const maxTextClasses = 3

// WriteText writes the summary for people: the time range and line counts,
// then one row per domain with the watch-list domains first (in the order
// given, even with no traffic), then the other domains by failures.
func WriteText(w io.Writer, snap *stats.Snapshot, watch []string, loc *time.Location) error {
	doc := Build(snap, loc)
	if doc.From == "" {
		fmt.Fprintf(w, "No Postfix deliveries found (%d lines read, %d from Postfix, %d unrecognized).\n",
			doc.Lines.Read, doc.Lines.Postfix, doc.Lines.Unrecognized)
	} else {
		fmt.Fprintf(w, "From %s to %s: %d lines read, %d from Postfix, %d unrecognized.\n",
			doc.From, doc.To, doc.Lines.Read, doc.Lines.Postfix, doc.Lines.Unrecognized)
	}
	all := snap.Totals[stats.WindowAll]
	fmt.Fprintf(w, "Attempts %d: sent %d (%s), deferred %d (%d suspended), bounced %d, expired %d.\n\n",
		all.Attempts, all.Sent, percent(all.Sent, all.Attempts), all.Deferred, all.Suspended, all.Bounced, all.Expired)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tATTEMPTS\tSENT\tSENT%\tDEFERRED\tBOUNCED\tEXPIRED\tAVG DELAY\tMAX DELAY\tTOP CLASSES")
	for _, domain := range orderForText(snap.Domains, watch) {
		c := domain.Windows[stats.WindowAll]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n",
			domain.Domain, c.Attempts, c.Sent, percent(c.Sent, c.Attempts), c.Deferred, c.Bounced, c.Expired,
			seconds(averageDelay(c)), seconds(maxDelay(c)), topClasses(c))
	}
	return tw.Flush()
}

// orderForText puts the watch-list domains first, in watch order, adding
// empty rows for watched domains with no traffic; the rest keep the
// snapshot's order (failures, then name).
func orderForText(domains []stats.DomainStats, watch []string) []stats.DomainStats {
	byName := make(map[string]int, len(domains))
	for i, d := range domains {
		byName[d.Domain] = i
	}
	out := make([]stats.DomainStats, 0, len(domains)+len(watch))
	watched := make(map[string]bool, len(watch))
	for _, name := range watch {
		if watched[name] {
			continue
		}
		watched[name] = true
		if i, ok := byName[name]; ok {
			out = append(out, domains[i])
		} else {
			out = append(out, stats.DomainStats{Domain: name})
		}
	}
	for _, d := range domains {
		if !watched[d.Domain] {
			out = append(out, d)
		}
	}
	return out
}

func percent(part, whole int64) string {
	if whole == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(whole))
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

func seconds(s float64) string {
	if s < 0 {
		return "-"
	}
	if s < 10 {
		return fmt.Sprintf("%.2fs", s)
	}
	return (time.Duration(s) * time.Second).String()
}

// topClasses names the most frequent reason classes with their counts,
// for example "filtered 12, user_unknown 3".
func topClasses(c stats.Counts) string {
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
		parts[i] = fmt.Sprintf("%s %d", f.class, f.n)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
