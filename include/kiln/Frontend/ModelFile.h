//===- ModelFile.h - reading a model of any format Kiln takes ---*- C++ -*-===//
//
// What kilnc and kiln-run call on their input: a `.onnx` file goes through
// the ONNX importer, anything else is parsed as MLIR. Diagnostics go to
// the handler of `context` (a SourceMgrDiagnosticHandler on `sourceMgr`
// shows MLIR errors with their source lines).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTEND_MODELFILE_H
#define KILN_FRONTEND_MODELFILE_H

#include "kiln/Frontend/ONNX/Import.h"

#include <memory>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir::kiln {

/// Reads the model at `path` ("-" for standard input, as MLIR): null on
/// failure, with the error emitted, or, where the file cannot be read,
/// described in `readError` for the tool to report.
OwningOpRef<ModuleOp>
readModelFile(llvm::StringRef path,
              const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
              MLIRContext *context, std::string &readError,
              const OnnxImportOptions &options = {});

} // namespace mlir::kiln

#endif // KILN_FRONTEND_MODELFILE_H
