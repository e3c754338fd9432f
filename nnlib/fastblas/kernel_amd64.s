//go:build amd64 && !purego

#include "textflag.h"

// The micro-kernels. Each computes one MR×NR register tile of C,
//
//	C[0:MR, 0:NR] = alpha·A·B + beta·C,  A MR×k, B k×NR,
//
// reading A[i, p] at a[i·ai + p·ap] (so A may be read in place, transposed
// or not, or from a packed copy) and B[p, j] at b[p·bp + j] (NR consecutive
// values per row). The MR·NR sums stay in vector registers for the whole k
// loop; the loop only loads A and B, and C is touched once, at the end.
// beta == ±0 means C is overwritten without being read (it may hold NaN).
//
// Go declarations and the contract are in kernel_amd64.go.

// ---------------------------------------------------------------------------
// AVX-512: 8×16 tile. Z0…Z15 hold the tile (row i in Z(2i), Z(2i+1)),
// Z16, Z17 row p of B, Z18…Z25 the broadcast entries of column p of A.
// Per k step: 2 loads, 8 broadcasts, 16 FMAs (256 flops).

// FMA512 broadcasts A[i, p] (at addr) and adds A[i, p]·B[p, 0:16] to row i.
#define FMA512(addr, bc, acc0, acc1) \
	VBROADCASTSD addr, bc; \
	VFMADD231PD  Z16, bc, acc0; \
	VFMADD231PD  Z17, bc, acc1

// STEP512 is one k step. SI points at A[0, p], DI at A[4, p]; R9 = row step
// of A in bytes and R10 = 3·R9, so rows 0…7 are at SI, SI+R9, SI+2·R9,
// SI+R10, DI, DI+R9, DI+2·R9, DI+R10. R8 = column step of A, R11 = row step of B.
#define STEP512 \
	VMOVUPD (BX), Z16; \
	VMOVUPD 64(BX), Z17; \
	FMA512((SI), Z18, Z0, Z1); \
	FMA512((SI)(R9*1), Z19, Z2, Z3); \
	FMA512((SI)(R9*2), Z20, Z4, Z5); \
	FMA512((SI)(R10*1), Z21, Z6, Z7); \
	FMA512((DI), Z22, Z8, Z9); \
	FMA512((DI)(R9*1), Z23, Z10, Z11); \
	FMA512((DI)(R9*2), Z24, Z12, Z13); \
	FMA512((DI)(R10*1), Z25, Z14, Z15); \
	ADDQ R8, SI; \
	ADDQ R8, DI; \
	ADDQ R11, BX

// UPDATE512 stores one row of the tile at (DX): C = beta·C + acc (Z31 = beta).
#define UPDATE512(acc0, acc1) \
	VFMADD231PD (DX), Z31, acc0; \
	VFMADD231PD 64(DX), Z31, acc1; \
	VMOVUPD     acc0, (DX); \
	VMOVUPD     acc1, 64(DX); \
	ADDQ        R12, DX

// STORE512 stores one row of the tile at (DX): C = acc.
#define STORE512(acc0, acc1) \
	VMOVUPD acc0, (DX); \
	VMOVUPD acc1, 64(DX); \
	ADDQ    R12, DX

// func kernel8x16(k int, a *float64, ai, ap int, b *float64, bp int, c *float64, ldc int, alpha, beta float64)
TEXT ·kernel8x16(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ai+16(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R9*4), DI
	MOVQ ap+24(FP), R8
	SHLQ $3, R8
	MOVQ b+32(FP), BX
	MOVQ bp+40(FP), R11
	SHLQ $3, R11
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R12
	SHLQ $3, R12              // bytes from one row of C to the next

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

	// Ask for the C tile now, so that it has arrived when the sums are done.
	MOVQ       DX, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 64(R13)

	CMPQ CX, $4
	JLT  tail512

loop512: // four k steps per iteration
	STEP512
	STEP512
	STEP512
	STEP512
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  loop512

tail512:
	TESTQ CX, CX
	JZ    done512

tail512loop:
	STEP512
	DECQ CX
	JNZ  tail512loop

done512:
	// acc = alpha·acc
	VBROADCASTSD alpha+64(FP), Z30
	VMULPD       Z30, Z0, Z0
	VMULPD       Z30, Z1, Z1
	VMULPD       Z30, Z2, Z2
	VMULPD       Z30, Z3, Z3
	VMULPD       Z30, Z4, Z4
	VMULPD       Z30, Z5, Z5
	VMULPD       Z30, Z6, Z6
	VMULPD       Z30, Z7, Z7
	VMULPD       Z30, Z8, Z8
	VMULPD       Z30, Z9, Z9
	VMULPD       Z30, Z10, Z10
	VMULPD       Z30, Z11, Z11
	VMULPD       Z30, Z12, Z12
	VMULPD       Z30, Z13, Z13
	VMULPD       Z30, Z14, Z14
	VMULPD       Z30, Z15, Z15

	// beta is ±0 exactly when its bits, sign bit dropped, are all zero.
	MOVQ beta+72(FP), AX
	SHLQ $1, AX
	JZ   store512

	VBROADCASTSD beta+72(FP), Z31
	UPDATE512(Z0, Z1)
	UPDATE512(Z2, Z3)
	UPDATE512(Z4, Z5)
	UPDATE512(Z6, Z7)
	UPDATE512(Z8, Z9)
	UPDATE512(Z10, Z11)
	UPDATE512(Z12, Z13)
	UPDATE512(Z14, Z15)
	VZEROUPPER
	RET

store512:
	STORE512(Z0, Z1)
	STORE512(Z2, Z3)
	STORE512(Z4, Z5)
	STORE512(Z6, Z7)
	STORE512(Z8, Z9)
	STORE512(Z10, Z11)
	STORE512(Z12, Z13)
	STORE512(Z14, Z15)
	VZEROUPPER
	RET

// ---------------------------------------------------------------------------
// AVX2 + FMA: 6×8 tile. Y0…Y11 hold the tile (row i in Y(2i), Y(2i+1)),
// Y12, Y13 row p of B, Y14, Y15 the broadcast entries of column p of A.
// Registers as in the AVX-512 kernel (rows 4 and 5 of A from DI).
// Per k step: 2 loads, 6 broadcasts, 12 FMAs (96 flops).

#define FMA256(addr, bc, acc0, acc1) \
	VBROADCASTSD addr, bc; \
	VFMADD231PD  Y12, bc, acc0; \
	VFMADD231PD  Y13, bc, acc1

#define STEP256 \
	VMOVUPD (BX), Y12; \
	VMOVUPD 32(BX), Y13; \
	FMA256((SI), Y14, Y0, Y1); \
	FMA256((SI)(R9*1), Y15, Y2, Y3); \
	FMA256((SI)(R9*2), Y14, Y4, Y5); \
	FMA256((SI)(R10*1), Y15, Y6, Y7); \
	FMA256((DI), Y14, Y8, Y9); \
	FMA256((DI)(R9*1), Y15, Y10, Y11); \
	ADDQ R8, SI; \
	ADDQ R8, DI; \
	ADDQ R11, BX

#define UPDATE256(acc0, acc1) \
	VFMADD231PD (DX), Y15, acc0; \
	VFMADD231PD 32(DX), Y15, acc1; \
	VMOVUPD     acc0, (DX); \
	VMOVUPD     acc1, 32(DX); \
	ADDQ        R12, DX

#define STORE256(acc0, acc1) \
	VMOVUPD acc0, (DX); \
	VMOVUPD acc1, 32(DX); \
	ADDQ    R12, DX

// func kernel6x8(k int, a *float64, ai, ap int, b *float64, bp int, c *float64, ldc int, alpha, beta float64)
TEXT ·kernel6x8(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ai+16(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	LEAQ (SI)(R9*4), DI
	MOVQ ap+24(FP), R8
	SHLQ $3, R8
	MOVQ b+32(FP), BX
	MOVQ bp+40(FP), R11
	SHLQ $3, R11
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R12
	SHLQ $3, R12

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11

	MOVQ       DX, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)
	ADDQ       R12, R13
	PREFETCHT0 (R13)
	PREFETCHT0 32(R13)

	CMPQ CX, $4
	JLT  tail256

loop256:
	STEP256
	STEP256
	STEP256
	STEP256
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  loop256

tail256:
	TESTQ CX, CX
	JZ    done256

tail256loop:
	STEP256
	DECQ CX
	JNZ  tail256loop

done256:
	VBROADCASTSD alpha+64(FP), Y14
	VMULPD       Y14, Y0, Y0
	VMULPD       Y14, Y1, Y1
	VMULPD       Y14, Y2, Y2
	VMULPD       Y14, Y3, Y3
	VMULPD       Y14, Y4, Y4
	VMULPD       Y14, Y5, Y5
	VMULPD       Y14, Y6, Y6
	VMULPD       Y14, Y7, Y7
	VMULPD       Y14, Y8, Y8
	VMULPD       Y14, Y9, Y9
	VMULPD       Y14, Y10, Y10
	VMULPD       Y14, Y11, Y11

	MOVQ beta+72(FP), AX
	SHLQ $1, AX
	JZ   store256

	VBROADCASTSD beta+72(FP), Y15
	UPDATE256(Y0, Y1)
	UPDATE256(Y2, Y3)
	UPDATE256(Y4, Y5)
	UPDATE256(Y6, Y7)
	UPDATE256(Y8, Y9)
	UPDATE256(Y10, Y11)
	VZEROUPPER
	RET

store256:
	STORE256(Y0, Y1)
	STORE256(Y2, Y3)
	STORE256(Y4, Y5)
	STORE256(Y6, Y7)
	STORE256(Y8, Y9)
	STORE256(Y10, Y11)
	VZEROUPPER
	RET
