// Package reach decides, from a describe of route tables, security groups
// and instances, which network paths of the mission are open and which are
// closed, and names the rule or route that decides each. It needs no SSH:
// it is what the connectivity check falls back on to explain a failure.
package reach

import "github.com/infrawiz/infrawiz/internal/catalog"

// Path IDs of the mission. The check uses them to name the rule behind a
// failed probe.
const (
	InternetToWeb8080 = "internet->web:8080"
	MeToBastion22     = "me->bastion:22"
	BastionToWeb22    = "bastion->web:22"
	BastionToDB22     = "bastion->db:22"
	BastionToWebICMP  = "bastion->web:icmp"
	BastionToDBICMP   = "bastion->db:icmp"
	WebToDB3306       = "web->db:3306"
	DBToInternet      = "db->internet"
	InternetToDB      = "internet->db"
	InternetToWeb22   = "internet->web:22"
	OthersToBastion22 = "others->bastion:22"
)

// Path is one path of the mission and its verdict.
type Path struct {
	ID string `json:"id"`
	// Want is whether the mission needs it open (true) or closed (false).
	Want bool `json:"want_open"`
	// Open is what the describe says.
	Open bool `json:"open"`
	// Because names the rule or route that decides it, e.g.
	// "sg-public allows tcp 8080 from 0.0.0.0/0" or
	// "rt-internal has no route to 0.0.0.0/0".
	Because string `json:"because"`
	// Why is Because as messages of the catalogue, one per condition, for
	// a face to say in the user's language with the names as they are.
	Why catalog.List `json:"-"`
}

// Said is why the path is as it is, to be said in any language: Why, or
// for a path built with Because alone, that English.
func (p Path) Said() catalog.Localized {
	if len(p.Why.Items) == 0 {
		return catalog.Verbatim(p.Because)
	}
	return p.Why
}

// OK reports whether the path is as the mission wants it.
func (p Path) OK() bool { return p.Want == p.Open }

// Find returns the path with the given ID.
func Find(paths []Path, id string) (Path, bool) {
	for _, p := range paths {
		if p.ID == id {
			return p, true
		}
	}
	return Path{}, false
}
