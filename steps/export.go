package steps

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

// SummaryColumns are the titles of the summary's columns, in the order of
// SummaryCells.
var SummaryColumns = []string{"Name", "Kind", "ID", "AZ", "CIDR", "Private IP", "Public IP"}

// SummaryRows are the rows a summary lists: every planned resource of the
// report, routes and rule sets included, then the stray ones, as status
// shows them.
func SummaryRows(r Report) []Row {
	out := make([]Row, 0, len(r.Rows)+len(r.Stray))
	out = append(out, r.Rows...)
	return append(out, r.Stray...)
}

// SummaryCells are a row's values in the order of SummaryColumns.
func SummaryCells(row Row) []string {
	return []string{row.Name, row.Kind, row.ID, row.AZ, row.CIDR, row.PrivateIP, row.PublicIP}
}

// SummaryMarkdown is the summary as a Markdown document: a heading naming
// the stack, then a table of every resource. Columns are padded so the raw
// text reads as a table too; an empty cell shows as "-".
func SummaryMarkdown(r Report) string {
	head := "## Stack " + r.Stack + " in " + r.Region
	if r.Account != "" {
		head += " (account " + r.Account + ")"
	}
	table := [][]string{SummaryColumns}
	for _, row := range SummaryRows(r) {
		cells := SummaryCells(row)
		for i, c := range cells {
			cells[i] = mdCell(c)
		}
		table = append(table, cells)
	}
	widths := make([]int, len(SummaryColumns))
	for i := range widths {
		widths[i] = 3 // the shortest rule Markdown accepts
	}
	for _, cells := range table {
		for i, c := range cells {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	b.WriteString(mdEscape(head) + "\n\n")
	line := func(cells []string) {
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" " + c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)) + " |")
		}
		b.WriteString("\n")
	}
	line(table[0])
	rule := make([]string, len(widths))
	for i, w := range widths {
		rule[i] = strings.Repeat("-", w)
	}
	line(rule)
	for _, cells := range table[1:] {
		line(cells)
	}
	return b.String()
}

// mdCell makes a value safe inside a table cell: pipes escaped, line
// breaks flattened, and "-" for nothing.
func mdCell(s string) string {
	s = mdEscape(s)
	if s == "" {
		return "-"
	}
	return s
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", " ")), " ")
}

// SummaryCSV is the summary as CSV: a header row, then a record per
// resource, empty fields left empty.
func SummaryCSV(r Report) (string, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(SummaryColumns); err != nil {
		return "", fmt.Errorf("summary csv: %w", err)
	}
	for _, row := range SummaryRows(r) {
		if err := w.Write(SummaryCells(row)); err != nil {
			return "", fmt.Errorf("summary csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return "", fmt.Errorf("summary csv: %w", err)
	}
	return b.String(), nil
}

// summaryDoc is the JSON shape of the summary: the stack and a stable
// record per resource, every field present.
type summaryDoc struct {
	Stack     string          `json:"stack"`
	Region    string          `json:"region"`
	Account   string          `json:"account,omitempty"`
	Resources []summaryRecord `json:"resources"`
}

type summaryRecord struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	AZ        string `json:"az,omitempty"`
	CIDR      string `json:"cidr,omitempty"`
	PrivateIP string `json:"private_ip,omitempty"`
	PublicIP  string `json:"public_ip,omitempty"`
	// Stray marks a tagged object of the stack that the plan does not have.
	Stray bool `json:"stray,omitempty"`
}

// SummaryJSON is the summary as indented JSON ending in a newline.
func SummaryJSON(r Report) ([]byte, error) {
	doc := summaryDoc{Stack: r.Stack, Region: r.Region, Account: r.Account, Resources: []summaryRecord{}}
	add := func(row Row, stray bool) {
		doc.Resources = append(doc.Resources, summaryRecord{
			Name: row.Name, Kind: row.Kind, ID: row.ID, AZ: row.AZ, CIDR: row.CIDR,
			PrivateIP: row.PrivateIP, PublicIP: row.PublicIP, Stray: stray,
		})
	}
	for _, row := range r.Rows {
		add(row, false)
	}
	for _, row := range r.Stray {
		add(row, true)
	}
	var b bytes.Buffer
	if err := JSONTo(&b, doc); err != nil {
		return nil, fmt.Errorf("summary json: %w", err)
	}
	return b.Bytes(), nil
}

// JSONTo writes v as indented JSON ending in a newline, as the command
// line prints it: "->" and "<" as they are, not escaped for HTML.
func JSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteFileAtomic writes data to path so that the file is either the old
// one or the whole new one, never half written. The wizard and the export
// command both write summaries with it.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	if err := atomicfile.Write(path, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
