package latency

import (
	"encoding/xml"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestSplitFiltersRenumbers(t *testing.T) {
	form := url.Values{
		"Action":           {"DescribeInstances"},
		"Filter.1.Name":    {"tag:Name"},
		"Filter.1.Value.1": {"web"},
		"Filter.2.Name":    {"instance-state-name"},
		"Filter.2.Value.2": {"shutting-down"},
		"Filter.2.Value.1": {"running"},
		"Filter.3.Name":    {"vpc-id"},
		"Filter.3.Value.1": {"vpc-1"},
		"Filter.3.Value.2": {"vpc-2"},
		"MaxResults":       {"5"},
	}
	kept, removed := splitFilters(form, "instance-state-name")
	want := url.Values{
		"Action":           {"DescribeInstances"},
		"Filter.1.Name":    {"tag:Name"},
		"Filter.1.Value.1": {"web"},
		"Filter.2.Name":    {"vpc-id"},
		"Filter.2.Value.1": {"vpc-1"},
		"Filter.2.Value.2": {"vpc-2"},
		"MaxResults":       {"5"},
	}
	if !reflect.DeepEqual(kept, want) {
		t.Errorf("kept %v\nwant %v", kept, want)
	}
	if !reflect.DeepEqual(removed, [][]string{{"running", "shutting-down"}}) {
		t.Errorf("removed %v", removed)
	}
	if kept, removed := splitFilters(want, "instance-state-name"); !reflect.DeepEqual(kept, want) || removed != nil {
		t.Errorf("without the filter: %v, %v", kept, removed)
	}
}

func TestFilterInstanceStates(t *testing.T) {
	in := golden(t, "describe_instances.xml")
	// i-979… is alone in its reservation; i-02db… shares one with i-cbc7….
	shut, err := rewriteInstanceStates(in, func(id, moto string) string {
		if id == "i-979242b9e5b9d561d" || id == "i-02db529cca254be18" {
			return "shutting-down"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(b []byte) []string {
		var doc struct {
			Reservations []struct {
				IDs []string `xml:"instancesSet>item>instanceId"`
			} `xml:"reservationSet>item"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		var out []string
		for _, r := range doc.Reservations {
			if len(r.IDs) == 0 {
				t.Errorf("an empty reservation is left: %s", b)
			}
			out = append(out, strings.Join(r.IDs, "+"))
		}
		return out
	}
	for _, tc := range []struct {
		filters [][]string
		want    []string
	}{
		{[][]string{{"running"}}, []string{"i-cbc7b339b26391239"}},
		{[][]string{{"shutting-down"}}, []string{"i-979242b9e5b9d561d", "i-02db529cca254be18"}},
		{[][]string{{"pending", "shutting-down", "running"}}, []string{"i-979242b9e5b9d561d", "i-02db529cca254be18+i-cbc7b339b26391239"}},
		{[][]string{{"*-*"}, {"shut*"}}, []string{"i-979242b9e5b9d561d", "i-02db529cca254be18"}},
		{[][]string{{"terminated"}}, nil},
	} {
		out, err := filterInstanceStates(shut, tc.filters)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(out); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.filters, got, tc.want)
		}
	}
}

func TestRewriteTerminating(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="utf-8"?>
<TerminateInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><instancesSet><item><instanceId>i-1</instanceId><currentState><code>48</code><name>terminated</name></currentState><previousState><code>16</code><name>running</name></previousState></item></instancesSet><requestId>x</requestId></TerminateInstancesResponse>`)
	out, err := rewriteTerminating(in, func(id, moto string) string {
		if id == "i-1" && moto == "terminated" {
			return "shutting-down"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(string(in), "<code>48</code><name>terminated</name>", "<code>32</code><name>shutting-down</name>", 1); string(out) != want {
		t.Errorf("got %s", out)
	}
}

func TestRewriteAccountAttribute(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="utf-8"?>
<DescribeAccountAttributesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><accountAttributeSet><item><attributeName>max-elastic-ips</attributeName><attributeValueSet><item><attributeValue>5</attributeValue></item></attributeValueSet></item><item><attributeName>vpc-max-elastic-ips</attributeName><attributeValueSet><item><attributeValue>5</attributeValue></item></attributeValueSet></item></accountAttributeSet><requestId>x</requestId></DescribeAccountAttributesResponse>`)
	out, err := rewriteAccountAttribute(in, "vpc-max-elastic-ips", "100")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(in), "vpc-max-elastic-ips</attributeName><attributeValueSet><item><attributeValue>5<",
		"vpc-max-elastic-ips</attributeName><attributeValueSet><item><attributeValue>100<", 1)
	if string(out) != want {
		t.Errorf("got %s", out)
	}
}

func TestTextsAt(t *testing.T) {
	in := []byte(`<?xml version="1.0"?><CreateVpcResponse xmlns="x"><vpc><cidrBlockAssociationSet><item><associationId>a</associationId></item></cidrBlockAssociationSet><vpcId>vpc-1</vpcId></vpc></CreateVpcResponse>`)
	if got := textsAt(in, "vpc/vpcId"); !reflect.DeepEqual(got, []string{"vpc-1"}) {
		t.Errorf("textsAt = %v", got)
	}
	if got := textsAt([]byte("<a><b></a>"), "b"); got != nil {
		t.Errorf("malformed reply: %v", got)
	}
}
