package aws

import (
	"regexp"
	"strings"
)

// The owner tag names a person, not a session. STS names a caller who
// assumed a role as arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, and the
// session name is sometimes the person (IAM Identity Center puts the user
// name there, AWS Academy's voclabs role a student id, a profile's
// role_session_name whatever the user chose) and sometimes a new value on
// every run: the Go SDK's assume-role provider makes
// "aws-go-sdk-<unix nanoseconds>" when none is configured (stscreds,
// assume_role_provider.go), botocore "botocore-session-<seconds>", the
// other SDKs likewise, and an EC2 instance profile (Cloud9, a lab VM) uses
// the instance id, which changes with the machine. A session name of that
// kind would lock the user out of their own stack on the next run, so it
// is replaced by "*": the owner is then the role, which is as close to a
// person as those credentials come.

// generatedSession matches session names an SDK or EC2 makes up rather
// than the user.
var generatedSession = regexp.MustCompile(`^(?:` +
	`aws-go-sdk-\d+` + // aws-sdk-go(-v2) stscreds
	`|botocore-session-\d+` + // boto3 / AWS CLI
	`|aws-sdk-(?:java|js|net|ruby|php|rust|cpp)-\d+` +
	`|i-[0-9a-f]{8,17}` + // an EC2 instance profile: the instance id
	`|\d+` + // a bare timestamp
	`|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` + // a UUID
	`)$`)

// OwnerOf is the owner tag for a caller's ARN: the ARN itself, except that
// an assumed role's generated session name becomes "*".
func OwnerOf(arn string) string {
	const marker = ":assumed-role/"
	i := strings.Index(arn, marker)
	if i < 0 {
		return arn
	}
	rest := arn[i+len(marker):] // ROLE/SESSION
	role, session, ok := strings.Cut(rest, "/")
	if !ok || !generatedSession.MatchString(session) {
		return arn
	}
	return arn[:i+len(marker)] + role + "/*"
}

// SameOwner reports whether an owner tag and a caller's ARN (or another
// tag) name the same person. Both sides go through OwnerOf, so a stack
// tagged by an earlier version with a full generated session ARN is still
// its owner's.
func SameOwner(a, b string) bool { return OwnerOf(a) == OwnerOf(b) }
