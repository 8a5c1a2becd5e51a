//===- Autodiff.h - the reverse sweep of kiln-autodiff ----------*- C++ -*-===//
//
// Private to kiln-autodiff: the adjoints the reverse sweep accumulates, the
// sweep (Autodiff.cpp) and the reverse of each control-flow construct
// (AutodiffIf.cpp, AutodiffLoops.cpp), which sweep their regions in turn.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_DIALECT_KILN_TRANSFORMS_AUTODIFF_H
#define KILN_LIB_DIALECT_KILN_TRANSFORMS_AUTODIFF_H

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::kiln::autodiff {

inline bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// The gradients accumulated so far for values of the function.
class Adjoints {
public:
  Value lookup(Value value) const { return map.lookup(value); }
  bool contains(Value value) const { return map.count(value); }
  /// Drops the entry of a value whose op is about to be erased.
  void forget(Value value) { map.erase(value); }
  void accumulate(OpBuilder &b, Location loc, Value value, Value gradient) {
    Value &slot = map[value];
    slot = slot ? AddOp::create(b, loc, slot, gradient).getResult() : gradient;
  }

private:
  DenseMap<Value, Value> map;
};

/// Adds the gradients of the operands of `ops` (in reverse order) to
/// `adjoints`, building at `b`. Dispatches kiln.if, kiln.for and kiln.while
/// to the functions below and other ops to their VJP rules.
LogicalResult reverse(OpBuilder &b, ArrayRef<Operation *> ops,
                      Adjoints &adjoints);

/// A reverse kiln.if on the same predicate (AutodiffIf.cpp).
LogicalResult reverseIf(OpBuilder &b, IfOp op, Adjoints &adjoints);

/// kiln.for and kiln.while, through a tape of their loop-carried values
/// (AutodiffLoops.cpp).
LogicalResult reverseFor(OpBuilder &b, ForOp op, Adjoints &adjoints);
LogicalResult reverseWhile(OpBuilder &b, WhileOp op, Adjoints &adjoints);

//===----------------------------------------------------------------------===//
// Shared by the control-flow rules (defined in Autodiff.cpp)
//===----------------------------------------------------------------------===//

/// Zeros shaped like `like` (a 0-d constant broadcast to its shape).
Value zerosLike(OpBuilder &b, Location loc, Value like);

/// The float values `regions` read from outside.
SmallVector<Value> capturedFloats(ArrayRef<Region *> regions);

/// Clones `body`'s ops with its arguments mapped to `args`; returns the
/// values its terminator passes on (`terminatorValues` of the original).
SmallVector<Value> cloneBody(OpBuilder &b, Block *body, ValueRange args,
                             ValueRange terminatorValues,
                             SmallVectorImpl<Operation *> *ops);

} // namespace mlir::kiln::autodiff

#endif // KILN_LIB_DIALECT_KILN_TRANSFORMS_AUTODIFF_H
