//===- Gradients.cpp - vector-Jacobian products of the kiln ops -----------===//
//
// Each differentiable op's VJPOpInterface::buildVJP. The rules are written in
// kiln ops (plus tensor.dim / tensor.cast / slices as shape glue), so they can
// be differentiated again. Broadcasting is undone by summing, including a
// dynamic dimension that turns out to be 1 at run time.
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <cmath>

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
// Unary elementwise ops: d/dx f(x), with y = f(x)
//===----------------------------------------------------------------------===//

/// Pushes `rule(gb, x, y, g)`, or null for integer ops.
template <typename OpTy, typename Rule>
static LogicalResult unaryVJP(OpTy op, OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out, Rule rule) {
  if (!isFloatTensor(op.getType())) {
    out.push_back(nullptr);
    return success();
  }
  GradBuilder gb(b, op.getLoc());
  out.push_back(rule(gb, op.getInput(), op.getResult(), grads[0]));
  return success();
}

LogicalResult NegOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value, Value, Value g) { return gb.neg(g); });
}

LogicalResult AbsOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // sign(x) * g, 0 at 0.
  return unaryVJP(
      *this, b, grads, out, [](GradBuilder &gb, Value x, Value, Value g) {
        Value zero = gb.scalar(x, 0);
        Value positive = gb.compare(ComparePredicate::gt, x, zero);
        Value negative = gb.compare(ComparePredicate::lt, x, zero);
        return gb.select(positive, g,
                         gb.select(negative, gb.neg(g), gb.zerosLike(g)));
      });
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out, [](GradBuilder &gb, Value x, Value, Value g) {
        Value positive = gb.compare(ComparePredicate::gt, x, gb.scalar(x, 0));
        return gb.select(positive, g, gb.zerosLike(g));
      });
}

LogicalResult ExpOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value, Value y, Value g) { return gb.mul(g, y); });
}

LogicalResult LogOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value x, Value, Value g) { return gb.div(g, x); });
}

LogicalResult SqrtOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    return gb.div(gb.mul(g, gb.scalar(y, 0.5)), y);
                  });
}

LogicalResult RsqrtOp::buildVJP(OpBuilder &b, ValueRange grads,
                                SmallVectorImpl<Value> &out) {
  // d/dx x^-1/2 = -1/2 y^3.
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    Value cube = gb.mul(gb.mul(y, y), y);
                    return gb.mul(gb.mul(g, cube), gb.scalar(y, -0.5));
                  });
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    return gb.mul(g, gb.sub(gb.scalar(y, 1), gb.mul(y, y)));
                  });
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    return gb.mul(g, gb.mul(y, gb.sub(gb.scalar(y, 1), y)));
                  });
}

LogicalResult GeluOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // Phi(x) + x phi(x), Phi(x) = (1 + erf(x / sqrt2)) / 2,
  // phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
  return unaryVJP(
      *this, b, grads, out, [&](GradBuilder &gb, Value x, Value, Value g) {
        Value cdf =
            gb.mul(gb.add(ErfOp::create(b, getLoc(),
                                        gb.mul(x, gb.scalar(x, M_SQRT1_2))),
                          gb.scalar(x, 1)),
                   gb.scalar(x, 0.5));
        Value pdf = gb.mul(gb.exp(gb.mul(gb.mul(x, x), gb.scalar(x, -0.5))),
                           gb.scalar(x, 1.0 / std::sqrt(2 * M_PI)));
        return gb.mul(g, gb.add(cdf, gb.mul(x, pdf)));
      });
}

LogicalResult SinOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [&](GradBuilder &gb, Value x, Value, Value g) {
                    return gb.mul(g, CosOp::create(b, getLoc(), x));
                  });
}

LogicalResult CosOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [&](GradBuilder &gb, Value x, Value, Value g) {
                    return gb.neg(gb.mul(g, SinOp::create(b, getLoc(), x)));
                  });
}

LogicalResult ErfOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // 2 / sqrt(pi) exp(-x^2).
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value x, Value, Value g) {
                    Value e = gb.exp(gb.neg(gb.mul(x, x)));
                    return gb.mul(gb.mul(g, e), gb.scalar(x, M_2_SQRTPI));
                  });
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops: gradients at the result shape, then unbroadcast
//===----------------------------------------------------------------------===//

template <typename OpTy, typename Rule>
static LogicalResult binaryVJP(OpTy op, OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out, Rule rule) {
  if (!isFloatTensor(op.getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, op.getLoc());
  Value x = op.getLhs(), y = op.getRhs();
  auto [gx, gy] = rule(gb, x, y, op.getResult(), grads[0]);
  out.push_back(gb.unbroadcast(gx, x));
  out.push_back(gb.unbroadcast(gy, y));
  return success();
}

LogicalResult AddOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &, Value, Value, Value, Value g) {
                     return std::pair(g, g);
                   });
}

LogicalResult SubOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value, Value, Value, Value g) {
                     return std::pair(g, gb.neg(g));
                   });
}

LogicalResult MulOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value x, Value y, Value, Value g) {
                     return std::pair(gb.mul(g, y), gb.mul(g, x));
                   });
}

LogicalResult DivOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2 = -z/y.
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value, Value y, Value z, Value g) {
                     Value gx = gb.div(g, y);
                     return std::pair(gx, gb.neg(gb.mul(gx, z)));
                   });
}

LogicalResult PowOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // d(x^y)/dx = y x^(y-1), d(x^y)/dy = x^y log(x).
  return binaryVJP(*this, b, grads, out,
                   [&](GradBuilder &gb, Value x, Value y, Value z, Value g) {
                     Value power = PowOp::create(b, getLoc(), x,
                                                 gb.sub(y, gb.scalar(y, 1)));
                     return std::pair(gb.mul(g, gb.mul(y, power)),
                                      gb.mul(g, gb.mul(z, gb.log(x))));
                   });
}

/// max/min: the gradient goes to the chosen operand; ties split it evenly
/// (as PyTorch's maximum/minimum).
template <typename OpTy>
static LogicalResult extremumVJP(OpTy op, OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out,
                                 ComparePredicate wins) {
  return binaryVJP(op, b, grads, out,
                   [&](GradBuilder &gb, Value x, Value y, Value, Value g) {
                     Value xWins = gb.compare(wins, x, y);
                     Value tie = gb.compare(ComparePredicate::eq, x, y);
                     Value half = gb.mul(g, gb.scalar(g, 0.5));
                     Value zero = gb.zerosLike(g);
                     Value gx = gb.select(xWins, g, gb.select(tie, half, zero));
                     Value yWins = gb.compare(wins, y, x);
                     Value gy = gb.select(yWins, g, gb.select(tie, half, zero));
                     return std::pair(gx, gy);
                   });
}

LogicalResult MaxOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, b, grads, out, ComparePredicate::gt);
}

LogicalResult MinOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, b, grads, out, ComparePredicate::lt);
}

//===----------------------------------------------------------------------===//
// Choice and conversion
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  out.push_back(nullptr); // the condition
  if (!isFloatTensor(getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, getLoc());
  Value g = grads[0], zero = gb.zerosLike(g);
  out.push_back(
      gb.unbroadcast(gb.select(getCondition(), g, zero), getTrueValue()));
  out.push_back(
      gb.unbroadcast(gb.select(getCondition(), zero, g), getFalseValue()));
  return success();
}

LogicalResult CastOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // Only float-to-float conversions pass a gradient.
  if (!isFloatTensor(getType()) || !isFloatTensor(getInput().getType())) {
    out.push_back(nullptr);
    return success();
  }
  GradBuilder gb(b, getLoc());
  out.push_back(gb.castTo(grads[0], getInput().getType().getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

/// Swaps the last two dimensions.
static SmallVector<int64_t> lastTwoSwapped(int64_t rank) {
  auto perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return perm;
}

LogicalResult MatmulOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, getLoc());
  Value x = getLhs(), y = getRhs(), g = grads[0];
  int64_t xRank = tensorType(x).getRank(), yRank = tensorType(y).getRank();
  if (xRank == 1 && yRank == 1) { // dot product: g is 0-d
    out.push_back(gb.mul(g, y));
    out.push_back(gb.mul(g, x));
    return success();
  }
  // Promote 1-D operands to matrices (and g with them), as numpy does.
  auto asMatrix = [&](Value v, bool row) {
    int64_t k = tensorType(v).getDimSize(0);
    SmallVector<int64_t> shape =
        row ? SmallVector<int64_t>{1, k} : SmallVector<int64_t>{k, 1};
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    return ReshapeOp::create(b, getLoc(), v, b.getDenseI64ArrayAttr(shape))
        .getResult();
  };
  Value x2 = xRank == 1 ? asMatrix(x, /*row=*/true) : x;
  Value y2 = yRank == 1 ? asMatrix(y, /*row=*/false) : y;
  Value g2 = g;
  if (xRank == 1 || yRank == 1) {
    // Put back the dimension the product dropped: -2 for a 1-D lhs, -1 for a
    // 1-D rhs.
    RankedTensorType gType = tensorType(g);
    int64_t rank = gType.getRank() + 1;
    int64_t unit = xRank == 1 ? rank - 2 : rank - 1;
    SmallVector<int64_t> shape(gType.getShape());
    shape.insert(shape.begin() + unit, 1);
    g2 = gb.insertUnitDims(g, gType.clone(shape), {unit});
  }
  int64_t x2Rank = tensorType(x2).getRank(), y2Rank = tensorType(y2).getRank();
  Value gx = gb.matmul(g2, gb.transpose(y2, lastTwoSwapped(y2Rank)));
  Value gy = gb.matmul(gb.transpose(x2, lastTwoSwapped(x2Rank)), g2);
  gx = gb.unbroadcast(gx, x2);
  gy = gb.unbroadcast(gy, y2);
  auto flatten = [&](Value v, Value like) {
    int64_t k = tensorType(like).getDimSize(0);
    return ReshapeOp::create(
               b, getLoc(), v,
               b.getDenseI64ArrayAttr({ShapedType::isDynamic(k) ? -1 : k}))
        .getResult();
  };
  out.push_back(xRank == 1 ? flatten(gx, x) : gx);
  out.push_back(yRank == 1 ? flatten(gy, y) : gy);
  return success();
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

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.push_back(nullptr);
    return success();
  }
  RankedTensorType inputType = getInput().getType();
  if (inputType.getNumDynamicDims() <= 1) {
    SmallVector<int64_t> shape(inputType.getShape());
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    out.push_back(ReshapeOp::create(b, getLoc(), grads[0],
                                    b.getDenseI64ArrayAttr(shape)));
    return success();
  }
  // Several dynamic sizes: tensor.reshape to the input's run-time shape.
  GradBuilder gb(b, getLoc());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < inputType.getRank(); ++d)
    sizes.push_back(arith::IndexCastOp::create(
        b, getLoc(), b.getI64Type(),
        tensor::DimOp::create(b, getLoc(), getInput(), d)));
  Value shape = tensor::FromElementsOp::create(
      b, getLoc(), RankedTensorType::get({inputType.getRank()}, b.getI64Type()),
      sizes);
  out.push_back(
      tensor::ReshapeOp::create(b, getLoc(), inputType, grads[0], shape));
  return success();
}

LogicalResult TransposeOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.push_back(nullptr);
    return success();
  }
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  out.push_back(TransposeOp::create(b, getLoc(), grads[0],
                                    b.getDenseI64ArrayAttr(inverse)));
  return success();
}

LogicalResult BroadcastToOp::buildVJP(OpBuilder &b, ValueRange grads,
                                      SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.append(getNumOperands(), nullptr);
    return success();
  }
  GradBuilder gb(b, getLoc());
  out.push_back(gb.unbroadcast(grads[0], getInput()));
  out.append(getDims().size(), nullptr);
  return success();
}

LogicalResult ConcatOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.append(getNumOperands(), nullptr);
    return success();
  }
  // Each input's part of g: a slice along the axis.
  int64_t rank = getType().getRank();
  int64_t axis = *normalizeAxis(static_cast<int64_t>(getAxis()), rank);
  Value offset = arith::ConstantIndexOp::create(b, getLoc(), 0);
  for (Value input : getInputs()) {
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    offsets[axis] = offset;
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, getLoc(), input);
    SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
    out.push_back(tensor::ExtractSliceOp::create(
        b, getLoc(), tensorType(input), grads[0], offsets, sizes, strides));
    offset = arith::AddIOp::create(
        b, getLoc(), offset, tensor::DimOp::create(b, getLoc(), input, axis));
  }
  return success();
}

LogicalResult SliceOp::buildVJP(OpBuilder &b, ValueRange grads,
                                SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.push_back(nullptr);
    return success();
  }
  // g written into zeros at the slice's place (strides included).
  GradBuilder gb(b, getLoc());
  int64_t rank = getType().getRank();
  SmallVector<int64_t> ones(rank, 1);
  ArrayRef<int64_t> strides = getStride().value_or(ones);
  Value zeros = gb.zerosLike(getInput());
  out.push_back(tensor::InsertSliceOp::create(
      b, getLoc(), grads[0], zeros,
      getAsIndexOpFoldResult(b.getContext(), getStart()),
      getAsIndexOpFoldResult(b.getContext(), getType().getShape()),
      getAsIndexOpFoldResult(b.getContext(), strides)));
  return success();
}

LogicalResult PadOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.push_back(nullptr);
    return success();
  }
  // The unpadded part of g.
  int64_t rank = getType().getRank();
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, getLoc(), getInput());
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  out.push_back(tensor::ExtractSliceOp::create(
      b, getLoc(), getInput().getType(), grads[0],
      getAsIndexOpFoldResult(b.getContext(), getLow()), sizes, strides));
  return success();
}

//===----------------------------------------------------------------------===//
// Tensor-dialect glue: rules attached to upstream ops as external models, so
// gradients that contain them can be differentiated again.
//===----------------------------------------------------------------------===//

namespace {
template <typename ConcreteModel, typename OpTy>
struct GlueVJP : public VJPOpInterface::ExternalModel<ConcreteModel, OpTy> {};

struct CastVJP : public GlueVJP<CastVJP, tensor::CastOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto castOp = llvm::cast<tensor::CastOp>(op);
    out.push_back(tensor::CastOp::create(
        b, op->getLoc(), castOp.getSource().getType(), grads[0]));
    return success();
  }
};

struct ExpandShapeVJP : public GlueVJP<ExpandShapeVJP, tensor::ExpandShapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto expand = cast<tensor::ExpandShapeOp>(op);
    out.push_back(tensor::CollapseShapeOp::create(
        b, op->getLoc(), expand.getSrcType(), grads[0],
        expand.getReassociationIndices()));
    out.append(op->getNumOperands() - 1, nullptr); // output sizes
    return success();
  }
};

struct CollapseShapeVJP
    : public GlueVJP<CollapseShapeVJP, tensor::CollapseShapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto collapse = cast<tensor::CollapseShapeOp>(op);
    out.push_back(tensor::ExpandShapeOp::create(
        b, op->getLoc(), collapse.getSrcType(), grads[0],
        collapse.getReassociationIndices(),
        tensor::getMixedSizes(b, op->getLoc(), collapse.getSrc())));
    return success();
  }
};

struct ExtractSliceVJP
    : public GlueVJP<ExtractSliceVJP, tensor::ExtractSliceOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto slice = cast<tensor::ExtractSliceOp>(op);
    GradBuilder gb(b, op->getLoc());
    Value zeros = gb.zerosLike(slice.getSource());
    out.push_back(tensor::InsertSliceOp::create(
        b, op->getLoc(), grads[0], zeros, slice.getMixedOffsets(),
        slice.getMixedSizes(), slice.getMixedStrides()));
    out.append(op->getNumOperands() - 1, nullptr); // offsets, sizes, strides
    return success();
  }
};

struct InsertSliceVJP : public GlueVJP<InsertSliceVJP, tensor::InsertSliceOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto insert = cast<tensor::InsertSliceOp>(op);
    GradBuilder gb(b, op->getLoc());
    Location loc = op->getLoc();
    // The inserted part goes to the source, the rest to the destination.
    out.push_back(tensor::ExtractSliceOp::create(
        b, loc, insert.getSourceType(), grads[0], insert.getMixedOffsets(),
        insert.getMixedSizes(), insert.getMixedStrides()));
    out.push_back(tensor::InsertSliceOp::create(
        b, loc, gb.zerosLike(insert.getSource()), grads[0],
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides()));
    out.append(op->getNumOperands() - 2, nullptr);
    return success();
  }
};

struct ReshapeVJP : public GlueVJP<ReshapeVJP, tensor::ReshapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto reshape = cast<tensor::ReshapeOp>(op);
    Location loc = op->getLoc();
    auto sourceType = cast<RankedTensorType>(reshape.getSource().getType());
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < sourceType.getRank(); ++d)
      sizes.push_back(arith::IndexCastOp::create(
          b, loc, b.getI64Type(),
          tensor::DimOp::create(b, loc, reshape.getSource(), d)));
    Value shape = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({sourceType.getRank()}, b.getI64Type()),
        sizes);
    out.push_back(
        tensor::ReshapeOp::create(b, loc, sourceType, grads[0], shape));
    out.push_back(nullptr);
    return success();
  }
};
} // namespace

void mlir::kiln::registerTensorVJPModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, tensor::TensorDialect *) {
    tensor::CastOp::attachInterface<CastVJP>(*context);
    tensor::ExpandShapeOp::attachInterface<ExpandShapeVJP>(*context);
    tensor::CollapseShapeOp::attachInterface<CollapseShapeVJP>(*context);
    tensor::ExtractSliceOp::attachInterface<ExtractSliceVJP>(*context);
    tensor::InsertSliceOp::attachInterface<InsertSliceVJP>(*context);
    tensor::ReshapeOp::attachInterface<ReshapeVJP>(*context);
  });
}

//===----------------------------------------------------------------------===//
// Gather: scatter-add as a one-hot product
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  out.append({nullptr, nullptr});
  if (!isFloatTensor(getType()))
    return success();
  // g_input[v, r] = sum_n [index_n == v] g[n, r], with the input's gather
  // axis moved first and the other dimensions flattened to r.
  RankedTensorType inputType = getInput().getType();
  RankedTensorType indexType = getIndices().getType();
  if (!inputType.hasStaticShape())
    return emitOpError("gradient needs a static input shape, got ")
           << inputType;
  Location loc = getLoc();
  GradBuilder gb(b, loc);
  int64_t rank = inputType.getRank();
  int64_t axis = *normalizeAxis(static_cast<int64_t>(getAxis()), rank);
  int64_t size = inputType.getDimSize(axis);
  // The number of indices (-1: inferred by the reshapes when dynamic).
  int64_t count =
      indexType.hasStaticShape() ? indexType.getNumElements() : int64_t(-1);
  int64_t rest = inputType.getNumElements() / std::max<int64_t>(size, 1);
  int64_t indexRank = indexType.getRank();

  // The indices as gathered: negative ones wrapped, all clamped into range.
  Type indexElement = indexType.getElementType();
  auto indexScalar = [&](int64_t v) {
    auto type = RankedTensorType::get({}, indexElement);
    return ConstantOp::create(
               b, loc,
               DenseElementsAttr::get(type, b.getIntegerAttr(indexElement, v)))
        .getResult();
  };
  Value flat = ReshapeOp::create(b, loc, getIndices(),
                                 b.getDenseI64ArrayAttr({count, 1}));
  Value negative = gb.compare(ComparePredicate::lt, flat, indexScalar(0));
  Value wrapped = gb.select(negative, gb.add(flat, indexScalar(size)), flat);
  Value clamped =
      MinOp::create(b, loc, MaxOp::create(b, loc, wrapped, indexScalar(0)),
                    indexScalar(size - 1));
  Value classIds = buildClassIds(b, loc, indexElement, size);
  Value onehot = gb.castTo(gb.compare(ComparePredicate::eq, clamped, classIds),
                           inputType.getElementType());

  // g: pre + indices + post -> indices + pre + post -> [count, rest].
  SmallVector<int64_t> toFront;
  for (int64_t d = 0; d < indexRank; ++d)
    toFront.push_back(axis + d);
  for (int64_t d = 0; d < axis; ++d)
    toFront.push_back(d);
  for (int64_t d = axis + indexRank; d < getType().getRank(); ++d)
    toFront.push_back(d);
  Value g = gb.transpose(grads[0], toFront);
  g = ReshapeOp::create(b, loc, g, b.getDenseI64ArrayAttr({count, rest}));
  Value summed = gb.matmul(gb.transpose(onehot, {1, 0}), g); // [size, rest]

  // [size, rest] -> axis + pre + post -> the input's order.
  SmallVector<int64_t> moved = {size};
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      moved.push_back(inputType.getDimSize(d));
  Value unflat =
      ReshapeOp::create(b, loc, summed, b.getDenseI64ArrayAttr(moved));
  SmallVector<int64_t> back;
  for (int64_t d = 0; d < rank; ++d)
    back.push_back(d < axis ? d + 1 : d == axis ? 0 : d);
  out[0] = gb.transpose(unflat, back);
  return success();
}
