package main

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/demo"
)

// The demo feed pauses its replay while the dashboard has a confirmation
// open.
func TestDemoFeedPausesReplay(t *testing.T) {
	clock := &settableClock{now: time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)}
	replay, err := demo.New(demo.Options{Location: time.UTC, Preload: demoPreload, Clock: clock})
	if err != nil {
		t.Fatalf("start the demo: %v", err)
	}
	defer replay.Close()
	in := demoFeed(replay, 0)
	if in.pause == nil {
		t.Fatal("the demo feed has no pause")
	}

	in.pause(true)
	stopped := replay.Now()
	clock.now = clock.now.Add(time.Minute)
	if !replay.Now().Equal(stopped) {
		t.Errorf("the replay moved from %v to %v while paused", stopped, replay.Now())
	}
	in.pause(false)
	clock.now = clock.now.Add(time.Second)
	if got := replay.Now().Sub(stopped); got != demo.DefaultSpeed*time.Second {
		t.Errorf("the replay moved %s in 1s after the pause, want %ds", got, demo.DefaultSpeed)
	}
}
