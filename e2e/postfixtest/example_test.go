package postfixtest_test

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// An instance with deferred docomo.ne.jp mail, for a test of mailtop on a
// live queue. In a test, StartSink and StartInstance do the same and clean
// up through t.Cleanup; Require skips the test without root or Postfix.
func Example() {
	sink := postfixtest.NewSink()
	defer sink.Close()
	docomo, err := sink.ListenSMTP("docomo")
	if err != nil {
		log.Fatal(err)
	}
	in, err := postfixtest.New(postfixtest.Config{
		Routes: map[string]int{"docomo.ne.jp": docomo, "shop.example": docomo},
		// Long enough that the deferred mail stays for the whole test.
		MaximalQueueLifetime: 10 * time.Minute,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer in.Stop()
	ctx := context.Background()
	if err := in.Start(ctx); err != nil {
		log.Fatal(err)
	}

	// tempfail* gets 450 at RCPT on every attempt, so these stay deferred.
	for _, rcpt := range []string{"tempfail1@docomo.ne.jp", "tempfail2@docomo.ne.jp", "ok1@docomo.ne.jp"} {
		if _, err := in.Submit("shop@shop.example", []string{rcpt}, "発送のお知らせ", "body\n"); err != nil {
			log.Fatal(err)
		}
	}
	// Wait until only the deferred ones are left: the ok1 message is removed.
	waitCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	submitted := in.Submitted()
	if err := in.WaitSettled(waitCtx, submitted[0], submitted[1]); err != nil {
		log.Fatal(err)
	}

	// mailtop finds the queue and the log through postconf -c DIR.
	cmd := exec.Command("mailtop", "-c", in.ConfigDir())
	cmd.Env = postfixtest.Env()
	fmt.Println(cmd.Args[1:])
}
