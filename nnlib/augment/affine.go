package augment

import "math"

// Affine is an affine distortion of a digit: a change of size, a slant and
// a rotation, all about the centre of the image c = (13.5, 13.5), and then
// a shift. The zero value changes nothing. It sends the point p of the old
// image to
//
//	p′ = c + d + R(θ)·H(k)·(1+s)·(p − c)
//
// where d = (DX, DY) is the shift, s = Scale, k = Shear, θ = Rotate in
// degrees, and, with y pointing down,
//
//	R(θ) = ⎡ cos θ   sin θ ⎤     H(k) = ⎡ 1  −k ⎤
//	       ⎣ −sin θ  cos θ ⎦            ⎣ 0   1 ⎦
//
// R(θ) turns counterclockwise as seen on the screen (a point right of the
// centre moves up), and H(k) slants the digit like italics: a point h
// pixels above the centre moves k·h pixels to the right, one below moves
// left, and the middle row stays.
type Affine struct {
	DX, DY float64 // shift in pixels, x to the right, y down
	Rotate float64 // rotation in degrees, counterclockwise on the screen
	Scale  float64 // change of size: the digit becomes 1+Scale times as large, Scale > −1
	Shear  float64 // slant k: tan of the angle the vertical leans right by
}

// inverseMap is the inverse of an affine map, p = c + M·(p′ − c − d),
// which is what resampling needs: for each pixel p′ of the new image,
// where p in the old one it comes from.
type inverseMap struct {
	m      [2][2]float64
	dx, dy float64
}

// identity is the inverse map of Affine{}.
var identity = inverseMap{m: [2][2]float64{{1, 0}, {0, 1}}}

// inverse returns a's inverse map. Undoing the steps in reverse order,
//
//	p − c = (1+s)⁻¹ · H(k)⁻¹ · R(θ)⁻¹ · (p′ − c − d)
//
// where each inverse is the same step backwards: R(θ)⁻¹ = R(−θ) and
// H(k)⁻¹ = H(−k). Multiplied out,
//
//	M = 1/(1+s) · ⎡ cos θ + k·sin θ   k·cos θ − sin θ ⎤
//	              ⎣ sin θ             cos θ           ⎦
func (a Affine) inverse() inverseMap {
	sin, cos := math.Sincos(a.Rotate * math.Pi / 180)
	k, f := a.Shear, 1/(1+a.Scale)
	return inverseMap{
		m: [2][2]float64{
			{f * (cos + k*sin), f * (k*cos - sin)},
			{f * sin, f * cos},
		},
		dx: a.DX, dy: a.DY,
	}
}

// apply returns the point of the old image that the new image's point
// (x, y) comes from.
func (m inverseMap) apply(x, y float64) (float64, float64) {
	u, v := x-centre-m.dx, y-centre-m.dy
	return centre + m.m[0][0]*u + m.m[0][1]*v, centre + m.m[1][0]*u + m.m[1][1]*v
}
