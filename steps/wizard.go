package steps

import (
	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/state"
)

// What the wizard needs of the packages below steps, named here so that it
// talks to steps only: the progress file, who the caller is, what AWS
// holds, the resource kinds, the check's results and the paths of the
// rules and routes. They are the same types (aliases), so nothing is
// converted on the way.

// Store is a stack's progress file, open and locked (state.Store).
type Store = state.Store

// OpenStore opens and locks the progress file at path, creating it if
// needed; Close releases it.
func OpenStore(path string) (*Store, error) { return state.Open(path) }

// Identity is who the caller is in AWS.
type Identity = aws.Identity

// Inventory is what AWS holds of a stack, as one describe read it.
type Inventory = aws.Inventory

// StackInfo is a stack found in a region by its tags.
type StackInfo = aws.StackInfo

// SameOwner says two owner tags (or ARNs) name the same person.
func SameOwner(a, b string) bool { return aws.SameOwner(a, b) }

// PreflightProblem is one finding of the checks before the first create
// (a quota, a permission, the AMI), or a warning of them.
type PreflightProblem = aws.Problem

// ResourceKind is a kind of resource the mission creates.
type ResourceKind = aws.Kind

// The resource kinds.
const (
	KindKeyPair         = aws.KindKeyPair
	KindVPC             = aws.KindVPC
	KindSubnet          = aws.KindSubnet
	KindInternetGateway = aws.KindInternetGateway
	KindElasticIP       = aws.KindElasticIP
	KindNATGateway      = aws.KindNATGateway
	KindRouteTable      = aws.KindRouteTable
	KindRoute           = aws.KindRoute
	KindSecurityGroup   = aws.KindSecurityGroup
	KindSGRules         = aws.KindSGRules
	KindInstance        = aws.KindInstance
)

// FixKeyFile makes a private key file readable by its owner only (chmod
// 400), as OpenSSH requires.
func FixKeyFile(path string) error { return check.FixKeyFile(path) }

// The connectivity check's results, as the wizard shows them while it runs
// and after.
type (
	// CheckResult is one probe's outcome.
	CheckResult = check.Result
	// CheckWait is a console the check reads again for its host keys.
	CheckWait = check.Wait
	// CheckProbe names what a result is about.
	CheckProbe = check.Probe
	// CheckStatus is a result's outcome.
	CheckStatus = check.Status
	// CheckProblemKind is a kind of problem the check explains.
	CheckProblemKind = check.Kind
	// ReachPath is one network path, open or closed, and why.
	ReachPath = reach.Path
)

// The check's servers, probes, outcomes and the one problem kind the
// wizard offers to fix.
const (
	CheckHostBastion = check.RoleBastion
	CheckHostWeb     = check.RoleWeb
	CheckHostDB      = check.RoleDB

	ProbeKey     = check.ProbeKey
	ProbeState   = check.ProbeState
	ProbeTCP     = check.ProbeTCP
	ProbeSSH     = check.ProbeSSH
	ProbePing    = check.ProbePing
	ProbeWebPort = check.ProbeWebPort
	ProbeDBPort  = check.ProbeDBPort
	ProbeTMOUT   = check.ProbeTMOUT
	ProbeAudit   = check.ProbeAudit

	CheckOK      = check.OK
	CheckFailed  = check.Failed
	CheckSkipped = check.Skipped

	ProblemKeyPermissions = check.KindKeyPermissions
)

// PathMeToBastion22 is the path from the user's own IP to the bastion's
// SSH: closed, it usually means the user's public IP moved.
const PathMeToBastion22 = reach.MeToBastion22
