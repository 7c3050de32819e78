package steps

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

// KeyFile is the local half of the stack's key.
type KeyFile struct {
	Path      string
	PublicKey []byte // authorized_keys format, what EC2 imports
	Created   bool   // written by this call
	Warning   string // e.g. an existing file readable by others, in English
	// WarningKey and WarningArgs name Warning for a translation.
	WarningKey  string
	WarningArgs []any
}

// KeyPath is where the private key of a stack lives.
func KeyPath(sshDir, prefix string) string { return filepath.Join(sshDir, KeyName(prefix)+".pem") }

// EnsureKeyFile returns the stack's key, generating an ed25519 key and
// writing it as 0400 if there is none. An existing file is reused and never
// overwritten: it may be the only copy of the key that opens the servers.
// The file is written completely before anything is imported into AWS, so a
// crash can never leave a key pair in AWS whose private half is lost.
func EnsureKeyFile(sshDir, prefix string) (KeyFile, error) {
	path := KeyPath(sshDir, prefix)
	if b, err := os.ReadFile(path); err == nil {
		return existingKey(path, b)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return KeyFile{}, keyedError(err, "keyfile.read", "read %s: %v", path, err)
	}
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		return KeyFile{}, keyedError(err, "keyfile.mkdir", "create %s: %v", sshDir, err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.generate", "generate key: %v", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, KeyName(prefix)+" (infrawiz)")
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.encode", "encode key: %v", err)
	}
	if err := atomicfile.WriteNew(path, pem.EncodeToMemory(block), 0o400); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process wrote it first: use theirs.
			b, rerr := os.ReadFile(path)
			if rerr != nil {
				return KeyFile{}, keyedError(rerr, "keyfile.read", "read %s: %v", path, rerr)
			}
			return existingKey(path, b)
		}
		return KeyFile{}, keyedError(err, "keyfile.write", "write %s: %v", path, err)
	}
	spk, err := ssh.NewPublicKey(pub)
	if err != nil {
		return KeyFile{}, err
	}
	return KeyFile{Path: path, PublicKey: bytes.TrimSpace(ssh.MarshalAuthorizedKey(spk)), Created: true}, nil
}

func existingKey(path string, b []byte) (KeyFile, error) {
	k, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.notkey", "%s exists but is not a private key infrawiz can read (%v); move it aside or pass --public-key", path, err)
	}
	signer, err := ssh.NewSignerFromKey(k)
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.notkey", "%s exists but is not a private key infrawiz can read (%v); move it aside or pass --public-key", path, err)
	}
	kf := KeyFile{Path: path, PublicKey: bytes.TrimSpace(ssh.MarshalAuthorizedKey(signer.PublicKey()))}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		kf.WarningKey, kf.WarningArgs = "keyfile.perm", []any{path, st.Mode().Perm(), path}
		kf.Warning = sprintf("%s is readable by others (mode %04o); ssh refuses such keys: chmod 400 %s", kf.WarningArgs)
	}
	return kf, nil
}
