package actions

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// FakeRunner is a Runner for tests. It records every call and returns canned
// replies in order. It runs nothing.
type FakeRunner struct {
	mu      sync.Mutex
	replies []FakeReply
	calls   []FakeCall
}

// FakeReply is the canned output of one call to a FakeRunner.
type FakeReply struct {
	Stdout string
	Stderr string
	// Err is returned as the runner's error, such as an exit status.
	Err error
}

// FakeCall is one recorded call to a FakeRunner.
type FakeCall struct {
	Argv  []string
	Stdin string
}

// NewFakeRunner returns a FakeRunner that returns replies to the calls in
// order.
func NewFakeRunner(replies ...FakeReply) *FakeRunner {
	return &FakeRunner{replies: replies}
}

// Run records argv and stdin and returns the next canned reply. A call with
// no reply left fails, so a test notices a command it did not expect.
func (f *FakeRunner) Run(ctx context.Context, argv []string, stdin []byte) (stdout, stderr []byte, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, FakeCall{Argv: slices.Clone(argv), Stdin: string(stdin)})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if len(f.replies) == 0 {
		return nil, nil, fmt.Errorf("fake runner: unexpected command %s", FormatArgv(argv))
	}
	reply := f.replies[0]
	f.replies = f.replies[1:]
	return []byte(reply.Stdout), []byte(reply.Stderr), reply.Err
}

// Calls returns a copy of the calls recorded so far.
func (f *FakeRunner) Calls() []FakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}
