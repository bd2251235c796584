package scanner

import (
	"slices"
	"testing"
)

func greyOf(w, h int, pix ...byte) *grey {
	return &grey{w: w, h: h, pix: pix}
}

func TestLumOps(t *testing.T) {
	g := greyOf(4, 2,
		0, 10, 200, 255,
		20, 30, 100, 255)
	cases := []struct {
		name string
		got  *grey
		want *grey
	}{
		{"invert", invert(g), greyOf(4, 2,
			255, 245, 55, 0,
			235, 225, 155, 0)},
		{"darken", darken(g), greyOf(4, 2,
			0, 0, 156, 255,
			1, 3, 39, 255)},
		{"half", first(half(g)), greyOf(2, 1, 15, 203)},
	}
	for i, c := range cases {
		if c.got.w != c.want.w || c.got.h != c.want.h ||
			!slices.Equal(c.got.pix, c.want.pix) {
			t.Errorf("#%d %s: got %dx%d %v, want %dx%d %v", i, c.name,
				c.got.w, c.got.h, c.got.pix, c.want.w, c.want.h, c.want.pix)
		}
	}
}

func first(g *grey, _ geom) *grey { return g }

// TestDouble checks that doubling keeps flat areas flat and puts a
// step's in-between values between its sides, and the geometry it
// reports.
func TestDouble(t *testing.T) {
	d, gm := double(greyOf(2, 1, 0, 200))
	if d.w != 4 || d.h != 2 || gm.scale != 2 {
		t.Fatalf("got %dx%d scale %v, want 4x2 scale 2", d.w, d.h, gm.scale)
	}
	want := []byte{0, 50, 150, 200, 0, 50, 150, 200}
	if !slices.Equal(d.pix, want) {
		t.Errorf("got %v, want %v", d.pix, want)
	}

	// One black pixel in an 8-pixel white margin lands at 16 to 17.
	p, gm := padDouble(greyOf(1, 1, 0))
	dark := p.pix[16*p.w+16] < 128 && p.pix[17*p.w+17] < 128
	if gm.pad != 8 || p.w != 2*17 || p.pix[0] != 255 || !dark {
		t.Errorf("padDouble: got %dx%d pad %v", p.w, p.h, gm.pad)
	}
}

func TestStretchPixel(t *testing.T) {
	cases := []struct{ v, lo, hi, want byte }{
		{0x77, 0x77, 0x99, 0},
		{0x99, 0x77, 0x99, 255},
		{0x88, 0x77, 0x99, 127},
		{100, 100, 103, 255}, // flat: paper
		{50, 60, 200, 0},
	}
	for i, c := range cases {
		if got := stretchPixel(c.v, c.lo, c.hi); got != c.want {
			t.Errorf("#%d: got %d, want %d", i, got, c.want)
		}
	}
}

// TestHistogramPeaks builds pictures of known levels and shares.
func TestHistogramPeaks(t *testing.T) {
	page := func(levels map[byte]int) *grey {
		var pix []byte
		for v, n := range levels {
			for range n {
				pix = append(pix, v)
			}
		}
		return greyOf(len(pix), 1, pix...)
	}
	cases := []struct {
		levels map[byte]int
		share  int
		want   []int
	}{
		{map[byte]int{255: 900, 153: 60, 119: 40}, 200, []int{255, 156, 122}},
		{map[byte]int{255: 990, 153: 9, 119: 1}, 200, []int{255, 156}},
		{map[byte]int{255: 990, 153: 9, 119: 1}, 2000, []int{255, 156, 122}},
		{map[byte]int{255: 500, 250: 500}, 200, []int{255}},
	}
	for i, c := range cases {
		got := histogramPeaks(page(c.levels), c.share, 4)
		if !slices.Equal(got, c.want) {
			t.Errorf("#%d: got %v, want %v", i, got, c.want)
		}
	}
}
