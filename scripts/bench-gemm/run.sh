#!/usr/bin/env bash
# Compares the Dgemm backends of nnlib/fastblas side by side, on the products
# of the 784→128→64→10 network at batch 128 and 60000, and on whole epochs.
#
#   scripts/bench-gemm/run.sh             gonum native and fastblas
#   scripts/bench-gemm/run.sh -openblas   and OpenBLAS (needs cgo, libopenblas-dev
#                                         and gonum.org/v1/netlib in go.mod)
#
# Prints a table (main.go) of the best of COUNT runs (default 3) of each
# benchmark, in GFLOP/s, and keeps the raw output in $OUT
# (default /tmp/bench-gemm.txt). Run it on an
# otherwise idle machine: other processes on the cores halve the numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
tags=()
if [[ "${1:-}" == "-openblas" ]]; then tags=(-tags openblas); fi
count=${COUNT:-3}
out=${OUT:-/tmp/bench-gemm.txt}

{
  go test "${tags[@]}" -run '^$' -bench 'Dgemm128' -benchtime 0.5s -count "$count" ./nnlib/fastblas
  go test "${tags[@]}" -run '^$' -bench 'Dgemm60000|Epoch' -benchtime 2x -count "$count" ./nnlib/fastblas
} | tee "$out" | go run ./scripts/bench-gemm
