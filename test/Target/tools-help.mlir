// Each tool's --help lists its own options only: LLVM's hundreds of
// internal ones stay accepted but hidden.

// RUN: kilnc --help | FileCheck %s --check-prefix=KILNC
// KILNC: kilnc options:
// KILNC: --emit=
// KILNC-NOT: --polly
// KILNC-NOT: --x86-

// RUN: kiln-run --help | FileCheck %s --check-prefix=JIT
// JIT: kiln-run options:
// JIT: --benchmark=
// JIT: --print-mlir
// JIT-NOT: --polly
// JIT-NOT: --cs-profile

// RUN: kiln-import-onnx --help | FileCheck %s --check-prefix=ONNX
// ONNX: kiln-import-onnx options:
// ONNX: --onnx-weights-as-args
// ONNX-NOT: --polly
