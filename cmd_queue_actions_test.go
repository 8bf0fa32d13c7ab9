package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// runMailtop runs the mailtop command line with args and returns what it
// printed.
func runMailtop(t *testing.T, ctx context.Context, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(""))
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return out.String(), err
}

func TestFilterQueueFlags(t *testing.T) {
	cases := []struct {
		name   string
		flags  queueFlags
		domain string
		want   []string
	}{
		{"sender", queueFlags{sender: "TESTER@"}, "", []string{"7E996BE094"}},
		{"null sender", queueFlags{sender: "<>"}, "", []string{"75D57BE091"}},
		{"queue", queueFlags{queue: "hold"}, "", []string{"75D57BE091"}},
		{"recipient", queueFlags{recipient: "c@au"}, "", []string{"7E996BE094"}},
		{"done recipient ignored", queueFlags{recipient: "ok2@"}, "", nil},
		{"reason", queueFlags{reason: "connection REFUSED"}, "", []string{"7E996BE094"}},
		{"class", queueFlags{class: "network"}, "", []string{"7E996BE094"}},
		{"class without match", queueFlags{class: "user_unknown"}, "", nil},
		{"domain and reason on one recipient", queueFlags{reason: "refused"}, "docomo.ne.jp", nil},
		{"domain", queueFlags{}, "docomo.ne.jp", []string{"7E996BE094"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filter, err := tc.flags.filter(&options{domain: tc.domain})
			if err != nil {
				t.Fatal(err)
			}
			snap := tui.FilterQueue(queueTestSnapshot(), filter)
			var ids []string
			for _, m := range snap.Messages {
				ids = append(ids, m.QueueID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("kept %v, want %v", ids, tc.want)
			}
			total := 0
			for _, n := range snap.Counts {
				total += n
			}
			if total != len(tc.want) {
				t.Errorf("Counts = %v, want %d in all", snap.Counts, len(tc.want))
			}
		})
	}
}

func TestFilterQueueFlagsInvalid(t *testing.T) {
	for _, flags := range []queueFlags{{class: "greylist"}, {queue: "bounce"}} {
		if _, err := flags.filter(&options{}); err == nil {
			t.Errorf("filter(%+v) accepted", flags)
		}
	}
}

func TestQueueJSONRecipientClass(t *testing.T) {
	var out bytes.Buffer
	if err := writeQueueJSON(&out, queueTestSnapshot(), "", queueTestNow, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Messages []struct {
			Recipients []struct {
				Address string `json:"address"`
				Class   string `json:"class"`
			} `json:"recipients"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	recipients := doc.Messages[1].Recipients
	if recipients[0].Class != "" || recipients[2].Class != "network" {
		t.Errorf("classes = %+v, want none for the done recipient and network for c@au.com", recipients)
	}
}

// A filter that matches some of the queued messages gives both numbers.
func TestQueueFilterMatchesSome(t *testing.T) {
	useEnglishLocale(t)
	dir := copyCapturedQueue(t)
	for name, path := range map[string]string{
		"real/deferred-short-done-recipient":       "deferred/2/249A5BA093",
		"real/deferred-short-done-recipient.defer": "defer/2/249A5BA093",
	} {
		data, err := os.ReadFile(filepath.Join("testdata/queue", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, path), data, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		lang string
		want string
	}{
		{"en", "1 of 2 queued messages matches the filters (deferred 1) in " + dir},
		{"ja", dir + " の 2 件のうち、絞り込みに一致するのは 1 件（deferred 1）"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			out, err := runMailtop(t, context.Background(), "queue", "--queue-dir", dir, "--recipient", "tempfail2@docomo.ne.jp", "--lang", tc.lang)
			if err != nil {
				t.Fatalf("mailtop queue --recipient: %v\n%s", err, out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
	out, err := runMailtop(t, context.Background(), "queue", "--queue-dir", dir)
	if err != nil || !strings.Contains(out, "2 messages (deferred 2) in "+dir) {
		t.Errorf("queue without filters = %v, want the plain count:\n%s", err, out)
	}
}

// copyCapturedQueue lays the captured deferred message into a fresh queue
// directory, as a copy taken from a server would look.
func copyCapturedQueue(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, path := range map[string]string{"7E996BE094": "deferred/7/7E996BE094", "defer-7E996BE094": "defer/7/7E996BE094"} {
		data, err := os.ReadFile(filepath.Join("testdata/queue", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, path), data, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, path), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The config file's override rules classify the queued reasons as
// classify and the dashboard's log counts do: in the listing and for
// --class.
func TestQueueClassesFollowOverrides(t *testing.T) {
	useEnglishLocale(t)
	dir := copyCapturedQueue(t)
	ctx := context.Background()
	cfg := writeConfig(t, "[[override]]\npattern = \"(?i)greylisted\"\ndomain = \"docomo.ne.jp\"\nclass = \"mailbox_full\"\n")

	classes := func(args ...string) []string {
		t.Helper()
		out, err := runMailtop(t, ctx, append([]string{"queue", "--queue-dir", dir, "--json", "--domain", "docomo.ne.jp"}, args...)...)
		if err != nil {
			t.Fatalf("mailtop queue %v: %v\n%s", args, err, out)
		}
		var doc struct {
			Messages []struct {
				Recipients []struct {
					Done  bool   `json:"done"`
					Class string `json:"class"`
				} `json:"recipients"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		var got []string
		for _, m := range doc.Messages {
			for _, r := range m.Recipients {
				if !r.Done {
					got = append(got, r.Class)
				}
			}
		}
		return got
	}
	if got := classes(); len(got) == 0 || slices.Contains(got, "mailbox_full") {
		t.Fatalf("classes without the override = %v, want the built-in ones", got)
	}
	if got := classes("--config", cfg); len(got) == 0 || slices.ContainsFunc(got, func(c string) bool { return c != "mailbox_full" }) {
		t.Errorf("classes with the override = %v, want mailbox_full", got)
	}
	out, err := runMailtop(t, ctx, "queue", "--queue-dir", dir, "--config", cfg, "--class", "mailbox_full")
	if err != nil || !strings.Contains(out, "7E996BE094") {
		t.Errorf("--class mailbox_full with the override = %v\n%s", err, out)
	}
}

func TestQueueDirFlag(t *testing.T) {
	useEnglishLocale(t)
	dir := copyCapturedQueue(t)
	ctx := context.Background()
	out, err := runMailtop(t, ctx, "queue", "--queue-dir", dir, "--json", "--domain", "docomo.ne.jp")
	if err != nil {
		t.Fatalf("mailtop queue --queue-dir: %v\n%s", err, out)
	}
	var doc struct {
		Source   string `json:"source"`
		Dir      string `json:"queue_directory"`
		Messages []struct {
			QueueID    string `json:"queue_id"`
			Recipients []struct {
				Address string `json:"address"`
				Done    bool   `json:"done"`
				Reason  string `json:"reason"`
				Class   string `json:"class"`
			} `json:"recipients"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Source != "directory" || doc.Dir != dir || len(doc.Messages) != 1 || doc.Messages[0].QueueID != "7E996BE094" {
		t.Fatalf("document = %+v", doc)
	}
	pending := 0
	for _, r := range doc.Messages[0].Recipients {
		if !r.Done {
			pending++
			if r.Reason == "" || r.Class == "" {
				t.Errorf("pending recipient %+v lacks reason or class", r)
			}
		}
	}
	if pending == 0 {
		t.Errorf("no pending recipient in %+v", doc.Messages[0].Recipients)
	}

}

// A filter that matches none of the queued messages says so and gives the
// number queued, instead of calling the queue empty.
func TestQueueFilterMatchesNothing(t *testing.T) {
	useEnglishLocale(t)
	dir := copyCapturedQueue(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		args  []string
		want  []string
		avoid []string
	}{
		{"sender", []string{"--sender", "nobody@x.jp"},
			[]string{"No queued message matches the filters.", "0 messages match the filters (1 queued in " + dir + ")."},
			[]string{"Mail queue is empty.", "0 messages in"}},
		{"domain", []string{"--domain", "nomatch.jp"},
			[]string{"No queued message matches the filters.", "0 messages match the filters (1 queued in " + dir + ")."},
			[]string{"Mail queue is empty.", "0 messages in"}},
		{"domain japanese", []string{"--domain", "nomatch.jp", "--lang", "ja"},
			[]string{"絞り込みに一致するキューのメッセージはありません。", "絞り込みに一致するのは 0 件（" + dir + " に 1 件）。"},
			[]string{"メールキューは空です。", "No queued message"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runMailtop(t, ctx, append([]string{"queue", "--queue-dir", dir}, tc.args...)...)
			if err != nil {
				t.Fatalf("mailtop queue %q: %v\n%s", tc.args, err, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, avoid := range tc.avoid {
				if strings.Contains(out, avoid) {
					t.Errorf("output contains %q:\n%s", avoid, out)
				}
			}
		})
	}

	// An empty queue with a filter is still called empty.
	empty := t.TempDir()
	if err := os.Mkdir(filepath.Join(empty, "deferred"), 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := runMailtop(t, ctx, "queue", "--queue-dir", empty, "--sender", "nobody@x.jp")
	if err != nil || !strings.Contains(out, "Mail queue is empty.") {
		t.Errorf("empty queue with --sender = %v\n%s", err, out)
	}
}

func TestQueueActionUsageErrors(t *testing.T) {
	dir := copyCapturedQueue(t)
	ctx := context.Background()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"queue", "hold"}, "needs a filter"},
		{[]string{"queue", "hold", "--queue-dir", dir, "--all"}, "--queue-dir reads a copy"},
		{[]string{"queue", "delete", "--class", "nonsense"}, "invalid --class"},
		{[]string{"queue", "release", "--queue", "bounce"}, "invalid --queue"},
	}
	for _, tc := range cases {
		out, err := runMailtop(t, ctx, tc.args...)
		var usage usageError
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mailtop %q = %v (%s), want a usage error with %q", tc.args, err, out, tc.want)
		}
	}

	// Arguments are queue IDs; anything else is refused with the flag it
	// may have been meant for.
	arguments := []struct {
		args []string
		want string
	}{
		{[]string{"queue", "hold", "not-an-id"}, `takes queue IDs as arguments, but "not-an-id" is not one: pass queue IDs as mailtop queue lists them`},
		{[]string{"queue", "hold", "7E996BE094", "docomo.ne.jp"}, "to select the domain docomo.ne.jp, pass it with --domain docomo.ne.jp"},
	}
	for _, tc := range arguments {
		out, err := runMailtop(t, ctx, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mailtop %q = %v (%s), want an error with %q", tc.args, err, out, tc.want)
		}
	}
}

// TestQueueActionsRealPostfix runs every action subcommand against a
// private Postfix whose docomo.ne.jp route answers 450, and checks each
// change with postqueue -j and the audit log. It needs root and Postfix.
func TestQueueActionsRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	useEnglishLocale(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime:   10 * time.Minute,
		MaximalBackoffTime:   20 * time.Minute,
		QueueRunDelay:        10 * time.Minute,
		MaximalQueueLifetime: time.Hour,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	ids := map[string]string{}
	for _, local := range []string{"tempfail1", "tempfail2", "tempfail3", "tempfail4", "tempfail5"} {
		id, err := instance.Submit("shop@example.com", []string{local + "@docomo.ne.jp"}, "Your order has shipped", "Thank you.\n")
		if err != nil {
			t.Fatal(err)
		}
		ids[local] = id
	}
	other, err := instance.Submit("news@example.com", []string{"tempfail9@docomo.ne.jp"}, "News", "Hello.\n")
	if err != nil {
		t.Fatal(err)
	}
	waitQueue(t, ctx, instance, func(q map[string]postfixtest.QueuedMessage) bool {
		for _, id := range append(mapValues(ids), other) {
			if m, ok := q[id]; !ok || m.QueueName != "deferred" {
				return false
			}
		}
		return true
	})

	auditPath := filepath.Join(t.TempDir(), "audit.log")
	mailtop := func(args ...string) string {
		t.Helper()
		args = append([]string{"-c", instance.ConfigDir()}, args...)
		out, err := runMailtop(t, ctx, args...)
		if err != nil {
			t.Fatalf("mailtop %q: %v\n%s", args, err, out)
		}
		return out
	}
	action := func(args ...string) string {
		t.Helper()
		return mailtop(append(args, "--audit-log", auditPath)...)
	}

	// The listing matches postqueue -j.
	var doc struct {
		Messages []struct {
			QueueID    string `json:"queue_id"`
			QueueName  string `json:"queue_name"`
			Sender     string `json:"sender"`
			Recipients []struct {
				Address string `json:"address"`
				Done    bool   `json:"done"`
				Class   string `json:"class"`
			} `json:"recipients"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(mailtop("queue", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	listed, err := instance.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var fromMailtop, fromPostqueue []string
	for _, m := range doc.Messages {
		var pending []string
		for _, r := range m.Recipients {
			if !r.Done {
				pending = append(pending, r.Address)
			}
		}
		fromMailtop = append(fromMailtop, m.QueueID+" "+m.QueueName+" "+m.Sender+" "+strings.Join(pending, ","))
	}
	for _, m := range listed {
		var pending []string
		for _, r := range m.Recipients {
			pending = append(pending, r.Address)
		}
		fromPostqueue = append(fromPostqueue, m.QueueID+" "+m.QueueName+" "+m.Sender+" "+strings.Join(pending, ","))
	}
	sort.Strings(fromMailtop)
	sort.Strings(fromPostqueue)
	if !slices.Equal(fromMailtop, fromPostqueue) {
		t.Errorf("mailtop queue --json lists\n%q\npostqueue -j lists\n%q", fromMailtop, fromPostqueue)
	}

	// hold: the five shop messages, not the newsletter.
	out := action("queue", "hold", "--sender", "shop@example.com", "--domain", "docomo.ne.jp")
	if !strings.Contains(out, "hold: 5 of 5 messages changed (0 skipped).") {
		t.Errorf("hold printed:\n%s", out)
	}
	// postsuper prints one line per message, and so does mailtop.
	for local, id := range ids {
		if !strings.Contains(out, "\npostsuper: "+id+": placed on hold\n") {
			t.Errorf("hold output lacks postsuper's own line for %s (%s):\n%s", local, id, out)
		}
	}
	q := queueByID(t, ctx, instance)
	for local, id := range ids {
		if q[id].QueueName != "hold" {
			t.Errorf("%s (%s) is in %q after hold, want hold", local, id, q[id].QueueName)
		}
	}
	if q[other].QueueName != "deferred" {
		t.Errorf("newsletter %s is in %q, want deferred", other, q[other].QueueName)
	}

	// release: tempfail1..4 back to deferred; tempfail5 stays held.
	out = action("queue", "release", "--queue", "hold", "--recipient", "tempfail")
	if !strings.Contains(out, "release: 5 of 5 messages changed") {
		t.Errorf("release printed:\n%s", out)
	}
	if q := queueByID(t, ctx, instance); q[ids["tempfail5"]].QueueName != "deferred" {
		t.Errorf("tempfail5 after release is in %q", q[ids["tempfail5"]].QueueName)
	}
	// A queue ID as the argument selects that message; an ID that names
	// no queued message is reported, changes nothing, and makes the
	// command fail after the others were held.
	out, err = runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "hold", ids["tempfail5"], "1A2B3C4D5E", "--audit-log", auditPath)
	var usage usageError
	if err == nil || errors.As(err, &usage) {
		t.Errorf("hold of a queued and a missing queue ID: error %v, want a failure that is not a usage error", err)
	} else if want := "hold: 1 of the 2 queue IDs given named no queued message (1A2B3C4D5E)"; !strings.Contains(err.Error(), want) {
		t.Errorf("hold of a queued and a missing queue ID: error %q, want it to contain %q", err, want)
	}
	if !strings.Contains(out, "hold: 1 of 1 message changed") {
		t.Errorf("hold by queue ID printed:\n%s", out)
	}
	if !strings.Contains(out, "1A2B3C4D5E: no queued message has this queue ID") {
		t.Errorf("hold by queue ID does not report the ID that names no message:\n%s", out)
	}
	if q := queueByID(t, ctx, instance); q[ids["tempfail5"]].QueueName != "hold" {
		t.Errorf("tempfail5 after hold by queue ID is in %q, want hold", q[ids["tempfail5"]].QueueName)
	}
	// Holding it again changes nothing and succeeds, in both languages.
	// Its audit line records that nothing ran, so it goes to another file.
	noOpAudit := filepath.Join(t.TempDir(), "audit.log")
	out, err = runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "hold", ids["tempfail5"], "--audit-log", noOpAudit)
	if err != nil {
		t.Errorf("hold of a held message: %v, want success", err)
	}
	if want := "hold: nothing to change, because the selected messages are already in that state."; !strings.Contains(out, want) {
		t.Errorf("hold of a held message printed:\n%s\nwant %q", out, want)
	}
	out, err = runMailtop(t, ctx, "-c", instance.ConfigDir(), "--lang", "ja", "queue", "release", "--recipient", "tempfail1@", "--audit-log", noOpAudit)
	if err != nil {
		t.Errorf("release of a deferred message: %v, want success", err)
	}
	if want := "保留解除: 選んだメッセージはすでにその状態のため、変更はありません。"; !strings.Contains(out, want) || strings.Contains(out, "release:") {
		t.Errorf("release of a deferred message printed:\n%s\nwant %q", out, want)
	}

	// deliver: postqueue -i keeps the queue ID.
	out = action("queue", "deliver", "--recipient", "tempfail1@")
	if !strings.Contains(out, "deliver: 1 of 1 message changed") {
		t.Errorf("deliver printed:\n%s", out)
	}
	waitLogLine(t, ctx, instance, ids["tempfail1"]+": to=<tempfail1@docomo.ne.jp>", "status=deferred")

	// expire: the message is returned to its sender at the next attempt.
	out = action("queue", "expire", "--recipient", "tempfail2@")
	if !strings.Contains(out, "expire: 1 of 1 message changed") {
		t.Errorf("expire printed:\n%s", out)
	}
	if m, ok := queueByID(t, ctx, instance)[ids["tempfail2"]]; ok && !m.ForcedExpire {
		t.Errorf("tempfail2 after expire = %+v, want forced_expire or gone", m)
	}
	// A held message gets postsuper -f, which also releases it, because
	// Postfix returns nothing while it is on hold.
	out = action("queue", "expire", ids["tempfail5"])
	if !strings.Contains(out, "expire: 1 of 1 message changed") || !strings.Contains(out, "1 of them was on hold, so postsuper -f also released it") {
		t.Errorf("expire of a held message printed:\n%s", out)
	}
	if m, ok := queueByID(t, ctx, instance)[ids["tempfail5"]]; ok && (m.QueueName == "hold" || !m.ForcedExpire) {
		t.Errorf("tempfail5 after expire = %+v, want it released with forced_expire, or gone", m)
	}
	// Expiring an expired message again changes nothing and succeeds.
	if _, ok := queueByID(t, ctx, instance)[ids["tempfail2"]]; ok {
		out, err = runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "expire", ids["tempfail2"], "--audit-log", noOpAudit)
		if err != nil || !strings.Contains(out, "is already expired") || !strings.Contains(out, "expire: nothing to change") {
			t.Errorf("expire of an expired message = %v\n%s", err, out)
		}
	}

	// requeue: the old ID leaves, a new one with the same arrival comes.
	before := queueByID(t, ctx, instance)[ids["tempfail3"]]
	out = action("queue", "requeue", "--recipient", "tempfail3@")
	if !strings.Contains(out, "requeue: 1 of 1 message changed") {
		t.Errorf("requeue printed:\n%s", out)
	}
	waitQueue(t, ctx, instance, func(q map[string]postfixtest.QueuedMessage) bool {
		if _, ok := q[ids["tempfail3"]]; ok {
			return false
		}
		for _, m := range q {
			if len(m.Recipients) == 1 && m.Recipients[0].Address == "tempfail3@docomo.ne.jp" && m.ArrivalTime == before.ArrivalTime {
				return true
			}
		}
		return false
	})

	// delete: a dry run changes nothing, then --yes deletes.
	out = action("queue", "delete", "--recipient", "tempfail4@", "--dry-run")
	if !strings.Contains(out, "Dry run") || !strings.Contains(out, ids["tempfail4"]) {
		t.Errorf("delete --dry-run printed:\n%s", out)
	}
	if _, ok := queueByID(t, ctx, instance)[ids["tempfail4"]]; !ok {
		t.Fatalf("delete --dry-run removed %s", ids["tempfail4"])
	}

	// The dry run and a filter that matches nothing, in Japanese by --lang
	// and by the locale.
	dryRunJapanese := []string{ids["tempfail4"], "ドライラン: 削除では 1 件に postsuper -d - を実行します。何も変更していません。"}
	dryRunEnglish := []string{"Dry run", "would run", "nothing was changed", "delete"}
	out = action("queue", "delete", "--recipient", "tempfail4@", "--dry-run", "--lang", "ja")
	assertLabels(t, "delete --dry-run --lang ja", out, dryRunJapanese, dryRunEnglish)
	t.Setenv("LANG", "ja_JP.UTF-8")
	out = action("queue", "delete", "--recipient", "tempfail4@", "--dry-run")
	assertLabels(t, "delete --dry-run under LANG=ja_JP.UTF-8", out, dryRunJapanese, dryRunEnglish)
	out = action("queue", "hold", "--recipient", "nobody@")
	assertLabels(t, "hold matching nothing under LANG=ja_JP.UTF-8", out,
		[]string{"条件に一致するキューのメッセージはありません。保留は行いません。"}, []string{"No queued message", "nothing to", "hold"})
	t.Setenv("LANG", "C")
	if out, err := runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "delete", "--recipient", "tempfail4@", "--audit-log", auditPath); err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("delete without --yes = %v\n%s", err, out)
	}
	out = action("queue", "delete", "--recipient", "tempfail4@", "--yes")
	if !strings.Contains(out, "delete: 1 of 1 message changed") {
		t.Errorf("delete printed:\n%s", out)
	}
	if _, ok := queueByID(t, ctx, instance)[ids["tempfail4"]]; ok {
		t.Errorf("%s is still queued after delete", ids["tempfail4"])
	}

	// An action that runs, in Japanese.
	out = action("queue", "deliver", "--sender", "news@example.com", "--lang", "ja")
	assertLabels(t, "deliver --lang ja", out, []string{"今すぐ配送: 1 件中 1 件を変更しました（スキップ 0 件）。"}, []string{"changed", "skipped", "deliver:"})

	// One audit line per action that ran: hold, release, hold, deliver,
	// expire twice, requeue, delete, deliver.
	data, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	var actionsLogged []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var entry struct {
			Action string `json:"action"`
			Error  string `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		if entry.Error != "" {
			t.Errorf("audit line reports an error: %s", line)
		}
		actionsLogged = append(actionsLogged, entry.Action)
	}
	want := []string{"hold", "release", "hold", "deliver-now", "expire", "expire", "requeue", "delete", "deliver-now"}
	if !slices.Equal(actionsLogged, want) {
		t.Errorf("audit actions = %q, want %q", actionsLogged, want)
	}
}

func mapValues(m map[string]string) []string {
	var values []string
	for _, v := range m {
		values = append(values, v)
	}
	return values
}

func queueByID(t *testing.T, ctx context.Context, instance *postfixtest.Instance) map[string]postfixtest.QueuedMessage {
	t.Helper()
	listed, err := instance.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]postfixtest.QueuedMessage, len(listed))
	for _, m := range listed {
		byID[m.QueueID] = m
	}
	return byID
}

// waitQueue waits until done accepts the queue as postqueue -j lists it.
func waitQueue(t *testing.T, ctx context.Context, instance *postfixtest.Instance, done func(map[string]postfixtest.QueuedMessage) bool) {
	t.Helper()
	for !done(queueByID(t, ctx, instance)) {
		select {
		case <-ctx.Done():
			t.Fatalf("queue never reached the expected state: %v", queueByID(t, context.Background(), instance))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitLogLine waits for a maillog line that contains every one of parts.
func waitLogLine(t *testing.T, ctx context.Context, instance *postfixtest.Instance, parts ...string) {
	t.Helper()
	err := instance.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			found := true
			for _, part := range parts {
				found = found && strings.Contains(line, part)
			}
			if found {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no maillog line with %q: %v", parts, err)
	}
}

func TestWriteCommandOutput(t *testing.T) {
	cases := []struct {
		name   string
		output string
		want   string
	}{
		{"empty", "", ""},
		{"one line", "postsuper: 75264990098: placed on hold\n", "postsuper: 75264990098: placed on hold\n"},
		{"several lines",
			"postsuper: 72885990099: placed on hold\npostsuper: 75264990098: placed on hold\npostsuper: Placed on hold: 2 messages\n",
			"postsuper: 72885990099: placed on hold\npostsuper: 75264990098: placed on hold\npostsuper: Placed on hold: 2 messages\n"},
		{"no final newline", "a\nb", "a\nb\n"},
		{"CR LF and blank lines", "a\r\n\r\n  \nb\r\n", "a\nb\n"},
		{"escape sequences", "\x1b[31mred\x1b[0m\n\x1b]0;title\x07plain\n", "red\nplain\n"},
		{"escape split across lines", "x\x1b\n[2Jy\n", "x\n[2Jy\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w := &queueWriter{w: &out}
			writeCommandOutput(w, tc.output)
			if out.String() != tc.want {
				t.Errorf("output = %q, want %q", out.String(), tc.want)
			}
		})
	}
}

func TestConfirmDeleteDevNull(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	var out bytes.Buffer
	err = confirmDelete(devNull, &out, 3, 0, l10n.New(l10n.English))
	var usage usageError
	if !errors.As(err, &usage) {
		t.Fatalf("confirmDelete(/dev/null) = %v, want a usage error", err)
	}
	if !strings.Contains(err.Error(), "needs --yes") {
		t.Errorf("error = %v, want one that asks for --yes", err)
	}
	if out.Len() != 0 {
		t.Errorf("confirmDelete(/dev/null) prompted %q", out.String())
	}
}

func TestConfirmDeleteRegularFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answer")
	if err := os.WriteFile(path, []byte("3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var usage usageError
	if err := confirmDelete(file, io.Discard, 3, 0, l10n.New(l10n.English)); !errors.As(err, &usage) {
		t.Errorf("confirmDelete(regular file) = %v, want a usage error", err)
	}
}

// Queue IDs that name no queued message make a queue action fail with
// exit status 1, and the Japanese line names them and the next step.
func TestMissingQueueIDsError(t *testing.T) {
	if err := missingQueueIDsError("hold", "保留", nil, 2); err != nil {
		t.Fatalf("no missing ID: error %v, want none", err)
	}
	err := missingQueueIDsError("hold", "保留", []string{"1A2B3C4D5E", "1A2B3C4D5F"}, 3)
	if want := "hold: 2 of the 3 queue IDs given named no queued message (1A2B3C4D5E, 1A2B3C4D5F)"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
	cmd := newRootCommand()
	cmd.SetArgs([]string{"--lang", "ja"})
	if err := cmd.ParseFlags([]string{"--lang", "ja"}); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if status := printError(&stderr, cmd, err); status != 1 {
		t.Errorf("exit status = %d, want 1", status)
	}
	if want := "保留: 指定した 3 件の queue ID のうち 2 件（1A2B3C4D5E、1A2B3C4D5F）はキューにありませんでした"; !strings.Contains(stderr.String(), want) {
		t.Errorf("printed:\n%s\nwant the Japanese line containing %q", stderr.String(), want)
	}
}

func TestDryRunCommandsExpireHeld(t *testing.T) {
	expire := queueActionSpecOf("expire")
	deferred := actions.Target{ID: "7E996BE094", Queue: actions.QueueDeferred}
	held := actions.Target{ID: "75D57BE091", Queue: actions.QueueHold}
	cases := []struct {
		name    string
		targets []actions.Target
		want    string
	}{
		{"deferred only", []actions.Target{deferred}, "postsuper -e -"},
		{"held only", []actions.Target{held}, "postsuper -f -"},
		{"both", []actions.Target{deferred, held}, "postsuper -e -, postsuper -f -"},
	}
	for _, tc := range cases {
		if got := strings.Join(dryRunCommands(expire, tc.targets), ", "); got != tc.want {
			t.Errorf("%s: dryRunCommands = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := strings.Join(dryRunCommands(queueActionSpecOf("hold"), []actions.Target{held}), ", "); got != "postsuper -h -" {
		t.Errorf("hold: dryRunCommands = %q, want postsuper -h -", got)
	}
	both := dryRunCommands(expire, []actions.Target{deferred, held})
	japanese := l10n.New(l10n.Japanese).T("out.action.dryRunMany", map[string]any{"Action": "返送", "Command": both, "Count": 2})
	if want := "postsuper -e -、postsuper -f -"; !strings.Contains(japanese, want) {
		t.Errorf("Japanese dry run %q lacks the commands joined as %q", japanese, want)
	}
}

// mailtop queue expire counts how many of the selected messages are bounces,
// which Postfix drops because they have no sender to return them to.
func TestWriteExpireBounces(t *testing.T) {
	messages := []sources.QueuedMessage{{QueueID: "9D4F0C7B62", Sender: ""}, {QueueID: "7E996BE094", Sender: "shop@example.com"}}
	cases := []struct{ lang, want string }{
		{l10n.English, "1 of them is a bounce (sender <>), with no sender to return it to, so Postfix drops it instead.\n"},
		{l10n.Japanese, "うち 1 件は差出人 <> のバウンスで返送先がないため、Postfix は返送せずに破棄します。\n"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		writeExpireBounces(&queueWriter{w: &out}, l10n.New(tc.lang), messages)
		if out.String() != tc.want {
			t.Errorf("%s: printed %q, want %q", tc.lang, out.String(), tc.want)
		}
		out.Reset()
		writeExpireBounces(&queueWriter{w: &out}, l10n.New(tc.lang), messages[1:])
		if out.Len() != 0 {
			t.Errorf("%s: printed %q for no bounce, want nothing", tc.lang, out.String())
		}
	}
}
