package loggen

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/mailtop/mailtop/parsers"
)

// Mix counts the lines of a log by category, the unit in which a generated
// log is compared with a real one.
type Mix struct {
	Total      int
	Categories map[string]int
}

// Share returns the fraction of all lines in category, 0 for an empty Mix.
func (m Mix) Share(category string) float64 {
	if m.Total == 0 {
		return 0
	}
	return float64(m.Categories[category]) / float64(m.Total)
}

// Names returns the categories present, sorted.
func (m Mix) Names() []string {
	names := make([]string, 0, len(m.Categories))
	for name := range m.Categories {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// MeasureMix parses every line of r and counts it under its category (see
// Category). Lines longer than 64 KiB are an error.
func MeasureMix(r io.Reader, opts parsers.Options) (Mix, error) {
	mix := Mix{Categories: map[string]int{}}
	p := parsers.NewParser(opts)
	var ev parsers.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	for sc.Scan() {
		p.Parse(sc.Bytes(), &ev)
		mix.Categories[Category(&ev)]++
		mix.Total++
	}
	if err := sc.Err(); err != nil {
		return mix, fmt.Errorf("read log after line %d: %w", mix.Total, err)
	}
	return mix, nil
}

// Category names the kind of line ev is, coarsely enough that a log of a
// few hundred lines has a few of each: "smtp deferred", "qmgr queued",
// "smtpd connect", "local warning". Delivery lines from every agent other
// than smtp, lmtp and local count as "other-agent STATUS".
func Category(ev *parsers.Event) string {
	daemon := string(ev.Daemon)
	switch ev.Kind {
	case parsers.KindUnrecognized:
		return "unrecognized"
	case parsers.KindForeign:
		return "foreign"
	case parsers.KindDelivery:
		agent := daemon
		if agent != "smtp" && agent != "lmtp" && agent != "local" {
			agent = "other-agent"
		}
		status := "other"
		switch ev.Status {
		case parsers.StatusSent:
			status = "sent"
		case parsers.StatusDeferred:
			status = "deferred"
			if bytes.HasPrefix(ev.Reason, []byte("delivery temporarily suspended")) {
				status = "suspended"
			}
		case parsers.StatusBounced:
			status = "bounced"
		}
		return agent + " " + status
	case parsers.KindQueued:
		return "qmgr queued"
	case parsers.KindExpired:
		return "qmgr expired"
	case parsers.KindRemoved:
		return "qmgr removed"
	case parsers.KindMessageID:
		return "cleanup message-id"
	case parsers.KindPickup:
		return "pickup"
	case parsers.KindClient:
		return "smtpd client"
	case parsers.KindReject:
		return "smtpd reject"
	case parsers.KindNotification:
		return "bounce notification"
	case parsers.KindRequeued, parsers.KindHeld, parsers.KindReleased,
		parsers.KindDeleted, parsers.KindExpireMarked:
		return "postsuper"
	case parsers.KindDiagnostic:
		return "diagnostic"
	case parsers.KindCanceled:
		return "cleanup canceled"
	}
	return otherCategory(daemon, ev.Text)
}

// otherCategory splits KindOther lines by daemon and by their first words.
func otherCategory(daemon string, text []byte) string {
	s := string(text)
	switch {
	case strings.Contains(s, " TLS connection "):
		if daemon == "smtpd" {
			return "smtpd tls"
		}
		return "smtp tls"
	case strings.HasPrefix(s, "connect from "):
		return "smtpd connect"
	case strings.HasPrefix(s, "disconnect from "):
		return "smtpd disconnect"
	case strings.HasPrefix(s, "lost connection after "), strings.HasPrefix(s, "timeout after "):
		return "smtpd lost"
	case strings.HasPrefix(s, "connect to "):
		return "smtp connect error"
	}
	switch daemon {
	case "postsuper":
		return "postsuper"
	case "master", "postfix-script", "postfix":
		return "master"
	}
	return "other"
}
