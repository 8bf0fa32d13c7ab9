package main

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/internal/smtptest"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// japaneseLocale is the environment of a Japanese operator: LANG set, and
// LC_ALL and LC_MESSAGES empty so that LANG decides.
var japaneseLocale = []string{"LANG=ja_JP.UTF-8", "LC_ALL=", "LC_MESSAGES="}

// englishLocale selects English through the locale.
var englishLocale = []string{"LANG=C", "LC_ALL=", "LC_MESSAGES="}

// useEnglishLocale sets an English locale for the rest of the test, for
// tests that check English text printed without --lang.
func useEnglishLocale(t *testing.T) {
	t.Helper()
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C")
}

// runWithLocale runs the built binary with env added to the test's
// environment and returns its standard output.
func runWithLocale(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mailtop %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// assertLabels checks that text contains every label of want and none of
// unwanted.
func assertLabels(t *testing.T, name, text string, want, unwanted []string) {
	t.Helper()
	for _, label := range want {
		if !strings.Contains(text, label) {
			t.Errorf("%s lacks %q:\n%s", name, label, text)
		}
	}
	for _, label := range unwanted {
		if strings.Contains(text, label) {
			t.Errorf("%s contains %q:\n%s", name, label, text)
		}
	}
}

var (
	reportEnglishLabels  = []string{"lines read", "Attempts ", "DOMAIN", "ATTEMPTS", "DEFERRED", "BOUNCED", "AVG DELAY", "TOP CLASSES"}
	reportJapaneseLabels = []string{"読み込み", "試行", "送信成功", "成功率", "遅延", "不達", "期限切れ", "平均所要", "最大所要", "主な原因"}
)

func TestReportTextLanguages(t *testing.T) {
	bin := buildBinary(t, "test")
	args := []string{"report", "--config", writeConfig(t, "# defaults\n"), "--log", capturedLog, "--year", "2026", "--tz", "UTC"}

	english := runWithLocale(t, bin, englishLocale, args...)
	assertLabels(t, "English report", english, reportEnglishLabels, reportJapaneseLabels)

	byLocale := runWithLocale(t, bin, japaneseLocale, args...)
	assertLabels(t, "report under LANG=ja_JP.UTF-8", byLocale, reportJapaneseLabels, reportEnglishLabels)

	byFlag := runWithLocale(t, bin, englishLocale, append(args, "--lang", "ja")...)
	if byFlag != byLocale {
		t.Errorf("report with --lang ja differs from the one under LANG=ja_JP.UTF-8:\n%s\n%s", byFlag, byLocale)
	}
	forcedEnglish := runWithLocale(t, bin, japaneseLocale, append(args, "--lang", "en")...)
	if forcedEnglish != english {
		t.Errorf("report with --lang en under a Japanese locale differs from the English one:\n%s\n%s", forcedEnglish, english)
	}
}

var (
	queueEnglishLabels  = []string{"QUEUE ID", "AGE", "SIZE", "NEXT RETRY", "SENDER", "(for ", "recipient done", " messages ", " in /", "still being written", "left the queue"}
	queueJapaneseLabels = []string{"queue ID", "キュー", "経過", "サイズ", "次回再送", "差出人", "元の宛先", "配送済みの宛先 1 件", "件（deferred 1、hold 1）", "書き込み中 1 件", "キューから消えた 2 件"}
)

func TestWriteQueueTextJapanese(t *testing.T) {
	snap := queueTestSnapshot()
	snap.Messages = append(snap.Messages,
		sources.QueuedMessage{
			Queue: "deferred", QueueID: "8A1B2C3D4E", Arrival: queueTestNow.Add(-time.Hour), Size: 1024,
			Sender: "shop@example.jp", NextRetry: queueTestNow.Add(-time.Minute),
			Recipients: []sources.QueuedRecipient{{Address: "a@ezweb.ne.jp", BounceReason: "550 5.1.1 unknown"}},
		},
		sources.QueuedMessage{
			Queue: "deferred", QueueID: "9F8E7D6C5B", Arrival: queueTestNow.Add(-time.Hour), Size: 2048,
			Sender: "shop@example.jp", NextRetry: queueTestNow.Add(4*time.Hour + 20*time.Minute),
			Recipients: []sources.QueuedRecipient{{Address: "b@au.com"}},
		})
	snap.Counts["deferred"] = 3
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.Japanese), nil); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	labels := append(slices.Clone(queueJapaneseLabels[:7]), "予定時刻経過", "不達: 550 5.1.1 unknown", "19:50:10 (10s)", "12/05 00:10 (4h20m)")
	assertLabels(t, "Japanese queue listing", text, labels, append(queueEnglishLabels, "due", "bounced:"))

	var table []string
	for _, line := range strings.Split(text, "\n") {
		if line != "" && !strings.HasPrefix(line, " ") && !strings.Contains(line, "。") {
			table = append(table, line)
		}
	}
	if len(table) != 5 {
		t.Fatalf("want a header and 4 message lines, got %q", table)
	}
	// ID, queue, next retry and sender are left-aligned, age and size
	// right-aligned: compare where each column starts or ends.
	header := cellSpans(table[0])
	for _, line := range table[1:] {
		spans := cellSpans(line)
		if len(spans) != len(header) {
			t.Fatalf("line %q has %d columns, the header %d", line, len(spans), len(header))
		}
		for i, span := range spans {
			if i == 2 || i == 3 {
				if span[1] != header[i][1] {
					t.Errorf("line %q: column %d ends at cell %d, the header's at %d", line, i, span[1], header[i][1])
				}
			} else if span[0] != header[i][0] {
				t.Errorf("line %q: column %d starts at cell %d, the header's at %d", line, i, span[0], header[i][0])
			}
		}
	}
}

// cellSpans returns the start and end terminal cell of each column of
// line; columns are separated by two or more spaces.
func cellSpans(line string) [][2]int {
	var spans [][2]int
	spaces := 2
	for i, r := range line {
		if r == ' ' {
			spaces++
			continue
		}
		cell := ansi.StringWidth(line[:i])
		if spaces >= 2 {
			spans = append(spans, [2]int{cell, cell})
		}
		spans[len(spans)-1][1] = cell + ansi.StringWidth(string(r))
		spaces = 0
	}
	return spans
}

func TestQueueTextLanguages(t *testing.T) {
	bin := buildBinary(t, "test")
	args := []string{"queue", "--queue-dir", copyCapturedQueue(t)}
	japaneseLabels := []string{"queue ID", "経過", "サイズ", "次回再送", "差出人", "件（deferred 1）"}
	englishLabels := []string{"QUEUE ID", "AGE", "SIZE", "NEXT RETRY", "SENDER", "1 message (deferred 1) in "}

	english := runWithLocale(t, bin, englishLocale, args...)
	assertLabels(t, "English queue listing", english, englishLabels, japaneseLabels)

	byLocale := runWithLocale(t, bin, japaneseLocale, args...)
	assertLabels(t, "queue listing under LANG=ja_JP.UTF-8", byLocale, japaneseLabels, englishLabels)

	byFlag := runWithLocale(t, bin, englishLocale, append(args, "--lang", "ja")...)
	assertLabels(t, "queue listing with --lang ja", byFlag, japaneseLabels, englishLabels)
}

var (
	checkEnglishLabels  = []string{"transport  ", "next hop  ", "concurrency  ", "rate delay  ", "processes  ", "THROTTLED", "Suggested dedicated transport", "add to main.cf:", "then run:", "(from transport_maps"}
	checkJapaneseLabels = []string{"トランスポート", "次ホップ", "同時接続数", "宛先数上限", "送信間隔", "トランスポート間隔", "プロセス数", "速度制限あり: docomo_destination_concurrency_limit = 1", "速度制限なし", "専用トランスポート \"au\" の設定案", "main.cf に追加:", "その後に実行:", "による）"}
)

func TestCheckTextJapanese(t *testing.T) {
	dir := checkInstanceDir(t)
	config := writeConfig(t, `watch = ["docomo.ne.jp", "au.com"]`)
	check := func(lang string) string {
		t.Helper()
		var out bytes.Buffer
		opts := &options{configDir: dir, configFile: config, lang: lang}
		if err := runCheck(t.Context(), opts, sbinRunner{}, false, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}

	byFlag := check("ja")
	assertLabels(t, "check with --lang ja", byFlag, checkJapaneseLabels, checkEnglishLabels)

	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	if byLocale := check(""); byLocale != byFlag {
		t.Errorf("check under LANG=ja_JP.UTF-8 differs from check with --lang ja:\n%s\n%s", byLocale, byFlag)
	}
	english := check("en")
	assertLabels(t, "check with --lang en", english, checkEnglishLabels, checkJapaneseLabels)

	// Every label line starts its value at the same terminal cell.
	valueStart := -1
	for _, line := range strings.Split(byFlag, "\n") {
		if !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "   ") || !strings.Contains(line, "   ") {
			continue
		}
		label, _, _ := strings.Cut(strings.TrimPrefix(line, "  "), "  ")
		rest := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(line, "  "), label), " ")
		start := ansi.StringWidth(line) - ansi.StringWidth(rest)
		if valueStart < 0 {
			valueStart = start
		} else if start != valueStart {
			t.Errorf("line %q starts its value at cell %d, the first label line at %d", line, start, valueStart)
		}
	}
	if valueStart < 0 {
		t.Fatalf("no label lines found:\n%s", byFlag)
	}
}

var (
	forwardEnglishLabels  = []string{"Message:", "Relay:", "From:", "To:", "Mode:", "bytes", "longest line", "in the deferred queue", "then hold the original", "Dry run", "Relay accepted"}
	forwardJapaneseLabels = []string{"メッセージ:", "リレー:", "差出人:", "宛先:", "方式:", "deferred キューの 7E996BE094", "バイト", "最長行", "元のまま再送信（resend）、送信後に元のメッセージを"}
)

func TestForwardTextJapanese(t *testing.T) {
	sink := &smtptest.Relay{}
	via := startSMTPSink(t, sink)
	setup := newForwardSetup(t)

	setup.opts.lang = "ja"
	dryRun, err := setup.run(t, forwardFlags{via: via, dryRun: true, after: "hold"}, "7E996BE094")
	if err != nil {
		t.Fatal(err)
	}
	assertLabels(t, "forward --dry-run --lang ja", dryRun,
		append(slices.Clone(forwardJapaneseLabels), "ドライラン: 何も送信せず、キューも変更していません。"), forwardEnglishLabels)

	// The values start at the same terminal cell on every labeled line.
	valueStart := -1
	for _, line := range strings.Split(dryRun, "\n")[:5] {
		label, _, _ := strings.Cut(line, ":")
		rest := strings.TrimLeft(strings.TrimPrefix(line, label+":"), " ")
		start := ansi.StringWidth(line) - ansi.StringWidth(rest)
		if valueStart < 0 {
			valueStart = start
		} else if start != valueStart {
			t.Errorf("line %q starts its value at cell %d, the first line at %d", line, start, valueStart)
		}
	}

	setup.opts.lang = ""
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	sent, err := setup.run(t, forwardFlags{via: via}, "7E996BE094")
	if err != nil {
		t.Fatalf("%v\n%s", err, sent)
	}
	assertLabels(t, "forward under LANG=ja_JP.UTF-8", sent,
		append(slices.Clone(forwardJapaneseLabels), "リレーがメッセージを受け付けました: 250 "), forwardEnglishLabels)
}
