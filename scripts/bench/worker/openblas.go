//go:build openblas && cgo

package main

// #cgo LDFLAGS: -lopenblas
// char *openblas_get_config(void);
// char *openblas_get_corename(void);
// int openblas_get_num_threads(void);
import "C"

import (
	"fmt"
	"strings"
)

// In builds with the openblas tag, name the OpenBLAS library that was
// linked, the CPU kernel it chose (OPENBLAS_CORETYPE overrides its choice)
// and its thread count.
func init() {
	describeOpenBLAS = func() string {
		config := strings.Fields(C.GoString(C.openblas_get_config()))
		version := ""
		if len(config) > 1 { // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY …"
			version = config[1] + ", "
		}
		return fmt.Sprintf("%skernel %s, %d threads", version,
			C.GoString(C.openblas_get_corename()), int(C.openblas_get_num_threads()))
	}
}
