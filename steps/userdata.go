package steps

import (
	"bytes"
	"embed"
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/template"
)

// UserDataParams say which server a first-boot script is for.
type UserDataParams struct {
	Role         string // "web", "db" or "bastion"
	Host         string // the instance's Name tag, e.g. "mhson-ec2-bastion-2a"
	SyslogTarget string // optional remote syslog target "host" or "host:port" (bastion only); empty = none
}

// UserDataFile is one file the first-boot script writes, whole.
type UserDataFile struct {
	Path    string
	Mode    os.FileMode
	Content string
}

// Where the first-boot script puts things; the connectivity check reads
// the audit log, and tests install the files.
const (
	// AuditLogPath is where rsyslog writes the bastion's command audit log.
	AuditLogPath = "/var/log/command.log"
	// AuditTag is the syslog tag of each audit line.
	AuditTag = "infrawiz-audit"
	// BastionTimeout is the bastion's TMOUT, in seconds.
	BastionTimeout = 600

	hookPath       = "/etc/infrawiz/bashrc.sh"
	profilePath    = "/etc/profile.d/infrawiz.sh"
	tmoutPath      = "/etc/profile.d/infrawiz-tmout.sh"
	rsyslogPath    = "/etc/rsyslog.d/30-infrawiz-command.conf"
	logrotatePath  = "/etc/logrotate.d/infrawiz-command"
	histTimeFormat = "%F %T -- "
	// bashrcMarker and bashrcLine are what /etc/bash.bashrc gets, once.
	bashrcMarker = "# infrawiz: the role prompt and the audit hook"
	bashrcLine   = "if [ -r " + hookPath + " ]; then . " + hookPath + "; fi"
	// heredocEnd ends each file in the script; no file may hold it as a line.
	heredocEnd = "INFRAWIZ_EOF"
)

//go:embed userdata/*.tmpl
var userdataFS embed.FS

var userdataTmpl = template.Must(template.New("").ParseFS(userdataFS, "userdata/*.tmpl"))

// promptColors tell the servers apart at a glance: the bastion red, the
// public web server green, the database yellow (ANSI SGR codes).
var promptColors = map[string]string{ServerWeb: "1;32", ServerDB: "1;33", ServerBastion: "1;31"}

// hostRE is a host name as the plan makes them; it is pasted into shell
// files, so nothing else may pass.
var hostRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// Validate checks the role, the host and the syslog target. Role and host
// come from the plan, so only a bad target is the user's (a FieldError).
func (p UserDataParams) Validate() error {
	if _, ok := promptColors[p.Role]; !ok {
		return fmt.Errorf("userdata: role %q: want web, db or bastion", p.Role)
	}
	if !hostRE.MatchString(p.Host) {
		return fmt.Errorf("userdata: host %q: want a host name of letters, digits and hyphens, at most 63 characters", p.Host)
	}
	if p.SyslogTarget != "" {
		if _, err := syslogTarget(p.SyslogTarget); err != nil {
			return err
		}
	}
	return nil
}

// userdataData is what the templates see.
type userdataData struct {
	UserDataParams
	Bastion        bool
	Color          string
	Target         string // as rsyslog's @ action wants it
	HistTimeFormat string
	HookPath       string
	AuditLog       string
	Tag            string
	Timeout        int
}

func newUserdataData(p UserDataParams) userdataData {
	d := userdataData{
		UserDataParams: p, Bastion: p.Role == ServerBastion, Color: promptColors[p.Role],
		HistTimeFormat: histTimeFormat, HookPath: hookPath, AuditLog: AuditLogPath, Tag: AuditTag, Timeout: BastionTimeout,
	}
	if d.Bastion && p.SyslogTarget != "" {
		d.Target, _ = syslogTarget(p.SyslogTarget)
	}
	return d
}

func execTemplate(name string, data any) string {
	var b bytes.Buffer
	if err := userdataTmpl.ExecuteTemplate(&b, name, data); err != nil {
		// The templates are embedded and their data is a fixed struct: a
		// failure is a bug, caught by the tests.
		panic(fmt.Sprintf("userdata template %s: %v", name, err))
	}
	return b.String()
}

// UserDataFiles are the files the first-boot script writes for a role (profile.d
// scripts, the bash hook, the rsyslog drop-in...), so tests can install them in a
// private mount namespace without running the whole script. p should pass
// Validate; UserData checks it.
func UserDataFiles(p UserDataParams) []UserDataFile {
	d := newUserdataData(p)
	files := []UserDataFile{
		{Path: hookPath, Mode: 0o644, Content: execTemplate("bashrc.sh.tmpl", d)},
		{Path: profilePath, Mode: 0o644, Content: execTemplate("profile.sh.tmpl", d)},
	}
	if d.Bastion {
		files = append(files,
			UserDataFile{Path: tmoutPath, Mode: 0o644, Content: execTemplate("tmout.sh.tmpl", d)},
			UserDataFile{Path: rsyslogPath, Mode: 0o644, Content: execTemplate("rsyslog.conf.tmpl", d)},
			UserDataFile{Path: logrotatePath, Mode: 0o644, Content: execTemplate("logrotate.tmpl", d)},
		)
	}
	return files
}

// UserData renders the whole first-boot script (#!/bin/bash) for a role.
func UserData(p UserDataParams) (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	files := UserDataFiles(p)
	for _, f := range files {
		if !strings.HasSuffix(f.Content, "\n") || strings.Contains("\n"+f.Content, "\n"+heredocEnd+"\n") {
			return "", fmt.Errorf("userdata: %s cannot be embedded in the script", f.Path)
		}
	}
	return execTemplate("script.sh.tmpl", struct {
		userdataData
		Files                                      []UserDataFile
		EOF, BashrcMarker, BashrcLine, RsyslogConf string
	}{newUserdataData(p), files, heredocEnd, bashrcMarker, bashrcLine, rsyslogPath}), nil
}

// syslogLabelRE is one label of a DNS name.
var syslogLabelRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// syslogTarget checks a remote syslog target, "host", "host:port",
// "[IPv6]:port" or a bare IPv6 address, and returns it as rsyslog's @
// action wants it (an IPv6 address in brackets).
func syslogTarget(s string) (string, error) {
	bad := func() (string, error) {
		return "", newFieldError("syslog-target", s, "syslog-target.format")
	}
	host, port := s, ""
	if a, err := netip.ParseAddr(s); err == nil && a.Is6() && a.Zone() == "" {
		return "[" + a.String() + "]", nil
	}
	if strings.HasPrefix(s, "[") {
		var ok bool
		if host, port, ok = bracketedV6(s); !ok {
			return bad()
		}
	} else {
		if i := strings.LastIndex(s, ":"); i >= 0 {
			host, port = s[:i], s[i+1:]
		}
		if !validSyslogHost(host) {
			return bad()
		}
	}
	if port != "" || strings.HasSuffix(s, ":") {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port != strconv.Itoa(n) {
			return bad()
		}
		return host + ":" + port, nil
	}
	return host, nil
}

// bracketedV6 splits "[v6]" or "[v6]:port"; the host comes back in its
// brackets, as syslog takes it.
func bracketedV6(s string) (host, port string, ok bool) {
	end := strings.Index(s, "]")
	if end < 0 {
		return "", "", false
	}
	host, port = s[1:end], s[end+1:]
	if port != "" && !strings.HasPrefix(port, ":") {
		return "", "", false
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return "", "", false
	}
	return "[" + a.String() + "]", strings.TrimPrefix(port, ":"), true
}

func validSyslogHost(h string) bool {
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Is4()
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	for _, l := range labels {
		if !syslogLabelRE.MatchString(l) {
			return false
		}
	}
	// An all-numeric name is a mistyped IPv4 address, not a host.
	last := labels[len(labels)-1]
	if _, err := strconv.Atoi(last); err == nil {
		return false
	}
	return true
}
