//===- LowerToKiln.cpp - ext ops as kiln ops ------------------------------===//

#include "Ext/Ext.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace ext {
#define GEN_PASS_DEF_EXTLOWERTOKILN
#include "Ext/ExtPasses.h.inc"
} // namespace ext

using namespace mlir;
using namespace ext;

namespace {
/// softplus(x) = relu(x) + log(1 + exp(-|x|)).
struct LowerSoftplus : public OpRewritePattern<SoftplusOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftplusOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto scalar = RankedTensorType::get({}, op.getType().getElementType());
    Value one = kiln::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            scalar, rewriter.getFloatAttr(scalar.getElementType(), 1.0)));
    Value tail = kiln::LogOp::create(
        rewriter, loc,
        kiln::AddOp::create(
            rewriter, loc, one,
            kiln::ExpOp::create(
                rewriter, loc,
                kiln::NegOp::create(rewriter, loc,
                                    kiln::AbsOp::create(rewriter, loc, x)))));
    rewriter.replaceOpWithNewOp<kiln::AddOp>(
        op, kiln::ReluOp::create(rewriter, loc, x), tail);
    return success();
  }
};

struct ExtLowerToKiln : public ext::impl::ExtLowerToKilnBase<ExtLowerToKiln> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<LowerSoftplus>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
