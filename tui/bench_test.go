package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// BenchmarkFirstFrame times what stands between starting the wizard and
// its first frame: New, Init (which only returns Cmds), the terminal's size
// and Render. The connector blocks until the benchmark ends, so any AWS
// call on that path would hang it instead of timing it; Init's Cmds are
// started, as the runtime would, and must not be waited for.
func BenchmarkFirstFrame(b *testing.B) {
	bc := newBlockingConnector(b)
	o := offlineOptions(catalog.EN)
	o.Connect = bc.connect
	dir := b.TempDir()
	o.StateDir = func(bool) string { return dir }
	for b.Loop() {
		m := New(o)
		go runAndDiscard(m.Init())
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		frame := nm.(*Model).Render()
		if frame == "" {
			b.Fatal("empty first frame")
		}
		m.cancel()
	}
	if n := bc.count(); n != 0 {
		b.Fatalf("the connector was called %d times before the first frame", n)
	}
	d := b.Elapsed() / time.Duration(max(b.N, 1))
	fmt.Printf("first frame: %s (target < 150ms)\n", d)
	if d > 150*time.Millisecond {
		b.Errorf("first frame took %s, over the 150ms target", d)
	}
}

// runAndDiscard runs a Cmd and the Cmds of its batches, dropping messages.
func runAndDiscard(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			go runAndDiscard(c)
		}
	}
	if seq, ok := isSequence(msg); ok {
		for _, c := range seq {
			runAndDiscard(c)
		}
	}
}
