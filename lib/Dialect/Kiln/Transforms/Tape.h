//===- Tape.h - per-iteration storage for reverse-mode loops ----*- C++ -*-===//
//
// A tape holds one value per loop iteration: a tensor whose leading
// dimension is the iteration and whose other dimensions are the value's.
// Scalars are stored as 0-d tensors. All helpers build ordinary tensor and
// arith IR, so a tape is bufferized, planned and lowered like any tensor.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_TAPE_H
#define KILN_DIALECT_KILN_TRANSFORMS_TAPE_H

#include "mlir/IR/Builders.h"

namespace mlir::kiln::tape {

/// A loop bound (index, i64 or tensor<i64>) as an index.
Value boundToIndex(OpBuilder &b, Location loc, Value bound);

/// `index` converted to a loop bound of `boundType`.
Value indexToBound(OpBuilder &b, Location loc, Value index, Type boundType);

/// The number of iterations of `for (i = lower; i < upper; i += step)` with
/// index operands (0 when upper <= lower).
Value tripCount(OpBuilder &b, Location loc, Value lower, Value upper,
                Value step);

/// An empty tape with room for `capacity` (index) values shaped like `like`.
Value create(OpBuilder &b, Location loc, Value like, Value capacity);

/// `tape` with `value` stored at iteration `index`. A dynamic dimension must
/// keep the size it had when the tape was created (checked at run time).
Value store(OpBuilder &b, Location loc, Value tape, Value index, Value value);

/// The value of type `type` stored at iteration `index`.
Value load(OpBuilder &b, Location loc, Value tape, Value index, Type type);

} // namespace mlir::kiln::tape

#endif // KILN_DIALECT_KILN_TRANSFORMS_TAPE_H
