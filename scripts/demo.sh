#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, run the demo.
#
# The demo compiles the two-layer perceptron of examples/mlp.mlir ahead of
# time with kilnc (an object file plus a C header), builds the C program
# examples/demo.c against it and libkiln_runtime, and runs it: native code
# with no LLVM or MLIR at run time.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build}"
"$KILN_ROOT/scripts/setup.sh" --target kilnc kiln_runtime kiln-opt

work="$BUILD_DIR/demo"
mkdir -p "$work"
echo "==> kilnc examples/mlp.mlir -o mlp.o      (writes mlp.o and mlp.h)"
"$BUILD_DIR/bin/kilnc" "$KILN_ROOT/examples/mlp.mlir" -o "$work/mlp.o"
grep -A6 '^/\* mlp(' "$work/mlp.h"
echo
echo "==> cc examples/demo.c mlp.o -lkiln_runtime -lm -o demo"
cc -std=c11 -O2 "$KILN_ROOT/examples/demo.c" "$work/mlp.o" -I"$work" \
  -I"$KILN_ROOT/include" "$BUILD_DIR/lib/libkiln_runtime.a" -lm -o "$work/demo"
echo
echo "==> ./demo"
"$work/demo"
echo
echo "==> kiln-opt examples/simplify.mlir --canonicalize   (graph simplification)"
"$BUILD_DIR/bin/kiln-opt" "$KILN_ROOT/examples/simplify.mlir" --canonicalize
