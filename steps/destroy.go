package steps

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/infrawiz/infrawiz/aws"
)

// Each kind's destroyAfter (kinds.go) says which kinds must be gone before
// it can be deleted; every other pair goes at once. AWS refuses to delete
// what something else still uses, and some of it shows only in real EC2:
//   - a NAT gateway holds its Elastic IP until it is deleted, and an
//     address it held cannot be released a while after
//     (https://github.com/kubernetes/kops/issues/938);
//   - an internet gateway cannot be detached while its VPC has mapped
//     public addresses: the NAT gateway's and the Elastic IPs
//     (https://github.com/hashicorp/terraform/issues/1303);
//   - a subnet holds the network interfaces of its servers and its NAT
//     gateway until they are gone, a security group those of its servers
//     (https://github.com/aws/aws-sdk-java/issues/163);
//   - the VPC goes last.
//
// What still lags after its blocker is gone is waited out by package aws,
// which reports each wait.

// waitsFor is a kind's destroyAfter for one object: an Elastic IP on a server, or
// on nothing, is disassociated and released at once; only one that a NAT
// gateway holds (on an interface that is no instance's) waits for it.
func waitsFor(f aws.Found) []aws.Kind {
	if f.Kind == aws.KindElasticIP && f.Address != nil &&
		(sdk.ToString(f.Address.InstanceId) != "" || sdk.ToString(f.Address.NetworkInterfaceId) == "") {
		return nil
	}
	return kinds[f.Kind].destroyAfter
}

// destroyRounds bounds how often destroy looks again: something of the
// stack a describe did not list yet (EC2 is eventually consistent), or
// that a run killed at the wrong moment created meanwhile, is found by
// the next look and deleted too.
const destroyRounds = 3

// ErrLeftBehind is a destroy that could not make the stack's tags
// disappear.
var ErrLeftBehind = errors.New("resources left behind")

// Destroy deletes everything AWS holds with the stack's tags and the
// caller's owner tag, each object as soon as what it depends on is gone,
// and looks again until nothing of the stack is left. Anything tagged for
// the stack by another owner is refused, not deleted. owner is the caller's
// ARN, or, for an instructor removing a student's stack, the stack's owner
// tag as the census shows it.
func Destroy(ctx context.Context, c *aws.Client, stack, owner string, timeout time.Duration, onEvent func(Event)) error {
	var emu sync.Mutex
	emit := func(e Event) {
		if onEvent != nil {
			emu.Lock()
			defer emu.Unlock()
			onEvent(e)
		}
	}
	for round := 1; ; round++ {
		inv, err := c.Inventory(ctx, stack)
		if err != nil {
			return err
		}
		if err := CheckOwners(inv, stack, owner); err != nil {
			return err
		}
		all := inv.All()
		if len(all) == 0 {
			return nil
		}
		if round > destroyRounds {
			names := make([]string, len(all))
			for i, f := range all {
				names[i] = f.Name + " (" + f.ID + ")"
			}
			return keyedError(ErrLeftBehind, "destroy.left", destroyRounds, strings.Join(names, ", "))
		}
		if err := destroyOnce(ctx, c, stack, owner, timeout, all, emit); err != nil {
			return err
		}
	}
}

// destroyOnce deletes the objects of one inventory in dependency order.
func destroyOnce(ctx context.Context, c *aws.Client, stack, owner string, timeout time.Duration, all []aws.Found, emit func(Event)) error {
	byKind := map[aws.Kind][]aws.Found{}
	for _, f := range all {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	// Groups that name each other cannot be deleted until the references go.
	if err := each(byKind[aws.KindSecurityGroup], func(f aws.Found) error { return c.RevokeGroupReferences(ctx, f) }); err != nil {
		return err
	}
	var (
		mu     sync.Mutex
		left   = map[aws.Kind]int{}           // objects of each kind not finished
		done   = map[aws.Kind]chan struct{}{} // closed when a kind is finished
		failed = map[aws.Kind]string{}        // a kind with a failure: a name that failed
		errs   = map[string]error{}           // by object id
		wg     sync.WaitGroup
		order  = slices.Clone(all) // for a stable joining of errors
	)
	for k, fs := range byKind {
		left[k] = len(fs)
		done[k] = make(chan struct{})
	}
	finish := func(f aws.Found, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs[f.ID] = err
			if _, ok := failed[f.Kind]; !ok {
				failed[f.Kind] = f.Name
			}
		}
		left[f.Kind]--
		if left[f.Kind] == 0 {
			close(done[f.Kind])
		}
	}
	for _, f := range all {
		wg.Go(func() {
			res := Resource{Role: Role(f.Role), Name: f.Name, Kind: f.Kind}
			for _, dep := range waitsFor(f) {
				ch, ok := done[dep]
				if !ok {
					continue
				}
				select {
				case <-ch:
				case <-ctx.Done():
					finish(f, ctx.Err())
					return
				}
				mu.Lock()
				blocker, bad := failed[dep]
				mu.Unlock()
				if bad {
					why := newProblem("destroy.waits.failed", blocker)
					emit(Event{Resource: res, Phase: PhaseSkipped, ID: f.ID}.saying(why))
					finish(f, &KeyedError{Key: why.Key, Args: why.Args, Text: f.Name + " " + why.Text, Err: aws.ErrDependency, subject: f.Name})
					return
				}
			}
			start := time.Now()
			emit(Event{Resource: res, Phase: PhaseStarted, ID: f.ID})
			nctx := aws.WithNotes(ctx, func(n aws.Note) { emit(NoteEvent(res, n, nil)) })
			err := c.Delete(nctx, f, stack, owner, timeout)
			if err != nil {
				emit(Event{Resource: res, Phase: PhaseFailed, ID: f.ID, Err: err, Elapsed: time.Since(start)})
			} else {
				emit(Event{Resource: res, Phase: PhaseDone, Action: Deleted, ID: f.ID, Elapsed: time.Since(start)})
			}
			finish(f, err)
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var joined []error
	for _, f := range order {
		if err, ok := errs[f.ID]; ok {
			joined = append(joined, err)
		}
	}
	return errors.Join(joined...)
}

// each runs f on every item at once and joins the errors.
func each(items []aws.Found, f func(aws.Found) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, it := range items {
		wg.Go(func() {
			if err := f(it); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
