// Command capture-queue starts a private Postfix instance, puts messages
// in the states a queue reader must handle, and copies their queue files
// and defer logfiles into a directory, with what Postfix's own tools read
// from them at the same moment.
//
// Usage:
//
//	capture-queue [-out testdata/queue/real]
//
// The fixtures:
//
//	deferred-short-done-recipient  short queue ID, one recipient delivered (D record), one deferred
//	deferred-long-id               enable_long_queue_ids = yes, one recipient delivered, one deferred
//	pointer-records                a milter added a header and a recipient, so cleanup wrote p records
//	hold                           a deferred message placed on hold with postsuper -h
//	maildrop                       submitted with sendmail while Postfix was stopped
//
// Each deferred fixture NAME comes with NAME.defer, its defer logfile.
// expected.json holds, per fixture, postqueue -j's listing of the message
// and postcat -o -r -v's records with their offsets. The command needs root
// and Postfix; it stops and removes the instance before it exits.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// Fixture is one captured queue file and what Postfix read from it.
type Fixture struct {
	// Name is the queue file's name in the output directory.
	Name string `json:"name"`
	// Queue is the queue the file was in: deferred, hold or maildrop.
	Queue   string `json:"queue"`
	QueueID string `json:"queue_id"`
	// DeferLog is the name of the copied defer logfile, empty when none.
	DeferLog string `json:"defer_log,omitempty"`
	// Listing is the message as postqueue -j listed it.
	Listing postfixtest.QueuedMessage `json:"postqueue"`
	// Records are postcat -o -r -v's lines, in file order, pointer
	// records included and not followed.
	Records []Record `json:"postcat_records"`
}

// Record is one line of postcat -o -r -v: a record's offset, postcat's name
// for its type, and its value.
type Record struct {
	Offset int64  `json:"offset"`
	Type   string `json:"type"`
	Value  string `json:"value"`
}

const (
	sender      = "shop@example.com"
	addedHeader = "X-Capture-Milter"
	addedRcpt   = "tempfail-added@docomo.ne.jp"
)

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("capture-queue: ")
	out := flag.String("out", "testdata/queue/real", "output `directory`")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	if why := postfixtest.UnmetRequirement(); why != "" {
		return errors.New(why)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	sink := postfixtest.NewSink()
	defer sink.Close()
	port, err := sink.ListenSMTP("carrier")
	if err != nil {
		return err
	}
	mil, err := startMilter(addedHeader, "added by the capture milter", addedRcpt)
	if err != nil {
		return err
	}
	defer mil.close()

	// Hours of backoff keep each deferred message still once it is there.
	in, err := postfixtest.New(postfixtest.Config{
		Routes: map[string]int{
			"docomo.ne.jp":   port,
			"ezweb.ne.jp":    port,
			"softbank.ne.jp": port,
			"au.com":         port,
		},
		MaximalQueueLifetime: 24 * time.Hour,
		MinimalBackoffTime:   time.Hour,
		MaximalBackoffTime:   time.Hour,
		QueueRunDelay:        time.Hour,
		Settings: map[string]string{
			"smtpd_milters":         fmt.Sprintf("inet:127.0.0.1:%d", mil.port()),
			"milter_default_action": "tempfail",
			"delay_warning_time":    "0",
			"enable_long_queue_ids": "no",
		},
	})
	if err != nil {
		return err
	}
	defer func() {
		if err := in.Stop(); err != nil {
			log.Printf("stop instance %s: %v", in.Name(), err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := in.Start(ctx); err != nil {
		return err
	}
	log.Printf("instance %s, queue %s", in.Name(), in.QueueDir())

	var fixtures []Fixture
	add := func(name, id string) error {
		f, err := capture(ctx, in, out, name, id)
		if err != nil {
			return fmt.Errorf("capture %s (%s): %w", name, id, err)
		}
		fixtures = append(fixtures, f)
		log.Printf("captured %s: %s in %s, %d records", name, id, f.Queue, len(f.Records))
		return nil
	}

	done, err := in.Submit(sender, []string{"ok-done@docomo.ne.jp", "tempfail-pending@docomo.ne.jp"},
		"Order 1001 has shipped", "Your order has shipped.\n")
	if err != nil {
		return err
	}
	pointer, err := in.SubmitSMTP(sender, []string{"tempfail-smtp@ezweb.ne.jp"},
		"Weekly newsletter", "This week's news.\n")
	if err != nil {
		return err
	}
	held, err := in.Submit(sender, []string{"tempfail-held@au.com"}, "Password reset", "Reset your password.\n")
	if err != nil {
		return err
	}
	for _, id := range []string{done, pointer, held} {
		if err := waitDeferred(ctx, in, id); err != nil {
			return err
		}
	}
	if _, err := in.Postsuper(ctx, "-h", held); err != nil {
		return err
	}

	if err := postfix(ctx, "postconf", "-c", in.ConfigDir(), "-e", "enable_long_queue_ids=yes"); err != nil {
		return err
	}
	if err := postfix(ctx, "postfix", "-c", in.ConfigDir(), "reload"); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	long, err := in.Submit(sender, []string{"ok-long@softbank.ne.jp", "tempfail-long@softbank.ne.jp"},
		"ポイント失効のお知らせ", "ポイントの有効期限が近づいています。\n")
	if err != nil {
		return err
	}
	if err := waitDeferred(ctx, in, long); err != nil {
		return err
	}

	for _, c := range []struct{ name, id string }{
		{"deferred-short-done-recipient", done},
		{"pointer-records", pointer},
		{"hold", held},
		{"deferred-long-id", long},
	} {
		if err := add(c.name, c.id); err != nil {
			return err
		}
	}

	// With Postfix stopped, postdrop leaves the file in maildrop.
	if err := postfix(ctx, "postfix", "-c", in.ConfigDir(), "stop"); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	drop, err := submitMaildrop(ctx, in, "tempfail-drop@docomo.ne.jp")
	if err != nil {
		return err
	}
	if err := add("maildrop", drop); err != nil {
		return err
	}
	// Start it again so that Stop finds it running and stops it cleanly;
	// pickup then takes the maildrop file, which is copied already.
	if err := in.Start(ctx); err != nil {
		return err
	}

	data, err := json.MarshalIndent(fixtures, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "expected.json"), append(data, '\n'), 0o644)
}

// postfix runs a Postfix command and returns its output in the error.
func postfix(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = postfixtest.Env()
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, b)
	}
	return nil
}

// waitDeferred waits until postqueue -j lists id in the deferred queue.
func waitDeferred(ctx context.Context, in *postfixtest.Instance, id string) error {
	for {
		msgs, err := in.Queue(ctx)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.QueueID == id && m.QueueName == "deferred" {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s to be deferred: %w", id, ctx.Err())
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// submitMaildrop runs sendmail while the instance is stopped and returns the
// name of the file postdrop left in maildrop.
func submitMaildrop(ctx context.Context, in *postfixtest.Instance, rcpt string) (string, error) {
	before, _ := os.ReadDir(filepath.Join(in.QueueDir(), "maildrop"))
	msg := "From: " + sender + "\nTo: " + rcpt + "\nSubject: Queued while stopped\n" +
		"Message-ID: <maildrop.capture@example.com>\n\nThis waits in maildrop.\n"
	cmd := exec.CommandContext(ctx, "sendmail", "-C", in.ConfigDir(), "-f", sender, "-i", rcpt)
	cmd.Env = postfixtest.Env()
	cmd.Stdin = strings.NewReader(msg)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("sendmail: %w: %s", err, b)
	}
	after, err := os.ReadDir(filepath.Join(in.QueueDir(), "maildrop"))
	if err != nil {
		return "", err
	}
	seen := map[string]bool{}
	for _, e := range before {
		seen[e.Name()] = true
	}
	for _, e := range after {
		if !seen[e.Name()] {
			return e.Name(), nil
		}
	}
	return "", errors.New("no new file in maildrop after sendmail; check that postdrop may write there")
}

// capture copies the queue file of id and its defer logfile into out and
// records what postqueue -j and postcat read from it.
func capture(ctx context.Context, in *postfixtest.Instance, out, name, id string) (Fixture, error) {
	f := Fixture{Name: name, QueueID: id}
	path, err := findFile(in.QueueDir(), []string{"incoming", "active", "deferred", "hold", "maildrop"}, id)
	if err != nil {
		return f, err
	}
	rel, _ := filepath.Rel(in.QueueDir(), path)
	f.Queue = strings.SplitN(rel, string(filepath.Separator), 2)[0]
	if err := copyFile(path, filepath.Join(out, name)); err != nil {
		return f, err
	}
	if logPath, err := findFile(in.QueueDir(), []string{"defer"}, id); err == nil {
		f.DeferLog = name + ".defer"
		if err := copyFile(logPath, filepath.Join(out, f.DeferLog)); err != nil {
			return f, err
		}
	}

	listing, err := in.Postqueue(ctx, "-j")
	if err != nil {
		return f, fmt.Errorf("postqueue -j: %w", err)
	}
	found := false
	for _, line := range strings.Split(listing, "\n") {
		var m postfixtest.QueuedMessage
		if json.Unmarshal([]byte(line), &m) == nil && m.QueueID == id {
			f.Listing, found = m, true
		}
	}
	if !found {
		return f, fmt.Errorf("postqueue -j does not list %s", id)
	}

	// With -r and -v, postcat prints the records in file order, p records
	// included, instead of following them. The -v debug lines go to stderr.
	cmd := exec.CommandContext(ctx, "postcat", "-c", in.ConfigDir(), "-o", "-r", "-v", path)
	cmd.Env = postfixtest.Env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("postcat: %w: %s", err, lastLines(stderr.String(), 5))
	}
	f.Records, err = parsePostcat(b)
	return f, err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// parsePostcat reads postcat -o output: "OFFSET TYPE: VALUE" lines and
// "*** ... ***" section lines. The first section line has no offset and is
// dropped; the others are kept with the whole line as their type.
func parsePostcat(b []byte) ([]Record, error) {
	var recs []Record
	for _, line := range strings.Split(string(b), "\n") {
		t := strings.TrimLeft(line, " ")
		if t == "" || strings.HasPrefix(t, "***") {
			continue
		}
		off, rest, ok := strings.Cut(t, " ")
		if !ok {
			return nil, fmt.Errorf("invalid postcat line %q: missing offset", line)
		}
		n, err := strconv.ParseInt(off, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid postcat line %q: missing offset", line)
		}
		typ, val, _ := strings.Cut(rest, ":")
		recs = append(recs, Record{Offset: n, Type: typ, Value: strings.TrimLeft(val, " ")})
	}
	return recs, nil
}

// findFile returns the path of the file named id under one of the queues,
// hash subdirectories included.
func findFile(queueDir string, queues []string, id string) (string, error) {
	for _, q := range queues {
		var hit string
		err := filepath.WalkDir(filepath.Join(queueDir, q), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() == id {
				hit = p
				return fs.SkipAll
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if hit != "" {
			return hit, nil
		}
	}
	return "", fmt.Errorf("queue file %s not found in %v under %s", id, queues, queueDir)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
