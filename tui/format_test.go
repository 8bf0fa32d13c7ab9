package tui

import "testing"

func TestFormatGroupedDigits(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1,000"},
		{1500, "1,500"},
		{101384, "101,384"},
		{1234567, "1,234,567"},
		{-1234, "-1,234"},
	}
	for _, tc := range cases {
		if got := formatGrouped(tc.n); got != tc.want {
			t.Errorf("formatGrouped(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestFormatPercentShortOfWhole checks that a share short of the whole
// never reads as 100% or 0%: a domain with one failure in 10,000 must not
// look as if nothing failed.
func TestFormatPercentShortOfWhole(t *testing.T) {
	cases := []struct {
		part, total int64
		want        string
	}{
		{0, 0, "-"},
		{10, 10, "100%"},
		{0, 10, "0.0%"},
		{1, 8, "12.5%"},
		{9999, 10000, "99.9%"},
		{99999, 100000, "99.9%"},
		{1, 100000, "0.1%"},
	}
	for _, tc := range cases {
		if got := formatPercent(tc.part, tc.total); got != tc.want {
			t.Errorf("formatPercent(%d, %d) = %q, want %q", tc.part, tc.total, got, tc.want)
		}
	}
}
