//===- Ext.h - the ext dialect, its op and its pass -------------*- C++ -*-===//

#ifndef EXT_EXT_H
#define EXT_EXT_H

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/Pass.h"

#include "Ext/ExtDialect.h.inc"

#define GET_OP_CLASSES
#include "Ext/ExtOps.h.inc"

namespace ext {
#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "Ext/ExtPasses.h.inc"
} // namespace ext

#endif // EXT_EXT_H
