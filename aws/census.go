package aws

import (
	"context"
	"sort"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"
)

// Volume is one EBS volume carrying a stack's tags (a server's root volume,
// tagged at launch): it is billed by the GB-month whether or not it is
// attached.
type Volume struct {
	ID    string
	Stack string
	Owner string
	Role  string
	State string
	Type  string
	GB    int32
}

// Census is every object in the region that carries a stack tag, of every
// kind, and the volumes: the classroom's view of the account.
type Census struct {
	Objects []Found
	Volumes []Volume
}

// Census describes everything tagged with a stack, every stack's, with one
// paginated describe per kind made side by side (and the volumes, for
// their size): the number of calls does not grow with the number of
// stacks, only with pages of results (a thousand objects a page for most
// kinds).
//
// Not DescribeTags, though it names every tagged object in one call: it
// says nothing of state (a terminated instance or a deleted NAT gateway
// keeps showing its tags for a while), so the billable kinds would need
// describing anyway, and moto keeps a deleted VPC's, subnet's or key
// pair's tags for ever, so it would count ghosts in the sandbox.
func (c *Client) Census(ctx context.Context) (Census, error) {
	filters := []types.Filter{filter("tag-key", TagStack)}
	var (
		out Census
		mu  sync.Mutex
		g   errgroup.Group
	)
	for _, k := range describable() {
		g.Go(func() error {
			fs, err := c.describe(ctx, k, filters)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, f := range fs {
				// Checked again on our side, as everywhere (moto ignores
				// some tag filters): without the tag it is nobody's stack.
				if f.Stack != "" {
					out.Objects = append(out.Objects, f)
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		vs, err := c.volumes(ctx, filters)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for _, v := range vs {
			if v.Stack != "" {
				out.Volumes = append(out.Volumes, v)
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return Census{}, err
	}
	sort.Slice(out.Objects, func(i, j int) bool {
		a, b := out.Objects[i], out.Objects[j]
		if a.Stack != b.Stack {
			return a.Stack < b.Stack
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.ID < b.ID
	})
	sort.Slice(out.Volumes, func(i, j int) bool { return out.Volumes[i].ID < out.Volumes[j].ID })
	return out, nil
}

// Volumes lists a stack's EBS volumes.
func (c *Client) Volumes(ctx context.Context, stack string) ([]Volume, error) {
	vs, err := c.volumes(ctx, stackFilters(stack, ""))
	if err != nil {
		return nil, err
	}
	out := vs[:0]
	for _, v := range vs {
		if v.Stack == stack {
			out = append(out, v)
		}
	}
	return out, nil
}

func (c *Client) volumes(ctx context.Context, filters []types.Filter) ([]Volume, error) {
	var out []Volume
	err := pages(ctx, c, "describe volumes", ec2.NewDescribeVolumesPaginator(c.EC2, &ec2.DescribeVolumesInput{Filters: filters}), func(r *ec2.DescribeVolumesOutput) {
		for _, x := range r.Volumes {
			if x.State == types.VolumeStateDeleted {
				continue
			}
			out = append(out, Volume{
				ID:    sdk.ToString(x.VolumeId),
				Stack: tagValue(x.Tags, TagStack),
				Owner: tagValue(x.Tags, TagOwner),
				Role:  tagValue(x.Tags, TagRole),
				State: string(x.State),
				Type:  string(x.VolumeType),
				GB:    sdk.ToInt32(x.Size),
			})
		}
	})
	return out, err
}
