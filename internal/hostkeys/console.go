// Package hostkeys decides whether an SSH server is the instance it claims to
// be. It reads the host keys cloud-init prints on an instance's console,
// keeps a known_hosts file of the stack's own (OpenSSH format, so ssh -o
// UserKnownHostsFile= can use it too), and gives one HostKeyCallback per
// host that pins, verifies, trusts on first use or refuses, and records how.
package hostkeys

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Fingerprint is one line of cloud-init's fingerprint block, e.g.
// "256 SHA256:Zm9v... root@ip-10-0-0-1 (ED25519)".
type Fingerprint struct {
	Bits    int
	SHA256  string // with the "SHA256:" prefix, as ssh.FingerprintSHA256 gives it
	Type    string // ED25519, ECDSA, RSA, DSA
	Comment string
}

// Console is what an instance's console says about its host keys. Either
// part may be missing: the key block is printed only where cloud-init is told
// to (ssh_key_console_blacklist), and a console that has not reached
// cloud-init yet holds neither.
type Console struct {
	Keys         []ssh.PublicKey
	Fingerprints []Fingerprint
}

// Empty reports whether the console said nothing about host keys.
func (c Console) Empty() bool { return len(c.Keys) == 0 && len(c.Fingerprints) == 0 }

const (
	beginFP   = "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
	endFP     = "-----END SSH HOST KEY FINGERPRINTS-----"
	beginKeys = "-----BEGIN SSH HOST KEY KEYS-----"
	endKeys   = "-----END SSH HOST KEY KEYS-----"
)

// The payload may follow any prefix on the line (cloud-init's "ec2: ", a
// kernel timestamp, "cloud-init[812]: "), and kernel messages may be
// interleaved inside a block, so lines are matched, not sliced.
var (
	fpLine  = regexp.MustCompile(`(\d+) (SHA256:[A-Za-z0-9+/=]+) (.*?) ?\(([A-Z0-9-]+)\)\s*$`)
	keyLine = regexp.MustCompile(`(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/=]+.*$`)
)

// ParseConsole reads the host key blocks from console text. A block that
// appears more than once (the instance rebooted) counts by its last
// occurrence; a block whose END line is lost ends at the next BEGIN.
func ParseConsole(text string) Console {
	var c Console
	var fps []Fingerprint
	var keys []ssh.PublicKey
	mode := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r \t")
		switch {
		case strings.Contains(line, beginFP):
			mode, fps = "fp", nil
			continue
		case strings.Contains(line, beginKeys):
			mode, keys = "keys", nil
			continue
		case strings.Contains(line, endFP), strings.Contains(line, endKeys):
			if mode == "fp" && len(fps) > 0 {
				c.Fingerprints = fps
			}
			if mode == "keys" && len(keys) > 0 {
				c.Keys = keys
			}
			mode = ""
			continue
		}
		switch mode {
		case "fp":
			if m := fpLine.FindStringSubmatch(line); m != nil {
				bits, _ := strconv.Atoi(m[1])
				fps = append(fps, Fingerprint{Bits: bits, SHA256: m[2], Comment: m[3], Type: m[4]})
			}
		case "keys":
			if m := keyLine.FindString(line); m != "" {
				if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(m)); err == nil {
					keys = append(keys, k)
				}
			}
		}
	}
	// A block cut off at the end of the text still says what it said.
	if mode == "fp" && len(fps) > 0 {
		c.Fingerprints = fps
	}
	if mode == "keys" && len(keys) > 0 {
		c.Keys = keys
	}
	return c
}

// TypeLabel is the name cloud-init gives a key type in its fingerprint
// block ("ssh-ed25519" → "ED25519").
func TypeLabel(keyType string) string {
	switch {
	case strings.Contains(keyType, "ed25519"):
		return "ED25519"
	case strings.Contains(keyType, "ecdsa"):
		return "ECDSA"
	case strings.HasPrefix(keyType, "ssh-rsa"), strings.HasPrefix(keyType, "rsa-sha2"):
		return "RSA"
	case keyType == "ssh-dss":
		return "DSA"
	}
	return strings.ToUpper(keyType)
}

// Format renders console text the way cloud-init prints it (with the "ec2:"
// prefix on the fingerprint block), for tests and for a stub console.
func Format(keys []ssh.PublicKey, hostname string, withKeys bool) string {
	var b strings.Builder
	b.WriteString("ec2: \nec2: #############################################################\n")
	b.WriteString("ec2: " + beginFP + "\n")
	for _, k := range keys {
		bits := 256
		if ck, ok := k.(ssh.CryptoPublicKey); ok {
			if rk, ok := ck.CryptoPublicKey().(interface{ Size() int }); ok {
				bits = rk.Size() * 8
			}
		}
		b.WriteString("ec2: " + strconv.Itoa(bits) + " " + ssh.FingerprintSHA256(k) + " root@" + hostname + " (" + TypeLabel(k.Type()) + ")\n")
	}
	b.WriteString("ec2: " + endFP + "\n")
	b.WriteString("ec2: #############################################################\n")
	if withKeys {
		b.WriteString(beginKeys + "\n")
		for _, k := range keys {
			b.WriteString(strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " root@" + hostname + "\n")
		}
		b.WriteString(endKeys + "\n")
	}
	return b.String()
}
