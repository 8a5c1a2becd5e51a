//===- Outlining.h - move one op into a function of its own -----*- C++ -*-===//

#ifndef KILN_LIB_CODEGEN_COMMON_OUTLINING_H
#define KILN_LIB_CODEGEN_COMMON_OUTLINING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Moves `root` into a new private function `name`, placed before `parent`,
/// and calls it in its place. The values `root` reads from above become the
/// function's arguments, except those defined by an op `cloneIntoFunction`
/// accepts: such ops are cloned into the function instead (their own
/// operands treated the same way), so that, say, each kernel has its own
/// constants rather than an argument per constant.
///
/// Done by hand rather than through `outlineSingleBlockRegion`: that
/// replaces a captured value's uses by scanning all of them, and an arena
/// view or a graph input is read by a share of all kernels, which made
/// outlining quadratic in the graph size. Here each operand inside `root`
/// is visited once.
func::FuncOp
outlineIntoFunction(RewriterBase &rewriter, Operation *root, StringRef name,
                    func::FuncOp parent,
                    function_ref<bool(Operation *)> cloneIntoFunction);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_COMMON_OUTLINING_H
