package sources

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fakeRunner returns canned output for each joined argv in its table and
// records every call.
type fakeRunner struct {
	replies map[string]fakeReply
	calls   []string
}

type fakeReply struct {
	stdout, stderr string
	err            error
}

func (r *fakeRunner) Run(_ context.Context, argv []string) ([]byte, []byte, error) {
	key := strings.Join(argv, " ")
	r.calls = append(r.calls, key)
	reply, ok := r.replies[key]
	if !ok {
		return nil, nil, fmt.Errorf("exec: %q: executable file not found in $PATH", argv[0])
	}
	return []byte(reply.stdout), []byte(reply.stderr), reply.err
}

const postmultiTwo = `-               -               y         /etc/postfix
postfix-out     mta             y         /etc/postfix-out
`

func TestFindInstanceDefault(t *testing.T) {
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -h queue_directory maillog_file config_directory": {stdout: "/var/spool/postfix\n\n/etc/postfix\n"},
		"postmulti -l": {stdout: postmultiTwo},
	}}

	inst, err := FindInstance(context.Background(), run, "")

	if err != nil {
		t.Fatal(err)
	}
	want := Instance{
		ConfigDir: "/etc/postfix",
		QueueDir:  "/var/spool/postfix",
		Name:      "-",
		Others:    []ListedInstance{{Name: "postfix-out", Group: "mta", Enabled: true, ConfigDir: "/etc/postfix-out"}},
	}
	if fmt.Sprint(inst) != fmt.Sprint(want) {
		t.Errorf("instance = %+v, want %+v", inst, want)
	}
}

func TestFindInstanceConfigDir(t *testing.T) {
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -c /etc/postfix-out -h queue_directory maillog_file config_directory": {
			stdout: "/var/spool/postfix-out\n/var/log/postfix-out.log\n/etc/postfix-out\n",
		},
		"postmulti -l": {stdout: postmultiTwo},
	}}

	inst, err := FindInstance(context.Background(), run, "/etc/postfix-out")

	if err != nil {
		t.Fatal(err)
	}
	if inst.Name != "postfix-out" || inst.MaillogFile != "/var/log/postfix-out.log" || inst.QueueDir != "/var/spool/postfix-out" {
		t.Errorf("instance = %+v", inst)
	}
	if len(inst.Others) != 1 || inst.Others[0].Name != "-" {
		t.Errorf("Others = %+v, want the default instance", inst.Others)
	}
	wantCalls := []string{
		"postconf -c /etc/postfix-out -h queue_directory maillog_file config_directory",
		"postmulti -l",
	}
	if !slices.Equal(run.calls, wantCalls) {
		t.Errorf("calls = %q, want %q", run.calls, wantCalls)
	}
}

func TestFindInstanceWithoutPostmulti(t *testing.T) {
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -h queue_directory maillog_file config_directory": {stdout: "/var/spool/postfix\n\n/etc/postfix\n"},
		"postmulti -l": {stderr: "postmulti: fatal: no instances", err: errors.New("exit status 1")},
	}}

	inst, err := FindInstance(context.Background(), run, "")

	if err != nil {
		t.Fatal(err)
	}
	if inst.Name != "" || inst.Others != nil || inst.QueueDir != "/var/spool/postfix" {
		t.Errorf("instance = %+v, want no name and no others", inst)
	}
}

func TestFindInstancePostconfFails(t *testing.T) {
	// The directory has a main.cf, but postconf still fails on it.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.cf"), []byte("queue_directory = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -c " + dir + " -h queue_directory maillog_file config_directory": {
			stderr: "postconf: fatal: open " + dir + "/main.cf: Permission denied\n",
			err:    errors.New("exit status 1"),
		},
	}}

	_, err := FindInstance(context.Background(), run, dir)

	if !errors.Is(err, ErrNoPostfix) {
		t.Fatalf("error = %v, want one that wraps ErrNoPostfix", err)
	}
	for _, want := range []string{dir, "open " + dir + "/main.cf", "leave out -c"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// -c was given, and --log does not help to find an instance.
	for _, unwanted := range []string{"--log", "pick an instance"} {
		if strings.Contains(err.Error(), unwanted) {
			t.Errorf("error %q mentions %q", err, unwanted)
		}
	}
}

// A -c DIR without a main.cf names the directory below it that has one,
// such as the etc of a private instance given by its parent.
func TestFindInstanceMainCFMissing(t *testing.T) {
	parent := t.TempDir()
	if err := os.Mkdir(filepath.Join(parent, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "etc", "main.cf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	failing := fakeReply{stderr: "postconf: fatal: open DIR/main.cf: No such file or directory\n", err: errors.New("exit status 1")}
	cases := []struct {
		name, dir, want string
	}{
		{"parent of etc", parent, "-c " + parent + " has no main.cf, but " + parent + "/etc has one: pass -c " + parent + "/etc"},
		{"no main.cf below", empty, "-c " + empty + " has no main.cf: pass the directory that holds the instance's main.cf"},
		{"missing directory", "/nonexistent-postfix", "-c /nonexistent-postfix has no main.cf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := &fakeRunner{replies: map[string]fakeReply{
				"postconf -c " + c.dir + " -h queue_directory maillog_file config_directory": failing,
			}}
			_, err := FindInstanceDirs(context.Background(), run, c.dir)
			if !errors.Is(err, ErrNoPostfix) {
				t.Fatalf("error = %v, want one that wraps ErrNoPostfix", err)
			}
			var missing *MainCFMissingError
			if !errors.As(err, &missing) {
				t.Fatalf("error = %v, want a *MainCFMissingError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestFindInstanceDefaultFails(t *testing.T) {
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -h queue_directory maillog_file config_directory": {
			stderr: "postconf: fatal: open /etc/postfix/main.cf: No such file or directory\n",
			err:    errors.New("exit status 1"),
		},
	}}

	_, err := FindInstanceDirs(context.Background(), run, "")

	if !errors.Is(err, ErrNoPostfix) {
		t.Fatalf("error = %v, want one that wraps ErrNoPostfix", err)
	}
	if !strings.Contains(err.Error(), "pick an instance with -c DIR") {
		t.Errorf("error %q does not suggest -c DIR", err)
	}
	if strings.Contains(err.Error(), "--log") {
		t.Errorf("error %q suggests --log, which does not help to find an instance", err)
	}
}

func TestFindInstancePostconfMissing(t *testing.T) {
	_, err := FindInstance(context.Background(), &fakeRunner{}, "")

	if !errors.Is(err, ErrNoPostfix) || !strings.Contains(err.Error(), "not found") {
		t.Errorf("error = %v, want ErrNoPostfix with the exec error", err)
	}
}

func TestFindInstanceShortOutput(t *testing.T) {
	run := &fakeRunner{replies: map[string]fakeReply{
		"postconf -h queue_directory maillog_file config_directory": {stdout: "/var/spool/postfix\n"},
	}}

	_, err := FindInstance(context.Background(), run, "")

	if !errors.Is(err, ErrNoPostfix) {
		t.Errorf("error = %v, want ErrNoPostfix for output of one line", err)
	}
}

func TestFindInstanceRealPostconf(t *testing.T) {
	if _, err := exec.LookPath("postconf"); err != nil {
		t.Skip("postconf is not installed")
	}
	dir := t.TempDir()
	mainCF := "queue_directory = /var/spool/postfix-mailtop-test\nmaillog_file = /var/log/postfix-mailtop-test.log\n"
	if err := os.WriteFile(filepath.Join(dir, "main.cf"), []byte(mainCF), 0o644); err != nil {
		t.Fatal(err)
	}

	inst, err := FindInstance(context.Background(), ExecRunner{}, dir)

	if err != nil {
		t.Fatal(err)
	}
	if inst.ConfigDir != dir || inst.QueueDir != "/var/spool/postfix-mailtop-test" || inst.MaillogFile != "/var/log/postfix-mailtop-test.log" {
		t.Errorf("instance = %+v", inst)
	}
}

func TestParsePostmultiList(t *testing.T) {
	output := []byte(postmultiTwo + "postfix-off     -               n         /etc/postfix-off\nnot a listing line\n\n")

	got := parsePostmultiList(output)

	want := []ListedInstance{
		{Name: "-", Group: "-", Enabled: true, ConfigDir: "/etc/postfix"},
		{Name: "postfix-out", Group: "mta", Enabled: true, ConfigDir: "/etc/postfix-out"},
		{Name: "postfix-off", Group: "-", Enabled: false, ConfigDir: "/etc/postfix-off"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parsePostmultiList = %+v, want %+v", got, want)
	}
}

func TestLogPathsFlagWins(t *testing.T) {
	got, err := logPaths(Instance{MaillogFile: "/var/log/postfix.log"}, []string{"a.log", "-"}, nil)

	if err != nil || !slices.Equal(got, []string{"a.log", "-"}) {
		t.Errorf("logPaths = %q, %v; want the --log paths", got, err)
	}
}

func TestLogPathsOrder(t *testing.T) {
	dir := t.TempDir()
	maillog := filepath.Join(dir, "postfix.log")
	mailLog := filepath.Join(dir, "mail.log")
	maillogBSD := filepath.Join(dir, "maillog")
	missing := filepath.Join(dir, "missing.log")
	for _, path := range []string{maillog, mailLog, maillogBSD} {
		writeFile(t, path, "x\n", testTime)
	}

	tests := []struct {
		name      string
		inst      Instance
		fallbacks []string
		want      string
	}{
		{"maillog_file first", Instance{MaillogFile: maillog}, []string{mailLog, maillogBSD}, maillog},
		{"mail.log without maillog_file", Instance{}, []string{mailLog, maillogBSD}, mailLog},
		{"unreadable maillog_file", Instance{MaillogFile: missing}, []string{mailLog, maillogBSD}, mailLog},
		{"maillog last", Instance{MaillogFile: "/dev/stdout"}, []string{missing, maillogBSD}, maillogBSD},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, err := logPaths(test.inst, nil, test.fallbacks)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, []string{test.want}) {
				t.Errorf("logPaths = %q, want %q", got, test.want)
			}
		})
	}
}

func TestLogPathsNoneReadable(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "mail.log")

	_, err := logPaths(Instance{MaillogFile: "/dev/stdout"}, nil, []string{missing, dir})

	if !errors.Is(err, ErrNoLog) {
		t.Fatalf("error = %v, want one that wraps ErrNoLog", err)
	}
	for _, want := range []string{"/dev/stdout (a device, not a file)", missing + " (no such file or directory)", dir + " (not a regular file)", "--log PATH"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestLogPathsUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files with mode 000")
	}
	path := filepath.Join(t.TempDir(), "mail.log")
	writeFile(t, path, "x\n", testTime)
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}

	_, err := logPaths(Instance{}, nil, []string{path})

	if !errors.Is(err, ErrNoLog) || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("error = %v, want ErrNoLog naming permission denied", err)
	}
}
