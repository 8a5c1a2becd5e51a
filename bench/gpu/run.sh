#!/usr/bin/env bash
# GPU benchmarks. Here (LLVM 22): builds the self-contained executables into
# bench/gpu/out/ (bench/gpu/run.sh build [names]). On the GPU machine
# (CUDA driver and PyTorch, no LLVM): runs them against PyTorch and prints
# the table for docs/benchmarks.md (bench/gpu/run.sh device [names]).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  build)
    shift
    "$HERE/../../scripts/setup.sh" --target kilnc kiln_runtime > /dev/null
    exec /usr/bin/python3 "$HERE/build.py" "$@" ;;
  device)
    shift
    exec python3 "$HERE/device.py" "$@" ;;
  *)
    echo "usage: bench/gpu/run.sh build|device [sgemm chain softmax mlp]" >&2
    exit 2 ;;
esac
