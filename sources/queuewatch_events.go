package sources

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fsnotify/fsnotify"

	"github.com/mailtop/mailtop/parsers"
)

// unwatchAll removes every directory from the inotify watch, so that the
// kernel queues no events while nothing reads them.
func (w *QueueWatcher) unwatchAll(watcher *fsnotify.Watcher) {
	if watcher == nil {
		return
	}
	for dir := range w.watched {
		// A directory removed meanwhile has lost its watch already.
		_ = watcher.Remove(dir)
	}
	clear(w.watched)
}

// watchTree adds dir and its subdirectories, up to the hash depth, to the
// watch. A directory already watched or missing is left alone; the parent's
// watch reports it when Postfix creates it.
func (w *QueueWatcher) watchTree(watcher *fsnotify.Watcher, dir string) {
	if watcher == nil || w.watched[dir] {
		return
	}
	if err := watcher.Add(dir); err != nil {
		return
	}
	w.watched[dir] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, entry := range entries {
		if entry.IsDir() && w.depthOf(filepath.Join(dir, entry.Name())) < maxHashDepth {
			w.watchTree(watcher, filepath.Join(dir, entry.Name()))
		}
	}
}

// depthOf returns how many hash levels below its queue directory path is.
func (w *QueueWatcher) depthOf(path string) int {
	rel, err := filepath.Rel(w.dir, path)
	if err != nil {
		return maxHashDepth
	}
	return strings.Count(rel, string(filepath.Separator))
}

// followsTop reports whether name, a directory right under the queue
// directory, is one the watcher follows: a queue, or defer or bounce.
func (w *QueueWatcher) followsTop(name string) bool {
	return name == "defer" || name == "bounce" || slices.Contains(w.queues, name)
}

// noteEvent records a changed path for the next snapshot. A new directory
// is watched at once and its files noted, because they may have been
// created before the watch was.
func (w *QueueWatcher) noteEvent(watcher *fsnotify.Watcher, event fsnotify.Event) {
	if event.Has(fsnotify.Create) {
		if info, err := os.Lstat(event.Name); err == nil && info.IsDir() {
			if filepath.Dir(event.Name) == w.dir && !w.followsTop(filepath.Base(event.Name)) {
				return // public, private, pid and the like
			}
			if w.depthOf(event.Name) <= maxHashDepth {
				w.watchTree(watcher, event.Name)
				_ = walkQueueDir(context.Background(), event.Name, w.depthOf(event.Name), func(_, path string, _ fs.DirEntry) {
					w.pending[path] = true
				})
			}
			return
		}
	}
	if event.Has(fsnotify.Remove) || event.Has(fsnotify.Rename) {
		delete(w.watched, event.Name)
		if event.Name == w.dir || (filepath.Dir(event.Name) == w.dir && slices.Contains(w.queues, filepath.Base(event.Name))) {
			if w.removed == nil {
				w.removed = map[string]bool{}
			}
			w.removed[event.Name] = true
		}
	}
	w.pending[event.Name] = true
}

// applyPending re-reads every path changed since the last snapshot.
func (w *QueueWatcher) applyPending() {
	for _, path := range slices.Sorted(maps.Keys(w.pending)) {
		w.applyPath(path)
	}
	clear(w.pending)
}

// applyPath updates the state for one changed path: a queue file is read
// again or forgotten, and a logfile is noted or forgotten.
func (w *QueueWatcher) applyPath(path string) {
	rel, err := filepath.Rel(w.dir, path)
	if err != nil {
		return
	}
	parts := strings.Split(rel, string(filepath.Separator))
	if len(parts) < 2 {
		return
	}
	top, name := parts[0], parts[len(parts)-1]
	if !parsers.ValidQueueID(name) {
		return
	}
	_, statErr := os.Lstat(path)
	exists := statErr == nil
	switch {
	case top == "defer" || top == "bounce":
		if exists {
			w.logs[top+"/"+name] = path
		} else if w.logs[top+"/"+name] == path {
			delete(w.logs, top+"/"+name)
		}
		for _, q := range w.queues {
			key := q + "/" + name
			if file, ok := w.messages[key]; ok {
				w.unaccount(key)
				file.attached = false
				w.messages[key] = file
				w.account(key)
			}
		}
	case slices.Contains(w.queues, top):
		key := top + "/" + name
		if !exists {
			if file, ok := w.messages[key]; ok && file.job.path == path {
				w.unaccount(key)
				delete(w.messages, key)
			}
			return
		}
		w.readFile(queueJob{queue: top, id: name, path: path, owner: w.opts.Queue.MailOwner})
	}
}
