package app

import (
	"errors"
	"fmt"
	"image"

	"github.com/kbinani/screenshot"
)

// Capturer takes a picture of every screen.
type Capturer func() (image.Image, error)

// CaptureScreens captures all monitors as one picture, through the
// desktop portal where the session needs it (Wayland) and directly
// elsewhere. The caller decodes it and lets it go: it is never written
// anywhere.
func CaptureScreens() (image.Image, error) {
	if usePortal() {
		return capturePortal()
	}
	return captureDirect()
}

func captureDirect() (image.Image, error) {
	n := screenshot.NumActiveDisplays()
	if n == 0 {
		return nil, errors.New("capturing screen: no display found")
	}
	all := screenshot.GetDisplayBounds(0)
	for i := 1; i < n; i++ {
		all = all.Union(screenshot.GetDisplayBounds(i))
	}
	img, err := screenshot.CaptureRect(all)
	if err != nil {
		return nil, fmt.Errorf("capturing screen: %w", err)
	}
	return img, nil
}
