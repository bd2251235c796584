package scanner

import (
	"errors"
	"image"
	"io"
)

// Code is one QR code found in a picture.
type Code struct {
	Text     string          // the payload, exactly as decoded
	Position image.Rectangle // bounding box in the picture's pixels
	QR       QRInfo
}

// QRInfo is what the decoder learnt about a code, for people who test
// enrollment codes before users see them.
type QRInfo struct {
	Version    int           `json:"version"`
	ECLevel    string        `json:"ec_level"` // L, M, Q or H
	Corners    []image.Point `json:"corners"`
	ModuleSize float64       `json:"module_px"` // pixels per module
	Pass       string        `json:"pass"`      // retry-chain pass that read it
}

// Decode returns every QR code in img.
func Decode(img image.Image) ([]Code, error) {
	// TODO(skeleton): replaced by the decoder.
	return nil, errors.New("decoding: not implemented")
}

// DecodeFile reads the picture at path and returns every QR code in it.
func DecodeFile(path string) ([]Code, error) {
	return nil, errors.New("decoding: not implemented")
}

// DecodeReader reads a picture from r (named name in errors) and returns
// every QR code in it.
func DecodeReader(r io.Reader, name string) ([]Code, error) {
	return nil, errors.New("decoding: not implemented")
}
