//===- ElementwiseFolders.cpp - folders of constants and arithmetic ops ---===//
//
// Constant folding of the unary and binary elementwise ops (through
// ConstantEval) and the identities that need no new ops: x+0, x*1, x/1,
// x-x for integers, neg(neg x), abs and relu applied twice, max/min(x, x).
//
//===----------------------------------------------------------------------===//

#include "ConstantEval.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::eval;

using FloatFn = std::function<std::optional<APFloat>(const APFloat &)>;
using IntFn = std::function<std::optional<APInt>(const APInt &)>;

/// A float function computed in double precision.
static FloatFn viaDouble(double (*fn)(double)) {
  return [fn](const APFloat &x) -> std::optional<APFloat> {
    return fromDouble(fn(toDouble(x)), x.getSemantics());
  };
}

static std::optional<APInt> noIntFold(const APInt &) { return std::nullopt; }
static std::optional<APInt> noIntFold2(const APInt &, const APInt &) {
  return std::nullopt;
}

/// Folds a unary elementwise op on a constant operand.
static OpFoldResult foldUnary(Attribute operand, Type resultType,
                              const FloatFn &onFloat,
                              const IntFn &onInt = noIntFold) {
  DenseElementsAttr input = getFoldable(operand, resultType);
  if (!input)
    return {};
  return mapElements(input, cast<RankedTensorType>(resultType), onFloat, onInt);
}

/// Whether `attr` is a constant whose every element equals `value`.
static bool isSplatOf(Attribute attr, double value) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements || !elements.isSplat())
    return false;
  if (isa<FloatType>(elements.getElementType()))
    return toDouble(elements.getSplatValue<APFloat>()) == value;
  return elements.getSplatValue<APInt>().getSExtValue() ==
         static_cast<int64_t>(value);
}

/// Folds a binary elementwise op on constant operands.
static OpFoldResult foldBinary(
    ArrayRef<Attribute> operands, Type resultType,
    llvm::function_ref<std::optional<APFloat>(APFloat, const APFloat &)>
        onFloat,
    llvm::function_ref<std::optional<APInt>(const APInt &, const APInt &)>
        onInt) {
  DenseElementsAttr lhs = getFoldable(operands[0], resultType);
  DenseElementsAttr rhs = getFoldable(operands[1], resultType);
  if (!lhs || !rhs)
    return {};
  auto type = cast<RankedTensorType>(resultType);
  if (isa<FloatType>(lhs.getElementType())) {
    SmallVector<APFloat> a = elementsOf<APFloat>(lhs),
                         b = elementsOf<APFloat>(rhs);
    return buildBroadcast(type, {lhs, rhs}, [&](ArrayRef<int64_t> i) {
      return onFloat(a[i[0]], b[i[1]]);
    });
  }
  SmallVector<APInt> a = elementsOf<APInt>(lhs), b = elementsOf<APInt>(rhs);
  return buildBroadcast(type, {lhs, rhs}, [&](ArrayRef<int64_t> i) {
    return onInt(a[i[0]], b[i[1]]);
  });
}

/// `x op c` folds to `x` when `c` is the identity and does not broadcast x.
static OpFoldResult foldIdentity(Value lhs, Attribute rhs, Type resultType,
                                 double identity) {
  if (lhs.getType() == resultType && isSplatOf(rhs, identity))
    return lhs;
  return {};
}

//===----------------------------------------------------------------------===//
// Data and unary ops
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return foldUnary(
      adaptor.getInput(), getType(),
      [](const APFloat &x) -> std::optional<APFloat> { return neg(x); },
      [](const APInt &x) -> std::optional<APInt> { return -x; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<AbsOp>())
    return inner.getResult();
  return foldUnary(
      adaptor.getInput(), getType(),
      [](const APFloat &x) -> std::optional<APFloat> { return abs(x); },
      [](const APInt &x) -> std::optional<APInt> { return x.abs(); });
}

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<ReluOp>())
    return inner.getResult();
  return foldUnary(
      adaptor.getInput(), getType(),
      [](const APFloat &x) -> std::optional<APFloat> {
        return x.isNegative() && !x.isNaN() ? APFloat::getZero(x.getSemantics())
                                            : x;
      },
      [](const APInt &x) -> std::optional<APInt> {
        return x.isNegative() ? APInt::getZero(x.getBitWidth()) : x;
      });
}

OpFoldResult ExpOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::exp));
}
OpFoldResult LogOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::log));
}
OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::sqrt));
}
OpFoldResult RsqrtOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(),
                   viaDouble([](double x) { return 1.0 / std::sqrt(x); }));
}
OpFoldResult TanhOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::tanh));
}
OpFoldResult SigmoidOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble([](double x) {
                     return 1.0 / (1.0 + std::exp(-x));
                   }));
}
OpFoldResult GeluOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble([](double x) {
                     return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
                   }));
}
OpFoldResult SinOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::sin));
}
OpFoldResult CosOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::cos));
}
OpFoldResult ErfOp::fold(FoldAdaptor adaptor) {
  return foldUnary(adaptor.getInput(), getType(), viaDouble(std::erf));
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + 0 -> x (like XLA, the sign of a zero x is not kept).
  if (OpFoldResult r = foldIdentity(getLhs(), adaptor.getRhs(), getType(), 0))
    return r;
  if (OpFoldResult r = foldIdentity(getRhs(), adaptor.getLhs(), getType(), 0))
    return r;
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        a.add(b, APFloat::rmNearestTiesToEven);
        return a;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a + b;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldIdentity(getLhs(), adaptor.getRhs(), getType(), 0))
    return r;
  // x - x -> 0 for integers (for floats inf - inf and NaN - NaN are NaN).
  if (getLhs() == getRhs() && isa<IntegerType>(getType().getElementType()) &&
      getType().hasStaticShape())
    return DenseElementsAttr::get(
        getType(), APInt::getZero(getType().getElementTypeBitWidth()));
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        a.subtract(b, APFloat::rmNearestTiesToEven);
        return a;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a - b;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldIdentity(getLhs(), adaptor.getRhs(), getType(), 1))
    return r;
  if (OpFoldResult r = foldIdentity(getRhs(), adaptor.getLhs(), getType(), 1))
    return r;
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        a.multiply(b, APFloat::rmNearestTiesToEven);
        return a;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a * b;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldIdentity(getLhs(), adaptor.getRhs(), getType(), 1))
    return r;
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        a.divide(b, APFloat::rmNearestTiesToEven);
        return a;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        // Total, so the op can be speculated: x / 0 = 0 and INT_MIN / -1
        // wraps to INT_MIN.
        if (b.isZero())
          return APInt::getZero(a.getBitWidth());
        if (a.isMinSignedValue() && b.isAllOnes())
          return a;
        return a.sdiv(b);
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldIdentity(getLhs(), adaptor.getRhs(), getType(), 1))
    return r;
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        return fromDouble(std::pow(toDouble(a), toDouble(b)), a.getSemantics());
      },
      noIntFold2);
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        return llvm::maximum(a, b);
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return llvm::APIntOps::smax(a, b);
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) -> std::optional<APFloat> {
        return llvm::minimum(a, b);
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return llvm::APIntOps::smin(a, b);
      });
}
