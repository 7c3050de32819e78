package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/hostkeys"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// outcome is what a TCP connect saw.
type outcome int

const (
	connected   outcome = iota
	refused             // RST: the path is open, nothing listens
	filtered            // no answer: a rule drops the SYN
	unreachable         // no route
	otherError
)

// dialOutcome classifies a direct connect's or a direct-tcpip channel's error.
func dialOutcome(err error) outcome {
	if err == nil {
		return connected
	}
	var oce *ssh.OpenChannelError
	if errors.As(err, &oce) {
		// sshd reports its own connect's errno as text.
		m := strings.ToLower(oce.Message)
		switch {
		case strings.Contains(m, "refused"):
			return refused
		case strings.Contains(m, "timed out"):
			return filtered
		case strings.Contains(m, "no route"), strings.Contains(m, "unreachable"):
			return unreachable
		}
		return otherError
	}
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return refused
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return unreachable
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.Is(err, syscall.ETIMEDOUT), errors.As(err, &ne) && ne.Timeout():
		return filtered
	}
	return otherError
}

// ruleHint is the mission's rule for each path, said when a probe of it gets
// no answer and no static analysis names the actual rule.
var ruleHint = map[string]string{
	reach.MeToBastion22:     "sg-bastion must allow tcp 22 from your own public IP (/32); if your IP changed since the stack was built, update that rule",
	reach.BastionToWeb22:    "sg-public must allow tcp 22 from sg-bastion",
	reach.BastionToDB22:     "sg-internal must allow tcp 22 from sg-bastion",
	reach.BastionToWebICMP:  "sg-public must allow ICMP from sg-bastion",
	reach.BastionToDBICMP:   "sg-internal must allow ICMP from sg-bastion",
	reach.WebToDB3306:       "sg-internal must allow tcp 3306 from sg-public",
	reach.InternetToWeb8080: "sg-public must allow tcp 8080 from 0.0.0.0/0, and web's subnet needs a route to the internet gateway",
}

// connectProblem explains a failed connect to target on the mission path
// pathID. what names it for a person ("port 22 on the bastion").
func connectProblem(o outcome, err error, what, target, pathID string, paths []reach.Path, wait time.Duration) *Problem {
	switch o {
	case refused:
		return &Problem{Kind: KindRefused, Path: pathID, Text: fmt.Sprintf(
			"%s (%s) refused the connection: the network path and the security group let it through, but nothing listens on that port (the service is not running or listens elsewhere)", what, target)}
	case unreachable:
		return &Problem{Kind: KindUnreachable, Path: pathID, Text: fmt.Sprintf(
			"no route to %s (%s): check the subnet's route table (%v)", what, target, err)}
	case filtered:
		p := &Problem{Kind: KindSecurityGroup, Path: pathID}
		text := fmt.Sprintf("no answer from %s (%s) within %s: the packets are dropped, which is what a missing security group rule does", what, target, wait)
		if sp, ok := ruleFor(paths, pathID); ok {
			p.Rule = sp.Because
			if !sp.Open {
				text += "; the rules say: " + sp.Because
			} else {
				// The rules allow it, so blaming them would mislead.
				p.Kind = KindTimeout
				text += "; yet the rules allow it (" + sp.Because + "), so look at a network ACL, the instance's own firewall, or whether it is still booting"
			}
		} else if h := ruleHint[pathID]; h != "" {
			text += ": " + h
		}
		p.Text = text
		return p
	case connected, otherError:
	}
	return &Problem{Kind: KindUnexpected, Path: pathID, Text: fmt.Sprintf("connecting to %s (%s): %v", what, target, err)}
}

// sshProblem explains a failed SSH handshake or login.
func sshProblem(err error, what, user, keyFile string) *Problem {
	var ce *hostkeys.ChangedError
	switch {
	case errors.As(err, &ce):
		return &Problem{Kind: KindHostKeyChanged, Text: ce.Error()}
	case strings.Contains(err.Error(), "unable to authenticate"):
		return &Problem{Kind: KindAuth, Text: fmt.Sprintf(
			"%s refused the key %s for user %q (Permission denied (publickey)): the instance was launched with another key pair, the .pem is not this stack's key, or the user is not %q (Ubuntu images use \"ubuntu\")",
			what, keyFile, user, user)}
	case strings.Contains(err.Error(), "no common algorithm for host key"):
		return &Problem{Kind: KindHostKeyChanged, Text: fmt.Sprintf(
			"%s offers none of the host key types recorded or printed on its console for it; it is not the server the stack knows (%v)", what, err)}
	case dialOutcome(err) == filtered:
		return &Problem{Kind: KindTimeout, Text: fmt.Sprintf("%s accepted the TCP connection but the SSH handshake got no answer: sshd may be overloaded or still starting (%v)", what, err)}
	}
	return &Problem{Kind: KindUnexpected, Text: fmt.Sprintf("SSH to %s: %v", what, err)}
}

func notRunning(h Host) *Problem {
	return &Problem{Kind: KindNotRunning, Text: fmt.Sprintf(
		"%s (%s) is %s, not running: start it (aws ec2 start-instances --instance-ids %s) and run the check again; a stopped instance keeps its Elastic IP but not an auto-assigned public IP",
		h.label(), h.InstanceID, h.State, h.InstanceID)}
}

// isPrivate reports whether ip is an address only the VPC can reach.
func isPrivate(ip string) bool {
	a := net.ParseIP(ip)
	return a != nil && (a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast())
}
