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
	"github.com/infrawiz/infrawiz/internal/catalog"
)

// KeyFile is the local half of the stack's key.
type KeyFile struct {
	Path      string
	PublicKey []byte // authorized_keys format, what EC2 imports
	Created   bool   // written by this call
	Warning   string // e.g. an existing file readable by others, in English
	// WarningKey and WarningArgs are Warning as the catalogue's
	// "msg.<WarningKey>".
	WarningKey  string
	WarningArgs []any
}

// WarningMsg is Warning as the catalogue's message (zero when there is none).
func (k KeyFile) WarningMsg() catalog.Message {
	if k.WarningKey == "" {
		return catalog.Message{}
	}
	return catalog.Msg("msg."+k.WarningKey, k.WarningArgs...)
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
		return KeyFile{}, keyedError(err, "keyfile.read", path, err)
	}
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		return KeyFile{}, keyedError(err, "keyfile.mkdir", sshDir, err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.generate", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, KeyName(prefix)+" (infrawiz)")
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.encode", err)
	}
	if err := atomicfile.WriteNew(path, pem.EncodeToMemory(block), 0o400); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process wrote it first: use theirs.
			b, rerr := os.ReadFile(path)
			if rerr != nil {
				return KeyFile{}, keyedError(rerr, "keyfile.read", path, rerr)
			}
			return existingKey(path, b)
		}
		return KeyFile{}, keyedError(err, "keyfile.write", path, err)
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
		return KeyFile{}, keyedError(err, "keyfile.notkey", path, err)
	}
	signer, err := ssh.NewSignerFromKey(k)
	if err != nil {
		return KeyFile{}, keyedError(err, "keyfile.notkey", path, err)
	}
	kf := KeyFile{Path: path, PublicKey: bytes.TrimSpace(ssh.MarshalAuthorizedKey(signer.PublicKey()))}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		kf.WarningKey, kf.WarningArgs = "keyfile.perm", []any{path, st.Mode().Perm(), path}
		kf.Warning = catalog.T(catalog.EN, "msg.keyfile.perm", kf.WarningArgs...)
	}
	return kf, nil
}
