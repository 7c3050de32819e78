package testenv

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// recorder stands in for the real testing.TB so that Skip and Fatal can be
// observed instead of ending the test that checks them.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                          {}
func (r *recorder) Skipf(format string, args ...any) { r.skipped = format }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = format
}

func TestMotoMissingSkips(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	if e := Moto(r); e != nil {
		t.Fatalf("Moto returned %v without moto_server on PATH", e)
	}
	if r.failed != "" {
		t.Fatalf("failed instead of skipping: %q", r.failed)
	}
	if !strings.Contains(r.skipped, "pip install 'moto[server]'") {
		t.Fatalf("skip message %q does not name the install command", r.skipped)
	}
}

func TestMotoMissingFailsInCI(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	if e := Moto(r); e != nil {
		t.Fatalf("Moto returned %v without moto_server on PATH", e)
	}
	if r.skipped != "" || r.failed == "" {
		t.Fatalf("want a failure under CI=true, got skip %q fail %q", r.skipped, r.failed)
	}
}

func TestMoto(t *testing.T) {
	e := Moto(t)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.Endpoint+"/moto-api/config", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("emulator at %s does not answer: %v", e.Endpoint, err)
	}
	resp.Body.Close()
}
