package sources

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// compressionSuffixes are the extensions of rotated logs that OpenLogs
// cannot read, so HistoryPaths reports them instead of returning them.
var compressionSuffixes = []string{".xz", ".bz2", ".zst", ".lz4", ".lzma", ".Z"}

// rotatedLog is one rotated copy of a log found next to it.
type rotatedLog struct {
	path string
	// end is the file's modification time, when its last line was
	// written.
	end time.Time
	// number is the logrotate number (mail.log.3), 0 for dated names.
	number int
}

// HistoryPaths returns the rotated copies of the log at current whose lines
// can reach since, oldest first, followed by current itself. It recognizes
// these names next to current, each also with ".gz":
//
//	mail.log.1, mail.log.2       logrotate's numbered copies
//	mail.log-20261203            logrotate's dateext (also -2026120315 and
//	                             other dateformats that start with %Y%m%d)
//	postfix.log.20261203-101500  postfix logrotate (maillog_file_rotate_suffix)
//
// A copy is kept when its modification time, the time its last line was
// written, is at or after since; the date in a name is not used, because
// logrotate's dateyesterday makes it name the day before the rotation.
// Copies are ordered by modification time, then by number. A zero since,
// which --since all gives, keeps every copy.
//
// Copies that would be kept but cannot be read, or are compressed other
// than with gzip, are left out, and the error lists them; the paths
// returned are still usable then. An error listing the directory returns
// only current.
//
// NOTE: a rotation between HistoryPaths and OpenLogs renames the files
// found here, and OpenLogs then fails on the missing name.
func HistoryPaths(current string, since time.Time) ([]string, error) {
	dir, base := filepath.Split(current)
	list := dir
	if list == "" {
		list = "."
	}
	entries, err := os.ReadDir(list)
	if err != nil {
		return []string{current}, fmt.Errorf("list rotated logs of %s: %w", current, err)
	}

	var found []rotatedLog
	var skipped []error
	for _, entry := range entries {
		name := entry.Name()
		if name == base || !strings.HasPrefix(name, base) {
			continue
		}
		suffix := name[len(base):]
		compression := ""
		for _, ext := range append([]string{".gz"}, compressionSuffixes...) {
			if strings.HasSuffix(suffix, ext) {
				compression = ext
				suffix = strings.TrimSuffix(suffix, ext)
				break
			}
		}
		number, ok := parseRotationSuffix(suffix)
		if !ok {
			continue
		}

		path := dir + name
		info, err := os.Stat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		end := info.ModTime()
		if end.Before(since) {
			continue
		}
		if compression != "" && compression != ".gz" {
			skipped = append(skipped, fmt.Errorf("%s: compressed with %s, which mailtop cannot read (decompress it and pass it with --log)", path, strings.TrimPrefix(compression, ".")))
			continue
		}
		if err := checkReadable(path); err != nil {
			skipped = append(skipped, fmt.Errorf("%s: %w", path, err))
			continue
		}
		found = append(found, rotatedLog{path: path, end: end, number: number})
	}

	sort.Slice(found, func(i, j int) bool {
		if !found[i].end.Equal(found[j].end) {
			return found[i].end.Before(found[j].end)
		}
		return found[i].number > found[j].number
	})
	paths := make([]string, 0, len(found)+1)
	for _, log := range found {
		paths = append(paths, log.path)
	}
	paths = append(paths, current)
	if len(skipped) > 0 {
		return paths, fmt.Errorf("rotated logs left out: %w", errors.Join(skipped...))
	}
	return paths, nil
}

// parseRotationSuffix reads what a rotation appended to a log's name, its
// compression extension removed: ".N", "-YYYYMMDD" with more digits or
// dashes after it (logrotate's dateformat), or ".YYYYMMDD-HHMMSS". It
// returns the logrotate number, 0 for dated names.
func parseRotationSuffix(suffix string) (number int, ok bool) {
	if len(suffix) < 2 || (suffix[0] != '.' && suffix[0] != '-') {
		return 0, false
	}
	rest := suffix[1:]
	if suffix[0] == '.' && allDigits(rest) && len(rest) <= 4 {
		for _, c := range rest {
			number = number*10 + int(c-'0')
		}
		return number, number > 0
	}
	// logrotate's dateext (-%Y%m%d by default, -%Y%m%d%H, -%Y%m%d-%s) and
	// Postfix's maillog_file_rotate_suffix (%Y%m%d-%H%M%S after a '.').
	return 0, len(rest) >= 8 && allDigits(strings.ReplaceAll(rest, "-", "")) && rest[len(rest)-1] != '-'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
