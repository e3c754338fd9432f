// Command predict reads handwritten digits from PNG or JPEG files and
// prints what a trained network takes each one for:
//
//	go run ./scripts/predict digit1.png digit2.jpg   # with out/train/latest/model.nnm
//	go run ./scripts/predict -model my.nnm -show digit1.png
//
// By default it reads the model of the last run of scripts/train that
// completed, which out/train/latest links to.
//
// prints, for each image, the three most probable digits:
//
//	digit1.png: 7 (98.1%), 1 (1.2%), 2 (0.4%)
//
// A digit can be drawn in any size, dark on light or light on dark: each
// image is first prepared as MNIST's digits were (grey levels, ink made the
// bright side, cropped, scaled into 20×20, centred by its centre of mass in
// 28×28; see digit.Prepare). -show draws the 28×28 image the
// network reads, in characters, so you can see what it saw.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
	"gonum.org/v1/gonum/mat"
)

// defaultModel is the model of the last run of scripts/train that
// completed: out/train/latest links to that run's folder.
var defaultModel = filepath.Join("out", "train", "latest", "model"+modelfile.Extension)

// top is how many classes are printed per image.
const top = 3

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		// One line per problem, such as one per unreadable image.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(os.Stderr, "predict:", line)
		}
		var usage usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line.
type usageError struct{ error }

// options are the command's flags and arguments, checked.
type options struct {
	model  string   // path of the model file
	show   bool     // draw each preprocessed image
	images []string // paths of the images
}

// errHelp means the usage was printed as asked, and there is nothing to do.
var errHelp = errors.New("help shown")

// parseArgs reads the command line. Flags may come before, after or
// between the images.
func parseArgs(args []string, stdout io.Writer) (options, error) {
	flags := flag.NewFlagSet("predict", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	var o options
	flags.StringVar(&o.model, "model", defaultModel, "the trained network, a file written by modelfile.Save (default: the last run of scripts/train)")
	flags.BoolVar(&o.show, "show", false, "also draw each preprocessed 28×28 image in characters")
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stdout, "usage: go run ./scripts/predict [-model file] [-show] image.png [image.jpg …]")
				flags.SetOutput(stdout)
				flags.PrintDefaults()
				return o, errHelp
			}
			return o, usageError{err}
		}
		if flags.NArg() == 0 {
			break
		}
		o.images = append(o.images, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if o.model == "" {
		return o, usageError{fmt.Errorf("-model is empty: want the path of a model file, such as %s", defaultModel)}
	}
	if len(o.images) == 0 {
		return o, usageError{errors.New("no images: give one or more PNG or JPEG files, as in go run ./scripts/predict digit.png")}
	}
	return o, nil
}

func run(args []string, stdout io.Writer) error {
	o, err := parseArgs(args, stdout)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := backend.UseFromEnv(); err != nil {
		return usageError{err}
	}
	net, err := loadModel(o.model)
	if err != nil {
		return err
	}
	// An image that cannot be read does not stop the others.
	var failed []error
	for _, path := range o.images {
		if err := predict(stdout, net, path, o.show); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

// loadModel reads the network in path and checks it reads MNIST images,
// 28×28 = 784 pixels, into the 10 digits.
func loadModel(path string) (*nnlib.Network, error) {
	net, err := modelfile.Load(path)
	if e, ok := errors.AsType[*inputerror.Error](err); ok && errors.Is(e, fs.ErrNotExist) {
		hinted := *e
		hinted.Hint = "train a model with `go run ./scripts/train`, or name one with -model"
		return nil, &hinted
	}
	if err != nil {
		return nil, err
	}
	if n := net.Inputs(); n != mnist.Side*mnist.Side {
		return nil, fmt.Errorf("model %s takes %d inputs, want %d (28×28 pixels)", path, n, mnist.Side*mnist.Side)
	}
	if n := net.Classes(); n != 10 {
		return nil, fmt.Errorf("model %s gives %d classes, want 10 (the digits 0…9)", path, n)
	}
	return net, nil
}

// predict preprocesses the image in path, runs it through net and prints
// the most probable digits, then, if show, the image.
func predict(w io.Writer, net *nnlib.Network, path string, show bool) error {
	pixels, err := digit.PrepareFile(path)
	if err != nil {
		return err
	}
	probs := net.Forward(mat.NewDense(1, len(pixels), pixels)).RawRowView(0)
	fmt.Fprintf(w, "%s: %s\n", path, formatTop(digit.TopK(probs, top)))
	if show {
		fmt.Fprint(w, asciiDigit(pixels))
	}
	return nil
}

// formatTop formats classes as "7 (98.1%), 1 (1.2%), 2 (0.4%)".
func formatTop(classes []digit.ClassProb) string {
	parts := make([]string, len(classes))
	for i, c := range classes {
		parts[i] = fmt.Sprintf("%d (%.1f%%)", c.Class, 100*c.Prob)
	}
	return strings.Join(parts, ", ")
}

// ramp holds characters from no ink to full ink.
const ramp = " .:-=+*#%@"

// asciiDigit draws a 28×28 image of values in [0, 1] in a frame, each
// pixel as two characters (characters are about twice as tall as wide),
// the value v as ramp[⌊v·9.99⌋].
func asciiDigit(pixels []float64) string {
	var b strings.Builder
	edge := "+" + strings.Repeat("-", 2*mnist.Side) + "+\n"
	b.WriteString(edge)
	for i := range mnist.Side {
		b.WriteByte('|')
		for _, v := range pixels[i*mnist.Side : (i+1)*mnist.Side] {
			c := ramp[int(min(max(v, 0), 1)*(float64(len(ramp))-0.01))]
			b.WriteByte(c)
			b.WriteByte(c)
		}
		b.WriteString("|\n")
	}
	b.WriteString(edge)
	return b.String()
}
