package scanner

import (
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Test pictures are generated: a QR code from gozxing's encoder, drawn
// onto synthetic desktops, photos and screens.

// modules encodes text as a QR symbol of one pixel per module, without
// a quiet zone.
func modules(tb testing.TB, text string) *gozxing.BitMatrix {
	tb.Helper()
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_MARGIN: 0,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(text,
		gozxing.BarcodeFormat_QR_CODE, 0, 0, hints)
	if err != nil {
		tb.Fatalf("encoding test code: %v", err)
	}
	return m
}

// drawCode paints m at (x, y) with px pixels per module and a quiet
// zone of four modules, and returns the code's outline without the
// quiet zone.
func drawCode(dst draw.Image, m *gozxing.BitMatrix, x, y, px int,
	dark, light color.Color) image.Rectangle {
	n := m.GetWidth()
	q := 4 * px
	zone := image.Rect(x-q, y-q, x+n*px+q, y+n*px+q)
	draw.Draw(dst, zone, image.NewUniform(light), image.Point{}, draw.Src)

	ink := image.NewUniform(dark)
	for my := range n {
		for mx := range n {
			if m.Get(mx, my) {
				r := image.Rect(x+mx*px, y+my*px, x+(mx+1)*px, y+(my+1)*px)
				draw.Draw(dst, r, ink, image.Point{}, draw.Src)
			}
		}
	}
	return image.Rect(x, y, x+n*px, y+n*px)
}

// desktop paints a w×h screenshot-like picture: a gradient wallpaper,
// windows with title bars, and rows of text-like marks, which give the
// detector plenty of edges that are not codes.
func desktop(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		c := color.RGBA{uint8(40 + 60*y/h), 70, uint8(120 - 50*y/h), 255}
		draw.Draw(img, image.Rect(0, y, w, y+1), image.NewUniform(c),
			image.Point{}, draw.Src)
	}

	r := rand.New(rand.NewPCG(seed, 1))
	for range 6 {
		x0, y0 := r.IntN(w*2/3), r.IntN(h*2/3)
		win := image.Rect(x0, y0, x0+w/4+r.IntN(w/4), y0+h/4+r.IntN(h/4))
		window(img, win.Intersect(img.Bounds()), r)
	}
	return img
}

func window(img *image.RGBA, win image.Rectangle, r *rand.Rand) {
	fill(img, win, color.RGBA{245, 245, 245, 255})
	fill(img, image.Rect(win.Min.X, win.Min.Y, win.Max.X, win.Min.Y+28),
		color.RGBA{60, 60, 70, 255})

	ink := color.RGBA{30, 30, 30, 255}
	for y := win.Min.Y + 40; y+12 < win.Max.Y; y += 20 {
		for x := win.Min.X + 10; x+8 < win.Max.X-10; {
			wd := 3 + r.IntN(40)
			fill(img, image.Rect(x, y, min(x+wd, win.Max.X-10), y+10), ink)
			x += wd + 6
		}
	}
}

func fill(img draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// whitePage is a w×h white picture.
func whitePage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), color.White)
	return img
}
