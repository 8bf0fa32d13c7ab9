package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// helpScreen returns the help overlay of the main or the queue screen at
// width x height, with the queue actions and the export available.
func helpScreen(t *testing.T, lang string, queue bool, width, height int) Model {
	t.Helper()
	opts := testOptions(lang, &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.ExportUnknown = func(context.Context) (string, int, error) { return "", 0, nil }
	m := newScreen(t, opts, width, height)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
	if queue {
		m = send(t, m, keys("Q")...)
	}
	m = send(t, m, keys("?")...)
	if !m.helpOpen {
		t.Fatal("help overlay not open")
	}
	return m
}

// helpColumnsOf returns the columns of the open help overlay.
func helpColumnsOf(m Model) []helpColumn {
	l := m.c.l
	titles := []string{l.T("help.groupMove"), l.T("help.groupView"), l.T("help.groupActions")}
	var columns []helpColumn
	for i, group := range m.availableHelp() {
		columns = append(columns, helpColumn{title: titles[i], bindings: group})
	}
	return columns
}

func TestHelpRowsWrapInsteadOfCut(t *testing.T) {
	// 40 cells is the narrowest width the dashboard's tests draw (see
	// TestKeyHelpKeepsHelpAndQuit). Below minHelpColumnsWidth the groups
	// stack, about 45 lines, so those screens are tall enough for all.
	widths := []int{40, 50, 60, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80}
	for _, lang := range []string{"en", "ja"} {
		for _, queue := range []bool{false, true} {
			for _, width := range widths {
				height := 24
				if width < minHelpColumnsWidth {
					height = 60
				}
				name := fmt.Sprintf("%s-%dx%d-queue=%v", lang, width, height, queue)
				t.Run(name, func(t *testing.T) {
					m := helpScreen(t, lang, queue, width, height)
					text := screenText(m)
					checkScreenShape(t, text, width, height)

					lines := strings.Split(text, "\n")
					footer := len(m.footerTopLines()) + 1
					for i, line := range lines[headerHeight : len(lines)-footer] {
						if strings.Contains(line, ellipsis) {
							t.Errorf("overlay line %d is cut: %q", headerHeight+i+1, line)
						}
					}
					for _, column := range helpColumnsOf(m) {
						for _, b := range column.bindings {
							if !strings.Contains(text, b.Help().Key+"  ") {
								t.Errorf("help lacks the key %q:\n%s", b.Help().Key, text)
							}
							// A wrapped description keeps its first and
							// last characters on screen.
							desc := []rune(b.Help().Desc)
							first, last := string(desc[0]), string(desc[len(desc)-1])
							if !strings.Contains(text, first) || !strings.Contains(text, last) {
								t.Errorf("help lacks the description %q:\n%s", b.Help().Desc, text)
							}
						}
					}
				})
			}
		}
	}
}

// The Japanese actions column needs 27 cells for "F  ドメインのフラッシュ",
// which an equal share of 72 to 76 columns cut.
func TestHelpJapaneseFlushDomainWhole(t *testing.T) {
	for width := 72; width <= 80; width++ {
		m := helpScreen(t, "ja", false, width, 24)
		if text := screenText(m); !strings.Contains(text, "ドメインのフラッシュ") {
			t.Errorf("at %d columns the help does not show ドメインのフラッシュ whole:\n%s", width, text)
		}
	}
}

// helpHeight returns the lines of the tallest column at widths.
func helpHeight(columns []helpColumn, widths []int) int {
	height := 0
	for i, column := range columns {
		height = max(height, column.height(widths[i]-gapAfter(i, len(columns))))
	}
	return height
}

func TestHelpColumnWidthsKeepTallestShortest(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		columns := helpColumnsOf(helpScreen(t, lang, true, 80, 24))
		for total := minHelpColumnsWidth - 2; total <= 80; total++ {
			widths := helpColumnWidths(columns, total)
			used := 0
			for _, w := range widths {
				used += w
			}
			if used > total {
				t.Errorf("%s at %d cells: widths %v use %d cells", lang, total, widths, used)
			}

			// Every split of total between the three columns, each at
			// least its widest key and one cell of description.
			best := -1
			for first := 1; first < total; first++ {
				for second := 1; first+second < total; second++ {
					split := []int{first, second, total - first - second}
					ok := true
					for i, column := range columns {
						ok = ok && split[i]-gapAfter(i, len(columns)) > column.keyWidth()+2
					}
					if !ok {
						continue
					}
					if h := helpHeight(columns, split); best < 0 || h < best {
						best = h
					}
				}
			}
			if got := helpHeight(columns, widths); got != best {
				t.Errorf("%s at %d cells: widths %v give %d lines, but %d are enough", lang, total, widths, got, best)
			}
		}
	}
}
