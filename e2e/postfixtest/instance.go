package postfixtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Config describes a private Postfix instance. The zero value is usable:
// every duration has a default suited to tests.
type Config struct {
	// Name makes the instance's paths unique: /etc/postfix-NAME,
	// /var/spool/postfix-NAME, /var/lib/postfix-NAME and
	// /var/log/postfix-NAME.log. Empty means "mailtop-e2e-" and random hex.
	Name string
	// Routes maps a recipient domain to a port on 127.0.0.1. Each becomes a
	// transport_maps entry "DOMAIN smtp:[127.0.0.1]:PORT": bracketed, so no
	// MX lookup happens. Mail to other domains is deferred by Postfix
	// because DNS is disabled.
	Routes map[string]int
	// MaximalQueueLifetime is how long a deferred message stays queued before
	// it is returned to the sender. Default 3 minutes.
	MaximalQueueLifetime time.Duration
	// BounceQueueLifetime is the same limit for notifications (null sender).
	// Default: MaximalQueueLifetime.
	BounceQueueLifetime time.Duration
	// MinimalBackoffTime and MaximalBackoffTime bound the wait between two
	// attempts of a deferred message: Postfix waits the message's age,
	// clamped to this range. MinimalBackoffTime is also how long qmgr treats
	// a failing destination as dead. Defaults 10 s and 20 s.
	MinimalBackoffTime time.Duration
	MaximalBackoffTime time.Duration
	// QueueRunDelay is how often qmgr scans the deferred queue. Default 10 s.
	QueueRunDelay time.Duration
	// Settings holds more main.cf parameters; they override the defaults.
	Settings map[string]string
}

// Instance is a private Postfix instance with its own configuration, queue,
// data directory and log file, run as root with postfix -c DIR. It never
// reads or writes /etc/postfix/main.cf or /var/spool/postfix; it reads the
// packaged master.cf template only.
//
// All its network services bind 127.0.0.1. Its smtpd listens on a free port
// (SMTPPort) instead of port 25.
type Instance struct {
	name      string
	configDir string
	queueDir  string
	dataDir   string
	logPath   string
	smtpdPort int
	cfg       Config

	mu        sync.Mutex
	started   bool
	submitted []string // queue IDs of messages submitted through this Instance
	sequence  int
}

// Message-IDs of submitted messages end in this domain, so the cleanup line
// that carries one is easy to find.
const messageIDDomain = "e2e.mailtop.test"

// New creates the instance's directories and configuration without starting
// it. Call Start next and Stop when done, or use StartInstance in a test.
func New(cfg Config) (*Instance, error) {
	if err := checkRequirements(); err != nil {
		return nil, err
	}
	name := cfg.Name
	if name == "" {
		name = "mailtop-e2e-" + randomHex(4)
	}
	if !regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`).MatchString(name) {
		return nil, fmt.Errorf("invalid instance name %q: use lowercase letters, digits and dashes", name)
	}
	applyDefaults(&cfg)

	port, err := RefusedPort()
	if err != nil {
		return nil, fmt.Errorf("pick a port for smtpd: %w", err)
	}
	in := &Instance{
		name:      name,
		configDir: "/etc/postfix-" + name,
		queueDir:  "/var/spool/postfix-" + name,
		dataDir:   "/var/lib/postfix-" + name,
		logPath:   "/var/log/postfix-" + name + ".log",
		smtpdPort: port,
		cfg:       cfg,
	}
	for _, dir := range []string{in.configDir, in.queueDir, in.dataDir} {
		if _, err := os.Stat(dir); err == nil {
			return nil, fmt.Errorf("create instance %q: %s already exists; remove it or pick another Config.Name", name, dir)
		}
	}
	if err := in.writeConfig(); err != nil {
		in.removeFiles()
		return nil, err
	}
	return in, nil
}

// StartInstance requires Postfix (see Require), creates and starts an
// instance, and stops it and removes its files when the test ends. When the
// test failed, the maillog is written to the test log first.
func StartInstance(t testing.TB, cfg Config) *Instance {
	t.Helper()
	Require(t)
	in, err := New(cfg)
	if err != nil {
		t.Fatalf("create Postfix instance: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			if data, err := os.ReadFile(in.logPath); err == nil {
				t.Logf("maillog %s of the failed test:\n%s", in.logPath, data)
			}
		}
		if err := in.Stop(); err != nil {
			t.Errorf("stop Postfix instance: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := in.Start(ctx); err != nil {
		t.Fatalf("start Postfix instance: %v", err)
	}
	return in
}

func applyDefaults(cfg *Config) {
	if cfg.MaximalQueueLifetime == 0 {
		cfg.MaximalQueueLifetime = 3 * time.Minute
	}
	if cfg.BounceQueueLifetime == 0 {
		cfg.BounceQueueLifetime = cfg.MaximalQueueLifetime
	}
	if cfg.MinimalBackoffTime == 0 {
		cfg.MinimalBackoffTime = 10 * time.Second
	}
	if cfg.MaximalBackoffTime == 0 {
		cfg.MaximalBackoffTime = max(20*time.Second, cfg.MinimalBackoffTime)
	}
	if cfg.QueueRunDelay == 0 {
		cfg.QueueRunDelay = 10 * time.Second
	}
}

func checkRequirements() error {
	if reason := UnmetRequirement(); reason != "" {
		return errors.New(reason)
	}
	return nil
}

// ConfigDir returns the instance's config_directory, the DIR of postfix -c DIR.
func (in *Instance) ConfigDir() string { return in.configDir }

// QueueDir returns the instance's queue_directory.
func (in *Instance) QueueDir() string { return in.queueDir }

// LogPath returns the instance's maillog_file.
func (in *Instance) LogPath() string { return in.logPath }

// SMTPPort returns the 127.0.0.1 port of the instance's smtpd.
func (in *Instance) SMTPPort() int { return in.smtpdPort }

// Name returns the instance name used in its paths.
func (in *Instance) Name() string { return in.name }

// seconds formats a duration as a Postfix time value in whole seconds.
func seconds(d time.Duration) string {
	return strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s"
}

func (in *Instance) mainCF() string {
	domains := make([]string, 0, len(in.cfg.Routes))
	for domain := range in.cfg.Routes {
		domains = append(domains, strings.ToLower(domain))
	}
	sort.Strings(domains)

	settings := map[string]string{
		"compatibility_level":                   "3.6",
		"config_directory":                      in.configDir,
		"queue_directory":                       in.queueDir,
		"data_directory":                        in.dataDir,
		"myhostname":                            "mx.example.com",
		"mydomain":                              "example.com",
		"myorigin":                              "$myhostname",
		"mydestination":                         "$myhostname, localhost",
		"inet_interfaces":                       "loopback-only",
		"inet_protocols":                        "ipv4",
		"mynetworks":                            "127.0.0.1/32",
		"maillog_file":                          in.logPath,
		"alias_maps":                            "texthash:" + filepath.Join(in.configDir, "aliases"),
		"alias_database":                        "",
		"transport_maps":                        "texthash:" + filepath.Join(in.configDir, "transport"),
		"relayhost":                             "",
		"smtp_dns_support_level":                "disabled",
		"smtp_host_lookup":                      "native",
		"queue_run_delay":                       seconds(in.cfg.QueueRunDelay),
		"minimal_backoff_time":                  seconds(in.cfg.MinimalBackoffTime),
		"maximal_backoff_time":                  seconds(in.cfg.MaximalBackoffTime),
		"maximal_queue_lifetime":                seconds(in.cfg.MaximalQueueLifetime),
		"bounce_queue_lifetime":                 seconds(in.cfg.BounceQueueLifetime),
		"smtp_connect_timeout":                  "5s",
		"smtp_helo_timeout":                     "5s",
		"smtp_tls_security_level":               "may",
		"smtp_tls_loglevel":                     "1",
		"fast_flush_domains":                    strings.Join(domains, ", "),
		"biff":                                  "no",
		"append_dot_mydomain":                   "no",
		"readme_directory":                      "no",
		"smtputf8_enable":                       "no",
		"default_destination_concurrency_limit": "5",
	}
	for k, v := range in.cfg.Settings {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var b strings.Builder
	b.WriteString("# Private Postfix instance for mailtop's end-to-end tests.\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, settings[k])
	}
	return b.String()
}

func (in *Instance) transportMap() string {
	domains := make([]string, 0, len(in.cfg.Routes))
	for domain := range in.cfg.Routes {
		domains = append(domains, domain)
	}
	sort.Strings(domains)
	var b strings.Builder
	for _, domain := range domains {
		fmt.Fprintf(&b, "%s smtp:[127.0.0.1]:%d\n", strings.ToLower(domain), in.cfg.Routes[domain])
	}
	return b.String()
}

// masterTemplates are the packaged master.cf copies, tried in order. The one
// under /etc/postfix is only read.
var masterTemplates = []string{"/usr/share/postfix/master.cf.dist", "/etc/postfix/master.cf.proto"}

func (in *Instance) writeConfig() error {
	var master []byte
	var err error
	for _, path := range masterTemplates {
		if master, err = os.ReadFile(path); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("read a master.cf template (%s): %w; reinstall the postfix package", strings.Join(masterTemplates, ", "), err)
	}
	for route, port := range in.cfg.Routes {
		if port <= 0 || port > 65535 {
			return fmt.Errorf("invalid port %d for route %q", port, route)
		}
	}

	if err := os.MkdirAll(in.configDir, 0o755); err != nil {
		return fmt.Errorf("create config directory: %w", err)
	}
	// postfix check creates the subdirectories with the right owners, but
	// the queue directory itself must exist or postfix fails silently.
	if err := os.MkdirAll(in.queueDir, 0o755); err != nil {
		return fmt.Errorf("create queue directory: %w", err)
	}
	files := map[string]string{
		"main.cf":   in.mainCF(),
		"master.cf": string(master),
		"transport": in.transportMap(),
		"aliases":   "postmaster root\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(in.configDir, name), []byte(content), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}

	edits := [][]string{
		{"-F", "*/*/chroot = n"},
		{"-F", "pickup/unix/wakeup = 5"},
		{"-MX", "smtp/inet"},
		{"-Me", fmt.Sprintf("127.0.0.1:%d/inet = 127.0.0.1:%d inet n - n - - smtpd", in.smtpdPort, in.smtpdPort)},
	}
	for _, edit := range edits {
		args := append([]string{"-c", in.configDir}, edit...)
		if _, _, err := in.run(context.Background(), nil, "postconf", args...); err != nil {
			return err
		}
	}
	return nil
}

// Start runs postfix check and postfix start. On failure the error contains
// the maillog, because Postfix 3.7 writes its start-up errors only there.
func (in *Instance) Start(ctx context.Context) error {
	for _, args := range [][]string{{"-c", in.configDir, "check"}, {"-c", in.configDir, "start"}} {
		if _, _, err := in.run(ctx, nil, "postfix", args...); err != nil {
			return fmt.Errorf("%w\nmaillog %s:\n%s", err, in.logPath, in.readLogForError())
		}
		if args[2] == "start" {
			in.mu.Lock()
			in.started = true
			in.mu.Unlock()
		}
	}
	return nil
}

// Stop runs postfix stop, waits for the master process to exit, and removes
// the configuration, queue, data directory and maillog.
func (in *Instance) Stop() error {
	in.mu.Lock()
	started := in.started
	in.started = false
	in.mu.Unlock()

	var errs []error
	if started {
		pid := in.masterPID()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, _, err := in.run(ctx, nil, "postfix", "-c", in.configDir, "stop"); err != nil {
			errs = append(errs, err)
		}
		cancel()
		if pid > 0 {
			if err := waitExit(pid, 15*time.Second); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := in.removeFiles(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (in *Instance) removeFiles() error {
	var errs []error
	for _, path := range []string{in.configDir, in.queueDir, in.dataDir, in.logPath} {
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (in *Instance) masterPID() int {
	data, err := os.ReadFile(filepath.Join(in.queueDir, "pid", "master.pid"))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return 0
	}
	return pid
}

// waitExit waits until the process pid is gone. It only signals 0, which
// tests for existence.
func waitExit(pid int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("postfix master pid %d still runs %v after postfix stop", pid, timeout)
}

func (in *Instance) readLogForError() string {
	data, err := os.ReadFile(in.logPath)
	if err != nil {
		return fmt.Sprintf("(unreadable: %v)", err)
	}
	return string(data)
}

// Env returns the environment for Postfix commands: the caller's, with TZ=UTC
// so that every daemon logs in UTC.
func Env() []string {
	env := []string{"TZ=UTC"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TZ=") {
			env = append(env, kv)
		}
	}
	return env
}

// run executes a Postfix command with argv, never through a shell, and
// returns its stdout and stderr.
func (in *Instance) run(ctx context.Context, stdin []byte, name string, args ...string) (string, string, error) {
	path, err := postfixCommand(name)
	if err != nil {
		return "", "", err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = Env()
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), stderr.String(), fmt.Errorf("%s %s: %w; stderr: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), stderr.String(), nil
}

// Postqueue runs postqueue -c DIR with args and returns its stdout.
func (in *Instance) Postqueue(ctx context.Context, args ...string) (string, error) {
	stdout, _, err := in.run(ctx, nil, "postqueue", append([]string{"-c", in.configDir}, args...)...)
	return stdout, err
}

// Postsuper runs postsuper -c DIR with args and returns its stderr, where
// postsuper reports what it did ("ID: requeued", "Requeued: 1 message").
// Its exit status is 0 even when no ID matched, so check that text.
func (in *Instance) Postsuper(ctx context.Context, args ...string) (string, error) {
	_, stderr, err := in.run(ctx, nil, "postsuper", append([]string{"-c", in.configDir}, args...)...)
	return stderr, err
}

// Postkick sends request to the public service of the instance with
// postkick -c DIR public SERVICE REQUEST, for example "pickup" and "W" to
// make pickup scan the maildrop queue now.
func (in *Instance) Postkick(ctx context.Context, service, request string) error {
	_, _, err := in.run(ctx, nil, "postkick", "-c", in.configDir, "public", service, request)
	return err
}

// Flush runs postqueue -f: every deferred message is tried at once.
func (in *Instance) Flush(ctx context.Context) error {
	_, err := in.Postqueue(ctx, "-f")
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random bytes: %v", err))
	}
	return hex.EncodeToString(b)
}

// NewStopped creates an instance and runs postfix check, which creates its
// queue directories with Postfix's owners and modes, but never starts it,
// as on a server where Postfix is stopped. Its files are removed when the
// test ends.
func NewStopped(t testing.TB, cfg Config) *Instance {
	t.Helper()
	Require(t)
	in, err := New(cfg)
	if err != nil {
		t.Fatalf("create Postfix instance: %v", err)
	}
	t.Cleanup(func() {
		if err := in.Stop(); err != nil {
			t.Errorf("remove Postfix instance: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, _, err := in.run(ctx, nil, "postfix", "-c", in.configDir, "check"); err != nil {
		t.Fatalf("postfix check: %v\nmaillog %s:\n%s", err, in.logPath, in.readLogForError())
	}
	return in
}

// CopyQueueFile copies the queue file src into queue (such as deferred or
// hold) under the short queue ID id, where Postfix 3.7 keeps it with the
// default hash_queue_names and hash_queue_depth: deferred/2/249A5BA093,
// hold/3F673BA09F. The file gets mode 0700, which marks it complete. With
// postfixOwned it belongs to the owner of the queue directory, the postfix
// user. Without, it belongs to root, as a copy made by root with cp does,
// and Postfix's own programs cannot read it. It returns the file's path.
func (in *Instance) CopyQueueFile(src, queue, id string, postfixOwned bool) (string, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}

	// postfix check created the queue directory. A hash subdirectory
	// gets its owner.
	info, err := os.Stat(filepath.Join(in.queueDir, queue))
	if err != nil {
		return "", fmt.Errorf("queue %s: %w", queue, err)
	}
	owner := info.Sys().(*syscall.Stat_t)
	dir := filepath.Join(in.queueDir, queue)
	if queue == "deferred" || queue == "defer" {
		dir = filepath.Join(dir, id[:1])
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.Chown(dir, int(owner.Uid), int(owner.Gid)); err != nil {
		return "", err
	}

	path := filepath.Join(dir, id)
	if err := os.WriteFile(path, data, 0o700); err != nil {
		return "", err
	}
	// WriteFile's mode is filtered by the umask.
	if err := os.Chmod(path, 0o700); err != nil {
		return "", err
	}
	if postfixOwned {
		if err := os.Chown(path, int(owner.Uid), int(owner.Gid)); err != nil {
			return "", err
		}
	}
	return path, nil
}
