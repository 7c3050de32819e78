package steps

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
)

// StackCensus is one stack of the region as its tags show it: whose it is,
// when it began, what it holds and what it costs now.
type StackCensus struct {
	Stack string `json:"stack"`
	Owner string `json:"owner"`
	VPCID string `json:"vpc_id,omitempty"`
	// Created is the earliest creation time AWS reports for any of its
	// objects: the key pair (the first thing made), the NAT gateway, the
	// servers; zero when none says.
	Created time.Time `json:"created,omitzero"`
	// Counts are objects by kind ("vpc", "subnet", …, "volume").
	Counts    map[string]int `json:"counts"`
	Resources int            `json:"resources"`
	Billable  Billable       `json:"-"`
	Cost      Cost           `json:"cost"`
	// Orphan is a stack whose VPC is gone while other objects of it are
	// left: a destroy that stopped half way, or an apply that never got
	// as far as the VPC. Objects lists them.
	Orphan  bool         `json:"orphan,omitempty"`
	Objects []CensusItem `json:"objects,omitempty"`
}

// CensusItem is one object named in the census (an orphan's, listed so the
// instructor can see exactly what is left).
type CensusItem struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	State string `json:"state,omitempty"`
}

// Mine reports whether the stack is owned by the caller whose ARN is given.
func (s StackCensus) Mine(arn string) bool { return aws.SameOwner(s.Owner, arn) }

// Age is how long ago the stack began, at now; zero when unknown.
func (s StackCensus) Age(now time.Time) time.Duration {
	if s.Created.IsZero() {
		return 0
	}
	return now.Sub(s.Created)
}

// Classroom groups a census by stack and owner (two students may pick the
// same prefix in one account; each keeps their own row) and prices each
// stack as it stands now. Stacks come sorted by name, then owner.
func Classroom(region string, c aws.Census) []StackCensus {
	type key struct{ stack, owner string }
	by := map[key]*StackCensus{}
	get := func(stack, owner string) *StackCensus {
		k := key{stack, aws.OwnerOf(owner)}
		s, ok := by[k]
		if !ok {
			s = &StackCensus{Stack: stack, Owner: k.owner, Counts: map[string]int{}}
			by[k] = s
		}
		return s
	}
	for _, f := range c.Objects {
		s := get(f.Stack, f.Owner)
		s.Counts[f.Kind.String()]++
		s.Resources++
		s.Billable = s.Billable.Add(liveBillable(f))
		s.Objects = append(s.Objects, CensusItem{Kind: f.Kind.String(), ID: f.ID, Name: f.Name, State: f.State})
		if f.Kind == aws.KindVPC {
			s.VPCID = f.ID
		}
		if t := createdAt(f); !t.IsZero() && (s.Created.IsZero() || t.Before(s.Created)) {
			s.Created = t
		}
	}
	for _, v := range c.Volumes {
		s := get(v.Stack, v.Owner)
		s.Counts["volume"]++
		s.Resources++
		s.Billable = s.Billable.Add(Billable{DiskGB: int(v.GB)})
		s.Objects = append(s.Objects, CensusItem{Kind: "volume", ID: v.ID, State: v.State})
	}
	out := make([]StackCensus, 0, len(by))
	for _, s := range by {
		s.Orphan = s.VPCID == ""
		if !s.Orphan {
			// A whole stack is told by its counts; only an orphan's objects
			// are worth listing one by one.
			s.Objects = nil
		}
		s.Cost = Estimate(region, s.Billable)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Stack != out[j].Stack {
			return out[i].Stack < out[j].Stack
		}
		return out[i].Owner < out[j].Owner
	})
	return out
}

// LiveBillable counts what of a stack bills now, from what AWS holds: a
// NAT gateway that is pending or available, every Elastic IP (attached or
// not, each public IPv4 address is charged), each instance pending or
// running by type (a stopped one bills only its disk), and each server's
// root volume of diskGB: the mission's volumes are made with their server
// and deleted with it (DeleteOnTermination), so a server in the inventory
// stands for one volume, and the report needs no call of its own for them.
// The census, which has no plan, reads the volumes themselves.
func LiveBillable(inv aws.Inventory, diskGB int32) Billable {
	var b Billable
	for _, f := range inv.All() {
		b = b.Add(liveBillable(f))
		if f.Kind == aws.KindInstance {
			b.DiskGB += int(diskGB)
		}
	}
	return b
}

func liveBillable(f aws.Found) Billable {
	switch f.Kind {
	case aws.KindNATGateway:
		if f.State == string(types.NatGatewayStatePending) || f.State == string(types.NatGatewayStateAvailable) {
			return Billable{NATGateways: 1}
		}
	case aws.KindElasticIP:
		return Billable{PublicIPv4: 1}
	case aws.KindInstance:
		if f.Instance != nil && (f.State == string(types.InstanceStateNamePending) || f.State == string(types.InstanceStateNameRunning)) {
			return Billable{Instances: map[string]int{string(f.Instance.InstanceType): 1}}
		}
	}
	return Billable{}
}

func createdAt(f aws.Found) time.Time {
	switch {
	case f.Key != nil && f.Key.CreateTime != nil:
		return *f.Key.CreateTime
	case f.NAT != nil && f.NAT.CreateTime != nil:
		return *f.NAT.CreateTime
	case f.Instance != nil && f.Instance.LaunchTime != nil:
		return *f.Instance.LaunchTime
	}
	return time.Time{}
}

// OlderThan picks the stacks that began more than age before now. A stack
// whose start is unknown is not picked: a sweep deletes only what it can
// show is old.
func OlderThan(stacks []StackCensus, age time.Duration, now time.Time) []StackCensus {
	var out []StackCensus
	for _, s := range stacks {
		if !s.Created.IsZero() && s.Age(now) > age {
			out = append(out, s)
		}
	}
	return out
}
