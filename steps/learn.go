package steps

import (
	"fmt"

	"github.com/infrawiz/infrawiz/aws"
)

// learner writes the AWS CLI commands of one step.
type learner struct {
	p   Plan
	ids map[Role]string
	out []string
}

// id is the resource's real id where it is known, else a placeholder
// naming it.
func (l *learner) id(role Role) string {
	if v := l.ids[role]; v != "" {
		return v
	}
	if r, ok := l.p.Get(role); ok {
		return "<" + r.Name + ">"
	}
	return "<" + string(role) + ">"
}

func (l *learner) tags(rt string, r Resource) string {
	return fmt.Sprintf("--tag-specifications 'ResourceType=%s,Tags=[{Key=Name,Value=%s},{Key=%s,Value=%s},{Key=%s,Value=%s}]'",
		rt, r.Name, aws.TagStack, l.p.Inputs.Prefix, aws.TagRole, r.Role)
}

func (l *learner) region() string { return "--region " + l.p.Inputs.Region }

func (l *learner) add(format string, args ...any) {
	l.out = append(l.out, fmt.Sprintf(format, args...))
}

// LearnCommands returns the AWS CLI commands that do what a step does, with
// the real ids where they are known (ids by role) and a placeholder naming
// the resource where not, so a student sees what the console or the CLI
// would have done.
func LearnCommands(p Plan, step Step, ids map[Role]string) []string {
	l := &learner{p: p, ids: ids}
	for _, r := range p.Resources {
		if r.Step == step && kinds[r.Kind].learn != nil {
			kinds[r.Kind].learn(l, r)
		}
	}
	return l.out
}

func learnKeyPair(l *learner, r Resource) {
	if pub := l.p.Inputs.PublicKey; pub != "" {
		l.add("aws ec2 import-key-pair %s --key-name %s --public-key-material fileb://%s %s", l.region(), r.Name, pub, l.tags("key-pair", r))
		return
	}
	l.add("ssh-keygen -t ed25519 -N '' -f ~/.ssh/%s.pem && chmod 400 ~/.ssh/%s.pem", r.Name, r.Name)
	l.add("aws ec2 import-key-pair %s --key-name %s --public-key-material fileb://~/.ssh/%s.pem.pub %s", l.region(), r.Name, r.Name, l.tags("key-pair", r))
}

func learnVPC(l *learner, r Resource) {
	l.add("aws ec2 create-vpc %s --cidr-block %s %s", l.region(), r.CIDR, l.tags("vpc", r))
	l.add("aws ec2 modify-vpc-attribute %s --vpc-id %s --enable-dns-hostnames", l.region(), l.id(RoleVPC))
}

func learnSubnet(l *learner, r Resource) {
	l.add("aws ec2 create-subnet %s --vpc-id %s --cidr-block %s --availability-zone %s %s", l.region(), l.id(RoleVPC), r.CIDR, r.AZ, l.tags("subnet", r))
}

func learnInternetGateway(l *learner, r Resource) {
	l.add("aws ec2 create-internet-gateway %s %s", l.region(), l.tags("internet-gateway", r))
	l.add("aws ec2 attach-internet-gateway %s --internet-gateway-id %s --vpc-id %s", l.region(), l.id(r.Role), l.id(RoleVPC))
}

func learnElasticIP(l *learner, r Resource) {
	l.add("aws ec2 allocate-address %s --domain vpc %s", l.region(), l.tags("elastic-ip", r))
}

func learnNATGateway(l *learner, r Resource) {
	l.add("aws ec2 create-nat-gateway %s --subnet-id %s --allocation-id %s %s", l.region(), l.id(r.SubnetRole), l.id(r.EIPRole), l.tags("natgateway", r))
	l.add("aws ec2 wait nat-gateway-available %s --nat-gateway-ids %s", l.region(), l.id(r.Role))
}

func learnRouteTable(l *learner, r Resource) {
	l.add("aws ec2 create-route-table %s --vpc-id %s %s", l.region(), l.id(RoleVPC), l.tags("route-table", r))
	for _, s := range r.SubnetRoles {
		l.add("aws ec2 associate-route-table %s --route-table-id %s --subnet-id %s", l.region(), l.id(r.Role), l.id(s))
	}
}

func learnRoute(l *learner, r Resource) {
	target := "--gateway-id " + l.id(r.TargetRole)
	if t, ok := l.p.Get(r.TargetRole); ok && t.Kind == aws.KindNATGateway {
		target = "--nat-gateway-id " + l.id(r.TargetRole)
	}
	l.add("aws ec2 create-route %s --route-table-id %s --destination-cidr-block %s %s", l.region(), l.id(r.TableRole), r.CIDR, target)
}

func learnSecurityGroup(l *learner, r Resource) {
	l.add("aws ec2 create-security-group %s --group-name %s --description %q --vpc-id %s %s", l.region(), r.Name, r.Detail, l.id(RoleVPC), l.tags("security-group", r))
}

func learnRules(l *learner, r Resource) {
	for _, rule := range r.Rules {
		perm := fmt.Sprintf("IpProtocol=%s,FromPort=%d,ToPort=%d", rule.Protocol, rule.FromPort, rule.ToPort)
		switch {
		case rule.SourceRole != "":
			perm += ",UserIdGroupPairs=[{GroupId=" + l.id(rule.SourceRole) + "}]"
		case rule.CIDR != "":
			perm += ",IpRanges=[{CidrIp=" + rule.CIDR + "}]"
		default:
			perm += ",IpRanges=[{CidrIp=<your-ip>/32}]"
		}
		l.add("aws ec2 authorize-security-group-ingress %s --group-id %s --ip-permissions '%s'", l.region(), l.id(r.GroupRole), perm)
	}
}

func learnInstance(l *learner, r Resource) {
	in := l.p.Inputs
	l.add("aws ec2 run-instances %s --image-id %s --instance-type %s --key-name %s "+
		"--network-interfaces 'DeviceIndex=0,SubnetId=%s,Groups=[%s],AssociatePublicIpAddress=false' "+
		"--metadata-options HttpTokens=required,HttpEndpoint=enabled "+
		"--block-device-mappings 'DeviceName=/dev/sda1,Ebs={VolumeSize=%d,VolumeType=gp3,Encrypted=true}' %s",
		l.region(), amiOrPlaceholder(in.AMI), in.InstanceType, KeyName(in.Prefix), l.id(r.SubnetRole), l.id(r.GroupRole), in.DiskGB, l.tags("instance", r))
	l.add("aws ec2 wait instance-running %s --instance-ids %s", l.region(), l.id(r.Role))
	if r.EIPRole != "" {
		l.add("aws ec2 associate-address %s --allocation-id %s --instance-id %s", l.region(), l.id(r.EIPRole), l.id(r.Role))
	}
}

func amiOrPlaceholder(ami string) string {
	if ami != "" {
		return ami
	}
	return "$(aws ssm get-parameter --name " + aws.UbuntuParameter + " --query Parameter.Value --output text)"
}
