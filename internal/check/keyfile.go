package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/crypto/ssh"
)

// ErrKeyPermissions is the kind of a .pem that others can read.
var ErrKeyPermissions = errors.New("private key permissions too open")

// KeyModeError is OpenSSH's "UNPROTECTED PRIVATE KEY FILE!" refusal.
type KeyModeError struct {
	Path string
	Mode fs.FileMode
}

func (e *KeyModeError) Error() string {
	return fmt.Sprintf("permissions %04o for %s are too open: a private key must not be accessible by others, so ssh ignores it "+
		"(\"bad permissions\", then \"Permission denied (publickey)\"); fix: chmod 400 %s", e.Mode.Perm(), e.Path, e.Path)
}

func (e *KeyModeError) Unwrap() error { return ErrKeyPermissions }

// CheckKeyFile refuses a key file any group or other bit is set on, as
// OpenSSH does (it accepts 0600 and 0400, and nothing wider).
func CheckKeyFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("key file %s: not a regular file", path)
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
		return nil, fmt.Errorf("key file: %w", err)
	}
	s, err := ssh.ParsePrivateKey(raw)
	if err != nil {
		var pe *ssh.PassphraseMissingError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("key file %s is protected by a passphrase; the check needs the stack's unencrypted .pem", path)
		}
		return nil, fmt.Errorf("key file %s is not a private key: %w", path, err)
	}
	return s, nil
}
