//===- DialectCanonicalize.cpp - kiln's dialect-wide canonicalization -----===//
//
// Patterns `canonicalize` applies whenever the kiln dialect is loaded,
// whatever the op: cleanups for the index arithmetic that lowering kiln
// ops produces.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {
/// `a == b && a != b` is false and `a == b || a != b` true (any pair of
/// scalar integer compares of the same operands, in the same order, with
/// inverse predicates). The
/// run-time broadcast of a dynamic dimension is guarded by
/// `dim == 1 && resultDim != 1`, which is such a pair once CSE shows that
/// both sizes are one value (as in softmax on a dynamic batch); upstream
/// arith does not fold it, and the dead `scf.if` it leaves would split a
/// kernel in two.
template <typename LogicOp, bool kValue>
struct FoldComplementaryCompares : public OpRewritePattern<LogicOp> {
  using OpRewritePattern<LogicOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(LogicOp op,
                                PatternRewriter &rewriter) const override {
    // Scalars only: a vector of compares would need a splat constant.
    if (!op.getType().isSignlessInteger(1))
      return failure();
    auto lhs = op.getLhs().template getDefiningOp<arith::CmpIOp>();
    auto rhs = op.getRhs().template getDefiningOp<arith::CmpIOp>();
    if (!lhs || !rhs || lhs.getLhs() != rhs.getLhs() ||
        lhs.getRhs() != rhs.getRhs() ||
        arith::invertPredicate(lhs.getPredicate()) != rhs.getPredicate())
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, op.getType(), rewriter.getIntegerAttr(op.getType(), kValue));
    return success();
  }
};
} // namespace

void kiln::KilnDialect::getCanonicalizationPatterns(
    RewritePatternSet &results) const {
  results.add<FoldComplementaryCompares<arith::AndIOp, false>,
              FoldComplementaryCompares<arith::OrIOp, true>>(getContext());
}
