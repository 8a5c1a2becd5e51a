//===- ReductionGradients.cpp - VJPs of reductions and the softmax family -===//
//
// Reductions spread the gradient back over the reduced axes (to the extremal
// elements for max/min); softmax, log_softmax and cross_entropy, whose
// one-hot labels come from buildClassIds (also used by gather and Decompose).
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;

Value mlir::kiln::buildClassIds(OpBuilder &b, Location loc, Type element,
                                int64_t count) {
  SmallVector<APInt> ids;
  for (int64_t c = 0; c < count; ++c)
    ids.push_back(APInt(element.getIntOrFloatBitWidth(), c));
  return ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({1, count}, element), ids));
}

/// A 1 x K tensor of the ids 0..K-1 (integers of type `element`), K being
/// dimension `axis` of `like` (a run-time size when it is dynamic).
static Value classIdsFor(OpBuilder &b, Location loc, Type element, Value like,
                         int64_t axis) {
  int64_t count = tensorType(like).getDimSize(axis);
  if (!ShapedType::isDynamic(count))
    return buildClassIds(b, loc, element, count);
  Value size = tensor::DimOp::create(b, loc, like, axis);
  auto type = RankedTensorType::get({1, ShapedType::kDynamic}, element);
  return tensor::GenerateOp::create(
      b, loc, type, ValueRange{size},
      [&](OpBuilder &nested, Location nestedLoc, ValueRange ivs) {
        Value id =
            arith::IndexCastOp::create(nested, nestedLoc, element, ivs[1]);
        tensor::YieldOp::create(nested, nestedLoc, id);
      });
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult reduceVJP(OpTy op, OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out, bool isMean,
                               bool isExtremum) {
  if (!isFloatTensor(op.getType())) {
    out.push_back(nullptr);
    return success();
  }
  GradBuilder gb(b, op.getLoc());
  Value x = op.getInput();
  SmallVector<int64_t> axes = op.getReducedAxes();
  Value g = gb.keepDims(grads[0], x, axes);
  if (isMean)
    g = gb.div(g, gb.count(x, axes));
  if (!isExtremum) {
    out.push_back(gb.broadcastLike(g, x));
    return success();
  }
  // To the extremal elements; ties share the gradient evenly.
  Value y = gb.keepDims(op.getResult(), x, axes);
  Value mask = gb.compare(ComparePredicate::eq, x, y);
  Value ones = gb.castTo(mask, tensorType(x).getElementType());
  Value ties =
      ReduceSumOp::create(b, op.getLoc(), ones, b.getDenseI64ArrayAttr(axes),
                          /*keepdims=*/true);
  out.push_back(gb.mul(ones, gb.div(g, ties)));
  return success();
}

LogicalResult ReduceSumOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  return reduceVJP(*this, b, grads, out, false, false);
}
LogicalResult ReduceMeanOp::buildVJP(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  return reduceVJP(*this, b, grads, out, true, false);
}
LogicalResult ReduceMaxOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  return reduceVJP(*this, b, grads, out, false, true);
}
LogicalResult ReduceMinOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  return reduceVJP(*this, b, grads, out, false, true);
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

static int64_t axisOf(Value input, int64_t axis) {
  return *normalizeAxis(axis, tensorType(input).getRank());
}

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  // y * (g - sum(g * y)).
  GradBuilder gb(b, getLoc());
  int64_t axis = axisOf(getInput(), getAxisAttr().getInt());
  Value y = getResult(), g = grads[0];
  Value dot = ReduceSumOp::create(b, getLoc(), gb.mul(g, y),
                                  b.getDenseI64ArrayAttr({axis}), true);
  out.push_back(gb.mul(y, gb.sub(g, dot)));
  return success();
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &b, ValueRange grads,
                                     SmallVectorImpl<Value> &out) {
  // g - exp(y) * sum(g).
  GradBuilder gb(b, getLoc());
  int64_t axis = axisOf(getInput(), getAxisAttr().getInt());
  Value g = grads[0];
  Value total =
      ReduceSumOp::create(b, getLoc(), g, b.getDenseI64ArrayAttr({axis}), true);
  out.push_back(gb.sub(g, gb.mul(gb.exp(getResult()), total)));
  return success();
}

LogicalResult CrossEntropyOp::buildVJP(OpBuilder &b, ValueRange grads,
                                       SmallVectorImpl<Value> &out) {
  // (softmax(logits) - onehot(labels)) * g / N.
  Value logits = getLogits(), labels = getLabels();
  RankedTensorType type = tensorType(logits);
  GradBuilder gb(b, getLoc());
  Type labelType = tensorType(labels).getElementType();
  Value classIds = classIdsFor(b, getLoc(), labelType, logits, 1);
  Value column =
      ReshapeOp::create(b, getLoc(), labels, b.getDenseI64ArrayAttr({-1, 1}));
  Value onehot = gb.castTo(gb.compare(ComparePredicate::eq, column, classIds),
                           type.getElementType());
  Value probabilities =
      SoftmaxOp::create(b, getLoc(), logits, b.getI64IntegerAttr(1));
  Value scale = gb.div(grads[0], gb.count(logits, {0}));
  out.push_back(gb.mul(gb.sub(probabilities, onehot), scale));
  out.push_back(nullptr);
  return success();
}
