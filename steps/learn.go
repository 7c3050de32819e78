package steps

import (
	"fmt"

	"github.com/infrawiz/infrawiz/aws"
)

// LearnCommands returns the AWS CLI commands that do what a step does, with
// the real ids where they are known (ids by role) and a placeholder naming
// the resource where not, so a student sees what the console or the CLI
// would have done.
func LearnCommands(p Plan, step Step, ids map[Role]string) []string {
	in := p.Inputs
	id := func(role Role) string {
		if v := ids[role]; v != "" {
			return v
		}
		if r, ok := p.Get(role); ok {
			return "<" + r.Name + ">"
		}
		return "<" + string(role) + ">"
	}
	tags := func(rt string, r Resource) string {
		return fmt.Sprintf("--tag-specifications 'ResourceType=%s,Tags=[{Key=Name,Value=%s},{Key=%s,Value=%s},{Key=%s,Value=%s}]'",
			rt, r.Name, aws.TagStack, in.Prefix, aws.TagRole, r.Role)
	}
	region := "--region " + in.Region
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, r := range p.Resources {
		if r.Step != step {
			continue
		}
		switch r.Kind {
		case aws.KindKeyPair:
			if in.PublicKey == "" {
				add("ssh-keygen -t ed25519 -N '' -f ~/.ssh/%s.pem && chmod 400 ~/.ssh/%s.pem", r.Name, r.Name)
				add("aws ec2 import-key-pair %s --key-name %s --public-key-material fileb://~/.ssh/%s.pem.pub %s", region, r.Name, r.Name, tags("key-pair", r))
			} else {
				add("aws ec2 import-key-pair %s --key-name %s --public-key-material fileb://%s %s", region, r.Name, in.PublicKey, tags("key-pair", r))
			}
		case aws.KindVPC:
			add("aws ec2 create-vpc %s --cidr-block %s %s", region, r.CIDR, tags("vpc", r))
			add("aws ec2 modify-vpc-attribute %s --vpc-id %s --enable-dns-hostnames", region, id(RoleVPC))
		case aws.KindSubnet:
			add("aws ec2 create-subnet %s --vpc-id %s --cidr-block %s --availability-zone %s %s", region, id(RoleVPC), r.CIDR, r.AZ, tags("subnet", r))
		case aws.KindInternetGateway:
			add("aws ec2 create-internet-gateway %s %s", region, tags("internet-gateway", r))
			add("aws ec2 attach-internet-gateway %s --internet-gateway-id %s --vpc-id %s", region, id(r.Role), id(RoleVPC))
		case aws.KindElasticIP:
			add("aws ec2 allocate-address %s --domain vpc %s", region, tags("elastic-ip", r))
		case aws.KindNATGateway:
			add("aws ec2 create-nat-gateway %s --subnet-id %s --allocation-id %s %s", region, id(r.SubnetRole), id(r.EIPRole), tags("natgateway", r))
			add("aws ec2 wait nat-gateway-available %s --nat-gateway-ids %s", region, id(r.Role))
		case aws.KindRouteTable:
			add("aws ec2 create-route-table %s --vpc-id %s %s", region, id(RoleVPC), tags("route-table", r))
			for _, s := range r.SubnetRoles {
				add("aws ec2 associate-route-table %s --route-table-id %s --subnet-id %s", region, id(r.Role), id(s))
			}
		case aws.KindRoute:
			target := "--gateway-id " + id(r.TargetRole)
			if t, ok := p.Get(r.TargetRole); ok && t.Kind == aws.KindNATGateway {
				target = "--nat-gateway-id " + id(r.TargetRole)
			}
			add("aws ec2 create-route %s --route-table-id %s --destination-cidr-block %s %s", region, id(r.TableRole), r.CIDR, target)
		case aws.KindSecurityGroup:
			add("aws ec2 create-security-group %s --group-name %s --description %q --vpc-id %s %s", region, r.Name, r.Detail, id(RoleVPC), tags("security-group", r))
		case aws.KindSGRules:
			for _, rule := range r.Rules {
				perm := fmt.Sprintf("IpProtocol=%s,FromPort=%d,ToPort=%d", rule.Protocol, rule.FromPort, rule.ToPort)
				switch {
				case rule.SourceRole != "":
					perm += ",UserIdGroupPairs=[{GroupId=" + id(rule.SourceRole) + "}]"
				case rule.CIDR != "":
					perm += ",IpRanges=[{CidrIp=" + rule.CIDR + "}]"
				default:
					perm += ",IpRanges=[{CidrIp=<your-ip>/32}]"
				}
				add("aws ec2 authorize-security-group-ingress %s --group-id %s --ip-permissions '%s'", region, id(r.GroupRole), perm)
			}
		case aws.KindInstance:
			add("aws ec2 run-instances %s --image-id %s --instance-type %s --key-name %s "+
				"--network-interfaces 'DeviceIndex=0,SubnetId=%s,Groups=[%s],AssociatePublicIpAddress=false' "+
				"--metadata-options HttpTokens=required,HttpEndpoint=enabled "+
				"--block-device-mappings 'DeviceName=/dev/sda1,Ebs={VolumeSize=%d,VolumeType=gp3,Encrypted=true}' %s",
				region, amiOrPlaceholder(in.AMI), in.InstanceType, KeyName(in.Prefix), id(r.SubnetRole), id(r.GroupRole), in.DiskGB, tags("instance", r))
			add("aws ec2 wait instance-running %s --instance-ids %s", region, id(r.Role))
			if r.EIPRole != "" {
				add("aws ec2 associate-address %s --allocation-id %s --instance-id %s", region, id(r.EIPRole), id(r.Role))
			}
		}
	}
	return out
}

func amiOrPlaceholder(ami string) string {
	if ami != "" {
		return ami
	}
	return "$(aws ssm get-parameter --name " + aws.UbuntuParameter + " --query Parameter.Value --output text)"
}
