package steps

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/infrawiz/infrawiz/aws"
)

// destroyOrder groups the kinds into waves: every wave waits for the one
// before, because AWS refuses to delete what something else still uses.
var destroyOrder = [][]aws.Kind{
	{aws.KindInstance, aws.KindNATGateway, aws.KindKeyPair},
	{aws.KindElasticIP, aws.KindRouteTable},
	{aws.KindInternetGateway, aws.KindSubnet, aws.KindSecurityGroup},
	{aws.KindVPC},
}

// Destroy deletes everything AWS holds with the stack's tags and the
// caller's owner tag, in dependency order. Anything tagged for the stack by
// another owner is refused, not deleted.
func Destroy(ctx context.Context, c *aws.Client, stack string, id aws.Identity, timeout time.Duration, onEvent func(Event)) error {
	inv, err := c.Inventory(ctx, stack)
	if err != nil {
		return err
	}
	if err := CheckOwners(inv, stack, id.ARN); err != nil {
		return err
	}
	var emu sync.Mutex
	emit := func(e Event) {
		if onEvent != nil {
			emu.Lock()
			defer emu.Unlock()
			onEvent(e)
		}
	}
	byKind := map[aws.Kind][]aws.Found{}
	for _, f := range inv.All() {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	// Groups that name each other cannot be deleted until the references go.
	if err := each(byKind[aws.KindSecurityGroup], func(f aws.Found) error { return c.RevokeGroupReferences(ctx, f) }); err != nil {
		return err
	}
	var errs []error
	for _, wave := range destroyOrder {
		var todo []aws.Found
		for _, k := range wave {
			todo = append(todo, byKind[k]...)
		}
		err := each(todo, func(f aws.Found) error {
			res := Resource{Role: f.Role, Name: f.Name, Kind: f.Kind}
			start := time.Now()
			emit(Event{Resource: res, Phase: PhaseStarted, ID: f.ID})
			if err := c.Delete(ctx, f, stack, id.ARN, timeout); err != nil {
				emit(Event{Resource: res, Phase: PhaseFailed, ID: f.ID, Err: err, Elapsed: time.Since(start)})
				return err
			}
			emit(Event{Resource: res, Phase: PhaseDone, Action: Deleted, ID: f.ID, Elapsed: time.Since(start)})
			return nil
		})
		if err != nil {
			errs = append(errs, err)
			// Later waves would only fail on what this one left.
			break
		}
	}
	return errors.Join(errs...)
}

// each runs f on every item at once and joins the errors.
func each(items []aws.Found, f func(aws.Found) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, it := range items {
		wg.Add(1)
		go func(it aws.Found) {
			defer wg.Done()
			if err := f(it); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}(it)
	}
	wg.Wait()
	return errors.Join(errs...)
}
