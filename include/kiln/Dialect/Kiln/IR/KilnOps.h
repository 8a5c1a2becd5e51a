//===- KilnOps.h - kiln graph ops -------------------------------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_H
#define KILN_DIALECT_KILN_IR_KILNOPS_H

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "kiln/Dialect/Kiln/IR/KilnEnums.h.inc"
#include "kiln/Dialect/Kiln/IR/KilnInterfaces.h.inc"

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.h.inc"

namespace mlir {
class DialectRegistry;
namespace kiln {
/// Attaches VJP rules to the tensor-dialect ops gradients use as shape glue
/// (cast, expand/collapse_shape, extract/insert_slice, reshape), so that
/// gradients can be differentiated again.
void registerTensorVJPModels(DialectRegistry &registry);

/// A `1 x count` constant holding 0, 1, ..., count - 1 of integer type
/// `element`: compared with a column of labels or indices it gives a one-hot
/// mask.
Value buildClassIds(OpBuilder &builder, Location loc, Type element,
                    int64_t count);
} // namespace kiln
} // namespace mlir

#endif // KILN_DIALECT_KILN_IR_KILNOPS_H
