// Command bench-gemm turns the output of the nnlib/fastblas benchmarks
// (go test -bench) into a table: one row per product, one column per
// backend, each cell the best GFLOP/s of the runs (and the seconds per epoch
// for the epoch benchmarks). run.sh runs the benchmarks and pipes them here.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

func main() {
	type cell struct {
		gflops, sec float64
		allocs      string
	}
	var rows, backends []string
	seen := map[string]bool{}
	cells := map[[2]string]cell{}

	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		// BenchmarkDgemm128/X·W1/fastblas-2 or BenchmarkEpoch128/gonum-2
		parts := strings.Split(strings.TrimPrefix(f[0], "Benchmark"), "/")
		be := parts[len(parts)-1]
		if i := strings.LastIndex(be, "-"); i > 0 {
			be = be[:i]
		}
		row := strings.Join(parts[:len(parts)-1], " ")
		var c cell
		for i := 2; i < len(f); i++ {
			v, err := strconv.ParseFloat(f[i-1], 64)
			if err != nil {
				continue
			}
			switch f[i] {
			case "GFLOP/s":
				c.gflops = v
			case "s/epoch":
				c.sec = v
			case "allocs/op":
				c.allocs = f[i-1]
			}
		}
		key := [2]string{row, be}
		if old, ok := cells[key]; !ok || c.gflops > old.gflops {
			cells[key] = c
		}
		if !seen["r"+row] {
			seen["r"+row] = true
			rows = append(rows, row)
		}
		if !seen["b"+be] {
			seen["b"+be] = true
			backends = append(backends, be)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-gemm:", err)
		os.Exit(1)
	}

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "GFLOP/s, best run\t")
	for _, be := range backends {
		fmt.Fprintf(w, "%s\t", be)
	}
	fmt.Fprintln(w)
	for _, row := range rows {
		fmt.Fprintf(w, "%s\t", row)
		for _, be := range backends {
			c, ok := cells[[2]string{row, be}]
			switch {
			case !ok:
				fmt.Fprint(w, "-\t")
			case c.sec > 0:
				fmt.Fprintf(w, "%.1f (%.3f s/epoch, %s allocs)\t", c.gflops, c.sec, c.allocs)
			default:
				fmt.Fprintf(w, "%.1f (%s allocs)\t", c.gflops, c.allocs)
			}
		}
		fmt.Fprintln(w)
	}
	w.Flush()
}
