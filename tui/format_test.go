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
