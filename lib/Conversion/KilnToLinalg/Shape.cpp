//===- Shape.cpp - constants and shape ops to tensor/linalg ---------------===//

#include "Utils.h"
#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
struct ConstantLowering : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getType(),
                                                   op.getValue());
    return success();
  }
};

/// Row-major reshape: collapse to 1-D, then expand to the target shape (both
/// are views after bufferization). A dynamic input is checked at run time
/// to have the element count the target shape needs.
struct ReshapeLowering : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    RankedTensorType resultType = op.getType();
    Type element = inputType.getElementType();
    auto all = [](int64_t rank) {
      return SmallVector<ReassociationIndices>{
          llvm::to_vector(llvm::seq<int64_t>(0, rank))};
    };

    // Element counts: of the input, and of the target's known sizes.
    Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (OpFoldResult d : getDims(rewriter, loc, input))
      total = arith::MulIOp::create(
          rewriter, loc, total,
          getValueOrCreateConstantIndexOp(rewriter, loc, d));
    int64_t knownCount = 1;
    for (int64_t d : op.getShape())
      if (d != -1)
        knownCount *= d;
    Value known = arith::ConstantIndexOp::create(rewriter, loc, knownCount);
    if (!inputType.hasStaticShape()) {
      bool inferred = llvm::is_contained(op.getShape(), -1);
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value fits =
          inferred
              ? arith::CmpIOp::create(
                    rewriter, loc, arith::CmpIPredicate::eq,
                    arith::RemUIOp::create(rewriter, loc, total, known), zero)
                    .getResult()
              : indexEq(rewriter, loc, total, known);
      checkShape(rewriter, loc, fits,
                 "'kiln.reshape' input element count does not fit the shape");
    }

    // Flatten.
    Value flat = input;
    if (inputType.getRank() == 0)
      flat = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1}, element), input,
          SmallVector<ReassociationIndices>{},
          SmallVector<OpFoldResult>{rewriter.getIndexAttr(1)});
    else if (inputType.getRank() > 1)
      flat = tensor::CollapseShapeOp::create(rewriter, loc, input,
                                             all(inputType.getRank()));
    // A static target gets a static flat size (checked above).
    if (resultType.hasStaticShape()) {
      auto flatType =
          RankedTensorType::get({resultType.getNumElements()}, element);
      if (flat.getType() != flatType)
        flat = tensor::CastOp::create(rewriter, loc, flatType, flat);
    }

    Value result;
    if (resultType.getRank() == 0 && inputType.hasStaticShape()) {
      // A static all-ones shape collapses to 0-d directly.
      result =
          tensor::CollapseShapeOp::create(rewriter, loc, resultType, input,
                                          SmallVector<ReassociationIndices>{});
    } else if (resultType.getRank() == 0) {
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, resultType, flat, SmallVector<ReassociationIndices>{});
    } else if (resultType.getRank() == 1) {
      result = flat.getType() == resultType
                   ? flat
                   : tensor::CastOp::create(rewriter, loc, resultType, flat)
                         .getResult();
    } else {
      // The inferred (-1) size is the count over the known ones.
      SmallVector<OpFoldResult> dims;
      for (int64_t i = 0; i < resultType.getRank(); ++i)
        dims.push_back(resultType.isDynamicDim(i)
                           ? OpFoldResult(arith::DivUIOp::create(rewriter, loc,
                                                                 total, known)
                                              .getResult())
                           : OpFoldResult(rewriter.getIndexAttr(
                                 resultType.getDimSize(i))));
      result = tensor::ExpandShapeOp::create(rewriter, loc, resultType, flat,
                                             all(resultType.getRank()), dims);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct TransposeLowering : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    SmallVector<OpFoldResult> inputDims = getDims(rewriter, loc, input);
    SmallVector<OpFoldResult> dims;
    for (int64_t p : op.getPermutation())
      dims.push_back(inputDims[p]);
    Value init =
        createEmpty(rewriter, loc, dims, op.getType().getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(
                               rewriter, loc, input, init, op.getPermutation())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatLowering : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t rank = op.getType().getRank();
    int64_t axis = *normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    SmallVector<OpFoldResult> firstDims = getDims(rewriter, loc, inputs[0]);
    for (Value input : inputs.drop_front()) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> dims = getDims(rewriter, loc, input);
      for (int64_t d = 0; d < rank; ++d)
        if (d != axis && (type.isDynamicDim(d) || isa<Value>(firstDims[d])))
          checkShape(
              rewriter, loc, indexEq(rewriter, loc, dims[d], firstDims[d]),
              "'kiln.concat' inputs differ in dimension " + llvm::Twine(d));
    }
    Value result = tensor::ConcatOp::create(rewriter, loc, axis, inputs);
    if (result.getType() != op.getType())
      result =
          tensor::CastOp::create(rewriter, op.getLoc(), op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    SmallVector<int64_t> ones(type.getRank(), 1);
    ArrayRef<int64_t> strides = op.getStride().value_or(ones);
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!inputType.isDynamicDim(d))
        continue;
      Value size = tensor::DimOp::create(rewriter, loc, adaptor.getInput(), d);
      Value limit =
          arith::ConstantIndexOp::create(rewriter, loc, op.getLimit()[d]);
      checkShape(rewriter, loc,
                 arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ule,
                                       limit, size),
                 "'kiln.slice' limit of dimension " + llvm::Twine(d) +
                     " is past the input's end");
    }
    // An empty slice reads nothing; its start may be the input's end,
    // which tensor.extract_slice does not accept.
    if (type.hasStaticShape() && type.getNumElements() == 0) {
      rewriter.replaceOpWithNewOp<tensor::EmptyOp>(op, type.getShape(),
                                                   type.getElementType());
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, type, adaptor.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
        op.getStart(), type.getShape(), strides);
    return success();
  }
};

struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType().getElementType();
    Value value =
        scalarConstant(rewriter, loc, element, op.getValue().convertToDouble());
    Value result = padTensor(rewriter, loc, adaptor.getInput(), op.getLow(),
                             op.getHigh(), value);
    if (result.getType() != op.getType())
      result = tensor::CastOp::create(rewriter, loc, op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// out[pre..., idx..., post...] = input[pre..., indices[idx...], post...],
/// with negative indices counted from the end and every index clamped into
/// range so a bad one never reads out of bounds.
struct GatherLowering : public OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    int64_t axis =
        *normalizeAxis(static_cast<int64_t>(op.getAxis()), inputType.getRank());
    int64_t indexRank = indicesType.getRank();
    RankedTensorType resultType = op.getType();
    int64_t rank = resultType.getRank();
    MLIRContext *context = rewriter.getContext();

    SmallVector<OpFoldResult> inputDims = getDims(rewriter, loc, input);
    SmallVector<OpFoldResult> indexDims = getDims(rewriter, loc, indices);
    SmallVector<OpFoldResult> dims(
        ArrayRef<OpFoldResult>(inputDims).take_front(axis));
    llvm::append_range(dims, indexDims);
    llvm::append_range(dims,
                       ArrayRef<OpFoldResult>(inputDims).drop_front(axis + 1));

    SmallVector<AffineExpr> indexExprs;
    for (int64_t j = 0; j < indexRank; ++j)
      indexExprs.push_back(getAffineDimExpr(axis + j, context));
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, indexExprs, context),
                                   rewriter.getMultiDimIdentityMap(rank)};
    Value size =
        getValueOrCreateConstantIndexOp(rewriter, loc, inputDims[axis]);
    // An empty axis has nothing to take: only valid without indices.
    Value indexCount = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (OpFoldResult d : indexDims)
      indexCount = arith::MulIOp::create(
          rewriter, loc, indexCount,
          getValueOrCreateConstantIndexOp(rewriter, loc, d));
    Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value axisNonEmpty = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sgt, size, zeroIndex);
    Value noIndices = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::eq, indexCount, zeroIndex);
    checkShape(rewriter, loc,
               arith::OrIOp::create(rewriter, loc, axisNonEmpty, noIndices),
               "'kiln.gather' takes indices from an empty axis");
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value last = arith::SubIOp::create(rewriter, loc, size, one);
    Value init = createEmpty(rewriter, loc, dims, resultType.getElementType());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{indices},
            ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              Value index =
                  arith::IndexCastOp::create(b, loc, b.getIndexType(), args[0]);
              Value negative = arith::CmpIOp::create(
                  b, loc, arith::CmpIPredicate::slt, index, zero);
              Value wrapped = arith::SelectOp::create(
                  b, loc, negative, arith::AddIOp::create(b, loc, index, size),
                  index);
              Value clamped = arith::MinSIOp::create(
                  b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), last);
              SmallVector<Value> source;
              for (int64_t d = 0; d < axis; ++d)
                source.push_back(linalg::IndexOp::create(b, loc, d));
              source.push_back(clamped);
              for (int64_t d = axis + indexRank; d < rank; ++d)
                source.push_back(linalg::IndexOp::create(b, loc, d));
              Value element = tensor::ExtractOp::create(b, loc, input, source);
              linalg::YieldOp::create(b, loc, element);
            })
            .getResult(0);
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::kiln::populateShapeToTensorPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLowering, TransposeLowering,
               ConcatLowering, SliceLowering, PadLowering, GatherLowering>(
      patterns.getContext());
}
