package augment

import "math"

// dilate sets dst to the grey-level dilation of src by a cross, the
// pixel and its four neighbours:
//
//	dst(x, y) = max{ src(x, y), src(x±1, y), src(x, y±1) }
//
// Every pixel takes the darkest ink next to it, so a stroke grows by one
// pixel on each side: a line 2 pixels wide becomes 4 wide. On grey levels
// the maximum does what "add the pixels next to the ink" does on black and
// white, and keeps the grey edge of a stroke grey.
func dilate(dst, src []float64) {
	for y := range side {
		for x := range side {
			dst[y*side+x] = max(src[y*side+x],
				pixel(src, x-1, y), pixel(src, x+1, y), pixel(src, x, y-1), pixel(src, x, y+1))
		}
	}
}

// erode sets dst to the grey-level erosion of src by the same cross:
//
//	dst(x, y) = min{ src(x, y), src(x±1, y), src(x, y±1) }
//
// Every pixel takes the faintest ink next to it, so a stroke loses one
// pixel on each side, and a stroke 2 pixels wide or less all but
// disappears. Outside the image counts as background, 0.
func erode(dst, src []float64) {
	for y := range side {
		for x := range side {
			dst[y*side+x] = min(src[y*side+x],
				pixel(src, x-1, y), pixel(src, x+1, y), pixel(src, x, y-1), pixel(src, x, y+1))
		}
	}
}

// stroke changes the width of the strokes in img by w steps, in place:
// thicker for w > 0 (dilations), thinner for w < 0 (erosions). A whole
// step is one dilation or erosion; a fraction f of a step mixes the image
// with one more step of it,
//
//	img ← (1 − f)·img + f·step(img),
//
// which adds or removes a fainter rim of ink, the way a slightly wider or
// narrower pen would. So the stroke width changes smoothly with w: about
// 2·|w| pixels. tmp is scratch space of 784 values.
func stroke(img, tmp []float64, w float64) {
	step := dilate
	if w < 0 {
		step = erode
	}
	whole, f := math.Modf(math.Abs(w))
	for range int(whole) {
		step(tmp, img)
		copy(img, tmp)
	}
	if f > 0 {
		step(tmp, img)
		for i := range img {
			img[i] += f * (tmp[i] - img[i])
		}
	}
}

// blur blurs img in place with a Gaussian of width σ pixels, as a lens out
// of focus or a camera that moved would:
//
//	img ← G_σ ∗ img,   G_σ(i, j) ∝ exp(−(i² + j²) / 2σ²)
//
// Each pixel becomes a weighted mean of those around it (the weights sum
// to 1), so edges soften and a stroke spreads and fades: its ink is kept,
// but spread over more pixels. It uses the same smoothing as the elastic
// fields (smooth). kernel has room for the weights; tmp is scratch space
// of 784 values.
func blur(img, tmp, kernel []float64, sigma float64) {
	if sigma <= 0 {
		return
	}
	smooth(img, img, tmp, gaussianKernel(kernel, sigma))
}
