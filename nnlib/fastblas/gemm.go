package fastblas

import "sync/atomic"

// microKernel is one register-tile kernel (see kernel_amd64.go) and the
// shape MR×NR of the tile of C it computes.
type microKernel struct {
	mr, nr int
	fn     func(k int, a *float64, ai, ap int, b *float64, bp int, c *float64, ldc int, alpha, beta float64)
	name   string
}

// Cache blocking. One kernel call reads an MR×kc sliver of A (16 KiB for
// 8×256, which stays in the 48 KiB L1 cache while it meets every column
// panel of B) and a kc×NR panel of B; the kc×nc block of B that a row of
// tiles sweeps over (512 KiB) stays in the 1 MiB L2 cache.
const (
	kc = 256 // steps of the k loop summed in registers before C is updated
	nc = 256 // columns of C per block

	maxMR, maxNR = 8, 16 // the largest tile of any kernel, to size buffers
)

// gemmCall holds one Dgemm call, already validated, with alpha ≠ 0 and k ≥ 1:
//
//	C = alpha·op(A)·op(B) + beta·C,  op(A) m×k, op(B) k×n, C m×n.
//
// It is shared, read-only, by the goroutines that each compute one band of C.
type gemmCall struct {
	kern           *microKernel
	aTrans, bTrans bool
	k              int
	alpha, beta    float64
	a              []float64
	lda            int
	b              []float64
	ldb            int
	c              []float64
	ldc            int

	pending atomic.Int32 // bands handed to worker goroutines and not yet done
}

// workspace is the scratch memory of one goroutine computing one band.
type workspace struct {
	call gemmCall // the call, when this is the calling goroutine's workspace

	// b holds op(B)[pc:pc+kc, jc:jc+nc] when B is transposed, or else the
	// last, partial column panel of B, zero-padded to NR columns.
	b [kc * nc]float64
	// a holds the last, partial row panel of op(A), zero-padded to MR rows.
	a [maxMR * kc]float64
	// tile holds the result of a partial tile, before it is added to C.
	tile [maxMR * maxNR]float64
}

// block computes rows [r0, r1) and columns [c0, c1) of C.
//
// Loops, outermost first: column blocks of nc (jc), depth blocks of kc (pc),
// row panels of MR (ir), column panels of NR (jr), and in the kernel the kc
// steps of the depth loop. C is updated once per depth block: with beta in
// the first one, with 1 after that.
func (g *gemmCall) block(ws *workspace, r0, r1, c0, c1 int) {
	mr, nr := g.kern.mr, g.kern.nr
	kernel := g.kern.fn
	// op(A)[i, p] = a[i·ai + p·ap]: A is read in place, transposed or not.
	ai, ap := g.lda, 1
	if g.aTrans {
		ai, ap = 1, g.lda
	}
	ldc := g.ldc
	for jc := c0; jc < c1; jc += nc {
		nb := min(nc, c1-jc)
		for pc := 0; pc < g.k; pc += kc {
			kb := min(kc, g.k-pc)
			beta := g.beta
			if pc > 0 {
				beta = 1
			}

			// op(B)[p, j] for this block is at bblk[p·bp + j].
			var bblk []float64
			bp := g.ldb
			full := nb - nb%nr // columns in whole NR-wide panels
			if g.bTrans {
				bp = roundUp(nb, nr)
				packBT(ws.b[:kb*bp], g.b, g.ldb, pc, kb, jc, nb, bp)
				bblk = ws.b[:]
				full = bp
			} else {
				bblk = g.b[pc*g.ldb+jc:]
				if full < nb {
					packBEdge(ws.b[:kb*nr], g.b, g.ldb, pc, kb, jc+full, nb-full, nr)
				}
			}

			for ir := r0; ir < r1; ir += mr {
				mb := min(mr, r1-ir)
				var aptr *float64
				pai, pap := ai, ap
				if mb == mr {
					aptr = &g.a[ir*ai+pc*ap]
				} else {
					packAEdge(ws.a[:mr*kb], g.a, ai, ap, ir, mb, pc, kb, mr)
					aptr, pai, pap = &ws.a[0], 1, mr
				}
				for jr := 0; jr < nb; jr += nr {
					nbr := min(nr, nb-jr)
					var bptr *float64
					pbp := bp
					if jr < full {
						bptr = &bblk[jr]
					} else {
						bptr, pbp = &ws.b[0], nr
					}
					ci := ir*ldc + jc + jr
					if mb == mr && nbr == nr {
						kernel(kb, aptr, pai, pap, bptr, pbp, &g.c[ci], ldc, g.alpha, beta)
						continue
					}
					// A partial tile: compute it in full into ws.tile,
					// then add the part that exists to C.
					kernel(kb, aptr, pai, pap, bptr, pbp, &ws.tile[0], nr, g.alpha, 0)
					for i := 0; i < mb; i++ {
						t := ws.tile[i*nr : i*nr+nbr]
						cr := g.c[ci+i*ldc : ci+i*ldc+nbr]
						if beta == 0 {
							copy(cr, t)
						} else {
							for j, v := range t {
								cr[j] = beta*cr[j] + v
							}
						}
					}
				}
			}
		}
	}
}

// packBT writes op(B)[pc:pc+kb, jc:jc+nb] = Bᵀ[…] row-major with row stride
// bp ≥ nb into dst, zero-padding columns nb…bp-1. B[j, p] is b[j·ldb + p].
//
// It is a transpose, done 8 columns at a time: eight rows of B are read in
// step, so that reads and writes both run along memory.
func packBT(dst, b []float64, ldb, pc, kb, jc, nb, bp int) {
	j := 0
	for ; j+8 <= nb; j += 8 {
		var r [8][]float64
		for jj := range r {
			o := (jc+j+jj)*ldb + pc
			r[jj] = b[o : o+kb]
		}
		r0, r1, r2, r3, r4, r5, r6, r7 := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
		for p := range r0 {
			d := dst[p*bp+j : p*bp+j+8]
			d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
			d[4], d[5], d[6], d[7] = r4[p], r5[p], r6[p], r7[p]
		}
	}
	for ; j < nb; j++ {
		o := (jc+j)*ldb + pc
		for p, v := range b[o : o+kb] {
			dst[p*bp+j] = v
		}
	}
	for p := 0; p < kb; p++ {
		clear(dst[p*bp+nb : p*bp+bp])
	}
}

// packBEdge copies the partial column panel B[pc:pc+kb, j0:j0+w] (w < nr)
// into dst with row stride nr, zero-padding columns w…nr-1.
func packBEdge(dst, b []float64, ldb, pc, kb, j0, w, nr int) {
	for p := 0; p < kb; p++ {
		row := dst[p*nr : p*nr+nr]
		src := b[(pc+p)*ldb+j0 : (pc+p)*ldb+j0+w]
		for j := range row {
			if j < len(src) {
				row[j] = src[j]
			} else {
				row[j] = 0
			}
		}
	}
}

// packAEdge copies the partial row panel op(A)[i0:i0+h, pc:pc+kb] (h < mr)
// into dst as dst[p·mr + i], zero-padding rows h…mr-1.
// op(A)[i, p] is a[i·ai + p·ap].
func packAEdge(dst, a []float64, ai, ap, i0, h, pc, kb, mr int) {
	for p := 0; p < kb; p++ {
		col := dst[p*mr : p*mr+mr]
		for i := 0; i < h; i++ {
			col[i] = a[(i0+i)*ai+(pc+p)*ap]
		}
		clear(col[h:])
	}
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }
