package stats

import (
	"bufio"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// AddBatch over the captured log, in batches of uneven sizes, must leave the
// collector as Add line by line does.
func TestAddBatchMatchesAdd(t *testing.T) {
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

	one := New(Config{})
	for i := range events {
		one.Add(&events[i], lines[i])
	}
	batched := New(Config{})
	for start, size := 0, 1; start < len(events); start, size = start+size, size*2 {
		end := min(start+size, len(events))
		batched.AddBatch(events[start:end], lines[start:end])
	}
	batched.AddBatch(nil, nil)

	now := time.Date(2026, 12, 4, 20, 1, 0, 0, time.UTC)
	if got, want := batched.Snapshot(now), one.Snapshot(now); !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot after AddBatch differs from the one after Add:\n got %+v\nwant %+v", got.Totals, want.Totals)
	}
	for _, ev := range events {
		if ev.QueueID == nil {
			continue
		}
		id := string(ev.QueueID)
		got, _ := batched.Message(id)
		want, _ := one.Message(id)
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
