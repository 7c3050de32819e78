package check

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/hostkeys"
	"github.com/infrawiz/infrawiz/internal/reach"
)

type runner struct {
	in     Input
	store  *hostkeys.Store
	signer ssh.Signer

	mu         sync.Mutex
	results    []Result
	pending    []Result // not yet given to OnResult
	wake       chan struct{}
	consoles   map[string]hostkeys.Console // by role
	consoleErr map[string]error            // by role: why there is no console
}

// Run performs the check. The error is only for input that cannot be
// checked at all; every failure of the network or a server is a Result with
// a Problem. It returns when every probe has finished or ctx is done, and
// never later than in.Timeout.
func Run(ctx context.Context, in Input) (Report, error) {
	in = in.withDefaults()
	if err := in.validate(); err != nil {
		return Report{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, in.Timeout)
	defer cancel()
	r := &runner{
		in: in, store: hostkeys.Open(in.KnownHosts), consoles: map[string]hostkeys.Console{}, consoleErr: map[string]error{},
		wake: make(chan struct{}, 1),
	}
	finished, delivered := make(chan struct{}), make(chan struct{})
	go r.deliver(finished, delivered)

	// Every instance's state is reported up front, so a stopped server is
	// named even when the bastion cannot be reached.
	for _, h := range []Host{in.Bastion, in.Web, in.DB} {
		r.state(h)
	}
	var wg sync.WaitGroup
	// 8080 needs neither the key nor the bastion.
	wg.Go(func() { r.webPort(ctx) })
	if r.key() {
		r.readConsoles(ctx)
		wg.Go(func() { r.bastion(ctx) })
	} else {
		for _, h := range []Host{in.Bastion, in.Web, in.DB} {
			r.skip(h.Role, catalog.Msg("check.skip.needkey"), ProbeTCP, ProbeSSH)
		}
		r.skip(RoleBastion, catalog.Msg("check.skip.needkey"), ProbeTMOUT, ProbeAudit)
		r.skip(RoleWeb, catalog.Msg("check.skip.needkey"), ProbePing)
		r.skip(RoleDB, catalog.Msg("check.skip.needkey"), ProbePing, ProbeDBPort)
	}
	wg.Wait()
	close(finished)
	select {
	case <-delivered:
	case <-ctx.Done():
	}

	rep := Report{Results: r.sorted(), CannotSee: slices.Clone(CannotSee), Unseen: slices.Clone(Unseen)}
	return rep, nil
}

func (r *runner) add(res Result) {
	r.mu.Lock()
	r.results = append(r.results, res)
	r.pending = append(r.pending, res)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// deliver hands results to OnResult in order, one at a time, on its own
// goroutine: a slow screen never holds up a probe, and a callback that
// blocks for good cannot keep Run from returning at its timeout.
func (r *runner) deliver(finished <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		r.mu.Lock()
		batch := r.pending
		r.pending = nil
		r.mu.Unlock()
		for _, x := range batch {
			if r.in.OnResult != nil {
				r.in.OnResult(x)
			}
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-r.wake:
		case <-finished:
			r.mu.Lock()
			left := len(r.pending)
			r.mu.Unlock()
			if left == 0 {
				return
			}
		}
	}
}

func (r *runner) skip(host string, why catalog.Message, probes ...Probe) {
	for _, p := range probes {
		res := Result{Host: host, Probe: p, Status: Skipped}
		res.said(why)
		r.add(res)
	}
}

var (
	hostOrder  = map[string]int{RoleBastion: 0, RoleWeb: 1, RoleDB: 2}
	probeOrder = map[Probe]int{ProbeKey: 0, ProbeState: 1, ProbeTCP: 2, ProbeSSH: 3, ProbeTMOUT: 4, ProbeAudit: 5, ProbePing: 6, ProbeWebPort: 7, ProbeDBPort: 8}
)

func (r *runner) sorted() []Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.results)
	slices.SortStableFunc(out, func(a, b Result) int {
		if d := hostOrder[a.Host] - hostOrder[b.Host]; d != 0 {
			return d
		}
		return probeOrder[a.Probe] - probeOrder[b.Probe]
	})
	return out
}

func (r *runner) key() bool {
	s, err := loadKey(r.in.KeyFile)
	res := Result{Host: RoleBastion, Probe: ProbeKey, Target: r.in.KeyFile}
	if err != nil {
		res.Status = Failed
		var me *KeyModeError
		if errors.As(err, &me) {
			res.Problem = problem(KindKeyPermissions, "", me)
		} else {
			res.Problem = problem(KindKeyFile, "", said(err))
		}
		r.add(res)
		return false
	}
	r.signer = s
	res.Status, res.Detail = OK, s.PublicKey().Type()+" "+ssh.FingerprintSHA256(s.PublicKey())
	r.add(res)
	return true
}

// readConsoles fetches and parses every console at once and pins the keys
// they print before any connection is made.
func (r *runner) readConsoles(ctx context.Context) {
	if r.in.Console == nil {
		return
	}
	var wg sync.WaitGroup
	for _, h := range []Host{r.in.Bastion, r.in.Web, r.in.DB} {
		if h.InstanceID == "" {
			continue
		}
		wg.Go(func() {
			c, err := pollConsole(ctx, h.InstanceID, r.in.Console, r.in.CommandTimeout, r.in.ConsoleWait, r.in.ConsoleEvery,
				func(since time.Duration) {
					if r.in.OnWait != nil {
						m := catalog.Msg("check.wait.console", h.label())
						r.in.OnWait(Wait{Host: h.Role, Since: since, Text: m.String(), Msg: m})
					}
				})
			if err != nil {
				// Without the console the key is trusted on first use; the
				// SSH result says so, and why.
				r.mu.Lock()
				r.consoleErr[h.Role] = err
				r.mu.Unlock()
				return
			}
			r.mu.Lock()
			r.consoles[h.Role] = c
			r.mu.Unlock()
			_, _ = r.store.Pin(r.hostKeyHost(h))
		})
	}
	wg.Wait()
}

// pollConsole reads an instance's console until it holds host keys, for
// at most wait, every every, each read bounded by per; waiting reports the
// time waited before each read again. A console that never prints them
// returns what it said (empty: the key is then trusted on first use). An
// error of the read ends the poll: the console cannot be had at all.
func pollConsole(ctx context.Context, id string, read func(context.Context, string) (string, error),
	per, wait, every time.Duration, waiting func(time.Duration),
) (hostkeys.Console, error) {
	start := time.Now()
	for {
		cctx, cancel := context.WithTimeout(ctx, per)
		type reply struct {
			text string
			err  error
		}
		ch := make(chan reply, 1)
		go func() {
			text, err := read(cctx, id)
			ch <- reply{text, err}
		}()
		var rep reply
		select {
		case rep = <-ch:
		case <-cctx.Done():
			rep.err = cctx.Err()
		}
		cancel()
		if rep.err != nil {
			return hostkeys.Console{}, rep.err
		}
		c := hostkeys.ParseConsole(rep.text)
		if !c.Empty() || time.Since(start)+every > wait {
			return c, nil
		}
		waiting(time.Since(start))
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return c, nil
		case <-t.C:
		}
	}
}

// sshAddr is where a host's sshd is dialled: the bastion by its public IP
// from here, the others by their private IPs from the bastion.
func (r *runner) sshAddr(h Host) string {
	ip := h.PrivateIP
	if h.Role == RoleBastion {
		ip = h.PublicIP
	}
	return net.JoinHostPort(ip, strconv.Itoa(r.in.Ports.SSH))
}

func (r *runner) hostKeyHost(h Host) hostkeys.Host {
	r.mu.Lock()
	c := r.consoles[h.Role]
	r.mu.Unlock()
	return hostkeys.Host{Addr: r.sshAddr(h), InstanceID: h.InstanceID, Console: c}
}

// running is false when describe says the instance is not running ("" is
// unknown: try it).
func running(h Host) bool { return h.State == "" || h.State == "running" }

// state reports the instance's state.
func (r *runner) state(h Host) {
	if h.State == "" {
		return
	}
	if !running(h) {
		r.add(Result{Host: h.Role, Probe: ProbeState, Target: h.InstanceID, Status: Failed, Detail: h.State, Problem: notRunning(h)})
		return
	}
	r.add(Result{Host: h.Role, Probe: ProbeState, Target: h.InstanceID, Status: OK, Detail: h.State})
}

func (r *runner) webPort(ctx context.Context) {
	h := r.in.Web
	res := Result{Host: RoleWeb, Probe: ProbeWebPort}
	switch {
	case !running(h):
		res.Status = Skipped
		res.said(catalog.Msg("check.skip.is", RoleWeb, h.State))
		r.add(res)
		return
	case h.PublicIP == "":
		res.Status = Failed
		res.Problem = problem(KindNoAddress, reach.InternetToWeb8080, catalog.Msg("check.why.web.nopublic", r.in.Ports.Web))
		r.add(res)
		return
	}
	res.Target = net.JoinHostPort(h.PublicIP, strconv.Itoa(r.in.Ports.Web))
	var d net.Dialer
	r.port(ctx, &res, d.DialContext, res.Target, r.in.Ports.Web, reach.InternetToWeb8080,
		catalog.Msg("check.detail.open.here"), catalog.Msg("check.what.webport", r.in.Ports.Web))
	r.add(res)
}

// port dials target with dial and says what it found: a connection, or a
// refusal (the rules let it through and nothing listens yet, which is the
// course's next steps), is the port open as the mission asks, said by
// open; anything else is a problem on the path pathID, what naming the
// port.
func (r *runner) port(ctx context.Context, res *Result, dial func(context.Context, string, string) (net.Conn, error),
	target string, port int, pathID string, open, what catalog.Message) {
	dctx, cancel := context.WithTimeout(ctx, r.in.DialTimeout)
	defer cancel()
	c, err := dial(dctx, "tcp", target)
	switch o := dialOutcome(err); {
	case err == nil:
		shut(c)
		res.Status = OK
		res.said(open)
	case o == refused:
		res.Status = OK
		res.said(servicePortNote(port))
	default:
		res.Status = Failed
		res.Problem = connectProblem(o, err, what, target, pathID, r.in.Paths, r.in.DialTimeout)
	}
}

// needsBastion marks what cannot be tried without the bastion.
func (r *runner) needsBastion(why catalog.Message) {
	r.skip(RoleBastion, why, ProbeTMOUT, ProbeAudit)
	for _, h := range []Host{r.in.Web, r.in.DB} {
		r.skip(h.Role, why, ProbeTCP, ProbeSSH, ProbePing)
	}
	r.skip(RoleDB, why, ProbeDBPort)
}

func (r *runner) bastion(ctx context.Context) {
	h := r.in.Bastion
	if !running(h) {
		r.skip(RoleBastion, catalog.Msg("check.skip.bastion.notrunning"), ProbeTCP, ProbeSSH)
		r.needsBastion(catalog.Msg("check.skip.bastion.notrunning"))
		return
	}
	tcp := Result{Host: RoleBastion, Probe: ProbeTCP}
	if h.PublicIP == "" {
		tcp.Status = Failed
		tcp.Problem = problem(KindNoAddress, reach.MeToBastion22, catalog.Msg("check.why.bastion.nopublic", h.PrivateIP))
		r.add(tcp)
		r.skip(RoleBastion, catalog.Msg("check.skip.noaddress"), ProbeSSH)
		r.needsBastion(catalog.Msg("check.skip.bastion.unreached"))
		return
	}
	tcp.Target = r.sshAddr(h)
	dctx, cancel := context.WithTimeout(ctx, r.in.DialTimeout)
	var d net.Dialer
	conn, err := d.DialContext(dctx, "tcp", tcp.Target)
	cancel()
	if err != nil {
		tcp.Status = Failed
		tcp.Problem = connectProblem(dialOutcome(err), err, catalog.Msg("check.what.sshbast"), tcp.Target, reach.MeToBastion22, r.in.Paths, r.in.DialTimeout)
		if isPrivate(h.PublicIP) && dialOutcome(err) != refused {
			tcp.Problem = problem(KindPrivatePublicIP, reach.MeToBastion22, catalog.Msg("check.why.bastion.private", h.PublicIP, tcp.Problem.Msg))
		}
		r.add(tcp)
		r.skip(RoleBastion, catalog.Msg("check.skip.notcp"), ProbeSSH)
		r.needsBastion(catalog.Msg("check.skip.bastion.unreached"))
		return
	}
	tcp.Status = OK
	r.add(tcp)

	client, ok := r.login(ctx, h, conn, tcp.Target)
	if !ok {
		r.needsBastion(catalog.Msg("check.skip.nologin"))
		return
	}
	defer shut(client)

	var wg sync.WaitGroup
	wg.Go(func() { r.tmout(ctx, client) })
	wg.Go(func() { r.audit(ctx, client) })
	wg.Go(func() { r.ping(ctx, client, r.in.DB) })
	wg.Go(func() { r.ping(ctx, client, r.in.Web) })
	wg.Go(func() {
		if c, ok := r.hop(ctx, client, r.in.DB); ok {
			shut(c)
		}
	})
	wg.Go(func() {
		web, ok := r.hop(ctx, client, r.in.Web)
		if !ok {
			r.skip(RoleDB, catalog.Msg("check.skip.needweb"), ProbeDBPort)
			return
		}
		defer shut(web)
		r.dbPort(ctx, web)
	})
	wg.Wait()
}

// login runs the SSH handshake over conn, bounded by the dial timeout even
// where conn (a channel) has no deadlines, and records the result.
func (r *runner) login(ctx context.Context, h Host, conn net.Conn, target string) (*ssh.Client, bool) {
	hk := r.hostKeyHost(h)
	cfg := &ssh.ClientConfig{
		User:              r.in.User,
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(r.signer)},
		HostKeyCallback:   r.store.Callback(hk),
		HostKeyAlgorithms: r.store.Algorithms(hk),
	}
	type done struct {
		c     ssh.Conn
		chans <-chan ssh.NewChannel
		reqs  <-chan *ssh.Request
		err   error
	}
	ch := make(chan done, 1)
	go func() {
		c, chans, reqs, err := ssh.NewClientConn(conn, target, cfg)
		ch <- done{c, chans, reqs, err}
	}()
	hctx, cancel := context.WithTimeout(ctx, r.in.DialTimeout)
	defer cancel()
	var d done
	select {
	case d = <-ch:
	case <-hctx.Done():
		shut(conn) // unblocks the handshake, unless the far end is gone too
		go func() {
			if late := <-ch; late.err == nil {
				shut(late.c)
			}
		}()
		d.err = fmt.Errorf("ssh handshake: %w", hctx.Err())
	}
	res := Result{Host: h.Role, Probe: ProbeSSH, Target: r.in.User + "@" + target}
	if d.err != nil {
		shut(conn)
		res.Status = Failed
		res.Problem = sshProblem(d.err, h.label(), r.in.User, r.in.KeyFile)
		r.add(res)
		return nil, false
	}
	res.Status = OK
	if v, ok := r.store.Verified(hk.Addr); ok {
		res.HostKey = &v
		detail := catalog.List{Items: []catalog.Localized{catalog.Msg("check.detail.login", v.KeyType, v.Fingerprint, describeMethod(v))}}
		r.mu.Lock()
		cerr := r.consoleErr[h.Role]
		r.mu.Unlock()
		if v.Method == hostkeys.TOFU && cerr != nil {
			detail.Items = append(detail.Items, catalog.Msg("check.detail.console", cerr))
		}
		res.said(detail)
	}
	r.add(res)
	return ssh.NewClient(d.c, d.chans, d.reqs), true
}

func describeMethod(v hostkeys.Verified) any {
	var s any = ""
	switch v.Method {
	case hostkeys.ConsolePinned:
		s = catalog.Msg("check.detail.method.pinned")
	case hostkeys.ConsoleFingerprint:
		s = catalog.Msg("check.detail.method.matched")
	case hostkeys.TOFU:
		s = catalog.Msg("check.detail.method.tofu")
	case hostkeys.Known:
		s = catalog.Msg("check.detail.method.known")
	}
	if v.Replaced != "" {
		return catalog.Msg("check.detail.method.replaced", s, v.Replaced)
	}
	return s
}

// hop connects to h's sshd by its private IP through the bastion: a
// direct-tcpip channel, no shell and no key on the bastion.
func (r *runner) hop(ctx context.Context, bastion *ssh.Client, h Host) (*ssh.Client, bool) {
	if !running(h) {
		r.skip(h.Role, catalog.Msg("check.skip.notrunning", h.label()), ProbeTCP, ProbeSSH)
		return nil, false
	}
	tcp := Result{Host: h.Role, Probe: ProbeTCP}
	tcp.target(catalog.Msg("check.target.via", h.PrivateIP))
	if p := privateAddrProblem(h); p != nil {
		if h.PrivateIP == "" {
			tcp.target(catalog.Msg("check.target.via", h.PublicIP))
		}
		tcp.Status, tcp.Problem = Failed, p
		r.add(tcp)
		r.skip(h.Role, catalog.Msg("check.skip.noprivate"), ProbeSSH)
		return nil, false
	}
	target := r.sshAddr(h)
	tcp.target(catalog.Msg("check.target.via", target))
	pathID := reach.BastionToWeb22
	if h.Role == RoleDB {
		pathID = reach.BastionToDB22
	}
	dctx, cancel := context.WithTimeout(ctx, r.in.DialTimeout)
	conn, err := bastion.DialContext(dctx, "tcp", target)
	cancel()
	if err != nil {
		tcp.Status = Failed
		tcp.Problem = connectProblem(dialOutcome(err), err, catalog.Msg("check.what.sshhop", h.label()), target, pathID, r.in.Paths, r.in.DialTimeout)
		r.add(tcp)
		r.skip(h.Role, catalog.Msg("check.skip.notcp.hop"), ProbeSSH)
		return nil, false
	}
	tcp.Status = OK
	r.add(tcp)
	return r.login(ctx, h, conn, target)
}

// privateAddrProblem is the course's classic mistake: hopping from the
// bastion to a server's public IP. Security group rules that name sg-bastion
// match the bastion's private source address, which a public IP hop does
// not carry, so only the private IP works.
func privateAddrProblem(h Host) *Problem {
	switch {
	case h.PrivateIP == "" && h.PublicIP != "":
		return problem(KindPrivatePublicIP, "", catalog.Msg("check.why.hop.publiconly", h.label(), h.PublicIP))
	case h.PrivateIP == "":
		return problem(KindNoAddress, "", catalog.Msg("check.why.hop.noprivate", h.label()))
	case !isPrivate(h.PrivateIP):
		return problem(KindPrivatePublicIP, "", catalog.Msg("check.why.hop.public", h.PrivateIP, h.label()))
	}
	return nil
}

// command runs cmd in a new session, bounded by the command timeout.
func (r *runner) command(ctx context.Context, c *ssh.Client, cmd string) (string, error) {
	s, err := c.NewSession()
	if err != nil {
		return "", err
	}
	defer shut(s)
	cctx, cancel := context.WithTimeout(ctx, r.in.CommandTimeout)
	defer cancel()
	type done struct {
		out []byte
		err error
	}
	ch := make(chan done, 1)
	go func() {
		out, err := s.CombinedOutput(cmd)
		ch <- done{out, err}
	}()
	select {
	case d := <-ch:
		return string(d.out), d.err
	case <-cctx.Done():
		// The buffered channel lets the command's goroutine end whenever
		// the server answers the close, if ever.
		shut(s)
		return "", fmt.Errorf("%q got no answer within %s: %w", cmd, r.in.CommandTimeout, cctx.Err())
	}
}

func (r *runner) ping(ctx context.Context, bastion *ssh.Client, h Host) {
	res := Result{Host: h.Role, Probe: ProbePing}
	if !running(h) {
		res.Status = Skipped
		res.said(catalog.Msg("check.skip.is", h.label(), h.State))
		r.add(res)
		return
	}
	if p := privateAddrProblem(h); p != nil {
		res.Status = Skipped
		res.said(catalog.Msg("check.skip.noprivate"))
		r.add(res)
		return
	}
	res.target(catalog.Msg("check.target.ping", h.PrivateIP))
	out, err := r.command(ctx, bastion, "ping -c 1 -W 2 "+h.PrivateIP)
	pathID := reach.BastionToWebICMP
	if h.Role == RoleDB {
		pathID = reach.BastionToDBICMP
	}
	var ee *ssh.ExitError
	switch {
	case err == nil:
		res.Status, res.Detail = OK, firstLine(out, "bytes from")
	case errors.As(err, &ee) && ee.ExitStatus() == 1:
		res.Status = Failed
		res.Problem = connectProblem(filtered, err, catalog.Msg("check.what.ping", h.label()), h.PrivateIP, pathID, r.in.Paths, 2e9)
	default:
		res.Status = Failed
		res.Problem = problem(KindUnexpected, pathID, catalog.Msg("check.why.ping.notrun", err, strings.TrimSpace(out)))
	}
	r.add(res)
}

// dbPort probes the DB port from web, where sg-internal allows it: a
// direct-tcpip channel through web's sshd, so web's own address is the
// source the rule sees.
func (r *runner) dbPort(ctx context.Context, web *ssh.Client) {
	h := r.in.DB
	res := Result{Host: RoleDB, Probe: ProbeDBPort}
	if !running(h) {
		res.Status = Skipped
		res.said(catalog.Msg("check.skip.is", h.label(), h.State))
		r.add(res)
		return
	}
	if p := privateAddrProblem(h); p != nil {
		res.Status, res.Problem = Failed, p
		r.add(res)
		return
	}
	target := net.JoinHostPort(h.PrivateIP, strconv.Itoa(r.in.Ports.DB))
	res.target(catalog.Msg("check.target.web", target))
	r.port(ctx, &res, web.DialContext, target, r.in.Ports.DB, reach.WebToDB3306,
		catalog.Msg("check.detail.open.web"), catalog.Msg("check.what.dbport", r.in.Ports.DB, h.label()))
	r.add(res)
}

// tmout asks a login shell on the bastion for TMOUT: it must be 600,
// readonly and exported, as /etc/profile.d sets it.
func (r *runner) tmout(ctx context.Context, bastion *ssh.Client) {
	res := Result{Host: RoleBastion, Probe: ProbeTMOUT, Target: "bash -lc 'declare -p TMOUT'"}
	out, err := r.command(ctx, bastion, "bash -lc 'declare -p TMOUT'")
	// Only the declare line counts: bash's "TMOUT: not found" also names it.
	line := firstLine(out, "declare -")
	flags, value := parseDeclare(line)
	switch {
	case line == "":
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.tmout.unset", err, strings.TrimSpace(out)))
	case value != "600":
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.tmout.value", value))
	case !strings.Contains(flags, "r"):
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.tmout.readonly"))
	case !strings.Contains(flags, "x"):
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.tmout.export"))
	default:
		res.Status, res.Detail = OK, strings.TrimSpace(line)
	}
	r.add(res)
}

// parseDeclare reads `declare -rx TMOUT="600"`.
func parseDeclare(line string) (flags, value string) {
	f := strings.Fields(line)
	if len(f) < 3 || f[0] != "declare" {
		return "", ""
	}
	_, v, _ := strings.Cut(f[2], "=")
	return f[1], strings.Trim(v, `"'`)
}

func firstLine(out, containing string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, containing) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// audit types a marker command in an interactive shell on the bastion (a
// PTY, as a person would), then looks for it in the command log. rsyslog
// writes asynchronously, so the search is repeated for a few seconds.
func (r *runner) audit(ctx context.Context, bastion *ssh.Client) {
	res := Result{Host: RoleBastion, Probe: ProbeAudit, Target: "/var/log/command.log"}
	marker := "infrawiz-check-" + randomHex()
	if err := r.typeInShell(ctx, bastion, "echo "+marker); err != nil {
		res.Status = Failed
		res.Problem = problem(KindUnexpected, "", catalog.Msg("check.why.audit.shell", err))
		r.add(res)
		return
	}
	const script = `f=/var/log/command.log; m=%s
for i in $(seq 1 20); do
  if [ -r "$f" ]; then grep -F -- "$m" "$f" && exit 0; else sudo -n grep -F -- "$m" "$f" 2>/dev/null && exit 0; fi
  sleep 0.5
done
[ -e "$f" ] || { echo "no such file: $f"; exit 3; }
[ -r "$f" ] || sudo -n true 2>/dev/null || { echo "cannot read $f and sudo needs a password"; exit 4; }
exit 1`
	out, err := r.command(ctx, bastion, fmt.Sprintf(script, marker))
	var ee *ssh.ExitError
	switch {
	case err == nil && strings.Contains(out, marker):
		res.Status, res.Detail = OK, firstLine(out, marker)
	case errors.As(err, &ee) && ee.ExitStatus() == 3:
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.audit.nofile"))
	case errors.As(err, &ee) && ee.ExitStatus() == 4:
		res.Status = Failed
		res.Problem = problem(KindUnexpected, "", catalog.Msg("check.why.audit.sudo", r.in.User))
	default:
		res.Status = Failed
		res.Problem = problem(KindHardening, "", catalog.Msg("check.why.audit.missing", "echo "+marker, err))
	}
	r.add(res)
}

// typeInShell opens a PTY login shell, types line and exits.
func (r *runner) typeInShell(ctx context.Context, c *ssh.Client, line string) error {
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	defer shut(s)
	if err := s.RequestPty("xterm", 24, 120, ssh.TerminalModes{ssh.ECHO: 1}); err != nil {
		return err
	}
	in, err := s.StdinPipe()
	if err != nil {
		return err
	}
	var out strings.Builder
	s.Stdout, s.Stderr = &syncWriter{b: &out}, nil
	if err := s.Shell(); err != nil {
		return err
	}
	// One line at a time, as typed; exit ends the session (TMOUT would,
	// but only after ten minutes).
	if _, err := fmt.Fprintf(in, "%s\nexit\n", line); err != nil {
		return err
	}
	ch := make(chan error, 1)
	go func() { ch <- s.Wait() }()
	cctx, cancel := context.WithTimeout(ctx, r.in.CommandTimeout)
	defer cancel()
	select {
	case err := <-ch:
		var ee *ssh.ExitError
		if err != nil && !errors.As(err, &ee) {
			return err
		}
		return nil
	case <-cctx.Done():
		shut(s)
		return fmt.Errorf("the shell did not exit within %s", r.in.CommandTimeout)
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// shut closes c; on the paths that use it the connection or session is
// done with, and its close error says nothing the result does not.
func shut(c io.Closer) { c.Close() }

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// servicePortNote: the mission opens 8080 and 3306 but installs no web
// server or database, so on a fresh stack the port answers with a refusal.
// A security group drops what it does not allow, it never refuses, so a
// refusal proves the path the probe is about.
func servicePortNote(port int) catalog.Message {
	return catalog.Msg("check.detail.service", port)
}

// said is an error as a message: one that says itself, else its text.
func said(err error) catalog.Localized {
	if l, ok := err.(catalog.Localized); ok { //nolint:errorlint // the error itself says itself
		return l
	}
	return catalog.Msg("check.why.plain", err.Error())
}
