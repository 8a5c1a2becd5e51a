//===- AutodiffIf.cpp - reverse-mode differentiation of kiln.if -----------===//
//
// The reverse of a kiln.if is a kiln.if on the same predicate whose branches
// recompute and differentiate the forward branches; no tape is needed.
//
//===----------------------------------------------------------------------===//

#include "Autodiff.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

/// A reverse kiln.if on the same predicate: each branch recomputes the
/// forward branch, differentiates it and yields the gradients of the
/// float values it reads from outside.
LogicalResult autodiff::reverseIf(OpBuilder &b, IfOp op, Adjoints &adjoints) {
  SmallVector<Value> free =
      capturedFloats({&op.getThenRegion(), &op.getElseRegion()});
  if (free.empty())
    return success();
  Location loc = op.getLoc();
  auto reverseOp =
      IfOp::create(b, loc, ValueRange(free).getTypes(), op.getCondition());
  for (auto [forward, backward] :
       {std::pair(&op.getThenRegion(), &reverseOp.getThenRegion()),
        std::pair(&op.getElseRegion(), &reverseOp.getElseRegion())}) {
    OpBuilder rb = OpBuilder::atBlockBegin(&backward->emplaceBlock());
    SmallVector<Operation *> recomputed;
    auto yield = cast<YieldOp>(forward->front().getTerminator());
    SmallVector<Value> values =
        cloneBody(rb, &forward->front(), {}, yield.getValues(), &recomputed);
    Adjoints local;
    for (auto [result, value] : llvm::zip(op.getResults(), values))
      if (Value g = adjoints.lookup(result))
        local.accumulate(rb, loc, value, g);
    if (failed(reverse(rb, recomputed, local)))
      return failure();
    SmallVector<Value> yielded;
    for (Value v : free) {
      Value g = local.lookup(v);
      yielded.push_back(g ? g : zerosLike(rb, loc, v));
    }
    YieldOp::create(rb, loc, yielded);
  }
  for (auto [v, g] : llvm::zip(free, reverseOp.getResults()))
    adjoints.accumulate(b, loc, v, g);
  return success();
}
