#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, run the demo.
#
# The demo trains a digit classifier (scikit-learn's bundled handwritten
# digits, 64 -> 128 -> 10 MLP): the whole training step -- forward,
# cross-entropy, backward by kiln.value_and_grad, SGD update -- is one Kiln
# function compiled ahead of time by kilnc into an object file; a small C
# driver feeds minibatches. The same step in PyTorch eager is timed after.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build}"
"$KILN_ROOT/scripts/setup.sh" --target kilnc kiln_runtime kiln-opt

example="$KILN_ROOT/examples/digits"
work="$BUILD_DIR/demo"
mkdir -p "$work"
/usr/bin/python3 "$example/prepare_digits.py" "$work/digits.bin"

echo "==> kilnc examples/digits/train_step.mlir -o train_step.o   (+ train_step.h)"
"$BUILD_DIR/bin/kilnc" "$example/train_step.mlir" -o "$work/train_step.o"
echo "==> cc examples/digits/train.c train_step.o -lkiln_runtime -l:libomp.so.5 -lm -o train"
cc -std=c11 -O2 "$example/train.c" "$work/train_step.o" -I"$work" \
  -I"$KILN_ROOT/include" "$BUILD_DIR/lib/libkiln_runtime.a" -l:libomp.so.5 -lm -o "$work/train"
echo "==> ./train digits.bin"
OMP_NUM_THREADS=1 "$work/train" "$work/digits.bin"
echo
echo "==> the same training step in PyTorch eager"
/usr/bin/python3 "$example/torch_step.py"
