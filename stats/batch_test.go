package stats

import (
	"bufio"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// parseCapturedLog returns the parsed lines of the captured Postfix 3.7 log
// and the lines themselves.
func parseCapturedLog(t *testing.T) ([]parsers.Event, [][]byte) {
	t.Helper()
	f, err := os.Open("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatalf("open the test log: %v", err)
	}
	defer f.Close()

	p := parsers.NewParser(parsers.Options{Year: 2026})
	var (
		events []parsers.Event
		lines  [][]byte
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := append([]byte(nil), sc.Bytes()...)
		var ev parsers.Event
		p.Parse(line, &ev)
		events = append(events, ev)
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the test log: %v", err)
	}
	return events, lines
}

// AddBatch over the captured log, in batches of uneven sizes, must leave the
// collector as Add line by line does.
func TestAddBatchMatchesAdd(t *testing.T) {
	events, lines := parseCapturedLog(t)

	single := New(Config{})
	for i := range events {
		single.Add(&events[i], lines[i])
	}
	batched := New(Config{})
	for start, size := 0, 1; start < len(events); start, size = start+size, size*2 {
		end := min(start+size, len(events))
		batched.AddBatch(events[start:end], lines[start:end])
	}
	batched.AddBatch(nil, nil)

	now := time.Date(2026, 12, 4, 20, 1, 0, 0, time.UTC)
	if got, want := batched.Snapshot(now), single.Snapshot(now); !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot after AddBatch differs from the one after Add:\n got %+v\nwant %+v", got.Totals, want.Totals)
	}
	for _, ev := range events {
		if ev.QueueID == nil {
			continue
		}
		id := string(ev.QueueID)
		got, _ := batched.Message(id)
		want, _ := single.Message(id)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("message %s after AddBatch differs from the one after Add", id)
		}
	}
}

func TestAddBatchPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AddBatch with 1 event and 0 lines did not panic")
		}
	}()
	New(Config{}).AddBatch(make([]parsers.Event, 1), nil)
}

// DiscardLines must change nothing but the kept lines.
func TestDiscardLinesKeepsCounts(t *testing.T) {
	events, lines := parseCapturedLog(t)
	kept := New(Config{})
	kept.AddBatch(events, lines)
	discarded := New(Config{DiscardLines: true})
	discarded.AddBatch(events, lines)

	now := time.Date(2026, 12, 4, 20, 1, 0, 0, time.UTC)
	if got, want := discarded.Snapshot(now), kept.Snapshot(now); !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot with DiscardLines differs:\n got %+v\nwant %+v", got.Totals, want.Totals)
	}
	messages := 0
	for _, ev := range events {
		if ev.QueueID == nil {
			continue
		}
		id := string(ev.QueueID)
		got, ok := discarded.Message(id)
		want, _ := kept.Message(id)
		if !ok {
			continue
		}
		messages++
		if len(got.Lines) != 0 || got.LinesDropped != 0 {
			t.Fatalf("message %s kept %d lines and dropped %d with DiscardLines", id, len(got.Lines), got.LinesDropped)
		}
		want.Lines, want.LinesDropped = nil, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("message %s with DiscardLines differs beyond its lines", id)
		}
	}
	if messages == 0 {
		t.Fatal("no message of the log was tracked")
	}
}
