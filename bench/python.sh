#!/usr/bin/env bash
# The Python frontend's benchmarks (bench/python.py): eager per-op overhead
# vs PyTorch eager, and the kiln.jit training step vs the kilnc one. One
# thread (KILN_BENCH_THREADS to change it). Builds first if needed.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$KILN_ROOT/scripts/setup.sh" --target kiln-python kilnc kiln_runtime > /dev/null
threads="${KILN_BENCH_THREADS:-1}"
# The peers run OpenBLAS at its best: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# (set on some machines) force other kernels, e.g. Haswell's AVX2 ones at
# about half speed on an AVX-512 CPU. Kiln does not use OpenBLAS.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
exec /usr/bin/python3 "$KILN_ROOT/bench/python.py" "$@"
