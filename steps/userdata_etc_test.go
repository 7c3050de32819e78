//go:build linux

package steps

// The namespace's /etc. The script runs over a private copy of the
// machine's whole /etc, bind-mounted over /etc, from which every trace of
// infrawiz is scrubbed first: a machine whose /etc already holds the hook
// (a developer ran the script, an older test leaked) then neither shows
// through to the tests nor is touched by them. What the script wrote is
// found by comparing snapshots of /etc taken before and after it ran.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// nsBashrc is the one file the script adds lines to instead of writing it
// whole.
const nsBashrc = "/etc/bash.bashrc"

// nsExpectedWrites is what the script of p writes under /etc: each whole
// file (UserDataFiles) with the sha256 of its content, and nsBashrc with
// "" (its content is the machine's plus our lines). It is the one list the
// tests' expectations, the scrub, the pollution and the machine's check all
// read, so a file the script gains is expected, scrubbed and watched alike.
func nsExpectedWrites(p UserDataParams) map[string]string {
	want := map[string]string{nsBashrc: ""}
	for _, f := range UserDataFiles(p) {
		h := sha256.Sum256([]byte(f.Content))
		want[f.Path] = hex.EncodeToString(h[:])
	}
	return want
}

// nsScriptPaths is every path any role's script writes under /etc, sorted;
// the bastion's with a remote target writes the most, but the union costs
// nothing and keeps holding if a role gains a file of its own.
func nsScriptPaths() []string {
	seen := map[string]bool{}
	for _, role := range []string{ServerWeb, ServerDB, ServerBastion} {
		for path := range nsExpectedWrites(UserDataParams{Role: role, Host: nsHost, SyslogTarget: "127.0.0.1:514"}) {
			seen[path] = true
		}
	}
	paths := make([]string, 0, len(seen))
	for path := range seen {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	return paths
}

// nsHookDir is the bash hook's directory, infrawiz's own: no package puts
// anything there, so the scrub may remove it whole, strays and all.
var nsHookDir = filepath.Dir(hookPath)

// nsFile is one file of a snapshot: what a write to it changes.
type nsFile struct {
	Mode  string
	Size  int64
	MTime int64
	Hash  string // sha256 of a regular file, or "-> target" of a symlink
}

// nsAbsent stands, in a list of changes, for a file that went away.
var nsAbsent = nsFile{Mode: "absent"}

// nsStat reads one file for a snapshot, not following a symlink.
func nsStat(path string) (nsFile, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nsFile{}, err
	}
	f := nsFile{Mode: fi.Mode().String(), Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
	switch {
	case fi.Mode().IsRegular():
		b, err := os.ReadFile(path)
		if err != nil {
			return nsFile{}, err
		}
		h := sha256.Sum256(b)
		f.Hash = hex.EncodeToString(h[:])
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return nsFile{}, err
		}
		f.Hash = "-> " + target
	}
	return f, nil
}

// nsSnapshot is every file under root by its path, directories left out:
// a directory's time moves whenever a file in it comes or goes (put's temp
// files too), which tells nothing its files do not. A missing root is an
// empty snapshot.
func nsSnapshot(root string) (map[string]nsFile, error) {
	out := map[string]nsFile{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == root {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		f, err := nsStat(path)
		out[path] = f
		return err
	})
	return out, err
}

// nsChanges is what differs in after from before, as after has it: a file
// added or changed in content, size, mode or time, or nsAbsent if it went.
func nsChanges(before, after map[string]nsFile) map[string]nsFile {
	out := map[string]nsFile{}
	for path, f := range after {
		if g, ok := before[path]; !ok || g != f {
			out[path] = f
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			out[path] = nsAbsent
		}
	}
	return out
}

// nsMachineSnapshot reads, from outside any namespace, the machine's own
// files the script would write, every file in their directories
// (/etc/profile.d, /etc/rsyslog.d, /etc/logrotate.d, the hook's) and the
// audit log. Not the whole of /etc: the machine's other work may change it
// meanwhile, and these are what a leak from the tests would touch.
func nsMachineSnapshot() (map[string]nsFile, error) {
	out := map[string]nsFile{}
	files := append(nsScriptPaths(), AuditLogPath)
	dirs := map[string]bool{}
	for _, p := range files {
		if d := filepath.Dir(p); d != "/etc" && d != "/var/log" {
			dirs[d] = true
		}
	}
	for d := range dirs {
		snap, err := nsSnapshot(d)
		if err != nil {
			return nil, err
		}
		for path, f := range snap {
			out[path] = f
		}
	}
	for _, p := range files {
		f, err := nsStat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		default:
			out[p] = f
		}
	}
	return out, nil
}

// nsBindEtc bind-mounts src over /etc and makes sure it took: the scrub
// and the pollution write to /etc next, which must never be the machine's.
func nsBindEtc(src string) error {
	if err := nsCmd("mount", "--bind", src, "/etc"); err != nil {
		return err
	}
	a, err := os.Stat(src)
	if err != nil {
		return err
	}
	b, err := os.Stat("/etc")
	if err != nil {
		return err
	}
	if !os.SameFile(a, b) {
		return fmt.Errorf("/etc is not %s after the bind mount", src)
	}
	return nil
}

// nsOwnPaths makes the script's paths and the directories on the way to
// them, in the copy at /etc, files and directories of their own where they
// are symlinks: the scrub, the pollution and the script would otherwise
// write through them to wherever they point on the machine.
func nsOwnPaths() error {
	seen := map[string]bool{}
	for _, p := range nsScriptPaths() {
		// Parents first, so that a link below is looked at in our copy.
		var chain []string
		for q := p; q != "/etc"; q = filepath.Dir(q) {
			chain = append([]string{q}, chain...)
		}
		for _, q := range chain {
			if seen[q] {
				continue
			}
			seen[q] = true
			fi, err := os.Lstat(q)
			if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				continue // absent, or not a link
			}
			if _, err := os.Stat(q); err != nil {
				// A dangling link: drop it, the script makes its own.
				if err := os.Remove(q); err != nil {
					return err
				}
				continue
			}
			tmp := q + ".infrawiz-test"
			if err := nsCmd("cp", "-a", "--dereference", q, tmp); err != nil {
				return err
			}
			if err := os.Remove(q); err != nil {
				return err
			}
			if err := os.Rename(tmp, q); err != nil {
				return err
			}
		}
	}
	return nil
}

// nsScrub takes every trace of infrawiz out of /etc (the private copy):
// the script's files, the temp files a cut-short put leaves beside them,
// the hook's own directory, and the marker and hook line in
// /etc/bash.bashrc, both as the script adds them (which gives back the
// file's bytes from before) and as a hand may have moved them.
func nsScrub() error {
	for _, p := range nsScriptPaths() {
		if p == nsBashrc {
			if err := nsScrubBashrc(); err != nil {
				return err
			}
			continue
		}
		tmps, err := filepath.Glob(p + ".tmp-*")
		if err != nil {
			return err
		}
		for _, q := range append(tmps, p) {
			if err := os.Remove(q); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return os.RemoveAll(nsHookDir)
}

func nsScrubBashrc() error {
	b, err := os.ReadFile(nsBashrc)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	s := strings.ReplaceAll(string(b), "\n"+bashrcMarker+"\n"+bashrcLine+"\n", "")
	var keep []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if t := strings.TrimSpace(l); t != bashrcMarker && t != bashrcLine {
			keep = append(keep, l)
		}
	}
	if s = strings.Join(keep, ""); s == string(b) {
		return nil
	}
	// The file exists: WriteFile keeps its mode and owner.
	return os.WriteFile(nsBashrc, []byte(s), 0o644)
}

// nsTraces lists what of infrawiz /etc holds: the script's files, put's
// temp files, the hook's directory, and each line of /etc/bash.bashrc that
// is the marker or names the hook.
func nsTraces() ([]string, error) {
	var out []string
	for _, p := range nsScriptPaths() {
		if p == nsBashrc {
			b, err := os.ReadFile(p)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			for _, l := range strings.Split(string(b), "\n") {
				if strings.TrimSpace(l) == bashrcMarker || strings.Contains(l, hookPath) {
					out = append(out, p+": "+l)
				}
			}
			continue
		}
		tmps, err := filepath.Glob(p + ".tmp-*")
		if err != nil {
			return nil, err
		}
		if _, err := os.Lstat(p); err == nil {
			tmps = append(tmps, p)
		}
		out = append(out, tmps...)
	}
	if _, err := os.Lstat(nsHookDir); err == nil {
		out = append(out, nsHookDir+"/")
	}
	return out, nil
}

// nsPrivateEtc puts over /etc a copy of the whole of what /etc is now
// (modes, owners and symlinks kept, so users, PAM, bash and rsyslog work
// as on the machine), made clean of infrawiz, in the namespace's tmpfs ns.
func nsPrivateEtc(ns string) error {
	cp := filepath.Join(ns, "etc")
	if err := nsCmd("cp", "-a", "/etc", cp); err != nil {
		return err
	}
	if err := nsBindEtc(cp); err != nil {
		return err
	}
	if err := nsOwnPaths(); err != nil {
		return err
	}
	if err := nsScrub(); err != nil {
		return err
	}
	left, err := nsTraces()
	if err != nil {
		return err
	}
	if len(left) > 0 {
		return fmt.Errorf("the scrubbed copy of /etc still holds %q", left)
	}
	return nil
}

// nsFakeEtc is a machine /etc that already holds the hook, for the test
// that proves the private copy keeps it out and leaves it alone.
type nsFakeEtc struct {
	Path   string            // where it lives in the namespace's tmpfs
	Before map[string]nsFile // its snapshot before the private copy is taken
	Traces []string          // what of infrawiz it holds
}

// nsPollutedEtc puts over /etc a copy of it that holds the hook as a
// machine would after an older script, a cut-short run and a hand's edits:
// every role's files with another host's and target's content (the
// logrotate file, which names neither, the same as the script's), one with
// a mode the script does not give, a temp file of put, a stray in the
// hook's directory, and the marker and hook line in /etc/bash.bashrc twice.
func nsPollutedEtc(ns string) (*nsFakeEtc, error) {
	fake := &nsFakeEtc{Path: filepath.Join(ns, "machine-etc")}
	if err := nsCmd("cp", "-a", "/etc", fake.Path); err != nil {
		return nil, err
	}
	if err := nsBindEtc(fake.Path); err != nil {
		return nil, err
	}
	if err := nsOwnPaths(); err != nil {
		return nil, err
	}
	if err := nsInstall(UserDataParams{Role: ServerBastion, Host: "mhson-ec2-bastion-2c", SyslogTarget: "old.example.com:514"}); err != nil {
		return nil, err
	}
	if err := os.Chmod(profilePath, 0o600); err != nil {
		return nil, err
	}
	strays := map[string]string{
		profilePath + ".tmp-Ab12Cd":        "HISTTIMEFORMAT=\n",
		filepath.Join(nsHookDir, "old.sh"): "echo stale\n",
	}
	for path, content := range strays {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	b, err := os.OpenFile(nsBashrc, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	_, err = fmt.Fprintf(b, "%s\n  %s\n", bashrcMarker, bashrcLine)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if fake.Traces, err = nsTraces(); err != nil {
		return nil, err
	}
	fake.Before, err = nsSnapshot(fake.Path)
	return fake, err
}
