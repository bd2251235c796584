package scanner

import (
	"errors"

	"github.com/makiuchi-d/gozxing"
)

// The luminance transforms of the retry chain. Each returns a new
// picture and leaves its input alone, since passes share the original.

// invert makes light-on-dark (dark mode) codes dark-on-light, the only
// polarity gozxing's detector looks for.
func invert(g *grey) *grey {
	out := newGrey(g.w, g.h)
	for i, v := range g.pix {
		out.pix[i] = 255 - v
	}
	return out
}

// darken applies a square-law curve, which pulls washed-out grey modules
// of overexposed photos and faint prints towards black.
func darken(g *grey) *grey {
	var table [256]byte
	for i := range table {
		table[i] = byte(i * i / 255)
	}
	return mapGrey(g, &table)
}

func mapGrey(g *grey, table *[256]byte) *grey {
	out := newGrey(g.w, g.h)
	for i, v := range g.pix {
		out.pix[i] = table[v]
	}
	return out
}

// stretchBlock is the side of the blocks whose extremes stretch measures;
// the window is stretchSpan blocks across, wide enough to hold both
// colours of a code with modules up to about a third of it.
const (
	stretchBlock = 16
	stretchSpan  = 5
	flatRange    = 6 // below this a window is taken to be paper
)

// stretch normalises every pixel to the darkest and lightest luminance
// around it, so that a low-contrast code (grey modules on a grey page, a
// dim photo) spans the full range that the binarizers expect.
func stretch(g *grey) *grey {
	lo, hi := windowExtremes(g)
	bw := (g.w + stretchBlock - 1) / stretchBlock

	out := newGrey(g.w, g.h)
	parallelRows(g.h, func(y int) {
		src, dst := g.row(y), out.row(y)
		brow := (y / stretchBlock) * bw
		for x, v := range src {
			b := brow + x/stretchBlock
			dst[x] = stretchPixel(v, lo[b], hi[b])
		}
	})
	return out
}

func stretchPixel(v, lo, hi byte) byte {
	r := int(hi) - int(lo)
	if r < flatRange {
		return 255
	}
	s := (int(v) - int(lo)) * 255 / r
	return byte(max(0, min(s, 255)))
}

// stretchInverted is stretch for light-on-dark codes.
func stretchInverted(g *grey) *grey {
	return invert(stretch(g))
}

// windowExtremes returns, for every block, the minimum and maximum
// luminance over the stretchSpan×stretchSpan blocks centred on it.
func windowExtremes(g *grey) (lo, hi []byte) {
	bw := (g.w + stretchBlock - 1) / stretchBlock
	bh := (g.h + stretchBlock - 1) / stretchBlock
	bmin := make([]byte, bw*bh)
	bmax := make([]byte, bw*bh)
	for i := range bmin {
		bmin[i] = 255
	}
	for y := range g.h {
		brow := (y / stretchBlock) * bw
		for x, v := range g.row(y) {
			b := brow + x/stretchBlock
			bmin[b] = min(bmin[b], v)
			bmax[b] = max(bmax[b], v)
		}
	}

	lo = make([]byte, bw*bh)
	hi = make([]byte, bw*bh)
	r := stretchSpan / 2
	for by := range bh {
		for bx := range bw {
			l, h := byte(255), byte(0)
			for y := max(0, by-r); y <= min(bh-1, by+r); y++ {
				for x := max(0, bx-r); x <= min(bw-1, bx+r); x++ {
					l = min(l, bmin[y*bw+x])
					h = max(h, bmax[y*bw+x])
				}
			}
			lo[by*bw+bx], hi[by*bw+bx] = l, h
		}
	}
	return lo, hi
}

// halvable reports whether g is large enough that halving it keeps
// modules readable; halving smooths sensor noise and JPEG blocks and
// brings huge modules within the detector's reach.
func halvable(g *grey) bool { return min(g.w, g.h) >= 200 }

// half averages 2×2 blocks.
func half(g *grey) (*grey, geom) {
	out := newGrey(g.w/2, g.h/2)
	parallelRows(out.h, func(y int) {
		a, b := g.row(2*y), g.row(2*y+1)
		dst := out.row(y)
		for x := range dst {
			s := int(a[2*x]) + int(a[2*x+1]) + int(b[2*x]) + int(b[2*x+1])
			dst[x] = byte((s + 2) / 4)
		}
	})
	return out, geom{scale: 0.5}
}

// doublable reports whether g is small enough to enlarge: tiny codes with
// modules of one or two pixels are sampled more reliably at twice the
// size, and enlarging big pictures costs too much time.
func doublable(g *grey) bool { return max(g.w, g.h) <= 1600 }

// double enlarges g twice with bilinear interpolation.
func double(g *grey) (*grey, geom) {
	out := newGrey(2*g.w, 2*g.h)
	parallelRows(out.h, func(y int) {
		sy, fy := lerpSource(y, g.h)
		a, b := g.row(sy), g.row(min(sy+1, g.h-1))
		dst := out.row(y)
		for x := range dst {
			sx, fx := lerpSource(x, g.w)
			sx1 := min(sx+1, g.w-1)
			top := int(a[sx])*(4-fx) + int(a[sx1])*fx
			bot := int(b[sx])*(4-fx) + int(b[sx1])*fx
			dst[x] = byte((top*(4-fy) + bot*fy + 8) / 16)
		}
	})
	return out, geom{scale: 2}
}

// lerpSource maps output index i of a doubled axis of n pixels to the
// source pixel at or left of its centre and a weight in quarters for the
// next one.
func lerpSource(i, n int) (int, int) {
	// The centre of output pixel i is at source coordinate (2i+1)/4-½.
	q := 2*i - 1 // in quarters of a source pixel
	if q < 0 {
		return 0, 0
	}
	return min(q/4, n-1), q % 4
}

// padDouble surrounds g with a white margin before doubling it: small
// pictures cropped tight to the code lack the quiet zone around the
// finder patterns that the detector relies on.
func padDouble(g *grey) (*grey, geom) {
	m := max(8, max(g.w, g.h)/10)
	p := newGrey(g.w+2*m, g.h+2*m)
	for i := range p.pix {
		p.pix[i] = 255
	}
	for y := range g.h {
		copy(p.row(y + m)[m:], g.row(y))
	}

	d, gm := double(p)
	gm.pad = float64(m)
	return d, gm
}

// levels serves faint codes on a lighter page, such as #777 on #999
// inside a white screenshot. There the light modules and the quiet zone
// are darker than the page around them: local thresholds turn the quiet
// zone into ink beside the page, and a histogram's valley falls between
// the page and the code. levels finds the luminance levels that cover
// much of the picture and thresholds it midway between the second- and
// third-lightest, taken to be the code's light and dark modules; in a
// busy picture other levels get in between, so levels(k) thresholds
// between the k-th and the next. A level counts when it covers 1/share
// of the picture: a small code in a large picture covers little of it,
// but a low bar lets the in-between shades of antialiased edges count.
func levels(share, k int) binarizer {
	return func(g *grey) (*gozxing.BitMatrix, error) {
		return levelThreshold(g, share, k)
	}
}

func levelThreshold(g *grey, share, k int) (*gozxing.BitMatrix, error) {
	peaks := histogramPeaks(g, share, k+2)
	if len(peaks) < k+2 {
		return nil, errNoLevels
	}
	t := (peaks[k] + peaks[k+1]) / 2

	m, err := gozxing.NewBitMatrix(g.w, g.h)
	if err != nil {
		return nil, err
	}
	for y := range g.h {
		for x, v := range g.row(y) {
			if int(v) <= t {
				m.Set(x, y)
			}
		}
	}
	return m, nil
}

var errNoLevels = errors.New("too few luminance levels")

// histogramPeaks returns up to n peaks of the luminance histogram,
// lightest first, each holding at least 1/share of the pixels within 3
// levels and lying at least 16 levels from the next.
func histogramPeaks(g *grey, share, n int) []int {
	var hist [256]int
	for _, v := range g.pix {
		hist[v]++
	}
	var smooth [256]int
	for i := range smooth {
		for j := max(0, i-3); j <= min(255, i+3); j++ {
			smooth[i] += hist[j]
		}
	}

	const gap = 16
	floor := max(1, len(g.pix)/share)
	var peaks []int
	for i := 255; i >= 0 && len(peaks) < n; i-- {
		up := i < 255 && smooth[i+1] > smooth[i]
		down := i > 0 && smooth[i-1] > smooth[i]
		near := len(peaks) > 0 && peaks[len(peaks)-1]-i < gap
		if smooth[i] >= floor && !up && !down && !near {
			peaks = append(peaks, i)
		}
	}
	return peaks
}
