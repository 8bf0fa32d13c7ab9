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
// carrier domain. The main.cf and master.cf lines are the ones diagnose.Advise
// gives for a carrier that limits recipients, fitted to the instance: the
// config directory's transport file, the existing transport_maps, an
// existing service of the same name. The transport table line is the
// domain's own, with its current nexthop (see transportMapNexthop),
// because each watched domain gets its own report. Every line is then
// compared with what the instance has, so that only the differences are
// to be applied.
func (in *Inspector) suggest(ctx context.Context, r Report) (*Suggestion, error) {
	advice := diagnose.Advise(diagnose.Result{Class: diagnose.TooManyRecipients, Carrier: r.Carrier}, diagnose.Input{Domain: r.Domain})
	if len(advice.Steps) == 0 {
		return nil, fmt.Errorf("no transport advice for %s", r.Domain)
	}
	data := advice.Steps[0].Data
	transport, _ := data["Transport"].(string)
	adviceMapFile, _ := data["MapFile"].(string)
	adviceMainCF, _ := data["MainCF"].(string)
	masterCF, _ := data["MasterCF"].(string)

	s := &Suggestion{
		Transport:      transport,
		MainCF:         []string{},
		MainCFChanges:  []LineChange{},
		MainCFInEffect: []string{},
		MasterCF:       []string{},
		TransportMap:   []string{},
		SuggestedAbove: []string{},

		SuggestedAboveByFile: []FileLines{},
		Unblocks:             r.Blocked != "",
	}

	mapType, mapFile := "hash", adviceMapFile
	if in.ConfigDir != "" {
		mapFile = filepath.Join(in.ConfigDir, filepath.Base(adviceMapFile))
	}
	existing := fileTable(r.Route.Tables)
	if existing != "" {
		mapType, mapFile, _ = strings.Cut(existing, ":")
	}
	var mainCF []string
	for _, line := range strings.Split(adviceMainCF, "\n") {
		if !strings.HasPrefix(line, "transport_maps") {
			mainCF = append(mainCF, line)
			continue
		}
		switch {
		case existing != "":
			// The new lines go into a table transport_maps already reads.
		case len(r.Route.Tables) > 0:
			mainCF = append(mainCF, "transport_maps = "+mapType+":"+mapFile+", "+strings.Join(r.Route.Tables, ", "))
		default:
			mainCF = append(mainCF, "transport_maps = "+mapType+":"+mapFile)
		}
	}
	s.MapFile, s.mapType = mapFile, mapType

	if err := in.compareMainCF(ctx, s, mainCF); err != nil {
		return nil, err
	}
	if err := in.compareMasterCF(ctx, s, masterCF); err != nil {
		return nil, err
	}
	nexthop, err := in.transportMapNexthop(ctx, r)
	if err != nil {
		return nil, err
	}
	compareTransportMap(s, r, nexthop)
	s.Commands = in.commands(s)
	return s, nil
}

// transportMapNexthop returns the next hop for the domain's line in the
// transport table: the route's own, so that mail keeps leaving through
// the same relay. A Blocked domain's route has the reason text that the
// error or discard agent logs as its next hop, not a destination. That
// domain gets the next hop of the route it would take without the
// transport_maps entries that block it. When no delivering route is
// left, it returns "", which sends mail to the domain's MX hosts.
func (in *Inspector) transportMapNexthop(ctx context.Context, r Report) (string, error) {
	if r.Blocked == "" {
		return r.Route.Nexthop, nil
	}
	route := r.Route
	var skip []tableEntry
	for route.Source == SourceTransportMaps {
		skip = append(skip, tableEntry{route.Table, route.Key})
		next, err := in.resolve(ctx, r.Domain, skip)
		if err != nil {
			return "", err
		}
		svc, err := in.service(ctx, next.Transport)
		if err != nil {
			return "", err
		}
		if blockedAction(next.Transport, svc) == "" {
			return next.Nexthop, nil
		}
		route = next
	}
	return "", nil
}

// compareMainCF sorts the suggested main.cf lines, each "name = value",
// into s.MainCFInEffect, s.MainCFChanges and s.MainCF. A line is in effect
// when main.cf sets the parameter to the same value, or when main.cf does
// not set it and its default has that value.
func (in *Inspector) compareMainCF(ctx context.Context, s *Suggestion, lines []string) error {
	names := make([]string, 0, len(lines))
	for _, line := range lines {
		name, _, _ := strings.Cut(line, "=")
		names = append(names, strings.TrimSpace(name))
	}
	effective, err := in.parameters(ctx, names...)
	if err != nil {
		return err
	}
	explicit, err := in.explicitParameters(ctx, names...)
	if err != nil {
		return err
	}

	for i, line := range lines {
		name := names[i]
		_, value, _ := strings.Cut(line, "=")
		value = strings.TrimSpace(value)
		current, set := explicit[name]
		byDefault, known := effective[name]
		switch {
		case set && sameValue(name, current, value):
			s.MainCFInEffect = append(s.MainCFInEffect, line)
		case set:
			s.MainCFChanges = append(s.MainCFChanges, LineChange{Old: name + " = " + current, New: line})
		case known && sameValue(name, byDefault, value):
			s.MainCFInEffect = append(s.MainCFInEffect, line)
		default:
			s.MainCF = append(s.MainCF, line)
		}
	}
	return nil
}

// sameValue reports whether two values of the main.cf parameter name mean
// the same: equal lists, whatever their commas and spaces, or for a
// *_delay parameter equal times, so that "1" is the same as "1s".
func sameValue(name, a, b string) bool {
	if slices.Equal(splitList(a), splitList(b)) {
		return true
	}
	if !strings.HasSuffix(name, "_delay") {
		return false
	}
	da, errA := ParseTime(a)
	db, errB := ParseTime(b)
	return errA == nil && errB == nil && da == db
}

// Field positions in a master.cf service entry (master(5)).
const (
	masterName = iota
	masterType
	masterPrivate
	masterUnprivileged
	masterChroot
	masterWakeup
	masterMaxProc
	masterCommand
	masterFields // the number of fields before the command's arguments
)

// compareMasterCF compares the suggested master.cf entry with the existing
// service of the same name by their fields, so spacing does not matter.
//
// The entry is in effect when it has the same service type, process limit
// and command, the fields that pace deliveries. Otherwise the replacement
// changes only those fields, and keeps the other fields and the -o
// arguments the operator set, unless the command differs: then the
// arguments belong to another delivery agent, and the whole suggested
// entry replaces the existing one.
func (in *Inspector) compareMasterCF(ctx context.Context, s *Suggestion, suggested string) error {
	svc, err := in.service(ctx, s.Transport)
	if err != nil {
		return err
	}
	want := strings.Fields(suggested)
	have := strings.Fields(svc.Line)
	switch {
	case svc.Line == "":
		s.MasterCF = []string{suggested}
	case len(have) < masterFields:
		// postconf -M prints whole entries only, so this is not expected.
		s.ReplacesMasterCF = svc.Line
		s.MasterCF = []string{suggested}
	case have[masterType] == want[masterType] && have[masterMaxProc] == want[masterMaxProc] && have[masterCommand] == want[masterCommand]:
		s.MasterCFInEffect = svc.Line
	case have[masterCommand] == want[masterCommand]:
		fields := slices.Clone(have)
		fields[masterType], fields[masterMaxProc] = want[masterType], want[masterMaxProc]
		s.ReplacesMasterCF = svc.Line
		s.MasterCF = []string{formatMasterEntry(fields)}
	default:
		s.ReplacesMasterCF = svc.Line
		s.MasterCF = []string{suggested}
	}
	return nil
}

// formatMasterEntry lines the fields of a master.cf entry up in the
// columns of Postfix's own master.cf, followed by the command's
// arguments.
func formatMasterEntry(fields []string) string {
	line := fmt.Sprintf("%-9s %-5s %-7s %-7s %-7s %-7s %-7s %s", fields[masterName], fields[masterType],
		fields[masterPrivate], fields[masterUnprivileged], fields[masterChroot], fields[masterWakeup],
		fields[masterMaxProc], fields[masterCommand])
	if len(fields) > masterFields {
		line += " " + strings.Join(fields[masterFields:], " ")
	}
	return line
}

// compareTransportMap sets the domain's transport table line, to
// s.Transport and nexthop, or notes that the domain's own entry already
// routes it there.
func compareTransportMap(s *Suggestion, r Report, nexthop string) {
	line := fmt.Sprintf("%-15s %s:%s", r.Domain, s.Transport, nexthop)
	if r.Route.Source == SourceTransportMaps && r.Route.Key == r.Domain {
		current := r.Route.Key + " " + r.Route.Entry
		if transport, currentNexthop := splitEntry(r.Route.Entry); transport == s.Transport && currentNexthop == nexthop {
			s.TransportMapInEffect = current
			return
		}
		s.ReplacesEntry = current
	}
	s.TransportMap = []string{line}
}

// commands returns the commands to run after applying s: postmap when a
// line goes into a table that must be rebuilt, and postfix reload when
// anything changes at all. It returns none when everything is in effect.
func (in *Inspector) commands(s *Suggestion) []string {
	commands := []string{}
	if len(s.TransportMap) > 0 && slices.Contains(postmapTypes, s.mapType) {
		commands = append(commands, strings.Join(in.command("postmap", s.mapType+":"+s.MapFile), " "))
	}
	if len(s.MainCF)+len(s.MainCFChanges)+len(s.MasterCF)+len(s.TransportMap) > 0 {
		commands = append(commands, strings.Join(in.command("postfix", "reload"), " "))
	}
	return commands
}

// leaveOutRepeats moves each suggested line that an earlier report's
// suggestion lists already to SuggestedAbove, so that the operator who
// applies every report adds each line once. Lines are compared by their
// fields, and by file: the same line for two transport tables is kept.
//
// A suggestion that Unblocks a domain may never be applied, so its lines
// are not left out of the suggestions after it.
func (in *Inspector) leaveOutRepeats(reports []Report) {
	seen := map[string]bool{}
	for i := range reports {
		s := reports[i].Suggestion
		if s == nil {
			continue
		}
		// firstTime returns false for a line that an earlier
		// suggestion has, and otherwise records it unless s Unblocks.
		firstTime := func(file, line string) bool {
			key := file + "\x00" + strings.Join(strings.Fields(line), " ")
			if seen[key] {
				return false
			}
			if !s.Unblocks {
				seen[key] = true
			}
			return true
		}
		s.MainCF = s.keepNew(s.MainCF, "main.cf", firstTime)
		var changes []LineChange
		for _, change := range s.MainCFChanges {
			if firstTime("main.cf", change.New) {
				changes = append(changes, change)
			} else {
				s.addAbove("main.cf", change.New)
			}
		}
		s.MainCFChanges = append([]LineChange{}, changes...)
		s.MasterCF = s.keepNew(s.MasterCF, "master.cf", firstTime)
		if len(s.MasterCF) == 0 {
			s.ReplacesMasterCF = ""
		}
		s.TransportMap = s.keepNew(s.TransportMap, s.MapFile, firstTime)
		if len(s.TransportMap) == 0 {
			s.ReplacesEntry = ""
		}
		s.Commands = in.commands(s)
	}
}

// keepNew returns the lines of file that firstTime accepts, and appends
// the others to s.SuggestedAbove.
func (s *Suggestion) keepNew(lines []string, file string, firstTime func(file, line string) bool) []string {
	newLines := []string{}
	for _, line := range lines {
		if firstTime(file, line) {
			newLines = append(newLines, line)
		} else {
			s.addAbove(file, line)
		}
	}
	return newLines
}

// addAbove records a line of file that an earlier suggestion lists, in
// SuggestedAbove and in the file's group of SuggestedAboveByFile.
func (s *Suggestion) addAbove(file, line string) {
	s.SuggestedAbove = append(s.SuggestedAbove, line)
	if n := len(s.SuggestedAboveByFile); n > 0 && s.SuggestedAboveByFile[n-1].File == file {
		s.SuggestedAboveByFile[n-1].Lines = append(s.SuggestedAboveByFile[n-1].Lines, line)
		return
	}
	s.SuggestedAboveByFile = append(s.SuggestedAboveByFile, FileLines{File: file, Lines: []string{line}})
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
