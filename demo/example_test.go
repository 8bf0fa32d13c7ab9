package demo_test

import (
	"context"
	"fmt"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/demo"
)

// The demo mode reads lines from a Replay, computes its time windows from
// replay.Now, and runs actions through a Simulated controller whose results
// show up in the replayed log.
func Example() {
	recorded := "Dec 04 08:00:00 mx postfix/qmgr[1]: 7E996BE094: from=<shop@example.com>, size=365, nrcpt=1 (queue active)\n" +
		"Dec 04 08:00:01 mx postfix/smtp[2]: 7E996BE094: to=<a@docomo.ne.jp>, relay=mx.docomo.ne.jp[1.2.3.4]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.2.0, status=deferred (450 try later)\n"
	replay, err := demo.New(demo.Options{Recording: []byte(recorded), Year: 2026, Location: time.UTC})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer replay.Close()
	controller := &actions.Simulated{OnAction: replay.InjectAction}

	// The first hour of the recording arrives at once.
	lines, _ := replay.Next(context.Background())
	fmt.Println(len(lines), "lines, clock at", replay.Now().Format("15:04"))

	res, _ := controller.Hold(context.Background(), "7E996BE094", "shop@example.com", time.Time{})
	fmt.Println(res.Output)
	lines, _ = replay.Next(context.Background())
	for _, line := range lines {
		fmt.Println(string(line.Text[len("Dec 04 09:00:00 mx "):]))
	}
	// Output:
	// 2 lines, clock at 09:00
	// simulated: would run postsuper -h - with 7E996BE094 on stdin
	// postfix/postsuper[90001]: 7E996BE094: placed on hold
	// postfix/postsuper[90001]: Placed on hold: 1 message
}
