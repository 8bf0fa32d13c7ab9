package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// stampLayout is the timestamp of Postfix's own log file (maillog_file):
// zero-padded day, no year, no zone.
const stampLayout = "Jan 02 15:04:05"

// keptGap is the longest pause between two log lines that stretchDay keeps
// as it was. Longer pauses are the idle time between waves of mail, and they
// are stretched to fill the day.
const keptGap = 2 * time.Second

// stretchDay returns the time each line should carry so that the lines span
// start to end. Pauses up to keptGap keep their length, so the lines of one
// delivery stay seconds apart; longer pauses grow by one common factor.
// Lines whose timestamp does not parse keep the time of the line before.
func stretchDay(lines []string, start, end time.Time) ([]time.Time, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	recorded := make([]time.Time, len(lines))
	for i, line := range lines {
		t, err := parseStamp(line)
		if i > 0 && (err != nil || t.Before(recorded[i-1])) {
			t = recorded[i-1]
		}
		recorded[i] = t
	}

	var kept, stretched time.Duration
	for i := 1; i < len(recorded); i++ {
		gap := recorded[i].Sub(recorded[i-1])
		if gap <= keptGap {
			kept += gap
		} else {
			stretched += gap
		}
	}
	span := end.Sub(start)
	if stretched == 0 || span <= kept {
		return nil, fmt.Errorf("cannot stretch %v of log with %v of pauses over %v: record longer pauses between waves", recorded[len(recorded)-1].Sub(recorded[0]), stretched, span)
	}
	factor := float64(span-kept) / float64(stretched)

	out := make([]time.Time, len(lines))
	at := start
	for i := range recorded {
		if i > 0 {
			gap := recorded[i].Sub(recorded[i-1])
			if gap > keptGap {
				gap = time.Duration(float64(gap) * factor)
			}
			at = at.Add(gap)
		}
		out[i] = at
	}
	return out, nil
}

func parseStamp(line string) (time.Time, error) {
	if len(line) < len(stampLayout) {
		return time.Time{}, fmt.Errorf("line too short for a timestamp: %q", line)
	}
	return time.Parse(stampLayout, line[:len(stampLayout)])
}

// relay is the name and address a sink port stands for in the recording.
type relay struct {
	host string
	ip   string
}

// rewriter turns a test instance's maillog into one that reads like a
// shop's production server. It puts real-looking relay names in place of the
// loopback sinks and person-like local parts in place of the sink's reply
// rules, restores the default configuration paths, and makes timestamps,
// delays and generated Message-IDs agree with the stretched day.
type rewriter struct {
	relays       map[int]relay    // sink port -> what the recording shows
	domainRelays map[string]relay // recipient domain -> relay, for lines without a port
	sinkNames    map[string]relay // sink greeting name ("docomo.sink.test") -> relay
	instance     string           // instance name, as in /etc/postfix-NAME
	senderDomain string
}

var (
	loopbackRelay = regexp.MustCompile(`127\.0\.0\.1\[127\.0\.0\.1\](?::(\d+))?`)
	ruleLocalPart = regexp.MustCompile(`\b(ok|reject|unknown|datafail|filtered|tempfail|greylist|shutdown|burst|full|toolong)(\d+)@`)
	submittedID   = regexp.MustCompile(`message-id=<\d+\.(\d+)\.[a-z0-9-]+@e2e\.mailtop\.test>`)
	generatedID   = regexp.MustCompile(`message-id=<\d{14}\.([0-9A-F]+)@`)
	delayField    = regexp.MustCompile(`, delay=([0-9.]+), delays=([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+),`)
	queueIDField  = regexp.MustCompile(`\]: ([0-9A-F]{6,}): `)
	origIDField   = regexp.MustCompile(` orig_id=([0-9A-F]{6,})`)
	recipientAddr = regexp.MustCompile(`to=<[^@>]*@([^>]+)>`)
)

var givenNames = []string{"haruka", "yuki", "sota", "aoi", "ren", "hina", "riku", "mei", "kaito", "yui", "daiki", "sakura", "takumi", "miu", "kenta", "nanami", "shota", "rin", "yuto", "emi"}
var familyNames = []string{"tanaka", "suzuki", "sato", "ito", "kato", "yamada", "kobayashi", "watanabe", "nakamura", "yoshida", "matsumoto", "inoue", "kimura", "hayashi", "shimizu"}

// personName returns a distinct person-like local part for each number below
// len(givenNames)*len(familyNames), and a numbered one above. Multiplying by
// 113, which shares no factor with 300, spreads consecutive numbers over
// the name pairs without repeating one.
func personName(n int) string {
	pairs := len(givenNames) * len(familyNames)
	if n >= pairs {
		return fmt.Sprintf("%s.%s%d", givenNames[n%len(givenNames)], familyNames[(n/len(givenNames))%len(familyNames)], n/pairs)
	}
	i := n * 113 % pairs
	return givenNames[i%len(givenNames)] + "." + familyNames[i/len(givenNames)]
}

// arrival is when a message arrived, on the recorded and on the stretched
// clock.
type arrival struct {
	recorded, stretched time.Time
}

// rewrite returns the recording: lines to drop are left out, and every other
// line gets its new timestamp and the substitutions described on rewriter.
func (rw *rewriter) rewrite(lines []string, times []time.Time) []string {
	arrivals := map[string]arrival{}
	var out []string
	for i, line := range lines {
		if dropLine(line) || len(line) < len(stampLayout) {
			continue
		}
		at := times[i]
		text := line[len(stampLayout):]

		if m := queueIDField.FindStringSubmatch(text); m != nil {
			recorded, err := parseStamp(line)
			if _, seen := arrivals[m[1]]; !seen && err == nil {
				arrivals[m[1]] = arrival{recorded: recorded, stretched: at}
				// A requeued message keeps its arrival time.
				if o := origIDField.FindStringSubmatch(text); o != nil {
					if a, ok := arrivals[o[1]]; ok {
						arrivals[m[1]] = a
					}
				}
			}
			if a, ok := arrivals[m[1]]; ok && err == nil {
				text = rewriteDelay(text, at.Sub(a.stretched)-recorded.Sub(a.recorded))
			}
		}
		text = rw.rewriteRelays(text)
		text = ruleLocalPart.ReplaceAllStringFunc(text, func(s string) string {
			m := ruleLocalPart.FindStringSubmatch(s)
			n, _ := strconv.Atoi(m[2])
			return personName(n) + "@"
		})
		text = submittedID.ReplaceAllStringFunc(text, func(s string) string {
			m := submittedID.FindStringSubmatch(s)
			return fmt.Sprintf("message-id=<%s.%s@%s>", at.Format("20060102150405"), m[1], rw.senderDomain)
		})
		text = generatedID.ReplaceAllStringFunc(text, func(s string) string {
			m := generatedID.FindStringSubmatch(s)
			return fmt.Sprintf("message-id=<%s.%s@", at.Format("20060102150405"), m[1])
		})
		text = strings.ReplaceAll(text, "/etc/postfix-"+rw.instance, "/etc/postfix")
		text = strings.ReplaceAll(text, "/var/spool/postfix-"+rw.instance, "/var/spool/postfix")
		out = append(out, at.Format(stampLayout)+text)
	}
	return out
}

// dropLine reports whether a line exists only because of the test
// instance's short lifetimes: bounce(8) warns six times per notice when
// delay_warning_time or maximal_queue_lifetime is below an hour or a day.
func dropLine(line string) bool {
	return strings.Contains(line, "zero result in delay template conversion")
}

func (rw *rewriter) rewriteRelays(text string) string {
	port := 0
	if m := loopbackRelay.FindStringSubmatch(text); m != nil && m[1] != "" {
		port, _ = strconv.Atoi(m[1])
	}
	r, ok := rw.relays[port]
	if !ok {
		if m := recipientAddr.FindStringSubmatch(text); m != nil {
			r, ok = rw.domainRelays[strings.ToLower(m[1])]
		}
	}
	if ok {
		text = loopbackRelay.ReplaceAllStringFunc(text, func(s string) string {
			if strings.Contains(s, "]:") {
				return r.host + "[" + r.ip + "]:25"
			}
			return r.host + "[" + r.ip + "]"
		})
	}
	for name, r := range rw.sinkNames {
		text = strings.ReplaceAll(text, name, r.host)
	}
	return text
}

// rewriteDelay adds extra, the time the stretching added since the message
// arrived, to delay= and to the first delays= field (time before the queue
// manager, which includes waits for a retry). The other three delays fields
// (active queue, connection set-up, transmission) stay as measured.
func rewriteDelay(text string, extra time.Duration) string {
	m := delayField.FindStringSubmatchIndex(text)
	if m == nil || extra <= 0 {
		return text
	}
	field := func(k int) float64 {
		v, _ := strconv.ParseFloat(text[m[2*k]:m[2*k+1]], 64)
		return v
	}
	delay, before := field(1)+extra.Seconds(), field(2)+extra.Seconds()
	replacement := fmt.Sprintf(", delay=%s, delays=%s/%s/%s/%s,", formatDelay(delay), formatDelay(before), text[m[6]:m[7]], text[m[8]:m[9]], text[m[10]:m[11]])
	return text[:m[0]] + replacement + text[m[1]:]
}

// formatDelay writes seconds the way Postfix's delivery lines show them:
// whole seconds from 10 s up, one decimal from 1 s, and two significant
// digits below, without trailing zeros (0.04, 4.9, 5, 19).
func formatDelay(seconds float64) string {
	var s string
	switch {
	case seconds >= 10:
		return strconv.Itoa(int(seconds + 0.5))
	case seconds >= 1:
		s = strconv.FormatFloat(seconds, 'f', 1, 64)
	case seconds <= 0:
		return "0"
	default:
		s = strconv.FormatFloat(seconds, 'g', 2, 64)
		if strings.Contains(s, "e") {
			s = strconv.FormatFloat(seconds, 'f', 2, 64)
		}
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
