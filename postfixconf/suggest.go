package postfixconf

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mailtop/mailtop/diagnose"
)

// postmapTypes are the table types whose file must be rebuilt with postmap
// after an edit. texthash and the others are read as they are.
var postmapTypes = []string{"hash", "btree", "lmdb", "cdb", "dbm", "sdbm"}

// fileTypes are the table types that are a file the operator can edit.
var fileTypes = append([]string{"texthash"}, postmapTypes...)

// suggest builds the settings of a dedicated transport for an unthrottled
// domain. The main.cf and master.cf lines are the ones diagnose.Advise
// gives for a carrier that limits recipients, fitted to the instance: the
// config directory's transport file, the existing transport_maps, an
// existing service of the same name. The transport table line is the
// domain's own, with its current nexthop, because each watched domain
// gets its own report.
func (in *Inspector) suggest(ctx context.Context, r Report) (*Suggestion, error) {
	advice := diagnose.Advise(diagnose.Result{Class: diagnose.TooManyRecipients, Carrier: r.Carrier}, diagnose.Input{Domain: r.Domain})
	if len(advice.Steps) == 0 {
		return nil, fmt.Errorf("no transport advice for %s", r.Domain)
	}
	data := advice.Steps[0].Data
	transport, _ := data["Transport"].(string)
	adviceMapFile, _ := data["MapFile"].(string)
	mainCF, _ := data["MainCF"].(string)
	masterCF, _ := data["MasterCF"].(string)

	s := &Suggestion{
		Transport:    transport,
		MasterCF:     []string{masterCF},
		TransportMap: []string{fmt.Sprintf("%-15s %s:%s", r.Domain, transport, r.Route.Nexthop)},
	}
	if r.Route.Source == SourceTransportMaps && r.Route.Key == r.Domain {
		s.ReplacesEntry = r.Route.Key + " " + r.Route.Entry
	}

	mapType, mapFile := "hash", adviceMapFile
	if in.ConfigDir != "" {
		mapFile = filepath.Join(in.ConfigDir, filepath.Base(adviceMapFile))
	}
	existing := fileTable(r.Route.Tables)
	if existing != "" {
		mapType, mapFile, _ = strings.Cut(existing, ":")
	}
	for _, line := range strings.Split(mainCF, "\n") {
		if !strings.HasPrefix(line, "transport_maps") {
			s.MainCF = append(s.MainCF, line)
			continue
		}
		switch {
		case existing != "":
			// The new lines go into a table transport_maps already reads.
		case len(r.Route.Tables) > 0:
			s.MainCF = append(s.MainCF, "transport_maps = "+mapType+":"+mapFile+", "+strings.Join(r.Route.Tables, ", "))
		default:
			s.MainCF = append(s.MainCF, "transport_maps = "+mapType+":"+mapFile)
		}
	}
	s.MapFile = mapFile

	if slices.Contains(postmapTypes, mapType) {
		s.Commands = append(s.Commands, strings.Join(in.command("postmap", mapType+":"+mapFile), " "))
	}
	s.Commands = append(s.Commands, strings.Join(in.command("postfix", "reload"), " "))

	svc, err := in.service(ctx, transport)
	if err != nil {
		return nil, err
	}
	s.ReplacesMasterCF = svc.Line
	return s, nil
}

// fileTable returns the first table of tables that is a plain file,
// "hash:/etc/postfix/transport" for instance, or "".
func fileTable(tables []string) string {
	for _, table := range tables {
		kind, path, ok := strings.Cut(table, ":")
		if ok && slices.Contains(fileTypes, kind) && strings.HasPrefix(path, "/") {
			return table
		}
	}
	return ""
}
