//===- Decompose.cpp - composite kiln ops into primitives -----------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNDECOMPOSE
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// A 0-d constant of `elementType`, which broadcasts against anything.
static Value scalar(PatternRewriter &rewriter, Location loc, Type elementType,
                    double value) {
  auto type = RankedTensorType::get({}, elementType);
  Attribute element =
      isa<FloatType>(elementType)
          ? Attribute(rewriter.getFloatAttr(elementType, value))
          : Attribute(rewriter.getIntegerAttr(elementType, (int64_t)value));
  return ConstantOp::create(rewriter, loc,
                            DenseElementsAttr::get(type, element));
}

/// `x - max(x)` along `axis` (kept), the stable shift of softmax.
static Value shiftByMax(PatternRewriter &rewriter, Location loc, Value x,
                        int64_t axis) {
  auto axes = rewriter.getDenseI64ArrayAttr({axis});
  Value max = ReduceMaxOp::create(rewriter, loc, x, axes, /*keepdims=*/true);
  return SubOp::create(rewriter, loc, x, max);
}

/// `log_softmax(x)` along `axis` in primitives.
static Value buildLogSoftmax(PatternRewriter &rewriter, Location loc, Value x,
                             int64_t axis) {
  Value shifted = shiftByMax(rewriter, loc, x, axis);
  Value exp = ExpOp::create(rewriter, loc, shifted);
  Value sum = ReduceSumOp::create(rewriter, loc, exp,
                                  rewriter.getDenseI64ArrayAttr({axis}),
                                  /*keepdims=*/true);
  Value log = LogOp::create(rewriter, loc, sum);
  return SubOp::create(rewriter, loc, shifted, log);
}

namespace {
struct DecomposeSoftmax : public OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    Value exp = ExpOp::create(rewriter, loc,
                              shiftByMax(rewriter, loc, op.getInput(), axis));
    Value sum = ReduceSumOp::create(rewriter, loc, exp,
                                    rewriter.getDenseI64ArrayAttr({axis}),
                                    /*keepdims=*/true);
    // One division per row, then a multiply per element (a vector divide
    // costs several multiplies); within an ulp of dividing each element.
    Type elementType = cast<ShapedType>(exp.getType()).getElementType();
    Value inverse = DivOp::create(rewriter, loc,
                                  scalar(rewriter, loc, elementType, 1.0), sum);
    rewriter.replaceOpWithNewOp<MulOp>(op, exp, inverse);
    return success();
  }
};

struct DecomposeLogSoftmax : public OpRewritePattern<LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildLogSoftmax(rewriter, op.getLoc(), op.getInput(),
                                           op.getAxis()));
    return success();
  }
};

struct DecomposeGelu : public OpRewritePattern<GeluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GeluOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Type element = op.getType().getElementType();
    Value scaled = MulOp::create(rewriter, loc, x,
                                 scalar(rewriter, loc, element, M_SQRT1_2));
    Value erf = ErfOp::create(rewriter, loc, scaled);
    Value onePlus =
        AddOp::create(rewriter, loc, erf, scalar(rewriter, loc, element, 1.0));
    Value half =
        MulOp::create(rewriter, loc, x, scalar(rewriter, loc, element, 0.5));
    rewriter.replaceOpWithNewOp<MulOp>(op, half, onePlus);
    return success();
  }
};

struct DecomposeCrossEntropy : public OpRewritePattern<CrossEntropyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CrossEntropyOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType logitsType = op.getLogits().getType();
    int64_t classes = logitsType.getDimSize(1);
    if (ShapedType::isDynamic(classes))
      return rewriter.notifyMatchFailure(op, "class count is dynamic");
    Location loc = op.getLoc();
    Type labelType = op.getLabels().getType().getElementType();

    // mask[n, c] = (labels[n] == c).
    Value ids = buildClassIds(rewriter, loc, labelType, classes);
    Value column = ReshapeOp::create(rewriter, loc, op.getLabels(),
                                     rewriter.getDenseI64ArrayAttr({-1, 1}));
    Value mask =
        CompareOp::create(rewriter, loc, ComparePredicate::eq, column, ids);

    // Select rather than multiply by the mask: a -inf logit (a masked-out
    // class) must not turn 0 * -inf into NaN.
    Value logProbs = buildLogSoftmax(rewriter, loc, op.getLogits(), 1);
    Value zero = scalar(rewriter, loc, logitsType.getElementType(), 0.0);
    Value picked = SelectOp::create(rewriter, loc, mask, logProbs, zero);
    Value perSample = ReduceSumOp::create(rewriter, loc, picked,
                                          rewriter.getDenseI64ArrayAttr({1}),
                                          /*keepdims=*/false);
    Value mean = ReduceMeanOp::create(rewriter, loc, perSample, nullptr,
                                      /*keepdims=*/false);
    rewriter.replaceOpWithNewOp<NegOp>(op, mean);
    return success();
  }
};

struct KilnDecomposePass
    : public kiln::impl::KilnDecomposeBase<KilnDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::kiln::populateDecomposePatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeSoftmax, DecomposeLogSoftmax, DecomposeGelu,
               DecomposeCrossEntropy>(patterns.getContext());
}
