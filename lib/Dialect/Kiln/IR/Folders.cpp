//===- Folders.cpp - kiln op folders --------------------------------------===//
//
// Constant folding (through ConstantEval) and the algebraic identities that
// need no new ops: x+0, x*1, x-x for integers, neg(neg x), transpose and
// reshape chains, ops that do not change their operand's type.
//
//===----------------------------------------------------------------------===//

#include "ConstantEval.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APSInt.h"

#include <cmath>

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

/// Whether broadcasting a value of shape `small` against one of shape `big`
/// leaves `big` unchanged whatever the dynamic sizes turn out to be.
static bool neverEnlarges(ArrayRef<int64_t> small, ArrayRef<int64_t> big) {
  if (small.size() > big.size())
    return false;
  ArrayRef<int64_t> aligned = big.take_back(small.size());
  for (auto [s, b] : llvm::zip(small, aligned))
    if (s != 1 && (ShapedType::isDynamic(s) || s != b))
      return false;
  return true;
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

//===----------------------------------------------------------------------===//
// Comparison, choice, conversion
//===----------------------------------------------------------------------===//

static bool comparisonHolds(ComparePredicate predicate, int order) {
  switch (predicate) {
  case ComparePredicate::eq:
    return order == 0;
  case ComparePredicate::ne:
    return order != 0;
  case ComparePredicate::lt:
    return order < 0;
  case ComparePredicate::le:
    return order <= 0;
  case ComparePredicate::gt:
    return order > 0;
  case ComparePredicate::ge:
    return order >= 0;
  }
  llvm_unreachable("all predicates handled");
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr lhs = getFoldable(adaptor.getLhs(), getType());
  DenseElementsAttr rhs = getFoldable(adaptor.getRhs(), getType());
  if (!lhs || !rhs)
    return {};
  ComparePredicate predicate = getPredicate();
  if (isa<FloatType>(lhs.getElementType())) {
    SmallVector<APFloat> a = elementsOf<APFloat>(lhs),
                         b = elementsOf<APFloat>(rhs);
    return buildBroadcast(getType(), {lhs, rhs},
                          [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
                            APFloat::cmpResult cmp = a[i[0]].compare(b[i[1]]);
                            bool holds;
                            if (cmp == APFloat::cmpUnordered)
                              holds = predicate == ComparePredicate::ne;
                            else
                              holds = comparisonHolds(
                                  predicate, cmp == APFloat::cmpLessThan ? -1
                                             : cmp == APFloat::cmpEqual  ? 0
                                                                         : 1);
                            return APInt(1, holds);
                          });
  }
  SmallVector<APInt> a = elementsOf<APInt>(lhs), b = elementsOf<APInt>(rhs);
  return buildBroadcast(
      getType(), {lhs, rhs}, [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
        const APInt &x = a[i[0]], &y = b[i[1]];
        // Integers are signed; i1 is a bool (true = 1).
        bool less = x.getBitWidth() == 1 ? x.ult(y) : x.slt(y);
        int order = less ? -1 : x == y ? 0 : 1;
        return APInt(1, comparisonHolds(predicate, order));
      });
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  // select(c, x, x) -> x, unless the condition broadcasts x to more elements.
  if (getTrueValue() == getFalseValue() &&
      getTrueValue().getType() == getType() &&
      neverEnlarges(getCondition().getType().getShape(), getType().getShape()))
    return getTrueValue();
  auto condition = dyn_cast_or_null<DenseElementsAttr>(adaptor.getCondition());
  if (condition && condition.isSplat()) {
    bool takeTrue = condition.getSplatValue<bool>();
    Value chosen = takeTrue ? getTrueValue() : getFalseValue();
    Value discarded = takeTrue ? getFalseValue() : getTrueValue();
    ArrayRef<int64_t> shape = getType().getShape();
    if (chosen.getType() == getType() &&
        neverEnlarges(getCondition().getType().getShape(), shape) &&
        neverEnlarges(cast<RankedTensorType>(discarded.getType()).getShape(),
                      shape))
      return chosen;
  }
  condition = getFoldable(adaptor.getCondition(), getType());
  DenseElementsAttr onTrue = getFoldable(adaptor.getTrueValue(), getType());
  DenseElementsAttr onFalse = getFoldable(adaptor.getFalseValue(), getType());
  if (!condition || !onTrue || !onFalse)
    return {};
  SmallVector<bool> c = elementsOf<bool>(condition);
  if (isa<FloatType>(onTrue.getElementType())) {
    SmallVector<APFloat> t = elementsOf<APFloat>(onTrue),
                         f = elementsOf<APFloat>(onFalse);
    return buildBroadcast(getType(), {condition, onTrue, onFalse},
                          [&](ArrayRef<int64_t> i) -> std::optional<APFloat> {
                            return c[i[0]] ? t[i[1]] : f[i[2]];
                          });
  }
  SmallVector<APInt> t = elementsOf<APInt>(onTrue),
                     f = elementsOf<APInt>(onFalse);
  return buildBroadcast(getType(), {condition, onTrue, onFalse},
                        [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
                          return c[i[0]] ? t[i[1]] : f[i[2]];
                        });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  DenseElementsAttr input = getFoldable(adaptor.getInput(), getType());
  if (!input)
    return {};
  Type from = input.getElementType(), to = getType().getElementType();
  auto toFloat = dyn_cast<FloatType>(to);
  if (isa<FloatType>(from)) {
    SmallVector<APFloat> values = elementsOf<APFloat>(input);
    if (toFloat)
      return buildBroadcast(getType(), {input},
                            [&](ArrayRef<int64_t> i) -> std::optional<APFloat> {
                              APFloat v = values[i[0]];
                              bool lost;
                              v.convert(toFloat.getFloatSemantics(),
                                        APFloat::rmNearestTiesToEven, &lost);
                              return v;
                            });
    unsigned width = to.getIntOrFloatBitWidth();
    return buildBroadcast(
        getType(), {input}, [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
          const APFloat &v = values[i[0]];
          if (width == 1)
            return APInt(1, !v.isZero());
          APSInt result(width, /*isUnsigned=*/false);
          bool exact;
          // Out-of-range and NaN inputs have no defined
          // value: leave them to run time.
          if (v.convertToInteger(result, APFloat::rmTowardZero, &exact) &
              APFloat::opInvalidOp)
            return std::nullopt;
          return APInt(result);
        });
  }
  SmallVector<APInt> values = elementsOf<APInt>(input);
  bool fromBool = from.isInteger(1);
  if (toFloat)
    return buildBroadcast(getType(), {input},
                          [&](ArrayRef<int64_t> i) -> std::optional<APFloat> {
                            APFloat v(toFloat.getFloatSemantics());
                            v.convertFromAPInt(values[i[0]], !fromBool,
                                               APFloat::rmNearestTiesToEven);
                            return v;
                          });
  unsigned width = to.getIntOrFloatBitWidth();
  return buildBroadcast(
      getType(), {input}, [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
        const APInt &v = values[i[0]];
        if (width == 1)
          return APInt(1, !v.isZero());
        return fromBool ? v.zext(width) : v.sextOrTrunc(width);
      });
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// Reductions over no axis, or only over size-1 axes kept as such, return
/// their input; reductions of constants fold.
template <typename OpTy>
static OpFoldResult foldReduction(OpTy op, Attribute input, ReduceKind kind) {
  RankedTensorType inputType = op.getInput().getType();
  if (inputType == op.getType() &&
      llvm::all_of(op.getReducedAxes(),
                   [&](int64_t d) { return inputType.getDimSize(d) == 1; }))
    return op.getInput();
  DenseElementsAttr constant = getFoldable(input, op.getType());
  if (!constant || !inputType.hasStaticShape())
    return {};
  return reduce(constant, op.getType(), op.getReducedAxes(), kind);
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Sum);
}
OpFoldResult ReduceMeanOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Mean);
}
OpFoldResult ReduceMaxOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Max);
}
OpFoldResult ReduceMinOp::fold(FoldAdaptor adaptor) {
  return foldReduction(*this, adaptor.getInput(), ReduceKind::Min);
}

OpFoldResult ArgmaxOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = getFoldable(adaptor.getInput(), getType());
  if (!input || !getInput().getType().hasStaticShape())
    return {};
  int64_t axis = *normalizeAxis(getAxis(), getInput().getType().getRank());
  return reduce(input, getType(), {axis}, ReduceKind::Argmax);
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) -> reshape(x): only the final shape matters, unless
  // a -1 would become dynamic because x is.
  auto inner = getInput().getDefiningOp<ReshapeOp>();
  if (inner && (inner.getInput().getType().hasStaticShape() ||
                !llvm::is_contained(getShape(), -1))) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  if (DenseElementsAttr input = getFoldable(adaptor.getInput(), getType()))
    return input.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x, p), q) -> transpose(x, p o q).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(innerPerm[p]);
    getInputMutable().assign(inner.getInput());
    setPermutation(composed);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size())))
      return getInput();
    return getResult();
  }
  if (DenseElementsAttr input = getFoldable(adaptor.getInput(), getType()))
    return eval::transpose(input, getType(), perm);
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  // With dynamic sizes a `?` may still be a 1 that broadcasts.
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  DenseElementsAttr input = getFoldable(adaptor.getInput(), getType());
  if (!input)
    return {};
  if (input.isSplat())
    return SplatElementsAttr::get(getType(), input.getSplatValue<Attribute>());
  if (isa<FloatType>(input.getElementType())) {
    SmallVector<APFloat> values = elementsOf<APFloat>(input);
    return buildBroadcast(getType(), {input},
                          [&](ArrayRef<int64_t> i) -> std::optional<APFloat> {
                            return values[i[0]];
                          });
  }
  SmallVector<APInt> values = elementsOf<APInt>(input);
  return buildBroadcast(getType(), {input},
                        [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
                          return values[i[0]];
                        });
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getStart(), [](int64_t s) { return s == 0; }))
    return getInput();
  return {};
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getLow(), [](int64_t p) { return p == 0; }) &&
      llvm::all_of(getHigh(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

LogicalResult ForOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  // A loop that runs zero times returns its initial values.
  std::optional<int64_t> trips = getConstantTripCount();
  if (!trips || *trips != 0 || getInitArgs().empty())
    return failure();
  llvm::append_range(results, getInitArgs());
  return success();
}
