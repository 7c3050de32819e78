package steps_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/steps"
)

// TestCommand_CompleteForTheStack: every suggested command names the
// stack it is for, so that pasting it cannot build or delete another (a
// real one, for a student practising in the sandbox).
func TestCommand_CompleteForTheStack(t *testing.T) {
	for _, tc := range []struct {
		in   steps.Inputs
		want string
	}{
		{steps.Inputs{Prefix: "stu9", Region: "ap-northeast-2"}, "infrawiz destroy --prefix stu9 --region ap-northeast-2 --yes"},
		{steps.Inputs{Prefix: "stu9", Region: "ap-northeast-2", Sandbox: true, Profile: "class"}, "infrawiz destroy --prefix stu9 --region ap-northeast-2 --sandbox --yes"},
		{steps.Inputs{Prefix: "stu9", Region: "us-east-1", Profile: "class"}, "infrawiz destroy --prefix stu9 --region us-east-1 --profile class --yes"},
		{steps.Inputs{Prefix: "stu9", Region: "us-east-1", State: "/tmp/my stacks/stu9.json"}, "infrawiz destroy --prefix stu9 --region us-east-1 --state '/tmp/my stacks/stu9.json' --yes"},
	} {
		if got := steps.Command(tc.in, "destroy", "--yes"); got != tc.want {
			t.Errorf("Command(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCommand_PastesAsTheSameWords: what the shell makes of the command is
// the words it was made from, whatever the values hold.
func TestCommand_PastesAsTheSameWords(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	in := steps.Inputs{Prefix: "stu9", Region: "ap-northeast-2", Profile: "it's mine", State: "/tmp/a b/$HOME/`x`.json"}
	words := steps.CommandArgs(in, "apply", "--yes")
	line := strings.Join(words, " ")
	got, err := exec.Command(bash, "-c", "set -- "+line+`; for a in "$@"; do printf '%s\0' "$a"; done`).Output()
	if err != nil {
		t.Fatalf("bash could not read %q: %v", line, err)
	}
	parsed := strings.Split(strings.TrimSuffix(string(got), "\x00"), "\x00")
	want := []string{"infrawiz", "apply", "--prefix", "stu9", "--region", "ap-northeast-2", "--profile", "it's mine", "--state", "/tmp/a b/$HOME/`x`.json", "--yes"}
	if !slices.Equal(parsed, want) {
		t.Errorf("bash read %q as %q, want %q", line, parsed, want)
	}
}
