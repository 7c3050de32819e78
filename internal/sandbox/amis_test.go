package sandbox

import (
	"encoding/json"
	"os"
	"testing"
)

func TestCatalogue(t *testing.T) {
	path, err := writeCatalogue(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var images []map[string]any
	if err := json.Unmarshal(data, &images); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, im := range images {
		id, _ := im["ami_id"].(string)
		if _, dup := seen[id]; dup {
			t.Errorf("duplicate ami_id %s", id)
		}
		seen[id] = i
		// See sandboxAMIs: a creation_date breaks every region but the first.
		if _, ok := im["creation_date"]; ok {
			t.Errorf("%s has a creation_date", id)
		}
	}
	if len(images) < 40 {
		t.Errorf("only %d images: moto's defaults are missing", len(images))
	}
	for _, id := range []string{JammyAMI, OlderJammyAMI, NobleAMI} {
		if _, ok := seen[id]; !ok {
			t.Errorf("%s missing", id)
		}
	}
	if seen[OlderJammyAMI] > seen[JammyAMI] {
		t.Error("the older jammy image must come first so its CreationDate is not later")
	}
}
