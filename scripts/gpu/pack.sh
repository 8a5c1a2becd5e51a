#!/usr/bin/env bash
# Builds the GPU end-to-end pack here (LLVM 22): the integration scripts of
# every op family, gradients (dense, convolutional, through control flow),
# run-time shapes and whole training steps run on the CPU as usual, and
# every Nth passing case (KILN_GPU_PACK_EVERY, default 4; every training
# step) is also compiled for CUDA into a self-contained executable beside
# its inputs and CPU results. On a machine
# with a GPU and no LLVM, `python3 scripts/gpu/run_pack.py [folder]` then
# runs every executable and compares with the CPU results.
#   scripts/gpu/pack.sh [folder]   (default build/gpu-pack)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${KILN_BUILD_DIR:-$ROOT/build}"
PACK="${1:-$BUILD/gpu-pack}"
"$ROOT/scripts/setup.sh" --target kiln-run kilnc kiln-opt kiln_runtime > /dev/null
rm -rf "$PACK" && mkdir -p "$PACK"
cp /usr/lib/llvm-22/lib/libomp.so.5 "$PACK/"
export KILN_GPU_PACK="$PACK" KILN_GPU_PACK_EVERY="${KILN_GPU_PACK_EVERY:-4}"
export KILN_RUN="$BUILD/bin/kiln-run" KILN_OPT="$BUILD/bin/kiln-opt" KILNC="$BUILD/bin/kilnc"
export PYTHONPATH="$ROOT/test/Integration/Inputs"
for script in elementwise reductions linalg fused_kernels gradients gradient_conv \
              control_flow gradient_loops shape; do
  /usr/bin/python3 "$ROOT/test/Integration/$script.py" | tail -1 | sed "s/^/$script: /"
done
# Both whole training steps (MLP, CNN).
KILN_GPU_PACK_EVERY=1 /usr/bin/python3 "$ROOT/test/Integration/training_steps.py" |
  tail -1 | sed "s/^/training_steps: /"
echo "pack: $(find "$PACK" -name case -type f | wc -l) executables," \
     "$(du -sh "$PACK" | cut -f1) in $PACK"
