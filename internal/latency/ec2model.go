package latency

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The EC2 model keeps, by id, what the replies that passed said of each
// resource and when, and answers for AWS where moto is quicker or more
// forgiving than AWS. Everything here is guarded by Proxy.mu and read in
// the model's time, p.now().

// natGateway is what the model knows of one NAT gateway.
type natGateway struct {
	created, deleted time.Time // when its create and delete replies passed; zero if unseen
	vpc, subnet      string
	allocs, enis     []string // its Elastic IPs' allocation ids, its network interfaces
}

// instance is what the model knows of one instance.
type instance struct {
	launched, terminated time.Time // when its launch and terminate replies passed; zero if unseen
	vpc, subnet          string
	groups               []string
}

// association is an Elastic IP on an instance (AssociateAddress), which
// maps a public address in the instance's VPC until gone.
type association struct {
	alloc, instance string
	gone            time.Time // zero while it holds
}

func (m Model) natModel() bool {
	return m.NATPending > 0 || m.NATDeleting > 0 || m.UnmapLag > 0 || m.ReleaseLag > 0
}

func (m Model) instanceModel() bool {
	return m.InstancePending > 0 || m.ShuttingDown > 0 || m.UnmapLag > 0 || m.GroupLag > 0
}

// natState is the gateway's state in the model's time. Callers hold p.mu.
func (p *Proxy) natState(n *natGateway, now time.Time) string {
	switch {
	case !n.deleted.IsZero() && now.Before(n.deleted.Add(p.model.NATDeleting)):
		return "deleting"
	case !n.deleted.IsZero():
		return "deleted"
	case !n.created.IsZero() && now.Before(n.created.Add(p.model.NATPending)):
		return "pending"
	}
	return "available"
}

// natModelled is the stateModel of NAT gateways: pending where moto says
// available, deleting where moto says deleted. A gateway deleted inside its
// pending window is gone, not pending.
func (p *Proxy) natModelled(id, moto string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.nats[id]
	if n == nil {
		return ""
	}
	s := p.natState(n, p.now())
	if (s == "pending" && moto == "available") || (s == "deleting" && moto == "deleted") {
		return s
	}
	return ""
}

// instanceState is the instance's state in the model's time where the
// model decides it ("pending", "shutting-down", "terminated"), or "" where
// moto's word stands. Callers hold p.mu.
func (p *Proxy) instanceState(in *instance, now time.Time) string {
	switch {
	case !in.terminated.IsZero() && now.Before(in.terminated.Add(p.model.ShuttingDown)):
		return "shutting-down"
	case !in.terminated.IsZero():
		return "terminated"
	case !in.launched.IsZero() && now.Before(in.launched.Add(p.model.InstancePending)):
		return "pending"
	}
	return ""
}

// instanceModelled is the stateModel of instances: pending where moto says
// running, shutting-down where moto says terminated. Stopped instances
// keep their state.
func (p *Proxy) instanceModelled(id, moto string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	in := p.instances[id]
	if in == nil {
		return ""
	}
	s := p.instanceState(in, p.now())
	if (s == "pending" && moto == "running") || (s == "shutting-down" && moto == "terminated") {
		return s
	}
	return ""
}

func (p *Proxy) instancePending(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	in := p.instances[id]
	return in != nil && p.instanceState(in, p.now()) == "pending"
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

// createdID is where a create's reply names what it created, for
// Propagation.
var createdID = map[string]string{
	"CreateVpc":             "vpc/vpcId",
	"CreateSubnet":          "subnet/subnetId",
	"CreateSecurityGroup":   "groupId",
	"CreateRouteTable":      "routeTable/routeTableId",
	"CreateInternetGateway": "internetGateway/internetGatewayId",
	"AllocateAddress":       "allocationId",
	"RunInstances":          "instancesSet/item/instanceId",
	"CreateNatGateway":      "natGateway/natGatewayId",
}

// notFound is what EC2 answers, by id prefix, for an id it does not know.
var notFound = []struct{ prefix, code, format string }{
	{"vpc-", "InvalidVpcID.NotFound", "The vpc ID '%s' does not exist"},
	{"subnet-", "InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist"},
	{"sg-", "InvalidGroup.NotFound", "The security group '%s' does not exist"},
	{"rtb-", "InvalidRouteTableID.NotFound", "The routeTable ID '%s' does not exist"},
	{"igw-", "InvalidInternetGatewayID.NotFound", "The internetGateway ID '%s' does not exist"},
	{"eipalloc-", "InvalidAllocationID.NotFound", "The allocation ID '%s' does not exist"},
	{"i-", "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist"},
	{"nat-", "NatGatewayNotFound", "NAT gateway %s was not found"},
}

// born notes ids just created, for Propagation.
func (p *Proxy) bornNow(ids []string) {
	if len(ids) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if len(p.born) >= 1024 { // a long benchmark must not keep every id it made
		for id, at := range p.born {
			if now.Sub(at) >= p.model.Propagation {
				delete(p.born, id)
			}
		}
	}
	for _, id := range ids {
		p.born[id] = now
	}
}

// answer is the model's own answer to a call, if it makes one before
// moto is asked: an id not yet visible, or a Service Quotas call.
func (p *Proxy) answer(c call) (reply, bool) {
	if resp, ok := p.unknownID(c); ok {
		return resp, true
	}
	if p.model.Quotas != nil {
		return p.serveQuotas(c)
	}
	return reply{}, false
}

// unknownID answers a call that names an id created less than Propagation
// ago as EC2 does an id it has never heard of: "If you try to use a
// resource immediately after you create it, you might get an error that the
// resource does not exist", see
// https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html.
// Filter values do not count (a filter matching nothing is no error), nor
// does ClientToken, which only happens to look like an id.
func (p *Proxy) unknownID(c call) (reply, bool) {
	if p.model.Propagation <= 0 || !c.ec2() || !tracked(p, p.born) {
		return reply{}, false
	}
	keys := make([]string, 0, len(c.params))
	for k := range c.params {
		if k != "Action" && k != "Version" && k != "ClientToken" && !strings.HasPrefix(k, "Filter.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for _, k := range keys {
		for _, v := range c.params[k] {
			at, ok := p.born[v]
			if !ok {
				continue
			}
			if now.Sub(at) >= p.model.Propagation {
				delete(p.born, v)
				continue
			}
			for _, nf := range notFound {
				if strings.HasPrefix(v, nf.prefix) {
					p.stats.NotFound++
					return errorReply(c, http.StatusBadRequest, nf.code, fmt.Sprintf(nf.format, v)), true
				}
			}
		}
	}
	return reply{}, false
}

// refuseTeardown answers the deletes that AWS refuses while what they
// depend on is still on its way out, and moto does not.
func (p *Proxy) refuseTeardown(c call) (reply, bool) {
	if !c.ec2() {
		return reply{}, false
	}
	m := p.model
	var code, msg string
	switch c.action {
	case "DeleteSubnet":
		if s := c.params.Get("SubnetId"); s != "" && (m.NATDeleting > 0 || m.ShuttingDown > 0) && p.subnetHeld(s) {
			code, msg = "DependencyViolation", fmt.Sprintf("The subnet '%s' has dependencies and cannot be deleted.", s)
		}
	case "DeleteSecurityGroup":
		if g := c.params.Get("GroupId"); g != "" && (m.ShuttingDown > 0 || m.GroupLag > 0) && p.groupHeld(g) {
			code, msg = "DependencyViolation", fmt.Sprintf("resource %s has a dependent object", g)
		}
	case "DetachInternetGateway":
		if v := c.params.Get("VpcId"); v != "" && m.UnmapLag > 0 && p.addressesMapped(v) {
			code, msg = "DependencyViolation", fmt.Sprintf("Network %s has some mapped public address(es). "+
				"Please unmap those public address(es) before detaching the gateway.", v)
		}
	case "ReleaseAddress":
		if a := c.params.Get("AllocationId"); a != "" && (m.NATDeleting > 0 || m.ReleaseLag > 0) {
			code, msg = p.releaseRefusal(a)
		}
	}
	if code == "" {
		return reply{}, false
	}
	p.count(func(s *Stats) { s.Dependency++ })
	return errorReply(c, http.StatusBadRequest, code, msg), true
}

// subnetHeld reports a subnet still holding the network interface of a
// NAT gateway being deleted or of an instance shutting down.
func (p *Proxy) subnetHeld(subnet string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for _, n := range p.nats {
		if n.subnet == subnet && p.natState(n, now) == "deleting" {
			return true
		}
	}
	for _, in := range p.instances {
		if in.subnet == subnet && p.instanceState(in, now) == "shutting-down" {
			return true
		}
	}
	return false
}

// groupHeld reports a security group still in use: by an instance
// shutting down (under ShuttingDown), and under GroupLag by any instance
// not yet terminated, or terminated less than GroupLag ago.
func (p *Proxy) groupHeld(group string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	lag := p.model.GroupLag
	var last time.Time
	for _, in := range p.instances {
		if !slices.Contains(in.groups, group) {
			continue
		}
		switch p.instanceState(in, now) {
		case "shutting-down":
			return true
		case "terminated":
			last = later(last, in.terminated.Add(p.model.ShuttingDown))
		default: // pending or running
			if lag > 0 {
				return true
			}
		}
	}
	return lag > 0 && !last.IsZero() && now.Before(last.Add(lag))
}

// addressesMapped reports a VPC with a public address still mapped, or
// unmapped less than UnmapLag ago: a NAT gateway not yet deleted, an
// Elastic IP on one of its instances not yet terminated.
func (p *Proxy) addressesMapped(vpc string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	var last time.Time
	for _, n := range p.nats {
		if n.vpc != vpc {
			continue
		}
		if n.deleted.IsZero() {
			return true
		}
		gone := n.deleted.Add(p.model.NATDeleting)
		if now.Before(gone) {
			return true
		}
		last = later(last, gone)
	}
	for _, a := range p.assocs {
		in := p.instances[a.instance]
		if in == nil || in.vpc != vpc {
			continue
		}
		gone := a.gone
		if !in.terminated.IsZero() {
			if t := in.terminated.Add(p.model.ShuttingDown); gone.IsZero() || t.Before(gone) {
				gone = t
			}
		}
		if gone.IsZero() || now.Before(gone) {
			return true
		}
		last = later(last, gone)
	}
	return !last.IsZero() && now.Before(last.Add(p.model.UnmapLag))
}

// releaseRefusal is AWS's answer to releasing an Elastic IP that a NAT
// gateway held: AuthFailure while the gateway is deleting,
// InvalidNetworkInterfaceID.NotFound (for the gateway's vanished
// interface) for ReleaseLag after it reads deleted.
func (p *Proxy) releaseRefusal(alloc string) (code, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var held *natGateway
	for _, n := range p.nats {
		if slices.Contains(n.allocs, alloc) && (held == nil || n.created.After(held.created)) {
			held = n
		}
	}
	if held == nil || held.deleted.IsZero() {
		return "", ""
	}
	now := p.now()
	gone := held.deleted.Add(p.model.NATDeleting)
	switch {
	case now.Before(gone):
		return "AuthFailure", "You do not have permission to access the specified resource."
	case now.Before(gone.Add(p.model.ReleaseLag)):
		return "InvalidNetworkInterfaceID.NotFound", fmt.Sprintf("The networkInterface ID '%s' does not exist", held.enis[0])
	}
	return "", ""
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// modelReply models, from a reply that passed, what AWS would do next, and
// rewrites the reply to read as AWS's would. A reply that cannot be parsed
// is passed on untouched: the SDK will say what is wrong with it better
// than we could.
func (p *Proxy) modelReply(c call, body []byte) []byte {
	m := p.model
	if path, ok := createdID[c.action]; ok && m.Propagation > 0 {
		p.bornNow(textsAt(body, path))
	}
	switch c.action {
	case "CreateNatGateway":
		if !m.natModel() {
			return body
		}
		ns, err := createdNATs(body)
		if err != nil {
			return body
		}
		p.mu.Lock()
		now := p.now()
		for _, n := range ns {
			enis := n.enis
			if len(enis) == 0 {
				enis = []string{"eni-" + requestID()[:17]}
			}
			p.nats[n.id] = &natGateway{created: now, vpc: n.vpc, subnet: n.subnet, allocs: n.allocs, enis: enis}
		}
		p.mu.Unlock()
		return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteNATStates(b, p.natModelled) })
	case "DeleteNatGateway":
		if m.natModel() {
			p.deleted(textsAt(body, "natGatewayId"))
		}
	case "DescribeNatGateways":
		if tracked(p, p.nats) {
			return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteNATStates(b, p.natModelled) })
		}
	case "RunInstances":
		if m.instanceModel() {
			p.launched(body)
		}
		return body // moto already answers pending, as AWS does
	case "TerminateInstances":
		if !m.instanceModel() {
			return body
		}
		p.terminated(textsAt(body, "instancesSet/item/instanceId"))
		// moto 5.2.1 already answers shutting-down here; an older or newer
		// one might not.
		return rewriteOr(body, func(b []byte) ([]byte, error) { return rewriteTerminating(b, p.instanceModelled) })
	case "DescribeInstances":
		if tracked(p, p.instances) {
			return rewriteOr(body, func(b []byte) ([]byte, error) {
				out, err := rewriteInstanceStates(b, p.instanceModelled)
				if err != nil || len(c.stateFilters) == 0 {
					return out, err
				}
				return filterInstanceStates(out, c.stateFilters)
			})
		}
	case "DescribeInstanceStatus":
		if tracked(p, p.instances) {
			includeAll := strings.EqualFold(c.params.Get("IncludeAllInstances"), "true")
			return rewriteOr(body, func(b []byte) ([]byte, error) {
				return rewriteInstanceStatuses(b, includeAll, p.instanceModelled)
			})
		}
	case "AssociateAddress", "DisassociateAddress", "ReleaseAddress":
		if m.UnmapLag > 0 {
			p.addressMoved(c, body)
		}
	case "DescribeAccountAttributes":
		if q := m.Quotas; q != nil && q.ElasticIPs > 0 {
			return rewriteOr(body, func(b []byte) ([]byte, error) {
				return rewriteAccountAttribute(b, "vpc-max-elastic-ips", strconv.Itoa(q.ElasticIPs))
			})
		}
	}
	return body
}

func (p *Proxy) deleted(ids []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for _, id := range ids {
		n := p.nats[id]
		if n == nil {
			n = &natGateway{}
			p.nats[id] = n
		}
		if n.deleted.IsZero() {
			n.deleted = now
		}
	}
}

func (p *Proxy) launched(body []byte) {
	ls, err := launchedInstances(body)
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for _, l := range ls {
		p.instances[l.instanceID] = &instance{launched: now, vpc: l.vpc, subnet: l.subnet, groups: l.groups}
		for _, eni := range l.eniIDs {
			p.enis[eni] = l.instanceID
		}
	}
}

func (p *Proxy) terminated(ids []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for _, id := range ids {
		in := p.instances[id]
		if in == nil {
			in = &instance{}
			p.instances[id] = in
		}
		if in.terminated.IsZero() { // a second terminate does not restart the clock
			in.terminated = now
		}
	}
}

// addressMoved follows Elastic IPs onto and off instances, for UnmapLag.
func (p *Proxy) addressMoved(c call, body []byte) {
	var assoc string
	if c.action == "AssociateAddress" {
		ids := textsAt(body, "associationId")
		if len(ids) == 0 {
			return
		}
		assoc = ids[0]
	}
	alloc := c.params.Get("AllocationId")
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	end := func(match func(*association) bool) {
		for _, a := range p.assocs {
			if a.gone.IsZero() && match(a) {
				a.gone = now
			}
		}
	}
	switch c.action {
	case "AssociateAddress":
		inst := c.params.Get("InstanceId")
		if inst == "" {
			inst = p.enis[c.params.Get("NetworkInterfaceId")]
		}
		if alloc == "" || inst == "" {
			return
		}
		// With AllowReassociation the address leaves where it was.
		end(func(a *association) bool { return a.alloc == alloc })
		p.assocs[assoc] = &association{alloc: alloc, instance: inst}
	case "DisassociateAddress":
		if a := p.assocs[c.params.Get("AssociationId")]; a != nil && a.gone.IsZero() {
			a.gone = now
		}
	case "ReleaseAddress":
		if alloc != "" {
			end(func(a *association) bool { return a.alloc == alloc })
		}
	}
}

// stripStateFilters takes the instance-state-name filters out of a
// DescribeInstances request, for the proxy to apply to the modelled reply:
// moto would apply them to its own states, and drop an instance that reads
// terminated there but shutting-down here. The other filters are numbered
// again from 1, since moto stops at the first missing index.
func stripStateFilters(r *http.Request, body []byte) ([]byte, [][]string) {
	if r.URL.RawQuery != "" || !formBody(r) {
		return body, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return body, nil
	}
	kept, removed := splitFilters(form, "instance-state-name")
	if len(removed) == 0 {
		return body, nil
	}
	return []byte(kept.Encode()), removed
}

// splitFilters removes the Filter.N.* parameters of the filters named name
// from a query form and renumbers the rest contiguously; it returns the
// values of the removed filters.
func splitFilters(form url.Values, name string) (url.Values, [][]string) {
	type filter struct {
		n      int
		fields url.Values // "Name", "Value.1", ...
	}
	byIndex := map[int]*filter{}
	out := url.Values{}
	for k, vs := range form {
		rest, ok := strings.CutPrefix(k, "Filter.")
		idx, field, ok2 := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if !ok || !ok2 || err != nil {
			out[k] = vs
			continue
		}
		f := byIndex[n]
		if f == nil {
			f = &filter{n: n, fields: url.Values{}}
			byIndex[n] = f
		}
		f.fields[field] = vs
	}
	filters := make([]*filter, 0, len(byIndex))
	for _, f := range byIndex {
		filters = append(filters, f)
	}
	sort.Slice(filters, func(i, j int) bool { return filters[i].n < filters[j].n })
	var removed [][]string
	next := 1
	for _, f := range filters {
		if f.fields.Get("Name") == name {
			removed = append(removed, filterValues(f.fields))
			continue
		}
		for field, vs := range f.fields {
			out["Filter."+strconv.Itoa(next)+"."+field] = vs
		}
		next++
	}
	return out, removed
}

// filterValues lists Value.1, Value.2, ... in index order.
func filterValues(fields url.Values) []string {
	type value struct {
		m int
		v string
	}
	var vs []value
	for field, v := range fields {
		if idx, ok := strings.CutPrefix(field, "Value."); ok && len(v) > 0 {
			if m, err := strconv.Atoi(idx); err == nil {
				vs = append(vs, value{m, v[0]})
			}
		}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].m < vs[j].m })
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.v
	}
	return out
}
