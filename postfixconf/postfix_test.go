package postfixconf_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/postfixconf"
	"github.com/mailtop/mailtop/sources"
)

// TestCheckRealPostfix runs postconf and postmap on a private Postfix
// instance with a throttled docomo transport, au.com routed through the
// shared smtp transport, and ezweb.ne.jp left to default_transport.
func TestCheckRealPostfix(t *testing.T) {
	port, err := postfixtest.RefusedPort()
	if err != nil {
		t.Fatal(err)
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes: map[string]int{"au.com": port},
		Settings: map[string]string{
			"docomo_destination_recipient_limit": "1",
			"docomo_transport_rate_delay":        "1s",
		},
	})
	dir := in.ConfigDir()

	// The instance is only read by the check, so its configuration can
	// change after it started: a docomo service with one process, and the
	// route to it.
	transportFile := filepath.Join(dir, "transport")
	table, err := os.OpenFile(transportFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := table.WriteString("docomo.ne.jp docomo:\n"); err != nil {
		t.Fatal(err)
	}
	if err := table.Close(); err != nil {
		t.Fatal(err)
	}
	edit := exec.Command("postconf", "-c", dir, "-Me", "docomo/unix=docomo unix - - n - 1 smtp")
	if out, err := edit.CombinedOutput(); err != nil {
		t.Fatalf("postconf -Me: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	inspector := &postfixconf.Inspector{Runner: sources.ExecRunner{}, ConfigDir: dir}
	reports, err := inspector.Check(ctx, []string{"docomo.ne.jp", "au.com", "ezweb.ne.jp"})
	if err != nil {
		t.Fatal(err)
	}
	docomo, au, ezweb := reports[0], reports[1], reports[2]

	t.Run("throttled docomo", func(t *testing.T) {
		if docomo.Route.Transport != "docomo" || docomo.Route.Source != postfixconf.SourceTransportMaps {
			t.Errorf("Route = %+v, want transport docomo from transport_maps", docomo.Route)
		}
		if docomo.Route.Table != "texthash:"+transportFile {
			t.Errorf("Table = %q, want texthash:%s", docomo.Route.Table, transportFile)
		}
		if docomo.Service.MaxProc != "1" {
			t.Errorf("MaxProc = %q, want 1 (line %q)", docomo.Service.MaxProc, docomo.Service.Line)
		}
		if !docomo.Throttled {
			t.Errorf("Throttled = false; Limits %+v", docomo.Limits)
		}
		want := []string{"docomo_destination_recipient_limit = 1", "master.cf maxproc = 1", "docomo_transport_rate_delay = 1s"}
		if !slices.Equal(docomo.Throttles, want) {
			t.Errorf("Throttles = %q, want %q", docomo.Throttles, want)
		}
		// The harness sets default_destination_concurrency_limit = 5, and
		// postconf -x expands the $default_... reference.
		if docomo.Limits.DestinationConcurrencyLimit != (postfixconf.Setting{Parameter: "docomo_destination_concurrency_limit", Value: "5"}) {
			t.Errorf("DestinationConcurrencyLimit = %+v", docomo.Limits.DestinationConcurrencyLimit)
		}
		if docomo.Suggestion != nil {
			t.Errorf("Suggestion for a throttled domain: %+v", docomo.Suggestion)
		}
	})

	t.Run("unthrottled au.com keeps its nexthop", func(t *testing.T) {
		if au.Throttled {
			t.Errorf("Throttled by %q", au.Throttles)
		}
		nexthop := "[127.0.0.1]:" + strconv.Itoa(port)
		if au.Route.Transport != "smtp" || au.Route.Nexthop != nexthop {
			t.Errorf("Route = %+v, want smtp to %s", au.Route, nexthop)
		}
		s := au.Suggestion
		if s == nil {
			t.Fatal("no Suggestion")
		}
		if s.ReplacesEntry != "au.com smtp:"+nexthop {
			t.Errorf("ReplacesEntry = %q", s.ReplacesEntry)
		}
		if len(s.TransportMap) != 1 || !strings.HasSuffix(s.TransportMap[0], " au:"+nexthop) {
			t.Errorf("TransportMap = %q", s.TransportMap)
		}
		if s.MapFile != transportFile {
			t.Errorf("MapFile = %q, want the table transport_maps reads, %s", s.MapFile, transportFile)
		}
		if s.ReplacesMasterCF != "" {
			t.Errorf("ReplacesMasterCF = %q, but master.cf has no au service", s.ReplacesMasterCF)
		}
		if !slices.Equal(s.Commands, []string{"postfix -c " + dir + " reload"}) {
			t.Errorf("Commands = %q", s.Commands)
		}
	})

	t.Run("ezweb.ne.jp takes default_transport", func(t *testing.T) {
		if ezweb.Route.Source != postfixconf.SourceDefaultTransport || ezweb.Route.Transport != "smtp" {
			t.Errorf("Route = %+v", ezweb.Route)
		}
		if ezweb.Throttled {
			t.Errorf("Throttled by %q", ezweb.Throttles)
		}
		if ezweb.Service.Command != "smtp" {
			t.Errorf("Service = %+v", ezweb.Service)
		}
		// au.com, checked before, shares the au transport.
		s := ezweb.Suggestion
		if s == nil {
			t.Fatal("no Suggestion")
		}
		if len(s.MasterCF) != 0 || len(s.MainCF) != 0 || len(s.MainCFChanges) != 0 {
			t.Errorf("MasterCF %q, MainCF %q, MainCFChanges %q; want them left to au.com's suggestion", s.MasterCF, s.MainCF, s.MainCFChanges)
		}
		auEntry := func(line string) bool {
			return strings.HasPrefix(line, "au ") && strings.HasSuffix(line, " 1       smtp")
		}
		if !slices.ContainsFunc(s.SuggestedAbove, auEntry) {
			t.Errorf("SuggestedAbove = %q, want the au master.cf entry", s.SuggestedAbove)
		}
		if !slices.Equal(s.TransportMap, []string{"ezweb.ne.jp     au:"}) {
			t.Errorf("TransportMap = %q", s.TransportMap)
		}
	})
}
