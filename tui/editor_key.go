package tui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// The choices of the key screen.
const (
	keyModeGenerate = "generate"
	keyModeImport   = "import"
)

// keyVals is what the key form edits.
type keyVals struct {
	Mode string
	Path string
}

// newKeyEditor chooses between a new ed25519 key and the user's own public
// key; the path of that key is checked as typed.
func newKeyEditor(sh Shared) editor {
	initial := keyVals{Mode: keyModeGenerate}
	if sh.Inputs.PublicKey != "" {
		initial = keyVals{Mode: keyModeImport, Path: sh.Inputs.PublicKey}
	}
	return buildKeyEditor(sh, initial)
}

func buildKeyEditor(sh Shared, initial keyVals) editor {
	check := &keyPathCheck{sh: sh}
	var form *huh.Form
	e := newFormEditor(sh.Keys, initial,
		func(v *keyVals, g *formGate) *huh.Form {
			form = huh.NewForm(
				huh.NewGroup(huh.NewSelect[string]().Key("mode").Title(sh.T("key.mode.title")).Description(sh.T("key.mode.help")).
					Options(
						huh.NewOption(sh.T("key.mode.generate", sh.Inputs.Prefix), keyModeGenerate),
						huh.NewOption(sh.T("key.mode.import"), keyModeImport),
					).Value(&v.Mode)),
				huh.NewGroup(huh.NewInput().Key("path").Title(sh.T("key.path.title")).Description(sh.T("key.path.help")).
					Placeholder("~/.ssh/id_ed25519.pub").Value(&v.Path).Validate(g.judge(check.Check)),
				).WithHideFunc(func() bool { return v.Mode != keyModeImport }),
			).WithShowErrors(false) // Live shows the same message under the form.
			return form
		},
		func(v keyVals, in steps.Inputs) steps.Inputs {
			in.PublicKey = ""
			if v.Mode == keyModeImport {
				in.PublicKey = keyExpandHome(strings.TrimSpace(v.Path))
			}
			return in
		},
		func(v keyVals) error {
			if v.Mode != keyModeImport || netFocusedKey(form) != "path" {
				return nil
			}
			return check.Check(v.Path)
		})
	return &formPage{
		editor: e, sh: sh,
		// Import chosen: no private key file is made; the file to import
		// is the one typed, once it is one.
		preview: func(_ Shared, p steps.Plan) steps.Plan {
			if e.vals.Mode != keyModeImport {
				return p
			}
			if path := strings.TrimSpace(e.vals.Path); path != "" && check.Check(path) == nil {
				return withKeyDetail(p, catalog.Msg("detail.key.import", path))
			}
			return withKeyDetail(p, catalog.Msg("preview.key.import"))
		},
		readOnly: func(sh Shared, width int) string {
			choice := sh.T("key.mode.generate", sh.Inputs.Prefix)
			if sh.Inputs.PublicKey != "" {
				choice = sh.T("key.mode.import") + ": " + sh.Inputs.PublicKey
			}
			return netWrap(sh.T("key.mode.title")+": "+choice, width)
		},
		// The new key's file is named after the prefix: a new prefix
		// makes a new form, with the choice and path kept.
		rebuild: func(old, sh Shared) editor {
			if sh.Inputs.Prefix == old.Inputs.Prefix && sh.Lang == old.Lang {
				return nil
			}
			return buildKeyEditor(sh, e.vals)
		},
	}
}

// keyPathCheck validates a public key's path, reading the file again only
// when the path changes: the form validates on every key.
type keyPathCheck struct {
	sh      Shared
	checked bool
	path    string
	err     error
}

// Check reports why path is not a public key EC2 imports, naming what is.
func (c *keyPathCheck) Check(path string) error {
	path = strings.TrimSpace(path)
	if c.checked && path == c.path {
		return c.err
	}
	c.checked, c.path, c.err = true, path, nil
	if path == "" {
		c.err = errors.New(c.sh.T("key.path.required"))
		return c.err
	}
	if _, err := steps.ReadPublicKey(keyExpandHome(path)); err != nil {
		reason := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			reason = pe.Err // the path is already in the message
		}
		c.err = errors.New(c.sh.T("key.path.invalid", path, catalog.Text(c.sh.Lang, reason)))
	}
	return c.err
}

// keyExpandHome turns ~/x into the home directory's x, as a shell would.
func keyExpandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~"))
}
