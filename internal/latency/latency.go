// Package latency is a reverse proxy that sits between the AWS SDK and moto
// to give the emulator AWS's timing and manners, for benchmarks and for
// tests of code that must survive real EC2, and to inject faults, for
// resume tests. moto answers every call at once, makes NAT gateways and
// instances ready the moment they are created and gone the moment they are
// deleted, knows every id as soon as it made it, and never throttles nor
// enforces a quota; real AWS takes tens of milliseconds per call, minutes
// for a NAT gateway, lags behind its own replies and refuses a teardown
// while what it depends on is still going. Code that works against the
// first can still fail against the second. Each behaviour of Model is off
// in its zero value.
package latency

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Model is the behaviour of real EC2 that the proxy adds. Every field's zero
// value turns its behaviour off, so that Model{} forwards calls untouched.
type Model struct {
	PerCall         time.Duration // added before forwarding every request
	NATPending      time.Duration // a NAT gateway reads "pending" for this long after its CreateNatGateway reply
	InstancePending time.Duration // an instance reads "pending" for this long after its RunInstances reply

	// NATDeleting is how long a NAT gateway reads "deleting" after its
	// DeleteNatGateway reply, where moto says "deleted" at once. Its network
	// interface lives on meanwhile, so its subnet cannot be deleted and its
	// Elastic IP cannot be released. The states are AWS's, see
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html;
	// the subnet that frees up only later,
	// https://github.com/giantswarm/aws-operator/issues/109.
	NATDeleting time.Duration
	// ShuttingDown is how long an instance reads "shutting-down" (32) after
	// its TerminateInstances reply, where moto says "terminated" (48) at
	// once. Its network interface still holds its subnet and its security
	// groups meanwhile. See
	// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
	// and https://github.com/aws/aws-sdk-java/issues/163.
	ShuttingDown time.Duration
	// Propagation is EC2's eventual consistency: for this long after the
	// reply that created an id, any EC2 call naming it is answered as if it
	// did not exist. See
	// https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
	Propagation time.Duration
	// UnmapLag makes DetachInternetGateway fail while the VPC still has a
	// mapped public address (a NAT gateway not yet deleted, an Elastic IP on
	// one of its instances) and for this long after the last one went. See
	// https://github.com/hashicorp/terraform/issues/1303,
	// https://github.com/carina-rs/carina/issues/1088 and
	// https://github.com/go-to-k/cdkd/issues/817.
	UnmapLag time.Duration
	// GroupLag makes DeleteSecurityGroup fail while an instance using the
	// group is not yet terminated and for this long after the last one is.
	// See https://github.com/cloud-barista/cb-spider/issues/460 and
	// https://github.com/aws/aws-sdk-java/issues/163.
	GroupLag time.Duration
	// ReleaseLag makes ReleaseAddress of an Elastic IP that a deleted NAT
	// gateway held fail with InvalidNetworkInterfaceID.NotFound for this
	// long after the gateway reads deleted (while it reads deleting, the
	// answer is AuthFailure). See
	// https://github.com/hashicorp/terraform-provider-aws/issues/49299,
	// https://github.com/kubernetes/kops/issues/938 and
	// https://github.com/eformat/sno-for-100/issues/5.
	ReleaseLag time.Duration

	// Throttle, if set, answers EC2 calls RequestLimitExceeded once the
	// account's token buckets are empty.
	Throttle *Throttle
	// Quotas, if set, enforces and reports the account's VPC quotas.
	Quotas *Quotas
	// Faults fails calls at random, repeatably for a seed.
	Faults RandomFaults
}

// FaultMode is how a call fails.
type FaultMode int

const (
	// FailBefore answers 503 without forwarding: the call never happened.
	FailBefore FaultMode = iota
	// LoseReply forwards the call, so it takes effect, then drops the
	// connection: the client never learns that it did.
	LoseReply
)

// Fault fails one call.
type Fault struct {
	// Action is the EC2/STS query action ("CreateVpc") or the JSON target,
	// with or without its service prefix ("AmazonSSM.GetParameter" or
	// "GetParameter").
	Action string
	// Nth picks the call: 1 is the first call of Action after AddFault.
	Nth  int
	Mode FaultMode
	// Then, if set, runs when the fault fires, before the client sees the
	// failure: a test cancels its run there to stop it exactly at this call,
	// as a Ctrl-C or a kill would.
	Then func()
}

// Proxy forwards to one moto. Its methods are safe for concurrent use.
type Proxy struct {
	target *url.URL
	model  Model
	client *http.Client
	srv    *http.Server
	ln     net.Listener
	now    func() time.Time

	// quotaMu holds a quota-checked create from its count to its reply, so
	// that two concurrent creates cannot both see room for one.
	quotaMu sync.Mutex

	mu        sync.Mutex
	calls     []string
	counts    map[string]int // calls per action since New, never reset
	faults    []pendingFault
	stats     Stats
	nats      map[string]*natGateway // gateway id -> what the model knows of it
	instances map[string]*instance   // instance id -> what the model knows of it
	enis      map[string]string      // network interface id -> instance id
	assocs    map[string]*association
	born      map[string]time.Time // id -> when the reply that created it passed
	buckets   map[string]*tokens   // throttle bucket key -> its tokens
	rng       *mrand.Rand          // RandomFaults' draws
	onCall    func(n int, action string)
}

// OnCall has f called with the number and action of every call as it
// arrives, before anything else happens to it: a test kills the program
// under test there, at a call it picked, as kill -9 would at that moment.
// The call itself then goes on (the kill does not undo what AWS does). f
// runs under the proxy's lock, in arrival order, and must not call the
// proxy.
func (p *Proxy) OnCall(f func(n int, action string)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onCall = f
}

type pendingFault struct {
	Fault
	at int // counts[action] value that triggers it
}

// New starts a proxy to target (moto's endpoint, http://127.0.0.1:PORT) on a
// free loopback port.
func New(target string, m Model) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("latency: target %q: %w", target, err)
	}
	if u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("latency: target %q is not an absolute URL", target)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0") //nolint:noctx // a local listen that cannot block
	if err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	p := &Proxy{
		target: u,
		model:  m,
		// No environment proxy (moto is on loopback) and no compression, so
		// that replies arrive as plain XML we can rewrite.
		client: &http.Client{Transport: &http.Transport{
			Proxy:               nil,
			DisableCompression:  true,
			MaxIdleConnsPerHost: 16,
		}},
		ln:        ln,
		now:       time.Now,
		counts:    map[string]int{},
		nats:      map[string]*natGateway{},
		instances: map[string]*instance{},
		enis:      map[string]string{},
		assocs:    map[string]*association{},
		born:      map[string]time.Time{},
		buckets:   map[string]*tokens{},
		rng:       m.Faults.newRand(),
	}
	p.srv = &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 10 * time.Second,
		// A dropped connection is the point of LoseReply, not news for stderr.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// URL is the proxy's endpoint, for the SDK's BaseEndpoint or AWS_ENDPOINT_URL.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// Close stops the proxy, cutting calls in flight.
func (p *Proxy) Close() error {
	err := p.srv.Close()
	p.client.CloseIdleConnections()
	return err
}

// AddFault arms f; it fires once.
func (p *Proxy) AddFault(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	nth := max(f.Nth, 1)
	p.faults = append(p.faults, pendingFault{Fault: f, at: p.countOf(f.Action) + nth})
}

// countOf counts calls matching action, which may omit the JSON service prefix.
func (p *Proxy) countOf(action string) int {
	n := 0
	for a, c := range p.counts {
		if matches(action, a) {
			n += c
		}
	}
	return n
}

func matches(want, action string) bool {
	if want == action {
		return true
	}
	_, op, ok := strings.Cut(action, ".")
	return ok && want == op
}

// Calls lists the actions received, in arrival order.
func (p *Proxy) Calls() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.calls...)
}

// ResetCalls empties Calls. Armed faults keep counting from when they were
// added.
func (p *Proxy) ResetCalls() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = nil
}

// ServeHTTP meets a call with the model in the order AWS would: a
// throttled call never reaches the service, so it neither fails nor takes
// effect; a call that does reach it may fail on its way in, name an id the
// service does not know yet, exceed a quota or find its resource still
// held, and only then is it carried out (by moto) and its reply modelled.
// A refusal the model makes is still a reply, which LoseReply loses.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-request
	}
	_ = r.Body.Close()
	c := parseCall(r, body)

	fault, faulted := p.record(c.action)

	if p.model.PerCall > 0 {
		t := time.NewTimer(p.model.PerCall)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}

	if !p.takeToken(c) {
		p.throttled(fault, faulted)
		writeError(w, c, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
		return
	}
	if f, ok := p.randomFault(c); ok && !faulted {
		fault, faulted = f, true
	}
	if faulted && fault.Mode == FailBefore {
		p.count(func(s *Stats) { s.FailedBefore++ })
		if fault.Then != nil {
			fault.Then()
		}
		writeError(w, c, http.StatusServiceUnavailable, "ServiceUnavailable", "latency: injected failure before "+c.action)
		return
	}
	lose := faulted && fault.Mode == LoseReply

	resp, answered := p.answer(c)
	if !answered && p.model.Quotas != nil && quotaCreate(c) {
		p.quotaMu.Lock()
		defer p.quotaMu.Unlock()
		resp, answered = p.overQuota(r, c)
	}
	if !answered {
		resp, answered = p.refuseTeardown(c)
	}
	if !answered && c.action == "AssociateAddress" && !faulted {
		if id := p.pendingInstanceFor(c.params); id != "" {
			// AWS refuses to give a pending instance an address; moto does not.
			resp, answered = errorReply(c, http.StatusBadRequest, "IncorrectInstanceState",
				fmt.Sprintf("The pending-instance-creation instance to which '%s' is attached is not in a valid state for this operation", id)), true
		}
	}

	if !answered {
		fwd := body
		if c.action == "DescribeInstances" && tracked(p, p.instances) {
			fwd, c.stateFilters = stripStateFilters(r, body)
		}
		resp, err = p.forward(r, fwd)
		if err != nil {
			if r.Context().Err() == nil {
				writeError(w, c, http.StatusBadGateway, "InternalError", "latency: forwarding to moto: "+err.Error())
			}
			return
		}
		if resp.status == http.StatusOK {
			// Modelled even when the reply is about to be lost: the call
			// took effect all the same.
			resp.body = p.modelReply(c, resp.body)
		}
	}
	if lose {
		p.count(func(s *Stats) { s.LostReplies++ })
		if fault.Then != nil {
			fault.Then()
		}
		dropConnection(w, c)
		return
	}
	writeReply(w, resp)
}

// record notes the call and reports the fault, if any, that it triggers.
func (p *Proxy) record(action string) (Fault, bool) {
	if action == "" {
		return Fault{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, action)
	p.counts[action]++
	p.stats.Calls++
	if p.onCall != nil {
		p.onCall(p.stats.Calls, action)
	}
	for i, f := range p.faults {
		if matches(f.Action, action) && p.countOf(f.Action) == f.at {
			p.faults = append(p.faults[:i], p.faults[i+1:]...)
			return f.Fault, true
		}
	}
	return Fault{}, false
}

// count updates the statistics.
func (p *Proxy) count(f func(*Stats)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(&p.stats)
}

// Stats counts what the proxy did since New; ResetCalls leaves them be.
type Stats struct {
	Calls         int // calls received, answered by moto or by the model
	Throttled     int // answered RequestLimitExceeded
	FailedBefore  int // failed before moto by a Fault or a RandomFaults draw
	LostReplies   int // forwarded (or refused), then the connection dropped
	NotFound      int // ids not yet visible under Propagation
	Dependency    int // DependencyViolation, AuthFailure and InvalidNetworkInterfaceID.NotFound refusals of the teardown model
	QuotaRefusals int // creates refused under Quotas
	Denied        int // Service Quotas calls refused under Quotas.DenyServiceQuotas
}

// Stats returns the counts so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func writeReply(w http.ResponseWriter, resp reply) {
	h := w.Header()
	for k, vs := range resp.header {
		if hopByHop[http.CanonicalHeaderKey(k)] || http.CanonicalHeaderKey(k) == "Content-Length" {
			continue
		}
		h[k] = vs
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func (p *Proxy) forward(r *http.Request, body []byte) (reply, error) {
	u := *p.target
	u.Path = r.URL.Path
	u.RawPath = r.URL.RawPath
	u.RawQuery = r.URL.RawQuery
	// A call that reached AWS is carried out and its reply modelled even if
	// the caller has gone meanwhile (Ctrl-C, kill -9): AWS does not undo a
	// call whose client disconnected, and a model that missed the reply
	// would believe a terminated instance runs on forever.
	ctx := context.WithoutCancel(r.Context())
	out, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	for k, vs := range r.Header {
		if !hopByHop[http.CanonicalHeaderKey(k)] {
			out.Header[k] = vs
		}
	}
	// moto routes some services by Host; it must see its own. It does not
	// check signatures, so the one made for the proxy's host does no harm,
	// nor does one made for a body we changed.
	out.Host = p.target.Host
	out.Header.Set("Accept-Encoding", "identity")
	resp, err := p.client.Do(out)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

var hopByHop = map[string]bool{
	"Connection":          true,
	"Keep-Alive":          true,
	"Proxy-Authenticate":  true,
	"Proxy-Authorization": true,
	"Proxy-Connection":    true,
	"Te":                  true,
	"Trailer":             true,
	"Transfer-Encoding":   true,
	"Upgrade":             true,
}

// tracked spares benchmarks without a model the parse of every Describe
// reply.
func tracked[V any](p *Proxy, m map[string]V) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(m) > 0
}

func rewriteOr(body []byte, rewrite func([]byte) ([]byte, error)) []byte {
	out, err := rewrite(body)
	if err != nil {
		return body
	}
	return out
}

// call is what the proxy needs to know about a request.
type call struct {
	action  string
	params  url.Values // the query protocol's parameters
	json    bool       // the JSON protocol (SSM), whose errors are JSON
	service string     // from the signature's credential scope: "ec2", "sts", "ssm"
	region  string     // likewise
	body    []byte     // the JSON protocol's body

	// stateFilters are the instance-state-name filters taken out of a
	// DescribeInstances request, to be applied to the modelled reply.
	stateFilters [][]string
}

// ec2 reports an EC2 call, the only kind the EC2 model looks at.
func (c call) ec2() bool { return c.service == "ec2" && c.action != "" }

func parseCall(r *http.Request, body []byte) call {
	c := call{}
	c.service, c.region = credentialScope(r.Header.Get("Authorization"))
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		c.action = target
		c.json = true
		c.body = body
		return c
	}
	c.params = r.URL.Query()
	if formBody(r) {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, vs := range form {
				c.params[k] = append(c.params[k], vs...)
			}
		}
	}
	c.action = c.params.Get("Action")
	return c
}

func formBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return r.Method == http.MethodPost && (ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded"))
}

// credentialScope reads "ec2" and "ap-northeast-2" from "AWS4-HMAC-SHA256
// Credential=AKID/20260101/ap-northeast-2/ec2/aws4_request, ...".
func credentialScope(auth string) (service, region string) {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return "", ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) < 5 {
		return "", ""
	}
	return parts[3], parts[2]
}

// writeError answers in the error format of the caller's protocol, so that
// the SDK reports the code and message instead of a parse failure.
func writeError(w http.ResponseWriter, c call, status int, code, msg string) {
	writeReply(w, errorReply(c, status, code, msg))
}

func errorReply(c call, status int, code, msg string) reply {
	id := requestID()
	h := http.Header{}
	var body string
	switch {
	case c.json:
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("X-Amzn-ErrorType", code)
		body = fmt.Sprintf(`{"__type":%q,"message":%q}`, code, msg)
	case c.service == "ec2" || c.service == "":
		h.Set("Content-Type", "text/xml;charset=UTF-8")
		body = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Response><Errors><Error><Code>` + xmlEscape(code) + `</Code><Message>` + xmlEscape(msg) +
			`</Message></Error></Errors><RequestID>` + id + `</RequestID></Response>`
	default: // the other query services (STS): <ErrorResponse>
		h.Set("Content-Type", "text/xml")
		kind := "Sender"
		if status >= 500 {
			kind = "Receiver"
		}
		body = `<ErrorResponse xmlns="https://` + c.service + `.amazonaws.com/doc/2011-06-15/"><Error><Type>` + kind +
			`</Type><Code>` + xmlEscape(code) + `</Code><Message>` + xmlEscape(msg) +
			`</Message></Error><RequestId>` + id + `</RequestId></ErrorResponse>`
	}
	h.Set("X-Amzn-Requestid", id)
	return reply{status: status, header: h, body: []byte(body)}
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// dropConnection closes the client's connection without a reply, as a
// network failure after the call took effect would. Where the connection
// cannot be taken over, a 500 is the nearest thing.
func dropConnection(w http.ResponseWriter, c call) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeError(w, c, http.StatusInternalServerError, "InternalError", "latency: injected loss of the reply to "+c.action)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// A reset rather than a clean close: the client sees the failure at
		// once instead of waiting for a reply on a half-closed socket.
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
