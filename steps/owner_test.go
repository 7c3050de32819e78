package steps_test

import (
	"errors"
	"testing"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/steps"
)

// TestCheckOwners_SessionNamesDoNotLockOut: a stack tagged by one run of
// an assumed role with a generated session name is the next run's too; a
// classmate's stack stays refused.
func TestCheckOwners_SessionNamesDoNotLockOut(t *testing.T) {
	tagged := func(owner string) aws.Inventory {
		return aws.Inventory{ByRole: map[string][]aws.Found{"vpc": {{Kind: aws.KindVPC, ID: "vpc-1", Stack: "stu1", Role: "vpc", Owner: owner}}}}
	}
	role := "arn:aws:sts::123456789012:assumed-role/student/"
	yesterday := aws.OwnerOf(role + "aws-go-sdk-1764400000000000000")
	if err := steps.CheckOwners(tagged(yesterday), "stu1", role+"aws-go-sdk-1764495617123456789"); err != nil {
		t.Errorf("the same role on the next run is refused: %v", err)
	}
	// A tag an older version wrote with the session name in full.
	if err := steps.CheckOwners(tagged(role+"aws-go-sdk-1764400000000000000"), "stu1", role+"aws-go-sdk-1764495617123456789"); err != nil {
		t.Errorf("an older full tag is refused: %v", err)
	}
	sso := "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Student_0123/"
	err := steps.CheckOwners(tagged(sso+"kim@example.com"), "stu1", sso+"lee@example.com")
	if !errors.Is(err, aws.ErrForeign) {
		t.Errorf("a classmate's stack: err = %v, want ErrForeign", err)
	}
}
