//===- Elementwise.cpp - elementwise kiln ops to linalg.generic -----------===//
//
// Unary and binary arithmetic, comparison, selection, casts and broadcast_to:
// each becomes one linalg.generic over the broadcast operands.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "kiln/Conversion/KilnToLinalg/KilnToLinalg.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
/// The scalar computation of one elementwise op.
template <typename OpTy> struct ScalarFn;

#define KILN_FLOAT_INT_UNARY(OP, FLOAT_EXPR, INT_EXPR)                         \
  template <> struct ScalarFn<OP> {                                            \
    static Value compute(OpBuilder &b, Location loc, ValueRange args) {        \
      Value x = args[0];                                                       \
      Type type = x.getType();                                                 \
      (void)type;                                                              \
      if (isa<FloatType>(x.getType()))                                         \
        return FLOAT_EXPR;                                                     \
      return INT_EXPR;                                                         \
    }                                                                          \
  };

KILN_FLOAT_INT_UNARY(NegOp, arith::NegFOp::create(b, loc, x),
                     arith::SubIOp::create(b, loc,
                                           scalarConstant(b, loc, type, 0), x))
KILN_FLOAT_INT_UNARY(AbsOp, math::AbsFOp::create(b, loc, x),
                     math::AbsIOp::create(b, loc, x))
KILN_FLOAT_INT_UNARY(ReluOp,
                     arith::MaximumFOp::create(b, loc, x,
                                               scalarConstant(b, loc, type, 0)),
                     arith::MaxSIOp::create(b, loc, x,
                                            scalarConstant(b, loc, type, 0)))
#undef KILN_FLOAT_INT_UNARY

#define KILN_FLOAT_UNARY(OP, MATH_OP)                                          \
  template <> struct ScalarFn<OP> {                                            \
    static Value compute(OpBuilder &b, Location loc, ValueRange args) {        \
      return MATH_OP::create(b, loc, args[0]);                                 \
    }                                                                          \
  };
KILN_FLOAT_UNARY(ExpOp, math::ExpOp)
KILN_FLOAT_UNARY(LogOp, math::LogOp)
KILN_FLOAT_UNARY(SqrtOp, math::SqrtOp)
KILN_FLOAT_UNARY(RsqrtOp, math::RsqrtOp)
KILN_FLOAT_UNARY(TanhOp, math::TanhOp)
KILN_FLOAT_UNARY(SinOp, math::SinOp)
KILN_FLOAT_UNARY(CosOp, math::CosOp)
KILN_FLOAT_UNARY(ErfOp, math::ErfOp)
#undef KILN_FLOAT_UNARY

template <> struct ScalarFn<SigmoidOp> {
  static Value compute(OpBuilder &b, Location loc, ValueRange args) {
    Type type = args[0].getType();
    Value negated = arith::NegFOp::create(b, loc, args[0]);
    Value exp = math::ExpOp::create(b, loc, negated);
    Value one = scalarConstant(b, loc, type, 1.0);
    Value denominator = arith::AddFOp::create(b, loc, one, exp);
    return arith::DivFOp::create(b, loc, one, denominator);
  }
};

#define KILN_BINARY(OP, FLOAT_OP, INT_OP)                                      \
  template <> struct ScalarFn<OP> {                                            \
    static Value compute(OpBuilder &b, Location loc, ValueRange args) {        \
      if (isa<FloatType>(args[0].getType()))                                   \
        return FLOAT_OP::create(b, loc, args[0], args[1]);                     \
      return INT_OP::create(b, loc, args[0], args[1]);                         \
    }                                                                          \
  };
KILN_BINARY(AddOp, arith::AddFOp, arith::AddIOp)
KILN_BINARY(SubOp, arith::SubFOp, arith::SubIOp)
KILN_BINARY(MulOp, arith::MulFOp, arith::MulIOp)
KILN_BINARY(PowOp, math::PowFOp, math::PowFOp)
// maximumf/minimumf propagate NaN, like numpy.maximum and torch.maximum.
KILN_BINARY(MaxOp, arith::MaximumFOp, arith::MaxSIOp)
KILN_BINARY(MinOp, arith::MinimumFOp, arith::MinSIOp)
#undef KILN_BINARY

/// Integer division is total (kiln.div's definition): x / 0 = 0 and
/// INT_MIN / -1 = INT_MIN, never the undefined behaviour of arith.divsi.
template <> struct ScalarFn<DivOp> {
  static Value compute(OpBuilder &b, Location loc, ValueRange args) {
    Value x = args[0], y = args[1];
    Type type = x.getType();
    if (isa<FloatType>(type))
      return arith::DivFOp::create(b, loc, x, y);
    unsigned width = type.getIntOrFloatBitWidth();
    Value zero = scalarConstant(b, loc, type, 0);
    Value one = scalarConstant(b, loc, type, 1);
    Value minusOne = scalarConstant(b, loc, type, -1);
    Value intMin = arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
    Value byZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
    // One statement each, so that the ops' order is the same whatever
    // order the compiler evaluates arguments in.
    Value byMinusOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, minusOne);
    Value ofMin =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, intMin);
    Value overflows = arith::AndIOp::create(b, loc, ofMin, byMinusOne);
    Value unsafe = arith::OrIOp::create(b, loc, byZero, overflows);
    Value divisor = arith::SelectOp::create(b, loc, unsafe, one, y);
    Value quotient = arith::DivSIOp::create(b, loc, x, divisor);
    return arith::SelectOp::create(b, loc, byZero, zero, quotient);
  }
};

/// Lowers an op whose result element is ScalarFn<OpTy> of its operands'.
template <typename OpTy>
struct ElementwiseLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    ValueRange operands = adaptor.getOperands();
    SmallVector<OpFoldResult> dims =
        broadcastDims(rewriter, loc, type, operands);
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, type, dims, operands,
                                            ScalarFn<OpTy>::compute));
    return success();
  }
};

arith::CmpFPredicate toFloatPredicate(ComparePredicate predicate) {
  switch (predicate) {
  case ComparePredicate::eq:
    return arith::CmpFPredicate::OEQ;
  case ComparePredicate::ne: // NaN != x holds, as in numpy
    return arith::CmpFPredicate::UNE;
  case ComparePredicate::lt:
    return arith::CmpFPredicate::OLT;
  case ComparePredicate::le:
    return arith::CmpFPredicate::OLE;
  case ComparePredicate::gt:
    return arith::CmpFPredicate::OGT;
  case ComparePredicate::ge:
    return arith::CmpFPredicate::OGE;
  }
  llvm_unreachable("all predicates handled");
}

arith::CmpIPredicate toIntPredicate(ComparePredicate predicate, bool isBool) {
  switch (predicate) {
  case ComparePredicate::eq:
    return arith::CmpIPredicate::eq;
  case ComparePredicate::ne:
    return arith::CmpIPredicate::ne;
  case ComparePredicate::lt:
    return isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
  case ComparePredicate::le:
    return isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
  case ComparePredicate::gt:
    return isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
  case ComparePredicate::ge:
    return isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
  }
  llvm_unreachable("all predicates handled");
}

struct CompareLowering : public OpConversionPattern<CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ComparePredicate predicate = op.getPredicate();
    ValueRange operands = adaptor.getOperands();
    SmallVector<OpFoldResult> dims =
        broadcastDims(rewriter, loc, op.getType(), operands);
    Value result = buildElementwise(
        rewriter, loc, op.getType(), dims, operands,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Type type = args[0].getType();
          if (isa<FloatType>(type))
            return arith::CmpFOp::create(b, loc, toFloatPredicate(predicate),
                                         args[0], args[1]);
          return arith::CmpIOp::create(
              b, loc, toIntPredicate(predicate, type.isInteger(1)), args[0],
              args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SelectLowering : public OpConversionPattern<SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange operands = adaptor.getOperands();
    SmallVector<OpFoldResult> dims =
        broadcastDims(rewriter, loc, op.getType(), operands);
    Value result = buildElementwise(
        rewriter, loc, op.getType(), dims, operands,
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct CastLowering : public OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type to = op.getType().getElementType();
    Value input = adaptor.getInput();
    Value result = buildElementwise(
        rewriter, loc, op.getType(), getDims(rewriter, loc, input), {input},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return convertScalar(b, loc, args[0], to);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// broadcast_to is an elementwise copy into the target shape.
struct BroadcastToLowering : public OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    SmallVector<OpFoldResult> dims;
    ValueRange dynamic = adaptor.getDims();
    for (int64_t d = 0, next = 0; d < type.getRank(); ++d)
      dims.push_back(type.isDynamicDim(d) ? OpFoldResult(dynamic[next++])
                                          : OpFoldResult(rewriter.getIndexAttr(
                                                type.getDimSize(d))));
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, dims, {adaptor.getInput()},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; },
        /*dimsFromOperands=*/false);
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::kiln::populateElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
               ElementwiseLowering<ReluOp>, ElementwiseLowering<ExpOp>,
               ElementwiseLowering<LogOp>, ElementwiseLowering<SqrtOp>,
               ElementwiseLowering<RsqrtOp>, ElementwiseLowering<TanhOp>,
               ElementwiseLowering<SigmoidOp>, ElementwiseLowering<SinOp>,
               ElementwiseLowering<CosOp>, ElementwiseLowering<ErfOp>,
               ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
               ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
               ElementwiseLowering<PowOp>, ElementwiseLowering<MaxOp>,
               ElementwiseLowering<MinOp>, CompareLowering, SelectLowering,
               CastLowering, BroadcastToLowering>(patterns.getContext());
}
