#!/usr/bin/env bash
# Kiln against numpy/OpenBLAS in one run, same thread count (default 1;
# set KILN_BENCH_THREADS to change it). Builds first if needed. Arguments
# pick sections: sgemm chain softmax mlp cnn compile (default: all).
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$KILN_ROOT/scripts/setup.sh" --target kiln-run kilnc > /dev/null
threads="${KILN_BENCH_THREADS:-1}"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export KILN_RUN="${KILN_BUILD_DIR:-$KILN_ROOT/build}/bin/kiln-run"
export KILNC="${KILN_BUILD_DIR:-$KILN_ROOT/build}/bin/kilnc"
exec /usr/bin/python3 "$KILN_ROOT/bench/bench.py" "$@"
