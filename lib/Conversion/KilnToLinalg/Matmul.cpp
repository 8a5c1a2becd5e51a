//===- Matmul.cpp - kiln.matmul to linalg ---------------------------------===//
//
// 2-D products become linalg.matmul; batched ones a contraction
// linalg.generic whose indexing maps broadcast the batch dimensions (no
// copies). 1-D operands are reshaped to matrices and the added dimension is
// dropped from the result, as numpy does.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

/// Reshapes a 1-D operand into a 1 x K (row) or K x 1 (column) matrix.
static Value toMatrix(OpBuilder &b, Location loc, Value vector, bool asRow) {
  auto type = cast<RankedTensorType>(vector.getType());
  SmallVector<int64_t> shape =
      asRow ? SmallVector<int64_t>{1, type.getDimSize(0)}
            : SmallVector<int64_t>{type.getDimSize(0), 1};
  SmallVector<OpFoldResult> sizes = getDims(b, loc, vector);
  SmallVector<OpFoldResult> outputShape =
      asRow ? SmallVector<OpFoldResult>{b.getIndexAttr(1), sizes[0]}
            : SmallVector<OpFoldResult>{sizes[0], b.getIndexAttr(1)};
  return tensor::ExpandShapeOp::create(
      b, loc, type.clone(shape), vector,
      SmallVector<ReassociationIndices>{{0, 1}}, outputShape);
}

namespace {
struct MatmulLowering : public OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    bool lhsVector = cast<RankedTensorType>(lhs.getType()).getRank() == 1;
    bool rhsVector = cast<RankedTensorType>(rhs.getType()).getRank() == 1;
    if (lhsVector)
      lhs = toMatrix(rewriter, loc, lhs, /*asRow=*/true);
    if (rhsVector)
      rhs = toMatrix(rewriter, loc, rhs, /*asRow=*/false);
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    Type element = lhsType.getElementType();

    // Result with the matrix dimensions kept: batch x M x N.
    int64_t batchRank = std::max(lhsType.getRank(), rhsType.getRank()) - 2;
    SmallVector<OpFoldResult> lhsDims = getDims(rewriter, loc, lhs);
    SmallVector<OpFoldResult> rhsDims = getDims(rewriter, loc, rhs);
    SmallVector<int64_t> batchShape(
        op.getType().getShape().take_front(batchRank));
    SmallVector<OpFoldResult> resultDims;
    for (int64_t d = 0; d < batchRank; ++d) {
      if (!ShapedType::isDynamic(batchShape[d])) {
        resultDims.push_back(rewriter.getIndexAttr(batchShape[d]));
        continue;
      }
      Value size;
      for (auto [v, dims] :
           {std::make_pair(lhs, &lhsDims), std::make_pair(rhs, &rhsDims)}) {
        auto t = cast<RankedTensorType>(v.getType());
        int64_t j = d - (batchRank - (t.getRank() - 2));
        if (j < 0 || !t.isDynamicDim(j))
          continue;
        Value dim = tensor::DimOp::create(rewriter, loc, v, j);
        size = size ? broadcastSize(rewriter, loc, size, dim) : dim;
      }
      resultDims.push_back(size);
    }
    resultDims.push_back(lhsDims[lhsType.getRank() - 2]);
    resultDims.push_back(rhsDims[rhsType.getRank() - 1]);
    int64_t lhsK = lhsType.getRank() - 1, rhsK = rhsType.getRank() - 2;
    if (lhsType.isDynamicDim(lhsK) || rhsType.isDynamicDim(rhsK))
      checkShape(rewriter, loc,
                 indexEq(rewriter, loc, lhsDims[lhsK], rhsDims[rhsK]),
                 "'kiln.matmul' contracting dimensions differ");

    // A dynamic batch size may be 1 at run time while the other operand's
    // is not: give such operands the full batch shape first (a copy only
    // happens when one really broadcasts).
    for (Value *operand : {&lhs, &rhs}) {
      auto type = cast<RankedTensorType>(operand->getType());
      ArrayRef<int64_t> ownBatch = type.getShape().drop_back(2);
      if (llvm::none_of(ownBatch, ShapedType::isDynamic))
        continue;
      SmallVector<int64_t> shape(batchShape);
      llvm::append_range(shape, type.getShape().take_back(2));
      SmallVector<OpFoldResult> dims(
          ArrayRef<OpFoldResult>(resultDims).take_front(batchRank));
      SmallVector<OpFoldResult> own = getDims(rewriter, loc, *operand);
      llvm::append_range(dims, ArrayRef<OpFoldResult>(own).take_back(2));
      *operand = buildElementwise(
          rewriter, loc, type.clone(shape), dims, {*operand},
          [](OpBuilder &, Location, ValueRange args) { return args[0]; },
          /*dimsFromOperands=*/false);
    }

    // f16/bf16 products accumulate in f32 and round once at the end.
    Type accumulator = accumulatorType(element);
    Value zero = scalarConstant(rewriter, loc, accumulator, 0);
    Value init = createFilled(rewriter, loc, resultDims, zero);
    Value product;
    if (batchRank == 0) {
      product =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{init.getType()},
                                   ValueRange{lhs, rhs}, ValueRange{init})
              .getResult(0);
    } else {
      product =
          buildBatchedContraction(rewriter, loc, lhs, rhs, init, batchRank);
    }

    if (accumulator != element) {
      auto type = cast<RankedTensorType>(product.getType());
      product = buildElementwise(
          rewriter, loc, type.clone(element), getDims(rewriter, loc, product),
          {product}, [&](OpBuilder &b, Location loc, ValueRange args) {
            return convertScalar(b, loc, args[0], element);
          });
    }

    // Drop the dimensions added for 1-D operands.
    auto resultType = op.getType();
    if (lhsVector || rhsVector) {
      SmallVector<ReassociationIndices> groups;
      if (!(lhsVector && rhsVector)) { // both: 1 x 1 -> 0-d, no groups
        for (int64_t d = 0; d < batchRank; ++d)
          groups.push_back({d});
        groups.push_back({batchRank, batchRank + 1});
      }
      product = tensor::CollapseShapeOp::create(rewriter, loc, resultType,
                                                product, groups);
    }
    if (product.getType() != resultType)
      product = tensor::CastOp::create(rewriter, loc, resultType, product);
    rewriter.replaceOp(op, product);
    return success();
  }

  /// sum_k lhs[b.., m, k] * rhs[b.., k, n] with size-1 batch dimensions of
  /// either operand broadcast through its indexing map.
  static Value buildBatchedContraction(OpBuilder &b, Location loc, Value lhs,
                                       Value rhs, Value init,
                                       int64_t batchRank) {
    MLIRContext *context = b.getContext();
    int64_t loops = batchRank + 3; // batch..., m, n, k
    AffineExpr m = getAffineDimExpr(batchRank, context);
    AffineExpr n = getAffineDimExpr(batchRank + 1, context);
    AffineExpr k = getAffineDimExpr(batchRank + 2, context);
    auto resultType = cast<RankedTensorType>(init.getType());
    auto operandMap = [&](Value v, AffineExpr row, AffineExpr col) {
      auto type = cast<RankedTensorType>(v.getType());
      int64_t operandBatch = type.getRank() - 2;
      SmallVector<AffineExpr> exprs;
      for (int64_t j = 0; j < operandBatch; ++j) {
        int64_t d = j + (batchRank - operandBatch);
        bool broadcast =
            type.getDimSize(j) == 1 && resultType.getDimSize(d) != 1;
        exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                                  : getAffineDimExpr(d, context));
      }
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(loops, 0, exprs, context);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < batchRank; ++d)
      outExprs.push_back(getAffineDimExpr(d, context));
    outExprs.push_back(m);
    outExprs.push_back(n);
    SmallVector<AffineMap> maps = {operandMap(lhs, m, k), operandMap(rhs, k, n),
                                   AffineMap::get(loops, 0, outExprs, context)};
    SmallVector<utils::IteratorType> iterators(loops - 1,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    bool isFloat = isa<FloatType>(resultType.getElementType());
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
               ValueRange{init}, maps, iterators,
               [&](OpBuilder &nested, Location loc, ValueRange args) {
                 Type acc = args[2].getType();
                 Value x = convertScalar(nested, loc, args[0], acc);
                 Value y = convertScalar(nested, loc, args[1], acc);
                 Value product =
                     isFloat
                         ? arith::MulFOp::create(nested, loc, x, y).getResult()
                         : arith::MulIOp::create(nested, loc, x, y).getResult();
                 Value sum =
                     isFloat
                         ? arith::AddFOp::create(nested, loc, args[2], product)
                               .getResult()
                         : arith::AddIOp::create(nested, loc, args[2], product)
                               .getResult();
                 linalg::YieldOp::create(nested, loc, sum);
               })
        .getResult(0);
  }
};
} // namespace

void mlir::kiln::populateMatmulToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering>(patterns.getContext());
}
