package tui

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// BenchmarkBuildQueueRows builds the queue list of 10,000 deferred docomo
// messages, as the screen does on every queue snapshot, with the class
// cache filled by the first run.
func BenchmarkBuildQueueRows(b *testing.B) {
	messages := make([]sources.QueuedMessage, 10_000)
	for i := range messages {
		messages[i] = sources.QueuedMessage{
			Queue: "deferred", QueueID: "A" + itoa(100000000+i), Arrival: fixtureNow.Add(-time.Duration(i) * time.Second),
			Sender:     "shop@example.com",
			Recipients: []sources.QueuedRecipient{{Address: "user" + itoa(i) + "@docomo.ne.jp", Status: "4.7.0", Reason: greylisted}},
		}
	}
	classes := newReasonClasses(nil)
	b.ReportAllocs()
	for b.Loop() {
		buildQueueRows(messages, queueQuery{now: fixtureNow, classes: classes})
	}
}
