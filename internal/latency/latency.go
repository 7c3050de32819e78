// Package latency is a reverse proxy that sits between the AWS SDK and moto
// to give the emulator AWS's timing, for benchmarks, and to inject faults,
// for resume tests. moto answers every call at once and makes NAT gateways
// and instances ready the moment they are created; real AWS takes tens of
// milliseconds per call, minutes for a NAT gateway and tens of seconds for an
// instance, and code that works against the first can still fail against the
// second.
package latency

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Model is the timing the proxy adds. Zero values add nothing.
type Model struct {
	PerCall         time.Duration // added before forwarding every request
	NATPending      time.Duration // a NAT gateway reads "pending" for this long after its CreateNatGateway reply
	InstancePending time.Duration // an instance reads "pending" for this long after its RunInstances reply
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

	mu        sync.Mutex
	calls     []string
	counts    map[string]int // calls per action since New, never reset
	faults    []pendingFault
	nats      map[string]time.Time // gateway id -> when its creation reply passed
	instances map[string]time.Time // instance id -> when its launch reply passed
	enis      map[string]string    // network interface id -> instance id
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
		nats:      map[string]time.Time{},
		instances: map[string]time.Time{},
		enis:      map[string]string{},
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

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-request
	}
	_ = r.Body.Close()
	c := parseCall(r, body)

	fault, faulted := p.record(c.action)
	mode := fault.Mode

	if p.model.PerCall > 0 {
		t := time.NewTimer(p.model.PerCall)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}

	if faulted && mode == FailBefore {
		if fault.Then != nil {
			fault.Then()
		}
		writeError(w, c, http.StatusServiceUnavailable, "ServiceUnavailable", "latency: injected failure before "+c.action)
		return
	}
	if c.action == "AssociateAddress" && !faulted {
		if id := p.pendingInstanceFor(c.params); id != "" {
			// AWS refuses to give a pending instance an address; moto does not.
			writeError(w, c, http.StatusBadRequest, "IncorrectInstanceState",
				fmt.Sprintf("The pending-instance-creation instance to which '%s' is attached is not in a valid state for this operation", id))
			return
		}
	}

	resp, err := p.forward(r, body)
	if err != nil {
		if r.Context().Err() == nil {
			writeError(w, c, http.StatusBadGateway, "InternalError", "latency: forwarding to moto: "+err.Error())
		}
		return
	}
	if faulted && mode == LoseReply {
		if fault.Then != nil {
			fault.Then()
		}
		dropConnection(w, c)
		return
	}
	if resp.status == http.StatusOK {
		resp.body = p.modelReply(c, resp.body)
	}

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

// record notes the call and reports the fault, if any, that it triggers.
func (p *Proxy) record(action string) (Fault, bool) {
	if action == "" {
		return Fault{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, action)
	p.counts[action]++
	for i, f := range p.faults {
		if matches(f.Action, action) && p.countOf(f.Action) == f.at {
			p.faults = append(p.faults[:i], p.faults[i+1:]...)
			return f.Fault, true
		}
	}
	return Fault{}, false
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (p *Proxy) forward(r *http.Request, body []byte) (reply, error) {
	u := *p.target
	u.Path = r.URL.Path
	u.RawPath = r.URL.RawPath
	u.RawQuery = r.URL.RawQuery
	out, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	for k, vs := range r.Header {
		if !hopByHop[http.CanonicalHeaderKey(k)] {
			out.Header[k] = vs
		}
	}
	// moto routes some services by Host; it must see its own. It does not
	// check signatures, so the one made for the proxy's host does no harm.
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

// modelReply models the waits AWS imposes on the resources in a reply. A reply
// that cannot be parsed is passed on untouched: the SDK will say what is
// wrong with it better than we could.
func (p *Proxy) modelReply(c call, body []byte) []byte {
	m := p.model
	switch c.action {
	case "CreateNatGateway":
		if m.NATPending <= 0 {
			return body
		}
		ids, err := natGatewayIDs(body)
		if err != nil {
			return body
		}
		p.mu.Lock()
		for _, id := range ids {
			p.nats[id] = p.now()
		}
		p.mu.Unlock()
		return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteNATStates(b, p.natPending) })
	case "DescribeNatGateways":
		if !p.tracking(p.nats) {
			return body
		}
		return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteNATStates(b, p.natPending) })
	case "RunInstances":
		if m.InstancePending <= 0 {
			return body
		}
		ls, err := launchedInstances(body)
		if err != nil {
			return body
		}
		p.mu.Lock()
		for _, l := range ls {
			p.instances[l.instanceID] = p.now()
			for _, eni := range l.eniIDs {
				p.enis[eni] = l.instanceID
			}
		}
		p.mu.Unlock()
		return body // moto already answers pending, as AWS does
	case "DescribeInstances":
		if !p.tracking(p.instances) {
			return body
		}
		return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteInstanceStates(b, p.instancePending) })
	case "DescribeInstanceStatus":
		if !p.tracking(p.instances) {
			return body
		}
		includeAll := strings.EqualFold(c.params.Get("IncludeAllInstances"), "true")
		return rewriteOr(body, func(b []byte) ([]byte, error) {
			return rewriteInstanceStatuses(b, includeAll, p.instancePending)
		})
	}
	return body
}

// tracking spares benchmarks without a pending model the parse of every
// Describe reply.
func (p *Proxy) tracking(m map[string]time.Time) bool {
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

func (p *Proxy) natPending(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	at, ok := p.nats[id]
	return ok && p.now().Sub(at) < p.model.NATPending
}

func (p *Proxy) instancePending(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	at, ok := p.instances[id]
	return ok && p.now().Sub(at) < p.model.InstancePending
}

// pendingInstanceFor names the pending instance an AssociateAddress call
// targets, directly or through its network interface, or returns "".
func (p *Proxy) pendingInstanceFor(params url.Values) string {
	if id := params.Get("InstanceId"); id != "" && p.instancePending(id) {
		return id
	}
	if eni := params.Get("NetworkInterfaceId"); eni != "" {
		p.mu.Lock()
		id := p.enis[eni]
		p.mu.Unlock()
		if id != "" && p.instancePending(id) {
			return eni
		}
	}
	return ""
}

// call is what the proxy needs to know about a request.
type call struct {
	action  string
	params  url.Values // the query protocol's parameters
	json    bool       // the JSON protocol (SSM), whose errors are JSON
	service string     // from the signature's credential scope: "ec2", "sts", "ssm"
}

func parseCall(r *http.Request, body []byte) call {
	c := call{service: signingService(r.Header.Get("Authorization"))}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		c.action = target
		c.json = true
		return c
	}
	c.params = r.URL.Query()
	if ct := r.Header.Get("Content-Type"); r.Method == http.MethodPost && (ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded")) {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, vs := range form {
				c.params[k] = append(c.params[k], vs...)
			}
		}
	}
	c.action = c.params.Get("Action")
	return c
}

// signingService reads "ec2" from "AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-northeast-2/ec2/aws4_request, ...".
func signingService(auth string) string {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}

// writeError answers in the error format of the caller's protocol, so that
// the SDK reports the code and message instead of a parse failure.
func writeError(w http.ResponseWriter, c call, status int, code, msg string) {
	id := requestID()
	var body string
	switch {
	case c.json:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", code)
		body = fmt.Sprintf(`{"__type":%q,"message":%q}`, code, msg)
	case c.service == "ec2" || c.service == "":
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		body = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Response><Errors><Error><Code>` + xmlEscape(code) + `</Code><Message>` + xmlEscape(msg) +
			`</Message></Error></Errors><RequestID>` + id + `</RequestID></Response>`
	default: // the other query services (STS): <ErrorResponse>
		w.Header().Set("Content-Type", "text/xml")
		kind := "Sender"
		if status >= 500 {
			kind = "Receiver"
		}
		body = `<ErrorResponse xmlns="https://` + c.service + `.amazonaws.com/doc/2011-06-15/"><Error><Type>` + kind +
			`</Type><Code>` + xmlEscape(code) + `</Code><Message>` + xmlEscape(msg) +
			`</Message></Error><RequestId>` + id + `</RequestId></ErrorResponse>`
	}
	w.Header().Set("X-Amzn-Requestid", id)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
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
