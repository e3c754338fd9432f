package fastblas

import (
	"runtime"
	"sync"
	"time"
)

// minParallelWork is the smallest product, in multiply-adds m·n·k, that is
// split between goroutines. Below it, handing a band to another goroutine
// costs more than it saves.
const minParallelWork = 1 << 18

// spinFor is how long a worker goroutine, once idle, keeps polling for the
// next band before it blocks. Waking a blocked goroutine on another thread
// takes tens of µs (90 µs measured on a 2-core VM), as long as half of the
// 128×784·784×128 product; a training loop calls Dgemm far more often than
// every spinFor, so its workers stay awake. The poll yields
// (runtime.Gosched) at each turn, so other goroutines still run.
const spinFor = 250 * time.Microsecond

// A job asks a worker goroutine to compute rows [r0, r1) and columns
// [c0, c1) of g's C and then decrement g.pending.
type job struct {
	g              *gemmCall
	r0, r1, c0, c1 int
}

// The worker goroutines, started on first need and kept for the life of the
// program, so that a call spawns no goroutine and allocates nothing.
var workers struct {
	sync.Mutex
	started int
	jobs    chan job
}

// startWorkers makes sure that at least n worker goroutines are running.
func startWorkers(n int) {
	workers.Lock()
	defer workers.Unlock()
	if workers.jobs == nil {
		workers.jobs = make(chan job, 64)
	}
	for ; workers.started < n; workers.started++ {
		go work(workers.jobs)
	}
}

// work is a worker goroutine's loop. Each worker owns one workspace.
func work(jobs <-chan job) {
	ws := new(workspace)
	idle := time.Now()
	for {
		var j job
		select {
		case j = <-jobs:
		default:
			if time.Since(idle) < spinFor {
				runtime.Gosched()
				continue
			}
			j = <-jobs
		}
		j.g.block(ws, j.r0, j.r1, j.c0, j.c1)
		j.g.pending.Add(-1)
		idle = time.Now()
	}
}

// The workspaces of the goroutines that call Dgemm: a free list that only
// grows, to the largest number of concurrent calls seen, unlike a sync.Pool,
// which the garbage collector empties (and a call would then allocate).
var spare struct {
	sync.Mutex
	list []*workspace
}

func getWorkspace() *workspace {
	spare.Lock()
	defer spare.Unlock()
	if n := len(spare.list); n > 0 {
		ws := spare.list[n-1]
		spare.list = spare.list[:n-1]
		return ws
	}
	return new(workspace)
}

func putWorkspace(ws *workspace) {
	spare.Lock()
	spare.list = append(spare.list, ws)
	spare.Unlock()
}

// gemm computes C = alpha·op(A)·op(B) + beta·C with kernel kern, for
// arguments already validated, alpha ≠ 0 and k ≥ 1.
//
// When the product is large enough it is cut into bands of whole tiles, one
// per proc (GOMAXPROCS). The calling goroutine computes the first band
// itself, then any band that no worker has taken yet (a worker that was
// blocked may not have woken up), then waits, yielding, for the rest. Bands of rows
// each read a 1/p share of op(A) and all of op(B); bands of columns the
// reverse. splitRows picks the split that reads less.
func gemm(kern *microKernel, aTrans, bTrans bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ws := getWorkspace()
	g := &ws.call
	g.kern, g.aTrans, g.bTrans = kern, aTrans, bTrans
	g.k, g.alpha, g.beta = k, alpha, beta
	g.a, g.lda, g.b, g.ldb, g.c, g.ldc = a, lda, b, ldb, c, ldc

	parts := 1
	if m*n*k >= minParallelWork {
		parts = runtime.GOMAXPROCS(0)
	}
	byRows := splitRows(m, n, parts, bTrans)
	tiles, unit, size := (m+kern.mr-1)/kern.mr, kern.mr, m
	if !byRows {
		tiles, unit, size = (n+kern.nr-1)/kern.nr, kern.nr, n
	}
	parts = min(parts, tiles)
	per := (tiles + parts - 1) / parts * unit // rows or columns per band
	parts = (size + per - 1) / per

	if parts > 1 {
		startWorkers(parts - 1)
		g.pending.Store(int32(parts - 1))
		for lo := per; lo < size; lo += per {
			hi := min(lo+per, size)
			if byRows {
				workers.jobs <- job{g, lo, hi, 0, n}
			} else {
				workers.jobs <- job{g, 0, m, lo, hi}
			}
		}
	}
	if byRows {
		g.block(ws, 0, min(per, m), 0, n)
	} else {
		g.block(ws, 0, m, 0, min(per, n))
	}
	// Then help: compute bands that no worker has taken yet (of this call, or
	// of another one), and wait for the rest.
	for g.pending.Load() != 0 {
		select {
		case j := <-workers.jobs:
			j.g.block(ws, j.r0, j.r1, j.c0, j.c1)
			j.g.pending.Add(-1)
		default:
			runtime.Gosched()
		}
	}

	g.a, g.b, g.c = nil, nil, nil // do not keep the caller's matrices alive
	putWorkspace(ws)
}

// splitRows reports whether to cut C into bands of rows rather than columns
// among p goroutines. Per k step, a band of rows reads m/p entries of op(A)
// and n of op(B), a band of columns m and n/p; a transposed B costs about
// three times as much per entry, because it is copied (packBT) first.
func splitRows(m, n, p int, bTrans bool) bool {
	bw := 1
	if bTrans {
		bw = 3
	}
	return m/p+bw*n <= m+bw*n/p
}
