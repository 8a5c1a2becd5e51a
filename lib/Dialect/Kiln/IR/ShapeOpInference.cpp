//===- ShapeOpInference.cpp - result types of the shape ops ---------------===//
//
// Ops that move or select elements without computing on them: reshape,
// transpose, concat, slice, pad, gather, and the broadcast_to verifier.
//
//===----------------------------------------------------------------------===//

#include "ShapeInferenceUtils.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::infer;

/// The product of the static sizes in `shape`, or std::nullopt on overflow.
static std::optional<int64_t> checkedProduct(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      continue;
    std::optional<int64_t> next = llvm::checkedMul(product, d);
    if (!next)
      return std::nullopt;
    product = *next;
  }
  return product;
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  if (!input)
    return error("'input' must be a ranked tensor");
  ArrayRef<int64_t> target = adaptor.getShape();
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1) {
      if (inferred != -1)
        return error("'shape' ", listStr(target),
                     " may contain at most one -1");
      inferred = i;
    } else if (d < 0) {
      return error("'shape' ", listStr(target),
                   " entries must be sizes or -1, got ", d);
    } else if (std::optional<int64_t> product = llvm::checkedMul(known, d)) {
      known = *product;
    } else {
      return error("'shape' ", listStr(target), " has more than 2^63 elements");
    }
  }
  if (inferred >= 0 && known == 0)
    return error("'shape' ", listStr(target),
                 " cannot infer a -1 next to a size 0");
  SmallVector<int64_t> shape(target);
  if (!input.hasStaticShape()) {
    if (inferred >= 0)
      shape[inferred] = ShapedType::kDynamic;
  } else {
    std::optional<int64_t> elements = checkedProduct(input.getShape());
    if (!elements)
      return error("input ", input, " has more than 2^63 elements");
    int64_t count = *elements;
    if (inferred >= 0) {
      if (known == 0 || count % known != 0)
        return error("cannot reshape ", input, " (", count, " elements) to ",
                     listStr(target));
      shape[inferred] = count / known;
    } else if (known != count) {
      return error("cannot reshape ", input, " (", count, " elements) to ",
                   listStr(target), " (", known, " elements)");
    }
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  if (!input)
    return error("'input' must be a ranked tensor");
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  int64_t rank = input.getRank();
  SmallVector<bool> used(rank, false);
  bool valid = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t p : perm) {
    if (!valid || p < 0 || p >= rank || used[p]) {
      valid = false;
      break;
    }
    used[p] = true;
  }
  if (!valid)
    return error("'permutation' ", listStr(perm),
                 " is not a permutation of the ", rank, " dimensions of ",
                 input);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input.getDimSize(p));
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return error("needs at least one input");
  auto first = getRanked(inputs[0].getType());
  if (!first || first.getRank() == 0)
    return error("inputs must be tensors of rank >= 1, got ",
                 inputs[0].getType());
  int64_t axisValue = valueOr(adaptor.getAxisAttr(), 0);
  std::optional<int64_t> axis = normalizeAxis(axisValue, first.getRank());
  if (!axis)
    return error("'axis' ", axisValue, " is out of range for rank ",
                 first.getRank());
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    auto type = getRanked(value.getType());
    if (!type || type.getRank() != first.getRank() ||
        type.getElementType() != first.getElementType())
      return error("input #", i + 1, " (", value.getType(),
                   ") must have the rank and element type of input #0 (", first,
                   ")");
    for (int64_t d = 0; d < first.getRank(); ++d) {
      int64_t size = type.getDimSize(d);
      if (d == *axis) {
        if (ShapedType::isDynamic(shape[d]) || ShapedType::isDynamic(size)) {
          shape[d] = ShapedType::kDynamic;
        } else if (std::optional<int64_t> sum = checkedSum(shape[d], size)) {
          shape[d] = *sum;
        } else {
          return error("concatenated size overflows int64");
        }
      } else if (ShapedType::isDynamic(shape[d])) {
        shape[d] = size;
      } else if (!ShapedType::isDynamic(size) && size != shape[d]) {
        return error("input #", i + 1, " (", type, ") differs from input #0 (",
                     first, ") in dimension ", d,
                     ", which is not the concatenation axis ", *axis);
      }
    }
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  if (!input)
    return error("'input' must be a ranked tensor");
  int64_t rank = input.getRank();
  ArrayRef<int64_t> start = adaptor.getStart(), limit = adaptor.getLimit();
  SmallVector<int64_t> ones(rank, 1);
  ArrayRef<int64_t> stride = adaptor.getStride().value_or(ones);
  if (static_cast<int64_t>(start.size()) != rank ||
      static_cast<int64_t>(limit.size()) != rank ||
      static_cast<int64_t>(stride.size()) != rank)
    return error("'start' ", listStr(start), ", 'limit' ", listStr(limit),
                 " and 'stride' ", listStr(stride),
                 " must have one entry per dimension of ", input);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = input.getDimSize(d);
    if (start[d] < 0 || start[d] > limit[d] ||
        (!ShapedType::isDynamic(size) && limit[d] > size))
      return error("slice [", start[d], ", ", limit[d], ") of dimension ", d,
                   " is out of bounds for ", input);
    if (stride[d] < 1)
      return error("'stride' entries must be positive, got ", listStr(stride));
    shape.push_back(llvm::divideCeil(limit[d] - start[d], stride[d]));
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  if (!input)
    return error("'input' must be a ranked tensor");
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(low.size()) != rank ||
      static_cast<int64_t>(high.size()) != rank)
    return error("'low' ", listStr(low), " and 'high' ", listStr(high),
                 " must have one entry per dimension of ", input);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] < 0 || high[d] < 0)
      return error("padding must be non-negative, got 'low' ", listStr(low),
                   " and 'high' ", listStr(high));
    int64_t size = input.getDimSize(d);
    if (ShapedType::isDynamic(size)) {
      shape.push_back(size);
      continue;
    }
    std::optional<int64_t> padded = checkedSum(size, low[d], high[d]);
    if (!padded)
      return error("padded size of dimension ", d, " overflows int64");
    shape.push_back(*padded);
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  auto indices = getRanked(adaptor.getIndices().getType());
  if (!input || !indices || input.getRank() == 0)
    return error("'input' must be a tensor of rank >= 1 and 'indices' a "
                 "ranked tensor");
  int64_t axisValue = valueOr(adaptor.getAxisAttr(), 0);
  std::optional<int64_t> axis = normalizeAxis(axisValue, input.getRank());
  if (!axis)
    return error("'axis' ", axisValue, " is out of range for input ", input);
  SmallVector<int64_t> shape(input.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, input.getShape().drop_front(*axis + 1));
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult BroadcastToOp::verify() {
  RankedTensorType input = getInput().getType(), result = getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result ")
           << result << " must have the element type of input " << input;
  if (static_cast<int64_t>(getDims().size()) !=
      static_cast<int64_t>(result.getNumDynamicDims()))
    return emitOpError("expects one 'dims' operand per dynamic dimension of ")
           << result << " (" << result.getNumDynamicDims() << "), got "
           << getDims().size();
  if (input.getRank() > result.getRank())
    return emitOpError("cannot broadcast ")
           << input << " to the lower-rank " << result;
  int64_t offset = result.getRank() - input.getRank();
  for (int64_t d = 0; d < input.getRank(); ++d) {
    int64_t from = input.getDimSize(d), to = result.getDimSize(d + offset);
    if (from == 1 || ShapedType::isDynamic(from) || ShapedType::isDynamic(to))
      continue;
    if (from != to)
      return emitOpError("cannot broadcast ")
             << input << " to " << result << ": dimension " << d << " is "
             << from << ", not 1 or " << to;
  }
  return success();
}
