package nav

// RunCheck asks the root to run the connectivity check. FixKey first
// tightens a key file that others can read (the user pressed the fix key).
type RunCheck struct{ FixKey bool }
