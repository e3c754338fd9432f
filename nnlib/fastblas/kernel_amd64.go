//go:build amd64 && !purego

package fastblas

import "golang.org/x/sys/cpu"

// kernel8x16 and kernel6x8 are the assembly micro-kernels (kernel_amd64.s).
// Each computes one MR×NR register tile of C,
//
//	C[0:MR, 0:NR] = alpha·A·B + beta·C,
//
// reading A[i, p] at a[i·ai + p·ap] (0 ≤ i < MR, 0 ≤ p < k) and B[p, j] at
// b[p·bp + j] (0 ≤ j < NR): A may be read in place, transposed or not, and B
// is read row by row, NR consecutive values at a time. C[i, j] is at
// c[i·ldc + j]. k ≥ 1. beta == ±0 overwrites C without reading it.
//
//go:noescape
func kernel8x16(k int, a *float64, ai, ap int, b *float64, bp int, c *float64, ldc int, alpha, beta float64)

//go:noescape
func kernel6x8(k int, a *float64, ai, ap int, b *float64, bp int, c *float64, ldc int, alpha, beta float64)

var (
	avx512Kernel = &microKernel{mr: 8, nr: 16, fn: kernel8x16, name: "Go assembly, AVX-512 8×16 kernel"}
	avx2Kernel   = &microKernel{mr: 6, nr: 8, fn: kernel6x8, name: "Go assembly, AVX2+FMA 6×8 kernel"}
)

// availableKernels lists the kernels this CPU (and OS) can run, best first.
// golang.org/x/sys/cpu reports AVX2 and AVX-512 only when the OS also saves
// the wider registers on context switches.
func availableKernels() []*microKernel {
	var ks []*microKernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, avx512Kernel)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, avx2Kernel)
	}
	return ks
}
