package augment

import (
	"fmt"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

const (
	side   = mnist.Side   // an image is side×side pixels
	pixels = mnist.Pixels // side·side values, row after row
	centre = (side - 1) / 2.0
)

// Bilinear returns the value of img at the point (x, y), which may lie
// between pixel centres, by bilinear interpolation: a weighted mean of the
// four pixels around the point, each weighted by how close the point is
// to it. With i = ⌊x⌋, j = ⌊y⌋ and the fractions fx = x − i, fy = y − j,
//
//	value = (1−fy)·[(1−fx)·img(i, j)   + fx·img(i+1, j)]
//	      +    fy·[(1−fx)·img(i, j+1) + fx·img(i+1, j+1)]
//
// that is, interpolate along x on the row above the point and on the row
// below, then along y between the two. At a pixel centre (fx = fy = 0) it
// is that pixel's value exactly; halfway between two pixels, their mean.
// Pixels outside the image count as background, 0, so ink fades out at
// the border instead of being smeared across it.
//
// img holds 28×28 pixels, row after row, pixel (x, y) at index y·28 + x.
func Bilinear(img []float64, x, y float64) float64 {
	if !(x > -1 && x < side && y > -1 && y < side) { // also catches NaN
		return 0 // all four neighbours are outside
	}
	fi, fj := math.Floor(x), math.Floor(y)
	fx, fy := x-fi, y-fj
	i, j := int(fi), int(fj)
	if i < 0 || j < 0 || i+1 >= side || j+1 >= side {
		// At the border: pixel answers 0 for the neighbours outside.
		return (1-fy)*((1-fx)*pixel(img, i, j)+fx*pixel(img, i+1, j)) +
			fy*((1-fx)*pixel(img, i, j+1)+fx*pixel(img, i+1, j+1))
	}
	// Inside, the same formula on the four pixels read directly: p[0] is
	// (i, j), p[1] its right neighbour, p[side] and p[side+1] the two below.
	p := img[j*side+i : j*side+i+side+2]
	return (1-fy)*((1-fx)*p[0]+fx*p[1]) + fy*((1-fx)*p[side]+fx*p[side+1])
}

// pixel returns img's pixel (x, y), or 0 outside the image.
func pixel(img []float64, x, y int) float64 {
	if x < 0 || x >= side || y < 0 || y >= side {
		return 0
	}
	return img[y*side+x]
}

// resample sets every pixel p′ of dst to src read at the point the inverse
// map m sends it to, plus the displacement (dx, dy) of p′ if those are not
// nil:
//
//	dst(p′) = Bilinear(src, m(p′) + Δ(p′)),   Δ(p′) = (dx[p′], dy[p′])
//
// This is the one place where pixels move: Affine uses it with Δ = 0,
// Elastic with m the identity, and a training augmentation with both at
// once, so that a digit is interpolated only once however many ways it is
// distorted.
func resample(dst, src []float64, m inverseMap, dx, dy []float64) {
	for y := range side {
		for x := range side {
			u, v := m.apply(float64(x), float64(y))
			k := y*side + x
			if dx != nil {
				u, v = u+dx[k], v+dy[k]
			}
			dst[k] = Bilinear(src, u, v)
		}
	}
}

// checkImages panics unless dst and src are two images of 784 values that
// do not overlap: the distortions read src while they write dst.
func checkImages(fn string, dst, src []float64) {
	if len(dst) != pixels || len(src) != pixels {
		panic(fmt.Sprintf("augment: %s: images of %d and %d values, want %d each", fn, len(dst), len(src), pixels))
	}
	if &dst[0] == &src[0] {
		panic(fmt.Sprintf("augment: %s: dst and src are the same image; give a separate destination", fn))
	}
}
