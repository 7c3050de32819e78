package latency

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
)

// The rewrites below edit moto's replies in place, byte for byte, instead of
// decoding and re-encoding them: encoding/xml would restate the namespace on
// every element and reorder nothing useful, and the SDK must see exactly what
// moto said apart from the states we model. Shapes (moto 5.2.1):
//
//	<CreateNatGatewayResponse><natGateway>…<natGatewayAddressSet><item>…</item></natGatewayAddressSet>
//	    <natGatewayId>nat-…</natGatewayId><state>available</state>…<tagSet><item>…</item></tagSet></natGateway>
//	<DescribeNatGatewaysResponse><natGatewaySet><item>(the same children)</item></natGatewaySet>
//	<RunInstancesResponse><instancesSet><item>…<networkInterfaceSet><item>…<networkInterfaceId>eni-…
//	    <instanceId>i-…</instanceId>…<instanceState><code>0</code><name>pending</name></instanceState>
//	<DescribeInstancesResponse><reservationSet><item><instancesSet><item>(the same children, code 16 running)
//	<DescribeInstanceStatusResponse><instanceStatusSet><item><instanceId>…<instanceState>…</instanceState>
//	    <instanceStatus><details><item><name>reachability</name><status>passed</status></item></details><status>ok</status></instanceStatus>
//	    <systemStatus>(the same)</systemStatus></item>
//	    (a terminated instance, listed only with IncludeAllInstances: <instanceStatus><status>not-applicable</status>)
//	<TerminateInstancesResponse><instancesSet><item><instanceId>…<currentState><code>32</code><name>shutting-down</name>
//	    </currentState><previousState>…</previousState></item>
//	<DeleteNatGatewayResponse><natGatewayId>nat-…</natGatewayId>
//	<CreateVpcResponse><vpc>…<vpcId>   <CreateSubnetResponse><subnet>…<subnetId>   <CreateSecurityGroupResponse><groupId>
//	<CreateRouteTableResponse><routeTable>…<routeTableId>   <CreateInternetGatewayResponse><internetGateway>…<internetGatewayId>
//	<AllocateAddressResponse><allocationId>   <AssociateAddressResponse><associationId>
//	<DescribeAccountAttributesResponse><accountAttributeSet><item><attributeName>vpc-max-elastic-ips</attributeName>
//	    <attributeValueSet><item><attributeValue>5</attributeValue></item></attributeValueSet></item>
//	<DescribeVpcsResponse><vpcSet><item>   <DescribeAddressesResponse><addressesSet><item>
//	<DescribeInternetGatewaysResponse><internetGatewaySet><item>   <DescribeSubnetsResponse><subnetSet><item>
//
// Every set holds <item> elements, nested ones included (address sets, tag
// sets, block device mappings), so a field is always addressed by its path
// from the resource's own element, never by name alone.

// span is a whole element, from the '<' of its start tag to just after its
// end tag (or the '/>' of an empty one).
type span struct{ start, end int64 }

type field struct {
	span
	text string
}

// resource is one element that describes a resource, with the wanted fields
// found under it, keyed by their path relative to it ("instanceState/name").
type resource struct {
	span
	fields map[string][]field
}

func (r resource) text(path string) string {
	if f := r.fields[path]; len(f) > 0 {
		return strings.TrimSpace(f[0].text)
	}
	return ""
}

// scan finds the elements whose path from the root satisfies isResource and
// collects the wanted fields under each.
func scan(body []byte, isResource func(path []string) bool, wanted ...string) ([]resource, error) {
	want := make(map[string]bool, len(wanted))
	for _, w := range wanted {
		want[w] = true
	}
	type open struct {
		name  string
		start int64
		text  strings.Builder
	}
	var (
		stack []*open
		names []string
		out   []resource
		cur   *resource
		depth int // len(stack) of cur's element
	)
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, &open{name: t.Name.Local, start: before})
			names = append(names, t.Name.Local)
			if cur == nil && isResource(names) {
				cur = &resource{span: span{start: before}, fields: map[string][]field{}}
				depth = len(stack)
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			top := stack[len(stack)-1]
			end := d.InputOffset()
			if cur != nil {
				switch {
				case len(stack) == depth:
					cur.end = end
					out = append(out, *cur)
					cur = nil
				case len(stack) > depth:
					rel := strings.Join(names[depth:], "/")
					if want[rel] {
						cur.fields[rel] = append(cur.fields[rel], field{span: span{top.start, end}, text: top.text.String()})
					}
				}
			}
			stack = stack[:len(stack)-1]
			names = names[:len(names)-1]
		}
	}
	return out, nil
}

type edit struct {
	span
	with string
}

// setText replaces a whole element, empty or not, by the same element holding
// text; the element's name is the last step of path.
func setText(f field, path, text string) edit {
	name := path[strings.LastIndexByte(path, '/')+1:]
	return edit{f.span, "<" + name + ">" + html.EscapeString(text) + "</" + name + ">"}
}

func apply(body []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return body
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b bytes.Buffer
	b.Grow(len(body))
	var at int64
	for _, e := range edits {
		if e.start < at {
			continue // inside an element already replaced
		}
		b.Write(body[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.Write(body[at:])
	return b.Bytes()
}

func isNATGateway(path []string) bool {
	switch len(path) {
	case 2:
		return path[1] == "natGateway"
	case 3:
		return path[1] == "natGatewaySet" && path[2] == "item"
	}
	return false
}

// createdNAT is a gateway as a CreateNatGateway reply describes it.
type createdNAT struct {
	id, vpc, subnet string
	allocs, enis    []string
}

func createdNATs(body []byte) ([]createdNAT, error) {
	const alloc, eni = "natGatewayAddressSet/item/allocationId", "natGatewayAddressSet/item/networkInterfaceId"
	rs, err := scan(body, isNATGateway, "natGatewayId", "vpcId", "subnetId", alloc, eni)
	if err != nil {
		return nil, err
	}
	var out []createdNAT
	for _, r := range rs {
		n := createdNAT{id: r.text("natGatewayId"), vpc: r.text("vpcId"), subnet: r.text("subnetId")}
		if n.id == "" {
			continue
		}
		n.allocs = r.texts(alloc)
		n.enis = r.texts(eni)
		out = append(out, n)
	}
	return out, nil
}

func (r resource) texts(path string) []string {
	var out []string
	for _, f := range r.fields[path] {
		if t := strings.TrimSpace(f.text); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// textsAt lists the texts of the elements at path below the root element,
// as "vpc/vpcId" in a CreateVpc reply.
func textsAt(body []byte, path string) []string {
	rs, err := scan(body, func(p []string) bool { return len(p) == 1 }, path)
	if err != nil || len(rs) == 0 {
		return nil
	}
	return rs[0].texts(path)
}

// itemsOf lists the <item> elements of a top-level set, as the VPCs of a
// DescribeVpcs reply ("vpcSet").
func itemsOf(body []byte, set string, wanted ...string) ([]resource, error) {
	return scan(body, func(p []string) bool { return len(p) == 3 && p[1] == set && p[2] == "item" }, wanted...)
}

// stateModel says what a resource reads in the model's time, given what
// moto says of it, or "" to leave moto's word.
type stateModel func(id, moto string) string

// rewriteNATStates rewrites the state of each gateway in a CreateNatGateway
// or DescribeNatGateways reply as model says.
func rewriteNATStates(body []byte, model stateModel) ([]byte, error) {
	rs, err := scan(body, isNATGateway, "natGatewayId", "state")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		s := model(r.text("natGatewayId"), r.text("state"))
		if s == "" {
			continue
		}
		for _, f := range r.fields["state"] {
			edits = append(edits, setText(f, "state", s))
		}
	}
	return apply(body, edits), nil
}

func isInstance(path []string) bool {
	switch len(path) {
	case 3: // RunInstances, TerminateInstances
		return path[1] == "instancesSet" && path[2] == "item"
	case 5: // DescribeInstances
		return path[1] == "reservationSet" && path[2] == "item" && path[3] == "instancesSet" && path[4] == "item"
	}
	return false
}

func isReservation(path []string) bool {
	return len(path) == 3 && path[1] == "reservationSet" && path[2] == "item"
}

func isInstanceStatus(path []string) bool {
	return len(path) == 3 && path[1] == "instanceStatusSet" && path[2] == "item"
}

// launched is an instance as a RunInstances reply describes it.
type launched struct {
	instanceID  string
	eniIDs      []string
	vpc, subnet string
	groups      []string // of the instance and of its network interfaces
}

func launchedInstances(body []byte) ([]launched, error) {
	const (
		eni      = "networkInterfaceSet/item/networkInterfaceId"
		groups   = "groupSet/item/groupId"
		eniGroup = "networkInterfaceSet/item/groupSet/item/groupId"
	)
	rs, err := scan(body, isInstance, "instanceId", eni, "vpcId", "subnetId", groups, eniGroup)
	if err != nil {
		return nil, err
	}
	var out []launched
	for _, r := range rs {
		l := launched{instanceID: r.text("instanceId"), vpc: r.text("vpcId"), subnet: r.text("subnetId")}
		if l.instanceID == "" {
			continue
		}
		l.eniIDs = r.texts(eni)
		for _, g := range append(r.texts(groups), r.texts(eniGroup)...) {
			if !slices.Contains(l.groups, g) {
				l.groups = append(l.groups, g)
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// stateCodes are EC2's instance state codes, see
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html.
var stateCodes = map[string]string{
	"pending": "0", "running": "16", "shutting-down": "32", "terminated": "48", "stopping": "64", "stopped": "80",
}

// rewriteInstanceStates rewrites the state of each instance in a
// DescribeInstances reply as model says.
func rewriteInstanceStates(body []byte, model stateModel) ([]byte, error) {
	rs, err := scan(body, isInstance, "instanceId", "instanceState/code", "instanceState/name")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		if s := model(r.text("instanceId"), r.text("instanceState/name")); s != "" {
			edits = append(edits, stateEdits(r, "instanceState", s)...)
		}
	}
	return apply(body, edits), nil
}

// rewriteTerminating does for a TerminateInstances reply's current states
// what rewriteInstanceStates does for DescribeInstances.
func rewriteTerminating(body []byte, model stateModel) ([]byte, error) {
	rs, err := scan(body, isInstance, "instanceId", "currentState/code", "currentState/name")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		if s := model(r.text("instanceId"), r.text("currentState/name")); s != "" {
			edits = append(edits, stateEdits(r, "currentState", s)...)
		}
	}
	return apply(body, edits), nil
}

func stateEdits(r resource, state, name string) []edit {
	var edits []edit
	for _, f := range r.fields[state+"/code"] {
		edits = append(edits, setText(f, state+"/code", stateCodes[name]))
	}
	for _, f := range r.fields[state+"/name"] {
		edits = append(edits, setText(f, state+"/name", name))
	}
	return edits
}

// filterInstanceStates applies instance-state-name filters (each a list of
// values, any of which may match; all filters must) to a DescribeInstances
// reply, dropping the instances that fail them and the reservations left
// empty.
func filterInstanceStates(body []byte, filters [][]string) ([]byte, error) {
	res, err := scan(body, isReservation)
	if err != nil {
		return nil, err
	}
	ins, err := scan(body, isInstance, "instanceState/name")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, rv := range res {
		var drop []edit
		total := 0
		for _, in := range ins {
			if in.start < rv.start || in.end > rv.end {
				continue
			}
			total++
			if !matchesAll(filters, in.text("instanceState/name")) {
				drop = append(drop, edit{in.span, ""})
			}
		}
		if total > 0 && len(drop) == total {
			edits = append(edits, edit{rv.span, ""})
		} else {
			edits = append(edits, drop...)
		}
	}
	return apply(body, edits), nil
}

// matchesAll applies filters as EC2 does: any value of a filter may match,
// with * and ? as wildcards; every filter must.
func matchesAll(filters [][]string, s string) bool {
	for _, values := range filters {
		if !slices.ContainsFunc(values, func(v string) bool {
			ok, err := path.Match(v, s)
			return ok || (err != nil && v == s)
		}) {
			return false
		}
	}
	return true
}

// rewriteInstanceStatuses does for DescribeInstanceStatus what
// rewriteInstanceStates does for DescribeInstances. Like AWS, it leaves a
// pending instance out unless all instances were asked for, and reports its
// checks as initializing.
func rewriteInstanceStatuses(body []byte, includeAll bool, model stateModel) ([]byte, error) {
	statuses := []string{
		"instanceStatus/status", "systemStatus/status",
		"instanceStatus/details/item/status", "systemStatus/details/item/status",
	}
	rs, err := scan(body, isInstanceStatus, append([]string{"instanceId", "instanceState/code", "instanceState/name"}, statuses...)...)
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		s := model(r.text("instanceId"), r.text("instanceState/name"))
		switch {
		case s == "":
			continue
		case s == "pending" && !includeAll:
			edits = append(edits, edit{r.span, ""})
			continue
		case s == "pending":
			for _, st := range statuses {
				for _, f := range r.fields[st] {
					edits = append(edits, setText(f, st, "initializing"))
				}
			}
		}
		edits = append(edits, stateEdits(r, "instanceState", s)...)
	}
	return apply(body, edits), nil
}

// rewriteAccountAttribute sets the value of one attribute of a
// DescribeAccountAttributes reply.
func rewriteAccountAttribute(body []byte, name, value string) ([]byte, error) {
	const v = "attributeValueSet/item/attributeValue"
	rs, err := itemsOf(body, "accountAttributeSet", "attributeName", v)
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		if r.text("attributeName") != name {
			continue
		}
		for _, f := range r.fields[v] {
			edits = append(edits, setText(f, v, value))
		}
	}
	return apply(body, edits), nil
}
