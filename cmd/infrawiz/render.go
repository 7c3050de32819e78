package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/infrawiz/infrawiz/steps"
)

// renderRoles are the servers a first-boot script can be rendered for.
const renderRoles = "web, db or bastion"

// cmdRender prints what infrawiz would hand to a server, without AWS and
// without reading or writing any state: for now the first-boot script.
func cmdRender(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "userdata" {
		what := "nothing"
		if len(args) > 0 {
			what = fmt.Sprintf("%q", args[0])
		}
		return usageError{fmt.Sprintf("render what? got %s; usage: infrawiz render userdata --role web|db|bastion [--prefix P] [--region R] [--syslog-target HOST[:PORT]]", what)}
	}
	fs := flag.NewFlagSet("infrawiz render userdata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var role string
	in := steps.Inputs{}
	fs.StringVar(&role, "role", "", "the server: "+renderRoles)
	fs.StringVar(&in.Prefix, "prefix", "", "names start with it (default: your user name)")
	fs.StringVar(&in.Region, "region", "", "AWS region, for the zone in the host name (default "+steps.DefaultRegion+")")
	fs.StringVar(&in.SyslogTarget, "syslog-target", "", "remote syslog server HOST[:PORT] the bastion also sends its command audit log to")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	switch role {
	case steps.ServerWeb, steps.ServerDB, steps.ServerBastion:
	case "":
		return usageError{"render userdata needs --role: " + renderRoles}
	default:
		return usageError{fmt.Sprintf("--role %q: want %s", role, renderRoles)}
	}
	if in.Prefix == "" {
		in.Prefix = defaultPrefix()
	}
	in = in.WithDefaults()
	host, err := renderHost(in, role)
	if err != nil {
		return err
	}
	script, err := steps.UserData(steps.UserDataParams{Role: role, Host: host, SyslogTarget: in.SyslogTarget})
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, script)
	return err
}

// renderHost is the server's Name as the plan gives it. Without AWS the
// region's zones are unknown; its first zone is named "a" everywhere, and
// every server lives in the first zone.
func renderHost(in steps.Inputs, role string) (string, error) {
	r := in.Region
	p, err := steps.BuildPlan(in, []string{r + "a", r + "b", r + "c"})
	if err != nil {
		return "", err
	}
	for _, res := range p.Resources {
		if res.Server == role {
			return res.Name, nil
		}
	}
	return "", fmt.Errorf("the plan has no %s server", role)
}
