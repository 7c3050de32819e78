package steps

import (
	"context"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/diagram"
)

// What the wizard's summary, bill and destroy screens need of the packages
// below steps, so that the wizard talks to steps only.

// DiagramMinWidth is the narrowest width the terminal diagram is drawn
// for: a narrower one is drawn at this width.
const DiagramMinWidth = diagram.MinWidth

// TerminalDiagram is the stack's picture as text no wider than width (at
// least DiagramMinWidth): the plan, with, when rep is given and something
// of it exists, what AWS holds now. paint, when not nil, colours a part's
// mark by its state ("ready", "planned", "pending", "stopped", "missing",
// "broken"); it may add ANSI codes.
func TerminalDiagram(p Plan, rep *Report, l catalog.Lang, width int, paint func(state, mark string) string) string {
	o := diagram.TermOptions{Width: width}
	if paint != nil {
		o.Paint = func(s diagram.State, mark string) string { return paint(s.String(), mark) }
	}
	return diagram.Terminal(Topology(p, rep), DiagramWords(l), o)
}

// DrawIO is the stack's picture as a diagrams.net file, as export
// --format drawio writes it: the plan, with what AWS holds now when rep is
// given and something of it exists.
func DrawIO(p Plan, rep *Report, l catalog.Lang) ([]byte, error) {
	return diagram.DrawIO(Topology(p, rep), DiagramWords(l))
}

// CensusStack is the census of one stack of the region, one entry per
// owner of its tags, each with every object it holds listed (Census lists
// only an orphan's): what a destroy of it would delete, and, after one,
// what is left. None when nothing carries the stack's tag.
func (s *Session) CensusStack(ctx context.Context, stack string) ([]StackCensus, error) {
	all, err := s.client.Census(ctx)
	if err != nil {
		return nil, err
	}
	var c aws.Census
	for _, f := range all.Objects {
		if f.Stack == stack {
			c.Objects = append(c.Objects, f)
		}
	}
	for _, v := range all.Volumes {
		if v.Stack == stack {
			c.Volumes = append(c.Volumes, v)
		}
	}
	out := Classroom(s.client.Region, c)
	for i := range out {
		if out[i].Orphan {
			continue // listed already
		}
		for _, f := range c.Objects {
			if aws.OwnerOf(f.Owner) == out[i].Owner {
				out[i].Objects = append(out[i].Objects, CensusItem{Kind: f.Kind.String(), ID: f.ID, Name: f.Name, State: f.State})
			}
		}
		for _, v := range c.Volumes {
			if aws.OwnerOf(v.Owner) == out[i].Owner {
				out[i].Objects = append(out[i].Objects, CensusItem{Kind: "volume", ID: v.ID, State: v.State})
			}
		}
	}
	return out, nil
}
