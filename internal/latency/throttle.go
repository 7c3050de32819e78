package latency

import (
	"strings"
	"time"
)

// Throttle is EC2's request rate limiting as an account sees it: the
// buckets belong to the proxy, so every caller pointed at it (every
// process of a class sharing one account) draws on the same tokens. A
// call finding its bucket empty is answered HTTP 503 RequestLimitExceeded
// without reaching moto, so it has no effect.
//
// AWS throttles per account and Region with token buckets, see
// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html.
type Throttle struct {
	// Describe is the bucket of the non-mutating actions: Describe*, Get*,
	// List* and Search*.
	Describe Bucket
	// Mutate is the bucket of every other EC2 action.
	Mutate Bucket
	// PerAction gives each action a bucket of its own, of its category's
	// size, as the page cited above now says AWS does ("each API is
	// evaluated individually"); without it, all actions of a category share
	// one bucket, the stricter model of older versions of that page.
	PerAction bool
}

// Bucket is one token bucket. The zero Bucket throttles nothing.
type Bucket struct {
	Capacity float64 // tokens when full; also the burst a quiet account may make
	Refill   float64 // tokens added per second, up to Capacity
}

// AWSThrottle is the throttling AWS documents for an account that has not
// asked for more: non-mutating actions 100 tokens refilling 20 a second,
// mutating actions 50 tokens refilling 5 a second, each action its own
// bucket. See
// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
// ("Request token bucket sizes and refill rates"). It leaves out the
// smaller bucket of unfiltered, unpaginated DescribeInstances and kin, and
// the actions with sizes of their own (CreateNatGateway, CreateTags…).
func AWSThrottle() *Throttle {
	return &Throttle{
		Describe:  Bucket{Capacity: 100, Refill: 20},
		Mutate:    Bucket{Capacity: 50, Refill: 5},
		PerAction: true,
	}
}

// tokens is a bucket's state: its level when last drawn on.
type tokens struct {
	level float64
	at    time.Time
}

// nonMutating reports the actions AWS counts as reads.
func nonMutating(action string) bool {
	for _, prefix := range []string{"Describe", "Get", "List", "Search"} {
		if strings.HasPrefix(action, prefix) {
			return true
		}
	}
	return false
}

// takeToken draws a token for an EC2 call, and reports false when its
// bucket is empty. Other calls, and every call without a Throttle, pass.
func (p *Proxy) takeToken(c call) bool {
	t := p.model.Throttle
	if t == nil || !c.ec2() {
		return true
	}
	b, key := t.Mutate, "mutate"
	if nonMutating(c.action) {
		b, key = t.Describe, "describe"
	}
	if b.Capacity <= 0 {
		return true
	}
	if t.PerAction {
		key = c.action
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	tk := p.buckets[key]
	if tk == nil {
		tk = &tokens{level: b.Capacity, at: now}
		p.buckets[key] = tk
	}
	tk.level = min(b.Capacity, tk.level+now.Sub(tk.at).Seconds()*b.Refill)
	tk.at = now
	if tk.level < 1 {
		return false
	}
	tk.level--
	return true
}

// throttled counts a throttled call. A Fault armed for it moves on to the
// next call of its action: a throttled call never reached the service, so
// it was not the call the fault was meant for.
func (p *Proxy) throttled(f Fault, faulted bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Throttled++
	if faulted {
		p.faults = append(p.faults, pendingFault{Fault: f, at: p.countOf(f.Action) + 1})
	}
}
