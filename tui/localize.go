package tui

import (
	"errors"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// textError is err said in the user's language, for a form that shows an
// error's text (nil stays nil).
func textError(sh Shared, err error) error {
	if err == nil {
		return nil
	}
	return errors.New(catalog.Text(sh.Lang, err))
}
