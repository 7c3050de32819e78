package steps

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportReport is a small stack with one resource of each shape the
// summary meets: a network, an instance with both IPs, a route and a rule
// set (which carry no AZ), a missing resource and a stray one.
func exportReport() Report {
	return Report{
		Stack: "mhson", Region: "ap-northeast-2", Account: "123456789012",
		Rows: []Row{
			{Name: "mhson-vpc", Kind: "vpc", ID: "vpc-0a1", CIDR: "192.168.11.0/24", Role: "vpc", State: "available"},
			{Name: "mhson-subnet-public-2a", Kind: "subnet", ID: "subnet-0b2", AZ: "ap-northeast-2a", CIDR: "192.168.11.0/26", Role: "subnet-public-2a"},
			{Name: "mhson-route-public-igw", Kind: "route", ID: "igw-0c3", CIDR: "0.0.0.0/0", Role: "route-public"},
			{Name: "mhson-sg-public-rules", Kind: "sg-rules", ID: "sg-0d4", Role: "sg-public-rules"},
			{Name: "mhson-ec2-bastion-2a", Kind: "instance", ID: "i-0e5", AZ: "ap-northeast-2a", PrivateIP: "192.168.11.170", PublicIP: "3.35.0.9", Role: "ec2-bastion"},
			{Name: "odd|name, \"quoted\"", Kind: "instance", ID: "-", Role: "ec2-web", State: "missing"},
		},
		Stray: []Row{{Name: "mhson-eip-extra", Kind: "eip", ID: "eipalloc-0f6", PublicIP: "3.35.0.10", State: "stray"}},
	}
}

func TestExport_Markdown(t *testing.T) {
	want := `## Stack mhson in ap-northeast-2 (account 123456789012)

| Name                   | Kind     | ID           | AZ              | CIDR            | Private IP     | Public IP |
| ---------------------- | -------- | ------------ | --------------- | --------------- | -------------- | --------- |
| mhson-vpc              | vpc      | vpc-0a1      | -               | 192.168.11.0/24 | -              | -         |
| mhson-subnet-public-2a | subnet   | subnet-0b2   | ap-northeast-2a | 192.168.11.0/26 | -              | -         |
| mhson-route-public-igw | route    | igw-0c3      | -               | 0.0.0.0/0       | -              | -         |
| mhson-sg-public-rules  | sg-rules | sg-0d4       | -               | -               | -              | -         |
| mhson-ec2-bastion-2a   | instance | i-0e5        | ap-northeast-2a | -               | 192.168.11.170 | 3.35.0.9  |
| odd\|name, "quoted"    | instance | -            | -               | -               | -              | -         |
| mhson-eip-extra        | eip      | eipalloc-0f6 | -               | -               | -              | 3.35.0.10 |
`
	if got := SummaryMarkdown(exportReport()); got != want {
		t.Fatalf("markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestExport_MarkdownEmptyStackAndOddCells(t *testing.T) {
	r := Report{Stack: "a", Region: "us-east-1", Rows: []Row{{Name: "x\ny", Kind: `k\|`}}}
	want := "## Stack a in us-east-1\n\n" +
		"| Name | Kind  | ID  | AZ  | CIDR | Private IP | Public IP |\n" +
		"| ---- | ----- | --- | --- | ---- | ---------- | --------- |\n" +
		"| x y  | k\\\\\\| | -   | -   | -    | -          | -         |\n"
	if got := SummaryMarkdown(r); got != want {
		t.Fatalf("markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestExport_CSV(t *testing.T) {
	want := `Name,Kind,ID,AZ,CIDR,Private IP,Public IP
mhson-vpc,vpc,vpc-0a1,,192.168.11.0/24,,
mhson-subnet-public-2a,subnet,subnet-0b2,ap-northeast-2a,192.168.11.0/26,,
mhson-route-public-igw,route,igw-0c3,,0.0.0.0/0,,
mhson-sg-public-rules,sg-rules,sg-0d4,,,,
mhson-ec2-bastion-2a,instance,i-0e5,ap-northeast-2a,,192.168.11.170,3.35.0.9
"odd|name, ""quoted""",instance,-,,,,
mhson-eip-extra,eip,eipalloc-0f6,,,,3.35.0.10
`
	got, err := SummaryCSV(exportReport())
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("csv:\n%s\nwant:\n%s", got, want)
	}
	// It reads back as the same cells.
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil || len(recs) != 8 || recs[6][0] != `odd|name, "quoted"` {
		t.Fatalf("read back: %v %q", err, recs)
	}
}

func TestExport_JSON(t *testing.T) {
	want := `{
  "stack": "mhson",
  "region": "ap-northeast-2",
  "account": "123456789012",
  "resources": [
    {
      "name": "mhson-vpc",
      "kind": "vpc",
      "id": "vpc-0a1",
      "cidr": "192.168.11.0/24"
    },
    {
      "name": "mhson-subnet-public-2a",
      "kind": "subnet",
      "id": "subnet-0b2",
      "az": "ap-northeast-2a",
      "cidr": "192.168.11.0/26"
    },
    {
      "name": "mhson-route-public-igw",
      "kind": "route",
      "id": "igw-0c3",
      "cidr": "0.0.0.0/0"
    },
    {
      "name": "mhson-sg-public-rules",
      "kind": "sg-rules",
      "id": "sg-0d4"
    },
    {
      "name": "mhson-ec2-bastion-2a",
      "kind": "instance",
      "id": "i-0e5",
      "az": "ap-northeast-2a",
      "private_ip": "192.168.11.170",
      "public_ip": "3.35.0.9"
    },
    {
      "name": "odd|name, \"quoted\"",
      "kind": "instance",
      "id": "-"
    },
    {
      "name": "mhson-eip-extra",
      "kind": "eip",
      "id": "eipalloc-0f6",
      "public_ip": "3.35.0.10",
      "stray": true
    }
  ]
}
`
	got, err := SummaryJSON(exportReport())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("json:\n%s\nwant:\n%s", got, want)
	}
}

func TestExport_JSONEmptyHasAList(t *testing.T) {
	got, err := SummaryJSON(Report{Stack: "a", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	if l, ok := doc["resources"].([]any); !ok || len(l) != 0 {
		t.Fatalf("resources of an empty stack: %s", got)
	}
}

func TestExport_WriteFileAtomicReplacesWholly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.md")
	if err := os.WriteFile(path, []byte("old and longer than the new one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "new" {
		t.Fatalf("content %q %v", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v", fi.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("temporary files left: %v", ents)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "no", "such", "dir.md"), []byte("x"), 0o644); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}

// The summary's JSON leaves out what a resource does not have, as status
// JSON does, and writes "->" as it is, not as \u003e.
func TestSummaryJSON_LeavesOutEmptyFieldsAndKeepsArrows(t *testing.T) {
	rep := Report{Stack: "s", Region: "ap-northeast-2", Rows: []Row{
		{Name: "s-vpc", Kind: "vpc", ID: "vpc-1", CIDR: "10.0.0.0/24"},
		{Name: "s-rt-public 0.0.0.0/0 -> s-igw", Kind: "route", ID: "igw-1"},
	}}
	b, err := SummaryJSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(s, `""`) || strings.Contains(s, `\u003e`) || !strings.Contains(s, "-> s-igw") || !strings.Contains(s, `"cidr": "10.0.0.0/24"`) {
		t.Errorf("summary JSON:\n%s", s)
	}
	var buf strings.Builder
	if err := JSONTo(&buf, map[string]string{"path": "web->db"}); err != nil || !strings.Contains(buf.String(), "web->db") {
		t.Errorf("JSONTo: %v %s", err, buf.String())
	}
}
