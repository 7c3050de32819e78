package steps

import "github.com/infrawiz/infrawiz/aws"

// Role is a resource's stable logical name in its stack: the
// infrawiz:role tag, the key of the progress file, what every other part
// of the mission refers to it by. Its name in AWS (Resource.Name) follows
// the prefix; its role does not.
type Role string

// The roles of the mission.
const (
	RoleKey            Role = "key"
	RoleVPC            Role = "vpc"
	RoleSubnetPublic1  Role = "subnet-public-1"
	RoleSubnetPublic2  Role = "subnet-public-2"
	RoleSubnetInternal Role = "subnet-internal"
	RoleSubnetAdmin    Role = "subnet-admin"
	RoleIGW            Role = "igw"
	RoleEIPNAT         Role = "eip-nat"
	RoleNAT            Role = "nat"
	RoleRTPublic       Role = "rt-public"
	RoleRTAdmin        Role = "rt-admin"
	RoleRTInternal     Role = "rt-internal"
	RoleRoutePublic    Role = "route-public"
	RoleRouteAdmin     Role = "route-admin"
	RoleRouteInternal  Role = "route-internal"
	RoleSGPublic       Role = "sg-public"
	RoleSGInternal     Role = "sg-internal"
	RoleSGBastion      Role = "sg-bastion"
	RoleRulesPublic    Role = "sg-public-rules"
	RoleRulesInternal  Role = "sg-internal-rules"
	RoleRulesBastion   Role = "sg-bastion-rules"
	RoleEIPWeb         Role = "eip-public"
	RoleEIPBastion     Role = "eip-bastion"
	RoleWeb            Role = "ec2-public"
	RoleDB             Role = "ec2-internal"
	RoleBastion        Role = "ec2-bastion"
)

func (r Role) String() string { return string(r) }

// one is what AWS holds for role, if anything (package aws knows roles as
// the tags' strings).
func one(inv aws.Inventory, role Role) (aws.Found, bool) { return inv.One(string(role)) }
