// Command record-demo records the day of mail that mailtop --demo replays.
//
// It starts a private Postfix instance and loopback SMTP servers (package
// postfixtest), plays a small online shop's traffic through them for about
// four minutes, and writes the instance's maillog with its timestamps
// stretched over one shop day.
//
// The traffic is order confirmations all day and two batches of shipping
// notices, many of them to docomo.ne.jp. docomo rejects some recipients at
// RCPT (unknown user) and some at end of DATA (the recipient's filter), and
// a spell of 421 greetings gets docomo suspended. A business server
// greylists, webmail accepts everything, and mail to a silent rakumail.jp
// server expires. An operator requeues one stuck message, delivers another
// now, and holds and releases a third.
//
// The output reads like a production server's log: the loopback sinks
// appear as the carriers' MX names with documentation IP addresses
// (RFC 5737), the sinks' rule-named recipients as person-like local parts,
// and delay= and generated Message-IDs follow the stretched clock. Pauses
// of up to two seconds between lines keep their length, so one delivery's
// lines stay seconds apart; the idle time between waves of mail is stretched.
// bounce(8)'s warnings about the test's short lifetimes are left out.
//
// It needs root and Postfix, binds only 127.0.0.1, and leaves nothing behind.
// To regenerate the demo recording, from the module root:
//
//	sudo go run ./e2e/cmd/record-demo -o demo/recording.log
//
// The run differs each time in queue IDs, pids and exact timing.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

func main() {
	output := flag.String("o", "", "write the recording to this `file` (required)")
	day := flag.String("date", time.Now().Format("2006-01-02"), "the shop day the recording shows, as YYYY-MM-DD")
	from := flag.String("start", "08:00", "local time of the first line, as HH:MM")
	until := flag.String("end", "22:00", "local time of the last line, as HH:MM")
	seed := flag.Uint64("seed", 1, "seed for the choice of recipients")
	flag.Parse()
	if *output == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: record-demo -o FILE [-date YYYY-MM-DD] [-start HH:MM] [-end HH:MM] [-seed N]")
		os.Exit(2)
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", *day+" "+*from, time.UTC)
	if err != nil {
		log.Fatalf("invalid -date or -start: %v", err)
	}
	end, err := time.ParseInLocation("2006-01-02 15:04", *day+" "+*until, time.UTC)
	if err != nil || !end.After(start) {
		log.Fatalf("invalid -end %q: it must be a time after -start %q", *until, *from)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lines, rw, err := record(ctx, rand.New(rand.NewPCG(*seed, 0)))
	if err != nil {
		log.Fatal(err)
	}
	times, err := stretchDay(lines, start, end)
	if err != nil {
		log.Fatal(err)
	}
	out := rw.rewrite(lines, times)
	if err := os.WriteFile(*output, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		log.Fatalf("write recording: %v", err)
	}
	log.Printf("wrote %d lines to %s", len(out), *output)
}

// destination is a recipient domain of the shop's traffic and how its
// server behaves.
type destination struct {
	domain string
	relay  relay
	mode   string // "smtp", "silent" (never greets) or "refused"
}

var destinations = []destination{
	{"docomo.ne.jp", relay{"mfsmax.docomo.ne.jp", "203.0.113.112"}, "smtp"},
	{"ezweb.ne.jp", relay{"lsean.ezweb.ne.jp", "203.0.113.228"}, "smtp"},
	{"au.com", relay{"msmx.au.com", "203.0.113.229"}, "smtp"},
	{"softbank.ne.jp", relay{"mx.softbank.ne.jp", "198.51.100.25"}, "smtp"},
	{"i.softbank.jp", relay{"mx.i.softbank.jp", "198.51.100.26"}, "smtp"},
	{"rakumail.jp", relay{"mail-rakumail-jp.gslb.rmb-ss.jp", "198.51.100.77"}, "silent"},
	{"gmail.com", relay{"gmail-smtp-in.l.google.com", "192.0.2.27"}, "smtp"},
	{"yahoo.co.jp", relay{"mx.mail.yahoo.co.jp", "192.0.2.53"}, "smtp"},
	{"icloud.com", relay{"mx01.mail.icloud.com", "192.0.2.17"}, "smtp"},
	{"corp.example.com", relay{"mail.corp.example.com", "192.0.2.80"}, "smtp"},
	{"shop.example.com", relay{"mail.shop.example.com", "192.0.2.10"}, "smtp"},
}

const sender = "order@shop.example.com"

// record runs the shop's traffic and returns the instance's maillog lines
// and a rewriter set up with the ports and paths of this run.
func record(ctx context.Context, rng *rand.Rand) ([]string, *rewriter, error) {
	sink := postfixtest.NewSink()
	defer sink.Close()

	rw := &rewriter{relays: map[int]relay{}, domainRelays: map[string]relay{}, sinkNames: map[string]relay{}, senderDomain: "shop.example.com"}
	routes := map[string]int{}
	for _, d := range destinations {
		name := strings.ReplaceAll(d.domain, ".", "-")
		var port int
		var err error
		switch d.mode {
		case "silent":
			port, err = sink.ListenNoGreeting(name)
		case "refused":
			port, err = postfixtest.RefusedPort()
		default:
			port, err = sink.ListenSMTP(name)
		}
		if err != nil {
			return nil, nil, err
		}
		routes[d.domain] = port
		rw.relays[port] = d.relay
		rw.domainRelays[d.domain] = d.relay
		rw.sinkNames[name+".sink.test"] = d.relay
	}

	in, err := postfixtest.New(postfixtest.Config{
		Name:                 "mailtop-demo-" + fmt.Sprintf("%06x", rng.Uint32()&0xffffff),
		Routes:               routes,
		MinimalBackoffTime:   15 * time.Second,
		MaximalBackoffTime:   45 * time.Second,
		QueueRunDelay:        5 * time.Second,
		MaximalQueueLifetime: 150 * time.Second,
	})
	if err != nil {
		return nil, nil, err
	}
	rw.instance = in.Name()
	defer func() {
		if err := in.Stop(); err != nil {
			log.Printf("stop Postfix instance: %v", err)
		}
	}()
	startCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := in.Start(startCtx); err != nil {
		return nil, nil, err
	}

	shop := &shopDay{in: in, sink: sink, rng: rng}
	if err := shop.run(ctx); err != nil {
		lines, _ := in.LogLines()
		return nil, nil, fmt.Errorf("%w\nmaillog so far:\n%s", err, strings.Join(lines, "\n"))
	}
	lines, err := in.LogLines()
	if err != nil {
		return nil, nil, err
	}
	return lines, rw, nil
}

// shopDay is the traffic of one day, compressed into minutes.
type shopDay struct {
	in   *postfixtest.Instance
	sink *postfixtest.Sink
	rng  *rand.Rand
	n    int // numbers local parts, so that every address is distinct
}

// The day in real seconds: a wave of mail every waveInterval, shipping
// batches at two waves, docomo busy for a while in between, and the
// operator's actions after docomo recovers.
const (
	waves          = 34
	waveInterval   = 6 * time.Second
	morningBatch   = 3
	afternoonBatch = 21
	busyFromWave   = 20
	busyFor        = 35 * time.Second
	operatorWave   = 27
	releaseWave    = 31
	finalWait      = 20 * time.Second
)

func (s *shopDay) run(ctx context.Context) error {
	var held string
	begin := time.Now()
	for wave := range waves {
		if err := sleepUntil(ctx, begin.Add(time.Duration(wave)*waveInterval)); err != nil {
			return err
		}
		count := 2 + s.rng.IntN(3)
		kind := "order"
		if wave == morningBatch || wave == afternoonBatch {
			count, kind = 24, "shipping"
		}
		if wave == busyFromWave {
			if err := s.sink.SetBusyUntil("docomo-ne-jp", time.Now().Add(busyFor)); err != nil {
				return err
			}
		}
		for range count {
			if err := s.send(kind); err != nil {
				return err
			}
		}

		switch wave {
		case operatorWave:
			id, err := s.operatorRescue(ctx)
			if err != nil {
				return err
			}
			held = id
		case releaseWave:
			if held != "" {
				if _, err := s.in.Postsuper(ctx, "-H", held); err != nil {
					return err
				}
			}
		}
	}
	return sleepUntil(ctx, time.Now().Add(finalWait))
}

// operatorRescue does what an operator does once docomo accepts mail again:
// requeue one stuck docomo message, deliver another now, and hold a
// message to a greylisting server to look at it. It returns the held ID.
func (s *shopDay) operatorRescue(ctx context.Context) (string, error) {
	queue, err := s.in.Queue(ctx)
	if err != nil {
		return "", err
	}
	var docomo, other []string
	for _, m := range queue {
		if m.QueueName != "deferred" {
			continue
		}
		if strings.HasSuffix(m.Recipients[0].Address, "@docomo.ne.jp") {
			docomo = append(docomo, m.QueueID)
		} else {
			other = append(other, m.QueueID)
		}
	}
	// Prefer docomo mail, which the busy spell left deferred.
	stuck := append(docomo, other...)
	if len(stuck) < 2 {
		return "", fmt.Errorf("operator step: %d deferred messages, want at least two to requeue and deliver now; the busy spell did not defer enough mail", len(stuck))
	}
	docomo, other = stuck[:2], stuck[2:]
	if out, err := s.in.Postsuper(ctx, "-r", docomo[0]); err != nil || !strings.Contains(out, "requeued") {
		return "", fmt.Errorf("postsuper -r %s: %q, %v", docomo[0], out, err)
	}
	// pickup would find the requeued file at its next wakeup, seconds
	// later, which the stretched clock turns into many minutes.
	if err := s.in.Postkick(ctx, "pickup", "W"); err != nil {
		return "", err
	}
	if _, err := s.in.Postqueue(ctx, "-i", docomo[1]); err != nil {
		return "", err
	}
	if len(other) == 0 {
		return "", nil
	}
	if _, err := s.in.Postsuper(ctx, "-h", other[0]); err != nil {
		return "", err
	}
	return other[0], nil
}

// send submits one message: an order confirmation or a shipping notice to
// one customer, sometimes with a copy to a second address.
func (s *shopDay) send(kind string) error {
	rcpts := []string{s.recipient()}
	if s.rng.IntN(8) == 0 {
		rcpts = append(rcpts, s.recipient())
	}
	s.n++
	order := 20000 + s.n
	subject := fmt.Sprintf("【ご注文確認】ご注文番号 %d", order)
	body := fmt.Sprintf("ご注文ありがとうございます。ご注文番号 %d を承りました。\n", order)
	if kind == "shipping" {
		subject = fmt.Sprintf("【発送のお知らせ】ご注文番号 %d", order)
		body = fmt.Sprintf("ご注文番号 %d の商品を本日発送いたしました。\n", order)
	}
	var err error
	if s.rng.IntN(5) == 0 {
		_, err = s.in.SubmitSMTP(sender, rcpts, subject, body)
	} else {
		_, err = s.in.Submit(sender, rcpts, subject, body)
	}
	return err
}

// recipient picks a customer address. The local part's prefix selects how
// the sink replies; the rewriter later turns it into a person-like name.
func (s *shopDay) recipient() string {
	s.n++
	pick := func(weights ...int) int {
		total := 0
		for _, w := range weights {
			total += w
		}
		r := s.rng.IntN(total)
		for i, w := range weights {
			if r < w {
				return i
			}
			r -= w
		}
		return len(weights) - 1
	}
	address := func(kind, domain string) string { return fmt.Sprintf("%s%d@%s", kind, s.n, domain) }

	switch pick(40, 8, 4, 5, 3, 1, 18, 10, 5, 6) {
	case 0:
		kinds := []string{"ok", "reject", "filtered", "tempfail", "full"}
		return address(kinds[pick(78, 9, 9, 2, 2)], "docomo.ne.jp")
	case 1:
		return address([]string{"ok", "reject", "datafail"}[pick(85, 10, 5)], "ezweb.ne.jp")
	case 2:
		return address([]string{"ok", "reject"}[pick(90, 10)], "au.com")
	case 3:
		return address([]string{"ok", "reject"}[pick(92, 8)], "softbank.ne.jp")
	case 4:
		return address("ok", "i.softbank.jp")
	case 5:
		return address("ok", "rakumail.jp")
	case 6:
		return address("ok", "gmail.com")
	case 7:
		return address("ok", "yahoo.co.jp")
	case 8:
		return address("ok", "icloud.com")
	default:
		return address([]string{"greylist", "ok"}[pick(60, 40)], "corp.example.com")
	}
}

func sleepUntil(ctx context.Context, t time.Time) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Until(t)):
		return nil
	}
}
