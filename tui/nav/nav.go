// Package nav holds the messages screens send upward to the wizard's root,
// so no screen needs a pointer to its parent.
package nav

import "github.com/infrawiz/infrawiz/steps"

// Next asks for the next screen.
type Next struct{}

// Back asks for the previous screen.
type Back struct{}

// SetInputs carries a screen's edited inputs to the root, which keeps the
// one copy, so nothing is lost by moving between screens.
type SetInputs struct{ Inputs steps.Inputs }

// StartStep asks the root to run one step of the mission.
type StartStep struct{ Step steps.Step }

// ApplyAll asks the root to run every remaining step.
type ApplyAll struct{}

// Connect asks the root to (re)check the credentials, e.g. after the user
// chose practice mode.
type Connect struct{}

// Resume asks the root to continue a stack from its progress file.
type Resume struct{ Inputs steps.Inputs }

// Quit asks the root to quit (after its confirmation).
type Quit struct{}
