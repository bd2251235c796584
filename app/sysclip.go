package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // pictures pasted or opened may be any of these
	_ "image/jpeg"
	_ "image/png"
	"os"
	"sync"

	"golang.design/x/clipboard"
)

// ImageClipboard reads pictures from the clipboard, which Fyne's own
// clipboard cannot.
type ImageClipboard interface {
	Image() (image.Image, error)
}

// sysClipboard is the platform clipboard through golang.design/x/clipboard,
// for text and images alike.
type sysClipboard struct{}

var (
	clipOnce sync.Once
	clipErr  error
)

func clipInit() error {
	clipOnce.Do(func() { clipErr = clipboard.Init() })
	if clipErr != nil {
		return fmt.Errorf("opening clipboard: %w", clipErr)
	}
	return nil
}

// SetText puts s on the clipboard.
func (sysClipboard) SetText(s string) error {
	if err := clipInit(); err != nil {
		return err
	}
	clipboard.Write(clipboard.FmtText, []byte(s))
	return nil
}

// Text reads the clipboard's text.
func (sysClipboard) Text() (string, error) {
	if err := clipInit(); err != nil {
		return "", err
	}
	return string(clipboard.Read(clipboard.FmtText)), nil
}

// ErrNoImage says the clipboard holds no picture.
var ErrNoImage = errors.New("the clipboard holds no picture")

// Image reads a PNG picture from the clipboard.
func (sysClipboard) Image() (image.Image, error) {
	if err := clipInit(); err != nil {
		return nil, err
	}
	b := clipboard.Read(clipboard.FmtImage)
	if len(b) == 0 {
		return nil, ErrNoImage
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("reading pasted picture: %w", err)
	}
	return img, nil
}

// readImage decodes the picture at path.
func readImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading picture: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("reading picture %s: %w", path, err)
	}
	return img, nil
}
