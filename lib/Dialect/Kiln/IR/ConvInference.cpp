//===- ConvInference.cpp - result types of conv2d and the poolings --------===//
//
// Sliding-window ops: the window arithmetic (strides, padding, dilations)
// and attribute checks shared by conv2d, max_pool2d and avg_pool2d.
//
//===----------------------------------------------------------------------===//

#include "ShapeInferenceUtils.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::infer;

namespace {
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

/// Whether every window along one axis holds at least one element of the
/// unpadded input: a window of padding only has no maximum and no average.
/// Windows starting inside the input hold their first tap; the ones
/// starting in the low padding are checked one by one (there are at most
/// padBefore / stride + 1), and the last window must start inside.
static bool windowsTouchInput(int64_t size, int64_t padBefore, int64_t padAfter,
                              int64_t kernel, int64_t stride, int64_t dilation,
                              int64_t outSize) {
  int64_t span = dilation * (kernel - 1);
  if (ShapedType::isDynamic(size) || ShapedType::isDynamic(outSize))
    return padBefore <= span && padAfter <= span;
  for (int64_t o = 0; o < outSize; ++o) {
    int64_t start = o * stride - padBefore;
    if (start >= 0)
      break;
    int64_t firstInside = (-start + dilation - 1) / dilation;
    if (firstInside >= kernel || start + firstInside * dilation >= size)
      return false;
  }
  return outSize == 0 || (outSize - 1) * stride - padBefore < size;
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
  SmallVector<int64_t> shape = {input.getDimSize(0), input.getDimSize(1)};
  for (int d = 0; d < 2; ++d) {
    std::optional<int64_t> size =
        windowOutputSize(input.getDimSize(2 + d), padding[d], padding[d + 2],
                         kernel[d], strides[d], dilations[d]);
    if (!size)
      return error("window ", listStr(kernel),
                   " does not fit the padded input ", input);
    if (!windowsTouchInput(input.getDimSize(2 + d), padding[d], padding[d + 2],
                           kernel[d], strides[d], dilations[d], *size))
      return error("'padding' ", listStr(padding), " leaves a window of ",
                   listStr(kernel),
                   " with no element of the input (every window must "
                   "overlap the unpadded input)");
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
