package steps

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/ssh"
)

// KeyFile is the local half of the stack's key.
type KeyFile struct {
	Path      string
	PublicKey []byte // authorized_keys format, what EC2 imports
	Created   bool   // written by this call
	Warning   string // e.g. an existing file readable by others
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
		return KeyFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		return KeyFile{}, fmt.Errorf("create %s: %w", sshDir, err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return KeyFile{}, fmt.Errorf("generate key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, KeyName(prefix)+" (infrawiz)")
	if err != nil {
		return KeyFile{}, fmt.Errorf("encode key: %w", err)
	}
	if err := writeNew(path, pem.EncodeToMemory(block)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process wrote it first: use theirs.
			b, rerr := os.ReadFile(path)
			if rerr != nil {
				return KeyFile{}, rerr
			}
			return existingKey(path, b)
		}
		return KeyFile{}, err
	}
	spk, err := ssh.NewPublicKey(pub)
	if err != nil {
		return KeyFile{}, err
	}
	return KeyFile{Path: path, PublicKey: bytes.TrimSpace(ssh.MarshalAuthorizedKey(spk)), Created: true}, nil
}

// writeNew writes a complete file under a temporary name and links it into
// place, which fails rather than replace an existing file, so the key file
// is either absent or whole, never half-written or overwritten.
func writeNew(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".infrawiz-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o400); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func existingKey(path string, b []byte) (KeyFile, error) {
	k, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return KeyFile{}, fmt.Errorf("%s exists but is not a private key infrawiz can read (%w); move it aside or pass --public-key", path, err)
	}
	signer, err := ssh.NewSignerFromKey(k)
	if err != nil {
		return KeyFile{}, fmt.Errorf("%s: %w", path, err)
	}
	kf := KeyFile{Path: path, PublicKey: bytes.TrimSpace(ssh.MarshalAuthorizedKey(signer.PublicKey()))}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		kf.Warning = fmt.Sprintf("%s is readable by others (mode %04o); ssh refuses such keys: chmod 400 %s", path, st.Mode().Perm(), path)
	}
	return kf, nil
}
