package app

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/tessera-auth/tessera/scanner"
)

// markColors tell several codes of one picture apart, in the order the
// card lists them.
var markColors = []color.NRGBA{
	{R: 0x1e, G: 0x64, B: 0xc8, A: 0xff},
	{R: 0xd0, G: 0x3a, B: 0x10, A: 0xff},
	{R: 0x1b, G: 0x8a, B: 0x3c, A: 0xff},
	{R: 0x8a, G: 0x2b, B: 0xb0, A: 0xff},
	{R: 0xb0, G: 0x7a, B: 0x00, A: 0xff},
}

// MarkColor is the colour of the i-th code's mark.
func MarkColor(i int) color.NRGBA { return markColors[i%len(markColors)] }

// Thumbnail draws a picture of size as a plain frame no wider than max
// pixels, with each code's position as a solid block in its colour. It
// draws the positions, not the picture: a thumbnail of the real code on
// screen would show the secret to anyone who can read it.
func Thumbnail(size image.Point, codes []scanner.CodeReport,
	max int) *image.NRGBA {
	if size.X <= 0 || size.Y <= 0 {
		size = image.Pt(max, max)
	}
	scale := float64(max) / float64(maxInt(size.X, size.Y))
	w, h := scaled(size.X, scale), scaled(size.Y, scale)
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	grey := color.NRGBA{R: 0xe4, G: 0xe4, B: 0xe4, A: 0xff}
	draw.Draw(img, img.Bounds(), image.NewUniform(grey), image.Point{},
		draw.Src)
	for i, c := range codes {
		p := c.Position
		r := image.Rect(scaled(p[0], scale), scaled(p[1], scale),
			scaled(p[2], scale), scaled(p[3], scale))
		r = grow(r, 2).Intersect(img.Bounds())
		draw.Draw(img, r, image.NewUniform(MarkColor(i)), image.Point{},
			draw.Src)
	}
	return img
}

func scaled(v int, s float64) int { return int(float64(v)*s + 0.5) }

// grow keeps tiny codes in a big screenshot visible.
func grow(r image.Rectangle, min int) image.Rectangle {
	if r.Dx() < min {
		r.Max.X = r.Min.X + min
	}
	if r.Dy() < min {
		r.Max.Y = r.Min.Y + min
	}
	return r
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
