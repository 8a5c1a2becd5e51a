//===- Outlining.h - move one op into a function of its own -----*- C++ -*-===//

#ifndef KILN_LIB_CODEGEN_COMMON_OUTLINING_H
#define KILN_LIB_CODEGEN_COMMON_OUTLINING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::kiln {

/// The functions of `module` the outlining passes take kernels out of: the
/// defined ones that are not outlined kernels themselves.
SmallVector<func::FuncOp> graphFunctions(ModuleOp module);

/// Moves `root` out of `parent` into a new private, `noinline` function
/// (added to `symbols`, placed before `parent`), and calls it in its place.
/// A kernel's loop (with a #kiln_codegen.kernel) names it
/// `<parent>_kernel<id>`, as in kiln-form-kernels' report; any other op, or
/// a kernel whose name is taken, `<parent>_<otherName><N>` with the next
/// free N counted by `otherIndex`. The values `root` reads from above become
/// the function's arguments, except those defined by an op `cloneIntoFunction`
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
outlineIntoFunction(RewriterBase &rewriter, SymbolTable &symbols,
                    Operation *root, func::FuncOp parent, StringRef otherName,
                    unsigned &otherIndex,
                    function_ref<bool(Operation *)> cloneIntoFunction);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_COMMON_OUTLINING_H
