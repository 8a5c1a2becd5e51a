//===- ShapeInference.h - shape rules of the kiln ops -----------*- C++ -*-===//
//
// The shape rules shared by type inference, verifiers, folders and later the
// lowerings: numpy broadcasting with dynamic dimensions, axis normalisation.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H
#define KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir::kiln {

/// numpy broadcasting of two shapes, aligned at their last dimension. A
/// dynamic dimension broadcast against a static size N != 1 becomes N (the
/// program is only valid when it is N or 1 at run time); against 1 or `?` it
/// stays dynamic. Returns failure when two static sizes differ and neither
/// is 1.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Normalises `axis` (negative counts from the end) into [0, rank); returns
/// std::nullopt when it is out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The sorted axes a reduction reduces: all of them when `axes` is absent.
/// Assumes `axes` was verified (in range, no duplicates).
SmallVector<int64_t>
normalizeReductionAxes(int64_t rank, std::optional<ArrayRef<int64_t>> axes);

/// Result type of a binary elementwise op (both operands share an element
/// type; shapes broadcast). Emits a diagnostic at `loc` on failure.
LogicalResult inferBinaryElementwiseType(StringRef opName,
                                         std::optional<Location> loc, Type lhs,
                                         Type rhs,
                                         SmallVectorImpl<Type> &types);

/// Result type of a reduction over `axes` (all axes when absent).
LogicalResult inferReductionType(StringRef opName, std::optional<Location> loc,
                                 Type input,
                                 std::optional<ArrayRef<int64_t>> axes,
                                 bool keepdims, SmallVectorImpl<Type> &types);

} // namespace mlir::kiln

#endif // KILN_DIALECT_KILN_IR_SHAPEINFERENCE_H
