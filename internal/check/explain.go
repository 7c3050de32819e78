package check

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/catalog"
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
	reach.MeToBastion22:     "check.hint.me-bastion-22",
	reach.BastionToWeb22:    "check.hint.bastion-web-22",
	reach.BastionToDB22:     "check.hint.bastion-db-22",
	reach.BastionToWebICMP:  "check.hint.bastion-web-icmp",
	reach.BastionToDBICMP:   "check.hint.bastion-db-icmp",
	reach.WebToDB3306:       "check.hint.web-db-3306",
	reach.InternetToWeb8080: "check.hint.internet-web-8080",
}

// connectProblem explains a failed connect to target on the mission path
// pathID. what names it for a person ("port 22 on the bastion").
func connectProblem(o outcome, err error, what catalog.Message, target, pathID string, paths []reach.Path, wait time.Duration) *Problem {
	switch o {
	case refused:
		return problem(KindRefused, pathID, catalog.Msg("check.why.refused", what, target))
	case unreachable:
		return problem(KindUnreachable, pathID, catalog.Msg("check.why.noroute", what, target, err))
	case filtered:
		kind := KindSecurityGroup
		said := catalog.List{Items: []catalog.Localized{catalog.Msg("check.why.filtered", what, target, wait.String())}}
		sp, ok := ruleFor(paths, pathID)
		switch {
		case ok && !sp.Open:
			said.Items = append(said.Items, catalog.Msg("check.why.filtered.rules", sp.Said()))
		case ok:
			// The rules allow it, so blaming them would mislead.
			kind = KindTimeout
			said.Items = append(said.Items, catalog.Msg("check.why.filtered.allowed", sp.Said()))
		case ruleHint[pathID] != "":
			said.Items = append(said.Items, catalog.Msg("check.why.filtered.hint", catalog.Msg(ruleHint[pathID])))
		}
		p := problem(kind, pathID, said)
		if ok {
			p.Rule, p.RuleMsg = sp.Because, sp.Said()
		}
		return p
	case connected, otherError:
	}
	return problem(KindUnexpected, pathID, catalog.Msg("check.why.connect", what, target, err))
}

// sshProblem explains a failed SSH handshake or login.
func sshProblem(err error, what, user, keyFile string) *Problem {
	var ce *hostkeys.ChangedError
	switch {
	case errors.As(err, &ce):
		return problem(KindHostKeyChanged, "", ce.Msg())
	case strings.Contains(err.Error(), "unable to authenticate"):
		return problem(KindAuth, "", catalog.Msg("check.why.auth", what, keyFile, user, user))
	case strings.Contains(err.Error(), "no common algorithm for host key"):
		return problem(KindHostKeyChanged, "", catalog.Msg("check.why.hostkey.algos", what, err))
	case dialOutcome(err) == filtered:
		return problem(KindTimeout, "", catalog.Msg("check.why.handshake", what, err))
	}
	return problem(KindUnexpected, "", catalog.Msg("check.why.ssh", what, err))
}

func notRunning(h Host) *Problem {
	return problem(KindNotRunning, "", catalog.Msg("check.why.notrunning", h.label(), h.InstanceID, h.State, h.InstanceID))
}

// isPrivate reports whether ip is an address only the VPC can reach.
func isPrivate(ip string) bool {
	a := net.ParseIP(ip)
	return a != nil && (a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast())
}
