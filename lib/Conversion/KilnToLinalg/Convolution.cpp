//===- Convolution.cpp - conv2d and pooling to linalg ---------------------===//
//
// Convolution and pooling become linalg's named NCHW ops on an explicitly
// padded input. Spatial dimensions must be static (batch and channels may
// be dynamic).
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

/// Fails with a diagnostic unless the last two dimensions of `type` are
/// static.
static LogicalResult requireStaticSpatialDims(Operation *op, StringRef name,
                                              RankedTensorType type) {
  if (!type.isDynamicDim(2) && !type.isDynamicDim(3))
    return success();
  return op->emitOpError("lowering needs static spatial dimensions, but '")
         << name << "' is " << type;
}

/// Splits [top, left, bottom, right] into NCHW low and high paddings.
static std::pair<SmallVector<int64_t>, SmallVector<int64_t>>
nchwPadding(ArrayRef<int64_t> padding) {
  return {{0, 0, padding[0], padding[1]}, {0, 0, padding[2], padding[3]}};
}

/// The output sizes: input batch (and `channels`), static spatial sizes.
static SmallVector<OpFoldResult> outputDims(OpBuilder &b, Location loc,
                                            Value input, OpFoldResult channels,
                                            RankedTensorType resultType) {
  return {getDims(b, loc, input)[0], channels,
          b.getIndexAttr(resultType.getDimSize(2)),
          b.getIndexAttr(resultType.getDimSize(3))};
}

namespace {
struct Conv2DLowering : public OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), filter = adaptor.getFilter();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    if (failed(requireStaticSpatialDims(op, "input", inputType)) ||
        failed(requireStaticSpatialDims(op, "filter", filterType)))
      return failure();
    int64_t groups = op.getGroups();
    if (groups > 1 && filterType.isDynamicDim(0)) {
      Value count = tensor::DimOp::create(rewriter, loc, filter, 0);
      Value remainder = arith::RemUIOp::create(
          rewriter, loc, count,
          arith::ConstantIndexOp::create(rewriter, loc, groups));
      checkShape(rewriter, loc,
                 indexEq(rewriter, loc, remainder, rewriter.getIndexAttr(0)),
                 "'kiln.conv2d' filter count is not a multiple of groups");
    }
    Type element = inputType.getElementType();
    if (inputType.isDynamicDim(1) || filterType.isDynamicDim(1)) {
      Value channels = tensor::DimOp::create(rewriter, loc, input, 1);
      Value perGroup = tensor::DimOp::create(rewriter, loc, filter, 1);
      Value expected = arith::MulIOp::create(
          rewriter, loc, perGroup,
          arith::ConstantIndexOp::create(rewriter, loc, groups));
      checkShape(rewriter, loc, indexEq(rewriter, loc, channels, expected),
                 "'kiln.conv2d' input channels do not match the filter");
    }
    if (Value bias = adaptor.getBias()) {
      auto biasType = cast<RankedTensorType>(bias.getType());
      if (biasType.isDynamicDim(0) || filterType.isDynamicDim(0)) {
        // One statement each: the order ops are made in must not depend on
        // the compiler's order of evaluating arguments.
        OpFoldResult filters = getDims(rewriter, loc, filter)[0];
        OpFoldResult biasSize = getDims(rewriter, loc, bias)[0];
        checkShape(rewriter, loc, indexEq(rewriter, loc, biasSize, filters),
                   "'kiln.conv2d' bias size differs from the filter count");
      }
    }
    Value zero = scalarConstant(rewriter, loc, element, 0);
    auto [low, high] = nchwPadding(op.getPadding());
    Value padded = padTensor(rewriter, loc, input, low, high, zero);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr(op.getDilations());
    RankedTensorType resultType = op.getType();
    SmallVector<OpFoldResult> dims = outputDims(
        rewriter, loc, input, getDims(rewriter, loc, filter)[0], resultType);

    Value result;
    if (groups == 1) {
      Value init = createFilled(rewriter, loc, dims, zero);
      result =
          linalg::Conv2DNchwFchwOp::create(
              rewriter, loc, TypeRange{init.getType()},
              ValueRange{padded, filter}, ValueRange{init}, strides, dilations)
              .getResult(0);
    } else {
      result = groupedConvolution(rewriter, loc, padded, filter, dims, groups,
                                  strides, dilations, zero);
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);

    if (Value bias = adaptor.getBias()) {
      // out[n, f, h, w] += bias[f]: a broadcast add over the output.
      auto biasType = cast<RankedTensorType>(bias.getType());
      Value column = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get({biasType.getDimSize(0), 1, 1}, element), bias,
          SmallVector<ReassociationIndices>{{0, 1, 2}},
          SmallVector<OpFoldResult>{getDims(rewriter, loc, bias)[0],
                                    rewriter.getIndexAttr(1),
                                    rewriter.getIndexAttr(1)});
      result = buildElementwise(
          rewriter, loc, resultType, getDims(rewriter, loc, result),
          {result, column}, [](OpBuilder &b, Location loc, ValueRange args) {
            return arith::AddFOp::create(b, loc, args[0], args[1]);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  /// N x (G*C) x H x W with (G*F) x C x KH x KW filters, via the NGCHW form.
  static Value groupedConvolution(OpBuilder &b, Location loc, Value input,
                                  Value filter, ArrayRef<OpFoldResult> dims,
                                  int64_t groups, Attribute strides,
                                  Attribute dilations, Value zero) {
    auto inputType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(filter.getType());
    ArrayRef<int64_t> in = inputType.getShape(), fl = filterType.getShape();
    SmallVector<OpFoldResult> inputDims = getDims(b, loc, input);
    SmallVector<OpFoldResult> filterDims = getDims(b, loc, filter);
    // A channel count divided among the groups (divisibility is checked by
    // the caller or the verifier).
    auto perGroup = [&](int64_t size, OpFoldResult dim) {
      if (!ShapedType::isDynamic(size))
        return std::pair<int64_t, OpFoldResult>(size / groups,
                                                b.getIndexAttr(size / groups));
      Value divided = arith::DivUIOp::create(
          b, loc, cast<Value>(dim),
          arith::ConstantIndexOp::create(b, loc, groups));
      return std::pair<int64_t, OpFoldResult>(ShapedType::kDynamic, divided);
    };
    auto [inPerGroup, inPerGroupDim] = perGroup(in[1], inputDims[1]);
    auto [filtersPerGroup, filtersPerGroupDim] = perGroup(fl[0], filterDims[0]);
    Value groupedInput = tensor::ExpandShapeOp::create(
        b, loc, inputType.clone({in[0], groups, inPerGroup, in[2], in[3]}),
        input, SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}},
        SmallVector<OpFoldResult>{inputDims[0], b.getIndexAttr(groups),
                                  inPerGroupDim, inputDims[2], inputDims[3]});
    Value groupedFilter = tensor::ExpandShapeOp::create(
        b, loc,
        filterType.clone({groups, filtersPerGroup, fl[1], fl[2], fl[3]}),
        filter, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}},
        SmallVector<OpFoldResult>{b.getIndexAttr(groups), filtersPerGroupDim,
                                  filterDims[1], filterDims[2], filterDims[3]});
    SmallVector<OpFoldResult> groupedDims = {
        dims[0], b.getIndexAttr(groups), filtersPerGroupDim, dims[2], dims[3]};
    Value init = createFilled(b, loc, groupedDims, zero);
    Value grouped = linalg::Conv2DNgchwGfchwOp::create(
                        b, loc, TypeRange{init.getType()},
                        ValueRange{groupedInput, groupedFilter},
                        ValueRange{init}, strides, dilations)
                        .getResult(0);
    return tensor::CollapseShapeOp::create(
        b, loc, grouped,
        SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
  }
};

/// Shared lowering of max and average pooling.
template <typename OpTy>
struct Pool2DLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, MaxPool2DOp>;
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (failed(requireStaticSpatialDims(op, "input", inputType)))
      return failure();
    Type element = inputType.getElementType();
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> strideValues = op.getStrides().value_or(kernel);
    SmallVector<int64_t> dilationValues = {1, 1};
    if constexpr (isMax)
      dilationValues = llvm::to_vector(op.getDilations());
    auto strides = rewriter.getI64TensorAttr(strideValues);
    auto dilations = rewriter.getI64TensorAttr(dilationValues);
    auto [low, high] = nchwPadding(op.getPadding());
    RankedTensorType resultType = op.getType();
    SmallVector<OpFoldResult> dims = outputDims(
        rewriter, loc, input, getDims(rewriter, loc, input)[1], resultType);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, element);

    // Max pads with -inf; sums pad with 0.
    Value padValue = isMax ? lowestValue(rewriter, loc, element)
                           : scalarConstant(rewriter, loc, element, 0);
    Value padded = padTensor(rewriter, loc, input, low, high, padValue);
    Value init = createFilled(rewriter, loc, dims, padValue);
    Value pooled;
    if constexpr (isMax)
      pooled =
          linalg::PoolingNchwMaxOp::create(
              rewriter, loc, TypeRange{init.getType()},
              ValueRange{padded, window}, ValueRange{init}, strides, dilations)
              .getResult(0);
    else
      pooled =
          linalg::PoolingNchwSumOp::create(
              rewriter, loc, TypeRange{init.getType()},
              ValueRange{padded, window}, ValueRange{init}, strides, dilations)
              .getResult(0);

    if constexpr (!isMax) {
      bool padded = llvm::any_of(op.getPadding(), [](int64_t p) { return p; });
      if (op.getCountIncludePad() || !padded) {
        Value count = arith::ConstantIndexOp::create(rewriter, loc,
                                                     kernel[0] * kernel[1]);
        pooled = divideByCount(rewriter, loc, pooled, count);
      } else {
        // Divide by the number of real (unpadded) taps of each window: the
        // same pooling over ones padded with zeros; it folds to a constant.
        pooled = divideByRealTaps(rewriter, loc, pooled, inputType, low, high,
                                  window, strides, dilations);
      }
    }
    if (pooled.getType() != resultType)
      pooled = tensor::CastOp::create(rewriter, loc, resultType, pooled);
    rewriter.replaceOp(op, pooled);
    return success();
  }

  static Value divideByRealTaps(OpBuilder &b, Location loc, Value pooled,
                                RankedTensorType inputType,
                                ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                                Value window, Attribute strides,
                                Attribute dilations) {
    Type element = inputType.getElementType();
    auto pooledType = cast<RankedTensorType>(pooled.getType());
    // One image, one channel: the counts only depend on the position.
    SmallVector<OpFoldResult> onesDims = {
        b.getIndexAttr(1), b.getIndexAttr(1),
        b.getIndexAttr(inputType.getDimSize(2)),
        b.getIndexAttr(inputType.getDimSize(3))};
    Value ones =
        createFilled(b, loc, onesDims, scalarConstant(b, loc, element, 1));
    Value zero = scalarConstant(b, loc, element, 0);
    Value paddedOnes = padTensor(b, loc, ones, low, high, zero);
    SmallVector<OpFoldResult> countDims = {
        b.getIndexAttr(1), b.getIndexAttr(1),
        b.getIndexAttr(pooledType.getDimSize(2)),
        b.getIndexAttr(pooledType.getDimSize(3))};
    Value countInit = createFilled(b, loc, countDims, zero);
    Value counts = linalg::PoolingNchwSumOp::create(
                       b, loc, TypeRange{countInit.getType()},
                       ValueRange{paddedOnes, window}, ValueRange{countInit},
                       strides, dilations)
                       .getResult(0);
    return buildElementwise(
        b, loc, pooledType, getDims(b, loc, pooled), {pooled, counts},
        [](OpBuilder &nested, Location loc, ValueRange args) {
          return arith::DivFOp::create(nested, loc, args[0], args[1]);
        });
  }
};
} // namespace

void mlir::kiln::populateConvolutionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, Pool2DLowering<MaxPool2DOp>,
               Pool2DLowering<AvgPool2DOp>>(patterns.getContext());
}
