package main

import (
	"time"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// newCollector returns a collector that classifies failures with the
// config file's override rules first. forScreen keeps what only the
// dashboard shows: each message's raw log lines from keepLinesFrom on, its
// attempts, the messages that left the queue in the last day, and the
// buckets of the lines a window can still reach from opened, the time on
// the screen's clock. A
// one-shot report needs only the counts since the start, the messages
// still queued (an expiry counts their pending recipients) and the
// finished ones only long enough to catch a late line.
func newCollector(cfg config.File, forScreen bool, keepLinesFrom, opened time.Time) (*stats.Collector, error) {
	overrides, err := diagnose.CompileOverrides(cfg.Overrides)
	if err != nil {
		return nil, err
	}
	statsConfig := stats.DefaultConfig()
	statsConfig.Overrides = overrides
	statsConfig.KeepLinesFrom = keepLinesFrom
	if forScreen {
		statsConfig.BucketsFrom = opened.Add(-bucketsBefore)
	}
	if !forScreen {
		statsConfig.SummaryOnly = true
		statsConfig.DiscardLines = true
		statsConfig.FinishedRetention = reportFinishedRetention
		statsConfig.MaxAttemptsPerRecipient = 2
	}
	return stats.New(statsConfig), nil
}

// reportFinishedRetention keeps a finished message long enough for the
// lines Postfix logs just after "removed" to find it.
const reportFinishedRetention = 5 * time.Minute

// bucketsBefore is how far before the dashboard opened a line still gets
// minute and hour buckets. The screen's windows end at its clock, which
// only moves forward. The longest window, 24h, counts whole hours 23 to 24
// hours back, so one more hour is a margin.
const bucketsBefore = 25 * time.Hour
