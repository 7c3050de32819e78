package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

// TestExport_BadFormatExits2BeforeAnyCall: a format export does not know
// is bad input, refused before AWS is asked anything.
func TestExport_BadFormatExits2BeforeAnyCall(t *testing.T) {
	for _, format := range []string{"svg", "yaml", ""} {
		_, tw := unitCLIEnv(t)
		code, stdout, stderr := unitRunCLI(t, "export", "--prefix", "ok", "--format", format)
		if code != exitInput || stdout != "" || !strings.Contains(stderr, "format") || !strings.Contains(stderr, "md, csv, json, ssh-config, drawio or awscli") {
			t.Fatalf("--format %q: exit %d\nstdout %q\nstderr %q", format, code, stdout, stderr)
		}
		if n := tw.hits.Load(); n != 0 {
			t.Fatalf("--format %q called AWS %d times (last %v)", format, n, tw.last.Load())
		}
	}
}

// TestExport_MotoEveryFormatListsEveryResource applies a whole stack in the
// emulator, then exports it in each format, to stdout and to a file.
func TestExport_MotoEveryFormatListsEveryResource(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	stack := []string{"--prefix", "expo", "--region", "ap-northeast-2"}

	// Nothing to export before the stack exists.
	if _, errs, code := c.run(append([]string{"export", "--format", "md"}, stack...)...); code != exitInput || !strings.Contains(errs, "expo") {
		t.Fatalf("export of a missing stack: exit %d %s", code, errs)
	}
	if _, errs, code := c.run(append([]string{"apply", "--yes", "--my-ip", "203.0.113.7"}, stack...)...); code != 0 {
		t.Fatalf("apply exit %d:\n%s", code, errs)
	}
	rep := c.report(stack...)
	if !rep.Complete() || len(rep.Rows) < 20 {
		t.Fatalf("applied stack: complete=%v rows=%d", rep.Complete(), len(rep.Rows))
	}
	var bastionIP string
	for _, r := range rep.Rows {
		if r.Role == steps.RoleBastion {
			bastionIP = r.PublicIP
		}
	}
	if bastionIP == "" {
		t.Fatalf("the bastion has no public IP: %+v", rep.Rows)
	}

	export := func(args ...string) string {
		t.Helper()
		out, errs, code := c.run(append(append([]string{"export"}, args...), stack...)...)
		if code != 0 {
			t.Fatalf("export %v: exit %d\n%s", args, code, errs)
		}
		return out
	}
	hasEveryName := func(format, text string) {
		t.Helper()
		for _, r := range rep.Rows {
			if !strings.Contains(text, r.Name) {
				t.Errorf("%s export lacks %s:\n%s", format, r.Name, text)
			}
		}
		if !strings.Contains(text, bastionIP) {
			t.Errorf("%s export lacks the bastion's IP %s", format, bastionIP)
		}
	}

	md := export("--format", "md")
	hasEveryName("md", md)
	if lines := strings.Count(md, "\n| "); lines != len(rep.Rows)+2 {
		t.Errorf("md has %d table lines, want %d:\n%s", lines, len(rep.Rows)+2, md)
	}
	if !strings.HasPrefix(md, "## Stack expo in ap-northeast-2") {
		t.Errorf("md heading:\n%s", md)
	}

	csvText := export("--format", "csv")
	hasEveryName("csv", csvText)
	recs, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil || len(recs) != len(rep.Rows)+1 || strings.Join(recs[0], ",") != "Name,Kind,ID,AZ,CIDR,Private IP,Public IP" {
		t.Errorf("csv: %v, %d records:\n%s", err, len(recs), csvText)
	}

	jsonText := export("--format", "json")
	hasEveryName("json", jsonText)
	var doc struct {
		Stack     string `json:"stack"`
		Resources []struct {
			Name string `json:"name"`
			ID   string `json:"id"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(jsonText), &doc); err != nil || doc.Stack != "expo" || len(doc.Resources) != len(rep.Rows) {
		t.Errorf("json: %v stack=%q resources=%d", err, doc.Stack, len(doc.Resources))
	}
	for i, r := range doc.Resources {
		if r.Name != rep.Rows[i].Name || r.ID != rep.Rows[i].ID {
			t.Errorf("json resource %d = %+v, status has %s %s", i, r, rep.Rows[i].Name, rep.Rows[i].ID)
		}
	}

	// -o writes the same bytes to a file, mode 0644, replacing an old one.
	path := filepath.Join(t.TempDir(), "summary.csv")
	if err := os.WriteFile(path, []byte(strings.Repeat("stale\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := export("--format", "csv", "-o", path); out != "" {
		t.Errorf("export -o printed to stdout: %q", out)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != csvText {
		t.Errorf("-o file: %v\n%s", err, got)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("-o file mode: %v %v", fi.Mode(), err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("temporary files left beside the export: %v", ents)
	}

	// A bad format is bad input here too.
	if out, errs, code := c.run(append([]string{"export", "--format", "png"}, stack...)...); code != exitInput || out != "" || !strings.Contains(errs, "md, csv, json, ssh-config, drawio or awscli") {
		t.Fatalf("--format png: exit %d\n%s%s", code, out, errs)
	}

	checkSSHConfig(t, export("--format", "ssh-config"), rep, home)
	// An unwritable -o fails (exit 1) and leaves nothing behind.
	bad := filepath.Join(home, "no", "such", "dir", "s.md")
	if _, errs, code := c.run(append([]string{"export", "-o", bad}, stack...)...); code != exitFailed || !strings.Contains(errs, bad) {
		t.Fatalf("unwritable -o: exit %d %s", code, errs)
	}
}

// checkSSHConfig has the real OpenSSH client resolve each host of an
// exported ssh_config (ssh -G connects nowhere): the bastion by its public
// IP, web and DB by their private IPs through the bastion, with the stack's
// .pem and known_hosts and strict host key checking.
func checkSSHConfig(t *testing.T, text string, rep steps.Report, home string) {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("ssh (openssh-client) is needed: %v", err)
		}
		t.Skip("ssh (openssh-client) is not installed")
	}
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rows := map[steps.Role]steps.Row{}
	for _, r := range rep.Rows {
		rows[r.Role] = r
	}
	bastion := rows["ec2-bastion"]
	pem := filepath.Join(home, ".ssh", "key-expo.pem")
	known := filepath.Join(home, ".infrawiz", "stacks", "expo-ap-northeast-2.known_hosts")
	for _, tc := range []struct{ role, addr, jump string }{
		{"ec2-bastion", bastion.PublicIP, ""},
		{"ec2-public", rows["ec2-public"].PrivateIP, bastion.Name},
		{"ec2-internal", rows["ec2-internal"].PrivateIP, bastion.Name},
	} {
		name := rows[steps.Role(tc.role)].Name
		out, err := exec.Command("ssh", "-G", "-F", cfg, name).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh -G %s: %v\n%s\n%s", name, err, out, text)
		}
		got := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(line, " "); ok {
				if _, seen := got[k]; !seen {
					got[k] = v
				}
			}
		}
		want := map[string]string{
			"hostname": tc.addr, "user": "ubuntu", "identityfile": pem, "identitiesonly": "yes",
			"userknownhostsfile": known, "stricthostkeychecking": "true",
		}
		if tc.jump != "" {
			want["proxyjump"] = tc.jump
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("ssh -G %s: %s = %q, want %q", name, k, got[k], v)
			}
		}
		if tc.jump == "" && got["proxyjump"] != "" {
			t.Errorf("the bastion must be reached directly, not through %q", got["proxyjump"])
		}
		if tc.addr == "" || strings.HasPrefix(tc.addr, "192.168.") == (tc.jump == "") {
			t.Errorf("%s: address %q: the bastion by public IP, the others by private IP", name, tc.addr)
		}
	}
}

// export --format awscli writes the mission as a bash script (0755) that
// bash parses, naming every planned resource, before anything exists; the
// script's run against moto with the real aws command is steps' test.
func TestExport_AWSCLIScript(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	path := filepath.Join(t.TempDir(), "deploy.sh")
	_, errs, code := c.run("export", "--format", "awscli", "-o", path, "--prefix", "cli9", "--region", "ap-northeast-2", "--my-ip", "203.0.113.7")
	if code != 0 || !strings.Contains(errs, path) {
		t.Fatalf("export awscli: exit %d %s", code, errs)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("the script: %v %v", fi, err)
	}
	if out, err := exec.Command("bash", "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v %s", err, out)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"#!/usr/bin/env bash", "set -euo pipefail", "aws ec2 create-vpc", "cli9-subnet-admin-2a", "cli9-ec2-bastion-2a", "wait nat-gateway-available"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the script lacks %q", want)
		}
	}
}
