package steps

import (
	"strconv"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
)

// The learn pane and the deploy script (AWSCLIScript) write the same AWS CLI
// commands, built here as shell words so that what is shown pastes into bash
// and runs: an id that is known is written as it is, one that is not yet is
// a shell variable named from the role (VPC_ID for "vpc", SUBNET_PUBLIC_1_ID
// for "subnet-public-1"), which the command creating the resource sets from
// its output (VPC_ID=$(aws ec2 create-vpc ... --query Vpc.VpcId --output
// text)). A word holding a variable is in double quotes, any other word
// with a character the shell reads in quotes, so no tag, bracket or brace
// is ever split, globbed or taken for a redirection.

// shVar is a shell variable a word refers to, by name.
type shVar string

// safeRune reports a character a word may hold unquoted.
func safeRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%_+=:,./-", r)
}

// word renders parts (literal strings, shVars, or slices of them) as one
// shell word: in double quotes if it refers to a variable, in single quotes
// if a literal character needs them, else bare.
func word(parts ...any) string {
	var flat []any
	var walk func(ps []any)
	walk = func(ps []any) {
		for _, p := range ps {
			switch x := p.(type) {
			case []any:
				walk(x)
			case string:
				if x != "" {
					flat = append(flat, x)
				}
			case shVar:
				flat = append(flat, x)
			}
		}
	}
	walk(parts)
	hasVar, safe := false, len(flat) > 0
	for _, p := range flat {
		switch x := p.(type) {
		case shVar:
			hasVar = true
		case string:
			if strings.IndexFunc(x, func(r rune) bool { return !safeRune(r) }) >= 0 {
				safe = false
			}
		}
	}
	var b strings.Builder
	switch {
	case hasVar:
		b.WriteByte('"')
		for i, p := range flat {
			switch x := p.(type) {
			case shVar:
				next := ""
				if i+1 < len(flat) {
					if s, ok := flat[i+1].(string); ok {
						next = s
					}
				}
				if next != "" && (next[0] == '_' || next[0] >= 'a' && next[0] <= 'z' || next[0] >= 'A' && next[0] <= 'Z' || next[0] >= '0' && next[0] <= '9') {
					b.WriteString("${" + string(x) + "}")
				} else {
					b.WriteString("$" + string(x))
				}
			case string:
				for _, r := range x {
					if strings.ContainsRune("\\$\"`", r) {
						b.WriteByte('\\')
					}
					b.WriteRune(r)
				}
			}
		}
		b.WriteByte('"')
	case safe:
		for _, p := range flat {
			b.WriteString(p.(string))
		}
	default:
		b.WriteByte('\'')
		for _, p := range flat {
			b.WriteString(strings.ReplaceAll(p.(string), "'", `'\''`))
		}
		b.WriteByte('\'')
	}
	return b.String()
}

// shellCmd is one command as groups of words; a group is never split
// across lines ("--vpc-id" and its value stay together).
type shellCmd struct {
	assign string // the variable the command's output is stored in, or ""
	groups [][]string
	// lines puts every group after the first on a line of its own.
	lines bool
}

// cmd builds a command from its first group (the program and its verb).
func cmd(words ...string) *shellCmd { return &shellCmd{groups: [][]string{words}} }

// arg adds a group of words.
func (c *shellCmd) arg(words ...string) *shellCmd {
	if len(words) > 0 {
		c.groups = append(c.groups, words)
	}
	return c
}

// into stores the command's output in a variable, asking the CLI for the
// one value (query) as text.
func (c *shellCmd) into(v, query string) *shellCmd {
	c.assign = v
	return c.arg("--query", word(query), "--output", "text")
}

// render lays the command out in lines of at most width columns where the
// groups allow, each continued with " \" and the next indented by two
// more spaces than indent, which starts the first.
func (c *shellCmd) render(indent string, width int) string {
	open, end := "", ""
	if c.assign != "" {
		open, end = c.assign+"=$(", ")"
	}
	cur := indent + open + strings.Join(c.groups[0], " ")
	var lines []string
	for i, g := range c.groups[1:] {
		s := strings.Join(g, " ")
		room := width - 2 // for " \"
		if i == len(c.groups)-2 {
			room = width - len(end)
		}
		if !c.lines && len(cur)+1+len(s) <= room {
			cur += " " + s
			continue
		}
		lines = append(lines, cur+" \\")
		cur = indent + "  " + s
	}
	return strings.Join(append(lines, cur+end), "\n")
}

// learnWidth is the learn pane's width in an 80-column terminal; the pane
// wraps a line that is still too long the same way.
const learnWidth = 56

// learner writes the AWS CLI commands of one step (LearnCommands) or of
// the whole mission (AWSCLIScript).
type learner struct {
	p   Plan
	ids map[Role]string
	// script: names from $PREFIX, the region from the environment, every
	// id a variable, instances with their user data and waited for
	// together after the last one.
	script bool
	out    []*shellCmd
	// Set once the command assigning the variable has been written.
	haveAMI, haveMyIP bool
	// servers are the instances the script launched, to wait for.
	servers []Resource
}

// varOf is the shell variable that holds a role's id where it is not
// known: the role in capitals with "_ID" ("subnet-public-1" is
// SUBNET_PUBLIC_1_ID).
func varOf(role Role) string {
	return strings.ToUpper(strings.ReplaceAll(string(role), "-", "_")) + "_ID"
}

// ref is a resource's id as a word part: the real id where it is known, else
// its variable.
func (l *learner) ref(role Role) any {
	if v := l.ids[role]; v != "" && !l.script {
		return v
	}
	return shVar(varOf(role))
}

// name is a name of the plan as word parts: in the script, the prefix is
// $PREFIX.
func (l *learner) name(n string) []any {
	prefix := l.p.Inputs.Prefix
	switch {
	case !l.script || prefix == "":
	case strings.HasPrefix(n, prefix+"-"):
		return []any{shVar("PREFIX"), n[len(prefix):]}
	case strings.HasSuffix(n, "-"+prefix):
		return []any{n[:len(n)-len(prefix)], shVar("PREFIX")}
	}
	return []any{n}
}

func (l *learner) stack() any {
	if l.script {
		return shVar("PREFIX")
	}
	return l.p.Inputs.Prefix
}

// tagSpec is one --tag-specifications value: the tags infrawiz writes on
// everything it creates, so status and destroy find the resource.
func (l *learner) tagSpec(rt string, r Resource) string {
	return word("ResourceType=", rt, ",Tags=[{Key=", aws.TagName, ",Value=", l.name(r.Name),
		"},{Key=", aws.TagStack, ",Value=", l.stack(),
		"},{Key=", aws.TagRole, ",Value=", string(r.Role),
		"},{Key=", aws.TagOwner, ",Value=", shVar("OWNER"), "}]")
}

// aws starts an AWS CLI command; the learn pane names the region in each.
func (l *learner) aws(words ...string) *shellCmd {
	c := cmd(append([]string{"aws"}, words...)...)
	if !l.script {
		c.arg("--region", l.p.Inputs.Region)
	}
	return c
}

func (l *learner) add(c *shellCmd) { l.out = append(l.out, c) }

// ownerCmd sets OWNER, the infrawiz:owner tag: who the credentials are.
func (l *learner) ownerCmd() *shellCmd {
	return cmd("aws", "sts", "get-caller-identity").into("OWNER", "Arn")
}

// LearnCommands returns the AWS CLI commands that do what a step does, each
// a string that pastes into bash and runs, laid out in lines joined by " \"
// between arguments. An id that is known (ids, by role) is written as it
// is; one that is not is a shell variable (varOf) that an earlier command
// sets, in this step or an earlier one, so the steps' commands pasted in
// order into one shell build the mission. Each step starts by setting OWNER,
// which the owner tag takes.
func LearnCommands(p Plan, step Step, ids map[Role]string) []string {
	l := &learner{p: p, ids: ids}
	for _, r := range p.Resources {
		if r.Step == step && kinds[r.Kind].learn != nil {
			kinds[r.Kind].learn(l, r)
		}
	}
	if len(l.out) == 0 {
		return nil
	}
	out := []string{l.ownerCmd().render("", learnWidth)}
	for _, c := range l.out {
		out = append(out, c.render("", learnWidth))
	}
	return out
}

// homePath is a path as word parts, with a leading "~/" as $HOME.
func homePath(p string) []any {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return []any{shVar("HOME"), "/" + rest}
	}
	return []any{p}
}

func learnKeyPair(l *learner, r Resource) {
	if pub := l.p.Inputs.PublicKey; pub != "" {
		l.add(l.aws("ec2", "import-key-pair").arg("--key-name", word(l.name(r.Name))).
			arg("--public-key-material", word("fileb://", homePath(pub))).
			arg("--tag-specifications", l.tagSpec("key-pair", r)))
		return
	}
	// As infrawiz does: the key is made here, and only its public half
	// goes to AWS.
	pem := []any{shVar("HOME"), "/.ssh/", l.name(r.Name), ".pem"}
	l.add(cmd("ssh-keygen", "-t", "ed25519", "-N", "''", "-C", word(l.name(r.Name))).arg("-f", word(pem)))
	l.add(cmd("chmod", "400", word(pem)))
	l.add(l.aws("ec2", "import-key-pair").arg("--key-name", word(l.name(r.Name))).
		arg("--public-key-material", word("fileb://", pem, ".pub")).
		arg("--tag-specifications", l.tagSpec("key-pair", r)))
}

func learnVPC(l *learner, r Resource) {
	l.add(l.aws("ec2", "create-vpc").arg("--cidr-block", r.CIDR).
		arg("--tag-specifications", l.tagSpec("vpc", r)).into(varOf(r.Role), "Vpc.VpcId"))
	l.add(l.aws("ec2", "modify-vpc-attribute").arg("--vpc-id", word(l.ref(r.Role))).arg("--enable-dns-hostnames"))
}

func learnSubnet(l *learner, r Resource) {
	l.add(l.aws("ec2", "create-subnet").arg("--vpc-id", word(l.ref(RoleVPC))).
		arg("--cidr-block", r.CIDR).arg("--availability-zone", r.AZ).
		arg("--tag-specifications", l.tagSpec("subnet", r)).into(varOf(r.Role), "Subnet.SubnetId"))
}

func learnInternetGateway(l *learner, r Resource) {
	l.add(l.aws("ec2", "create-internet-gateway").
		arg("--tag-specifications", l.tagSpec("internet-gateway", r)).into(varOf(r.Role), "InternetGateway.InternetGatewayId"))
	l.add(l.aws("ec2", "attach-internet-gateway").arg("--internet-gateway-id", word(l.ref(r.Role))).
		arg("--vpc-id", word(l.ref(RoleVPC))))
}

func learnElasticIP(l *learner, r Resource) {
	l.add(l.aws("ec2", "allocate-address").arg("--domain", "vpc").
		arg("--tag-specifications", l.tagSpec("elastic-ip", r)).into(varOf(r.Role), "AllocationId"))
}

func learnNATGateway(l *learner, r Resource) {
	l.add(l.aws("ec2", "create-nat-gateway").arg("--subnet-id", word(l.ref(r.SubnetRole))).
		arg("--allocation-id", word(l.ref(r.EIPRole))).
		arg("--tag-specifications", l.tagSpec("natgateway", r)).into(varOf(r.Role), "NatGateway.NatGatewayId"))
	l.add(l.aws("ec2", "wait", "nat-gateway-available").arg("--nat-gateway-ids", word(l.ref(r.Role))))
}

func learnRouteTable(l *learner, r Resource) {
	l.add(l.aws("ec2", "create-route-table").arg("--vpc-id", word(l.ref(RoleVPC))).
		arg("--tag-specifications", l.tagSpec("route-table", r)).into(varOf(r.Role), "RouteTable.RouteTableId"))
	for _, s := range r.SubnetRoles {
		l.add(l.aws("ec2", "associate-route-table").arg("--route-table-id", word(l.ref(r.Role))).
			arg("--subnet-id", word(l.ref(s))))
	}
}

func learnRoute(l *learner, r Resource) {
	target := "--gateway-id"
	if t, ok := l.p.Get(r.TargetRole); ok && t.Kind == aws.KindNATGateway {
		target = "--nat-gateway-id"
	}
	l.add(l.aws("ec2", "create-route").arg("--route-table-id", word(l.ref(r.TableRole))).
		arg("--destination-cidr-block", r.CIDR).arg(target, word(l.ref(r.TargetRole))))
}

func learnSecurityGroup(l *learner, r Resource) {
	// The description infrawiz gives the group.
	desc := word("infrawiz ", l.stack(), ": "+r.Detail)
	l.add(l.aws("ec2", "create-security-group").arg("--group-name", word(l.name(r.Name))).
		arg("--description", desc).arg("--vpc-id", word(l.ref(RoleVPC))).
		arg("--tag-specifications", l.tagSpec("security-group", r)).into(varOf(r.Role), "GroupId"))
}

func learnRules(l *learner, r Resource) {
	for _, rule := range r.Rules {
		perm := []any{"IpProtocol=", rule.Protocol, ",FromPort=", num(rule.FromPort), ",ToPort=", num(rule.ToPort)}
		desc := []any{",Description=", rule.Why}
		switch {
		case rule.SourceRole != "":
			perm = append(perm, ",UserIdGroupPairs=[{GroupId=", l.ref(rule.SourceRole), desc, "}]")
		case rule.CIDR != "" && !(l.script && rule.WhyMsg.Key == "sg.why.sshmine"):
			perm = append(perm, ",IpRanges=[{CidrIp=", rule.CIDR, desc, "}]")
		default:
			// The user's own address: the script's setting, or looked up.
			if !l.script && !l.haveMyIP {
				l.add(cmd("MY_IP=$(curl", "-fsS", "https://checkip.amazonaws.com)"))
				l.haveMyIP = true
			}
			perm = append(perm, ",IpRanges=[{CidrIp=", shVar("MY_IP"), "/32", desc, "}]")
		}
		l.add(l.aws("ec2", "authorize-security-group-ingress").arg("--group-id", word(l.ref(r.GroupRole))).
			arg("--ip-permissions", word(perm)).
			arg("--tag-specifications", l.tagSpec("security-group-rule", r)))
	}
}

func learnInstance(l *learner, r Resource) {
	in := l.p.Inputs
	var ami any = in.AMI
	if l.script || in.AMI == "" {
		ami = shVar("AMI")
	}
	if !l.script && in.AMI == "" && !l.haveAMI {
		l.add(l.aws("ssm", "get-parameter").arg("--name", aws.UbuntuParameter).into("AMI", "Parameter.Value"))
		l.haveAMI = true
	}
	c := l.aws("ec2", "run-instances").arg("--image-id", word(ami)).arg("--instance-type", in.InstanceType).
		arg("--key-name", word(l.name(KeyName(in.Prefix)))).
		arg("--network-interfaces", word("DeviceIndex=0,SubnetId=", l.ref(r.SubnetRole), ",Groups=[", l.ref(r.GroupRole),
			"],AssociatePublicIpAddress=false,DeleteOnTermination=true")).
		arg("--metadata-options", "HttpTokens=required,HttpEndpoint=enabled,HttpPutResponseHopLimit=1").
		arg("--block-device-mappings", word("DeviceName=", aws.DefaultRootDevice, ",Ebs={VolumeSize=", num(in.DiskGB),
			",VolumeType=gp3,Encrypted=true,DeleteOnTermination=true}"))
	if l.script {
		c.arg("--user-data", word("file://", shVar("WORK_DIR"), "/"+userDataFile(r.Server)))
	}
	c.arg("--tag-specifications", l.tagSpec("instance", r)).arg(l.tagSpec("volume", r)).arg(l.tagSpec("network-interface", r))
	l.add(c.into(varOf(r.Role), "Instances[0].InstanceId"))
	if l.script {
		// The script waits for every server at once, after the last.
		l.servers = append(l.servers, r)
		return
	}
	l.add(l.aws("ec2", "wait", "instance-running").arg("--instance-ids", word(l.ref(r.Role))))
	if r.EIPRole != "" {
		l.add(l.associate(r))
	}
}

// associate gives a server its Elastic IP.
func (l *learner) associate(r Resource) *shellCmd {
	return l.aws("ec2", "associate-address").arg("--allocation-id", word(l.ref(r.EIPRole))).
		arg("--instance-id", word(l.ref(r.Role)))
}

// userDataFile is the name the script writes a server's first-boot script
// under.
func userDataFile(server string) string { return "userdata-" + server + ".sh" }

func num(n int32) string { return strconv.Itoa(int(n)) }
