//===- Import.h - ONNX models to the kiln dialect ---------------*- C++ -*-===//
//
// The ONNX importer: a ModelProto's main graph becomes one func.func on
// kiln ops, named after the graph. Graph inputs are its arguments (a
// `dim_param` or missing dimension becomes `?`), initializers constants
// (or trailing arguments with weightsAsArguments), graph outputs its
// results. Every op's location names its ONNX node, so each diagnostic
// does; an op or attribute Kiln does not handle is an error naming both.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTEND_ONNX_IMPORT_H
#define KILN_FRONTEND_ONNX_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::kiln {

struct OnnxImportOptions {
  /// Initializers become trailing function arguments instead of constants,
  /// so large weights need not sit in the IR.
  bool weightsAsArguments = false;
};

/// Imports the serialized ONNX model `bytes`; `fileName` is used in
/// locations. Errors are emitted to `context`'s diagnostic handler and
/// give a null module.
OwningOpRef<ModuleOp> importOnnxModel(llvm::StringRef bytes,
                                      llvm::StringRef fileName,
                                      MLIRContext *context,
                                      const OnnxImportOptions &options = {});

/// Reads and imports the ONNX file at `path`.
OwningOpRef<ModuleOp> importOnnxFile(llvm::StringRef path, MLIRContext *context,
                                     const OnnxImportOptions &options = {});

/// Whether `path` names an ONNX model (by its `.onnx` extension).
bool isOnnxFile(llvm::StringRef path);

/// The dialects imported modules use; to load before importing.
void loadOnnxImportDialects(MLIRContext *context);

} // namespace mlir::kiln

#endif // KILN_FRONTEND_ONNX_IMPORT_H
