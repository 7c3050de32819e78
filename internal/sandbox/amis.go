package sandbox

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/infrawiz/infrawiz/internal/atomicfile"

	_ "embed"
)

// The images added to moto's catalogue. moto ships no Ubuntu 22.04 image, and
// infrawiz falls back to "the newest Canonical jammy image" when the SSM public
// parameter is missing (moto has no Canonical parameters at all), so the
// sandbox must provide one. Two jammy builds let tests check that the newest is
// chosen; the noble image must never be picked by a jammy lookup.
const (
	CanonicalOwner = "099720109477"

	JammyAMI          = "ami-00000000022040002"
	JammyAMIName      = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250516"
	OlderJammyAMI     = "ami-00000000022040001"
	OlderJammyAMIName = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301"
	NobleAMI          = "ami-00000000024040001"
	NobleAMIName      = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250601"

	// JammyNamePattern is the DescribeImages name filter that matches both jammy images.
	JammyNamePattern = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
)

// motoDefaultAMIs is moto 5.2.1's own catalogue (moto/ec2/resources/amis.json).
// MOTO_AMIS_PATH replaces that catalogue instead of extending it, so it is
// carried here to keep the images other tests and tools may expect from moto.
//
//go:embed moto_default_amis.json
var motoDefaultAMIs []byte

const amisFile = "amis.json"

// The order matters: moto 5.2.1 cannot take a creation_date from this file
// (it parses the shared list in place when the first region loads, and the
// second region then fails on an already-parsed value, breaking every
// DescribeImages and RunInstances there). Each image instead gets the time its
// region loads, in file order, at one-second resolution: the older build comes
// first so that its CreationDate is never later than the newer one's.
var sandboxAMIs = []map[string]any{
	ubuntuAMI(OlderJammyAMI, OlderJammyAMIName, "22.04", "jammy", "2024-03-01"),
	ubuntuAMI(JammyAMI, JammyAMIName, "22.04", "jammy", "2025-05-16"),
	ubuntuAMI(NobleAMI, NobleAMIName, "24.04", "noble", "2025-06-01"),
}

func ubuntuAMI(id, name, version, series, built string) map[string]any {
	return map[string]any{
		"ami_id":              id,
		"name":                name,
		"description":         fmt.Sprintf("Canonical, Ubuntu, %s LTS, amd64 %s image build on %s", version, series, built),
		"owner_id":            CanonicalOwner,
		"public":              true,
		"state":               "available",
		"architecture":        "x86_64",
		"virtualization_type": "hvm",
		"hypervisor":          "xen",
		"image_type":          "machine",
		"image_location":      "amazon/" + name,
		"root_device_type":    "ebs",
		"root_device_name":    "/dev/sda1",
		"sriov":               "simple",
		"platform":            nil,
		"boot_mode":           "uefi-preferred",
	}
}

// writeCatalogue writes moto's default images plus the sandbox's into dir and
// returns the file's path. It is rewritten on every start so that a catalogue
// from an older infrawiz never lingers.
func writeCatalogue(dir string) (string, error) {
	var images []map[string]any
	if err := json.Unmarshal(motoDefaultAMIs, &images); err != nil {
		return "", fmt.Errorf("sandbox: embedded AMI catalogue: %w", err)
	}
	images = append(images, sandboxAMIs...)
	data, err := json.MarshalIndent(images, "", " ")
	if err != nil {
		return "", fmt.Errorf("sandbox: AMI catalogue: %w", err)
	}
	path := filepath.Join(dir, amisFile)
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return "", fmt.Errorf("sandbox: AMI catalogue: %w", err)
	}
	return path, nil
}
