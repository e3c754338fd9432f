// Command blas-info says which BLAS back-end nnlib's matrix products run on
// here, and how to choose another:
//
//	go run ./scripts/blas-info
//	NNLIB_BLAS=gonum go run ./scripts/blas-info
//
// scripts/setup prints it when it has set something up.
package main

import (
	"fmt"
	"os"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
)

func main() {
	if err := backend.UseFromEnv(); err != nil {
		fmt.Fprintln(os.Stderr, "blas-info:", err)
		os.Exit(2)
	}
	fmt.Printf("nnlib's matrix products run on: %s\n", backend.Name())
	fmt.Println("(NNLIB_BLAS=fast|gonum|openblas chooses; openblas needs a build with -tags openblas)")
}
