package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// checkResultMsg is one probe's result while the check runs; ch is where
// the next one comes from.
type checkResultMsg struct {
	res steps.CheckResult
	ch  <-chan tea.Msg
}

// checkWaitMsg is a console the check reads again for its host keys.
type checkWaitMsg struct {
	wait steps.CheckWait
	ch   <-chan tea.Msg
}

// checkDoneMsg ends a check.
type checkDoneMsg struct {
	report *steps.CheckReport
	err    error
}

// startCheck runs the connectivity check in the background: SSH waits on
// the network for seconds, and the wizard must stay responsive meanwhile.
// It reads a fresh report first, so addresses and instance states are
// those of now, not of the last refresh.
func (m *Model) startCheck(msg nav.RunCheck) tea.Cmd {
	if m.session == nil || m.sh.Check.Running || !m.sh.HasPlan {
		return nil
	}
	in := m.sh.Inputs
	o := steps.CheckOptions{
		MyIP:        in.MyIP,
		KeyFile:     m.engine.KeyFile(in),
		KnownHosts:  steps.KnownHostsPath(m.engine.StatePath(in)),
		ConsoleWait: m.opts.ConsoleWait,
	}
	m.sh.Check = CheckView{Running: true, Started: m.sh.Now, KeyFile: o.KeyFile}
	m.refresh()
	session, plan, ctx, fix, e := m.session, m.sh.Plan, m.ctx, msg.FixKey, m.engine
	// ch is never closed: the check may still hand over a result after it
	// returned (it stops waiting for its deliveries when ctx ends), and a
	// send on a closed channel panics. Results after the end are dropped;
	// the report holds them all.
	ch := make(chan tea.Msg, 64)
	ended := make(chan struct{})
	run := func() tea.Msg {
		go func() {
			defer close(ended)
			if fix {
				if err := e.FixKeyFile(o.KeyFile); err != nil {
					ch <- checkDoneMsg{err: err}
					return
				}
			}
			_, inv, err := session.Report(ctx, plan)
			if err != nil {
				ch <- checkDoneMsg{err: err}
				return
			}
			o.OnResult = func(r steps.CheckResult) {
				select {
				case ch <- checkResultMsg{res: r, ch: ch}:
				case <-ended:
				}
			}
			o.OnWait = func(w steps.CheckWait) {
				select {
				case ch <- checkWaitMsg{wait: w, ch: ch}:
				case <-ended:
				}
			}
			cr, err := session.Check(ctx, plan, inv, o)
			if err != nil {
				ch <- checkDoneMsg{err: err}
				return
			}
			ch <- checkDoneMsg{report: &cr}
		}()
		return <-ch
	}
	return tea.Batch(run, m.spinner.Tick)
}

func (m *Model) onCheckResult(msg checkResultMsg) tea.Cmd {
	m.sh.Check.Live = append(m.sh.Check.Live, msg.res)
	m.refresh()
	return listen(msg.ch)
}

func (m *Model) onCheckWait(msg checkWaitMsg) tea.Cmd {
	if m.sh.Check.Waiting == nil {
		m.sh.Check.Waiting = map[string]steps.CheckWait{}
	}
	m.sh.Check.Waiting[msg.wait.Host] = msg.wait
	m.refresh()
	return listen(msg.ch)
}

func (m *Model) onCheckDone(msg checkDoneMsg) tea.Cmd {
	c := &m.sh.Check
	c.Running, c.Report, c.Err = false, msg.report, msg.err
	m.refresh()
	return nil
}

// checkState is the check's mark in the checklist.
func (m *Model) checkState() StepState {
	c := m.sh.Check
	switch {
	case c.Running:
		return StepRunning
	case c.Err != nil || (c.Report != nil && !c.Report.OK()):
		return StepFailed
	case c.Report != nil:
		return StepDone
	case m.sh.LastCheck != nil && m.sh.LastCheck.OK:
		// Checked in an earlier run of the wizard.
		return StepDone
	case m.sh.LastCheck != nil:
		return StepFailed
	default:
		return StepPending
	}
}
