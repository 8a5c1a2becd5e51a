//===- KilnCodegen.h - code generation attributes ---------------*- C++ -*-===//
//
// The `kiln_codegen` dialect and its kernel attribute, which kernel
// formation writes and every later code generation pass reads.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_IR_KILNCODEGEN_H
#define KILN_CODEGEN_IR_KILNCODEGEN_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"

#include "kiln/Codegen/IR/KilnCodegenDialect.h.inc"
#include "kiln/Codegen/IR/KilnCodegenEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/Codegen/IR/KilnCodegenAttrs.h.inc"

namespace mlir::kiln {

/// The kernel attribute of `op` (a kernel's loop), or null.
KernelAttr getKernelAttr(Operation *op);

/// Marks `op` as the loop of kernel `kernel`.
void setKernelAttr(Operation *op, KernelAttr kernel);

/// Whether `function` was outlined from a graph function (see
/// `kiln_codegen.outlined`), and marks it so.
bool isOutlinedKernel(Operation *function);
void markOutlinedKernel(Operation *function);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_IR_KILNCODEGEN_H
