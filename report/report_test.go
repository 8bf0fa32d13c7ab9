package report

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

func sampleSnapshot() *stats.Snapshot {
	jst := time.FixedZone("JST", 9*3600)
	var docomo, gmail stats.DomainStats
	docomo.Domain = "docomo.ne.jp"
	docomo.Windows[stats.WindowAll] = stats.Counts{Attempts: 10, Sent: 4, Deferred: 3, Suspended: 1, Bounced: 3, Expired: 1, DelaySum: 20, DelayMax: 9}
	docomo.Windows[stats.WindowAll].Classes[diagnose.Filtered] = 2
	docomo.Windows[stats.WindowAll].Classes[diagnose.UserUnknown] = 1
	docomo.Windows[stats.WindowAll].Classes[diagnose.Suspended] = 1
	docomo.Windows[stats.WindowAll].Classes[diagnose.RateLimited] = 3
	gmail.Domain = "gmail.com"
	gmail.Windows[stats.WindowAll] = stats.Counts{Attempts: 5, Sent: 5, DelaySum: 1, DelayMax: 0.5}

	snap := &stats.Snapshot{
		First:   time.Date(2026, 12, 4, 0, 0, 1, 0, jst),
		Last:    time.Date(2026, 12, 4, 23, 59, 58, 0, jst),
		Lines:   stats.LineCounts{Read: 100, Postfix: 90, Unrecognized: 2},
		Domains: []stats.DomainStats{gmail, docomo},
	}
	snap.Now = snap.Last
	snap.Totals[stats.WindowAll] = stats.Counts{Attempts: 15, Sent: 9, Deferred: 3, Bounced: 3, Expired: 1}
	return snap
}

// sampleSummary is sampleSnapshot's counts since the start.
func sampleSummary() *stats.Summary {
	snap := sampleSnapshot()
	sum := &stats.Summary{First: snap.First, Last: snap.Last, Lines: snap.Lines, Totals: snap.Totals[stats.WindowAll]}
	for _, d := range snap.Domains {
		sum.Domains = append(sum.Domains, stats.DomainTotal{Domain: d.Domain, All: d.Windows[stats.WindowAll]})
	}
	return sum
}

func TestBuildJSONShape(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	var out bytes.Buffer
	if err := WriteJSON(&out, Build(sampleSnapshot(), jst)); err != nil {
		t.Fatal(err)
	}

	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if got["from"] != "2026-12-04T00:00:01+09:00" {
		t.Errorf("from = %v", got["from"])
	}
	if got["to"] != "2026-12-04T23:59:58+09:00" {
		t.Errorf("to = %v", got["to"])
	}
	lines := got["lines"].(map[string]any)
	if lines["read"] != 100.0 || lines["postfix"] != 90.0 || lines["unrecognized"] != 2.0 {
		t.Errorf("lines = %v", lines)
	}
	totals := got["totals"].(map[string]any)
	if totals["sent"] != 9.0 || totals["deferred"] != 3.0 || totals["bounced"] != 3.0 || totals["expired"] != 1.0 {
		t.Errorf("totals = %v", totals)
	}
	domains := got["domains"].([]any)
	if len(domains) != 2 {
		t.Fatalf("domains = %v", domains)
	}
	first := domains[0].(map[string]any)
	if first["domain"] != "docomo.ne.jp" {
		t.Errorf("first domain = %v, want docomo.ne.jp (most failures first)", first["domain"])
	}
	classes := first["classes"].(map[string]any)
	want := map[string]float64{"filtered": 2, "user_unknown": 1, "suspended": 1, "rate_limited": 3}
	if len(classes) != len(want) {
		t.Errorf("classes = %v, want %v", classes, want)
	}
	for name, n := range want {
		if classes[name] != n {
			t.Errorf("classes[%s] = %v, want %v", name, classes[name], n)
		}
	}
	second := domains[1].(map[string]any)
	if len(second["classes"].(map[string]any)) != 0 {
		t.Errorf("gmail classes = %v, want {}", second["classes"])
	}
}

func TestBuildEmptySnapshot(t *testing.T) {
	var out bytes.Buffer
	if err := WriteJSON(&out, Build(&stats.Snapshot{}, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"domains": []`) {
		t.Errorf("an empty report must still list domains as []: %s", out.String())
	}
}

func TestWriteTextWatchListFirst(t *testing.T) {
	var out bytes.Buffer
	watch := []string{"ezweb.ne.jp", "docomo.ne.jp"}
	if err := WriteText(&out, sampleSummary(), watch, time.UTC); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	ezweb := strings.Index(text, "ezweb.ne.jp")
	docomo := strings.Index(text, "docomo.ne.jp")
	gmail := strings.Index(text, "gmail.com")
	if ezweb < 0 || docomo < 0 || gmail < 0 {
		t.Fatalf("missing rows:\n%s", text)
	}
	if !(ezweb < docomo && docomo < gmail) {
		t.Errorf("want watch list in order, then other domains:\n%s", text)
	}
	if !strings.Contains(text, "rate_limited 3, filtered 2, user_unknown 1") {
		t.Errorf("top classes missing or misordered:\n%s", text)
	}
	if !strings.Contains(text, "40.0%") {
		t.Errorf("docomo sent rate 4/10 missing:\n%s", text)
	}
}

func TestFilterDomain(t *testing.T) {
	sum := FilterDomain(sampleSummary(), "DoCoMo.ne.jp ")
	if len(sum.Domains) != 1 || sum.Domains[0].Domain != "docomo.ne.jp" {
		t.Fatalf("domains = %+v", sum.Domains)
	}
	if sum.Totals.Attempts != 10 {
		t.Errorf("totals = %+v, want docomo's", sum.Totals)
	}
}

func TestWriteTextInJapanese(t *testing.T) {
	var out bytes.Buffer
	watch := []string{"ezweb.ne.jp", "docomo.ne.jp"}
	if err := WriteTextIn(&out, sampleSummary(), watch, time.UTC, l10n.New(l10n.Japanese)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	// The terms are the dashboard's: 成功率 and 所要 as in its columns,
	// 送信成功 as in its status column, 配送見合わせ and the class labels as
	// in its reason column.
	for _, want := range []string{"読み込み 100 行", "試行 15 件: 送信成功 9 件（60.0%）", "（うち配送見合わせ 0 件）", "不達 3 件", "期限切れ 1 件",
		"ドメイン", "成功率", "平均所要", "最大所要", "主な原因", "流量制限 3、受信拒否 2、宛先不明 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("Japanese report lacks %q:\n%s", want, text)
		}
	}
	for _, english := range []string{"DOMAIN", "ATTEMPTS", "AVG DELAY", "TOP CLASSES", "lines read", "Attempts",
		"rate_limited", "filtered", "user_unknown"} {
		if strings.Contains(text, english) {
			t.Errorf("Japanese report has the English label %q:\n%s", english, text)
		}
	}
	// 一時停止 is the dashboard's pause, and 遅延 its deferred count.
	for _, other := range []string{"一時停止", "平均遅延", "最大遅延", "送信率"} {
		if strings.Contains(text, other) {
			t.Errorf("Japanese report has %q, which the dashboard does not use for it:\n%s", other, text)
		}
	}

	_, table, _ := strings.Cut(text, "\n\n")
	header, _, _ := strings.Cut(table, "\n")
	if sent := l10n.New(l10n.Japanese).T("status.sent"); !strings.Contains(header, "  "+sent+"  ") {
		t.Errorf("Japanese report header lacks the dashboard's %q column:\n%s", sent, header)
	}
	assertColumnsAligned(t, strings.Split(strings.TrimSuffix(table, "\n"), "\n"), 10)
}

func TestWriteTextLineCountForms(t *testing.T) {
	cases := []struct {
		name string
		read int64
		seen bool // a timestamped line was read, so the range line is written
		want string
	}{
		{"no line", 0, false, "No Postfix deliveries found (0 lines read, "},
		{"one line", 1, false, "No Postfix deliveries found (1 line read, "},
		{"two lines", 2, false, "No Postfix deliveries found (2 lines read, "},
		{"range of one line", 1, true, ": 1 line read, "},
		{"range of many lines", 100, true, ": 100 lines read, "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sum := &stats.Summary{Lines: stats.LineCounts{Read: tc.read}}
			if tc.seen {
				sum.First = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
				sum.Last = sum.First
			}
			var out bytes.Buffer
			if err := WriteText(&out, sum, nil, time.UTC); err != nil {
				t.Fatal(err)
			}
			firstLine, _, _ := strings.Cut(out.String(), "\n")
			if !strings.Contains(firstLine, tc.want) {
				t.Errorf("first line = %q, want it to contain %q", firstLine, tc.want)
			}
		})
	}
}

func TestWriteTextNoDeliveries(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	seen := time.Date(2026, 12, 4, 9, 0, 0, 0, jst)
	noDeliveries := &stats.Summary{First: seen, Last: seen, Lines: stats.LineCounts{Read: 2, Postfix: 1}}
	cases := []struct {
		name string
		sum  *stats.Summary
		lang string
		want string
	}{
		{"empty log", &stats.Summary{}, l10n.English,
			"No Postfix deliveries found (0 lines read, 0 from Postfix, 0 unrecognized).\n"},
		{"no delivery line", noDeliveries, l10n.English,
			"From 2026-12-04T09:00:00+09:00 to 2026-12-04T09:00:00+09:00: 2 lines read, 1 from Postfix, 0 unrecognized.\n" +
				"No delivery lines (status=sent, deferred, bounced or expired) to report, so no domain is listed.\n"},
		{"no delivery line in Japanese", noDeliveries, l10n.Japanese,
			"2026-12-04T09:00:00+09:00 から 2026-12-04T09:00:00+09:00 まで: 読み込み 2 行、Postfix 1 行、認識できない行 0 行。\n" +
				"報告する配送の行（status=sent、deferred、bounced、expired）がないため、ドメインは表示しません。\n"},
		{"domain without deliveries", FilterDomain(sampleSummary(), "ezweb.ne.jp"), l10n.English,
			"From 2026-12-04T00:00:01+09:00 to 2026-12-04T23:59:58+09:00: 100 lines read, 90 from Postfix, 2 unrecognized.\n" +
				"No delivery lines (status=sent, deferred, bounced or expired) to report, so no domain is listed.\n"},
	}
	// The watched domains are not listed with zero counts.
	watch := []string{"docomo.ne.jp", "ezweb.ne.jp"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := WriteTextIn(&out, tc.sum, watch, jst, l10n.New(tc.lang)); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("report =\n%s\nwant\n%s", out.String(), tc.want)
			}
		})
	}
}

// assertColumnsAligned checks that every line has columns cells, separated
// by two or more spaces, and that each column starts at the same terminal
// cell in every line.
func assertColumnsAligned(t *testing.T, lines []string, columns int) {
	t.Helper()
	var first []int
	for _, line := range lines {
		starts := columnStarts(line)
		if len(starts) != columns {
			t.Fatalf("line %q has %d columns, want %d", line, len(starts), columns)
		}
		if first == nil {
			first = starts
			continue
		}
		if !slices.Equal(starts, first) {
			t.Errorf("line %q starts its columns at cells %v, the header at %v", line, starts, first)
		}
	}
}

// columnStarts returns the terminal cell where each column of line starts;
// a column starts at the line's beginning or after two or more spaces.
func columnStarts(line string) []int {
	var starts []int
	spaces := 2
	for i, r := range line {
		if r == ' ' {
			spaces++
			continue
		}
		if spaces >= 2 {
			starts = append(starts, ansi.StringWidth(line[:i]))
		}
		spaces = 0
	}
	return starts
}

// WriteJSON encodes the domains one at a time; its bytes must be those of
// an indenting json.Encoder over the whole document.
func TestWriteJSONMatchesEncoder(t *testing.T) {
	docs := map[string]Document{
		"empty": {Domains: []DomainDoc{}},
		"domains": {
			From: "2026-12-04T06:00:00Z", To: "2026-12-04T18:00:00Z",
			Lines:  Lines{Read: 10, Postfix: 9, Unrecognized: 1},
			Totals: Totals{Sent: 3, Deferred: 2, Bounced: 1},
			Domains: []DomainDoc{
				{Domain: "docomo.ne.jp", Deferred: 2, Classes: map[string]int64{"rate_limited": 1, "filtered": 1}},
				{Domain: "a<b>&c.example", Sent: 3, Classes: map[string]int64{}},
				{Domain: "null.example", Bounced: 1, Classes: map[string]int64{"user_unknown": 1}},
			},
		},
	}
	for name, doc := range docs {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&got, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: WriteJSON wrote\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}

// BuildSummary, from the counts since the start alone, gives the document
// Build gives from a whole snapshot.
func TestBuildSummaryMatchesBuild(t *testing.T) {
	data, err := os.ReadFile("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := stats.New(stats.Config{})
	p := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	var ev parsers.Event
	for line := range bytes.Lines(data) {
		p.Parse(line, &ev)
		c.Add(&ev, line)
	}
	_, last := c.Span()
	want := Build(c.Snapshot(last), time.UTC)
	got := BuildSummary(c.Summary(), time.UTC)
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("BuildSummary = %s\nBuild = %s", gotJSON, wantJSON)
	}
	if len(got.Domains) < 2 {
		t.Errorf("the test log gives %d domains, want several", len(got.Domains))
	}
}

// Without a watch list, the domains of a summary, which come in no order,
// are written by failures and then by name.
func TestWriteTextOrdersByFailures(t *testing.T) {
	sum := sampleSummary()
	sum.Domains = append(sum.Domains, stats.DomainTotal{Domain: "au.com", All: stats.Counts{Attempts: 3, Sent: 3}})
	var out bytes.Buffer
	if err := WriteText(&out, sum, nil, time.UTC); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	docomo, au, gmail := strings.Index(text, "docomo.ne.jp"), strings.Index(text, "au.com"), strings.Index(text, "gmail.com")
	if docomo < 0 || au < 0 || gmail < 0 {
		t.Fatalf("missing rows:\n%s", text)
	}
	if !(docomo < au && au < gmail) {
		t.Errorf("want docomo.ne.jp (failures), then au.com and gmail.com by name:\n%s", text)
	}
}

func TestSecondsRoundsToNearestSecond(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{-1, "-"},
		{0.034, "0.03s"},
		{9.994, "9.99s"},
		{58.58, "59s"},
		{58.4, "58s"},
		{59.6, "1m0s"},
		{251.4, "4m11s"},
	}
	for _, tt := range tests {
		if got := seconds(tt.in); got != tt.want {
			t.Errorf("seconds(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPercentLikeDashboard checks that the text report writes percentages
// by the rule of the dashboard's sent% column.
func TestPercentLikeDashboard(t *testing.T) {
	cases := []struct {
		part, whole int64
		want        string
	}{
		{0, 0, "-"},
		{5, 5, "100%"},
		{4, 10, "40.0%"},
		{1, 3, "33.3%"},
		{0, 7, "0.0%"},
		{9999, 10000, "99.9%"},
		{99999, 100000, "99.9%"},
		{1, 100000, "0.1%"},
	}
	for _, tc := range cases {
		if got := percent(tc.part, tc.whole); got != tc.want {
			t.Errorf("percent(%d, %d) = %q, want %q", tc.part, tc.whole, got, tc.want)
		}
	}

	var out bytes.Buffer
	if err := WriteText(&out, sampleSummary(), nil, time.UTC); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), " 100% ") || strings.Contains(out.String(), "100.0%") {
		t.Errorf("gmail.com, which sent 5 of 5, is not shown as 100%%:\n%s", out.String())
	}
}
