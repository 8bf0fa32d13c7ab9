package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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

func TestCheckCommandText(t *testing.T) {
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
		"next hop         default: relayhost",
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
		for _, want := range []string{"check docomo.ne.jp", "main.cf", "-c DIR"} {
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
