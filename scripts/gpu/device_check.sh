#!/usr/bin/env bash
# The one script to run on a lent GPU machine (CUDA driver, PyTorch; no
# LLVM), after building here with
#   scripts/gpu/pack.sh && bench/gpu/run.sh build
# and carrying build/gpu-pack and bench/gpu/out: the end-to-end pack (every
# op family, gradients, control flow, against the CPU path's results), then
# the benchmarks against PyTorch/cuBLAS. Writes both reports to $OUT (or
# the current folder).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-.}"
nvidia-smi -L | tee "$OUT/device.txt"
python3 "$ROOT/scripts/gpu/run_pack.py" "$ROOT/build/gpu-pack" 2>&1 | tee "$OUT/e2e.txt" | tail -15
python3 "$ROOT/bench/gpu/device.py" 2>&1 | tee "$OUT/bench.md"
