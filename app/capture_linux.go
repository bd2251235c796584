package app

import (
	"errors"
	"fmt"
	"image"
	"net/url"
	"os"

	"github.com/rymdport/portal/screenshot"
)

// usePortal reports whether the screen must be asked for through the
// xdg-desktop-portal: Wayland gives applications no other way.
func usePortal() bool {
	return os.Getenv("WAYLAND_DISPLAY") != "" ||
		os.Getenv("XDG_SESSION_TYPE") == "wayland"
}

// capturePortal asks the desktop for a screenshot. The portal writes it
// to a file; Tessera reads it and deletes it at once, since it may show
// a secret.
func capturePortal() (image.Image, error) {
	uri, err := screenshot.Screenshot("", &screenshot.ScreenshotOptions{
		NotModal: true})
	if err != nil {
		return nil, fmt.Errorf("capturing screen through the desktop "+
			"portal: %w", err)
	}
	if uri == "" {
		return nil, errors.New("capturing screen: cancelled")
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("capturing screen: portal returned %q",
			uri)
	}
	defer os.Remove(u.Path)
	return readImage(u.Path)
}
