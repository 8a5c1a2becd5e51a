//===- Utils.h - helpers shared by the kiln-to-linalg patterns --*- C++ -*-===//

#ifndef KILN_LIB_CONVERSION_KILNTOLINALG_UTILS_H
#define KILN_LIB_CONVERSION_KILNTOLINALG_UTILS_H

#include "kiln/Dialect/Kiln/Transforms/RuntimeChecks.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::kiln {

/// Computes one result element from the operands' elements.
using ScalarBody = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// `lhs == rhs` on index values, for checkShape.
Value indexEq(OpBuilder &b, Location loc, OpFoldResult lhs, OpFoldResult rhs);

/// The sizes of every dimension of `tensor`: constants for static ones,
/// `tensor.dim` for dynamic ones.
SmallVector<OpFoldResult> getDims(OpBuilder &b, Location loc, Value tensor);

/// `tensor.empty` with the given sizes.
Value createEmpty(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
                  Type elementType);

/// `tensor.empty` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
                   Value value);

/// numpy's broadcast of two sizes that are equal or 1: `b` when `a` is 1,
/// otherwise `a` (so 0 against 1 is 0).
Value broadcastSize(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// The sizes of the numpy broadcast of `operands` into `resultType`: dynamic
/// result sizes combine the operands' dynamic sizes with broadcastSize.
SmallVector<OpFoldResult> broadcastDims(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange operands);

/// One `linalg.generic` computing `body` elementwise over `operands`
/// broadcast (numpy rules) to `resultDims`, with `resultType`. When
/// `dimsFromOperands`, `resultDims` are those of broadcastDims(), which lets
/// an operand that alone decides a dynamic size skip the run-time check.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ArrayRef<OpFoldResult> resultDims, ValueRange operands,
                       ScalarBody body, bool dimsFromOperands = true);

/// Pads `tensor` with `low`/`high` elements of `padValue` per dimension.
Value padTensor(OpBuilder &b, Location loc, Value tensor, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, Value padValue);

/// The type sums of `element` accumulate in: f32 for f16 and bf16 (whose
/// 11 or 8 significant bits would lose any long sum), `element` otherwise.
Type accumulatorType(Type element);

/// Scalar constants of `type`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);
/// The identity of max (-inf or the smallest integer) and of min.
Value lowestValue(OpBuilder &b, Location loc, Type type);
Value highestValue(OpBuilder &b, Location loc, Type type);

/// Converts a scalar between kiln element types with `kiln.cast` semantics.
Value convertScalar(OpBuilder &b, Location loc, Value value, Type to);

/// `x / count` for a float tensor and an index-valued count.
Value divideByCount(OpBuilder &b, Location loc, Value tensor, Value count);

} // namespace mlir::kiln

#endif // KILN_LIB_CONVERSION_KILNTOLINALG_UTILS_H
