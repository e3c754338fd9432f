// Package mnist reads the MNIST handwritten digits (LeCun, Cortes and
// Burges): 70,000 grey 28×28 images of the digits 0…9, each with its label,
// split by their authors into 60,000 for training and 10,000 for testing.
//
// Load reads the four files from a folder, checking as it reads each one
// its count of images or labels and its known SHA-256; Fetch puts them
// there first, from the Go module proxy, checking each against that
// SHA-256; and FetchAndLoad does both, fetching only what is missing. The images come
// as rows of an N×784 matrix, pixels scaled to [0, 1], ready for
// nnlib.Network.
//
// Everything read from a file is checked. A file that cannot be read, or
// is not what MNIST's files hold, is reported as an *inputerror.Error, the
// shape of every error about input in this project: the file, what is
// wrong, what was expected and the cause, as in
//
//	mnist: data/train-images-idx3-ubyte.gz: images are 28×27, want 28×28
//	mnist: data/train-labels-idx1-ubyte.gz: data ends after 2 labels, want the 3 labels the header claims: unexpected EOF
//
// A missing file wraps fs.ErrNotExist, and data that ends before what its
// header claims wraps io.ErrUnexpectedEOF. Data decoded from a reader
// rather than a file is called "IDX data".
package mnist

// The sizes of MNIST, declared once here for the whole project.
const (
	Side    = 28          // an image is Side×Side pixels
	Pixels  = Side * Side // 784, the length of an image's row of pixels
	Classes = 10          // the digits 0…9

	TrainSize = 60000 // examples in the training set
	TestSize  = 10000 // examples in the test set

	// ValidationSize is how many examples at the end of the training set
	// the project holds out to choose learning rates, epochs and the like:
	// a network is tuned on them and trained on the first TrainSize −
	// ValidationSize, so that the test set is used only to report.
	ValidationSize = 10000
)
