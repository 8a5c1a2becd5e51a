//===- ReductionInference.cpp - result types of reductions ----------------===//
//
// Reductions over axes (ShapeInference.h), argmax, the softmax family's
// axis verifier and cross_entropy: the ops that fold or normalise over axes.
//
//===----------------------------------------------------------------------===//

#include "ShapeInferenceUtils.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::infer;

LogicalResult
mlir::kiln::inferReductionType(StringRef opName, std::optional<Location> loc,
                               Type input,
                               std::optional<ArrayRef<int64_t>> axes,
                               bool keepdims, SmallVectorImpl<Type> &types) {
  InferError error(loc, opName);
  auto type = getRanked(input);
  if (!type)
    return error("operand 'input' must be a ranked tensor, got ", input);
  int64_t rank = type.getRank();
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t axis : axes.value_or(ArrayRef<int64_t>())) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return error("'axes' entry ", axis, " is out of range for input ", input,
                   " of rank ", rank);
    if (!seen.insert(*normalized).second)
      return error("'axes' ", listStr(*axes), " names dimension ", *normalized,
                   " twice");
  }
  SmallVector<int64_t> reduced = normalizeReductionAxes(rank, axes);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(reduced, d))
      shape.push_back(type.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  if (!input || input.getRank() == 0)
    return error("'input' must be a tensor of rank >= 1, got ",
                 adaptor.getInput().getType());
  int64_t axisValue = valueOr(adaptor.getAxisAttr(), 0);
  std::optional<int64_t> axis = normalizeAxis(axisValue, input.getRank());
  if (!axis)
    return error("'axis' ", axisValue, " is out of range for input ", input);
  SmallVector<int64_t> shape(input.getShape());
  if (adaptor.getKeepdims())
    shape[*axis] = 1;
  else
    shape.erase(shape.begin() + *axis);
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult CrossEntropyOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto logits = getRanked(adaptor.getLogits().getType());
  auto labels = getRanked(adaptor.getLabels().getType());
  if (!logits || logits.getRank() != 2)
    return error("'logits' must be 2-D (N x C), got ",
                 adaptor.getLogits().getType());
  if (!labels || labels.getRank() != 1)
    return error("'labels' must be 1-D (N), got ",
                 adaptor.getLabels().getType());
  int64_t n = logits.getDimSize(0), m = labels.getDimSize(0);
  if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(m) && n != m)
    return error("'logits' ", logits, " and 'labels' ", labels,
                 " disagree on the batch size");
  types.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

template <typename OpTy> static LogicalResult verifySoftmaxLike(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  if (rank == 0)
    return op.emitOpError("'input' must have rank >= 1");
  int64_t axis = op.getAxisAttr().getInt();
  if (!normalizeAxis(axis, rank))
    return op.emitOpError("'axis' ")
           << axis << " is out of range for input " << op.getInput().getType();
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxLike(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxLike(*this); }
