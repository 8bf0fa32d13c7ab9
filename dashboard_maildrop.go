package main

import (
	"context"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// countMaildrop passes the queue scans of scans on, and gives coll the
// pending recipients of each scan's maildrop queue, which the domain
// table counts as queued: no log line names a message there until pickup
// takes it. A failed scan leaves coll's last ones. The returned channel
// keeps only the newest scan, as the watcher's does, and is closed when
// scans is or ctx ends.
func countMaildrop(ctx context.Context, scans <-chan sources.QueueScan, coll *stats.Collector) <-chan sources.QueueScan {
	out := make(chan sources.QueueScan, 1)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case scan, ok := <-scans:
				if !ok {
					return
				}
				if scan.Err == nil {
					coll.SetMaildrop(maildropRecipients(scan.Snapshot))
				}
				// This goroutine alone sends, so after the older scan
				// is dropped the send cannot block.
				select {
				case <-out:
				default:
				}
				out <- scan
			}
		}
	}()
	return out
}

// maildropRecipients returns the pending recipients of the messages in
// the maildrop queue of snap. Postfix 3.7's sendmail -t writes the
// recipients it takes from the headers into the maildrop file too.
func maildropRecipients(snap sources.QueueSnapshot) []stats.MaildropRecipient {
	var recipients []stats.MaildropRecipient
	for _, m := range snap.Messages {
		if m.Queue != sources.QueueMaildrop {
			continue
		}
		for _, r := range m.Recipients {
			if !r.Done {
				recipients = append(recipients, stats.MaildropRecipient{Address: r.Address, Arrival: m.Arrival})
			}
		}
	}
	return recipients
}
