package steps

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
)

// unitOnlyFiles lists the names in dir, failing on any temporary leftover.
func unitOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want exactly %v (no temporary files left behind)", dir, got, want)
	}
}

func TestKeyPath(t *testing.T) {
	if got, want := KeyPath("/home/u/.ssh", "mhson"), "/home/u/.ssh/key-mhson.pem"; got != want {
		t.Errorf("KeyPath = %q, want %q", got, want)
	}
}

func TestEnsureKeyFileCreates(t *testing.T) {
	home := t.TempDir()
	sshDir := filepath.Join(home, ".ssh") // does not exist yet
	kf, err := EnsureKeyFile(sshDir, "mhson")
	if err != nil {
		t.Fatalf("EnsureKeyFile: %v", err)
	}
	wantPath := filepath.Join(sshDir, "key-mhson.pem")
	if kf.Path != wantPath || !kf.Created || kf.Warning != "" {
		t.Errorf("KeyFile = %+v, want path %s, Created, no warning", kf, wantPath)
	}
	st, err := os.Stat(sshDir)
	if err != nil {
		t.Fatal(err)
	}
	if !st.IsDir() || st.Mode().Perm() != 0o700 {
		t.Errorf("%s: mode %v, want a directory with 0700", sshDir, st.Mode())
	}
	st, err = os.Stat(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o400 || !st.Mode().IsRegular() {
		t.Errorf("%s: mode %v, want a regular file with 0400", wantPath, st.Mode())
	}
	b, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	if blk, _ := pem.Decode(b); blk == nil || blk.Type != "OPENSSH PRIVATE KEY" {
		t.Errorf("the file is not an OpenSSH private key PEM:\n%s", b)
	}
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		t.Fatalf("ParseRawPrivateKey: %v", err)
	}
	priv, ok := raw.(*ed25519.PrivateKey)
	if !ok {
		t.Fatalf("key is %T, want ed25519", raw)
	}
	spk, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(spk))); string(kf.PublicKey) != want {
		t.Errorf("PublicKey = %q, want the private key's %q", kf.PublicKey, want)
	}
	if !strings.HasPrefix(string(kf.PublicKey), "ssh-ed25519 ") || bytes.ContainsAny(kf.PublicKey, "\n") {
		t.Errorf("PublicKey = %q, want one ssh-ed25519 line", kf.PublicKey)
	}
	// What EC2 imports must parse back to the same key.
	back, _, _, _, err := ssh.ParseAuthorizedKey(kf.PublicKey)
	if err != nil || !bytes.Equal(back.Marshal(), spk.Marshal()) {
		t.Errorf("PublicKey does not parse back to the key: %v", err)
	}
	unitOnlyFiles(t, sshDir, "key-mhson.pem")
	unitOnlyFiles(t, home, ".ssh")
}

func TestEnsureKeyFileReusesNeverOverwrites(t *testing.T) {
	sshDir := filepath.Join(t.TempDir(), ".ssh")
	first, err := EnsureKeyFile(sshDir, "mhson")
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(first.Path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		again, err := EnsureKeyFile(sshDir, "mhson")
		if err != nil {
			t.Fatalf("call %d: %v", i+2, err)
		}
		if again.Created {
			t.Errorf("call %d: Created = true for an existing key", i+2)
		}
		if again.Path != first.Path || !bytes.Equal(again.PublicKey, first.PublicKey) || again.Warning != "" {
			t.Errorf("call %d: %+v, want the same path and public key as %+v, no warning", i+2, again, first)
		}
	}
	after, _ := os.ReadFile(first.Path)
	if !bytes.Equal(before, after) {
		t.Errorf("the key file changed")
	}
	// Another prefix is another key.
	other, err := EnsureKeyFile(sshDir, "other")
	if err != nil || !other.Created || bytes.Equal(other.PublicKey, first.PublicKey) {
		t.Errorf("second stack: %+v, %v; want a new, different key", other, err)
	}
	unitOnlyFiles(t, sshDir, "key-mhson.pem", "key-other.pem")
}

// A key the user already had (say, from an earlier course run) is used as is.
func TestEnsureKeyFileAdoptsUsersKey(t *testing.T) {
	sshDir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	blk, err := ssh.MarshalPrivateKey(priv, "mine")
	if err != nil {
		t.Fatal(err)
	}
	path := KeyPath(sshDir, "mhson")
	content := pem.EncodeToMemory(blk)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	kf, err := EnsureKeyFile(sshDir, "mhson")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := ssh.NewSignerFromKey(priv)
	want := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	if kf.Created || string(kf.PublicKey) != want || kf.Warning != "" {
		t.Errorf("KeyFile = %+v, want the user's key %q, not created, no warning (0600 is fine)", kf, want)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
		t.Errorf("the user's key file changed")
	}
}

func TestEnsureKeyFileGarbage(t *testing.T) {
	for name, content := range map[string]string{
		"text":      "not a key at all\n",
		"empty":     "",
		"truncated": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
	} {
		t.Run(name, func(t *testing.T) {
			sshDir := t.TempDir()
			path := KeyPath(sshDir, "mhson")
			if err := os.WriteFile(path, []byte(content), 0o400); err != nil {
				t.Fatal(err)
			}
			kf, err := EnsureKeyFile(sshDir, "mhson")
			if err == nil {
				t.Fatalf("EnsureKeyFile over a garbage file = %+v, want an error", kf)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			after, _ := os.ReadFile(path)
			if string(after) != content {
				t.Errorf("the existing file was changed to %q", after)
			}
			unitOnlyFiles(t, sshDir, "key-mhson.pem")
		})
	}
}

func TestEnsureKeyFileWarnsOnOpenMode(t *testing.T) {
	sshDir := t.TempDir()
	kf, err := EnsureKeyFile(sshDir, "mhson")
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		if err := os.Chmod(kf.Path, mode); err != nil {
			t.Fatal(err)
		}
		again, err := EnsureKeyFile(sshDir, "mhson")
		if err != nil {
			t.Fatalf("mode %o: %v", mode, err)
		}
		if !strings.Contains(again.Warning, "chmod 400") || !strings.Contains(again.Warning, kf.Path) {
			t.Errorf("mode %o: Warning = %q, want it to say chmod 400 %s", mode, again.Warning, kf.Path)
		}
		if !bytes.Equal(again.PublicKey, kf.PublicKey) {
			t.Errorf("mode %o: a different key", mode)
		}
		st, _ := os.Stat(kf.Path)
		if st.Mode().Perm() != mode {
			t.Errorf("mode %o: EnsureKeyFile changed the mode to %o; it should only warn", mode, st.Mode().Perm())
		}
	}
}

// The directory of an existing ~/.ssh keeps its mode.
func TestEnsureKeyFileExistingDir(t *testing.T) {
	sshDir := t.TempDir()
	if err := os.Chmod(sshDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := EnsureKeyFile(sshDir, "mhson"); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(sshDir)
	if st.Mode().Perm() != 0o755 {
		t.Errorf("existing dir mode changed to %o", st.Mode().Perm())
	}
	unitOnlyFiles(t, sshDir, "key-mhson.pem")
}

// Two processes racing for the same stack end with one key, both holding it.
func TestEnsureKeyFileConcurrent(t *testing.T) {
	sshDir := filepath.Join(t.TempDir(), ".ssh")
	const n = 8
	var wg sync.WaitGroup
	res := make([]KeyFile, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res[i], errs[i] = EnsureKeyFile(sshDir, "mhson")
		}(i)
	}
	wg.Wait()
	created := 0
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if res[i].Created {
			created++
		}
		if !bytes.Equal(res[i].PublicKey, res[0].PublicKey) {
			t.Errorf("call %d got a different key", i)
		}
	}
	if created != 1 {
		t.Errorf("%d calls say they created the key, want 1", created)
	}
	b, _ := os.ReadFile(KeyPath(sshDir, "mhson"))
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := ssh.NewSignerFromKey(raw)
	if got := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))); got != string(res[0].PublicKey) {
		t.Errorf("the file holds %q, the callers were given %q", got, res[0].PublicKey)
	}
	unitOnlyFiles(t, sshDir, "key-mhson.pem")
}

// A place where the key cannot be written fails cleanly (works as root too:
// the ssh "directory" is a regular file).
func TestEnsureKeyFileUnwritableDir(t *testing.T) {
	home := t.TempDir()
	notDir := filepath.Join(home, ".ssh")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	kf, err := EnsureKeyFile(notDir, "mhson")
	if err == nil {
		t.Fatalf("EnsureKeyFile with %s a file = %+v, want an error", notDir, kf)
	}
	if !strings.Contains(err.Error(), notDir) {
		t.Errorf("error %q does not name %s", err, notDir)
	}
	unitOnlyFiles(t, home, ".ssh")
}
