//===- RuntimeChecks.h - checks the compiled code makes at run time -*- C++
//-*-===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_RUNTIMECHECKS_H
#define KILN_DIALECT_KILN_TRANSFORMS_RUNTIMECHECKS_H

#include "mlir/IR/Builders.h"

namespace mlir::kiln {

/// A run-time shape check: when `condition` is false the compiled code stops
/// with "<file>:<line>:<col>: <what>" (cf.assert, which the CPU pipeline
/// routes to the runtime's kiln_shape_error, so a C caller gets an error
/// code).
void checkShape(OpBuilder &b, Location loc, Value condition,
                const llvm::Twine &what);

} // namespace mlir::kiln

#endif // KILN_DIALECT_KILN_TRANSFORMS_RUNTIMECHECKS_H
