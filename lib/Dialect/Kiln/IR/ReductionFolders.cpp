//===- ReductionFolders.cpp - folders of the reductions and argmax --------===//
//
// Reductions that reduce nothing return their input; reductions and argmax
// of constants fold (through ConstantEval).
//
//===----------------------------------------------------------------------===//

#include "ConstantEval.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::eval;

/// Reductions over no axis, or only over size-1 axes kept as such, return
/// their input; reductions of constants fold.
template <typename OpTy>
static OpFoldResult foldReduction(OpTy op, Attribute input, ReduceKind kind) {
  RankedTensorType inputType = op.getInput().getType();
  if (inputType == op.getType() &&
      llvm::all_of(op.getReducedAxes(),
                   [&](int64_t d) { return inputType.getDimSize(d) == 1; }))
    return op.getInput();
  DenseElementsAttr constant = getFoldable(input, op.getType());
  if (!constant || !inputType.hasStaticShape())
    return {};
  return reduce(constant, op.getType(), op.getReducedAxes(), kind);
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Sum);
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Mean);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Max);
}
OpFoldResult ReduceMinOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Min);
}

OpFoldResult ArgmaxOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = getFoldable(adaptor.getInput(), getType());
  if (!input || !getInput().getType().hasStaticShape())
    return {};
  int64_t axis = *normalizeAxis(getAxis(), getInput().getType().getRank());
  return reduce(input, getType(), {axis}, ReduceKind::Argmax);
}
