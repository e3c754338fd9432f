// Package augment distorts MNIST digits the way real handwriting differs
// from MNIST's: moved, turned, resized, slanted, wobbly, written with a
// thicker or thinner pen, blurred. It serves two purposes:
//
//   - data augmentation: training on a new random variant of every digit
//     in every epoch (New, Augmenter.Batch, which plugs into
//     nnlib.Config.Augment), so that the network learns what a digit is
//     rather than where MNIST's writers put its pixels;
//   - distorted test sets (DistortSet): each distortion alone, at a given
//     strength, to measure how a network copes with digits that are not
//     quite MNIST's.
//
// # The image model
//
// A digit is a row of 784 values, the 28×28 pixels row after row, as MNIST
// stores them: ink 1, background 0, grey in between. Pixel (x, y), at index
// y·28 + x, is a square whose centre is at the point (x, y) of the plane; x
// points right and y points down, as on a screen, so the image's centre is
// c = (13.5, 13.5). Everything outside the 28×28 square is background, 0.
//
// # Moving pixels: resampling
//
// A geometric distortion (Affine, Elastic) moves ink. It is computed
// backwards: for every pixel p′ of the new image, the distortion says
// where in the old image that pixel comes from, a point p that is usually
// between pixel centres, and the old image is read there by bilinear
// interpolation (Bilinear). Going backwards gives every new pixel exactly
// one value; going forwards, pushing each old pixel to where it lands,
// would leave some new pixels with two values and others with none.
//
// Stroke width (Transformer.Stroke) and blur (Transformer.Blur) change
// grey levels in place, from each pixel's neighbours.
//
// # Reading order
//
//	file          what it holds
//	sample.go     Bilinear: reading an image between pixel centres
//	affine.go     Affine: shift, rotation, scale, shear, and its inverse
//	elastic.go    Simard's elastic distortions: smoothed random fields
//	stroke.go     thicker and thinner strokes (grey-level dilation and
//	              erosion) and Gaussian blur
//	transform.go  Transformer: each distortion on one image, buffers made once
//	augment.go    Settings and Augmenter: random distortions of every
//	              mini-batch, for nnlib.Config.Augment
//	distort.go    Kind and DistortSet: test sets distorted one way at one
//	              strength
//	settings.go   Settings as text and as a command-line flag
//
// # Randomness and cost
//
// All randomness comes from a *rand.Rand that the caller passes, or a seed,
// so the same seed gives the same distortions. An Augmenter makes its
// buffers once, in New, and distorting a mini-batch allocates nothing.
// The work is done one image at a time, in plain loops, on one core; the
// benchmarks in augment_test.go say what an epoch of 60,000 images costs.
// Elastic distortions cost the most, because smoothing two random fields
// per image is most of the arithmetic.
package augment
