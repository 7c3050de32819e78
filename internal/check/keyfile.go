package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// ErrKeyPermissions is the kind of a .pem that others can read.
var ErrKeyPermissions = errors.New("private key permissions too open")

// KeyModeError is OpenSSH's "UNPROTECTED PRIVATE KEY FILE!" refusal.
type KeyModeError struct {
	Path string
	Mode fs.FileMode
}

func (e *KeyModeError) Error() string { return e.In(catalog.EN) }

// In says the refusal in l.
func (e *KeyModeError) In(l catalog.Lang) string {
	return catalog.T(l, "check.why.key.mode", e.Mode.Perm(), e.Path, e.Path)
}

// keyError is a key file the check cannot use, said by the catalogue; err
// is its cause, if any.
type keyError struct {
	msg catalog.Message
	err error
}

func (e *keyError) Error() string            { return e.msg.String() }
func (e *keyError) In(l catalog.Lang) string { return e.msg.In(l) }
func (e *keyError) Unwrap() error            { return e.err }

func (e *KeyModeError) Unwrap() error { return ErrKeyPermissions }

// CheckKeyFile refuses a key file any group or other bit is set on, as
// OpenSSH does (it accepts 0600 and 0400, and nothing wider).
func CheckKeyFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return &keyError{catalog.Msg("check.why.key.file", err), err}
	}
	if !st.Mode().IsRegular() {
		return &keyError{msg: catalog.Msg("check.why.key.notregular", path)}
	}
	if st.Mode().Perm()&0o077 != 0 {
		return &KeyModeError{Path: path, Mode: st.Mode()}
	}
	return nil
}

// FixKeyFile makes the key file readable by its owner only (0400), the fix
// the wizard and the command line offer for a KeyModeError.
func FixKeyFile(path string) error {
	if err := os.Chmod(path, 0o400); err != nil {
		return fmt.Errorf("key file %s: %w", path, err)
	}
	return CheckKeyFile(path)
}

// loadKey checks the mode, then parses the key.
func loadKey(path string) (ssh.Signer, error) {
	if err := CheckKeyFile(path); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, &keyError{catalog.Msg("check.why.key.file", err), err}
	}
	s, err := ssh.ParsePrivateKey(raw)
	if err != nil {
		var pe *ssh.PassphraseMissingError
		if errors.As(err, &pe) {
			return nil, &keyError{msg: catalog.Msg("check.why.key.passphrase", path)}
		}
		return nil, &keyError{catalog.Msg("check.why.key.notkey", path, err), err}
	}
	return s, nil
}
