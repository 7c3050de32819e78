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

// Resume asks the root to continue a stack: one with a progress file on
// this machine, or one found in AWS by its tags. Built says the stack
// already has resources (its file records some, or AWS holds them), so its
// prefix and region are fixed from the start, before any report arrives.
type Resume struct {
	Inputs steps.Inputs
	Built  bool
}

// NewStack asks the root for a new stack: fresh inputs, no progress file,
// nothing of the stack it had before.
type NewStack struct{}

// Quit asks the root to quit (after its confirmation).
type Quit struct{}

// OpenDestroy asks the root for the destroy screen of the stack in hand:
// it lists, by their tags, what a destroy would delete.
type OpenDestroy struct{}

// Destroy asks the root to delete the stack in hand (the student typed
// its prefix to confirm).
type Destroy struct{}
