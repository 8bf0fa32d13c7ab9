package main

import (
	"os"
	"path/filepath"
)

// repeatedLog is a --log path dropped because an earlier one names the same
// file.
type repeatedLog struct {
	path, first string
}

// dropRepeatedLogs returns paths without the ones that name a file already
// given earlier: the same path after filepath.Clean, or the same file by
// device and inode (a symbolic or hard link). Standard input ("-") and
// paths that cannot be read are kept, for OpenLogs to report.
func dropRepeatedLogs(paths []string) ([]string, []repeatedLog) {
	var kept []string
	var dropped []repeatedLog
	type seenFile struct {
		path string
		info os.FileInfo
	}
	var seen []seenFile
	cleaned := map[string]string{}
	for _, path := range paths {
		if path == "-" || path == "" {
			kept = append(kept, path)
			continue
		}
		clean := filepath.Clean(path)
		if first, ok := cleaned[clean]; ok {
			dropped = append(dropped, repeatedLog{path, first})
			continue
		}
		info, err := os.Stat(path)
		if err == nil {
			duplicate := ""
			for _, s := range seen {
				if os.SameFile(s.info, info) {
					duplicate = s.path
					break
				}
			}
			if duplicate != "" {
				dropped = append(dropped, repeatedLog{path, duplicate})
				continue
			}
			seen = append(seen, seenFile{path, info})
		}
		cleaned[clean] = path
		kept = append(kept, path)
	}
	return kept, dropped
}

// dropRepeatedLogPaths returns opts.logPaths without repeated files, and
// warns on standard error about each one dropped, so that no line is
// counted twice.
func dropRepeatedLogPaths(opts *options) []string {
	kept, dropped := dropRepeatedLogs(opts.logPaths)
	for _, d := range dropped {
		printWarning(os.Stderr, textLocalizer(opts), "log.repeatedPath", map[string]any{
			"Path":  d.path,
			"First": d.first,
		})
	}
	return kept
}
