package aws

import (
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Patience bounds how long calls wait out what real EC2 does for a while
// and the emulator never does: ids it does not know yet, deletions blocked
// by what is still going away, and throttling.
type Patience struct {
	// Unknown is how long an id that AWS does not know yet is waited for.
	// The EC2 API is eventually consistent: an id just created can be
	// unknown to the next call that names it, and AWS advises retrying
	// with backoff "up to a few minutes"
	// (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
	Unknown time.Duration
	// Blocked is how long a deletion waits for what still holds its
	// object: a security group stays in use for a while after its servers
	// are terminated, an internet gateway keeps "mapped public addresses"
	// until the NAT gateway and the Elastic IPs are fully gone
	// (https://github.com/hashicorp/terraform/issues/1303); terraform
	// waits up to 15 minutes for the same.
	Blocked time.Duration
	// Throttled is how long a throttled account is waited out before the
	// call is reported as throttled. A class sharing one account shares
	// one request budget
	// (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
	Throttled time.Duration
	// Transient is how often an idempotent call whose reply was lost, or
	// that failed with a 5xx, is tried again.
	Transient int
}

// DefaultPatience is the patience used against AWS.
func DefaultPatience() Patience {
	return Patience{Unknown: 2 * time.Minute, Blocked: 15 * time.Minute, Throttled: 15 * time.Minute, Transient: 4}
}

func (c *Client) patience() Patience {
	p := c.Patience
	d := DefaultPatience()
	if p.Unknown == 0 {
		p.Unknown = d.Unknown
	}
	if p.Blocked == 0 {
		p.Blocked = d.Blocked
	}
	if p.Throttled == 0 {
		p.Throttled = d.Throttled
	}
	if p.Transient == 0 {
		p.Transient = d.Transient
	}
	return p
}

// unknownCodes say that a call names an id that AWS does not know (yet).
// For an id the stack just created, that is eventual consistency, not a
// missing resource.
var unknownCodes = []string{
	"InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound",
	"InvalidRouteTableID.NotFound", "InvalidInternetGatewayID.NotFound", "InvalidGatewayID.NotFound",
	"InvalidAllocationID.NotFound", "InvalidInstanceID.NotFound", "NatGatewayNotFound",
	"InvalidNatGatewayID.NotFound", "InvalidKeyPair.NotFound", "InvalidAssociationID.NotFound",
}

// rule says how one call treats each kind of failure.
type rule struct {
	// unknown waits out unknownCodes within Patience.Unknown: the call
	// names ids of the stack's own resources, created moments ago.
	unknown bool
	// gone are the codes that say the object the call acts on is already
	// gone, for a deletion: the call counts as done. Only the object's own
	// code: an InvalidNetworkInterfaceID.NotFound from ReleaseAddress does
	// not mean the address was released.
	gone []string
	// blocked recognises a refusal that lasts only until something else
	// finishes (a deletion's DependencyViolation) and says what blocks it;
	// it is waited out within Patience.Blocked.
	blocked func(code, msg string) (Note, bool)
	// idempotent calls are tried again after a lost reply or a 5xx.
	idempotent bool
}

var (
	// reads only look: anything may be tried again.
	reads = rule{idempotent: true}
	// converges name the stack's own ids and change a part of a resource
	// in a way that reads the same when done twice (or whose second time
	// is recognised as "already so").
	converges = rule{unknown: true, idempotent: true}
)

// call runs one AWS call under r: throttling is waited out with this
// process's pace, an id the stack created moments ago that AWS does not
// know yet is waited for, a blocked deletion waits for its blocker, and a
// lost reply of an idempotent call is tried again. Each wait is reported
// as a Note on ctx. Anything else is classified and returned at once.
func (c *Client) call(ctx context.Context, op string, r rule, fn func(context.Context) error) error {
	p := c.patience()
	start := time.Now()
	var tries, throttles, transient int
	for {
		err := fn(ctx)
		if err == nil {
			c.pace().passed()
			return nil
		}
		if ctx.Err() != nil {
			// Interrupted: whatever AWS answered last (a throttle, say)
			// is not why the call stopped.
			return classify(op, ctx.Err())
		}
		code, msg := codeOf(err)
		if code != "" && slices.Contains(r.gone, code) {
			return nil
		}
		e := classify(op, err)
		var wait time.Duration
		switch {
		case errors.Is(e, ErrThrottled):
			if time.Since(start) >= p.Throttled {
				return e
			}
			wait = c.pace().throttled(throttles)
			throttles++
			notify(ctx, Note{
				Key: NoteThrottled, Args: []any{wait.Round(100 * time.Millisecond)},
				Msg: catalog.Msg("msg.run.retry.throttled", wait.Round(100*time.Millisecond).String()),
			})
		case r.unknown && slices.Contains(unknownCodes, code):
			id := quotedID(msg)
			if time.Since(start) >= p.Unknown {
				// AWS's message, then what infrawiz waited for: said
				// in words of its own so the wait reads in each language.
				return &Error{
					Op: op, Kind: ErrUnknownID, Code: code, Err: err, ID: id,
					Msg: catalog.Msg("aws.error.unknownid", msg, itOr(id), p.Unknown.String()),
				}
			}
			wait = jittered(backoffFrom(200*time.Millisecond, tries, 3*time.Second))
			notify(ctx, Note{Key: NoteUnknown, Args: []any{id}, ID: id, Msg: catalog.Msg("msg.run.retry.unknown", itOr(id))})
		case blocked(r, code, msg):
			if time.Since(start) >= p.Blocked {
				return e
			}
			n, _ := r.blocked(code, msg)
			wait = jittered(backoffFrom(500*time.Millisecond, tries, 8*time.Second))
			notify(ctx, n)
		case r.idempotent && errors.Is(e, ErrTransient) && transient < p.Transient:
			transient++
			wait = jittered(backoffFrom(200*time.Millisecond, transient, 5*time.Second))
			notify(ctx, Note{Key: NoteTransient, Msg: catalog.Msg("msg.run.retry.transient")})
		default:
			return e
		}
		tries++
		if err := sleep(ctx, wait); err != nil {
			return classify(op, err)
		}
	}
}

// blocked reports whether r recognises the refusal as a deletion blocked
// for now.
func blocked(r rule, code, msg string) bool {
	if r.blocked == nil || code == "" {
		return false
	}
	_, ok := r.blocked(code, msg)
	return ok
}

// codeOf reads AWS's error code and message, if AWS answered.
func codeOf(err error) (code, msg string) {
	var api interface {
		ErrorCode() string
		ErrorMessage() string
	}
	if errors.As(err, &api) {
		return api.ErrorCode(), api.ErrorMessage()
	}
	return "", ""
}

var idInMessage = regexp.MustCompile(`\b(?:vpc|subnet|sg|rtb|igw|eipalloc|i|nat|eni|eipassoc|rtbassoc)-[0-9a-z]+\b`)

// quotedID finds the id an error message names ("The vpc ID 'vpc-0abc'
// does not exist").
func quotedID(msg string) string { return idInMessage.FindString(msg) }

// backoffFrom doubles base per try, up to limit.
func backoffFrom(base time.Duration, try int, limit time.Duration) time.Duration {
	d := base
	for range try {
		d *= 2
		if d >= limit {
			return limit
		}
	}
	return d
}

// jittered spreads waits over [d/2, d], so that a class retrying the same
// refusal does not come back in step.
func jittered(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // spreading waits needs no secret randomness
}

// spread shortens d by up to a quarter at random, so that polls of many
// processes do not fall into step while none waits longer than d.
func spread(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d*3/4 + rand.N(d/4+1) //nolint:gosec // as in jittered
}

// pacer slows this process down while AWS throttles its account and speeds
// it up again while calls pass, as the SDK's adaptive retry mode does
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
// a class of thirty polling one account at once then settles within the
// account's shared request rate, while a lone student, never throttled,
// keeps polling briskly.
type pacer struct {
	mu    sync.Mutex
	level float64 // 1 while AWS answers freely; the factor by which waits grow
}

// maxPace bounds how far polls slow down: 2 s polls become at most 32 s.
const maxPace = 16

func (c *Client) pace() *pacer {
	c.paceOnce.Do(func() {
		if c.pacer == nil {
			c.pacer = &pacer{level: 1}
		}
	})
	return c.pacer
}

// throttled records a throttled call and returns how long to wait before
// the next try.
func (p *pacer) throttled(try int) time.Duration {
	p.mu.Lock()
	p.level = min(p.level*2, maxPace)
	level := p.level
	p.mu.Unlock()
	d := backoffFrom(250*time.Millisecond, try, 20*time.Second)
	return jittered(time.Duration(float64(d) * level / 2))
}

// passed records a call AWS answered.
func (p *pacer) passed() {
	p.mu.Lock()
	p.level = max(1, p.level*0.8)
	p.mu.Unlock()
}

// scale stretches a poll interval by the current pace.
func (p *pacer) scale(d time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Duration(float64(d) * p.level)
}

// poll runs check until it reports done or fails, waiting PollMin between
// the first polls and up to PollMax later, stretched while AWS throttles.
// Polling briskly matters: a NAT gateway or an instance should be noticed
// within a second or two of becoming ready. It gives up after timeout
// with errWaitTimeout.
func (c *Client) poll(ctx context.Context, timeout time.Duration, check func(context.Context) (bool, error)) error {
	deadline := time.Now().Add(timeout)
	d := c.PollMin
	if d <= 0 {
		d = time.Second
	}
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return errWaitTimeout
		}
		if err := sleep(ctx, c.pace().scale(spread(d))); err != nil {
			return err
		}
		d = min(d*3/2, max(c.PollMax, c.PollMin))
	}
}

var errWaitTimeout = errors.New("did not finish in time")

// itOr names an id, or, when AWS named none, "it" in the user's language.
func itOr(id string) any {
	if id == "" {
		return catalog.Msg("aws.error.it")
	}
	return id
}
