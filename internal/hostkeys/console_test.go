package hostkeys

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func newKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newECDSA(t *testing.T) ssh.PublicKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestParseConsoleCloudInit(t *testing.T) {
	ed, ec := newKey(t), newECDSA(t)
	text := "[    5.123456] cloud-init[812]: Cloud-init v. 23.1 running 'modules:final'\r\n" +
		strings.ReplaceAll(Format([]ssh.PublicKey{ec, ed}, "ip-10-0-0-1", true), "\n", "\r\n") +
		"[   12.000001] random kernel noise\r\n"
	c := ParseConsole(text)
	if len(c.Fingerprints) != 2 || len(c.Keys) != 2 {
		t.Fatalf("got %d fingerprints, %d keys; want 2, 2: %+v", len(c.Fingerprints), len(c.Keys), c)
	}
	f := c.Fingerprints[1]
	if f.SHA256 != ssh.FingerprintSHA256(ed) || f.Type != "ED25519" || f.Bits != 256 || f.Comment != "root@ip-10-0-0-1" {
		t.Errorf("fingerprint line parsed as %+v", f)
	}
	if string(c.Keys[1].Marshal()) != string(ed.Marshal()) || c.Keys[0].Type() != ssh.KeyAlgoECDSA256 {
		t.Errorf("keys parsed wrong: %s %s", c.Keys[0].Type(), c.Keys[1].Type())
	}
}

func TestParseConsoleNoiseAndGaps(t *testing.T) {
	ed, ed2 := newKey(t), newKey(t)
	fp := ssh.FingerprintSHA256(ed2)
	for _, tc := range []struct {
		name           string
		text           string
		wantFP, wantKs int
		wantFirstFP    string
	}{
		{"empty", "", 0, 0, ""},
		{"no blocks", "Ubuntu 22.04 LTS ip-10-0-0-1 ttyS0\nlogin:", 0, 0, ""},
		{"fingerprints only", "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\nec2: 256 " + fp + " root@h (ED25519)\nec2: -----END SSH HOST KEY FINGERPRINTS-----\n", 1, 0, fp},
		{"kernel line inside the block", "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n[ 3.1] eth0: link up\nec2: 256 " + fp + " root@h (ED25519)\n-----END SSH HOST KEY FINGERPRINTS-----", 1, 0, fp},
		{"end line lost", "-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 " + fp + " root@h (ED25519)\n", 1, 0, fp},
		{"rebooted: last block counts", Format([]ssh.PublicKey{ed}, "old", true) + Format([]ssh.PublicKey{ed2}, "new", true), 1, 1, fp},
		{"garbage key line", "-----BEGIN SSH HOST KEY KEYS-----\nssh-ed25519 AAAAnotbase64!!\n-----END SSH HOST KEY KEYS-----\n", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ParseConsole(tc.text)
			if len(c.Fingerprints) != tc.wantFP || len(c.Keys) != tc.wantKs {
				t.Fatalf("got %d fingerprints, %d keys; want %d, %d", len(c.Fingerprints), len(c.Keys), tc.wantFP, tc.wantKs)
			}
			if tc.wantFirstFP != "" && c.Fingerprints[0].SHA256 != tc.wantFirstFP {
				t.Errorf("fingerprint %s, want %s", c.Fingerprints[0].SHA256, tc.wantFirstFP)
			}
			if c.Empty() != (tc.wantFP+tc.wantKs == 0) {
				t.Errorf("Empty() = %v", c.Empty())
			}
		})
	}
}
