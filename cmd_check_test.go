package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// checkInstanceDir writes a Postfix configuration directory that postconf
// and postmap can read without a running Postfix: docomo.ne.jp goes to a
// throttled docomo transport, au.com to the shared smtp transport.
func checkInstanceDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("postconf"); err != nil {
		t.Skip("postconf is not installed")
	}
	var master []byte
	var err error
	for _, path := range []string{"/usr/share/postfix/master.cf.dist", "/etc/postfix/master.cf.proto"} {
		if master, err = os.ReadFile(path); err == nil {
			break
		}
	}
	if err != nil {
		t.Skip("no packaged master.cf template")
	}
	dir := t.TempDir()
	files := map[string]string{
		"main.cf": "compatibility_level = 3.6\n" +
			"transport_maps = texthash:" + filepath.Join(dir, "transport") + "\n" +
			"docomo_destination_concurrency_limit = 1\n" +
			"docomo_transport_rate_delay = 2s\n",
		"master.cf": string(master) + "docomo    unix  -       -       n       -       -       smtp\n",
		"transport": "docomo.ne.jp docomo:\nau.com smtp:[192.0.2.25]:2525\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// unwrapCheckText turns off the wrapping of mailtop check's text for the
// rest of the test, so that a test can look for a whole sentence.
func unwrapCheckText(t *testing.T) {
	t.Helper()
	width := checkLineWidth
	checkLineWidth = 1 << 20
	t.Cleanup(func() { checkLineWidth = width })
}

func TestCheckCommandLinesFit80(t *testing.T) {
	dir := checkInstanceDir(t)
	transport := "docomo.ne.jp docomo:\nau.com smtp:[192.0.2.25]:2525\nsoftbank.ne.jp error:blocked by the shop's own policy for this carrier\n"
	if err := os.WriteFile(filepath.Join(dir, "transport"), []byte(transport), 0o644); err != nil {
		t.Fatal(err)
	}
	watch := `watch = ["docomo.ne.jp", "au.com", "softbank.ne.jp", "ezweb.ne.jp", "gmail.com"]`
	for _, lang := range []string{"en", "ja"} {
		opts := &options{configDir: dir, configFile: writeConfig(t, watch), lang: lang}
		var out bytes.Buffer
		if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
			t.Fatal(err)
		}
		// Configuration lines stay whole so that they can be copied: the
		// master.cf line, the suggested lines and those naming a path of
		// the test's temporary directory, whose length varies.
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.Contains(line, dir) || strings.HasPrefix(line, "      ") || strings.HasPrefix(line, "  master.cf ") {
				continue
			}
			if width := ansi.StringWidth(line); width > 80 {
				t.Errorf("%s: line is %d cells wide, want at most 80: %q", lang, width, line)
			}
		}
		if lang == "en" && !strings.Contains(out.String(), "  next hop         the recipient domain docomo.ne.jp, so SMTP delivery goes to\n                   its MX hosts\n") {
			t.Errorf("en: next hop of docomo.ne.jp is not wrapped under its value:\n%s", out.String())
		}
	}
}

func TestCheckCommandText(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["docomo.ne.jp", "au.com"]`), lang: "en"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	docomo, au, ok := strings.Cut(text, "\n\nau.com")
	if !ok {
		t.Fatalf("output has no au.com section:\n%s", text)
	}
	for _, want := range []string{
		"docomo.ne.jp (docomo)",
		"transport        docomo (from transport_maps texthash:" + filepath.Join(dir, "transport") + ", key docomo.ne.jp)",
		"next hop         the recipient domain docomo.ne.jp, so SMTP delivery goes to its MX hosts",
		"THROTTLED by docomo_destination_concurrency_limit = 1, docomo_transport_rate_delay = 2s",
	} {
		if !strings.Contains(docomo, want) {
			t.Errorf("docomo section lacks %q:\n%s", want, docomo)
		}
	}
	for _, want := range []string{
		" (au)",
		"transport        smtp (from transport_maps",
		"next hop         [192.0.2.25]:2525",
		"NOT THROTTLED",
		"add to main.cf:\n      au_destination_concurrency_limit = 1",
		"add to master.cf:\n      au        unix",
		"replace in " + filepath.Join(dir, "transport") + ":\n      au.com smtp:[192.0.2.25]:2525\n    with:\n      au.com          au:[192.0.2.25]:2525",
		"then run:\n      postfix -c " + dir + " reload",
	} {
		if !strings.Contains(au, want) {
			t.Errorf("au.com section lacks %q:\n%s", want, au)
		}
	}
}

func TestCheckCommandJSON(t *testing.T) {
	dir := checkInstanceDir(t)
	opts := &options{configDir: dir, configFile: writeConfig(t, "# defaults\n"), domain: "AU.com"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, true, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ConfigDirectory string `json:"config_directory"`
		Domains         []struct {
			Domain     string          `json:"domain"`
			Throttled  bool            `json:"throttled"`
			Throttles  []string        `json:"throttles"`
			Warnings   []string        `json:"warnings"`
			Suggestion json.RawMessage `json:"suggestion"`
		} `json:"domains"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if doc.ConfigDirectory != dir {
		t.Errorf("config_directory = %q, want %q", doc.ConfigDirectory, dir)
	}
	if len(doc.Domains) != 1 || doc.Domains[0].Domain != "au.com" {
		t.Fatalf("domains %+v, want only au.com from --domain", doc.Domains)
	}
	au := doc.Domains[0]
	if au.Throttled || au.Throttles == nil || au.Warnings == nil {
		t.Errorf("throttled %v, throttles %v, warnings %v; want false and two empty arrays", au.Throttled, au.Throttles, au.Warnings)
	}
	if string(au.Suggestion) == "null" {
		t.Error("suggestion is null for an unthrottled domain")
	}
}

func TestCheckCommandErrors(t *testing.T) {
	if _, err := exec.LookPath("postconf"); err != nil {
		t.Skip("postconf is not installed")
	}
	t.Run("no main.cf", func(t *testing.T) {
		opts := &options{configDir: t.TempDir(), configFile: writeConfig(t, "# defaults\n")}
		err := runCheck(context.Background(), opts, sbinRunner{}, false, &bytes.Buffer{})
		if err == nil {
			t.Fatal("runCheck accepted a directory without main.cf")
		}
		// -c was given, so the hint names the directory instead of -c DIR.
		for _, want := range []string{"check docomo.ne.jp", "main.cf", opts.configDir, "leave out -c"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	})
	t.Run("unreadable table", func(t *testing.T) {
		dir := checkInstanceDir(t)
		mainCF := filepath.Join(dir, "main.cf")
		if err := os.WriteFile(mainCF, []byte("transport_maps = hash:"+filepath.Join(dir, "gone")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := &options{configDir: dir, configFile: writeConfig(t, "# defaults\n")}
		err := runCheck(context.Background(), opts, sbinRunner{}, false, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "gone.db") {
			t.Errorf("error %v, want postmap's message about gone.db", err)
		}
	})
}

// softbankInstanceDir writes the configuration of a newcomer who set up a
// SoftBank transport by hand: master.cf has "softbank unix - - n - 1 smtp"
// and main.cf sets softbank_destination_concurrency_limit and
// softbank_destination_recipient_limit to 1, but nothing routes to it yet.
func softbankInstanceDir(t *testing.T) string {
	t.Helper()
	dir := checkInstanceDir(t)
	files := map[string]string{
		"main.cf": "compatibility_level = 3.6\n" +
			"softbank_destination_concurrency_limit = 1\n" +
			"softbank_destination_recipient_limit = 1\n",
		"master.cf": readFile(t, filepath.Join(dir, "master.cf")) + "softbank unix - - n - 1 smtp\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCheckCommandSuggestsOnlyDifferences(t *testing.T) {
	unwrapCheckText(t) // the heading names the long path of a temporary directory
	dir := softbankInstanceDir(t)
	opts := &options{configDir: dir, configFile: writeConfig(t, "# defaults\n"), domain: "softbank.ne.jp", lang: "en"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"already right in main.cf, nothing to change:\n" +
			"      softbank_destination_concurrency_limit = 1\n" +
			"      softbank_destination_recipient_limit = 1\n",
		"add to main.cf:\n" +
			"      transport_maps = hash:" + filepath.Join(dir, "transport") + "\n" +
			"      softbank_transport_rate_delay = 1s\n" +
			"    already right in master.cf",
		"already right in master.cf, nothing to change:\n      softbank   unix  -       -       n       -       1       smtp\n",
		"add to " + filepath.Join(dir, "transport") + ":\n      softbank.ne.jp  softbank:\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"replace in master.cf", "add to master.cf", "replace in main.cf"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("output has %q:\n%s", unwanted, text)
		}
	}
}

func TestCheckCommandSharedTransportOnce(t *testing.T) {
	dir := softbankInstanceDir(t)
	opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["ezweb.ne.jp", "au.com"]`), lang: "en"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if n := strings.Count(text, "add to master.cf:\n      au        unix"); n != 1 {
		t.Errorf("the au master.cf entry is suggested %d times, want once:\n%s", n, text)
	}
	if n := strings.Count(text, "      au_destination_recipient_limit = 1\n"); n != 2 {
		t.Errorf("au_destination_recipient_limit is listed %d times, want once to add and once as suggested above:\n%s", n, text)
	}
	_, au, ok := strings.Cut(text, "\n\nau.com")
	if !ok {
		t.Fatalf("output has no au.com section:\n%s", text)
	}
	for _, want := range []string{
		"add to " + filepath.Join(dir, "transport") + ":\n      au.com          au:\n",
		"main.cf: suggested above for an earlier domain, so apply these once:\n      transport_maps = hash:",
		"master.cf: suggested above for an earlier domain, so apply these once:\n      au        unix  -       -       n       -       1       smtp\n",
	} {
		if !strings.Contains(au, want) {
			t.Errorf("au.com section lacks %q:\n%s", want, au)
		}
	}
	if strings.Contains(au, "add to main.cf") || strings.Contains(au, "add to master.cf") {
		t.Errorf("au.com section adds main.cf or master.cf lines again:\n%s", au)
	}
	if strings.Contains(au, "nothing else to change or run") {
		t.Errorf("au.com section has nothing to run, but its transport table line is new:\n%s", au)
	}

	var doc checkDocument
	out.Reset()
	if err := runCheck(context.Background(), opts, sbinRunner{}, true, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if len(doc.Domains) != 2 || doc.Domains[1].Suggestion == nil {
		t.Fatalf("domains %+v, want two with suggestions", doc.Domains)
	}
	second := doc.Domains[1].Suggestion
	if len(second.MasterCF) != 0 || len(second.MainCF) != 0 {
		t.Errorf("au.com suggestion in JSON adds master.cf %q and main.cf %q again", second.MasterCF, second.MainCF)
	}
}

func TestCheckCommandJapaneseSuggestion(t *testing.T) {
	dir := softbankInstanceDir(t)
	// softbank.ne.jp twice leaves nothing to do for the second one.
	opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["ezweb.ne.jp", "au.com", "softbank.ne.jp", "softbank.ne.jp", "gmail.com"]`), lang: "ja"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"main.cf は設定済み（変更不要）:",
		"master.cf は設定済み（変更不要）:",
		"main.cf: 上の別ドメインの設定案と同じ行（一度だけ適用してください）:",
		"master.cf: 上の別ドメインの設定案と同じ行（一度だけ適用してください）:",
		"ほかに変更・実行するものはありません",
		"変更の提案はありません",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Japanese output lacks %q:\n%s", want, text)
		}
	}
	for _, english := range []string{"already right", "suggested above", "nothing else", "no change suggested"} {
		if strings.Contains(text, english) {
			t.Errorf("Japanese output has the English %q:\n%s", english, text)
		}
	}
}

// TestCheckCommandJapaneseParentheses checks that the Japanese text
// uses full-width parentheses throughout, as the catalog does, also
// around a carrier's name and a limit's parameter.
func TestCheckCommandJapaneseParentheses(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"ja", []string{"docomo.ne.jp（docomo）\n", "1（docomo_destination_concurrency_limit）\n", "（default_process_limit）\n"}},
		{"en", []string{"docomo.ne.jp (docomo)\n", "1 (docomo_destination_concurrency_limit)\n", " (default_process_limit)\n"}},
	} {
		opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["docomo.ne.jp"]`), lang: tc.lang}
		var out bytes.Buffer
		if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s output lacks %q:\n%s", tc.lang, want, out.String())
			}
		}
		if tc.lang != "ja" {
			continue
		}
		// Configuration lines, indented by six spaces or after master.cf,
		// stay as Postfix spells them.
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(line, "      ") || strings.HasPrefix(line, "  master.cf ") {
				continue
			}
			if strings.ContainsAny(line, "()") {
				t.Errorf("ja: line %q has an ASCII parenthesis", line)
			}
		}
	}
}

func TestCheckCommandNoSuggestionForGmail(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["softbank.ne.jp", "gmail.com"]`), lang: "en"}
	var out bytes.Buffer
	if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	_, gmail, ok := strings.Cut(out.String(), "\n\ngmail.com")
	if !ok {
		t.Fatalf("output has no gmail.com section:\n%s", out.String())
	}
	if !strings.Contains(gmail, "no change suggested: mailtop paces mail for the Japanese mobile carriers only") {
		t.Errorf("gmail.com section lacks the no-suggestion line:\n%s", gmail)
	}
	// gmail.com needs no throttle, so its state is no alarm in capitals.
	if !strings.Contains(gmail, "not throttled: nothing limits how fast mail goes to this domain") {
		t.Errorf("gmail.com section lacks the calm not-throttled line:\n%s", gmail)
	}
	for _, unwanted := range []string{"NOT THROTTLED", "Suggested dedicated transport", "destination_recipient_limit = 1", "rate_delay = 1s"} {
		if strings.Contains(gmail, unwanted) {
			t.Errorf("gmail.com section has %q:\n%s", unwanted, gmail)
		}
	}

	var doc checkDocument
	out.Reset()
	if err := runCheck(context.Background(), opts, sbinRunner{}, true, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if len(doc.Domains) != 2 || doc.Domains[0].Suggestion == nil || doc.Domains[1].Suggestion != nil {
		t.Errorf("domains %+v, want a suggestion for softbank.ne.jp only", doc.Domains)
	}
}

func TestCheckCommandRejectsInvalidDomain(t *testing.T) {
	for _, domain := range []string{"bad domain", ".example.com", "user@example.com", "a..b", "例え.jp", "-x.jp", "[192.0.2.1]"} {
		t.Run(domain, func(t *testing.T) {
			opts := &options{configFile: writeConfig(t, "# defaults\n"), domain: domain}
			runner := &recordingRunner{}
			err := runCheck(context.Background(), opts, runner, false, &bytes.Buffer{})
			var usage usageError
			if !errors.As(err, &usage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), "--domain: invalid domain ") || !strings.Contains(err.Error(), "such as docomo.ne.jp") {
				t.Errorf("error %q does not name --domain and the fix", err)
			}
			if len(runner.calls) != 0 {
				t.Errorf("ran %q for an invalid domain", runner.calls)
			}
		})
	}
	t.Run("watch list", func(t *testing.T) {
		config := writeConfig(t, `watch = ["docomo.ne.jp", "bad_domain.jp"]`)
		runner := &recordingRunner{}
		err := runCheck(context.Background(), &options{configFile: config}, runner, false, &bytes.Buffer{})
		if err == nil {
			t.Fatal("runCheck accepted bad_domain.jp from the watch list")
		}
		for _, want := range []string{config, `"bad_domain.jp"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
		if len(runner.calls) != 0 {
			t.Errorf("ran %q before reporting the watch list", runner.calls)
		}
	})
}

// recordingRunner records argv and runs nothing.
type recordingRunner struct{ calls [][]string }

func (r *recordingRunner) Run(ctx context.Context, argv []string) ([]byte, []byte, error) {
	r.calls = append(r.calls, argv)
	return nil, nil, errors.New("recordingRunner runs nothing")
}

func TestCheckInvalidDomainExitsTwo(t *testing.T) {
	bin := buildBinary(t, "test")
	config := writeConfig(t, "# defaults\n")
	out, err := englishCommand(bin, "check", "--config", config, "-c", t.TempDir(), "--domain", "bad domain").CombinedOutput()
	exitErr, ok := err.(*exec.ExitError)
	if !ok || exitErr.ExitCode() != 2 {
		t.Fatalf("err = %v, want exit status 2\n%s", err, out)
	}
	for _, want := range []string{`mailtop: --domain: invalid domain "bad domain": it contains white space; give a domain name`, "Run 'mailtop check --help' for usage."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckCommandWarningsTranslated(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	appendFile := func(name, text string) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	// softbank.ne.jp goes to a transport that master.cf lacks, and
	// gmail.com to the shared smtp transport with a recipient limit of 1.
	appendFile("transport", "softbank.ne.jp softbank:\n")
	appendFile("main.cf", "smtp_destination_recipient_limit = 1\n")
	config := writeConfig(t, `watch = ["softbank.ne.jp", "gmail.com"]`)

	english := []string{
		`  warning: master.cf has no softbank unix service, so Postfix defers mail to softbank.ne.jp with "unknown mail transport"; add the service or fix the route` + "\n",
		"  warning: gmail.com is paced through smtp, the transport of every destination without a transport_maps entry, so all that mail is slowed too; a dedicated transport paces only gmail.com\n",
		"  warning: with smtp_destination_recipient_limit = 1 every recipient is its own destination, so the destination concurrency limit and rate delay no longer pace gmail.com as a whole; set smtp_transport_rate_delay (Postfix 3.1 and later) or maxproc 1 in master.cf\n",
	}
	var out bytes.Buffer
	if err := runCheck(context.Background(), &options{configDir: dir, configFile: config, lang: "en"}, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range english {
		if !strings.Contains(out.String(), want) {
			t.Errorf("English output lacks %q:\n%s", want, out.String())
		}
	}

	out.Reset()
	if err := runCheck(context.Background(), &options{configDir: dir, configFile: config, lang: "ja"}, sbinRunner{}, false, &out); err != nil {
		t.Fatal(err)
	}
	japanese := []string{
		"  警告: master.cf に softbank の unix サービスがないため、Postfix は softbank.ne.jp 宛てのメールを \"unknown mail transport\" で遅延させます。",
		"  警告: gmail.com は、transport_maps に登録のないすべての宛先が使う smtp で速度を抑えているため、",
		"  警告: smtp_destination_recipient_limit = 1 では宛先ごとに別の配送先として扱われるため、",
	}
	for _, want := range japanese {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Japanese output lacks %q:\n%s", want, out.String())
		}
	}
	for _, line := range english {
		if text := strings.TrimPrefix(strings.TrimSpace(line), "warning: "); strings.Contains(out.String(), text) {
			t.Errorf("Japanese output has the English warning %q", text)
		}
	}
}

// TestCheckCommandBlockedText checks the text for a domain that
// transport_maps routes to the error service. There the next hop is the
// bounce reason, so the verdict reports that mail bounces. The suggested
// line takes the next hop of the wildcard entry instead of the reason.
func TestCheckCommandBlockedText(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	transport := "softbank.ne.jp error:blocked\n* smtp:[192.0.2.25]:587\n"
	if err := os.WriteFile(filepath.Join(dir, "transport"), []byte(transport), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang  string
		wants []string
	}{
		{"en", []string{
			`next hop         none: "blocked" is the reason that the error delivery agent logs`,
			`BLOCKED: transport error bounces all mail to softbank.ne.jp with the reason "blocked"`,
			"for when mail to softbank.ne.jp is to be delivered again: the transport table line below lifts the block",
			"replace in " + filepath.Join(dir, "transport") + ":\n      softbank.ne.jp error:blocked\n    with:\n      softbank.ne.jp  softbank:[192.0.2.25]:587\n",
		}},
		{"ja", []string{
			"なし（「blocked」は error 配送エージェントが記録する理由です）",
			"配送停止: トランスポート error は softbank.ne.jp 宛てのメールをすべて理由「blocked」でバウンスします",
			"softbank.ne.jp への配送を再開するときの設定案です。",
			"      softbank.ne.jp  softbank:[192.0.2.25]:587\n",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			opts := &options{configDir: dir, configFile: writeConfig(t, "# defaults\n"), domain: "softbank.ne.jp", lang: tc.lang}
			var out bytes.Buffer
			if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			for _, want := range tc.wants {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "softbank:blocked") {
				t.Errorf("output suggests the bounce reason as the next hop:\n%s", text)
			}
			for _, unwanted := range []string{"NOT THROTTLED", "速度制限なし", "never delivered", "配送されません"} {
				if strings.Contains(text, unwanted) {
					t.Errorf("output has %q beside the BLOCKED line:\n%s", unwanted, text)
				}
			}
		})
	}
}

// On an instance whose default_transport is the error service, every
// watched domain without its own transport_maps entry is BLOCKED for the
// same reason. The text states that cause once, above the domains, and
// leaves out the limits of a transport that delivers nothing.
func TestCheckCommandDefaultTransportBlocked(t *testing.T) {
	unwrapCheckText(t)
	dir := checkInstanceDir(t)
	mainCF := "compatibility_level = 3.6\n" +
		"transport_maps = texthash:" + filepath.Join(dir, "transport") + "\n" +
		"default_transport = error:outbound mail disabled\n"
	if err := os.WriteFile(filepath.Join(dir, "main.cf"), []byte(mainCF), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "transport"), []byte("au.com smtp:[192.0.2.25]:2525\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, notice, blocked string
	}{
		{"en", "default_transport = error:outbound mail disabled blocks all mail that no transport_maps entry routes elsewhere",
			`BLOCKED: transport error bounces all mail to %s with the reason "outbound mail disabled"`},
		{"ja", "default_transport = error:outbound mail disabled により、transport_maps で別の経路を指定していないメールはすべて配送停止",
			"配送停止: トランスポート error は %s 宛てのメールをすべて理由「outbound mail disabled」でバウンスします"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			opts := &options{configDir: dir, configFile: writeConfig(t, `watch = ["docomo.ne.jp", "softbank.ne.jp", "au.com"]`), lang: tc.lang}
			var out bytes.Buffer
			if err := runCheck(context.Background(), opts, sbinRunner{}, false, &out); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if n := strings.Count(text, tc.notice); n != 1 {
				t.Errorf("the default_transport notice appears %d times, want once:\n%s", n, text)
			}
			if !strings.HasPrefix(text, tc.notice) {
				t.Errorf("output does not start with the default_transport notice:\n%s", text)
			}
			for _, domain := range []string{"docomo.ne.jp", "softbank.ne.jp"} {
				if want := fmt.Sprintf(tc.blocked, domain); !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
			_, au, _ := strings.Cut(text, "\n\nau.com")
			blockedPart := strings.TrimSuffix(text, au)
			for _, label := range []string{"concurrency ", "同時接続数"} {
				if strings.Contains(blockedPart, label) {
					t.Errorf("a BLOCKED domain lists the limit %q of the error transport:\n%s", label, blockedPart)
				}
			}
			if strings.Contains(au, "BLOCKED") || strings.Contains(au, "配送停止") {
				t.Errorf("au.com has its own transport_maps entry but is shown as blocked:\n%s", au)
			}
		})
	}
}

// TestCheckPostconfFailureWrapped checks that printError wraps the long
// failure of postconf at 80 columns, as mailtop check wraps its text,
// while the postconf command line and each path stay whole on one line.
func TestCheckPostconfFailureWrapped(t *testing.T) {
	if _, err := exec.LookPath("postconf"); err != nil {
		t.Skip("postconf is not installed")
	}
	dir := filepath.Join(t.TempDir(), "postfix-missing")
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			opts := &options{configDir: dir, configFile: writeConfig(t, "# defaults\n")}
			err := runCheck(context.Background(), opts, sbinRunner{}, false, &bytes.Buffer{})
			if err == nil {
				t.Fatal("runCheck accepted a directory without main.cf")
			}
			cmd := newRootCommand()
			if err := cmd.PersistentFlags().Set("lang", lang); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			if status := printError(&stderr, cmd, err); status != 1 {
				t.Errorf("exit status = %d, want 1", status)
			}
			text := stderr.String()
			lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
			if lang == "ja" {
				// The Japanese hint line after the error is one line, as
				// in every command.
				lines = lines[:len(lines)-1]
				text = strings.Join(lines, "\n") + "\n"
			}
			if len(lines) < 3 {
				t.Fatalf("error is not wrapped:\n%s", text)
			}
			if !strings.HasPrefix(lines[0], "mailtop: check docomo.ne.jp: postconf failed:") {
				t.Errorf("first line = %q, want the mailtop: prefix and the failure", lines[0])
			}
			command := "postconf -c " + dir + " -x transport_maps "
			commandLines := 0
			for _, line := range lines {
				if strings.Contains(line, command) {
					commandLines++
					if !strings.Contains(line, "sender_dependent_relayhost_maps") {
						t.Errorf("the command line is cut: %q", line)
					}
					continue
				}
				if width := ansi.StringWidth(line); width > 80 && !strings.Contains(line, dir) {
					t.Errorf("line of %d cells, want at most 80: %q", width, line)
				}
			}
			if commandLines != 1 {
				t.Errorf("the postconf command line is on %d lines, want 1:\n%s", commandLines, text)
			}
			if got := strings.Count(text, dir+"/main.cf"); got != 1 {
				t.Errorf("the path %s/main.cf is whole %d times, want 1:\n%s", dir, got, text)
			}
			joined := strings.Join(strings.Fields(text), " ")
			if want := strings.Join(strings.Fields("mailtop: "+err.Error()), " "); !strings.HasPrefix(joined, want) {
				t.Errorf("wrapped text lost words:\n%s\nwant the words of\n%s", text, want)
			}
		})
	}
}
