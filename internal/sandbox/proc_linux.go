package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// setDeathSignal kills a test's emulator when the test binary is killed (a
// go test timeout, say) instead of leaving it running forever. Linux sends
// it when the OS thread that started the child ends, not the process: code
// that locks a thread and lets its goroutine end would kill the emulator
// (internal/sshtest restores and unlocks its threads for this reason).
func setDeathSignal(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}

// cmdlineMatches checks that pid is a moto_server started on port. known is
// false where /proc cannot tell.
func cmdlineMatches(pid, port int) (ok, known bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		if os.IsNotExist(err) {
			return false, true
		}
		return false, false
	}
	args := bytes.Split(bytes.TrimRight(b, "\x00"), []byte{0})
	var moto, onPort bool
	for i, a := range args {
		if bytes.Contains(a, []byte(binary)) {
			moto = true
		}
		if (string(a) == "-p" || string(a) == "--port") && i+1 < len(args) && string(args[i+1]) == strconv.Itoa(port) {
			onPort = true
		}
	}
	return moto && onPort, true
}
