package main

import (
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// newCollector returns a collector that classifies failures with the
// config file's override rules first. keepLines keeps each message's raw
// log lines, which the dashboard shows and a one-shot report does not need.
func newCollector(cfg config.File, keepLines bool) (*stats.Collector, error) {
	overrides, err := diagnose.CompileOverrides(cfg.Overrides)
	if err != nil {
		return nil, err
	}
	statsConfig := stats.DefaultConfig()
	statsConfig.Overrides = overrides
	statsConfig.DiscardLines = !keepLines
	return stats.New(statsConfig), nil
}
