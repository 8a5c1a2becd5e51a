//===- ControlFlow.cpp - kiln.if/for/while to scf -------------------------===//
//
// The regions move over unchanged; 0-d predicate and bound tensors are read
// with tensor.extract, and a tensor<i64> induction variable is rebuilt from
// the scalar one with tensor.from_elements.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

/// The scalar inside a 0-d tensor, or `value` itself when it is a scalar.
static Value toScalar(OpBuilder &b, Location loc, Value value) {
  if (isa<RankedTensorType>(value.getType()))
    return tensor::ExtractOp::create(b, loc, value, ValueRange{});
  return value;
}

namespace {
struct IfLowering : public OpConversionPattern<IfOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value condition = toScalar(rewriter, loc, adaptor.getCondition());
    auto ifOp = scf::IfOp::create(rewriter, loc, op.getResultTypes(), condition,
                                  /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenRegion(), ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseRegion(), ifOp.getElseRegion(),
                                ifOp.getElseRegion().end());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct ForLowering : public OpConversionPattern<ForOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ForOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lower = toScalar(rewriter, loc, adaptor.getLowerBound());
    Value upper = toScalar(rewriter, loc, adaptor.getUpperBound());
    Value step = toScalar(rewriter, loc, adaptor.getStep());
    auto forOp = scf::ForOp::create(rewriter, loc, lower, upper, step,
                                    adaptor.getInitArgs());
    Block *newBody = forOp.getBody();
    // Replace the builder's implicit terminator with the moved body's.
    if (!newBody->empty())
      rewriter.eraseOp(newBody->getTerminator());

    rewriter.setInsertionPointToStart(newBody);
    Value inductionVar = forOp.getInductionVar();
    Type kilnIvType = op.getInductionVar().getType();
    if (isa<RankedTensorType>(kilnIvType))
      inductionVar = tensor::FromElementsOp::create(rewriter, loc, kilnIvType,
                                                    ValueRange{inductionVar});
    SmallVector<Value> replacements = {inductionVar};
    llvm::append_range(replacements, forOp.getRegionIterArgs());
    rewriter.mergeBlocks(op.getBody(), newBody, replacements);
    rewriter.replaceOp(op, forOp.getResults());
    return success();
  }
};

struct WhileLowering : public OpConversionPattern<WhileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(WhileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto whileOp = scf::WhileOp::create(
        rewriter, op.getLoc(), op.getResultTypes(), adaptor.getInitArgs());
    rewriter.inlineRegionBefore(op.getBefore(), whileOp.getBefore(),
                                whileOp.getBefore().end());
    rewriter.inlineRegionBefore(op.getAfter(), whileOp.getAfter(),
                                whileOp.getAfter().end());
    rewriter.replaceOp(op, whileOp.getResults());
    return success();
  }
};

struct ConditionLowering : public OpConversionPattern<ConditionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConditionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value condition = toScalar(rewriter, op.getLoc(), adaptor.getCondition());
    rewriter.replaceOpWithNewOp<scf::ConditionOp>(op, condition,
                                                  adaptor.getArgs());
    return success();
  }
};

struct YieldLowering : public OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, adaptor.getValues());
    return success();
  }
};
} // namespace

void mlir::kiln::populateControlFlowToSCFPatterns(RewritePatternSet &patterns) {
  patterns.add<IfLowering, ForLowering, WhileLowering, ConditionLowering,
               YieldLowering>(patterns.getContext());
}
