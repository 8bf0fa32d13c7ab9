// Command fill-queue starts a private Postfix instance and fills its queue
// with messages that stay deferred, so queue readers can be measured on a
// large, still queue.
//
// Usage:
//
//	fill-queue [-n 100000] [-conns 8] [-ready FILE] [-timeout 30m]
//
// The instance defers its smtp transport (defer_transports = smtp) and
// waits hours between attempts, so every message lands in the deferred
// queue with a defer logfile and nothing moves afterwards. Messages go in
// over SMTP through the instance's smtpd, several connections at once and
// many messages per connection, so Postfix writes real queue files.
//
// When the queue is full, the command prints the queue and config
// directories and writes them to the -ready file as shell assignments. The
// instance keeps running until the command gets SIGINT or SIGTERM, and then
// it is stopped and removed. The command needs root and Postfix.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"math/rand/v2"
	"mime"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// domainWeights is the recipient domain mix: Japanese carriers first, then
// the usual free mail providers and a few company domains.
var domainWeights = []struct {
	domain string
	weight int
}{
	{"docomo.ne.jp", 28},
	{"ezweb.ne.jp", 10},
	{"au.com", 5},
	{"softbank.ne.jp", 8},
	{"i.softbank.jp", 6},
	{"ymobile.ne.jp", 2},
	{"rakumail.jp", 1},
	{"gmail.com", 18},
	{"yahoo.co.jp", 10},
	{"outlook.jp", 4},
	{"icloud.com", 4},
	{"example.net", 2},
	{"corp.example.org", 2},
}

// senders are the envelope senders, as a shop or a service would use.
var senders = []string{
	"news@shop.example.com",
	"noreply@shop.example.com",
	"info@members.example.com",
	"alert@service.example.com",
}

// subjects mix ASCII and Japanese text.
var subjects = []string{
	"Your order has shipped",
	"Weekly newsletter",
	"ポイント失効のお知らせ",
	"会員登録ありがとうございます",
	"Password reset",
	"本日限定セールのご案内",
}

// messagesPerConnection is how many messages one SMTP session sends before
// it quits and a new one starts.
const messagesPerConnection = 1000

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("fill-queue: ")
	count := flag.Int("n", 100000, "number of messages to queue")
	conns := flag.Int("conns", 8, "SMTP connections sending at once")
	ready := flag.String("ready", "", "write QUEUE_DIR=... and CONFIG_DIR=... to this `file` when the queue is full")
	name := flag.String("name", "", "instance `name` (paths /etc/postfix-NAME and so on); empty picks one")
	timeout := flag.Duration("timeout", 30*time.Minute, "give up filling after this long")
	seed := flag.Uint64("seed", 1, "seed of the recipient mix")
	flag.Parse()
	if *count <= 0 || *conns <= 0 {
		log.Fatal("-n and -conns must be positive")
	}
	if err := run(*count, *conns, *ready, *name, *timeout, *seed); err != nil {
		log.Fatal(err)
	}
}

func run(count, conns int, ready, name string, timeout time.Duration, seed uint64) error {
	// Hours of backoff and a long lifetime keep the deferred queue still:
	// qmgr finds no message due, and nothing expires during a benchmark.
	in, err := postfixtest.New(postfixtest.Config{
		Name:                 name,
		MaximalQueueLifetime: 5 * 24 * time.Hour,
		MinimalBackoffTime:   4 * time.Hour,
		MaximalBackoffTime:   4 * time.Hour,
		QueueRunDelay:        time.Hour,
		Settings: map[string]string{
			"defer_transports":      "smtp",
			"in_flow_delay":         "0",
			"delay_warning_time":    "0",
			"smtpd_banner":          "$myhostname ESMTP",
			"default_process_limit": "50",
		},
	})
	if err != nil {
		return fmt.Errorf("create the Postfix instance: %w", err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		log.Printf("stopping and removing instance %s", in.Name())
		if err := in.Stop(); err != nil {
			log.Printf("stop instance %s: %v", in.Name(), err)
		}
	}
	defer stop()

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	startCtx, startCancel := context.WithTimeout(ctx, time.Minute)
	err = in.Start(startCtx)
	startCancel()
	if err != nil {
		return fmt.Errorf("start the Postfix instance: %w", err)
	}
	log.Printf("instance %s: smtpd on 127.0.0.1:%d, queue %s", in.Name(), in.SMTPPort(), in.QueueDir())

	fillCtx, fillCancel := context.WithTimeout(ctx, timeout)
	defer fillCancel()
	start := time.Now()
	if err := fill(fillCtx, in, count, conns, seed); err != nil {
		return err
	}
	log.Printf("sent %d messages in %v", count, time.Since(start).Round(time.Millisecond))
	deferred, err := waitDeferred(fillCtx, in.QueueDir(), count)
	if err != nil {
		return err
	}
	log.Printf("%d messages deferred after %v", deferred, time.Since(start).Round(time.Millisecond))

	fmt.Printf("QUEUE_DIR=%s\nCONFIG_DIR=%s\n", in.QueueDir(), in.ConfigDir())
	if ready != "" {
		content := fmt.Sprintf("QUEUE_DIR=%s\nCONFIG_DIR=%s\nMESSAGES=%d\n", in.QueueDir(), in.ConfigDir(), deferred)
		if err := os.WriteFile(ready, []byte(content), 0o644); err != nil {
			return fmt.Errorf("write the ready file: %w", err)
		}
	}
	log.Printf("queue ready; send SIGINT or SIGTERM to stop and remove the instance")
	<-ctx.Done()
	return nil
}

// fill sends count messages over conns SMTP connections at once.
func fill(ctx context.Context, in *postfixtest.Instance, count, conns int, seed uint64) error {
	var sent atomic.Int64
	var next atomic.Int64
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	for worker := range conns {
		rng := rand.New(rand.NewPCG(seed, uint64(worker)))
		wg.Go(func() {
			for ctx.Err() == nil {
				if next.Load() >= int64(count) {
					return
				}
				if err := session(ctx, in.SMTPPort(), rng, &next, &sent, count); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	progress := time.NewTicker(5 * time.Second)
	defer progress.Stop()
	for {
		select {
		case <-done:
			close(errs)
			if err := errors.Join(collect(errs)...); err != nil {
				return err
			}
			if n := sent.Load(); n < int64(count) {
				return fmt.Errorf("sent only %d of %d messages: %w", n, count, context.Cause(ctx))
			}
			return nil
		case <-progress.C:
			log.Printf("sent %d of %d", sent.Load(), count)
		}
	}
}

func collect(errs <-chan error) []error {
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return all
}

// session sends messages over one SMTP connection until it has sent
// messagesPerConnection, the total reaches count, or ctx ends.
func session(ctx context.Context, port int, rng *rand.Rand, next, sent *atomic.Int64, count int) error {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	c, err := smtp.Dial(addr)
	if err != nil {
		return fmt.Errorf("connect to smtpd on %s: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		return fmt.Errorf("EHLO to smtpd on %s: %w", addr, err)
	}
	for range messagesPerConnection {
		if ctx.Err() != nil {
			return nil
		}
		seq := next.Add(1)
		if seq > int64(count) {
			break
		}
		if err := sendOne(c, rng, seq); err != nil {
			return err
		}
		sent.Add(1)
	}
	return c.Quit()
}

// sendOne sends message number seq to one to three random recipients.
func sendOne(c *smtp.Client, rng *rand.Rand, seq int64) error {
	from := senders[rng.IntN(len(senders))]
	rcpts := make([]string, 1+rng.IntN(3))
	for i := range rcpts {
		rcpts[i] = fmt.Sprintf("user%d.%d@%s", seq, i, pickDomain(rng))
	}
	if err := c.Mail(from, nil); err != nil {
		return fmt.Errorf("MAIL FROM:<%s>: %w", from, err)
	}
	for _, rcpt := range rcpts {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return fmt.Errorf("RCPT TO:<%s>: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(compose(rng, seq, from, rcpts)); err != nil {
		return fmt.Errorf("write message %d: %w", seq, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA of message %d: %w", seq, err)
	}
	return nil
}

func pickDomain(rng *rand.Rand) string {
	total := 0
	for _, d := range domainWeights {
		total += d.weight
	}
	n := rng.IntN(total)
	for _, d := range domainWeights {
		if n < d.weight {
			return d.domain
		}
		n -= d.weight
	}
	return domainWeights[0].domain
}

// compose returns a message of one to three kilobytes, the size of a
// newsletter or a notice.
func compose(rng *rand.Rand, seq int64, from string, rcpts []string) []byte {
	var b strings.Builder
	subject := subjects[rng.IntN(len(subjects))]
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(rcpts, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("UTF-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%d.%d@fill.mailtop.test>\r\n", time.Now().UnixNano(), seq)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
	lines := 15 + rng.IntN(30)
	for i := range lines {
		fmt.Fprintf(&b, "Line %d of message %d: the quick brown fox jumps over the lazy dog.\r\n", i, seq)
	}
	return []byte(b.String())
}

// waitDeferred waits until maildrop, incoming and active are empty and
// returns the number of messages in deferred. Postfix defers them one by one after
// smtpd has accepted them.
func waitDeferred(ctx context.Context, queueDir string, want int) (int, error) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	last := time.Now()
	for {
		pending := countFiles(filepath.Join(queueDir, "incoming")) + countFiles(filepath.Join(queueDir, "active")) +
			countFiles(filepath.Join(queueDir, "maildrop"))
		deferred := countFiles(filepath.Join(queueDir, "deferred"))
		if pending == 0 && deferred >= want {
			return deferred, nil
		}
		if time.Since(last) >= 5*time.Second {
			log.Printf("waiting for qmgr: %d deferred, %d still incoming or active", deferred, pending)
			last = time.Now()
		}
		select {
		case <-ctx.Done():
			return deferred, fmt.Errorf("wait for %d deferred messages (have %d, %d pending): %w", want, deferred, pending, context.Cause(ctx))
		case <-tick.C:
		}
	}
}

// countFiles counts the regular files under dir, hash subdirectories
// included.
func countFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(_ string, entry fs.DirEntry, err error) error {
		if err == nil && entry.Type().IsRegular() {
			n++
		}
		return nil
	})
	return n
}
