package hostkeys

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/infrawiz/infrawiz/internal/atomicfile"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Method says how a host key came to be trusted.
type Method string

const (
	// ConsolePinned: the key is one of the full keys the instance printed on
	// its console.
	ConsolePinned Method = "console-pinned"
	// ConsoleFingerprint: the console printed only fingerprints; the key
	// offered at first contact matched one and was then recorded.
	ConsoleFingerprint Method = "console-fingerprint"
	// TOFU: nothing to verify against; the key was trusted on first use and
	// recorded. The user should compare the fingerprint by other means.
	TOFU Method = "tofu"
	// Known: the key was already in the stack's known_hosts.
	Known Method = "known"
)

// ErrChanged is the kind of every refusal: the key offered is not the one
// recorded or printed on the console.
var ErrChanged = errors.New("host key changed")

// ChangedError explains a refused host key.
type ChangedError struct {
	Addr       string // as written in known_hosts: "10.0.0.5" or "[10.0.0.5]:2222"
	InstanceID string
	Got        string   // fingerprint offered
	Want       []string // fingerprints recorded or printed
	Against    string   // "known_hosts" or "console"
	File       string
}

func (e *ChangedError) Error() string { return e.Msg().String() }

// Msg is the refusal as a message of the catalogue.
func (e *ChangedError) Msg() catalog.Message {
	if e.Against == "console" {
		return catalog.Msg("check.why.hostkey.console", e.Addr, e.InstanceID, e.Got, strings.Join(e.Want, ", "))
	}
	return catalog.Msg("check.why.hostkey.changed", e.Addr, e.InstanceID, strings.Join(e.Want, ", "), e.File, e.Got, e.Addr, e.File)
}

// In says the refusal in l.
func (e *ChangedError) In(l catalog.Lang) string { return e.Msg().In(l) }

func (e *ChangedError) Unwrap() error { return ErrChanged }

// Host is one server as the stack knows it.
type Host struct {
	// Addr is what the client dials: "203.0.113.7:22" or "10.0.0.5" (port 22).
	Addr       string
	InstanceID string
	Console    Console
}

// Verified says how one host's key was trusted.
type Verified struct {
	Addr        string
	InstanceID  string
	Method      Method
	KeyType     string
	Fingerprint string
	// Replaced is the instance id of a stale entry dropped because another
	// instance now answers at the address (the stack was rebuilt).
	Replaced string
}

// Store is the stack's known_hosts file. It is safe for concurrent use by
// one process; lines it does not own are kept as they are.
type Store struct {
	path string

	mu       sync.Mutex
	pinned   map[string]bool // addresses whose entries Pin wrote in this run
	verified map[string]Verified
}

// Open returns the store at path; the file is created on the first write.
func Open(path string) *Store {
	return &Store{path: path, pinned: map[string]bool{}, verified: map[string]Verified{}}
}

// Path is the known_hosts file, for ssh -o UserKnownHostsFile=.
func (s *Store) Path() string { return s.path }

const commentTag = "infrawiz:instance="

type entry struct {
	line     string
	host     string // normalized address; "" for a line not ours to match
	key      ssh.PublicKey
	instance string
}

func (s *Store) read() ([]entry, error) {
	raw, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("known_hosts %s: %w", s.path, err)
	}
	var out []entry
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if line == "" {
			continue
		}
		e := entry{line: line}
		marker, hosts, key, comment, _, err := ssh.ParseKnownHosts([]byte(line))
		if err == nil && marker == "" && len(hosts) == 1 {
			e.host, e.key = hosts[0], key
			for _, f := range strings.Fields(comment) {
				if v, ok := strings.CutPrefix(f, commentTag); ok {
					e.instance = v
				}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// write replaces the file atomically (temp file, fsync, rename) with mode
// 0600, so a crash never leaves half a file that would refuse every host.
func (s *Store) write(es []entry) error {
	var b bytes.Buffer
	for _, e := range es {
		b.WriteString(e.line + "\n")
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("known_hosts directory %s: %w", dir, err)
	}
	if err := atomicfile.Write(s.path, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("known_hosts %s: %w", s.path, err)
	}
	return nil
}

func line(addr, instance string, key ssh.PublicKey) entry {
	l := knownhosts.Line([]string{addr}, key)
	if instance != "" {
		l += " " + commentTag + instance
	}
	return entry{line: l, host: addr, key: key, instance: instance}
}

// forAddr splits es into the entries for addr and the rest, dropping the
// entries of another instance (the address now belongs to a new one).
func forAddr(es []entry, addr, instance string) (mine, rest []entry, replaced string) {
	for _, e := range es {
		if e.host != addr {
			rest = append(rest, e)
			continue
		}
		if instance != "" && e.instance != "" && e.instance != instance {
			replaced = e.instance
			continue
		}
		mine = append(mine, e)
	}
	return mine, rest, replaced
}

// Pin records the host's console keys before the first connection, unless
// the address already has entries for this instance. It returns how many
// keys it wrote.
func (s *Store) Pin(h Host) (int, error) {
	if len(h.Console.Keys) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	addr := knownhosts.Normalize(h.Addr)
	es, err := s.read()
	if err != nil {
		return 0, err
	}
	mine, rest, replaced := forAddr(es, addr, h.InstanceID)
	if len(mine) > 0 {
		return 0, nil
	}
	for _, k := range h.Console.Keys {
		rest = append(rest, line(addr, h.InstanceID, k))
	}
	if err := s.write(rest); err != nil {
		return 0, err
	}
	s.pinned[addr] = true
	if replaced != "" {
		s.verified[addr] = Verified{Addr: addr, Replaced: replaced}
	}
	return len(h.Console.Keys), nil
}

// Forget removes every entry for addr (an instance replaced on purpose).
func (s *Store) Forget(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	addr = knownhosts.Normalize(addr)
	es, err := s.read()
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(es, func(e entry) bool { return e.host == addr })
	delete(s.pinned, addr)
	return s.write(kept)
}

// Algorithms lists the host key algorithms to ask the server for: the types
// already recorded or printed for this host, so the server presents a key
// that can be checked rather than one of a type nobody has seen. Nil means
// no preference (first contact with nothing known: TOFU).
func (s *Store) Algorithms(h Host) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	addr := knownhosts.Normalize(h.Addr)
	var types []string
	es, _ := s.read()
	mine, _, _ := forAddr(es, addr, h.InstanceID)
	for _, e := range mine {
		types = append(types, e.key.Type())
	}
	if len(types) == 0 {
		for _, k := range h.Console.Keys {
			types = append(types, k.Type())
		}
	}
	if len(types) == 0 {
		for _, f := range h.Console.Fingerprints {
			switch f.Type {
			case "ED25519":
				types = append(types, ssh.KeyAlgoED25519)
			case "ECDSA":
				types = append(types, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521)
			case "RSA":
				types = append(types, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256)
			}
		}
	}
	var algos []string
	for _, t := range types {
		if t == ssh.KeyAlgoRSA {
			// Modern servers refuse SHA-1 signatures; the key type stays ssh-rsa.
			algos = append(algos, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256)
			continue
		}
		algos = append(algos, t)
	}
	return slices.Compact(algos)
}

// Verified returns how addr's key was trusted in this run.
func (s *Store) Verified(addr string) (Verified, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.verified[knownhosts.Normalize(addr)]
	return v, ok && v.Method != ""
}

// Callback verifies the key h offers, records it where it is new and
// trusted, and refuses it (a *ChangedError) where it differs from what is
// recorded or printed on the console. It never accepts a key unseen.
func (s *Store) Callback(h Host) ssh.HostKeyCallback {
	addr := knownhosts.Normalize(h.Addr)
	return func(_ string, _ net.Addr, key ssh.PublicKey) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		v, err := s.check(h, addr, key)
		if err != nil {
			return err
		}
		if old := s.verified[addr]; old.Replaced != "" && v.Replaced == "" {
			v.Replaced = old.Replaced
		}
		s.verified[addr] = v
		return nil
	}
}

func (s *Store) check(h Host, addr string, key ssh.PublicKey) (Verified, error) {
	v := Verified{Addr: addr, InstanceID: h.InstanceID, KeyType: key.Type(), Fingerprint: ssh.FingerprintSHA256(key)}
	es, err := s.read()
	if err != nil {
		return v, err
	}
	mine, rest, replaced := forAddr(es, addr, h.InstanceID)
	v.Replaced = replaced
	if len(mine) > 0 {
		return s.checkKnown(h, addr, key, mine, v)
	}

	switch {
	case len(h.Console.Keys) > 0:
		var want []string
		ok := false
		for _, k := range h.Console.Keys {
			want = append(want, ssh.FingerprintSHA256(k))
			ok = ok || bytes.Equal(k.Marshal(), key.Marshal())
		}
		if !ok {
			return v, &ChangedError{Addr: addr, InstanceID: h.InstanceID, Got: v.Fingerprint, Want: want, Against: "console"}
		}
		for _, k := range h.Console.Keys {
			rest = append(rest, line(addr, h.InstanceID, k))
		}
		v.Method = ConsolePinned
	case len(h.Console.Fingerprints) > 0:
		var want []string
		ok := false
		for _, f := range h.Console.Fingerprints {
			want = append(want, f.SHA256)
			ok = ok || (f.SHA256 == v.Fingerprint && f.Type == TypeLabel(key.Type()))
		}
		if !ok {
			return v, &ChangedError{Addr: addr, InstanceID: h.InstanceID, Got: v.Fingerprint, Want: want, Against: "console"}
		}
		rest = append(rest, line(addr, h.InstanceID, key))
		v.Method = ConsoleFingerprint
	default:
		rest = append(rest, line(addr, h.InstanceID, key))
		v.Method = TOFU
	}
	if err := s.write(rest); err != nil {
		return v, err
	}
	return v, nil
}

// checkKnown verifies key against the address's recorded entries.
func (s *Store) checkKnown(h Host, addr string, key ssh.PublicKey, mine []entry, v Verified) (Verified, error) {
	var want []string
	for _, e := range mine {
		want = append(want, ssh.FingerprintSHA256(e.key))
	}
	if !slices.ContainsFunc(mine, func(e entry) bool { return bytes.Equal(e.key.Marshal(), key.Marshal()) }) {
		against := "known_hosts"
		if s.pinned[addr] {
			// Pinned from the console moments ago: this is a first
			// contact, and the console is what it contradicts.
			against = "console"
		}
		return v, &ChangedError{Addr: addr, InstanceID: h.InstanceID, Got: v.Fingerprint, Want: want, Against: against, File: s.path}
	}
	// OpenSSH's own reading of the file must agree (markers such as
	// @revoked, other lines for the same host).
	cb, err := knownhosts.New(s.path)
	if err != nil {
		return v, fmt.Errorf("known_hosts %s: %w", s.path, err)
	}
	hp := withPort(h.Addr)
	if err := cb(hp, fakeAddr(hp), key); err != nil {
		return v, fmt.Errorf("known_hosts %s refuses %s: %w", s.path, addr, err)
	}
	v.Method = Known
	if s.pinned[addr] {
		v.Method = ConsolePinned
	}
	return v, nil
}

func withPort(a string) string {
	if _, _, err := net.SplitHostPort(a); err == nil {
		return a
	}
	return net.JoinHostPort(a, "22")
}

// fakeAddr gives knownhosts the remote address it wants alongside the
// hostname; it matches on the hostname, which is what we recorded.
func fakeAddr(hostport string) net.Addr {
	a, _ := net.ResolveTCPAddr("tcp", hostport)
	if a == nil {
		return &net.TCPAddr{}
	}
	return a
}
