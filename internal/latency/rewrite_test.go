package latency

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The files in testdata are replies captured from moto 5.2.1.

func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pendingIn is the model of an account in which ids are pending: NAT
// gateways where moto says available, instances where it says running.
func pendingIn(ids ...string) stateModel {
	return func(id, moto string) string {
		if slices.Contains(ids, id) && (moto == "available" || moto == "running") {
			return "pending"
		}
		return ""
	}
}

type natXML struct {
	ID        string   `xml:"natGatewayId"`
	State     string   `xml:"state"`
	Addresses []string `xml:"natGatewayAddressSet>item>publicIp"`
	Tags      []string `xml:"tagSet>item>value"`
}

func natStates(t *testing.T, body []byte) map[string]natXML {
	t.Helper()
	var doc struct {
		Set    []natXML `xml:"natGatewaySet>item"`
		Single *natXML  `xml:"natGateway"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("rewritten reply is not XML: %v\n%s", err, body)
	}
	out := map[string]natXML{}
	for _, n := range doc.Set {
		out[n.ID] = n
	}
	if doc.Single != nil {
		out[doc.Single.ID] = *doc.Single
	}
	return out
}

func TestRewriteDescribeNatGateways(t *testing.T) {
	in := golden(t, "describe_nat_gateways.xml")
	before := natStates(t, in)
	// nat-bf7c… is deleted: a deleted gateway must not come back as pending.
	out, err := rewriteNATStates(in, pendingIn("nat-ce53198a3da8a0736", "nat-bf7ce6a06a9e15182"))
	if err != nil {
		t.Fatal(err)
	}
	after := natStates(t, out)
	want := map[string]string{
		"nat-ce53198a3da8a0736": "pending",
		"nat-87c4fff6f6408ee7f": "available",
		"nat-bf7ce6a06a9e15182": "deleted",
	}
	for id, state := range want {
		if after[id].State != state {
			t.Errorf("%s: state %q, want %q", id, after[id].State, state)
		}
		// The nested address and tag items must come through untouched.
		if !reflect.DeepEqual(after[id].Addresses, before[id].Addresses) || !reflect.DeepEqual(after[id].Tags, before[id].Tags) {
			t.Errorf("%s: nested items changed: %+v -> %+v", id, before[id], after[id])
		}
	}
	// Exactly one state changed, and nothing else.
	first := bytes.Index(in, []byte("<natGatewayId>nat-ce53198a3da8a0736</natGatewayId><state>available</state>"))
	if first < 0 {
		t.Fatal("capture changed shape")
	}
	exp := string(in[:first]) + "<natGatewayId>nat-ce53198a3da8a0736</natGatewayId><state>pending</state>" +
		string(in[first+len("<natGatewayId>nat-ce53198a3da8a0736</natGatewayId><state>available</state>"):])
	if string(out) != exp {
		t.Errorf("rewrite touched more than the state:\n%s", out)
	}
}

func TestRewriteCreateNatGateway(t *testing.T) {
	in := golden(t, "create_nat_gateway.xml")
	ns, err := createdNATs(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []createdNAT{{
		id: "nat-907bde16eb3a9b515", vpc: "vpc-ae57f0995eb737ad6", subnet: "subnet-0bc4a70e29853b798",
		allocs: []string{"eipalloc-8ae77b586058a7609"}, enis: []string{"eni-efcdfb7b8c9a1ee58"},
	}}
	if !reflect.DeepEqual(ns, want) {
		t.Fatalf("gateways = %+v, want %+v", ns, want)
	}
	ids := []string{ns[0].id}
	out, err := rewriteNATStates(in, pendingIn(ids...))
	if err != nil {
		t.Fatal(err)
	}
	if got := natStates(t, out)["nat-907bde16eb3a9b515"].State; got != "pending" {
		t.Fatalf("state = %q", got)
	}
	same, err := rewriteNATStates(in, pendingIn())
	if err != nil || !bytes.Equal(same, in) {
		t.Fatalf("rewrite with nothing pending changed the reply (%v)", err)
	}
}

type instanceXML struct {
	ID          string   `xml:"instanceId"`
	Code        string   `xml:"instanceState>code"`
	Name        string   `xml:"instanceState>name"`
	Volumes     []string `xml:"blockDeviceMapping>item>ebs>status"`
	InstStatus  string   `xml:"instanceStatus>status"`
	SysStatus   string   `xml:"systemStatus>status"`
	InstDetails []string `xml:"instanceStatus>details>item>status"`
}

func TestLaunchedInstances(t *testing.T) {
	ls, err := launchedInstances(golden(t, "run_instances.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// moto names the groups on the network interface only, and the
	// instance's own groupSet empty.
	at := func(id, eni string) launched {
		return launched{
			instanceID: id, eniIDs: []string{eni},
			vpc: "vpc-ae57f0995eb737ad6", subnet: "subnet-0bc4a70e29853b798", groups: []string{"sg-33bd62cf3f0fc2054"},
		}
	}
	want := []launched{
		at("i-02db529cca254be18", "eni-b8d7ec7abf4dc80bb"),
		at("i-cbc7b339b26391239", "eni-f8b4be888c446568f"),
	}
	if !reflect.DeepEqual(ls, want) {
		t.Fatalf("launched = %+v, want %+v", ls, want)
	}
}

func TestRewriteDescribeInstances(t *testing.T) {
	in := golden(t, "describe_instances.xml")
	out, err := rewriteInstanceStates(in, pendingIn("i-02db529cca254be18"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Instances []instanceXML `xml:"reservationSet>item>instancesSet>item"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Instances) != 3 {
		t.Fatalf("%d instances", len(doc.Instances))
	}
	for _, i := range doc.Instances {
		want := [2]string{"16", "running"}
		if i.ID == "i-02db529cca254be18" {
			want = [2]string{"0", "pending"}
		}
		if [2]string{i.Code, i.Name} != want {
			t.Errorf("%s: %s/%s, want %v", i.ID, i.Code, i.Name, want)
		}
		if !reflect.DeepEqual(i.Volumes, []string{"attached"}) {
			t.Errorf("%s: volume status %v", i.ID, i.Volumes)
		}
	}
	if n := strings.Count(string(out), "<code>0</code><name>pending</name>"); n != 1 {
		t.Errorf("%d pending states, want 1", n)
	}
}

func TestRewriteDescribeInstanceStatus(t *testing.T) {
	in := golden(t, "describe_instance_status.xml")
	parse := func(b []byte) map[string]instanceXML {
		var doc struct {
			Items []instanceXML `xml:"instanceStatusSet>item"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		out := map[string]instanceXML{}
		for _, i := range doc.Items {
			out[i.ID] = i
		}
		return out
	}

	all, err := rewriteInstanceStatuses(in, true, pendingIn("i-02db529cca254be18"))
	if err != nil {
		t.Fatal(err)
	}
	got := parse(all)
	p := got["i-02db529cca254be18"]
	if p.Code != "0" || p.Name != "pending" || p.InstStatus != "initializing" || p.SysStatus != "initializing" ||
		!reflect.DeepEqual(p.InstDetails, []string{"initializing"}) {
		t.Errorf("pending instance reads %+v", p)
	}
	if r := got["i-979242b9e5b9d561d"]; r.Name != "running" || r.InstStatus != "ok" {
		t.Errorf("running instance reads %+v", r)
	}

	running, err := rewriteInstanceStatuses(in, false, pendingIn("i-02db529cca254be18"))
	if err != nil {
		t.Fatal(err)
	}
	got = parse(running)
	if _, ok := got["i-02db529cca254be18"]; ok || len(got) != 2 {
		t.Errorf("without IncludeAllInstances a pending instance must be left out: %v", got)
	}
}

func TestScanEmptyElementsAndPrefixes(t *testing.T) {
	in := []byte(`<?xml version="1.0"?><x:R xmlns:x="urn:x"><set><item><id>a</id><state/></item><item><id>b</id><state>s</state></item></set></x:R>`)
	rs, err := scan(in, func(p []string) bool { return len(p) == 3 && p[2] == "item" }, "id", "state")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("%d resources", len(rs))
	}
	var edits []edit
	for _, r := range rs {
		for _, f := range r.fields["state"] {
			edits = append(edits, setText(f, "state", r.text("id")+"<&>"))
		}
	}
	got := string(apply(in, edits))
	want := `<?xml version="1.0"?><x:R xmlns:x="urn:x"><set><item><id>a</id><state>a&lt;&amp;&gt;</state></item><item><id>b</id><state>b&lt;&amp;&gt;</state></item></set></x:R>`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if _, err := scan([]byte("<a><b></a>"), func([]string) bool { return true }); err == nil {
		t.Fatal("malformed XML accepted")
	}
}
