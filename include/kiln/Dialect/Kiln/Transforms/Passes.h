//===- Passes.h - kiln graph passes -----------------------------*- C++ -*-===//
//
// Passes over kiln ops only (autodiff, decomposition); code generation
// passes are declared in kiln/Codegen/{Common,CPU}/Passes.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_PASSES_H
#define KILN_DIALECT_KILN_TRANSFORMS_PASSES_H

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace arith {
class ArithDialect;
} // namespace arith
namespace cf {
class ControlFlowDialect;
} // namespace cf
namespace func {
class FuncDialect;
class FuncOp;
} // namespace func
namespace tensor {
class TensorDialect;
} // namespace tensor
namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"

/// The rewrites of `kiln-decompose`, for reuse in other passes.
void populateDecomposePatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"

} // namespace kiln
} // namespace mlir

#endif // KILN_DIALECT_KILN_TRANSFORMS_PASSES_H
