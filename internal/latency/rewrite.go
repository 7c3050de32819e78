package latency

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html"
	"io"
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

// natGatewayIDs lists the gateways a CreateNatGateway or DescribeNatGateways
// reply describes.
func natGatewayIDs(body []byte) ([]string, error) {
	rs, err := scan(body, isNATGateway, "natGatewayId")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range rs {
		if id := r.text("natGatewayId"); id != "" {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// rewriteNATStates makes each gateway for which pending is true read
// "pending" where moto says "available". Other states (moto's "deleted") are
// left alone: a gateway deleted inside its window is gone, not pending.
func rewriteNATStates(body []byte, pending func(id string) bool) ([]byte, error) {
	rs, err := scan(body, isNATGateway, "natGatewayId", "state")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		if !pending(r.text("natGatewayId")) || r.text("state") != "available" {
			continue
		}
		for _, f := range r.fields["state"] {
			edits = append(edits, setText(f, "state", "pending"))
		}
	}
	return apply(body, edits), nil
}

func isInstance(path []string) bool {
	switch len(path) {
	case 3: // RunInstances
		return path[1] == "instancesSet" && path[2] == "item"
	case 5: // DescribeInstances
		return path[1] == "reservationSet" && path[2] == "item" && path[3] == "instancesSet" && path[4] == "item"
	}
	return false
}

func isInstanceStatus(path []string) bool {
	return len(path) == 3 && path[1] == "instanceStatusSet" && path[2] == "item"
}

// launched is an instance as a RunInstances reply describes it.
type launched struct {
	instanceID string
	eniIDs     []string
}

func launchedInstances(body []byte) ([]launched, error) {
	rs, err := scan(body, isInstance, "instanceId", "networkInterfaceSet/item/networkInterfaceId")
	if err != nil {
		return nil, err
	}
	var out []launched
	for _, r := range rs {
		l := launched{instanceID: r.text("instanceId")}
		if l.instanceID == "" {
			continue
		}
		for _, f := range r.fields["networkInterfaceSet/item/networkInterfaceId"] {
			l.eniIDs = append(l.eniIDs, strings.TrimSpace(f.text))
		}
		out = append(out, l)
	}
	return out, nil
}

// rewriteInstanceStates makes each instance for which pending is true read
// pending (code 0) where moto says running (16). Stopped or terminated
// instances keep their state.
func rewriteInstanceStates(body []byte, pending func(id string) bool) ([]byte, error) {
	rs, err := scan(body, isInstance, "instanceId", "instanceState/code", "instanceState/name")
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, r := range rs {
		if pending(r.text("instanceId")) && r.text("instanceState/name") == "running" {
			edits = append(edits, pendingState(r)...)
		}
	}
	return apply(body, edits), nil
}

func pendingState(r resource) []edit {
	var edits []edit
	for _, f := range r.fields["instanceState/code"] {
		edits = append(edits, setText(f, "instanceState/code", "0"))
	}
	for _, f := range r.fields["instanceState/name"] {
		edits = append(edits, setText(f, "instanceState/name", "pending"))
	}
	return edits
}

// rewriteInstanceStatuses does for DescribeInstanceStatus what
// rewriteInstanceStates does for DescribeInstances. Like AWS, it leaves a
// pending instance out unless all instances were asked for, and reports its
// checks as initializing.
func rewriteInstanceStatuses(body []byte, includeAll bool, pending func(id string) bool) ([]byte, error) {
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
		if !pending(r.text("instanceId")) || r.text("instanceState/name") != "running" {
			continue
		}
		if !includeAll {
			edits = append(edits, edit{r.span, ""})
			continue
		}
		edits = append(edits, pendingState(r)...)
		for _, path := range statuses {
			for _, f := range r.fields[path] {
				edits = append(edits, setText(f, path, "initializing"))
			}
		}
	}
	return apply(body, edits), nil
}
