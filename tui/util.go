package tui

import (
	"errors"

	"github.com/infrawiz/infrawiz/steps"
)

func asValidation(err error, ve *steps.ValidationError) bool { return errors.As(err, ve) }
