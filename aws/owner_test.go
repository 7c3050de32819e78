package aws

import "testing"

// TestOwnerOf is the identity rule README states: the owner is a person,
// so a session name made up per run or per machine does not count.
func TestOwnerOf(t *testing.T) {
	for _, tc := range []struct{ name, arn, want string }{
		{"IAM user", "arn:aws:iam::123456789012:user/mhson", "arn:aws:iam::123456789012:user/mhson"},
		{"root", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:root"},
		{
			"IAM Identity Center (SSO): the session is the user",
			"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/mhson@example.com",
			"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/mhson@example.com",
		},
		{
			"assumed role, session name chosen by the user",
			"arn:aws:sts::123456789012:assumed-role/student/mhson",
			"arn:aws:sts::123456789012:assumed-role/student/mhson",
		},
		{
			"assumed role, the Go SDK's generated session name",
			"arn:aws:sts::123456789012:assumed-role/student/aws-go-sdk-1764495617123456789",
			"arn:aws:sts::123456789012:assumed-role/student/*",
		},
		{
			"assumed role, the AWS CLI's generated session name",
			"arn:aws:sts::123456789012:assumed-role/student/botocore-session-1764495617",
			"arn:aws:sts::123456789012:assumed-role/student/*",
		},
		{
			"EC2 instance profile (Cloud9, a lab VM): the instance id",
			"arn:aws:sts::123456789012:assumed-role/AWSCloud9SSMAccessRole/i-0abc123def4567890",
			"arn:aws:sts::123456789012:assumed-role/AWSCloud9SSMAccessRole/*",
		},
		{
			"AWS Academy: voclabs, the session names the student",
			"arn:aws:sts::123456789012:assumed-role/voclabs/user3456789=Minho_Son",
			"arn:aws:sts::123456789012:assumed-role/voclabs/user3456789=Minho_Son",
		},
		{"federated user", "arn:aws:sts::123456789012:federated-user/mhson", "arn:aws:sts::123456789012:federated-user/mhson"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := OwnerOf(tc.arn); got != tc.want {
				t.Errorf("OwnerOf(%s) = %s, want %s", tc.arn, got, tc.want)
			}
		})
	}
}

// TestSameOwner: the same person across runs, whatever session their role
// gets; another person, or the same role name in another account, is not.
func TestSameOwner(t *testing.T) {
	run1 := "arn:aws:sts::123456789012:assumed-role/student/aws-go-sdk-1764495617123456789"
	run2 := "arn:aws:sts::123456789012:assumed-role/student/aws-go-sdk-1764499999000000000"
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{run1, run2, true},
		{OwnerOf(run1), run2, true}, // a tag written by this version, a caller of the next run
		{"arn:aws:sts::123456789012:assumed-role/voclabs/user1=Kim", "arn:aws:sts::123456789012:assumed-role/voclabs/user1=Kim", true},
		{"arn:aws:sts::123456789012:assumed-role/voclabs/user1=Kim", "arn:aws:sts::123456789012:assumed-role/voclabs/user2=Lee", false},
		{"arn:aws:sts::123456789012:assumed-role/student/mhson", "arn:aws:sts::123456789012:assumed-role/student/kim", false},
		{run1, "arn:aws:sts::999999999999:assumed-role/student/aws-go-sdk-1", false},
		{"arn:aws:iam::123456789012:user/mhson", "arn:aws:iam::123456789012:user/kim", false},
	} {
		if got := SameOwner(tc.a, tc.b); got != tc.same {
			t.Errorf("SameOwner(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
