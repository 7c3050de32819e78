// Package sandbox runs moto_server, the AWS emulator, on loopback: the CLI's
// --sandbox mode builds a whole mission with it so that a newcomer needs no AWS
// account, and every integration test gets a private AWS from it.
package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNotInstalled reports that moto_server is not on PATH.
var ErrNotInstalled = errors.New("sandbox: moto_server (the AWS emulator) is not on PATH; install it with: pip install 'moto[server]'")

const (
	binary  = "moto_server"
	logFile = "moto.log"

	// healthPath is moto's configuration endpoint: it answers as soon as the
	// server is up, its reply is a small JSON object whatever the emulator
	// holds (unlike /moto-api/data.json, which serialises every model and
	// grows with the stack), and nothing else answers it that way. moto 5
	// answers it with 201, not 200.
	healthPath = "/moto-api/config"

	// moto needs about a second to import itself; a loaded machine running
	// many test packages at once can take much longer.
	readyTimeout = 30 * time.Second
	pollInterval = 50 * time.Millisecond
	// bindAttempts bounds the retries when another process takes the port
	// between freePort closing it and moto binding it.
	bindAttempts = 5
	tailBytes    = 4096
)

// Emulator is a running moto_server.
type Emulator struct {
	Endpoint string // http://127.0.0.1:PORT
	Port     int
	PID      int

	// exited is closed once this process has reaped the emulator; it is nil
	// for an emulator adopted from emulator.json, which is not our child.
	exited   chan struct{}
	stopOnce sync.Once
	stopErr  error
}

// Options configures Start and EnsureDetached.
type Options struct {
	// Dir receives the AMI catalogue, moto.log and, for a detached emulator,
	// emulator.json. It is created with mode 0700 if missing. Required.
	Dir string
	// Env is added to this process's environment for moto_server; it may
	// override MOTO_AMIS_PATH.
	Env []string
}

// errPortTaken marks a start that lost the race for its port, the one failure
// worth retrying on another port.
var errPortTaken = errors.New("port already in use")

// Start starts moto_server as a child of this process on a free loopback port
// and returns once it answers. ctx bounds the wait, not the emulator's life:
// call Stop. The child is killed if this process dies first (on Linux).
func Start(ctx context.Context, opts Options) (*Emulator, error) {
	return start(ctx, opts, false)
}

func start(ctx context.Context, opts Options, detached bool) (*Emulator, error) {
	if opts.Dir == "" {
		return nil, errors.New("sandbox: Options.Dir is required")
	}
	path, err := exec.LookPath(binary)
	if err != nil {
		return nil, ErrNotInstalled
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	amis, err := writeCatalogue(opts.Dir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()

	var lastErr error
	for range bindAttempts {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		e, err := launch(ctx, path, port, amis, opts, detached)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, errPortTaken) {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

func launch(ctx context.Context, path string, port int, amis string, opts Options, detached bool) (*Emulator, error) {
	logPath := filepath.Join(opts.Dir, logFile)
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	// Remember where this run's output starts, so that an error quotes this
	// run and not an earlier one appended to the same log.
	offset, err := logf.Seek(0, io.SeekEnd)
	if err != nil {
		logf.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	fmt.Fprintf(logf, "--- infrawiz sandbox: moto_server on 127.0.0.1:%d at %s\n", port, time.Now().UTC().Format(time.RFC3339))

	// Not CommandContext: a detached emulator must outlive this command.
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port)) //nolint:noctx // see above
	cmd.Env = append(os.Environ(), "MOTO_AMIS_PATH="+amis, "PYTHONUNBUFFERED=1")
	cmd.Env = append(cmd.Env, opts.Env...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	if detached {
		cmd.SysProcAttr = detachedAttr()
	} else {
		cmd.SysProcAttr = childAttr()
	}
	err = cmd.Start()
	logf.Close() // the child holds its own descriptor
	if err != nil {
		return nil, fmt.Errorf("sandbox: starting %s: %w", path, err)
	}

	e := &Emulator{
		Endpoint: endpointFor(port),
		Port:     port,
		PID:      cmd.Process.Pid,
		exited:   make(chan struct{}),
	}
	// Reaping in the background lets the readiness loop notice an early exit
	// and keeps a detached emulator that dies while we run from lingering as
	// a zombie.
	go func() {
		_ = cmd.Wait()
		close(e.exited)
	}()

	if err := waitReady(ctx, e); err != nil {
		killGroup(e.PID)
		<-e.exited
		tail := readTail(logPath, offset)
		if strings.Contains(tail, "Address already in use") || strings.Contains(tail, "is in use by another program") {
			return nil, fmt.Errorf("sandbox: moto_server on port %d: %w", port, errPortTaken)
		}
		return nil, fmt.Errorf("sandbox: moto_server did not start: %w\n--- %s (tail) ---\n%s", err, logPath, tail)
	}
	return e, nil
}

func waitReady(ctx context.Context, e *Emulator) error {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-e.exited:
			return errors.New("moto_server exited before answering")
		default:
		}
		err := probe(ctx, e.Endpoint)
		if err == nil {
			// Another server may have answered on this port while ours was
			// still failing to bind it; ours must still be alive.
			select {
			case <-e.exited:
				return errors.New("moto_server exited before answering")
			default:
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no answer from %s%s: %w (last error: %w)", e.Endpoint, healthPath, ctx.Err(), err)
		case <-e.exited:
			return errors.New("moto_server exited before answering")
		case <-tick.C:
		}
	}
}

// healthClient ignores HTTP_PROXY and friends: the emulator is on loopback.
var healthClient = &http.Client{
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	Timeout:   2 * time.Second,
}

// probe reports whether endpoint is a moto server that answers.
func probe(ctx context.Context, endpoint string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+healthPath, nil)
	if err != nil {
		return err
	}
	resp, err := healthClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s%s: HTTP %d", endpoint, healthPath, resp.StatusCode)
	}
	var cfg map[string]any
	if err := json.Unmarshal(body, &cfg); err != nil || cfg == nil {
		return fmt.Errorf("%s%s: not a moto server (reply is not a JSON object)", endpoint, healthPath)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0") //nolint:noctx // a local listen that cannot block
	if err != nil {
		return 0, fmt.Errorf("sandbox: finding a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("sandbox: finding a free port: %w", err)
	}
	return port, nil
}

func endpointFor(port int) string {
	return "http://127.0.0.1:" + strconv.Itoa(port)
}

func readTail(path string, from int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size()-from > tailBytes {
		from = fi.Size() - tailBytes
	}
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, tailBytes))
	return string(bytes.TrimSpace(b))
}

// Stop kills the emulator and waits for it to go. It is idempotent and safe
// on a nil *Emulator. On an emulator adopted by EnsureDetached it stops that
// process too but leaves emulator.json to StopDetached.
func (e *Emulator) Stop() error {
	if e == nil {
		return nil
	}
	e.stopOnce.Do(func() {
		if e.exited != nil {
			killGroup(e.PID)
			<-e.exited
			return
		}
		e.stopErr = stopForeign(e.PID, e.Port)
	})
	return e.stopErr
}

// Environ is the environment that points the AWS SDK, and so the infrawiz
// binary, at the emulator: moto accepts any credentials, but the SDK refuses
// to sign without some, and must not wait for an instance metadata service.
func (e *Emulator) Environ() []string {
	return []string{
		"AWS_ENDPOINT_URL=" + e.Endpoint,
		"AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}
