package main

import (
	"fmt"
	"io"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// renderRoles are the servers a first-boot script can be rendered for.
const renderRoles = "web, db or bastion"

// runRenderUserData prints the first-boot script infrawiz hands to a
// server, without AWS and without reading or writing any state.
func runRenderUserData(f *flags, ro renderFlags, stdout io.Writer) error {
	role, in := ro.role, f.in
	switch role {
	case steps.ServerWeb, steps.ServerDB, steps.ServerBastion:
	case "":
		return usage("cli.render.needrole", catalog.Msg("cli.render.roles"))
	default:
		return usage("cli.render.badrole", role, catalog.Msg("cli.render.roles"))
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
