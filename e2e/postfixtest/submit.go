package postfixtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
)

// pollInterval is how often waits re-read the maillog.
const pollInterval = 50 * time.Millisecond

// Submit queues a message through sendmail -C DIR -f FROM and returns its
// queue ID. The message gets a unique Message-ID, and the queue ID is the
// one cleanup logs with that Message-ID. An empty from submits with the null
// sender. The subject may contain any UTF-8 text.
func (in *Instance) Submit(from string, rcpts []string, subject, body string) (string, error) {
	if len(rcpts) == 0 {
		return "", fmt.Errorf("submit %q: no recipients", subject)
	}
	messageID := in.nextMessageID()
	content := composeMessage(from, rcpts, subject, body, messageID)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"-C", in.configDir, "-f", from, "-i", "--"}, rcpts...)
	if _, _, err := in.run(ctx, content, "sendmail", args...); err != nil {
		return "", err
	}
	queueID, err := in.waitQueueID(ctx, messageID)
	if err != nil {
		return "", err
	}
	in.addSubmitted(queueID)
	return queueID, nil
}

// SubmitSMTP queues a message over SMTP to the instance's smtpd and returns
// the queue ID from the "250 2.0.0 Ok: queued as ID" reply.
func (in *Instance) SubmitSMTP(from string, rcpts []string, subject, body string) (string, error) {
	if len(rcpts) == 0 {
		return "", fmt.Errorf("submit %q: no recipients", subject)
	}
	content := composeMessage(from, rcpts, subject, body, in.nextMessageID())

	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", in.smtpdPort))
	if err != nil {
		return "", fmt.Errorf("connect to smtpd on 127.0.0.1:%d: %w", in.smtpdPort, err)
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		return "", fmt.Errorf("EHLO to smtpd: %w", err)
	}
	if err := c.Mail(from, nil); err != nil {
		return "", fmt.Errorf("MAIL FROM:<%s>: %w", from, err)
	}
	for _, rcpt := range rcpts {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return "", fmt.Errorf("RCPT TO:<%s>: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return "", fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(content); err != nil {
		return "", fmt.Errorf("write message: %w", err)
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		return "", fmt.Errorf("end of DATA: %w", err)
	}
	m := regexp.MustCompile(`queued as ([0-9A-Za-z]+)`).FindStringSubmatch(resp.StatusText)
	if m == nil {
		return "", fmt.Errorf("end of DATA reply %q has no queue ID", resp.StatusText)
	}
	c.Quit()
	in.addSubmitted(m[1])
	return m[1], nil
}

// Submitted returns the queue IDs of the messages submitted so far.
func (in *Instance) Submitted() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]string(nil), in.submitted...)
}

func (in *Instance) addSubmitted(queueID string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.submitted = append(in.submitted, queueID)
}

func (in *Instance) nextMessageID() string {
	in.mu.Lock()
	in.sequence++
	seq := in.sequence
	in.mu.Unlock()
	return fmt.Sprintf("%d.%d.%s@%s", time.Now().UnixNano(), seq, in.name, messageIDDomain)
}

func composeMessage(from string, rcpts []string, subject, body, messageID string) []byte {
	var b bytes.Buffer
	if from == "" {
		from = "MAILER-DAEMON@mx.example.com"
	}
	fmt.Fprintf(&b, "From: %s\n", from)
	fmt.Fprintf(&b, "To: %s\n", strings.Join(rcpts, ", "))
	fmt.Fprintf(&b, "Subject: %s\n", mime.BEncoding.Encode("UTF-8", subject))
	fmt.Fprintf(&b, "Date: %s\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\n", messageID)
	b.WriteString("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n")
	b.WriteString(body)
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\n")
	}
	return b.Bytes()
}

// waitQueueID waits for cleanup's "ID: message-id=<messageID>" line.
func (in *Instance) waitQueueID(ctx context.Context, messageID string) (string, error) {
	needle := ": message-id=<" + messageID + ">"
	var queueID string
	err := in.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			if !strings.HasSuffix(line, needle) {
				continue
			}
			if e, ok := parseLine(line); ok && e.queueID != "" {
				queueID = e.queueID
				return true
			}
		}
		return false
	})
	if err != nil {
		return "", fmt.Errorf("find the queue ID of message-id <%s> in %s: %w", messageID, in.logPath, err)
	}
	return queueID, nil
}

// LogLines returns the maillog's lines so far.
func (in *Instance) LogLines() ([]string, error) {
	data, err := os.ReadFile(in.logPath)
	if err != nil {
		return nil, fmt.Errorf("read maillog: %w", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// WaitLog re-reads the maillog until done returns true for its lines, or
// ctx ends. It is a way to wait, not a way to count: tests count from what
// the Sink recorded.
func (in *Instance) WaitLog(ctx context.Context, done func(lines []string) bool) error {
	for {
		lines, err := in.LogLines()
		if err == nil && done(lines) {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("%w (last read: %v)", ctx.Err(), err)
			}
			return ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}

// WaitSettled waits until every message submitted through this Instance has
// left the queue, and with it the notifications it caused and the copies
// postsuper -r made of it. Messages whose queue IDs are in keep, for example
// ones the test holds or expects to stay deferred, are not waited for. It
// fails when ctx ends first and then names the messages still queued.
func (in *Instance) WaitSettled(ctx context.Context, keep ...string) error {
	kept := map[string]bool{}
	for _, id := range keep {
		kept[id] = true
	}
	var pending []string
	err := in.WaitLog(ctx, func(lines []string) bool {
		pending = unsettled(lines, in.Submitted(), kept)
		return len(pending) == 0
	})
	if err != nil {
		return fmt.Errorf("wait for the queue to settle: %w; still queued: %s", err, strings.Join(pending, " "))
	}
	return nil
}

// logEntry is the part of a maillog line WaitSettled needs.
type logEntry struct {
	program string // e.g. "postfix/qmgr"
	queueID string // "" when the text does not start with "ID: "
	text    string // the text after "ID: "
}

var queueIDPrefix = regexp.MustCompile(`^([0-9A-F]{6,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]+): `)

// parseLine splits "Mmm dd hh:mm:ss host program[pid]: [ID: ]text".
func parseLine(line string) (logEntry, bool) {
	fields := strings.SplitN(line, " ", 5)
	if len(fields) < 5 {
		return logEntry{}, false
	}
	rest := fields[4]
	bracket := strings.IndexByte(rest, '[')
	colon := strings.Index(rest, "]: ")
	if bracket < 0 || colon < bracket {
		return logEntry{}, false
	}
	e := logEntry{program: rest[:bracket], text: rest[colon+3:]}
	if m := queueIDPrefix.FindStringSubmatch(e.text); m != nil {
		e.queueID = m[1]
		e.text = e.text[len(m[0]):]
	}
	return e, true
}

// unsettled returns the queue IDs, among roots and their descendants, that
// have not logged "removed" and are not kept.
func unsettled(lines []string, roots []string, kept map[string]bool) []string {
	removed := map[string]bool{}
	requeued := map[string]bool{}
	children := map[string][]string{} // notifications and requeued copies
	for _, line := range lines {
		e, ok := parseLine(line)
		if !ok || e.queueID == "" {
			continue
		}
		switch {
		case e.text == "removed":
			removed[e.queueID] = true
		case e.text == "requeued":
			requeued[e.queueID] = true
		case strings.Contains(e.text, " notification: "):
			child := e.text[strings.LastIndex(e.text, " ")+1:]
			children[e.queueID] = append(children[e.queueID], child)
		case strings.HasSuffix(e.program, "/pickup"):
			if i := strings.Index(e.text, " orig_id="); i >= 0 {
				parent := e.text[i+len(" orig_id="):]
				children[parent] = append(children[parent], e.queueID)
			}
		}
	}

	var pending []string
	visited := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if visited[id] {
			return
		}
		visited[id] = true
		for _, child := range children[id] {
			visit(child)
		}
		if kept[id] || removed[id] {
			return
		}
		if requeued[id] && len(children[id]) > 0 {
			return
		}
		pending = append(pending, id)
	}
	for _, id := range roots {
		visit(id)
	}
	return pending
}

// QueuedMessage is one message of postqueue -j output (Postfix 3.1+).
type QueuedMessage struct {
	QueueName    string `json:"queue_name"`
	QueueID      string `json:"queue_id"`
	ArrivalTime  int64  `json:"arrival_time"`
	MessageSize  int64  `json:"message_size"`
	ForcedExpire bool   `json:"forced_expire"`
	Sender       string `json:"sender"`
	Recipients   []struct {
		Address     string `json:"address"`
		DelayReason string `json:"delay_reason"`
	} `json:"recipients"`
}

// Queue lists the queue with postqueue -c DIR -j.
func (in *Instance) Queue(ctx context.Context) ([]QueuedMessage, error) {
	out, err := in.Postqueue(ctx, "-j")
	if err != nil {
		return nil, err
	}
	var messages []QueuedMessage
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var m QueuedMessage
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("decode postqueue -j output: %w", err)
		}
		messages = append(messages, m)
	}
	return messages, nil
}
