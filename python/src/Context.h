//===- Context.h - the MLIR context the Python frontend shares --*- C++ -*-===//

#ifndef KILN_PYTHON_CONTEXT_H
#define KILN_PYTHON_CONTEXT_H

#include "KilnPython.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

namespace mlir::kiln::python {

/// One context for every graph and compilation of the process, with every
/// dialect the pipelines use loaded.
mlir::MLIRContext &sharedContext();

/// Collects the diagnostics emitted while it lives, for an Error's text.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(mlir::MLIRContext *context);
  ~DiagnosticCapture();
  /// Everything reported, one diagnostic per line ("file:line: error: ...").
  std::string message() const;

private:
  mlir::MLIRContext *context;
  mlir::DiagnosticEngine::HandlerID handler;
  std::string text;
};

mlir::Type toMlirType(mlir::MLIRContext *context, const TensorSpec &type);
/// Throws for a type the frontend has no dtype for.
TensorSpec fromMlirType(mlir::Type type);

} // namespace mlir::kiln::python

#endif // KILN_PYTHON_CONTEXT_H
