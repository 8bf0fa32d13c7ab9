package tui

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// The queue filter note wraps between its keys, never between a key such
// as c: and its label, at widths from 40 to 132 columns.
func TestHelpQueueFilterKeepsKeyWithLabel(t *testing.T) {
	keyAtEnd := regexp.MustCompile(`(^|\s)[a-z]:$`)
	for _, lang := range []string{"en", "ja"} {
		for _, queue := range []bool{false, true} {
			for width := 40; width <= 132; width++ {
				m := helpScreen(t, lang, queue, width, 60)
				for _, line := range strings.Split(screenText(m), "\n") {
					if line = strings.TrimRight(line, " "); keyAtEnd.MatchString(line) {
						t.Errorf("%s, queue=%v, %d columns: a line ends with a key apart from its label: %q", lang, queue, width, line)
					}
				}
			}
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

// closeHints is the help overlay's close hint in each language.
var closeHints = map[string]string{
	"en": "press ? or esc to close",
	"ja": "? または esc で閉じる",
}

// helpLastRow returns the last row of the open help overlay, the row
// above the footer.
func helpLastRow(m Model) string {
	lines := strings.Split(screenText(m), "\n")
	return lines[headerHeight+m.bodyHeight()-1]
}

// helpPosition returns the line numbers of the English position on the
// help overlay's last row, and false when the row shows none.
func helpPosition(m Model) (first, last, total int, ok bool) {
	row := helpLastRow(m)
	i := strings.Index(row, "lines ")
	if i < 0 {
		return 0, 0, 0, false
	}
	n, err := fmt.Sscanf(row[i:], "lines %d-%d of %d", &first, &last, &total)
	return first, last, total, err == nil && n == 3
}

func TestHelpShortScreenKeepsCloseHint(t *testing.T) {
	// Down to 5 rows, where the body has one row left for the hint.
	sizes := [][2]int{{60, 20}, {64, 20}, {71, 24}, {72, 24}, {76, 22}, {80, 20}, {60, 7}, {60, 6}, {60, 5}}
	for _, lang := range []string{"en", "ja"} {
		for _, queue := range []bool{false, true} {
			for _, size := range sizes {
				width, height := size[0], size[1]
				t.Run(fmt.Sprintf("%s-%dx%d-queue=%v", lang, width, height, queue), func(t *testing.T) {
					m := helpScreen(t, lang, queue, width, height)
					text := screenText(m)
					checkScreenShape(t, text, width, height)
					if row := helpLastRow(m); !strings.HasPrefix(row, "  "+closeHints[lang]) {
						t.Errorf("last row of the overlay is %q, want the close hint:\n%s", row, text)
					}
				})
			}
		}
	}
}

func TestHelpShortScreenShowsPosition(t *testing.T) {
	positions := map[string]string{"en": "lines 1-", "ja": "行中 1-"}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range [][2]int{{60, 20}, {72, 24}, {80, 20}} {
			m := helpScreen(t, lang, false, size[0], size[1])
			row := helpLastRow(m)
			if !strings.Contains(row, positions[lang]) {
				t.Errorf("%s at %dx%d: last row %q lacks the position %q", lang, size[0], size[1], row, positions[lang])
			}
		}
		// Where every line fits, nothing scrolls and no position shows.
		for _, size := range [][2]int{{80, 24}, {132, 40}, {60, 60}} {
			m := helpScreen(t, lang, false, size[0], size[1])
			if strings.Contains(screenText(m), positions[lang]) {
				t.Errorf("%s at %dx%d shows a position: %q", lang, size[0], size[1], helpLastRow(m))
			}
		}
	}
}

func TestHelpScrollReachesEveryLine(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, queue := range []bool{false, true} {
			for _, down := range []string{"j", "down", "pgdown"} {
				t.Run(fmt.Sprintf("%s-queue=%v-%s", lang, queue, down), func(t *testing.T) {
					m := helpScreen(t, lang, queue, 60, 20)
					seen := screenText(m)
					previous := ""
					for range 100 {
						text := screenText(m)
						if text == previous {
							break
						}
						seen += "\n" + text
						previous = text
						m = send(t, m, keys(down)...)
					}
					for _, column := range helpColumnsOf(m) {
						if !strings.Contains(seen, column.title) {
							t.Errorf("scrolling never shows the group %q", column.title)
						}
						for _, b := range column.bindings {
							if !strings.Contains(seen, b.Help().Key+"  ") || !strings.Contains(seen, b.Help().Desc) {
								t.Errorf("scrolling never shows %q %q", b.Help().Key, b.Help().Desc)
							}
						}
					}
					// The config file is the last line above the close hint.
					lines := strings.Split(previous, "\n")
					last := headerHeight + m.bodyHeight() - 2
					if !strings.Contains(lines[last], "/etc/mailtop/config.toml") {
						t.Errorf("at the end the line above the close hint is %q, want the config file:\n%s", lines[last], previous)
					}
				})
			}
		}
	}
}

func TestHelpScrollKeys(t *testing.T) {
	top := helpScreen(t, "en", false, 60, 20)
	first, rows, total, ok := helpPosition(top)
	if !ok || first != 1 {
		t.Fatalf("60x20 help shows no position from line 1: %q", helpLastRow(top))
	}
	end := total - rows + 1 // the first line shown at the end
	cases := []struct {
		keys  []string
		first int
	}{
		{[]string{"j"}, 2},
		{[]string{"down", "down"}, 3},
		{[]string{"j", "j", "k"}, 2},
		{[]string{"j", "up"}, 1},
		{[]string{"k"}, 1},
		{[]string{"up"}, 1},
		{[]string{"pgdown"}, 1 + rows},
		{[]string{"pgdown", "pgup"}, 1},
		{[]string{"pgup"}, 1},
		{[]string{"end"}, end},
		{[]string{"G"}, end},
		{[]string{"G", "j"}, end},
		{[]string{"G", "pgdown"}, end},
		{[]string{"G", "k"}, end - 1},
		{[]string{"G", "g"}, 1},
		{[]string{"end", "home"}, 1},
		{[]string{"j", "j", "esc", "?"}, 1},
	}
	for _, tc := range cases {
		m := send(t, top, keys(tc.keys...)...)
		first, last, gotTotal, ok := helpPosition(m)
		if !ok {
			t.Errorf("after %v: no position on the last row %q", tc.keys, helpLastRow(m))
			continue
		}
		if first != tc.first {
			t.Errorf("after %v: first line %d, want %d", tc.keys, first, tc.first)
		}
		if want := min(first+rows-1, total); last != want {
			t.Errorf("after %v: last line %d, want %d", tc.keys, last, want)
		}
		if gotTotal != total {
			t.Errorf("after %v: %d lines in all, want %d", tc.keys, gotTotal, total)
		}
	}
}

func TestHelpScrollFollowsResize(t *testing.T) {
	m := send(t, helpScreen(t, "en", false, 60, 20), keys("end")...)

	// Tall enough for every line: the overlay is drawn as if never
	// scrolled.
	tall := send(t, m, tea.WindowSizeMsg{Width: 60, Height: 60})
	fresh := helpScreen(t, "en", false, 60, 60)
	if got, want := screenText(tall), screenText(fresh); got != want {
		t.Errorf("60x60 after scrolling differs from a fresh overlay:\n--- got\n%s\n--- want\n%s", got, want)
	}

	// Wider, with fewer lines: the end stays in view, and one key up moves
	// one line from there.
	wide := send(t, m, tea.WindowSizeMsg{Width: 80, Height: 20})
	first, last, total, ok := helpPosition(wide)
	if !ok || last != total {
		t.Fatalf("80x20 after scrolling to the end shows %q, want the last line", helpLastRow(wide))
	}
	wide = send(t, wide, keys("k")...)
	if got, _, _, _ := helpPosition(wide); got != first-1 {
		t.Errorf("k at the end of 80x20 shows from line %d, want %d", got, first-1)
	}
}

func TestHelpFooterNamesScrollKeys(t *testing.T) {
	short := helpScreen(t, "en", false, 60, 20)
	footer := strings.Split(screenText(short), "\n")[19]
	for _, want := range []string{"esc back", "↑/k up", "↓/j down", "pgdn page down", "q quit"} {
		if !strings.Contains(footer, want) {
			t.Errorf("60x20 footer %q lacks %q", footer, want)
		}
	}
	tall := helpScreen(t, "en", false, 80, 24)
	if footer := strings.TrimRight(strings.Split(screenText(tall), "\n")[23], " "); footer != "esc back • q quit" {
		t.Errorf("80x24 footer %q, want only esc and q", footer)
	}
}

func TestHelpScrollGolden(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, scene := range []struct {
			name string
			keys []string
		}{{"help", nil}, {"help-end", []string{"end"}}} {
			name := scene.name + "-" + lang + "-60x20"
			t.Run(name, func(t *testing.T) {
				m := send(t, helpScreen(t, lang, false, 60, 20), keys(scene.keys...)...)
				text := screenText(m)
				checkScreenShape(t, text, 60, 20)
				checkGolden(t, name, text)
			})
		}
	}
}

// wordsKeptWhole returns the Japanese words of texts that a line must not
// break inside. These are each run of kanji and katakana (カーソル行,
// 全期間, 再キュー), and each word of one kanji with its particle that
// starts a phrase, taken with the word after it (他は理由).
func wordsKeptWhole(texts []string) []string {
	runs := regexp.MustCompile(`[\p{Han}\p{Katakana}ー]{2,}`)
	phrases := regexp.MustCompile(`(?:^|[\sA-Za-z0-9、。：:）」])(\p{Han}[をがにはでとのもへや][\p{Han}\p{Katakana}ー]+)`)
	var words []string
	for _, text := range texts {
		words = append(words, runs.FindAllString(text, -1)...)
		for _, match := range phrases.FindAllStringSubmatch(text, -1) {
			words = append(words, match[1])
		}
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// The Japanese help overlay keeps every run of kanji and katakana, such as
// カーソル行 and 全期間, and every short phrase such as 他は理由 on one line
// at widths from 60 to 132 columns, with no line wider than the screen.
func TestHelpJapaneseKeepsWordsWhole(t *testing.T) {
	variants := []struct {
		name     string
		readOnly bool
		queue    bool
	}{
		{"main screen", false, false},
		{"queue screen", false, true},
		{"read-only", true, false},
	}
	for _, variant := range variants {
		for width := 60; width <= 132; width++ {
			opts := testOptions("ja", &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.ExportUnknown = func(context.Context) (string, int, error) { return "", 0, nil }
			opts.ConfigPath = "/etc/mailtop/config.toml"
			opts.ReadOnly = variant.readOnly
			// Tall enough that the overlay shows every line unscrolled.
			const height = 80
			m := newScreen(t, opts, width, height)
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
			if variant.queue {
				m = send(t, m, keys("Q")...)
			}
			m = send(t, m, keys("?")...)
			if !m.helpOpen {
				t.Fatalf("%s: help overlay not open", variant.name)
			}

			l := m.c.l
			texts := []string{l.T("help.title"), l.T("help.queueFilter"), l.T("help.close")}
			if _, configWhole := m.headerSources(); !configWhole {
				// The overlay names the config file only when the header cuts it.
				texts = append(texts, l.T("help.configFile", map[string]any{"Path": opts.ConfigPath}))
			}
			if !variant.readOnly {
				texts = append(texts, l.T("help.queueScope"))
			}
			for _, column := range helpColumnsOf(m) {
				texts = append(texts, column.title)
				for _, b := range column.bindings {
					texts = append(texts, b.Help().Desc)
				}
			}
			words := wordsKeptWhole(texts)
			for _, want := range []string{"カーソル行", "他は理由", "全期間"} {
				if !variant.readOnly || want != "カーソル行" {
					if !slices.Contains(words, want) {
						t.Fatalf("%s: the help texts no longer have %q; update this test (words %q)", variant.name, want, words)
					}
				}
			}

			text := screenText(m)
			checkScreenShape(t, text, width, height)
			for _, word := range words {
				if !strings.Contains(text, word) {
					t.Errorf("%s, %d columns: a line breaks inside %q:\n%s", variant.name, width, word, text)
				}
			}
		}
	}
}
