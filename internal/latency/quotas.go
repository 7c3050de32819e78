package latency

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Quotas is an account's VPC quotas, enforced on the creates they limit and
// reported where AWS reports them (DescribeAccountAttributes, Service
// Quotas' GetServiceQuota). moto enforces none of them. A zero field
// leaves its quota off.
//
// AWS's quotas and their defaults:
// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html.
type Quotas struct {
	VPCs             int // VPCs per Region, moto's default VPC included (L-F678F1CE)
	ElasticIPs       int // Elastic IP addresses per Region (L-0263D0A3)
	InternetGateways int // internet gateways per Region (L-A4707A72)
	NATPerAZ         int // NAT gateways per Availability Zone (L-FE5A380F)
	// DenyServiceQuotas answers every Service Quotas call
	// AccessDeniedException, as a student account's policy does, so that
	// code reading its quotas must fall back on something else.
	DenyServiceQuotas bool
}

// DefaultQuotas is a new account's quotas: 5 of each, per the page cited
// on Quotas.
func DefaultQuotas() *Quotas {
	return &Quotas{VPCs: 5, ElasticIPs: 5, InternetGateways: 5, NATPerAZ: 5}
}

// ClassroomQuotas is an account an instructor has had raised for a class
// sharing it.
func ClassroomQuotas() *Quotas {
	return &Quotas{VPCs: 50, ElasticIPs: 100, InternetGateways: 50, NATPerAZ: 50}
}

// motoAccount is the account moto answers as for the test credentials.
const motoAccount = "123456789012"

// quotaDefs are the quotas the proxy reports itself, as Service Quotas
// names them
// (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html).
var quotaDefs = []struct {
	service, serviceName, code, name string
	value                            func(*Quotas) int
}{
	{"vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-F678F1CE", "VPCs per Region", func(q *Quotas) int { return q.VPCs }},
	{"vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-A4707A72", "Internet gateways per Region", func(q *Quotas) int { return q.InternetGateways }},
	{"vpc", "Amazon Virtual Private Cloud (Amazon VPC)", "L-FE5A380F", "NAT gateways per Availability Zone", func(q *Quotas) int { return q.NATPerAZ }},
	{"ec2", "Amazon Elastic Compute Cloud (Amazon EC2)", "L-0263D0A3", "EC2-VPC Elastic IPs", func(q *Quotas) int { return q.ElasticIPs }},
}

const serviceQuotasTarget = "ServiceQuotasV20190624."

// serveQuotas answers Service Quotas for the quotas the model sets: moto
// knows only the "vpc" service, at its defaults.
func (p *Proxy) serveQuotas(c call) (reply, bool) {
	q := p.model.Quotas
	op, ok := strings.CutPrefix(c.action, serviceQuotasTarget)
	if !c.json || !ok {
		return reply{}, false
	}
	if q.DenyServiceQuotas {
		p.count(func(s *Stats) { s.Denied++ })
		return errorReply(c, http.StatusBadRequest, "AccessDeniedException", fmt.Sprintf(
			"User: arn:aws:iam::%s:user/student is not authorized to perform: servicequotas:%s", motoAccount, op)), true
	}
	if op != "GetServiceQuota" {
		return reply{}, false
	}
	var in struct{ ServiceCode, QuotaCode string }
	if err := json.Unmarshal(c.body, &in); err != nil {
		return reply{}, false
	}
	for _, d := range quotaDefs {
		if d.service != in.ServiceCode || d.code != in.QuotaCode || d.value(q) <= 0 {
			continue
		}
		region := c.region
		if region == "" {
			region = "us-east-1"
		}
		type quota struct {
			ServiceCode, ServiceName, QuotaArn, QuotaCode, QuotaName string
			Value                                                    float64
			Unit                                                     string
			Adjustable, GlobalQuota                                  bool
		}
		b, err := json.Marshal(struct{ Quota quota }{quota{
			ServiceCode: d.service, ServiceName: d.serviceName,
			QuotaArn:  fmt.Sprintf("arn:aws:servicequotas:%s:%s:%s/%s", region, motoAccount, d.service, d.code),
			QuotaCode: d.code, QuotaName: d.name, Value: float64(d.value(q)), Unit: "None", Adjustable: true,
		}})
		if err != nil {
			return reply{}, false
		}
		h := http.Header{}
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("X-Amzn-Requestid", requestID())
		return reply{status: http.StatusOK, header: h, body: b}, true
	}
	return reply{}, false
}

// quotaCreate reports a create that a quota limits.
func quotaCreate(c call) bool {
	if !c.ec2() {
		return false
	}
	switch c.action {
	case "CreateVpc", "AllocateAddress", "CreateInternetGateway", "CreateNatGateway":
		return true
	}
	return false
}

// overQuota refuses a create that would exceed its quota, counting what
// the region holds by asking moto. Where the count fails, moto decides.
// Callers hold p.quotaMu until the create's reply has passed.
func (p *Proxy) overQuota(r *http.Request, c call) (reply, bool) {
	q := p.model.Quotas
	var (
		n, limit  int
		code, msg string
		err       error
	)
	switch c.action {
	case "CreateVpc":
		limit, code, msg = q.VPCs, "VpcLimitExceeded", "The maximum number of VPCs has been reached."
		if limit > 0 {
			n, err = p.countItems(r, c, "DescribeVpcs", "vpcSet")
		}
	case "AllocateAddress":
		// https://github.com/hashicorp/terraform/issues/6018
		limit, code, msg = q.ElasticIPs, "AddressLimitExceeded", "The maximum number of addresses has been reached."
		if limit > 0 {
			n, err = p.countItems(r, c, "DescribeAddresses", "addressesSet")
		}
	case "CreateInternetGateway":
		limit, code, msg = q.InternetGateways, "InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached."
		if limit > 0 {
			n, err = p.countItems(r, c, "DescribeInternetGateways", "internetGatewaySet")
		}
	case "CreateNatGateway":
		// https://github.com/openshift/hive/pull/792
		limit, code, msg = q.NATPerAZ, "NatGatewayLimitExceeded",
			fmt.Sprintf("Performing this operation would exceed the limit of %d NAT gateways", q.NATPerAZ)
		if limit > 0 {
			n, err = p.natsInZone(r, c)
		}
	}
	if limit <= 0 || err != nil || n < limit {
		return reply{}, false
	}
	p.count(func(s *Stats) { s.QuotaRefusals++ })
	return errorReply(c, http.StatusBadRequest, code, msg), true
}

func (p *Proxy) countItems(r *http.Request, c call, action, set string) (int, error) {
	body, err := p.ask(r, c, action)
	if err != nil {
		return 0, err
	}
	items, err := itemsOf(body, set)
	return len(items), err
}

// natsInZone counts the NAT gateways, not yet deleted in the model's time,
// in the zone of the subnet a CreateNatGateway names.
func (p *Proxy) natsInZone(r *http.Request, c call) (int, error) {
	body, err := p.ask(r, c, "DescribeSubnets")
	if err != nil {
		return 0, err
	}
	subnets, err := itemsOf(body, "subnetSet", "subnetId", "availabilityZone")
	if err != nil {
		return 0, err
	}
	zones := map[string]string{}
	for _, s := range subnets {
		zones[s.text("subnetId")] = s.text("availabilityZone")
	}
	zone := zones[c.params.Get("SubnetId")]
	if zone == "" {
		return 0, errors.New("no such subnet") // moto will say so
	}
	if body, err = p.ask(r, c, "DescribeNatGateways"); err != nil {
		return 0, err
	}
	nats, err := itemsOf(body, "natGatewaySet", "natGatewayId", "state", "subnetId")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, g := range nats {
		state := g.text("state")
		if s := p.natModelled(g.text("natGatewayId"), state); s != "" {
			state = s
		}
		if state != "deleted" && state != "failed" && zones[g.text("subnetId")] == zone {
			n++
		}
	}
	return n, nil
}

// ask sends moto an EC2 read of the proxy's own, with the headers of the
// request that prompted it (moto reads the region from the signature and
// checks no signature). It is neither recorded nor throttled.
func (p *Proxy) ask(r *http.Request, c call, action string) ([]byte, error) {
	form := url.Values{"Action": {action}, "Version": {c.params.Get("Version")}}
	u := *p.target
	u.Path = "/"
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		if !hopByHop[http.CanonicalHeaderKey(k)] {
			req.Header[k] = vs
		}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Accept-Encoding", "identity")
	req.Host = p.target.Host
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d", action, resp.StatusCode)
	}
	return b, nil
}
