//===- Passes.h - NVIDIA GPU code generation --------------------*- C++ -*-===//
//
// The GPU tail: kernels mapped to blocks and threads, host buffers in
// device memory.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GPU_PASSES_H
#define KILN_CODEGEN_GPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace affine {
class AffineDialect;
} // namespace affine
namespace arith {
class ArithDialect;
} // namespace arith
namespace func {
class FuncOp;
} // namespace func
namespace gpu {
class GPUDialect;
} // namespace gpu
namespace LLVM {
class LLVMDialect;
} // namespace LLVM
namespace linalg {
class LinalgDialect;
} // namespace linalg
namespace math {
class MathDialect;
} // namespace math
namespace memref {
class MemRefDialect;
} // namespace memref
namespace scf {
class SCFDialect;
} // namespace scf
namespace vector {
class VectorDialect;
} // namespace vector
namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Codegen/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Codegen/GPU/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_CODEGEN_GPU_PASSES_H
