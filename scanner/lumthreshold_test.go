package scanner

import (
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
)

// TestLocalThresholdMatchesGozxing checks that the parallel binarizer
// draws the same bit matrix as gozxing's HybridBinarizer, on sizes that
// are and are not multiples of the block size, and on pictures with and
// without contrast (flat blocks take their neighbours' black points).
func TestLocalThresholdMatchesGozxing(t *testing.T) {
	sizes := [][2]int{{40, 40}, {41, 47}, {64, 64}, {100, 57},
		{333, 200}, {1023, 77}, {30, 90}}
	for i, sz := range sizes {
		for _, kind := range []string{"noise", "blocks", "flat"} {
			g := testGrey(sz[0], sz[1], kind, uint64(i))
			got, err := localThreshold(g, minRange)
			want, werr := gozxing.NewHybridBinarizer(g.source()).
				GetBlackMatrix()
			if (err == nil) != (werr == nil) {
				t.Fatalf("#%d %s: got error %v, want %v",
					i, kind, err, werr)
			}
			if err != nil {
				continue
			}
			if d := diffBits(got, want); d >= 0 {
				t.Errorf("#%d %dx%d %s: bits differ from pixel %d",
					i, sz[0], sz[1], kind, d)
			}
		}
	}
}

// testGrey makes a picture of random pixels, of random dark and light
// blocks with mild noise, or of an almost flat grey.
func testGrey(w, h int, kind string, seed uint64) *grey {
	r := rand.New(rand.NewPCG(seed, 9))
	g := newGrey(w, h)
	for y := range h {
		for x := range w {
			var v int
			switch kind {
			case "noise":
				v = r.IntN(256)
			case "blocks":
				v = 200 + r.IntN(20)
				if (x/5+y/7+int(seed))%3 == 0 {
					v = 30 + r.IntN(20)
				}
			default:
				v = 120 + r.IntN(10)
			}
			g.pix[y*w+x] = byte(v)
		}
	}
	return g
}

// diffBits returns the first pixel where a and b differ, or -1.
func diffBits(a, b *gozxing.BitMatrix) int {
	for y := range a.GetHeight() {
		for x := range a.GetWidth() {
			if a.Get(x, y) != b.Get(x, y) {
				return y*a.GetWidth() + x
			}
		}
	}
	return -1
}
