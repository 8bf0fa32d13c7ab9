package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/stats"
)

// The domain table's top reason column is 12 cells wide below 120
// columns and 16 from there on. Every class's label shows whole in it, in
// both languages, so no two classes read the same once cut.
func TestDomainTableClassLabelsFit(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		c := &common{l: l10n.New(lang), styles: plainStyles()}
		for _, width := range []int{80, 100, 132} {
			for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
				var counts stats.Counts
				counts.Attempts, counts.Bounced = 1, 1
				counts.Classes[class] = 1
				table := domainTable{c: c}
				table.SetSize(width, 5)
				table.SetRows([]domainRow{{Domain: "example.com", Counts: counts}}, now)

				label := c.classColumnLabel(class)
				row := ansi.Strip(strings.Split(table.View(), "\n")[2])
				if !strings.Contains(row, label+" ") {
					t.Errorf("%s at %d columns: %s shows as %q, want %q whole", lang, width, class, row, label)
				}
				if strings.Contains(row, ellipsis) {
					t.Errorf("%s at %d columns: %s is cut: %q", lang, width, class, row)
				}
			}
		}
	}
}

// The short label is for the column only. Everywhere else, and in
// English the class id that --class and JSON use, the full label stays.
func TestClassColumnLabelKeepsFullLabel(t *testing.T) {
	c := &common{l: l10n.New(l10n.English)}
	if got := c.classLabel(diagnose.MailboxUnavailable); got != "mailbox_unavailable" {
		t.Errorf("classLabel(MailboxUnavailable) = %q, want mailbox_unavailable", got)
	}
	if got := c.classColumnLabel(diagnose.MailboxUnavailable); got == "mailbox_unavailable" {
		t.Errorf("classColumnLabel(MailboxUnavailable) = %q, want a shorter label", got)
	}
	if got := c.classColumnLabel(diagnose.ClassNone); got != "-" {
		t.Errorf("classColumnLabel(ClassNone) = %q, want -", got)
	}
}

// The queue filter's c: takes what the class column shows as well as the
// full label, and no label names two classes.
func TestClassNamesTakeColumnLabels(t *testing.T) {
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		c := &common{l: l10n.New(lang)}
		names := c.classNames()
		for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
			for _, label := range []string{c.classLabel(class), c.classColumnLabel(class)} {
				if got := names[strings.ToLower(label)]; got != class {
					t.Errorf("%s: c:%s names %s, want %s", lang, label, got, class)
				}
			}
		}
	}
}
