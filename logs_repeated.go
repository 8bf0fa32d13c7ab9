package main

import (
	"os"
	"path/filepath"
	"slices"
)

// repeatedLog is a --log path dropped because an earlier one names the same
// file.
type repeatedLog struct {
	path, first string
	index       int // the position of path in the paths given
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
	for i, path := range paths {
		if path == "-" || path == "" {
			kept = append(kept, path)
			continue
		}
		clean := filepath.Clean(path)
		if first, ok := cleaned[clean]; ok {
			dropped = append(dropped, repeatedLog{path, first, i})
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
				dropped = append(dropped, repeatedLog{path, duplicate, i})
				continue
			}
			seen = append(seen, seenFile{path, info})
		}
		cleaned[clean] = path
		kept = append(kept, path)
	}
	return kept, dropped
}

// dropRepeatedLogPaths returns opts.logPaths followed by opts.logArguments,
// without repeated files, and warns on standard error about each one
// dropped, so that no line is counted twice. The warning names a dropped
// FILE argument as such. The first of two names is always a --log path,
// because classify, the one command with a FILE argument, takes one.
func dropRepeatedLogPaths(opts *options) []string {
	kept, dropped := dropRepeatedLogs(slices.Concat(opts.logPaths, opts.logArguments))
	for _, d := range dropped {
		id := "log.repeatedPath"
		if d.index >= len(opts.logPaths) {
			id = "log.repeatedArgument"
		}
		printWarning(os.Stderr, textLocalizer(opts), id, map[string]any{
			"Path":  d.path,
			"First": d.first,
		})
	}
	return kept
}
