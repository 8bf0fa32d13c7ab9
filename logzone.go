package main

import (
	"fmt"
	"io"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// The check that a log's timestamps without an offset are in the zone
// mailtop reads them in. Postfix logs each line as it happens, so the last
// line of a log being written is stamped within seconds of the file's
// modification time. A difference of a whole number of half hours, an
// hour or more, is the difference between the zone the stamps were
// written in and the zone they were read in.
const (
	// zoneDriftTolerance is how far the difference may be from a whole
	// number of half hours. Syslog daemons and Postfix's postlogd write
	// each line as it is logged, usually within a second of its stamp.
	// Two minutes is a margin chosen for busy disks, not a measurement.
	zoneDriftTolerance = 2 * time.Minute
	// zoneCheckRecency is how recently the file must have been modified.
	// A log copied from another server gets the copy's modification time,
	// later than its last line by any amount. Only a copy made within a
	// day of the check, and by chance a whole number of half hours after
	// its last line, is then taken for a log in another zone.
	zoneCheckRecency = 24 * time.Hour
	// minZoneDifference is the smallest difference reported, because
	// zones less than an hour apart are rarely mixed up.
	minZoneDifference = time.Hour
	// The UTC offsets of the zones in use run from UTC-12:00 to UTC+14:00.
	minZoneOffset = -12 * 3600
	maxZoneOffset = 14 * 3600
)

// detectZoneMismatch compares the end of a log file, read in loc, with the
// file's modification time, and returns the warning's facts when the log's
// stamps seem to be written in another zone than loc. zone is the --tz
// value, "" for the local zone. A stamp that carries its own offset, a
// file without a stamp and a file not modified within zoneCheckRecency of
// now are not checked.
func detectZoneMismatch(end sources.LogEnd, zone string, loc *time.Location, now time.Time) (tui.LogZone, bool) {
	if !end.Found || end.Offset || end.ModTime.IsZero() {
		return tui.LogZone{}, false
	}
	if age := now.Sub(end.ModTime); age > zoneCheckRecency || age < -zoneDriftTolerance {
		return tui.LogZone{}, false
	}
	difference := end.ModTime.Sub(end.Stamp)
	rounded := difference.Round(30 * time.Minute)
	if rounded.Abs() < minZoneDifference || (difference-rounded).Abs() > zoneDriftTolerance {
		return tui.LogZone{}, false
	}
	// The stamp's clock time was written at the true instant ModTime in
	// the log's zone, so that zone's offset is the offset used minus the
	// difference.
	last := end.Stamp.In(loc)
	_, usedOffset := last.Zone()
	logOffset := usedOffset - int(rounded/time.Second)
	if logOffset < minZoneOffset || logOffset > maxZoneOffset {
		return tui.LogZone{}, false
	}
	_, localOffset := end.ModTime.In(time.Local).Zone()
	return tui.LogZone{
		Zone:         zone,
		Last:         last,
		Modified:     end.ModTime.In(loc),
		Difference:   rounded,
		LogOffset:    logOffset,
		LocalMatches: localOffset == logOffset,
	}, true
}

// logZoneMismatch checks the log file that mailtop reads that was modified
// last, the live one, and returns the warning about its zone, or nil. A
// live file just emptied by rotation is not checked: the copy rotated from
// it may have been made, with a new modification time, hours after its
// last line. The journal and standard input are not checked either: the
// journal's stamps carry their zone, and standard input has no
// modification time.
func logZoneMismatch(opts *options, setup logSetup, now time.Time) *tui.LogZone {
	if setup.journal {
		return nil
	}
	var newest sources.LogEnd
	for _, path := range setup.paths {
		if path == "-" {
			continue
		}
		end, err := sources.ReadLogEnd(path, sources.Options{Year: opts.year, Location: opts.location})
		if err != nil || end.ModTime.Before(newest.ModTime) {
			continue
		}
		newest = end
	}
	mismatch, ok := detectZoneMismatch(newest, opts.tz, opts.location, now)
	if !ok {
		return nil
	}
	return &mismatch
}

// warnLogZone writes the warning about the log's zone to w when the
// newest log file seems to be stamped in another zone than --tz.
func warnLogZone(w io.Writer, opts *options, setup logSetup) {
	mismatch := logZoneMismatch(opts, setup, time.Now())
	if mismatch == nil {
		return
	}
	opts.logger.Info("the log's timestamps seem to be in another zone", "zone", opts.location.String(),
		"last_line", mismatch.Last, "modified", mismatch.Modified, "log_offset_seconds", mismatch.LogOffset)
	fmt.Fprintf(w, "%s%s\n", warningPrefix, tui.LogZoneText(textLocalizer(opts), *mismatch))
}
