//===- GradBuilder.h - the vocabulary of the VJP rules ----------*- C++ -*-===//
//
// Shared by the files that implement VJPOpInterface for the kiln ops
// (*Gradients.cpp). The rules are written in kiln ops (plus tensor.dim /
// tensor.cast / slices as shape glue), so they can be differentiated again.
// Broadcasting is undone by summing, including a dynamic dimension that
// turns out to be 1 at run time.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_DIALECT_KILN_IR_GRADBUILDER_H
#define KILN_LIB_DIALECT_KILN_IR_GRADBUILDER_H

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::kiln {

inline bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

inline RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Builds kiln ops at one location; the vocabulary of the rules.
class GradBuilder {
public:
  GradBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value exp(Value x) { return ExpOp::create(b, loc, x); }
  Value log(Value x) { return LogOp::create(b, loc, x); }
  Value compare(ComparePredicate p, Value x, Value y) {
    return CompareOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return SelectOp::create(b, loc, c, x, y);
  }
  Value castTo(Value x, Type element) {
    return CastOp::create(b, loc, tensorType(x).clone(element), x);
  }
  Value transpose(Value x, ArrayRef<int64_t> perm) {
    return TransposeOp::create(b, loc, x, b.getDenseI64ArrayAttr(perm));
  }
  Value matmul(Value x, Value y) { return MatmulOp::create(b, loc, x, y); }

  /// A 0-d constant with `like`'s element type; broadcasts against anything.
  Value scalar(Value like, double value) {
    Type element = tensorType(like).getElementType();
    auto type = RankedTensorType::get({}, element);
    return ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getFloatAttr(element, value)));
  }

  /// The sizes of `v`'s dynamic dimensions.
  SmallVector<Value> dynamicDims(Value v) {
    SmallVector<Value> dims;
    RankedTensorType type = tensorType(v);
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        dims.push_back(tensor::DimOp::create(b, loc, v, d));
    return dims;
  }

  /// `value` broadcast to the shape (and type) of `like`.
  Value broadcastLike(Value value, Value like) {
    if (value.getType() == like.getType() && tensorType(like).hasStaticShape())
      return value;
    return BroadcastToOp::create(b, loc, like.getType(), value,
                                 dynamicDims(like));
  }

  Value zerosLike(Value like) { return broadcastLike(scalar(like, 0), like); }

  /// The number of elements a reduction of `x` over `axes` folds together,
  /// as a 0-d tensor of x's element type.
  Value count(Value x, ArrayRef<int64_t> axes) {
    RankedTensorType type = tensorType(x);
    int64_t known = 1;
    Value dynamic;
    for (int64_t axis : axes) {
      if (!type.isDynamicDim(axis)) {
        known *= type.getDimSize(axis);
        continue;
      }
      Value size = tensor::DimOp::create(b, loc, x, axis);
      dynamic = dynamic
                    ? arith::MulIOp::create(b, loc, dynamic, size).getResult()
                    : size;
    }
    Value total = scalar(x, static_cast<double>(known));
    if (!dynamic)
      return total;
    Type element = type.getElementType();
    Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), dynamic);
    Value asFloat = arith::SIToFPOp::create(b, loc, element, asInt);
    Value tensor = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({}, element), ValueRange{asFloat});
    return mul(total, tensor);
  }

  /// `g` (reduced over `axes` of `x`, with or without keepdims) with the
  /// reduced axes back as size-1 dimensions.
  Value keepDims(Value g, Value x, ArrayRef<int64_t> axes) {
    RankedTensorType xType = tensorType(x);
    SmallVector<int64_t> shape(xType.getShape());
    for (int64_t axis : axes)
      shape[axis] = 1;
    auto keepType = xType.clone(shape);
    if (g.getType() == keepType)
      return g;
    if (keepType.getNumDynamicDims() <= 1) {
      SmallVector<int64_t> target(shape);
      for (int64_t &d : target)
        if (ShapedType::isDynamic(d))
          d = -1;
      return ReshapeOp::create(b, loc, g, b.getDenseI64ArrayAttr(target));
    }
    return insertUnitDims(g, keepType, axes);
  }

  /// `g` reshaped (tensor.reshape) to the run-time shape of `like`, for
  /// shapes a kiln.reshape cannot name (several dynamic sizes).
  Value reshapeLike(Value g, Value like) {
    RankedTensorType type = tensorType(like);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      sizes.push_back(arith::IndexCastOp::create(
          b, loc, b.getI64Type(), tensor::DimOp::create(b, loc, like, d)));
    Value shape = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({type.getRank()}, b.getI64Type()), sizes);
    return tensor::ReshapeOp::create(b, loc, type, g, shape);
  }

  /// `g` with size-1 dimensions inserted at `units`, giving `target`
  /// (tensor.expand_shape; a pure reshape).
  Value insertUnitDims(Value g, RankedTensorType target,
                       ArrayRef<int64_t> units) {
    SmallVector<ReassociationIndices> groups;
    ReassociationIndices pending;
    SmallVector<OpFoldResult> sizes;
    int64_t source = 0;
    for (int64_t d = 0; d < target.getRank(); ++d) {
      if (llvm::is_contained(units, d)) {
        pending.push_back(d);
        sizes.push_back(b.getIndexAttr(1));
        continue;
      }
      pending.push_back(d);
      groups.push_back(pending);
      pending.clear();
      sizes.push_back(
          target.isDynamicDim(d)
              ? OpFoldResult(
                    tensor::DimOp::create(b, loc, g, source).getResult())
              : OpFoldResult(b.getIndexAttr(target.getDimSize(d))));
      ++source;
    }
    // Trailing unit dimensions join the last group (a 0-d g has none).
    if (!groups.empty())
      llvm::append_range(groups.back(), pending);
    return tensor::ExpandShapeOp::create(b, loc, target, g, groups, sizes);
  }

  /// Sums `g` (shaped like a broadcast result) down to the shape of
  /// `operand`: leading dimensions, size-1 dimensions, and dynamic
  /// dimensions that are 1 at run time.
  Value unbroadcast(Value g, Value operand) {
    RankedTensorType target = tensorType(operand);
    int64_t extra = tensorType(g).getRank() - target.getRank();
    if (extra > 0)
      g = ReduceSumOp::create(
          b, loc, g,
          b.getDenseI64ArrayAttr(llvm::to_vector(llvm::seq<int64_t>(0, extra))),
          /*keepdims=*/false);
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < target.getRank(); ++d)
      if (target.getDimSize(d) == 1 && tensorType(g).getDimSize(d) != 1)
        axes.push_back(d);
    if (!axes.empty())
      g = ReduceSumOp::create(b, loc, g, b.getDenseI64ArrayAttr(axes),
                              /*keepdims=*/true);
    for (int64_t d = 0; d < target.getRank(); ++d)
      if (target.isDynamicDim(d) && tensorType(g).getDimSize(d) != 1)
        g = sumIfBroadcast(g, operand, d);
    if (g.getType() != target)
      g = tensor::CastOp::create(b, loc, target, g);
    return g;
  }

private:
  /// Sums dimension `d` of `g` when `operand`'s size there is 1 at run time
  /// and `g`'s is not.
  Value sumIfBroadcast(Value g, Value operand, int64_t d) {
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value operandSize = tensor::DimOp::create(b, loc, operand, d);
    Value gSize = tensor::DimOp::create(b, loc, g, d);
    Value gNotOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, gSize, one);
    Value operandIsOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                               operandSize, one);
    Value broadcast = arith::AndIOp::create(b, loc, operandIsOne, gNotOne);
    Value predicate = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({}, b.getI1Type()),
        ValueRange{broadcast});
    SmallVector<int64_t> shape(tensorType(g).getShape());
    shape[d] = ShapedType::kDynamic;
    auto type = tensorType(g).clone(shape);
    auto ifOp = IfOp::create(b, loc, TypeRange{type}, predicate);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&ifOp.getThenRegion().emplaceBlock());
      Value summed = ReduceSumOp::create(b, loc, g, b.getDenseI64ArrayAttr({d}),
                                         /*keepdims=*/true);
      YieldOp::create(b, loc,
                      ValueRange{tensor::CastOp::create(b, loc, type, summed)});
      b.setInsertionPointToStart(&ifOp.getElseRegion().emplaceBlock());
      Value same = g.getType() == type
                       ? g
                       : tensor::CastOp::create(b, loc, type, g).getResult();
      YieldOp::create(b, loc, ValueRange{same});
    }
    return ifOp.getResult(0);
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::kiln

#endif // KILN_LIB_DIALECT_KILN_IR_GRADBUILDER_H
