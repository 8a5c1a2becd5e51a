//===- Reduction.cpp - reductions and argmax to linalg --------------------===//
//
// Each reduction is one linalg.generic with reduction iterators over the
// reduced axes; with keepdims the output map sends those axes to 0, so no
// reshape is needed.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
/// The loops of a reduction of `inputType` over the sorted `axes`.
struct ReductionLoops {
  ReductionLoops(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> axes, bool keepdims) {
    auto type = cast<RankedTensorType>(input.getType());
    MLIRContext *context = b.getContext();
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> inputDims = getDims(b, loc, input);
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < rank; ++d) {
      bool reduced = llvm::is_contained(axes, d);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (reduced && !keepdims)
        continue;
      outExprs.push_back(reduced ? getAffineConstantExpr(0, context)
                                 : getAffineDimExpr(d, context));
      outputDims.push_back(reduced ? b.getIndexAttr(1) : inputDims[d]);
    }
    inputMap = b.getMultiDimIdentityMap(rank);
    outputMap = AffineMap::get(rank, 0, outExprs, context);
    // The number of elements each output element reduces.
    count = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t axis : axes)
      count = arith::MulIOp::create(
          b, loc, count,
          getValueOrCreateConstantIndexOp(b, loc, inputDims[axis]));
  }

  SmallVector<utils::IteratorType> iterators;
  SmallVector<OpFoldResult> outputDims;
  AffineMap inputMap, outputMap;
  Value count;
};

template <typename OpTy>
struct ReduceLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Type resultElement = op.getType().getElementType();
    // Sums of f16/bf16 accumulate in f32 and round once at the end.
    constexpr bool isSum =
        std::is_same_v<OpTy, ReduceSumOp> || std::is_same_v<OpTy, ReduceMeanOp>;
    Type element = isSum ? accumulatorType(resultElement) : resultElement;
    bool isFloat = isa<FloatType>(element);
    ReductionLoops loops(rewriter, loc, input, op.getReducedAxes(),
                         op.getKeepdims());

    Value identity;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp>)
      identity = lowestValue(rewriter, loc, element);
    else if constexpr (std::is_same_v<OpTy, ReduceMinOp>)
      identity = highestValue(rewriter, loc, element);
    else
      identity = scalarConstant(rewriter, loc, element, 0);
    Value init = createFilled(rewriter, loc, loops.outputDims, identity);

    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{input},
            ValueRange{init},
            ArrayRef<AffineMap>{loops.inputMap, loops.outputMap},
            loops.iterators,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              Value x = convertScalar(b, loc, args[0], element);
              Value acc = args[1], next;
              if constexpr (std::is_same_v<OpTy, ReduceMaxOp>)
                next =
                    isFloat
                        ? arith::MaximumFOp::create(b, loc, acc, x).getResult()
                        : arith::MaxSIOp::create(b, loc, acc, x).getResult();
              else if constexpr (std::is_same_v<OpTy, ReduceMinOp>)
                next =
                    isFloat
                        ? arith::MinimumFOp::create(b, loc, acc, x).getResult()
                        : arith::MinSIOp::create(b, loc, acc, x).getResult();
              else
                next = isFloat
                           ? arith::AddFOp::create(b, loc, acc, x).getResult()
                           : arith::AddIOp::create(b, loc, acc, x).getResult();
              linalg::YieldOp::create(b, loc, next);
            })
            .getResult(0);
    if constexpr (std::is_same_v<OpTy, ReduceMeanOp>)
      result = divideByCount(rewriter, loc, result, loops.count);
    if (element != resultElement) {
      auto type = cast<RankedTensorType>(result.getType());
      result = buildElementwise(
          rewriter, loc, type.clone(resultElement),
          getDims(rewriter, loc, result), {result},
          [&](OpBuilder &b, Location loc, ValueRange args) {
            return convertScalar(b, loc, args[0], resultElement);
          });
    }
    if (result.getType() != op.getType())
      result = tensor::CastOp::create(rewriter, loc, op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// argmax: a reduction carrying (best value, its index); the first maximum
/// wins, and NaN counts as the maximum (numpy).
struct ArgmaxLowering : public OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type element = inputType.getElementType();
    int64_t axis = *normalizeAxisOf(op);
    ReductionLoops loops(rewriter, loc, input, {axis}, op.getKeepdims());
    Value values = createFilled(rewriter, loc, loops.outputDims,
                                lowestValue(rewriter, loc, element));
    Value indices =
        createFilled(rewriter, loc, loops.outputDims,
                     scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
    bool isFloat = isa<FloatType>(element);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.getType(), indices.getType()},
        ValueRange{input}, ValueRange{values, indices},
        ArrayRef<AffineMap>{loops.inputMap, loops.outputMap, loops.outputMap},
        loops.iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value position = arith::IndexCastOp::create(
              b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, axis));
          Value better;
          if (isFloat) {
            Value greater = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::OGT, x, best);
            Value xIsNaN =
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
            Value bestIsNumber = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::ORD, best, best);
            Value firstNaN =
                arith::AndIOp::create(b, loc, xIsNaN, bestIsNumber);
            better = arith::OrIOp::create(b, loc, greater, firstNaN);
          } else {
            better = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x,
                                           best);
          }
          Value newBest = arith::SelectOp::create(b, loc, better, x, best);
          Value newIndex =
              arith::SelectOp::create(b, loc, better, position, bestIndex);
          linalg::YieldOp::create(b, loc, ValueRange{newBest, newIndex});
        });
    Value result = generic.getResult(1);
    if (result.getType() != op.getType())
      result = tensor::CastOp::create(rewriter, loc, op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }

  static std::optional<int64_t> normalizeAxisOf(ArgmaxOp op) {
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    return axis < 0 ? axis + rank : axis;
  }
};

/// cross_entropy with a dynamic class count (a static one is decomposed):
/// -mean_n(log_softmax(logits)[n, labels[n]]), the pick done by indexing.
struct CrossEntropyLowering : public OpConversionPattern<CrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value logits = adaptor.getLogits(), labels = adaptor.getLabels();
    Value logProbs = LogSoftmaxOp::create(rewriter, loc, logits,
                                          rewriter.getI64IntegerAttr(1));
    auto logitsType = cast<RankedTensorType>(logits.getType());
    Type element = logitsType.getElementType();
    SmallVector<OpFoldResult> batch = {getDims(rewriter, loc, logits)[0]};
    checkShape(
        rewriter, loc,
        indexEq(rewriter, loc, batch[0], getDims(rewriter, loc, labels)[0]),
        "'kiln.cross_entropy' logits and labels differ in batch size");
    Value classes = tensor::DimOp::create(rewriter, loc, logits, 1);
    checkShape(
        rewriter, loc,
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sgt, classes,
                              arith::ConstantIndexOp::create(rewriter, loc, 0)),
        "'kiln.cross_entropy' needs at least one class");
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value last = arith::SubIOp::create(rewriter, loc, classes, one);
    Value picked = buildElementwise(
        rewriter, loc,
        RankedTensorType::get({logitsType.getDimSize(0)}, element), batch,
        {labels}, [&](OpBuilder &b, Location loc, ValueRange args) {
          // Labels are clamped into [0, C) so a bad label never reads out of
          // bounds.
          Value label =
              arith::IndexCastOp::create(b, loc, b.getIndexType(), args[0]);
          Value clamped = arith::MinSIOp::create(
              b, loc, arith::MaxSIOp::create(b, loc, label, zero), last);
          Value n = linalg::IndexOp::create(b, loc, 0);
          return tensor::ExtractOp::create(b, loc, logProbs,
                                           ValueRange{n, clamped});
        });
    Value mean = ReduceMeanOp::create(rewriter, loc, picked, nullptr, false);
    rewriter.replaceOpWithNewOp<NegOp>(op, mean);
    return success();
  }
};
} // namespace

void mlir::kiln::populateReductionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMeanOp>,
               ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>,
               ArgmaxLowering>(patterns.getContext());
  // After kiln-decompose's one-hot form, which needs a static class count.
  patterns.add<CrossEntropyLowering>(patterns.getContext(), /*benefit=*/0);
}
