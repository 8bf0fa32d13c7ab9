package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// checkQueueDirFlag returns an error when dir, given with --queue-dir, does
// not look like a Postfix queue directory: it is missing, it is not a
// directory, one of its queue names is a file, or it has none of the
// queues. Other errors, such as a permission error, are left to
// sources.ScanQueue.
func checkQueueDirFlag(dir string) error {
	queueNames := strings.Join(sources.MessageQueues, ", ")
	data := map[string]any{"Path": dir, "Queues": l10n.List(sources.MessageQueues)}
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		// os.Stat words it "file does not exist", for a directory too.
		err := fmt.Errorf("--queue-dir %s: directory does not exist: check the path, or leave out --queue-dir to read the queue of the Postfix instance", dir)
		return hintedError{err, "cli.error.queueDirMissing", data}
	}
	if err != nil {
		return nil
	}
	if !info.IsDir() {
		err := fmt.Errorf("--queue-dir %s is not a directory: give the Postfix queue directory itself, the one that contains %s (postconf -h queue_directory)", dir, queueNames)
		return hintedError{err, "cli.error.queueDirNotDirectory", data}
	}
	found := 0
	for _, queue := range sources.MessageQueues {
		info, err := os.Stat(filepath.Join(dir, queue))
		if err != nil {
			continue
		}
		if !info.IsDir() {
			err := fmt.Errorf("--queue-dir %s is not a Postfix queue directory, because its %s is a file: give the directory that contains the queues %s as directories (postconf -h queue_directory)", dir, queue, queueNames)
			return hintedError{err, "cli.error.queueDirNotQueue", data}
		}
		found++
	}
	if found == 0 {
		err := fmt.Errorf("--queue-dir %s is not a Postfix queue directory, because it has none of the queues %s: give the directory that contains them (postconf -h queue_directory)", dir, queueNames)
		return hintedError{err, "cli.error.queueDirNotQueue", data}
	}
	return nil
}
