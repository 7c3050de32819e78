package steps

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// LoginUser is the account Canonical's Ubuntu images create for the key
// pair's key.
const LoginUser = "ubuntu"

// loginUser is what a login user may look like: a POSIX portable user
// name, which also keeps anything odd out of an ssh_config line.
var loginUser = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)

// CheckLoginUser refuses a user name no Linux image would have.
func CheckLoginUser(user string) error {
	if loginUser.MatchString(user) {
		return nil
	}
	return newFieldError("ssh-user", user, "ssh-user.format")
}

// ServerRoles maps each server of the mission to its instance's role, in the
// order a student meets them: the bastion first, since the others are
// reached through it.
var ServerRoles = []struct {
	Server string
	Role   Role
}{
	{ServerBastion, RoleBastion},
	{ServerWeb, RoleWeb},
	{ServerDB, RoleDB},
}

// KnownHostsPath is the stack's own known_hosts file, beside its progress
// file: host keys pinned for one stack never clash with another stack's
// servers that reuse the same private addresses.
func KnownHostsPath(statePath string) string {
	return strings.TrimSuffix(statePath, filepath.Ext(statePath)) + ".known_hosts"
}

// IdentityFile is the private key that logs in to a stack's servers: the
// generated .pem, or, for an imported public key, the file beside it
// without ".pub" (ssh-keygen's naming).
func IdentityFile(sshDir string, in Inputs) string {
	if in.PublicKey == "" {
		return KeyPath(sshDir, in.Prefix)
	}
	return strings.TrimSuffix(in.PublicKey, ".pub")
}

// SSHConfigOptions are the local paths an ssh_config needs.
type SSHConfigOptions struct {
	User         string // LoginUser when empty
	IdentityFile string
	KnownHosts   string
}

// SSHConfig renders Host entries for the stack's servers: the bastion by its
// public IP, web and DB by their private IPs through the bastion
// (ProxyJump), so `ssh <prefix>-ec2-internal-2a` works with no key ever
// copied to the bastion. Host keys are checked strictly against the stack's
// known_hosts, which `infrawiz check` fills. A server not created yet is
// left out, with a comment saying so.
func SSHConfig(r Report, o SSHConfigOptions) string {
	rows := map[Role]Row{}
	for _, row := range r.Rows {
		rows[row.Role] = row
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# infrawiz: the servers of stack %s in %s.\n", r.Stack, r.Region)
	b.WriteString("# Use it with `ssh -F THIS_FILE NAME`, or add `Include THIS_FILE` at the top of ~/.ssh/config.\n")
	b.WriteString("# Host keys are verified against the stack's known_hosts; `infrawiz check` pins them.\n")
	bastion := rows[RoleBastion]
	for _, s := range ServerRoles {
		row, ok := rows[s.Role]
		addr := row.PrivateIP
		if s.Server == ServerBastion {
			addr = row.PublicIP
		}
		if !ok || addr == "" || row.ID == "" || row.ID == "-" {
			fmt.Fprintf(&b, "\n# %s (%s): not created yet, or it has no address\n", s.Server, s.Role)
			continue
		}
		if s.Server != ServerBastion && bastion.PublicIP == "" {
			fmt.Fprintf(&b, "\n# %s (%s): reached only through the bastion, which has no public IP yet\n", s.Server, s.Role)
			continue
		}
		fmt.Fprintf(&b, "\n# %s, %s\nHost %s\n", s.Server, row.ID, row.Name)
		fmt.Fprintf(&b, "    HostName %s\n", addr)
		fmt.Fprintf(&b, "    User %s\n", cmp.Or(o.User, LoginUser))
		if s.Server != ServerBastion {
			fmt.Fprintf(&b, "    ProxyJump %s\n", bastion.Name)
		}
		fmt.Fprintf(&b, "    IdentityFile %s\n", sshQuote(o.IdentityFile))
		b.WriteString("    IdentitiesOnly yes\n")
		fmt.Fprintf(&b, "    UserKnownHostsFile %s\n", sshQuote(o.KnownHosts))
		b.WriteString("    StrictHostKeyChecking yes\n")
		b.WriteString("    ServerAliveInterval 60\n")
	}
	return b.String()
}

// sshQuote quotes a path for ssh_config, which splits arguments on spaces
// and takes double quotes around one.
func sshQuote(s string) string {
	if strings.ContainsAny(s, " \t\"") {
		return `"` + strings.ReplaceAll(s, `"`, ``) + `"`
	}
	return s
}
