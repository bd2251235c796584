package scanner

import (
	"github.com/makiuchi-d/gozxing"
)

// The first pass binarizes with the scheme of gozxing's HybridBinarizer
// (8×8 blocks, each thresholded at the mean black point of the 5×5
// blocks around it, low-contrast blocks taken as background), so that it
// reads exactly what gozxing would. This version writes whole words of
// the bit matrix and spreads the work over the cores: on a 4K screenshot
// it takes a fraction of the time gozxing's per-pixel version takes.

const (
	blockShift = 3
	blockSide  = 1 << blockShift
	minRange   = 24 // a block with a smaller luminance range is flat
	// lowRange serves faint codes (grey on grey, blurred): blocks with
	// little contrast still get their own threshold, at the cost of
	// treating sensor and JPEG noise as detail, hence a pass of its own.
	lowRange = 8
	minSide  = 5 * blockSide
)

// blockGrid is a picture divided into blockSide×blockSide blocks. The
// last column and row of blocks are moved inwards to end at the edge, so
// that every block holds a full set of pixels.
type blockGrid struct {
	g      *grey
	bw, bh int // blocks across and down
	flat   int // the luminance range at or below which a block is flat
}

func newBlockGrid(g *grey, flat int) blockGrid {
	return blockGrid{
		g:    g,
		bw:   (g.w + blockSide - 1) >> blockShift,
		bh:   (g.h + blockSide - 1) >> blockShift,
		flat: flat,
	}
}

// origin is the top-left pixel of block (bx, by).
func (b blockGrid) origin(bx, by int) (int, int) {
	return min(bx<<blockShift, b.g.w-blockSide),
		min(by<<blockShift, b.g.h-blockSide)
}

// stats returns the sum, minimum and maximum luminance of a block.
func (b blockGrid) stats(bx, by int) (sum, lo, hi int) {
	x0, y0 := b.origin(bx, by)
	lo = 255
	for y := y0; y < y0+blockSide; y++ {
		px := (*[blockSide]byte)(b.g.pix[y*b.g.w+x0:])
		for _, v := range px {
			sum += int(v)
			lo = min(lo, int(v))
			hi = max(hi, int(v))
		}
	}
	return sum, lo, hi
}

// blackPoints returns each block's black point: its mean luminance when
// it has contrast; otherwise it is taken as background (half its
// minimum), unless its neighbours above and to the left, already
// computed, suggest it lies inside a dark region.
func (b blockGrid) blackPoints() []int {
	n := b.bw * b.bh
	mean, lo := make([]int, n), make([]int, n)
	flat := make([]bool, n)
	parallelRows(b.bh, func(by int) {
		for bx := range b.bw {
			sum, l, h := b.stats(bx, by)
			i := by*b.bw + bx
			mean[i], lo[i] = sum>>(2*blockShift), l
			flat[i] = h-l <= b.flat
		}
	})

	// The flat blocks depend on their neighbours, so this runs in order.
	bp := mean
	for by := range b.bh {
		for bx := range b.bw {
			i := by*b.bw + bx
			if !flat[i] {
				continue
			}
			bp[i] = lo[i] / 2
			if bx > 0 && by > 0 {
				nb := (bp[i-b.bw] + 2*bp[i-1] + bp[i-b.bw-1]) / 4
				if lo[i] < nb {
					bp[i] = nb
				}
			}
		}
	}
	return bp
}

// threshold returns the threshold of block (bx, by): the mean black
// point of the 5×5 blocks around it, moved inwards at the edges.
func (b blockGrid) threshold(bp []int, bx, by int) int {
	cx := max(2, min(bx, b.bw-3))
	cy := max(2, min(by, b.bh-3))
	sum := 0
	for y := cy - 2; y <= cy+2; y++ {
		for x := cx - 2; x <= cx+2; x++ {
			sum += bp[y*b.bw+x]
		}
	}
	return sum / 25
}

// localThreshold binarizes g, black where a pixel is no lighter than its
// block's threshold, with blocks of a luminance range up to flat taken
// as flat.
func localThreshold(g *grey, flat int) (*gozxing.BitMatrix, error) {
	if g.w < minSide || g.h < minSide {
		src := g.source()
		return gozxing.NewGlobalHistgramBinarizer(src).GetBlackMatrix()
	}

	b := newBlockGrid(g, flat)
	bp := b.blackPoints()
	m, err := gozxing.NewBitMatrix(g.w, g.h)
	if err != nil {
		return nil, err
	}

	parallelRows(b.bh, func(by int) {
		b.thresholdBlockRow(m, bp, by)
	})
	return m, nil
}

// thresholdBlockRow writes the rows of m covered by block row by. Near
// the right and bottom edges, where the moved-in last blocks overlap
// their neighbours, a pixel is black when it is black for any block that
// covers it, that is, at the highest of their thresholds.
func (b blockGrid) thresholdBlockRow(m *gozxing.BitMatrix, bp []int, by int) {
	lims := b.thresholds(bp, by)
	var last []int
	if by != b.bh-1 {
		last = b.thresholds(bp, b.bh-1)
	}

	row := gozxing.NewBitArray(b.g.w)
	edge := b.g.h - blockSide
	for y := by << blockShift; y < min((by+1)<<blockShift, b.g.h); y++ {
		if y >= edge && last != nil {
			for i := range lims {
				lims[i] = max(lims[i], last[i])
			}
			last = nil
		}
		b.thresholdRow(row, y, lims)
		m.SetRow(y, row)
	}
}

func (b blockGrid) thresholds(bp []int, by int) []int {
	lims := make([]int, b.bw)
	for bx := range b.bw {
		lims[bx] = b.threshold(bp, bx, by)
	}
	return lims
}

// thresholdRow packs one picture row into row's 32-bit words, eight
// pixels (one block) at a time.
func (b blockGrid) thresholdRow(row *gozxing.BitArray, y int, lims []int) {
	pix := b.g.row(y)
	words := row.GetBitArray()
	clear(words)
	full := len(pix) >> blockShift
	for bx, lim := range lims[:full] {
		x0 := bx << blockShift
		px := (*[blockSide]byte)(pix[x0:])
		var bits uint32
		for i, v := range px {
			if int(v) <= lim {
				bits |= 1 << i
			}
		}
		words[x0>>5] |= bits << (x0 & 31)
	}

	// The last block, moved in to end at the edge.
	lim := lims[b.bw-1]
	for x := len(pix) - blockSide; x < len(pix); x++ {
		if int(pix[x]) <= lim {
			words[x>>5] |= 1 << (x & 31)
		}
	}
}
