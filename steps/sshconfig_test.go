package steps

import (
	"strings"
	"testing"
)

func TestSSHConfig_LeavesOutWhatCannotBeReached(t *testing.T) {
	rep := Report{Stack: "mh", Region: "ap-northeast-2", Rows: []Row{
		{Role: "ec2-public", Name: "mh-ec2-public-2a", ID: "i-1", PrivateIP: "192.168.11.10", PublicIP: "3.3.3.3"},
		{Role: "ec2-internal", Name: "mh-ec2-internal-2a", ID: "-"},
		{Role: "ec2-bastion", Name: "mh-ec2-bastion-2a", ID: "i-3", PrivateIP: "192.168.11.170"},
	}}
	got := SSHConfig(rep, SSHConfigOptions{IdentityFile: "/h/my keys/key-mh.pem", KnownHosts: "/h/k"})
	if strings.Contains(got, "\nHost ") {
		t.Errorf("no server is reachable without the bastion's public IP, yet:\n%s", got)
	}
	for _, want := range []string{"# bastion (ec2-bastion): not created yet", "# web (ec2-public): reached only through the bastion", "# db (ec2-internal): not created yet"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}

	rep.Rows[2].PublicIP = "4.4.4.4"
	got = SSHConfig(rep, SSHConfigOptions{IdentityFile: "/h/my keys/key-mh.pem", KnownHosts: "/h/k"})
	for _, want := range []string{
		"Host mh-ec2-bastion-2a\n    HostName 4.4.4.4\n",
		"Host mh-ec2-public-2a\n    HostName 192.168.11.10\n    User ubuntu\n    ProxyJump mh-ec2-bastion-2a\n",
		`IdentityFile "/h/my keys/key-mh.pem"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "3.3.3.3") {
		t.Errorf("web must be reached by its private IP through the bastion:\n%s", got)
	}
}

func TestKnownHostsPathAndIdentityFile(t *testing.T) {
	if got := KnownHostsPath("/h/.infrawiz/stacks/mh-ap-northeast-2.json"); got != "/h/.infrawiz/stacks/mh-ap-northeast-2.known_hosts" {
		t.Errorf("KnownHostsPath = %s", got)
	}
	if got := IdentityFile("/h/.ssh", Inputs{Prefix: "mh"}); got != "/h/.ssh/key-mh.pem" {
		t.Errorf("generated key: %s", got)
	}
	if got := IdentityFile("/h/.ssh", Inputs{Prefix: "mh", PublicKey: "/h/.ssh/id_ed25519.pub"}); got != "/h/.ssh/id_ed25519" {
		t.Errorf("imported key: %s", got)
	}
}
