package kind

import "testing"

// Every kind has its own name, and Parse reads each back.
func TestKind_NamesReadBack(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range All() {
		n := k.String()
		if n == "" || n == "unknown" || seen[n] {
			t.Errorf("kind %d is named %q", k, n)
		}
		seen[n] = true
		if got, ok := Parse(n); !ok || got != k {
			t.Errorf("Parse(%q) = %v, %v; want %v", n, got, ok, k)
		}
	}
	if len(seen) != 11 {
		t.Errorf("%d kinds, the mission makes 11", len(seen))
	}
	if _, ok := Parse("bucket"); ok {
		t.Error("Parse took a kind the mission does not make")
	}
	if got := Kind(99).String(); got != "unknown" {
		t.Errorf("Kind(99) = %q", got)
	}
}
