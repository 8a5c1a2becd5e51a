//===- ElementwiseInference.cpp - result types of elementwise ops ---------===//
//
// Constants, the broadcasting binary rule (ShapeInference.h) and the ops
// built on it (compare, select), and the cast verifier: every op whose
// result is shaped like its broadcast operands.
//
//===----------------------------------------------------------------------===//

#include "ShapeInferenceUtils.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::infer;

/// Broadcasts the shapes of `operands` (named by `names`) after checking
/// that they are ranked tensors.
static FailureOr<SmallVector<int64_t>>
broadcastOperands(const InferError &error, ArrayRef<Type> operands,
                  ArrayRef<StringRef> names) {
  SmallVector<int64_t> shape;
  for (auto [i, type] : llvm::enumerate(operands)) {
    auto ranked = getRanked(type);
    if (!ranked)
      return error("operand '", names[i], "' must be a ranked tensor, got ",
                   type);
    FailureOr<SmallVector<int64_t>> next =
        broadcastShapes(shape, ranked.getShape());
    if (failed(next)) {
      std::string operandList;
      llvm::raw_string_ostream os(operandList);
      for (size_t j = 0; j <= i; ++j)
        os << (j == 0   ? ""
               : j == i ? " and "
                        : ", ")
           << "'" << names[j] << "' (" << operands[j] << ")";
      return error("operands are not broadcast-compatible: ", operandList);
    }
    shape = *next;
  }
  return shape;
}

LogicalResult
mlir::kiln::inferBinaryElementwiseType(StringRef opName,
                                       std::optional<Location> loc, Type lhs,
                                       Type rhs, SmallVectorImpl<Type> &types) {
  InferError error(loc, opName);
  FailureOr<SmallVector<int64_t>> shape =
      broadcastOperands(error, {lhs, rhs}, {"lhs", "rhs"});
  if (failed(shape))
    return failure();
  Type element = cast<RankedTensorType>(lhs).getElementType();
  if (element != cast<RankedTensorType>(rhs).getElementType())
    return error("operands 'lhs' (", lhs, ") and 'rhs' (", rhs,
                 ") must have the same element type");
  types.push_back(RankedTensorType::get(*shape, element));
  return success();
}

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  auto value = dyn_cast_or_null<ElementsAttr>(adaptor.getValueAttr());
  if (!value)
    return InferError(loc, getOperationName())(
        "'value' must be an elements attribute");
  types.push_back(value.getType());
  return success();
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  SmallVector<Type, 1> operandType;
  if (failed(inferBinaryElementwiseType(
          getOperationName(), loc, adaptor.getLhs().getType(),
          adaptor.getRhs().getType(), operandType)))
    return failure();
  types.push_back(cast<RankedTensorType>(operandType[0])
                      .clone(IntegerType::get(context, 1)));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  Type trueType = adaptor.getTrueValue().getType();
  Type falseType = adaptor.getFalseValue().getType();
  FailureOr<SmallVector<int64_t>> shape = broadcastOperands(
      error, {adaptor.getCondition().getType(), trueType, falseType},
      {"condition", "true_value", "false_value"});
  if (failed(shape))
    return failure();
  Type element = cast<RankedTensorType>(trueType).getElementType();
  if (element != cast<RankedTensorType>(falseType).getElementType())
    return error("operands 'true_value' (", trueType, ") and 'false_value' (",
                 falseType, ") must have the same element type");
  types.push_back(RankedTensorType::get(*shape, element));
  return success();
}

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("result ")
           << getType() << " must have the shape of the input "
           << getInput().getType();
  return success();
}
