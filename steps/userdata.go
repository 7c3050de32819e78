package steps

// UserData returns the first-boot script of a server. The bastion hardening
// and the prompts arrive with the check; the slot exists now so servers are
// created with it from the start.
func UserData(server string) string {
	return "#!/bin/bash\n# infrawiz: " + server + " server\nset -eu\n"
}
