//===- CompareSelectCastFolders.cpp - folders of compare, select, cast ----===//
//
// Comparison, choice and conversion on constants, select with equal or
// constant operands (when no operand is broadcast), and casts to the
// operand's own type.
//
//===----------------------------------------------------------------------===//

#include "ConstantEval.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "llvm/ADT/APSInt.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::eval;

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
