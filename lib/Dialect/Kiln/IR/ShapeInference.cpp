//===- ShapeInference.cpp - result types of the kiln ops ------------------===//
//
// Result-type inference for every kiln op whose result type follows from its
// operands and attributes. Each rule also checks its inputs, so the same code
// reports a bad op when it is parsed, built or verified; messages name the
// operand or attribute at fault and the shapes involved.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
/// Collects a diagnostic prefixed like `emitOpError`, emitted only when a
/// location was given (inference also runs speculatively without one).
class InferError {
public:
  InferError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args> LogicalResult operator()(Args &&...args) const {
    if (!loc)
      return failure();
    InFlightDiagnostic diag = mlir::emitError(*loc);
    diag << "'" << opName << "' op ";
    (diag << ... << std::forward<Args>(args));
    return diag;
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};

std::string listStr(ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(values, os);
  os << "]";
  return s;
}

RankedTensorType getRanked(Type type) {
  return dyn_cast_or_null<RankedTensorType>(type);
}

/// The value of a default-valued array attribute. Inference may run before
/// the parser fills in defaults, so an absent attribute means the default.
ArrayRef<int64_t> valueOr(DenseI64ArrayAttr attr, ArrayRef<int64_t> dflt) {
  return attr ? attr.asArrayRef() : dflt;
}

/// The signed value of a (possibly absent) integer attribute.
int64_t valueOr(IntegerAttr attr, int64_t dflt) {
  return attr ? attr.getInt() : dflt;
}

/// a + b + c, or std::nullopt when it overflows int64_t.
std::optional<int64_t> checkedSum(int64_t a, int64_t b, int64_t c = 0) {
  std::optional<int64_t> ab = llvm::checkedAdd(a, b);
  return ab ? llvm::checkedAdd(*ab, c) : std::nullopt;
}

/// The product of the static sizes in `shape`, or std::nullopt on overflow.
std::optional<int64_t> checkedProduct(ArrayRef<int64_t> shape) {
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

constexpr int64_t kZeroPad[] = {0, 0, 0, 0};
constexpr int64_t kUnitPair[] = {1, 1};

/// Output size of a strided, dilated, padded window over `size`; dynamic
/// stays dynamic. Returns std::nullopt when the window does not fit.
std::optional<int64_t> windowOutputSize(int64_t size, int64_t padBefore,
                                        int64_t padAfter, int64_t kernel,
                                        int64_t stride, int64_t dilation) {
  if (ShapedType::isDynamic(size) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  std::optional<int64_t> dilated = llvm::checkedMul(dilation, kernel - 1);
  std::optional<int64_t> span =
      dilated ? llvm::checkedAdd(*dilated, int64_t(1)) : std::nullopt;
  std::optional<int64_t> padded = checkedSum(size, padBefore, padAfter);
  if (!span || !padded || *padded < *span)
    return std::nullopt;
  return (*padded - *span) / stride + 1;
}

/// Checks that `values` has `count` entries, each at least `min`.
LogicalResult checkWindowAttr(const InferError &error, StringRef name,
                              ArrayRef<int64_t> values, size_t count,
                              int64_t min) {
  if (values.size() != count)
    return error("'", name, "' must have ", count, " entries, got ",
                 listStr(values));
  if (llvm::any_of(values, [&](int64_t v) { return v < min; }))
    return error("'", name, "' entries must be at least ", min, ", got ",
                 listStr(values));
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Shared shape rules
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
mlir::kiln::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t b = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    int64_t &out = result[rank - 1 - i];
    if (a == b || b == 1)
      out = a;
    else if (a == 1)
      out = b;
    else if (ShapedType::isDynamic(a))
      out = b;
    else if (ShapedType::isDynamic(b))
      out = a;
    else
      return failure();
  }
  return result;
}

std::optional<int64_t> mlir::kiln::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

SmallVector<int64_t>
mlir::kiln::normalizeReductionAxes(int64_t rank,
                                   std::optional<ArrayRef<int64_t>> axes) {
  if (!axes)
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  SmallVector<int64_t> result;
  for (int64_t axis : *axes)
    result.push_back(normalizeAxis(axis, rank).value_or(0));
  llvm::sort(result);
  return result;
}

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

//===----------------------------------------------------------------------===//
// Per-op rules
//===----------------------------------------------------------------------===//

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

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto lhs = getRanked(adaptor.getLhs().getType());
  auto rhs = getRanked(adaptor.getRhs().getType());
  if (!lhs || !rhs)
    return error("operands must be ranked tensors");
  if (lhs.getRank() == 0 || rhs.getRank() == 0)
    return error("operands must have rank >= 1, got 'lhs' ", lhs, " and 'rhs' ",
                 rhs);
  if (lhs.getElementType() != rhs.getElementType())
    return error("operands 'lhs' (", lhs, ") and 'rhs' (", rhs,
                 ") must have the same element type");
  ArrayRef<int64_t> a = lhs.getShape(), b = rhs.getShape();
  int64_t lhsK = a.back();
  int64_t rhsK = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (!ShapedType::isDynamic(lhsK) && !ShapedType::isDynamic(rhsK) &&
      lhsK != rhsK)
    return error("contracting dimensions differ: 'lhs' ", lhs, " has ", lhsK,
                 " columns but 'rhs' ", rhs, " has ", rhsK, " rows");
  ArrayRef<int64_t> lhsBatch = a.drop_back(std::min<size_t>(a.size(), 2));
  ArrayRef<int64_t> rhsBatch = b.drop_back(std::min<size_t>(b.size(), 2));
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(lhsBatch, rhsBatch);
  if (failed(shape))
    return error("batch dimensions of 'lhs' ", lhs, " and 'rhs' ", rhs,
                 " are not broadcast-compatible");
  if (a.size() > 1)
    shape->push_back(a[a.size() - 2]);
  if (b.size() > 1)
    shape->push_back(b.back());
  types.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto input = getRanked(adaptor.getInput().getType());
  auto filter = getRanked(adaptor.getFilter().getType());
  if (!input || !filter)
    return error("operands must be ranked tensors");
  if (input.getRank() != 4)
    return error("'input' must be 4-D (N x C x H x W), got ", input);
  if (filter.getRank() != 4)
    return error("'filter' must be 4-D (F x C/groups x KH x KW), got ", filter);
  if (input.getElementType() != filter.getElementType())
    return error("'input' (", input, ") and 'filter' (", filter,
                 ") must have the same element type");
  ArrayRef<int64_t> strides = valueOr(adaptor.getStridesAttr(), kUnitPair);
  ArrayRef<int64_t> padding = valueOr(adaptor.getPaddingAttr(), kZeroPad);
  ArrayRef<int64_t> dilations = valueOr(adaptor.getDilationsAttr(), kUnitPair);
  int64_t groups = valueOr(adaptor.getGroupsAttr(), 1);
  if (failed(checkWindowAttr(error, "strides", strides, 2, 1)) ||
      failed(checkWindowAttr(error, "padding", padding, 4, 0)) ||
      failed(checkWindowAttr(error, "dilations", dilations, 2, 1)))
    return failure();
  if (groups < 1)
    return error("'groups' must be positive, got ", groups);
  int64_t channels = input.getDimSize(1), features = filter.getDimSize(0);
  int64_t filterChannels = filter.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return error("input channels (", channels, " in ", input,
                 ") are not divisible by 'groups' (", groups, ")");
  if (!ShapedType::isDynamic(features) && features % groups != 0)
    return error("filter count (", features, " in ", filter,
                 ") is not divisible by 'groups' (", groups, ")");
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) &&
      filterChannels * groups != channels)
    return error("'filter' ", filter, " expects ", filterChannels * groups,
                 " input channels but 'input' ", input, " has ", channels);
  if (Value bias = adaptor.getBias()) {
    auto biasType = getRanked(bias.getType());
    if (!biasType || biasType.getRank() != 1)
      return error("'bias' must be 1-D, got ", bias.getType());
    if (biasType.getElementType() != input.getElementType())
      return error("'bias' (", biasType,
                   ") must have the element type of 'input' (", input, ")");
    int64_t biasSize = biasType.getDimSize(0);
    if (!ShapedType::isDynamic(biasSize) && !ShapedType::isDynamic(features) &&
        biasSize != features)
      return error("'bias' ", biasType, " must have one entry per filter (",
                   features, ")");
  }
  SmallVector<int64_t> shape = {input.getDimSize(0), features};
  for (int d = 0; d < 2; ++d) {
    std::optional<int64_t> size =
        windowOutputSize(input.getDimSize(2 + d), padding[d], padding[d + 2],
                         filter.getDimSize(2 + d), strides[d], dilations[d]);
    if (!size)
      return error("dilated filter ", filter, " does not fit the padded input ",
                   input, " in spatial dimension ", d);
    shape.push_back(*size);
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

/// Shared rule of max_pool2d and avg_pool2d.
static LogicalResult inferPoolType(StringRef opName,
                                   std::optional<Location> loc, Type inputType,
                                   ArrayRef<int64_t> kernel,
                                   std::optional<ArrayRef<int64_t>> stridesAttr,
                                   ArrayRef<int64_t> padding,
                                   ArrayRef<int64_t> dilations,
                                   SmallVectorImpl<Type> &types) {
  InferError error(loc, opName);
  auto input = getRanked(inputType);
  if (!input || input.getRank() != 4)
    return error("'input' must be 4-D (N x C x H x W), got ", inputType);
  ArrayRef<int64_t> strides = stridesAttr.value_or(kernel);
  if (failed(checkWindowAttr(error, "kernel_size", kernel, 2, 1)) ||
      failed(checkWindowAttr(error, "strides", strides, 2, 1)) ||
      failed(checkWindowAttr(error, "padding", padding, 4, 0)) ||
      failed(checkWindowAttr(error, "dilations", dilations, 2, 1)))
    return failure();
  for (int d = 0; d < 2; ++d)
    if (2 * std::max(padding[d], padding[d + 2]) > kernel[d])
      return error("'padding' ", listStr(padding),
                   " must be at most half of 'kernel_size' ", listStr(kernel));
  SmallVector<int64_t> shape = {input.getDimSize(0), input.getDimSize(1)};
  for (int d = 0; d < 2; ++d) {
    std::optional<int64_t> size =
        windowOutputSize(input.getDimSize(2 + d), padding[d], padding[d + 2],
                         kernel[d], strides[d], dilations[d]);
    if (!size)
      return error("window ", listStr(kernel),
                   " does not fit the padded input ", input);
    shape.push_back(*size);
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolType(getOperationName(), loc, adaptor.getInput().getType(),
                       adaptor.getKernelSize(), adaptor.getStrides(),
                       valueOr(adaptor.getPaddingAttr(), kZeroPad),
                       valueOr(adaptor.getDilationsAttr(), kUnitPair), types);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPoolType(getOperationName(), loc, adaptor.getInput().getType(),
                       adaptor.getKernelSize(), adaptor.getStrides(),
                       valueOr(adaptor.getPaddingAttr(), kZeroPad), kUnitPair,
                       types);
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

//===----------------------------------------------------------------------===//
// Verifiers of ops whose result type is given
//===----------------------------------------------------------------------===//

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("result ")
           << getType() << " must have the shape of the input "
           << getInput().getType();
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
