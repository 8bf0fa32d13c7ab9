package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapTextWordBeforeComma wraps the transport line of mailtop check
// in Japanese, where the table's path fills a line up to the comma
// after it.
func TestWrapTextWordBeforeComma(t *testing.T) {
	text := "smtp（transport_maps hash:/etc/postfix-shop/ddddddddddddddddd/transport、キー docomo.ne.jp による）"
	want := []string{"smtp（transport_maps", "hash:/etc/postfix-shop/ddddddddddddddddd/", "transport、キー docomo.ne.jp による）"}
	if got := wrapText(text, 50); !slices.Equal(got, want) {
		t.Errorf("wrapText = %q, want %q", got, want)
	}
}

// TestWrapTextKinsokuAfterLongWord checks, for words of every length and
// several widths, that no line starts with closing punctuation and no
// line ends with an opening bracket, when the word before or after them
// has to be cut.
func TestWrapTextKinsokuAfterLongWord(t *testing.T) {
	for _, format := range []string{
		"smtp（transport_maps hash:/%s/transport、キー docomo.ne.jp による）",
		"送信先 %s。次の行",
		"「%s」を開けません",
		"キー（%s）による",
		"キー（%s）、次",
	} {
		for n := 1; n <= 130; n++ {
			text := strings.Replace(format, "%s", strings.Repeat("d", n), 1)
			for _, width := range []int{20, 40, 58, 76} {
				lines := wrapText(text, width)
				joined := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
				if joined != strings.ReplaceAll(text, " ", "") {
					t.Fatalf("width %d: lines %q lose or add text", width, lines)
				}
				for i, line := range lines {
					if w := ansi.StringWidth(line); w > width {
						t.Errorf("width %d: line %q is %d cells", width, line, w)
					}
					runes := []rune(line)
					if i > 0 && strings.ContainsRune(noBreakBefore, runes[0]) {
						t.Errorf("width %d: line %q of %q starts with %q", width, line, lines, runes[0])
					}
					if i < len(lines)-1 && strings.ContainsRune(noBreakAfter, runes[len(runes)-1]) {
						t.Errorf("width %d: line %q of %q ends with %q", width, line, lines, runes[len(runes)-1])
					}
				}
			}
		}
	}
}
