// Command fetch-mnist puts MNIST's four files into a folder, data by
// default, fetching through the Go module proxy only those that are missing
// or whose SHA-256 is wrong:
//
//	go run ./scripts/fetch-mnist [-dir data]
//
// It says what it did and exits with status 1 and a one-line error if it
// fails. See data/README.md for where MNIST comes from.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./scripts/fetch-mnist [-dir folder]")
		flag.PrintDefaults()
	}
	dir := flag.String("dir", "data", "`folder` to put the MNIST files in")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "fetch-mnist: unexpected arguments %q\n", flag.Args())
		flag.Usage()
		os.Exit(2)
	}
	if err := mnist.Fetch(*dir, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fetch-mnist:", err)
		os.Exit(1)
	}
}
