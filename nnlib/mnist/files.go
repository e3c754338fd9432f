package mnist

// MNIST's four files, gzip-compressed, as their authors publish them.
// Load also accepts them decompressed, without the .gz suffix.
const (
	mnistTrainImages = "train-images-idx3-ubyte.gz"
	mnistTrainLabels = "train-labels-idx1-ubyte.gz"
	mnistTestImages  = "t10k-images-idx3-ubyte.gz"
	mnistTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// mnistFile is a file of MNIST: its name and two SHA-256 sums, in
// hexadecimal, that of the gzip-compressed file as published and that of
// the IDX data it holds, the file decompressed.
type mnistFile struct {
	name      string
	sha256    string // of the .gz file
	rawSHA256 string // of the IDX data, decompressed
}

// MNIST's files, identical to those published by its authors.
var (
	trainImages = mnistFile{mnistTrainImages,
		"440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
		"ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"}
	trainLabels = mnistFile{mnistTrainLabels,
		"3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
		"65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"}
	testImages = mnistFile{mnistTestImages,
		"8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
		"0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"}
	testLabels = mnistFile{mnistTestLabels,
		"f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
		"ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"}
)

// mnistFiles are the files Fetch gets.
var mnistFiles = []mnistFile{trainImages, trainLabels, testImages, testLabels}

// mnistSet is one of MNIST's two sets: its name, its files and its size.
type mnistSet struct {
	name           string // "training" or "test"
	images, labels mnistFile
	size           int
	other          string // the other set's name, and its size
	otherSize      int
}

// MNIST's two sets.
var (
	trainSet = mnistSet{"training", trainImages, trainLabels, TrainSize, "test", TestSize}
	testSet  = mnistSet{"test", testImages, testLabels, TestSize, "training", TrainSize}
)
