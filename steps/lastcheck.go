package steps

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

// LastCheck is what is kept of a stack's last connectivity check, in a
// small file beside its progress file, so that the wizard says it when
// the stack is resumed: when the check ran, whether the network was as
// the mission wants, and how many paths and probes were. It holds no
// secret: a time, counts and the id of the VPC checked.
type LastCheck struct {
	At time.Time `json:"at"`
	OK bool      `json:"ok"`
	// Paths the rules and routes open or close, and how many of them are
	// as the mission wants.
	Paths   int `json:"paths"`
	PathsOK int `json:"paths_ok"`
	// SSH: the check logged in through the bastion (not in practice
	// mode), with Probes probes of which ProbesOK passed.
	SSH      bool `json:"ssh,omitempty"`
	Probes   int  `json:"probes,omitempty"`
	ProbesOK int  `json:"probes_ok,omitempty"`
	// VPC is the id of the VPC checked: a stack destroyed and built again
	// under the same name has another, and the old check says nothing of
	// it.
	VPC string `json:"vpc,omitempty"`
}

// LastCheckOf is what a finished check leaves to remember.
func LastCheckOf(r CheckReport, at time.Time, vpc string) LastCheck {
	c := LastCheck{At: at.UTC(), OK: r.OK(), Paths: len(r.Paths), VPC: vpc}
	for _, p := range r.Paths {
		if p.OK() {
			c.PathsOK++
		}
	}
	if r.SSH != nil {
		c.SSH = true
		c.Probes = len(r.SSH.Results)
		for _, x := range r.SSH.Results {
			if x.Status == CheckOK {
				c.ProbesOK++
			}
		}
	}
	return c
}

// LastCheckPath is where the stack whose progress file is statePath
// keeps its last check: beside it, as its known_hosts.
func LastCheckPath(statePath string) string {
	return strings.TrimSuffix(statePath, filepath.Ext(statePath)) + ".lastcheck"
}

// SaveLastCheck writes c to path whole, readable by its owner only.
func SaveLastCheck(path string, c LastCheck) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o600)
}

// LoadLastCheck reads what SaveLastCheck wrote; an error matching
// os.ErrNotExist when the stack was never checked here.
func LoadLastCheck(path string) (LastCheck, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return LastCheck{}, err
	}
	var c LastCheck
	if err := json.Unmarshal(data, &c); err != nil {
		return LastCheck{}, fmt.Errorf("read %s: %w", path, err)
	}
	return c, nil
}
