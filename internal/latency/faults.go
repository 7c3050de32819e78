package latency

import (
	mrand "math/rand/v2"
	"slices"
)

// RandomFaults fails calls at random, as a flaky network or an overloaded
// endpoint would, but repeatably: the same seed and the same sequence of
// calls fail the same calls. The zero value fails nothing.
type RandomFaults struct {
	Seed int64
	// FailBefore is the probability that a call is answered 503
	// ServiceUnavailable without reaching moto, as the FailBefore mode.
	FailBefore float64
	// LoseReply is the probability that a call reaches moto, takes effect,
	// and then loses its reply, as the LoseReply mode.
	LoseReply float64
	// Actions limits the faults to these actions, matched as Fault.Action
	// is (so JSON targets may be named too); when empty, every EC2 call may
	// fail.
	Actions []string
}

func (f RandomFaults) on() bool { return f.FailBefore > 0 || f.LoseReply > 0 }

// newRand seeds the draws; nil when no fault is wanted.
func (f RandomFaults) newRand() *mrand.Rand {
	if !f.on() {
		return nil
	}
	return mrand.New(mrand.NewPCG(uint64(f.Seed), 0))
}

// randomFault draws the fate of one call. Every eligible call draws, even
// one an armed Fault already fails, so that the calls after it meet the
// same fates whether or not faults were armed.
func (p *Proxy) randomFault(c call) (Fault, bool) {
	rf := p.model.Faults
	if p.rng == nil || c.action == "" {
		return Fault{}, false
	}
	if len(rf.Actions) == 0 {
		if !c.ec2() {
			return Fault{}, false
		}
	} else if !slices.ContainsFunc(rf.Actions, func(a string) bool { return matches(a, c.action) }) {
		return Fault{}, false
	}
	p.mu.Lock()
	u := p.rng.Float64()
	p.mu.Unlock()
	switch {
	case u < rf.FailBefore:
		return Fault{Action: c.action, Mode: FailBefore}, true
	case u < rf.FailBefore+rf.LoseReply:
		return Fault{Action: c.action, Mode: LoseReply}, true
	}
	return Fault{}, false
}
