package steps

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
)

// The deploy script's layout: its commands are the learn pane's (learner in
// script mode), in lines of at most scriptWidth columns where the words
// allow, inside main() at one indent.
const (
	scriptWidth  = 80
	scriptIndent = "  "
	// userDataEnd ends each first-boot script's here-document; no line of
	// one may be it.
	userDataEnd = "END_OF_USER_DATA"
)

// scriptWriter collects the script's lines.
type scriptWriter struct {
	b    strings.Builder
	lang catalog.Lang
}

func (w *scriptWriter) line(s string) { w.b.WriteString(s + "\n") }

func (w *scriptWriter) blank() { w.b.WriteString("\n") }

// comment writes text as "# " lines of at most scriptWidth columns.
func (w *scriptWriter) comment(indent, text string) {
	for _, l := range WrapWords(text, scriptWidth-len(indent)-2) {
		w.line(strings.TrimRight(indent+"# "+l, " "))
	}
}

// remark is a comment with a message of the catalogue.
func (w *scriptWriter) remark(indent, key string, args ...any) {
	w.comment(indent, catalog.T(w.lang, key, args...))
}

// WrapWords breaks text at spaces into lines of at most width columns (a
// Hangul syllable takes two); a word longer than that has a line of its
// own, so a name, a path or a command's word is never cut.
func WrapWords(text string, width int) []string {
	var lines []string
	cur := ""
	for _, f := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = f
		case ansi.StringWidth(cur)+1+ansi.StringWidth(f) <= width:
			cur += " " + f
		default:
			lines = append(lines, cur)
			cur = f
		}
	}
	return append(lines, cur)
}

// AWSCLIScript writes the whole mission as one bash script of AWS CLI
// commands, the course's "write a deploy script" step: settings at the top
// (PREFIX, REGION, MY_IP, AMI), then every step in order, each resource
// created with infrawiz's tags in the same call and its id kept in the
// variable the learn pane names it by, the waits the mission needs, and a
// summary. Comments are in l; the commands are the same in every language.
// It is only the API calls: nothing resumes, nothing checks who owns what.
func AWSCLIScript(p Plan, l catalog.Lang) ([]byte, error) {
	in := p.Inputs
	if in.Prefix == "" || in.Region == "" || len(p.Resources) == 0 {
		return nil, errors.New("awscli: the plan is empty")
	}
	if _, ok := p.Get(RoleKey); !ok {
		return nil, errors.New("awscli: the plan has no key pair")
	}
	userData := map[string]string{}
	for _, r := range p.Resources {
		if r.Kind != aws.KindInstance {
			continue
		}
		ud, err := UserData(UserDataParams{Role: r.Server, Host: r.Name, SyslogTarget: in.SyslogTarget})
		if err != nil {
			return nil, fmt.Errorf("awscli: %w", err)
		}
		if !strings.HasSuffix(ud, "\n") || strings.Contains("\n"+ud, "\n"+userDataEnd+"\n") {
			return nil, fmt.Errorf("awscli: the first-boot script of %s cannot be embedded", r.Name)
		}
		userData[r.Server] = ud
	}
	myIP := ""
	if in.MyIP != "" {
		ip, err := NormalizeIP(in.MyIP, in.Sandbox)
		if err != nil {
			return nil, err
		}
		myIP = strings.TrimSuffix(ip, "/32")
	}

	w := &scriptWriter{lang: l}
	lr := &learner{p: p, script: true}
	writeHeader(w, p)

	w.line("set -euo pipefail")
	w.blank()
	w.comment("", "--- "+catalog.T(l, "awscli.settings")+" ---")
	w.remark("", "awscli.prefix")
	w.line("PREFIX=" + word(in.Prefix))
	w.remark("", "awscli.region")
	w.line("REGION=" + word(in.Region))
	if myIP != "" {
		w.remark("", "awscli.myip")
		w.line(`MY_IP="${MY_IP:-` + myIP + `}"`)
	} else {
		w.remark("", "awscli.myip.lookup")
		w.line(`MY_IP="${MY_IP:-$(curl -fsS https://checkip.amazonaws.com)}"`)
	}
	if in.AMI != "" {
		w.remark("", "awscli.ami.given")
	} else {
		w.remark("", "awscli.ami")
	}
	w.line(`AMI="${AMI:-` + in.AMI + `}"`)
	w.blank()
	w.remark("", "awscli.env")
	w.line(`export AWS_REGION="$REGION" AWS_DEFAULT_REGION="$REGION" AWS_PAGER=""`)
	w.remark("", "awscli.umask")
	w.line("umask 077")
	w.remark("", "awscli.endpoint")
	w.line(`aws() { command aws ${AWS_ENDPOINT:+--endpoint-url "$AWS_ENDPOINT"} "$@"; }`)
	w.blank()

	w.remark("", "awscli.main")
	w.line("main() {")
	ind := scriptIndent
	w.remark(ind, "awscli.owner")
	w.line(ind + "OWNER=$(aws sts get-caller-identity --query Arn --output text)")
	if hasKind(p, aws.KindInstance) {
		w.remark(ind, "awscli.ami.lookup")
		w.line(ind + `if [ -z "$AMI" ]; then`)
		w.line(cmd("aws", "ssm", "get-parameter").arg("--name", aws.UbuntuParameter).
			into("AMI", "Parameter.Value").arg("2>/dev/null").render(ind+"  ", scriptWidth) + " ||")
		w.line(cmd("aws", "ec2", "describe-images").arg("--owners", aws.CanonicalOwner).
			arg("--filters", word("Name=name,Values=ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*,"+
				"ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-*")).
			arg("Name=architecture,Values=x86_64", "Name=state,Values=available").
			into("AMI", "sort_by(Images, &CreationDate)[-1].ImageId").render(ind+"    ", scriptWidth))
		w.line(ind + "fi")
		w.line(ind + `if [ -z "$AMI" ] || [ "$AMI" = None ]; then`)
		w.line(ind + "  echo " + word(catalog.T(l, "awscli.noami", in.Region)) + " >&2")
		w.line(ind + "  exit 1")
		w.line(ind + "fi")
	}
	w.remark(ind, "awscli.workdir")
	w.line(ind + "WORK_DIR=$(mktemp -d)")
	w.line(ind + `trap 'rm -rf "$WORK_DIR"' EXIT`)

	// render writes the commands the learner added since the last call.
	done := 0
	render := func() {
		for _, c := range lr.out[done:] {
			quiet(c)
			w.line(c.render(ind, scriptWidth))
		}
		done = len(lr.out)
	}
	steps := 0
	for _, st := range Steps {
		if stepResources(p, st) > 0 {
			steps++
		}
	}
	n := 0
	for _, st := range Steps {
		if stepResources(p, st) == 0 {
			continue
		}
		n++
		w.blank()
		title := catalog.T(l, "awscli.step", n, steps, catalog.T(l, "step."+st.String()))
		w.comment(ind, "=== "+title+" ===")
		writeStepIntro(w, ind, p, st)
		w.line(ind + "echo " + word("==> "+title))
		for _, r := range p.Resources {
			if r.Step != st {
				continue
			}
			if r.Detail != "" {
				w.comment(ind, r.Name+": "+r.DetailMsg.In(l))
			}
			switch {
			case r.Kind == aws.KindKeyPair:
				writeKeyPair(w, ind, lr, r)
			case r.Kind == aws.KindInstance:
				w.line(ind + "userdata_" + r.Server + " >" + word(shVar("WORK_DIR"), "/"+userDataFile(r.Server)))
				kinds[r.Kind].learn(lr, r)
			case kinds[r.Kind].learn != nil:
				kinds[r.Kind].learn(lr, r)
			}
			render()
		}
		if st == StepServers && len(lr.servers) > 0 {
			w.remark(ind, "awscli.wait")
			wait := lr.aws("ec2", "wait", "instance-running").arg("--instance-ids")
			for _, s := range lr.servers {
				wait.arg(word(lr.ref(s.Role)))
			}
			lr.add(wait)
			for _, s := range lr.servers {
				if s.EIPRole != "" {
					lr.add(lr.associate(s))
				}
			}
			render()
		}
	}
	writeSummary(w, ind, p, lr)
	w.line("}")
	w.blank()

	if len(userData) > 0 {
		w.comment("", "--- "+catalog.T(l, "awscli.appendix"))
		for _, server := range []string{ServerWeb, ServerDB, ServerBastion} {
			ud, ok := userData[server]
			if !ok {
				continue
			}
			w.blank()
			w.line("userdata_" + server + "() {")
			w.line("  cat <<'" + userDataEnd + "'")
			w.b.WriteString(ud)
			w.line(userDataEnd)
			w.line("}")
		}
		w.blank()
	}
	w.remark("", "awscli.run")
	w.line(`main "$@"`)
	return []byte(w.b.String()), nil
}

// quiet sends the answer of an AWS call nothing reads to /dev/null, so
// that the script prints its steps and its summary; errors still show.
func quiet(c *shellCmd) {
	g := c.groups[0]
	if c.assign == "" && len(g) >= 3 && g[0] == "aws" && g[2] != "wait" {
		last := len(c.groups) - 1
		c.groups[last] = append(c.groups[last], ">/dev/null")
	}
}

func hasKind(p Plan, k aws.Kind) bool {
	for _, r := range p.Resources {
		if r.Kind == k {
			return true
		}
	}
	return false
}

func stepResources(p Plan, st Step) int {
	n := 0
	for _, r := range p.Resources {
		if r.Step == st {
			n++
		}
	}
	return n
}

// writeHeader says what the script builds and what it is not.
func writeHeader(w *scriptWriter, p Plan) {
	in := p.Inputs
	w.line("#!/usr/bin/env bash")
	w.remark("", "awscli.title", in.Prefix, in.Region)
	w.line("#")
	w.remark("", "awscli.course")
	w.line("#")
	w.remark("", "awscli.builds")
	n := 0
	for _, st := range Steps {
		var items []string
		for _, r := range p.Resources {
			if r.Step != st || r.Kind == aws.KindRoute || r.Kind == aws.KindSGRules {
				continue
			}
			item := r.Name
			switch {
			case r.Kind == aws.KindSubnet:
				item += " (" + r.CIDR + ", " + r.AZ + ")"
			case r.CIDR != "":
				item += " (" + r.CIDR + ")"
			}
			items = append(items, item)
		}
		if len(items) == 0 {
			continue
		}
		n++
		text := fmt.Sprintf("%d. %s: %s", n, catalog.T(w.lang, "step."+st.String()), strings.Join(items, ", "))
		for i, l := range WrapWords(text, scriptWidth-7) {
			if i == 0 {
				w.line("#   " + l)
			} else {
				w.line("#      " + l)
			}
		}
	}
	w.line("#")
	w.remark("", "awscli.limits")
	w.line("#")
	w.remark("", "awscli.tags")
	w.line("#   " + Command(in, "status"))
	w.line("#   " + Command(in, "destroy"))
	w.line("#")
	w.remark("", "awscli.cost")
	w.remark("", "awscli.needs")
	w.blank()
}

// writeStepIntro explains a step before its commands.
func writeStepIntro(w *scriptWriter, ind string, p Plan, st Step) {
	in := p.Inputs
	switch st {
	case StepKey:
		if in.PublicKey != "" {
			w.remark(ind, "awscli.step.key.import", in.PublicKey)
		} else {
			w.remark(ind, "awscli.step.key.new", "~/.ssh/"+KeyName(in.Prefix)+".pem")
		}
	case StepVPC:
		w.remark(ind, "awscli.step.vpc")
	case StepSubnets:
		w.remark(ind, "awscli.step.subnets")
	case StepGateways:
		if in.NoNAT {
			w.remark(ind, "awscli.step.gateways.nonat")
		} else {
			w.remark(ind, "awscli.step.gateways")
		}
	case StepRoutes:
		if in.NoNAT {
			w.remark(ind, "awscli.step.routes.nonat")
		} else {
			w.remark(ind, "awscli.step.routes")
		}
	case StepSecurityGroups:
		w.remark(ind, "awscli.step.sgs")
	case StepServers:
		w.remark(ind, "awscli.step.servers", in.DiskGB)
	}
}

// writeKeyPair makes the key pair: imported from the plan's public key, or
// made by AWS and its private key saved where infrawiz keeps it (a key
// file already there is kept and its public half imported).
func writeKeyPair(w *scriptWriter, ind string, lr *learner, r Resource) {
	in := lr.p.Inputs
	name := word(lr.name(r.Name))
	if pub := in.PublicKey; pub != "" {
		w.line(ind + "KEY_FILE=" + word(homePath(strings.TrimSuffix(pub, ".pub"))))
		c := lr.aws("ec2", "import-key-pair").arg("--key-name", name).
			arg("--public-key-material", word("fileb://", homePath(pub))).
			arg("--tag-specifications", lr.tagSpec("key-pair", r))
		quiet(c)
		w.line(c.render(ind, scriptWidth))
		return
	}
	keyFile := word(shVar("KEY_FILE"))
	w.line(ind + "KEY_FILE=" + word(shVar("HOME"), "/.ssh/", lr.name(r.Name), ".pem"))
	w.line(ind + `mkdir -p "$HOME/.ssh"`)
	w.line(ind + "if [ -e " + keyFile + " ]; then")
	w.line(ind + "  ssh-keygen -y -f " + keyFile + ` >"$WORK_DIR/key.pub"`)
	c := lr.aws("ec2", "import-key-pair").arg("--key-name", name).
		arg("--public-key-material", word("fileb://", shVar("WORK_DIR"), "/key.pub")).
		arg("--tag-specifications", lr.tagSpec("key-pair", r))
	quiet(c)
	w.line(c.render(ind+"  ", scriptWidth))
	w.line(ind + "else")
	w.line(lr.aws("ec2", "create-key-pair").arg("--key-name", name).arg("--key-type", "ed25519").
		arg("--tag-specifications", lr.tagSpec("key-pair", r)).
		arg("--query", "KeyMaterial", "--output", "text", ">"+keyFile).render(ind+"  ", scriptWidth))
	w.line(ind + "  chmod 400 " + keyFile)
	w.line(ind + "fi")
}

// writeSummary lists what was built with its id, the servers' addresses,
// and how to reach the bastion.
func writeSummary(w *scriptWriter, ind string, p Plan, lr *learner) {
	w.blank()
	w.comment(ind, "=== "+catalog.T(w.lang, "awscli.summary")+" ===")
	w.line(ind + "echo")
	w.line(ind + "echo " + word(catalog.T(w.lang, "awscli.done", p.Inputs.Prefix, p.Inputs.Region)))
	c := cmd("printf", `'  %-28s %s\n'`)
	c.lines = true
	for _, r := range p.Resources {
		switch r.Kind {
		case aws.KindKeyPair, aws.KindRoute, aws.KindSGRules:
			continue
		}
		c.arg(word(lr.name(r.Name)), word(lr.ref(r.Role)))
	}
	w.line(c.render(ind, scriptWidth))
	if len(lr.servers) == 0 {
		return
	}
	desc := cmd("aws", "ec2", "describe-instances").arg("--instance-ids")
	for _, s := range lr.servers {
		desc.arg(word(lr.ref(s.Role)))
	}
	// In double quotes, so that the query's own quotes need no escape.
	desc.arg("--query", `"Reservations[].Instances[].[Tags[?Key=='Name']|[0].Value,InstanceId,PrivateIpAddress,PublicIpAddress]"`).
		arg("--output", "table")
	w.line(desc.render(ind, scriptWidth))
	if b, ok := p.Get(RoleBastion); ok && b.EIPRole != "" {
		w.line(cmd("aws", "ec2", "describe-addresses").arg("--allocation-ids", word(lr.ref(b.EIPRole))).
			into("BASTION_IP", "Addresses[0].PublicIp").render(ind, scriptWidth))
		w.line(ind + "echo " + word(catalog.T(w.lang, "awscli.connect")))
		w.line(ind + `echo "  ssh -i $KEY_FILE ubuntu@$BASTION_IP"`)
	}
}
