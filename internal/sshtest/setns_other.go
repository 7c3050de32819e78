//go:build !amd64 && !arm64

package sshtest

// sysSetns is unknown here: InNS fails with a clear error.
const sysSetns = -1
