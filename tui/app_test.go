package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// The model tests drive Update synchronously, as the Bubble Tea runtime
// would: a key goes in, the Cmds it returns run in goroutines, and their
// messages come back to Update one at a time, in the order they arrive.

const (
	testRegion = "ap-northeast-2"
	testIP     = "203.0.113.7/32"
	// updateDeadline is deadlock detection, not a timing assertion: an
	// Update that waits on AWS would hang for as long as AWS does.
	updateDeadline = 5 * time.Second
)

// fixedNow is the wizard's clock in tests, so timers in views are stable.
var fixedNow = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// defect fails a test at a defect of the wizard, named by its id.
func defect(t testing.TB, id, format string, args ...any) {
	t.Helper()
	t.Fatalf("defect %s: %s", id, fmt.Sprintf(format, args...))
}

// defectNoted is defect for a test that goes on, so the golden files
// compared on the way still count.
func defectNoted(t testing.TB, id, format string, args ...any) {
	t.Helper()
	t.Errorf("defect %s: %s", id, fmt.Sprintf(format, args...))
}

// tryRender is Render that reports a panic instead of failing.
func tryRender(m *Model) (frame string, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf("%v\n%s", r, debug.Stack())
		}
	}()
	return ansi.Strip(m.Render()), ""
}

// press builds a key press from its name as Bubble Tea prints it: "y",
// "enter", "esc", "ctrl+c", "backspace".
func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return pressKey(tea.KeyEnter)
	case "esc":
		return pressKey(tea.KeyEscape)
	case "backspace":
		return pressKey(tea.KeyBackspace)
	case "tab":
		return pressKey(tea.KeyTab)
	case "up":
		return pressKey(tea.KeyUp)
	case "down":
		return pressKey(tea.KeyDown)
	case "f1":
		return pressKey(tea.KeyF1)
	case "pgup":
		return pressKey(tea.KeyPgUp)
	case "pgdown":
		return pressKey(tea.KeyPgDown)
	case "end":
		return pressKey(tea.KeyEnd)
	}
	if c, ok := strings.CutPrefix(s, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("press: unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// pressKey builds the press of a special key (tea.KeyEnter, tea.KeyEscape).
func pressKey(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

// typeText is one key press per rune.
func typeText(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// update runs one Update with a deadline: a call that does not return in
// updateDeadline waits on something it must not (AWS, the disk, a channel).
func update(t testing.TB, m *Model, msg tea.Msg) (*Model, tea.Cmd) {
	t.Helper()
	type result struct {
		m     tea.Model
		cmd   tea.Cmd
		panic string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", r, debug.Stack())}
			}
		}()
		nm, cmd := m.Update(msg)
		done <- result{m: nm, cmd: cmd}
	}()
	select {
	case r := <-done:
		if r.panic != "" {
			t.Fatalf("Update(%T) panicked: %s", msg, r.panic)
		}
		nm, ok := r.m.(*Model)
		if !ok {
			t.Fatalf("Update(%T) returned a %T, not a tui.Model", msg, r.m)
		}
		return nm, r.cmd
	case <-time.After(updateDeadline):
		t.Fatalf("Update(%T %v) did not return within %s: it waits on something (AWS?)", msg, msg, updateDeadline)
		return m, nil
	}
}

// render is Render with the same deadline: a frame never waits either.
func render(t testing.TB, m *Model) string {
	t.Helper()
	done := make(chan string, 1)
	failed := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				failed <- fmt.Sprintf("%v\n%s", r, debug.Stack())
			}
		}()
		done <- m.Render()
	}()
	select {
	case s := <-done:
		return s
	case p := <-failed:
		t.Fatalf("Render panicked: %s", p)
		return ""
	case <-time.After(updateDeadline):
		t.Fatalf("Render did not return within %s", updateDeadline)
		return ""
	}
}

// viewAt is a screen's view in a body of w x h.
func viewAt(s screen, w, h int) string {
	s.SetSize(w, h)
	return s.View()
}

// plain is the frame without colour.
func plain(t testing.TB, m *Model) string { t.Helper(); return ansi.Strip(render(t, m)) }

// isSequence reports whether msg is tea.Sequence's unexported message: a
// named slice of Cmds other than tea.BatchMsg.
func isSequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	if _, batch := msg.(tea.BatchMsg); batch {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// ignored are the messages of clocks that tick forever (the spinner, the
// cursor's blink): feeding them back would keep drain busy for good, and
// with the injected clock they change nothing in a frame.
func ignored(msg tea.Msg) bool {
	if _, ok := msg.(spinner.TickMsg); ok {
		return true
	}
	t := reflect.TypeOf(msg)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != nil && strings.Contains(t.PkgPath(), "bubbles/v2/cursor")
}

// runner executes Cmds as Bubble Tea does: each in a goroutine, a batch's
// concurrently, a sequence's one after another; the messages they produce
// arrive on msgs in the order they were made.
type runner struct {
	msgs    chan tea.Msg
	stop    chan struct{}
	mu      sync.Mutex
	pending int
}

func newRunner() *runner { return &runner{msgs: make(chan tea.Msg, 1024), stop: make(chan struct{})} }

func (r *runner) add(n int) {
	r.mu.Lock()
	r.pending += n
	r.mu.Unlock()
}

func (r *runner) busy() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pending
}

// start runs cmd in the background.
func (r *runner) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	r.add(1)
	go func() {
		defer r.add(-1)
		r.exec(cmd)
	}()
}

// exec runs cmd here and delivers what it produces.
func (r *runner) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var wg sync.WaitGroup
		for _, c := range b {
			wg.Go(func() { r.exec(c) })
		}
		wg.Wait()
		return
	}
	if seq, ok := isSequence(msg); ok {
		for _, c := range seq {
			r.exec(c)
		}
		return
	}
	if msg == nil || ignored(msg) {
		return
	}
	select {
	case r.msgs <- msg:
	case <-r.stop:
	}
}

// drive is a model under test with its Cmds running.
type drive struct {
	t    testing.TB
	m    *Model
	r    *runner
	quit bool // a tea.QuitMsg came out of a Cmd
	// quiet is how long drain waits for the next message while Cmds run.
	quiet time.Duration
}

const (
	// drainQuiet is how long drain waits for the next message while Cmds
	// still run: a Cmd that blocks (an AWS call that never returns) is
	// left behind, and its message, if any, is taken by a later drain.
	drainQuiet = 100 * time.Millisecond
	// drainMax bounds one drain while a run keeps sending events.
	drainMax = 2 * time.Second
)

// newDrive builds the model, sizes it and runs Init.
func newDrive(t testing.TB, o Options, w, h int) *drive {
	t.Helper()
	d := &drive{t: t, m: New(o), r: newRunner(), quiet: drainQuiet}
	t.Cleanup(func() {
		close(d.r.stop)
		d.m.cancel()
	})
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.drain(d.m.Init())
	return d
}

// send passes each message through Update, draining its Cmds after each.
func (d *drive) send(msgs ...tea.Msg) {
	d.t.Helper()
	for _, msg := range msgs {
		var cmd tea.Cmd
		d.m, cmd = update(d.t, d.m, msg)
		d.drain(cmd)
	}
}

// keys presses each key by name.
func (d *drive) keys(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.send(press(n))
	}
}

// typeIn types s, one key press per rune.
func (d *drive) typeIn(s string) { d.t.Helper(); d.send(typeText(s)...) }

// drain runs cmd and feeds its messages back until nothing more comes.
func (d *drive) drain(cmd tea.Cmd) {
	d.t.Helper()
	d.until(cmd, nil, d.quiet, drainMax)
}

// waitFor drains until cond holds, failing after timeout with the frame.
func (d *drive) waitFor(what string, timeout time.Duration, cond func(*Model) bool) {
	d.t.Helper()
	if !d.until(nil, cond, timeout, timeout) {
		d.t.Fatalf("after %s, still waiting for %s; frame:\n%s", timeout, what, d.frame())
	}
}

// until is the loop of drain and waitFor: it stops when cond (if any)
// holds, when no Cmd runs any more, after quiet without a message, or
// after total.
func (d *drive) until(cmd tea.Cmd, cond func(*Model) bool, quiet, total time.Duration) bool {
	d.t.Helper()
	d.r.start(cmd)
	end := time.After(total)
	for {
		if cond != nil && cond(d.m) {
			return true
		}
		if d.quit {
			return cond == nil
		}
		select {
		case msg := <-d.r.msgs:
			d.deliver(msg)
			continue
		default:
		}
		if cond == nil && d.r.busy() == 0 && len(d.r.msgs) == 0 {
			return true
		}
		// A condition on something outside the model (the gate) is
		// looked at again now and then.
		var poll <-chan time.Time
		if cond != nil {
			poll = time.After(20 * time.Millisecond)
		}
		select {
		case msg := <-d.r.msgs:
			d.deliver(msg)
		case <-poll:
		case <-time.After(quiet):
			return cond == nil
		case <-end:
			return cond == nil
		}
	}
}

func (d *drive) deliver(msg tea.Msg) {
	d.t.Helper()
	if _, ok := msg.(tea.QuitMsg); ok {
		d.quit = true
		return
	}
	var cmd tea.Cmd
	d.m, cmd = update(d.t, d.m, msg)
	d.r.start(cmd)
}

// goTo opens a screen directly, as the root does on Next and Back.
func (d *drive) goTo(id screenID) {
	d.t.Helper()
	d.drain(d.m.goTo(id))
}

func (d *drive) frame() string { d.t.Helper(); return plain(d.t, d.m) }

// mustShow fails unless the frame holds every string.
func (d *drive) mustShow(wants ...string) {
	d.t.Helper()
	f := d.frame()
	for _, w := range wants {
		if !strings.Contains(f, w) {
			d.t.Fatalf("the frame lacks %q:\n%s", w, f)
		}
	}
}

func (d *drive) stepState(s steps.Step) StepState { return d.m.stepStates()[s] }

// settled reports that no run is going on and step s is in state want.
func settled(s steps.Step, want StepState) func(*Model) bool {
	return func(m *Model) bool { return m.progress.Running() == 0 && m.stepStates()[s] == want }
}

// stepFailures are the steps that failed, with what.
func stepFailures(m *Model) map[steps.Step]error {
	out := map[steps.Step]error{}
	for _, st := range steps.Steps {
		if err := m.progress.Failure(st); err != nil {
			out[st] = err
		}
	}
	return out
}

// offlineOptions never reach AWS: no connector, no stacks on disk.
func offlineOptions(lang catalog.Lang) Options {
	return Options{
		Lang:      lang,
		Inputs:    steps.Inputs{Prefix: "mhson", MyIP: testIP}.WithDefaults(),
		StatePath: func(steps.Inputs) string { return "" },
		Now:       fixedClock,
		IsDark:    true,
	}
}

// blockingConnector is an AWS that never answers: it returns only when the
// test ends. It counts its calls.
type blockingConnector struct {
	mu    sync.Mutex
	calls int
	done  chan struct{}
}

func newBlockingConnector(t testing.TB) *blockingConnector {
	b := &blockingConnector{done: make(chan struct{})}
	t.Cleanup(func() { close(b.done) })
	return b
}

func (b *blockingConnector) connect(context.Context, steps.Inputs) (*aws.Client, error) {
	b.mu.Lock()
	b.calls++
	b.mu.Unlock()
	<-b.done
	return nil, errors.New("the test ended")
}

func (b *blockingConnector) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls
}

// motoConnector connects to endpoint (moto, or a proxy in front of it) as
// the command line does with AWS_ENDPOINT_URL, polling briskly.
func motoConnector(endpoint string) steps.Connector {
	return func(ctx context.Context, in steps.Inputs) (*aws.Client, error) {
		return testenv.NewClient(ctx, endpoint, in.Region)
	}
}

// motoOptions are options for stack prefix on the AWS at endpoint, with the
// progress files and the key under home.
func motoOptions(endpoint, home, prefix string, lang catalog.Lang) Options {
	o := offlineOptions(lang)
	o.Inputs.Prefix = prefix
	o.Connect = motoConnector(endpoint)
	o.StatePath = func(in steps.Inputs) string {
		return filepath.Join(home, ".infrawiz", "stacks", in.Prefix+"-"+in.Region+".json")
	}
	o.StateDir = func(sandbox bool) string {
		if sandbox {
			return filepath.Join(home, ".infrawiz", "sandbox", "stacks")
		}
		return filepath.Join(home, ".infrawiz", "stacks")
	}
	o.SSHDir = filepath.Join(home, ".ssh")
	// moto's consoles never print host keys: the check reads each once
	// rather than waiting for them.
	o.ConsoleWait = -1
	return o
}

// connected goes from the start screen to the credentials screen and waits
// for the session.
func (d *drive) connected() {
	d.t.Helper()
	d.keys("enter") // start: a new stack
	d.waitFor("the credentials check", 30*time.Second, func(m *Model) bool { return m.session != nil || m.sh.ConnErr != nil })
	if d.m.sh.ConnErr != nil {
		d.t.Fatalf("connect: %v", d.m.sh.ConnErr)
	}
	d.waitFor("the report of what exists", 30*time.Second, func(m *Model) bool { return m.sh.Report != nil })
}

// gate sits between the client and moto: it holds the calls of some
// actions until released, or fails them (503, never forwarded, as the
// latency proxy's FailBefore) while failing says so.
type gate struct {
	proxy   *httputil.ReverseProxy
	srv     *httptest.Server
	actions map[string]bool
	mu      sync.Mutex
	hold    chan struct{} // closed: calls go through
	failAll bool
	// failName fails only the calls about the resource of that name.
	failName string
	seen     int
}

func newGate(t testing.TB, target string, actions ...string) *gate {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = log.New(io.Discard, "", 0) // calls cut by the test's end are not news
	g := &gate{proxy: rp, actions: map[string]bool{}, hold: make(chan struct{})}
	for _, a := range actions {
		g.actions[a] = true
	}
	close(g.hold)
	g.srv = httptest.NewServer(g)
	t.Cleanup(func() { g.release(); g.srv.Close() })
	return g
}

func (g *gate) URL() string { return g.srv.URL }

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	// Preflight's DryRun calls check permissions and create nothing.
	if action := form.Get("Action"); g.actions[action] && form.Get("DryRun") != "true" {
		g.mu.Lock()
		g.seen++
		hold := g.hold
		g.mu.Unlock()
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
		if g.fails(form) {
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Response><Errors><Error><Code>ServiceUnavailable</Code><Message>gate: injected failure before `+
				action+`</Message></Error></Errors><RequestID>0</RequestID></Response>`)
			return
		}
	}
	g.proxy.ServeHTTP(w, r)
}

func (g *gate) fails(form url.Values) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failAll {
		return true
	}
	if g.failName == "" {
		return false
	}
	for _, vs := range form {
		for _, v := range vs {
			if v == g.failName {
				return true
			}
		}
	}
	return false
}

// holdCalls makes the gated calls wait for release.
func (g *gate) holdCalls() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.hold:
		g.hold = make(chan struct{})
	default:
	}
}

func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.hold:
	default:
		close(g.hold)
	}
}

// setFailing fails every gated call, or none.
func (g *gate) setFailing(f bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failAll, g.failName = f, ""
}

// failOnly fails the gated calls about the resource named name ("" none).
func (g *gate) failOnly(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failAll, g.failName = false, name
}

func (g *gate) calls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.seen
}

// --- the specs ---------------------------------------------------------

func TestRoot_CtrlCAsksToConfirm(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 80, 24)
	d.keys("ctrl+c")
	if !d.m.confirm || d.quit {
		t.Fatalf("ctrl+c: confirm=%v quit=%v, want the dialog open and no quit", d.m.confirm, d.quit)
	}
	d.mustShow("Quit infrawiz?", "(y/n)")

	// Other keys do nothing while the dialog is open.
	d.keys("x", "ctrl+a", "esc")
	if d.m.confirm || d.quit {
		t.Fatalf("esc on the dialog: confirm=%v quit=%v, want it closed", d.m.confirm, d.quit)
	}
	d.keys("ctrl+c", "x")
	if !d.m.confirm || d.quit || d.m.cur != scrStart {
		t.Fatalf("x on the dialog: confirm=%v quit=%v screen=%v", d.m.confirm, d.quit, d.m.cur)
	}
	d.keys("n")
	if d.m.confirm || d.quit {
		t.Fatalf("n: confirm=%v quit=%v, want the dialog closed", d.m.confirm, d.quit)
	}
	if f := d.frame(); strings.Contains(f, "Quit infrawiz?") {
		t.Fatalf("the dialog is still drawn after n:\n%s", f)
	}

	d.keys("ctrl+c")
	m, cmd := update(t, d.m, press("y"))
	d.m = m
	if cmd == nil {
		t.Fatal("y with nothing running returned no Cmd; want one ending in tea.Quit")
	}
	d.drain(cmd)
	if !d.quit {
		t.Fatal("y with nothing running: its Cmd produced no tea.QuitMsg")
	}
}

func TestRoot_EscGoesBack(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 80, 24)
	d.keys("esc")
	if d.m.cur != scrStart {
		t.Fatalf("esc on the start screen: at %v, want to stay", d.m.cur)
	}
	d.keys("enter")
	if d.m.cur != scrCreds {
		t.Fatalf("enter on start: at %v, want the credentials", d.m.cur)
	}
	d.keys("esc")
	if d.m.cur != scrStart {
		t.Fatalf("esc on the credentials: at %v, want start", d.m.cur)
	}
	// Every later screen goes back to the one before it.
	for i := len(wizardScreens) - 1; i > 2; i-- {
		id := wizardScreens[i].id
		d.goTo(id)
		d.keys("esc")
		if want := wizardScreens[i-1].id; d.m.cur != want {
			t.Fatalf("esc on screen %v: at %v, want %v", id, d.m.cur, want)
		}
	}
	d.goTo(scrNaming)
	d.keys("esc")
	if d.m.cur != scrCreds {
		t.Fatalf("esc on naming before connecting: at %v, want the credentials", d.m.cur)
	}
}

func TestRoot_InputsSurviveMovingBetweenScreens(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 120, 40)
	d.goTo(scrNaming)
	d.mustShow("mhson-vpc")
	for range len("mhson") {
		d.keys("backspace")
	}
	d.typeIn("lab7")
	d.mustShow("lab7-vpc", "lab7-ec2-bastion-2a")
	d.keys("enter") // confirm: on to the key step
	if d.m.cur != scrKey {
		t.Fatalf("enter on naming: at %v, want the key step\n%s", d.m.cur, d.frame())
	}
	if got := d.m.sh.Inputs.Prefix; got != "lab7" {
		t.Fatalf("the root's prefix after enter: %q, want lab7", got)
	}
	d.mustShow("stack lab7")
	d.keys("esc")
	if d.m.cur != scrNaming {
		t.Fatalf("esc on the key step: at %v, want naming", d.m.cur)
	}
	if got := d.m.sh.Inputs.Prefix; got != "lab7" {
		t.Fatalf("the root's prefix after going back: %q, want lab7", got)
	}
	if f := d.frame(); !strings.Contains(f, "lab7-vpc") || strings.Contains(f, "mhson-vpc") {
		t.Fatalf("back on naming, the preview lost the prefix lab7:\n%s", f)
	}
	d.keys("enter") // again, unchanged
	if got := d.m.sh.Inputs.Prefix; got != "lab7" {
		t.Fatalf("the root's prefix after a second enter on naming: %q, want lab7", got)
	}
}

func TestRoot_UnconfirmedEditSurvivesMovingAway(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 120, 40)
	d.goTo(scrNaming)
	d.keys("backspace", "backspace")
	d.typeIn("xy")
	d.keys("esc")
	d.goTo(scrNaming)
	d.mustShow("mhsxy-vpc")
}

func TestRoot_UpdateNeverWaitsOnAWS(t *testing.T) {
	bc := newBlockingConnector(t)
	o := offlineOptions(catalog.EN)
	o.Connect = bc.connect
	o.StateDir = func(bool) string { return t.TempDir() }
	o.DetectIP = func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() }
	d := newDrive(t, o, 80, 24)
	// Nothing here needs to wait for a Cmd: what does not come at once
	// never comes.
	d.quiet = 20 * time.Millisecond
	// Every key of the flow with AWS hanging: each Update returns (update
	// fails the test otherwise) and each frame draws.
	for _, k := range []string{"enter", "enter", "r", "p", "ctrl+a", "ctrl+l", "f1", "f1", "ctrl+l", "esc", "enter"} {
		d.keys(k)
		_ = d.frame()
	}
	if bc.count() == 0 {
		t.Fatal("the connector was never called: the test proves nothing")
	}
	d.mustShow("Checking your AWS credentials")
	for _, spec := range wizardScreens[2:] {
		d.goTo(spec.id)
		d.keys("enter", "ctrl+r", "ctrl+a", "ctrl+l")
		_ = d.frame()
		d.keys("ctrl+l")
	}
	d.keys("ctrl+c", "y")
	if !d.quit {
		t.Fatalf("ctrl+c y with AWS hanging did not quit:\n%s", d.frame())
	}
}

func TestRoot_StepRunsInBackground(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "CreateVpc")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "bg", catalog.EN), 120, 40)
	d.connected()
	d.goTo(scrVPC)
	g.holdCalls() // the VPC is created only when the test says so
	d.keys("enter")
	d.waitFor("the VPC step to reach CreateVpc", 30*time.Second, func(*Model) bool { return g.calls() > 0 })
	if st := d.stepState(steps.StepVPC); st != StepRunning {
		t.Fatalf("the VPC step is %v while CreateVpc is held, want running", st)
	}
	d.mustShow("Running; press Enter to go on", "bg-vpc  working…")
	d.keys("enter") // on, while it runs
	if d.m.cur != scrSubnets {
		t.Fatalf("enter on a running step: at %v, want the subnets screen\n%s", d.m.cur, d.frame())
	}
	if st := d.stepState(steps.StepVPC); st != StepRunning {
		t.Fatalf("the VPC step is %v after moving on, want still running", st)
	}
	g.release()
	d.waitFor("the VPC step to finish in the background", 60*time.Second, settled(steps.StepVPC, StepDone))
	d.drain(nil)
	if d.m.cur != scrSubnets {
		t.Fatalf("the finished run moved the wizard to %v", d.m.cur)
	}
	if f := d.frame(); !strings.Contains(f, "✓ VPC") {
		t.Fatalf("the checklist does not show the VPC step done:\n%s", f)
	}
	d.keys("esc")
	d.mustShow("bg-vpc", "vpc-", "Done.")
}

func TestRoot_ApplyAllBuildsEverything(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	o := motoOptions(emu.Endpoint, home, "all", catalog.EN)
	d := newDrive(t, o, 120, 40)
	d.connected()
	d.keys("ctrl+a")
	d.waitFor("every step done", 120*time.Second, func(m *Model) bool {
		if m.progress.Running() > 0 {
			return false
		}
		for _, st := range steps.Steps {
			if m.stepStates()[st] != StepDone {
				return false
			}
		}
		return true
	})
	for _, st := range steps.Steps {
		if err := d.m.progress.Failure(st); err != nil {
			t.Errorf("step %s: %v", st, err)
		}
	}
	d.waitFor("the report after the run", 30*time.Second, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
	rep := d.m.sh.Report
	if rep == nil || !rep.Complete() || len(rep.Rows) != 26 || len(rep.Stray) != 0 {
		t.Fatalf("report after apply all: %+v", rep)
	}
	d.goTo(scrSummary)
	d.mustShow("all-vpc", "all-ec2-bastion-2a")
	s, err := state.Load(o.StatePath(d.m.sh.Inputs))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Resources) != 26 {
		t.Fatalf("the progress file holds %d resources, want 26", len(s.Resources))
	}
}

func TestRoot_FailureShowsAdviceAndRetry(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "CreateVpc")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "fail", catalog.EN), 120, 40)
	d.connected()
	g.setFailing(true) // every CreateVpc: 503, more often than any retry
	d.goTo(scrVPC)
	d.keys("enter")
	d.waitFor("the VPC step to fail", 60*time.Second, settled(steps.StepVPC, StepFailed))
	f := d.frame()
	for _, want := range []string{"This step failed.", "ServiceUnavailable", catalog.T(catalog.EN, "advice.transient"), "ctrl+r", "✗ VPC"} {
		if !strings.Contains(f, want) {
			t.Errorf("the failed step's screen lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("frame:\n%s", f)
	}
	g.setFailing(false) // the cause is gone
	d.keys("ctrl+r")
	d.waitFor("the retried VPC step", 60*time.Second, settled(steps.StepVPC, StepDone))
	d.drain(nil)
	d.mustShow("Done.", "✓ VPC", "fail-vpc")
	if f := d.frame(); strings.Contains(f, "This step failed.") {
		t.Fatalf("the failure is still shown after a good retry:\n%s", f)
	}
}

func TestRoot_OnlyEnterBuildsEverything(t *testing.T) {
	emu := testenv.Moto(t)
	o := motoOptions(emu.Endpoint, t.TempDir(), "enter", catalog.EN)
	d := newDrive(t, o, 120, 40)
	complete := func(m *Model) bool {
		return m.cur == scrSummary && m.progress.Running() == 0 && m.sh.Report != nil && m.sh.Report.Complete()
	}
	deadline := time.Now().Add(120 * time.Second)
	for !complete(d.m) {
		if time.Now().After(deadline) {
			t.Fatalf("Enter after Enter did not build the mission; at %v, errors %v:\n%s", d.m.cur, stepFailures(d.m), d.frame())
		}
		d.keys("enter")
		for st, err := range stepFailures(d.m) {
			if n := len(d.m.sh.Report.Stray); n > 0 || strings.Contains(err.Error(), "Conflict") || strings.Contains(err.Error(), "Duplicate") {
				defect(t, "D1", "step %s failed on the way, because it ran twice at once (%d stray objects): %v\n%s", st, n, err, d.frame())
			}
			t.Fatalf("step %s failed on the way: %v\n%s", st, err, d.frame())
		}
	}
	d.mustShow("enter-ec2-bastion-2a")
}

func TestRoot_EnterRunsAStepOnce(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "CreateVpc")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "once", catalog.EN), 120, 40)
	d.connected()
	d.goTo(scrVPC)
	g.holdCalls() // the run stays in flight while we count
	before := d.m.progress.LastRun()
	d.keys("enter")
	d.waitFor("CreateVpc", 30*time.Second, func(*Model) bool { return g.calls() > 0 })
	d.drain(nil)
	time.Sleep(200 * time.Millisecond)
	d.drain(nil)
	var problems []string
	if n := d.m.progress.LastRun() - before; n != 1 {
		problems = append(problems, fmt.Sprintf("one Enter on the VPC screen started %d runs, want 1", n))
	}
	if n := g.calls(); n != 1 {
		problems = append(problems, fmt.Sprintf("one Enter on the VPC screen made %d CreateVpc calls, want 1", n))
	}
	// Asking again while it runs starts nothing more.
	d.send(nav.StartStep{Step: steps.StepVPC})
	if n := d.m.progress.Running(); n > 1 {
		problems = append(problems, fmt.Sprintf("StartStep for a running step: %d runs in flight, want 1", n))
	}
	g.release()
	d.waitFor("the VPC step to settle", 30*time.Second, func(m *Model) bool { return m.progress.Running() == 0 })
	if err := d.m.progress.Failure(steps.StepVPC); err != nil {
		problems = append(problems, fmt.Sprintf("the VPC step failed: %v", err))
	}
	d.waitFor("the report", 30*time.Second, func(m *Model) bool { return reportHas(m, steps.StepVPC) })
	if stray := d.m.sh.Report.Stray; len(stray) > 0 {
		problems = append(problems, fmt.Sprintf("one Enter made %d duplicate VPCs: %+v", len(stray), stray))
	}
	if len(problems) > 0 {
		defect(t, "D1", "a step runs more than once at a time:\n%s", strings.Join(problems, "\n"))
	}
}

func TestRoot_StepThatNeedsABackgroundRunWaitsForIt(t *testing.T) {
	emu := testenv.Moto(t)
	// The NAT gateway stays pending for a while, as on AWS (minutes there).
	px, err := latency.New(emu.Endpoint, latency.Model{NATPending: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	d := newDrive(t, motoOptions(px.URL(), t.TempDir(), "nat", catalog.EN), 120, 40)
	d.connected()
	for _, st := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets} {
		d.send(nav.StartStep{Step: st})
		d.waitFor(st.String()+" done", 30*time.Second, settled(st, StepDone))
	}
	// The gateways run goes on in the background; the student moves on to
	// the routes, whose internal route needs the NAT gateway.
	d.goTo(scrGateways)
	d.send(nav.StartStep{Step: steps.StepGateways})
	d.goTo(scrRoutes)
	d.send(nav.StartStep{Step: steps.StepRoutes})
	d.waitFor("both runs to end", 60*time.Second, func(m *Model) bool { return m.progress.Running() == 0 })
	d.drain(nil)
	if st := d.stepState(steps.StepGateways); st != StepDone {
		t.Fatalf("gateways: %v, want done", st)
	}
	f := d.frame()
	if st := d.stepState(steps.StepRoutes); st != StepDone || strings.Contains(f, "run the gateways step first") {
		defect(t, "D3", "routes started while the gateways step ran in the background ended %v, telling the student to run the gateways step, which was running, instead of waiting for its NAT gateway:\n%s", st, f)
	}
}

func TestRoot_MissingAMIShowsTheReasonAndRetry(t *testing.T) {
	emu := testenv.Moto(t)
	o := motoOptions(emu.Endpoint, t.TempDir(), "ami", catalog.EN)
	o.Inputs.AMI = "ami-0123456789abcdef0" // well formed, but no such image
	d := newDrive(t, o, 120, 40)
	d.connected()
	for _, st := range steps.Steps[:len(steps.Steps)-1] {
		d.send(nav.StartStep{Step: st})
		d.waitFor(st.String()+" done", 60*time.Second, settled(st, StepDone))
	}
	d.goTo(scrServers)
	d.send(nav.StartStep{Step: steps.StepServers})
	d.waitFor("the servers step to fail", 60*time.Second, settled(steps.StepServers, StepFailed))
	missing := d.m.progress.Failure(steps.StepServers)
	f := d.frame()
	for _, want := range []string{"This step failed.", "ami-0123456789abcdef0", "ctrl+r"} {
		if !strings.Contains(f, want) {
			t.Errorf("the failed servers screen lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("frame:\n%s", f)
	}
	// Remove the cause (what the servers editor sends when the AMI field
	// is cleared), then retry.
	in := d.m.sh.Inputs
	in.AMI = ""
	d.send(nav.SetInputs{Inputs: in})
	d.keys("ctrl+r")
	d.waitFor("the servers step after the fix", 120*time.Second, settled(steps.StepServers, StepDone))
	d.mustShow("✓ Servers", "ami-ec2-bastion-2a")
	// What it meant and what to try: the AMI is not in the region.
	if kind := steps.KindOf(missing); kind == steps.KindNone {
		defect(t, "D4", "a missing AMI (%v) has no kind, so its failure shows no advice line:\n%s", missing, f)
	}
}

func TestRoot_ApplyAllFailureIsShown(t *testing.T) {
	emu := testenv.Moto(t)
	o := motoOptions(emu.Endpoint, t.TempDir(), "amiall", catalog.EN)
	o.Inputs.AMI = "ami-0123456789abcdef0" // well formed, but no such image
	d := newDrive(t, o, 120, 40)
	d.connected()
	before := d.m.progress.LastRun()
	d.keys("ctrl+a")
	d.waitFor("a run to start and end", 120*time.Second, func(m *Model) bool { return m.progress.LastRun() > before && m.progress.Running() == 0 })
	d.drain(nil)
	// The check before the first create fails (no such AMI): the student
	// must see that, and why, somewhere.
	f := d.frame()
	if !strings.Contains(f, "ami-0123456789abcdef0") && len(stepFailures(d.m)) == 0 {
		defect(t, "D5", "ctrl+a failed before creating anything (no such AMI), and the wizard shows no error at all: no step failed, no status line:\n%s", f)
	}
}

func TestRoot_QuotaProblemShowsAdvice(t *testing.T) {
	emu := testenv.Moto(t)
	// Fill the region's VPC quota (5, counting moto's default VPC).
	c, err := motoConnector(emu.Endpoint)(context.Background(), steps.Inputs{Region: testRegion})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if _, err := c.EC2.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: sdk.String(fmt.Sprintf("10.%d.0.0/16", i))}); err != nil {
			t.Fatal(err)
		}
	}
	d := newDrive(t, motoOptions(emu.Endpoint, t.TempDir(), "quota", catalog.EN), 120, 40)
	d.connected()
	d.goTo(scrVPC)
	d.send(nav.StartStep{Step: steps.StepVPC})
	d.waitFor("the VPC step to fail", 60*time.Second, settled(steps.StepVPC, StepFailed))
	// The check before the first create reports the quota: what it means
	// and what to try, not a crash.
	f, panicked := tryRender(d.m)
	if panicked != "" {
		defect(t, "D2", "drawing the failed VPC step (a quota problem from the check before creating: *aws.Error without a cause) panics:\n%s", panicked)
	}
	for _, want := range []string{"This step failed.", catalog.T(catalog.EN, "advice.quota"), "ctrl+r"} {
		if !strings.Contains(f, want) {
			t.Fatalf("the failed VPC step lacks %q:\n%s", want, f)
		}
	}
}
