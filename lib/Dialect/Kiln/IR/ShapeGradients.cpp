//===- ShapeGradients.cpp - VJPs of the shape ops -------------------------===//
//
// reshape, transpose, broadcast_to, concat, slice and pad move the gradient
// back to where the elements came from; gather scatter-adds it as a one-hot
// product.
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;

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
  out.push_back(gb.reshapeLike(grads[0], getInput()));
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
