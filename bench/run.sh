#!/usr/bin/env bash
# Kiln against numpy/OpenBLAS in one run, same thread count (default 1;
# set KILN_BENCH_THREADS to change it). Builds first if needed. Arguments
# pick sections: sgemm chain softmax mlp cnn compile (default: all).
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$KILN_ROOT/scripts/setup.sh" --target kiln-run kilnc > /dev/null
threads="${KILN_BENCH_THREADS:-1}"
# The peers run OpenBLAS at its best: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# (set on some machines) force other kernels, e.g. Haswell's AVX2 ones at
# about half speed on an AVX-512 CPU. Kiln does not use OpenBLAS.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export KILN_RUN="${KILN_BUILD_DIR:-$KILN_ROOT/build}/bin/kiln-run"
export KILNC="${KILN_BUILD_DIR:-$KILN_ROOT/build}/bin/kilnc"
exec /usr/bin/python3 "$KILN_ROOT/bench/bench.py" "$@"
