//go:build !linux

package app

import (
	"errors"
	"image"
)

func usePortal() bool { return false }

func capturePortal() (image.Image, error) {
	return nil, errors.New("capturing screen: no desktop portal here")
}
